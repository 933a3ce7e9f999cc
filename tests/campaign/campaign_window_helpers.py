"""Shared set-up for the campaign window tests (hidden window, posted events): a key press, the place of
the grade's best reply on screen, and a window signed in as "Sam" with a campaign director on it."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from game.engine.scoring import eligible  # noqa: E402
from game.ui.pygame.app import App  # noqa: E402
from game.ui.pygame.campaign_flow import CampaignDirector  # noqa: E402
from game.ui.pygame.context import UI  # noqa: E402
from game.ui.pygame.run import open_window  # noqa: E402
from game.ui.pygame.settings import Settings  # noqa: E402
from game.ui.pygame.voiceport import SilentVoice  # noqa: E402


def key(app: App, code: int) -> None:
    """Post one key press and run a frame."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode="", scancode=0))
    app.step(1 / 60)


def best_place(call) -> int:  # noqa: ANN001 - a Call
    """The on-screen place of the grade's best recommendable reply at the call's current node."""
    good = {c.index for c in eligible(call.node.choices)}
    options = call.compiled.lookahead.options(call.node.id, call.meters)
    best = max(options, key=lambda o: (o.value if o.choice.index in good else float("-inf"), -o.choice.index))
    return [c.index for c in call.shown].index(best.choice.index)


def signed_in(begin, rulebook, trainees=(), **director_options) -> tuple[App, CampaignDirector, UI]:  # noqa: ANN001
    """A 1280x800 window with a CampaignDirector on `begin`, signed in as "Sam"."""
    window = open_window((1280, 800))
    ui = UI(Settings(), window.get_size(), SilentVoice(), persist=False)
    director = CampaignDirector(ui, begin, rulebook, list(trainees), ring=False, **director_options)
    app = App(ui, director, window)
    director.start(app)
    app.step(0)
    for ch in "Sam":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.step(1 / 60)
    key(app, pygame.K_RETURN)
    return app, director, ui
