"""Open the audio mixer without libasound's noise: with no sound device, ALSA writes a dozen lines
to fd 2 from C; the game says one line instead (captions only) and carries on.

fd 2 is pointed at /dev/null while the device opens. An ALSA error handler set with ctypes
(`snd_lib_error_set_handler`) is not used: SDL opens the device from its audio thread while
`pygame.mixer.init()` holds the GIL, so a Python callback deadlocks the game (seen here, 1 start in 6).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Iterator

import pygame

NO_SOUND = "sound: no audio device found — captions only"


@contextmanager
def quiet_stderr() -> Iterator[None]:
    """Point fd 2 at /dev/null for the duration (what C libraries print while a device opens)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    try:
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def open_mixer(say: bool = True) -> str | None:
    """Start pygame's mixer quietly; None when there is sound, else why not (SDL's words). Without a
    device, says so in one line on stderr (`say`)."""
    problem: str | None = None
    with quiet_stderr():
        try:
            pygame.mixer.init()
            if pygame.mixer.get_init() is None:
                problem = "the mixer did not start"
        except pygame.error as exc:
            problem = str(exc) or "no audio device"
    if problem is not None and say:
        print(NO_SOUND, file=sys.stderr)
    return problem
