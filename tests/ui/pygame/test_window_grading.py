"""The window and the grade (issue 9): replies in each call's own order, picked by place on screen; the
call log's plan instalments and dispute reason; one verdict, decided when the call ends, shown first in
the debrief (critical errors first) and the same as the stored row. Driven by posted events."""

from __future__ import annotations

import datetime
import inspect
from pathlib import Path

import pygame
import pytest

from game.content.library import default_scenarios_dir, load_library
from game.engine.wrapup import Disposition, Payment, WrapUp
from game.records.grading import PASSED
from game.ui.pygame.run import run_window
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.debrief import DebriefScene
from game.ui.pygame.scenes.debrief_doc import critical_text
from game.ui.pygame.scenes.select import SelectScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from game.ui.pygame.session import Session
from window_helpers import best_place, expected_log, open_scenario, play_to_end, sign_in, write_log

FIXTURES = Path(__file__).parent / "fixtures"
LAB = "critical-lab"


@pytest.fixture(scope="module")
def lab():
    """A library of the one fixture scenario (with a critical choice), with the shipped rulebook."""
    return load_library([FIXTURES], default_scenarios_dir() / "rulebook.yaml")


def place_of(call, choice_id: str) -> int:
    """Where the reply `choice_id` is on screen now (0-based)."""
    return next(i for i, c in enumerate(call.shown) if c.id == choice_id)


def dial(game, scenario_id: str) -> CallScene:
    open_scenario(game, scenario_id)
    game.key(pygame.K_RETURN)  # Dial
    assert isinstance(game.top, CallScene)
    return game.top


def leave(game) -> None:
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_LEFT)
    game.key(pygame.K_RETURN)  # "Leave the call"
    assert isinstance(game.top, SelectScene)


def test_replies_are_shown_in_each_calls_order_and_picked_by_place(make, lab, seeds) -> None:
    game = make(program=False, library=lab)
    sign_in(game)
    orders = []
    for attempt in range(3):
        scene = dial(game, LAB)
        call = scene.call
        assert call.seed == seeds[-1] and len(seeds) == attempt + 1  # a fresh seed per call...
        assert game.store.call(game.app.director.live.call_id).seed == call.seed  # ...stored with it
        assert [b.say for b in scene.choices] == [c.say for c in call.shown]
        assert [b.choice_id for b in scene.choices] == [c.id for c in call.shown]
        orders.append(tuple(c.id for c in call.shown))
        if attempt < 2:
            leave(game)
    assert len(set(orders)) > 1  # the order differs between seeds
    assert sorted(orders[0]) == sorted(c.id for c in call.options)
    game.settle(0.5)
    game.shot("4d-call-shuffled")
    first = call.shown[0]
    game.key(pygame.K_1)  # key 1 takes the reply shown first, whatever its place in the file
    step = call.steps[0]
    assert step.choice.id == first.id and step.position == 1
    stored = game.store.decision_rows(game.app.director.live.call_id)
    assert [d.choice_id for d in stored] == [first.id] and stored[0].position == 1
    second = call.shown[1]
    game.click(scene.choices[1])  # a click picks by place on screen too
    assert call.steps[1].choice.id == second.id and call.steps[1].position == 2


def test_resume_shows_the_calls_own_order(make, lab) -> None:
    first = make(program=False, library=lab)
    sign_in(first, "Rui")
    dial(first, LAB)
    order = [c.id for c in first.top.call.shown]
    first.app.running = False
    again = make(program=False, library=lab)
    again.click(next(b for b in again.top.people if b.label == "Rui"))
    again.key(pygame.K_RETURN)  # "Resume the call"
    scene = again.top
    assert isinstance(scene, CallScene)
    assert [c.id for c in scene.call.shown] == order == [b.choice_id for b in scene.choices]


def test_in_order_is_file_order_and_practice(lab, tmp_path) -> None:
    assert inspect.signature(run_window).parameters["in_order"].default is False
    from game.records.store import RecordStore
    with RecordStore.open(tmp_path / "r.sqlite3") as store:
        session = Session(lab, store, None, in_order=True)
        session.sign_in("Sam")
        live = session.start(lab.scenarios[LAB])
        assert live.call.seed is None and live.call.shown == live.call.options
        row = store.call(live.call_id)
        assert row.seed is None and row.program_id is None


def reach_wrapup(game, lab_choice: str = "honest") -> WrapUpScene:
    """Sign in, take the lab call (`lab_choice` first, then the plan), hang up and open the call log."""
    sign_in(game)
    scene = dial(game, LAB)
    game.key(pygame.K_1 + place_of(scene.call, lab_choice))
    game.key(pygame.K_1 + place_of(scene.call, "plan"))
    assert scene.call.ended
    game.settle(0.5)
    game.key(pygame.K_RETURN)  # Document the call
    assert isinstance(game.top, WrapUpScene)
    return game.top


def test_the_call_log_takes_a_plan_of_instalments(make, lab) -> None:
    game = make(program=False, library=lab)
    wrap = reach_wrapup(game)
    day = wrap.call_date
    game.click(wrap.radios[list(Disposition).index(Disposition.PLAN)])
    assert len(wrap.rows) == 2 and wrap.rows[0].amount.rect.width > 0
    game.click(wrap.add)  # a third row, focused...
    assert len(wrap.rows) == 3 and wrap.focus.focused is wrap.rows[2].amount
    game.type("100")
    game.click(wrap.rows[2].remove)  # ...and taken out again
    assert len(wrap.rows) == 2 and all(r.blank for r in wrap.rows)
    game.click(wrap.rows[0].amount)
    game.type("450.00")
    game.click(wrap.rows[0].date)
    for _ in range(4):
        game.key(pygame.K_UP)  # Up steps the date on from the call date
    assert wrap.rows[0].date.text == (day + datetime.timedelta(days=4)).isoformat()
    game.click(wrap.rows[1].amount)
    game.type("450")
    game.click(wrap.rows[1].date)
    game.type((day + datetime.timedelta(days=11)).isoformat())
    game.click(wrap.follow)
    game.type((day + datetime.timedelta(days=5)).isoformat())
    game.frames(2)
    assert game.rendered("Total so far $900.00 of $900.00 due")
    game.shot("5c-wrap-up-plan")
    game.click(wrap.save)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    review = debrief.debrief.wrapup
    assert review.score == 100 and not review.contradictions, review.checks
    row = list(game.store.calls())[-1]
    assert row.wrapup["instalments"] == [[450.0, (day + datetime.timedelta(days=4)).isoformat()],
                                         [450.0, (day + datetime.timedelta(days=11)).isoformat()]]
    assert row.passed is True and debrief.debrief.passed


def test_a_plan_with_many_instalments_scrolls_and_keeps_every_row(make, lab) -> None:
    game = make(program=False, library=lab, size=(1024, 640))
    wrap = reach_wrapup(game)
    day = wrap.call_date
    payments = tuple(Payment(100.0, day + datetime.timedelta(days=7 * (n + 1))) for n in range(9))
    write_log(game, WrapUp(Disposition.PLAN, None, None, day + datetime.timedelta(days=2), payments), save=False)
    assert len(wrap.rows) == 9 and wrap.visible_rows < 9 and not wrap.rows[0].visible  # scrolled to the end
    window = game.app.window.get_rect()
    assert all(window.contains(r) for r in wrap.regions())
    game.shot("5f-wrap-up-long-plan-1024x640")
    for _ in range(4):  # back from Save past the follow-up, Add and the last row's remove button
        game.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert wrap.focus.focused is wrap.rows[-1].date and wrap.rows[-1].visible
    for _ in range(3 * 9):
        game.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
        focused = wrap.focus.focused
        row = next((r for r in wrap.rows if focused in r.widgets), None)
        assert row is None or row.visible
    assert wrap.rows[0].visible
    game.click(wrap.save)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    row = list(game.store.calls())[-1]
    assert len(row.wrapup["instalments"]) == 9  # rows scrolled out of view still count
    assert not debrief.debrief.wrapup.passed  # 9 x 100 is not the plan agreed


def test_the_call_log_takes_a_dispute_with_its_reason(make, lab) -> None:
    game = make(program=False, library=lab)
    wrap = reach_wrapup(game)
    game.click(wrap.radios[list(Disposition).index(Disposition.DISPUTE)])
    assert wrap.single_fields() == [wrap.reason]
    game.click(wrap.save)  # no reason yet
    assert wrap.reason.error and game.top is wrap and wrap.focus.focused is wrap.reason
    game.frames(1)
    game.shot("5d-wrap-up-dispute-missing")
    game.type("Client says INV-9 was billed twice")
    game.click(wrap.follow)
    game.type((wrap.call_date + datetime.timedelta(days=2)).isoformat())
    game.frames(1)
    game.shot("5e-wrap-up-dispute")
    game.click(wrap.save)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    row = list(game.store.calls())[-1]
    assert row.wrapup["disposition"] == "dispute" and row.wrapup["reason"] == "Client says INV-9 was billed twice"
    assert not row.passed and not debrief.debrief.passed  # a plan was agreed: the log contradicts the call
    assert any("call log contradicts" in r for r in debrief.debrief.verdict.reasons)


def test_a_critical_error_fails_the_call_and_is_named_first(make, lab) -> None:
    game = make(program=False, library=lab)
    wrap = reach_wrapup(game, "overpromise")
    write_log(game, expected_log(wrap))  # a perfect call log...
    debrief = game.top
    assert isinstance(debrief, DebriefScene)
    d = debrief.debrief
    assert d.wrapup.score == 100
    assert not d.passed and d.verdict.label == "NOT PASSED"  # ...cannot save a critical error
    assert d.verdict.reasons[0].startswith("critical error at decision 1")
    assert d.practice[0].critical and d.practice[0].rule.id == "dont-overpromise"
    row = list(game.store.calls())[-1]
    assert row.passed is False and row.passed == d.passed and row.critical == ("dont-overpromise",)
    game.frames(2)
    history = game.ui.text.history
    reason = critical_text(d.verdict.reasons[0])
    assert reason.startswith("Decision 1: ")
    first = next(i for i, h in enumerate(history) if reason in h)
    assert game.rendered("NOT PASSED", "CRITICAL ERROR")
    assert first < next(i for i, h in enumerate(history) if h.startswith("YOUR DECISIONS"))  # verdict first
    title = d.practice[0].rule.title
    assert game.rendered(f"critical · {title}") and game.rendered("critical error: this alone fails the call")
    game.shot("6d-debrief-critical")
    game.key(pygame.K_RIGHT)
    game.settle(1)
    game.shot("6e-debrief-critical-decision")


def test_the_program_verdict_is_the_one_shown_stored_and_graded(game) -> None:
    sign_in(game)
    scene = dial(game, "sunrise-bakery")
    call_id = game.app.director.live.call_id
    play_to_end(game, pick=best_place)
    game.settle(0.5)
    game.key(pygame.K_RETURN)
    write_log(game, expected_log(game.top))
    debrief = game.top
    d = debrief.debrief
    program = game.app.director.session.program
    assert d.verdict.marks.source == f"program:{program.id}"  # the call counts: the program's marks
    row = game.store.call(call_id)
    assert row.passed == d.passed and row.verdict["passed"] == d.passed
    assert game.rendered(f"Judged by the marks of {program.title}.")
    assert game.rendered(d.verdict.label)
    game.key(pygame.K_ESCAPE)  # back to the scenarios
    select = game.top
    assert isinstance(select, SelectScene)
    step = select.progress.step("sunrise-bakery")
    assert (step.status == PASSED) == d.passed == select.statuses["sunrise-bakery"].passed
    assert step.attempts[0].passed == d.passed
    assert scene.call.seed is not None
