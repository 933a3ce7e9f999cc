"""With no sound device, opening the window's audio says one line (captions only), not ALSA's dozen:
a real subprocess with SDL's ALSA driver on a machine without a sound card."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "from game.ui.pygame.run import open_window; open_window((1024, 640)); print('opened')"


def has_sound_card() -> bool:
    return Path("/proc/asound/cards").exists() and "no soundcards" not in Path("/proc/asound/cards").read_text()


@pytest.mark.skipif(has_sound_card(), reason="this machine has a sound card: nothing to be quiet about")
def test_no_sound_device_gives_one_line_on_stderr(tmp_path: Path) -> None:
    env = {**os.environ, "SDL_AUDIODRIVER": "alsa", "SDL_VIDEODRIVER": "dummy", "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path)}
    bare = subprocess.run([sys.executable, "-c", "import pygame; pygame.mixer.init()"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "opened", done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) <= 1, lines
    assert all("captions only" in line for line in lines), lines
    assert "ALSA lib" in bare.stderr or bare.returncode != 0  # the noise this silences is real here


def test_the_voice_player_opens_the_mixer_quietly(tmp_path: Path) -> None:
    """The voice player's own start (the mixer not opened yet) stays quiet too."""
    code = ("from game.ui.pygame.voice import VoicePlayer; import pygame;"
            f"from pathlib import Path; p = VoicePlayer(cache_dir=Path({str(tmp_path / 'speech')!r})); print(p.status); p.shutdown()")
    env = {**os.environ, "SDL_AUDIODRIVER": "alsa", "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ALSA lib" not in done.stderr, done.stderr
