"""A static screen leaves the CPU alone: the real run loop (`App.wait` + `App.step`) on an unchanging
screen draws nothing and sleeps between voice polls, measured with the process's own CPU time."""

from __future__ import annotations

import time

import pygame

from game.ui.pygame.scenes.debrief import DebriefScene
from window_helpers import best_place, fill_wrapup, open_scenario, play_to_end, sign_in

WINDOW_SECONDS = 5.0


def cpu_share(app, seconds: float) -> tuple[float, int]:
    """Run the real loop for `seconds` of wall time; (the share of one core used, frames drawn)."""
    clock = pygame.time.Clock()
    # the process's CPU clock (all threads, nanosecond resolution); os.times() counts 10 ms ticks, too
    # coarse for a few seconds at ~2%
    before, draws = time.process_time(), app.draws
    start = time.perf_counter()
    dt = 0.0
    while time.perf_counter() - start < seconds:
        app.step(dt)
        dt = app.wait(clock)
    used = time.process_time() - before
    return used / (time.perf_counter() - start), app.draws - draws


def test_a_static_screen_uses_almost_no_cpu(game) -> None:
    sign_in(game)
    game.settle(1.0)
    share, draws = cpu_share(game.app, WINDOW_SECONDS)
    assert share <= 0.03, f"select screen at rest: {share:.1%} of a core, {draws} frames drawn"
    assert draws <= 2


def test_the_call_screen_redraws_once_a_second_for_its_clock(make, library) -> None:
    game = make(ring=False)
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)  # dial
    assert game.top.name == "call"
    game.settle(2.0)
    share, draws = cpu_share(game.app, WINDOW_SECONDS)
    assert share <= 0.03, f"call screen at rest: {share:.1%} of a core, {draws} frames drawn"
    assert 3 <= draws <= WINDOW_SECONDS + 2  # the clock still ticks


def test_an_event_redraws_and_motion_keeps_drawing(game) -> None:
    sign_in(game)
    game.settle(1.0)
    drawn = game.app.draws
    game.frames(3)
    assert game.app.draws == drawn  # nothing changed: nothing drawn
    game.key(pygame.K_RIGHT)
    assert game.app.draws == drawn + 1


def test_opening_a_long_debrief_renders_only_what_shows(game) -> None:
    """The debrief's notes are drawn a view at a time: no tall surface is rendered when it opens (that
    was 100 ms of one frame), and what is scrolled to is drawn when it comes into view."""
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    play_to_end(game, best_place)
    game.key(pygame.K_RETURN)
    fill_wrapup(game)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    assert debrief.pane.content is None and debrief.pane.doc is not None
    last = debrief.debrief.rules_touched[-1].title
    game.key(pygame.K_END)
    game.settle(1)
    assert game.rendered(last)
