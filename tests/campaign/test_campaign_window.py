"""A whole campaign week in the real game window (hidden): sign in, the worklist, the game's own brief,
call, call-log and debrief screens, the end-of-day notice and the week report; stored in a real records
file like the terminal's week."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402

from campaign_helpers import campaign, library  # noqa: E402
from campaign_window_helpers import best_place as _best_place  # noqa: E402
from campaign_window_helpers import key as _key  # noqa: E402
from campaign_window_helpers import signed_in  # noqa: E402
from game.campaign.report import build_report  # noqa: E402
from game.campaign.week import Week  # noqa: E402
from game.engine.wrapup import expected_wrapup  # noqa: E402
from game.records import campaigns as records  # noqa: E402
from game.records.store import RecordStore  # noqa: E402
from game.ui.pygame.scenes.brief import BriefScene, Dial  # noqa: E402
from game.ui.pygame.scenes.call import CallOver, CallScene  # noqa: E402
from game.ui.pygame.scenes.debrief import DebriefScene  # noqa: E402
from game.ui.pygame.scenes.dialog import DialogScene  # noqa: E402
from game.ui.pygame.scenes.week_report import WeekReportScene  # noqa: E402
from game.ui.pygame.scenes.worklist import WorklistScene  # noqa: E402
from game.ui.pygame.scenes.wrapup import WrapUpDone, WrapUpScene  # noqa: E402


def test_a_whole_week_in_the_window_ends_with_the_stored_week_report(tmp_path):
    lib, db = library(), tmp_path / "records.sqlite3"
    store = RecordStore.open(db)
    holder = {}

    def begin(name):
        week = holder["week"] = Week(campaign(), lib.scenarios, 9, lib.rule_titles())
        recorder = records.WeekRecorder(store, records.start_week(store, name, week.state), name)
        return week, recorder, recorder.finish, name  # as `ardojo campaign` begins a week in the window

    app, director, ui = signed_in(begin, lib.rulebook)
    week = holder["week"]
    days_seen = 0
    while not week.finished:
        if isinstance(app.top, DialogScene):  # the end-of-day notice
            _key(app, pygame.K_RETURN)
            days_seen += 1
            continue
        assert isinstance(app.top, WorklistScene)
        _key(app, pygame.K_RETURN)  # the first account that can be called
        assert isinstance(app.top, BriefScene)
        director.handle(app, app.top, Dial(app.top.scenario.id))
        assert isinstance(app.top, CallScene)
        call = app.top.call
        while not call.ended:
            _key(app, pygame.K_1 + _best_place(call))
            for _ in range(90):
                app.step(1 / 30)
        director.handle(app, app.top, CallOver())
        assert isinstance(app.top, WrapUpScene) and app.top.call_date == week.today
        director.handle(app, app.top, WrapUpDone(expected_wrapup(call.scenario, call.node, week.today)))
        assert isinstance(app.top, DebriefScene)
        app.step(1 / 60)
        _key(app, pygame.K_ESCAPE)
    while isinstance(app.top, DialogScene):
        _key(app, pygame.K_RETURN)
    assert isinstance(app.top, WeekReportScene)
    app.step(1 / 60)
    assert ui.text.rendered_any(("End of the week",))
    rows = records.weeks(store, "Sam", status="completed")
    assert len(rows) == 1 and rows[0].report == build_report(week).to_dict()
    assert rows[0].report["calls_made"] == campaign().days * campaign().slots and days_seen == campaign().days - 1
    store.close()
    pygame.quit()
