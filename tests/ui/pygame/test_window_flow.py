"""The whole game in a hidden window, driven by posted key and mouse events: sign in, pick, read the
brief, take the call, document it, read the debrief — checking the state reached, what was drawn and
what was saved. Screenshots of every screen go to test-artifacts/screens/."""

from __future__ import annotations

import datetime

import pygame

from game.ui.pygame.scenes.brief import BriefScene
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.debrief import DebriefScene
from game.ui.pygame.scenes.dialog import DialogScene
from game.ui.pygame.scenes.select import SelectScene
from game.ui.pygame.scenes.signin import SignInScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from window_helpers import best_place, fill_wrapup, open_scenario, play_to_end, region_differs, sign_in


def test_keyboard_alone_takes_a_call_to_the_debrief(game) -> None:
    assert isinstance(game.top, SignInScene)
    game.shot("1-sign-in")
    sign_in(game, "Sam")
    assert isinstance(game.top, SelectScene) and game.top.trainee == "Sam"
    game.shot("2-select")
    open_scenario(game, "sunrise-bakery")
    brief = game.top
    assert isinstance(brief, BriefScene)
    assert game.rendered("INV-2291", "$5,275.50", "81 days")  # the invoice table with days overdue
    game.shot("3-brief")
    game.key(pygame.K_RETURN)  # Dial
    call = game.top
    assert isinstance(call, CallScene)
    call_id = game.app.director.live.call_id
    scenario = call.call.scenario
    assert game.voice.spoken == [f"{scenario.id}/{scenario.start}"]  # the first line is spoken...
    assert game.rendered(scenario.node(scenario.start).client)  # ...and shown as a caption
    assert game.voice.prefetched  # the likely next lines are synthesized ahead
    game.settle(1)
    before = game.app.window.copy()
    patience, trust = (m.value for m in call.meters)
    game.key(pygame.K_DOWN)
    assert call.focus.focused is call.choices[0]
    game.key(pygame.K_RETURN)  # arrows + Enter
    assert len(call.call.steps) == 1
    assert len(game.store.decisions(call_id)) == 1  # saved as it happened
    assert (patience, trust) != tuple(m.value for m in call.meters)
    moving = call.meters[0].shown
    game.frames(3)
    assert call.meters[0].shown != moving or call.meters[1].shown != trust  # meters animate
    game.settle(3)
    assert region_differs(before, game.app.window, call.left)  # the meters redrew
    game.shot("4-call")
    steps = 1
    while not call.call.ended:
        game.key(pygame.K_1)
        steps += 1
        assert len(game.store.decisions(call_id)) == steps
    game.settle(1)
    game.shot("4b-call-ended")
    assert call.focus.focused is call.document
    game.key(pygame.K_RETURN)
    assert isinstance(game.top, WrapUpScene)
    game.shot("5-wrap-up-empty")
    fill_wrapup(game)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    row = game.store.call(call_id)
    assert row.status == "completed" and row.overall == debrief.debrief.result.overall
    assert debrief.debrief.wrapup is not None and debrief.debrief.wrapup.score == 100
    rule = debrief.debrief.decisions[0].rules[0]
    game.key(pygame.K_END)  # the notes are drawn a view at a time: the rules' text is at the end
    game.settle(1)
    assert game.rendered(rule.title) and game.rendered(f"Source: {rule.sources[0]}")
    assert game.rendered("Don't skip documenting the call") or game.rendered("documentation")
    game.key(pygame.K_HOME)
    game.settle(1)
    game.shot("6-debrief")
    for _ in range(3):
        game.key(pygame.K_RIGHT)
    game.settle(1)
    assert debrief.pane.offset > 0  # Right jumps decision by decision
    game.shot("6b-debrief-decisions")


def test_mouse_alone_takes_a_call_and_replays_it(game) -> None:
    game.click(game.top.field)
    game.type("Ana")
    game.click(game.top.submit)
    select = game.top
    card = next(c for c in select.cards if c.scenario.id == "sunrise-bakery")
    game.click(card)
    game.click(game.top.dial)
    call = game.top
    assert isinstance(call, CallScene)
    game.settle(1)
    play_to_end(game, pick=lambda c: len(c.options) - 1, keys=False)  # the last reply each time
    game.click(call.document)
    wrap = game.top
    game.click(wrap.radios[-1])  # no commitment / hung up
    assert wrap.single_fields() == [] and wrap.amount not in wrap.focus.widgets  # nothing but the follow-up
    game.click(wrap.follow)
    game.type((wrap.call_date + datetime.timedelta(days=2)).isoformat())
    game.click(wrap.save)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    game.shot("6c-debrief-not-passed")
    game.click(debrief.replay)
    assert isinstance(game.top, CallScene) and not game.top.call.steps
    assert len(list(game.store.calls(trainee="Ana"))) == 2


def test_tab_shows_the_brief_during_the_call_and_esc_asks_before_leaving(game) -> None:
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    call = game.top
    game.key(pygame.K_2)
    game.key(pygame.K_TAB)
    peek = game.top
    assert isinstance(peek, BriefScene) and peek.peek and game.app.stack[-2] is call
    game.settle(0.5)
    game.shot("3b-brief-during-call")
    game.key(pygame.K_TAB)
    assert game.top is call
    game.key(pygame.K_ESCAPE)
    assert isinstance(game.top, DialogScene)
    game.shot("4c-leave-call")
    game.key(pygame.K_ESCAPE)  # Esc = stay
    assert game.top is call
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_LEFT)
    game.key(pygame.K_RETURN)  # "Leave the call"
    assert isinstance(game.top, SelectScene)


def test_an_unfinished_call_resumes_after_sign_in(make, tmp_path) -> None:
    first = make()
    sign_in(first, "Rui")
    open_scenario(first, "sunrise-bakery")
    first.key(pygame.K_RETURN)
    for _ in range(2):
        first.key(pygame.K_1 + best_place(first.top.call))
    order = [c.id for c in first.top.call.shown]
    said = [s.choice.say for s in first.top.call.steps]
    first.app.running = False  # the window closes mid-call
    again = make()
    assert "Rui" in [b.label for b in again.top.people]
    again.click(next(b for b in again.top.people if b.label == "Rui"))
    dialog = again.top
    assert isinstance(dialog, DialogScene) and dialog.tag == "resume"
    again.shot("2b-resume")
    again.key(pygame.K_RETURN)  # "Resume the call" has the focus
    call = again.top
    assert isinstance(call, CallScene)
    assert [s.choice.say for s in call.call.steps] == said
    assert again.rendered(said[-1])  # the transcript is rebuilt
    assert [c.id for c in call.call.shown] == order == [b.choice_id for b in call.choices]  # the same order
    play_to_end(again)
    assert len(again.store.decisions(again.app.director.live.call_id)) == len(call.call.steps)


def test_wrapup_says_what_is_missing(game) -> None:
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    play_to_end(game)
    game.key(pygame.K_RETURN)
    wrap = game.top
    game.click(wrap.save)
    assert wrap.error and isinstance(game.top, WrapUpScene)
    game.click(wrap.radios[0])  # promise to pay: amount and date needed
    game.click(wrap.amount)
    game.type("abc12x")
    assert wrap.amount.text == "12"  # letters are not taken
    game.click(wrap.date)
    game.type("2026-13-40")
    game.click(wrap.save)
    assert wrap.date.error and game.top is wrap
    game.shot("5b-wrap-up-errors")
    game.click(wrap.date)
    for _ in range(10):
        game.key(pygame.K_BACKSPACE)
    game.key(pygame.K_UP)  # Up steps a date field a day on from the call date
    assert wrap.date.text == (wrap.call_date + datetime.timedelta(days=1)).isoformat()


def test_esc_walks_back_and_quits_only_when_confirmed(game) -> None:
    sign_in(game)
    game.key(pygame.K_RETURN)
    assert isinstance(game.top, BriefScene)
    game.key(pygame.K_ESCAPE)
    assert isinstance(game.top, SelectScene)
    game.key(pygame.K_ESCAPE)
    assert isinstance(game.top, SignInScene)
    game.key(pygame.K_ESCAPE)
    assert isinstance(game.top, DialogScene)
    game.key(pygame.K_RETURN)  # "Close" has the focus
    assert not game.app.running


def test_the_call_rings_first_and_any_key_picks_up(make, tmp_path) -> None:
    game = make(ring=True)
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    call = game.top
    game.frames(20)
    assert call.ringing > 0 and not call.choices and game.voice.spoken == []
    game.shot("4a-call-ringing")
    game.key(pygame.K_SPACE)
    assert not call.ringing and len(call.choices) >= 2 and game.voice.spoken
    assert game.rendered("Connected to Sunrise Bakery LLC")
    rung = make(ring=True, db=tmp_path / "other.sqlite3")
    sign_in(rung)
    open_scenario(rung, "sunrise-bakery")
    rung.key(pygame.K_RETURN)
    rung.frames(60, dt=1 / 20)  # 3 s: the client picks up by themselves
    assert rung.top.connected and rung.top.choices
