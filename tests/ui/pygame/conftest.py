"""Headless pygame for the window tests: dummy video and audio drivers, settings in a temp folder,
and a `game` fixture that drives the real App with posted key and mouse events."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import random  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pytest  # noqa: E402

from game.content.library import default_scenarios_dir, load_library  # noqa: E402
from game.records.programs import load_program_set  # noqa: E402
from game.records.store import RecordStore  # noqa: E402
from game.ui.pygame.app import App  # noqa: E402
from game.ui.pygame.context import UI  # noqa: E402
from game.ui.pygame.flow import Director  # noqa: E402
from game.ui.pygame.run import open_window  # noqa: E402
from game.ui.pygame import session as session_module  # noqa: E402
from game.ui.pygame.session import Session  # noqa: E402
from game.ui.pygame.settings import Settings  # noqa: E402
from game.ui.pygame.voiceport import SilentVoice  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
SCREENS = ROOT / "test-artifacts" / "screens"


@pytest.fixture(autouse=True)
def _config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture(autouse=True)
def seeds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every call the window starts draws its reply order from a fixed sequence of seeds (a fresh one
    per call, as in play, but the same on every test run); the seeds drawn are listed here."""
    drawn: list[int] = []
    rng = random.Random(20261123)

    def draw() -> int:
        drawn.append(rng.getrandbits(32))
        return drawn[-1]
    monkeypatch.setattr(session_module, "draw_seed", draw)
    return drawn


@pytest.fixture(scope="session")
def library():
    return load_library([default_scenarios_dir()])


class Harness:
    """The real game in a hidden window: post events, run frames, look at what was drawn."""

    def __init__(self, app: App, store: RecordStore, voice: SilentVoice) -> None:
        self.app = app
        self.store = store
        self.voice = voice

    @property
    def ui(self) -> UI:
        return self.app.ui

    @property
    def top(self):
        return self.app.top

    def frames(self, count: int = 1, dt: float = 1 / 60) -> None:
        for _ in range(count):
            self.app.step(dt)

    def key(self, key: int, mod: int = 0, text: str = "", frames: int = 1) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
        if text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text))
        self.frames(frames)

    def type(self, text: str) -> None:
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames()

    def click(self, target, frames: int = 1) -> None:
        if isinstance(target, pygame.Rect):
            pos = target.center
        else:
            pos = target.rect.center if hasattr(target, "rect") else target
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frames(frames)

    def settle(self, seconds: float = 3.0) -> None:
        """Run frames until animations (meters, scrolling, ringing) are done."""
        self.frames(int(seconds * 30), dt=1 / 30)

    def shot(self, name: str) -> Path:
        return self.app.screenshot(SCREENS / f"{name}.png")

    def rendered(self, *needles: str) -> bool:
        return self.ui.text.rendered_any(needles)


def make_game(library, db: Path, size=(1280, 720), settings: Settings | None = None, trainee: str | None = None,
              program: bool = True, ring: bool = False) -> Harness:
    window = open_window(size)
    pygame.event.clear()
    voice = SilentVoice("Voice off: espeak-ng not found — captions only")
    ui = UI(settings or Settings(), window.get_size(), voice)
    store = RecordStore.open(db)
    chosen = load_program_set(default_scenarios_dir(), library.scenarios).pick(None) if program else None
    app = App(ui, Director(ui, Session(library, store, chosen), trainee=trainee, ring=ring), window)
    app.director.start(app)
    app.step(0)
    return Harness(app, store, voice)


@pytest.fixture
def game(library, tmp_path: Path):
    harness = make_game(library, tmp_path / "records.sqlite3")
    yield harness
    harness.store.close()


@pytest.fixture
def make(library, tmp_path: Path):
    made: list[Harness] = []

    def factory(**kwargs) -> Harness:
        kwargs.setdefault("db", tmp_path / "records.sqlite3")
        kwargs.setdefault("library", library)
        harness = make_game(**kwargs)
        made.append(harness)
        return harness
    yield factory
    for harness in made:
        harness.store.close()
