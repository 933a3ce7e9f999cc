"""Helpers for the window tests: play a call, fill the wrap-up, find widgets on screen."""

from __future__ import annotations

from pathlib import Path

import pygame

from game.engine.wrapup import Disposition, expected_wrapup

ROOT = Path(__file__).resolve().parents[3]


def sign_in(game, name: str = "Sam") -> None:
    game.type(name)
    game.key(pygame.K_RETURN)


def open_scenario(game, scenario_id: str) -> None:
    """From the select screen, focus the scenario's card with the arrows and press Enter."""
    scene = game.top
    for _ in range(len(scene.cards)):
        if scene.focus.focused.action == f"card:{scenario_id}":
            break
        game.key(pygame.K_RIGHT)
    assert scene.focus.focused.action == f"card:{scenario_id}"
    game.key(pygame.K_RETURN)


def play_to_end(game, pick=lambda call: 0, keys: bool = True) -> list[int]:
    """Take replies until the call ends (`pick` chooses the 0-based reply); number keys or mouse."""
    scene = game.top
    taken = []
    while not scene.call.ended:
        index = pick(scene.call)
        taken.append(index)
        if keys:
            game.key(pygame.K_1 + index)
        else:
            game.click(scene.choices[index])
        game.frames(2)
    return taken


def fill_wrapup(game, correct: bool = True) -> None:
    """Document the call by keyboard alone; with `correct`, what the engine expects."""
    scene = game.top
    call_date = scene.scenario.account.call_date()
    ending = next(n for n in scene.scenario.nodes.values() if n.client == scene.ending_line and n.is_ending)
    want = expected_wrapup(scene.scenario, ending, call_date)
    if not correct:
        want = type(want)(Disposition.NO_CONTACT if want.disposition != Disposition.NO_CONTACT
                          else Disposition.PROMISE, None, None, None)
    index = list(Disposition).index(want.disposition)
    for _ in range(index):
        game.key(pygame.K_DOWN)
    game.key(pygame.K_RETURN)  # select and go to the next field
    assert scene.disposition == want.disposition
    for field, value in ((scene.amount, want.amount), (scene.date, want.date), (scene.follow, want.follow_up)):
        if not field.enabled:
            continue
        assert scene.focus.focused is field
        if value is not None:
            game.type(f"{value:,.2f}" if isinstance(value, float) else value.isoformat())
        game.key(pygame.K_RETURN)
    assert scene.focus.focused is scene.save
    game.key(pygame.K_RETURN)


def region_differs(before: pygame.Surface, after: pygame.Surface, rect: pygame.Rect) -> bool:
    return pygame.image.tobytes(before.subsurface(rect), "RGB") != pygame.image.tobytes(after.subsurface(rect), "RGB")
