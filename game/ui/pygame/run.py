"""Open the window and play: `ardojo play` without --text comes here.

`run_window()` runs the game until the window closes. Setting `ARDOJO_FIRST_FRAME_FILE` makes the
game write the wall-clock time of its first drawn frame to that file and close (used by the bench).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.content.library import Library  # noqa: E402
from game.records.programs import Program  # noqa: E402
from game.records.store import RecordStore  # noqa: E402
from game.ui.pygame.app import App  # noqa: E402
from game.ui.pygame.context import UI  # noqa: E402
from game.ui.pygame.display import TEXT_HINT  # noqa: E402
from game.ui.pygame.flow import Director  # noqa: E402
from game.ui.pygame.quiet_audio import open_mixer  # noqa: E402
from game.ui.pygame.session import Session  # noqa: E402
from game.ui.pygame.settings import load_settings  # noqa: E402
from game.ui.pygame.theme import DESIGN_SIZE, MIN_SIZE  # noqa: E402
from game.ui.pygame.voiceport import make_voice  # noqa: E402

FIRST_FRAME_ENV = "ARDOJO_FIRST_FRAME_FILE"


def window_size() -> tuple[int, int]:
    """The design size when the desktop has room for it, else the smallest supported size."""
    try:
        desktops = pygame.display.get_desktop_sizes()
    except pygame.error:
        desktops = []
    if desktops and (desktops[0][0] < DESIGN_SIZE[0] + 40 or desktops[0][1] < DESIGN_SIZE[1] + 80):
        return MIN_SIZE
    return DESIGN_SIZE


def open_window(size: tuple[int, int] | None = None) -> pygame.Surface:
    """Start pygame (display, fonts, the mixer when there is one) and open the window."""
    pygame.display.init()
    pygame.font.init()
    open_mixer()  # no audio device: one line on stderr, captions only
    window = pygame.display.set_mode(size or window_size(), pygame.RESIZABLE)
    pygame.display.set_caption("AR Dojo")
    return window


def run_window(library: Library, store: RecordStore, program: Program | None = None,
               scenario_id: str | None = None, trainee: str | None = None, in_order: bool = False) -> int:
    """Play in a window until it is closed; returns the exit code. Replies are shown in a fresh order
    every call; `in_order` shows them in file order (an author's preview: the caller makes it practice)."""
    session = Session(library, store, None if in_order else program, in_order=in_order)
    return play_window(lambda ui, window: App(ui, Director(ui, session, scenario_id, trainee), window))


def play_window(make_app: Callable[[UI, pygame.Surface], App]) -> int:
    """Open the window, run the App `make_app` builds until it closes, then shut down; the exit code."""
    try:
        window = open_window()
    except pygame.error as exc:
        print(f"error: cannot open a window ({exc}); {TEXT_HINT}", file=sys.stderr)
        return 1
    settings = load_settings()
    ui = UI(settings, window.get_size())
    app = make_app(ui, window)

    def first_frame(app: App) -> None:
        marker = os.environ.get(FIRST_FRAME_ENV)
        if marker:
            Path(marker).write_text(f"{time.time():.6f}\n", encoding="utf-8")
            app.running = False
            return
        ui.voice = make_voice(settings)  # after the first frame, so starting speech never delays it
        ui.voice.set_enabled(settings.voice_enabled)
        ui.voice.set_rate(settings.voice_rate)
        ui.apply_volume()

    app.after_first_frame = first_frame
    app.director.start(app)
    try:
        return app.run()
    finally:
        ui.voice.shutdown()
        pygame.quit()
