"""Helpers for the window tests: play a call, fill the wrap-up, find widgets on screen."""

from __future__ import annotations

import datetime
from dataclasses import replace
from pathlib import Path

import pygame

from game.engine.wrapup import Disposition, Payment, WrapUp, expected_wrapup

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


def best_place(call) -> int:
    """The place on screen (0-based) of the reply that scores most here (keeps a call going)."""
    shown = call.shown
    return max(range(len(shown)), key=lambda i: (sum(shown[i].score.values()), -i))


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


def loggable(want: WrapUp, call_date: datetime.date, total: float) -> WrapUp:
    """The log a careful caller writes for `want` (a plan without authored instalments: two instalments
    that add up to the total, the first on the agreed date; a callback at 10:00 when no time was set;
    the account's total for a promise the ending gives no amount for)."""
    if want.disposition.needs_amount and want.amount is None:
        want = replace(want, amount=total)
    if want.disposition is Disposition.PLAN and not want.instalments:
        first = round(want.amount / 2, 2)
        start = want.date or call_date + datetime.timedelta(days=1)
        want = replace(want, instalments=(Payment(first, start),
                                          Payment(round(want.amount - first, 2), start + datetime.timedelta(days=7))))
    if want.disposition is Disposition.CALLBACK and not want.time:
        want = replace(want, time="10:00")
    if want.disposition is Disposition.DISPUTE and not want.reason:
        want = replace(want, reason="The client disputes the invoice amount")
    return want


def write_log(game, want: WrapUp, save: bool = True) -> None:
    """Enter `want` in the wrap-up form by keyboard alone (Down to the disposition, Enter from entry to
    entry, "Add instalment" for a plan's third row and on) and save it (`save`: press Enter on Save)."""
    scene = game.top
    index = list(Disposition).index(want.disposition)
    for _ in range(index):
        game.key(pygame.K_DOWN)
    game.key(pygame.K_RETURN)  # select and go to the next field
    assert scene.disposition == want.disposition
    for n, payment in enumerate(want.instalments):
        if n >= len(scene.rows):
            assert scene.focus.focused is scene.add
            game.key(pygame.K_RETURN)  # Add instalment: a new row, focused
        row = scene.rows[n]
        assert scene.focus.focused is row.amount
        game.type(f"{payment.amount:,.2f}")
        game.key(pygame.K_RETURN)
        assert scene.focus.focused is row.date
        game.type(payment.date.isoformat())
        game.key(pygame.K_RETURN)
    if want.instalments:
        while scene.focus.focused is not scene.follow:
            game.key(pygame.K_TAB)
    values = {scene.amount: want.amount, scene.date: want.date, scene.time: want.time, scene.reason: want.reason}
    for field in scene.single_fields():
        assert scene.focus.focused is field
        value = values[field]
        if value is not None:
            game.type(f"{value:,.2f}" if isinstance(value, float) else str(value) if isinstance(value, str)
                      else value.isoformat())
        game.key(pygame.K_RETURN)
    assert scene.focus.focused is scene.follow
    if want.follow_up is not None:
        game.type(want.follow_up.isoformat())
    game.key(pygame.K_RETURN)
    assert scene.focus.focused is scene.save
    if save:
        game.key(pygame.K_RETURN)


def expected_log(scene) -> WrapUp:
    """What the engine expects for the call the wrap-up scene documents, as a careful caller writes it."""
    call_date = scene.scenario.account.call_date()
    ending = next(n for n in scene.scenario.nodes.values() if n.client == scene.ending_line and n.is_ending)
    return loggable(expected_wrapup(scene.scenario, ending, call_date), call_date, scene.scenario.account.total_due)


def fill_wrapup(game, correct: bool = True) -> None:
    """Document the call by keyboard alone; with `correct`, what the engine expects."""
    want = expected_log(game.top)
    if not correct:
        want = WrapUp(Disposition.NO_CONTACT if want.disposition != Disposition.NO_CONTACT else Disposition.PROMISE,
                      None, None, None)
    write_log(game, want)


def region_differs(before: pygame.Surface, after: pygame.Surface, rect: pygame.Rect) -> bool:
    return pygame.image.tobytes(before.subsurface(rect), "RGB") != pygame.image.tobytes(after.subsurface(rect), "RGB")
