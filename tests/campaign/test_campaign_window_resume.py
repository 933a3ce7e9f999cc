"""An unfinished week resumes in the window (hidden, posted events): sign in, play into day 2, quit the
window in the middle of a call, start it again on the same records file: the week is offered ("Resume
week '…', day 2") and continues exactly where the records say (same seed, worklist, day and slots); or
a new week starts and the old one stays in the records."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402

from campaign_helpers import campaign, library  # noqa: E402
from campaign_window_helpers import key as _key  # noqa: E402
from campaign_window_helpers import signed_in  # noqa: E402
from game.campaign.strategies import best_choices  # noqa: E402
from game.campaign.week import Week  # noqa: E402
from game.commands.campaign import window_week  # noqa: E402
from game.engine.wrapup import expected_wrapup  # noqa: E402
from game.records import campaigns as records  # noqa: E402
from game.records.store import RecordStore  # noqa: E402
from game.ui.pygame.scenes.brief import BriefScene, Dial  # noqa: E402
from game.ui.pygame.scenes.call import CallOver, CallScene  # noqa: E402
from game.ui.pygame.scenes.debrief import DebriefScene  # noqa: E402
from game.ui.pygame.scenes.dialog import DialogScene  # noqa: E402
from game.ui.pygame.scenes.week_report import WeekReportScene  # noqa: E402
from game.ui.pygame.scenes.worklist import WorklistScene  # noqa: E402
from game.ui.pygame.scenes.wrapup import WrapUpDone  # noqa: E402

SEED = 9


def _open(db):
    """A new window on the records file, as `ardojo campaign --seed 9 --db DB` opens it."""
    store = RecordStore.open(db)
    lib = library()
    begin, unfinished = window_week(store, campaign(), lib, SEED)
    app, director, ui = signed_in(begin, lib.rulebook, store.trainees(), unfinished=unfinished)
    return app, director, store, ui


def _close(store):
    store.close()
    pygame.quit()


def _dial(app, director):
    """From the worklist: Enter on the first account that can be called, dial from the brief."""
    assert isinstance(app.top, WorklistScene)
    _key(app, pygame.K_RETURN)
    assert isinstance(app.top, BriefScene)
    director.handle(app, app.top, Dial(app.top.scenario.id))
    assert isinstance(app.top, CallScene)
    return app.top.call


def _one_call(app, director):
    week = director.week
    call = _dial(app, director)
    best_choices(call)
    director.handle(app, app.top, CallOver())
    director.handle(app, app.top, WrapUpDone(expected_wrapup(call.scenario, call.node, week.today)))
    assert isinstance(app.top, DebriefScene)
    _key(app, pygame.K_ESCAPE)
    while isinstance(app.top, DialogScene):  # the end-of-day notice
        _key(app, pygame.K_RETURN)


def test_quitting_mid_week_and_starting_again_resumes_the_week_where_the_records_say(tmp_path):
    db = tmp_path / "records.sqlite3"
    app, director, store, ui = _open(db)
    assert isinstance(app.top, WorklistScene)  # nothing to resume: a new week
    for _ in range(campaign().slots + 1):  # day 1, and the first call of day 2
        _one_call(app, director)
    before = director.week
    assert before.day == 2 and before.slots_left == campaign().slots - 1
    call = _dial(app, director)  # a call in progress when the window closes: not part of the week
    call.choose(call.shown[0].index)
    saved = [r.state.to_dict() for r in records.weeks(store, "Sam", status="in_progress")]
    _close(store)

    app, director, store, ui = _open(db)
    assert isinstance(app.top, DialogScene)
    app.step(1 / 60)
    assert ui.text.rendered_any(("Resume week 'First week on the collections desk', day 2",))
    _key(app, pygame.K_RETURN)  # "Resume the week" has the focus
    assert isinstance(app.top, WorklistScene)
    week = director.week
    assert week.state.to_dict() == saved[0] and week.seed == SEED
    assert (week.day, week.slots_left, week.cash) == (2, before.slots_left, before.cash)
    assert [(r.account.id, r.balance, r.next_follow_up, r.called_today) for r in week.worklist()] == \
        [(r.account.id, r.balance, r.next_follow_up, r.called_today) for r in before.worklist()]
    while not week.finished:
        _one_call(app, director)
    assert isinstance(app.top, WeekReportScene)
    rows = records.weeks(store, "Sam")
    assert [r.status for r in rows] == ["completed"]  # the same week finished, no second one started
    straight = Week.replay(campaign(), library().scenarios, rows[0].state)
    assert rows[0].report["cash_collected"] == straight.cash and len(rows[0].state.calls) == \
        campaign().days * campaign().slots
    _close(store)


def test_a_new_week_can_be_started_instead_and_the_old_one_stays_offered(tmp_path):
    db = tmp_path / "records.sqlite3"
    app, director, store, ui = _open(db)
    _one_call(app, director)
    _close(store)

    app, director, store, ui = _open(db)
    assert isinstance(app.top, DialogScene)
    _key(app, pygame.K_LEFT)  # from "Resume the week" to "Start a new week"
    _key(app, pygame.K_RETURN)
    assert isinstance(app.top, WorklistScene)
    assert director.week.day == 1 and director.week.state.calls == []
    assert [len(r.state.calls) for r in records.weeks(store, "Sam", status="in_progress")] == [1, 0]
    _close(store)


def test_a_follow_up_dated_after_the_week_is_told_as_a_lapse_on_top_of_the_debrief(tmp_path):
    import datetime as _dt

    from game.engine.wrapup import WrapUp

    app, director, store, ui = _open(tmp_path / "records.sqlite3")
    week = director.week
    call = _dial(app, director)
    best_choices(call)
    director.handle(app, app.top, CallOver())
    log = expected_wrapup(call.scenario, call.node, week.today)
    late = WrapUp(log.disposition, log.amount, log.date, week.campaign.end + _dt.timedelta(days=14), log.instalments,
                  log.reason, log.time)
    director.handle(app, app.top, WrapUpDone(late))
    assert isinstance(app.top, DialogScene) and isinstance(app.stack[-2], DebriefScene)
    app.step(1 / 60)
    assert ui.text.rendered_any(("Follow-up dated too late",))
    _key(app, pygame.K_RETURN)
    assert isinstance(app.top, DebriefScene)
    assert week.results[-1].lapse and "do-follow-up-on-time" in week.results[-1].lapse
    _close(store)
