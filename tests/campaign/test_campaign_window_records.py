"""The window records each call of a week as it is played, like `play` does: the call record is started
on Dial, every decision saved as it is taken (the call scene's `Decided`), and the call finished with the
week's progress; `verify` then re-plays the calls and checks the week against them."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402

from campaign_helpers import campaign, library  # noqa: E402
from campaign_window_helpers import best_place as _best_place  # noqa: E402
from campaign_window_helpers import key as _key  # noqa: E402
from campaign_window_helpers import signed_in  # noqa: E402
from game.campaign.week import Week  # noqa: E402
from game.engine.wrapup import expected_wrapup  # noqa: E402
from game.records import campaigns as records  # noqa: E402
from game.records.store import RecordStore  # noqa: E402
from game.records.verify import verify_store  # noqa: E402
from game.ui.pygame.scenes.brief import BriefScene, Dial  # noqa: E402
from game.ui.pygame.scenes.call import CallOver, CallScene  # noqa: E402
from game.ui.pygame.scenes.debrief import DebriefScene  # noqa: E402
from game.ui.pygame.scenes.worklist import WorklistScene  # noqa: E402
from game.ui.pygame.scenes.wrapup import WrapUpDone  # noqa: E402


def test_the_window_records_each_call_decision_by_decision(tmp_path):
    lib, db = library(), tmp_path / "records.sqlite3"
    store = RecordStore.open(db)
    holder = {}

    def begin(name):  # as `ardojo campaign` begins a week in the window (game/commands/campaign.py)
        week = holder["week"] = Week(campaign(), lib.scenarios, 9, lib.rule_titles())
        week_id = holder["id"] = records.start_week(store, name, week.state)
        recorder = records.WeekRecorder(store, week_id, name)
        return week, recorder, recorder.finish, name

    app, director, ui = signed_in(begin, lib.rulebook)
    week = holder["week"]
    for _ in range(2):
        assert isinstance(app.top, WorklistScene)
        _key(app, pygame.K_RETURN)
        assert isinstance(app.top, BriefScene)
        director.handle(app, app.top, Dial(app.top.scenario.id))
        assert isinstance(app.top, CallScene)
        call = app.top.call
        live = [c for c in store.calls() if c.status == "in_progress"]
        assert len(live) == 1 and live[0].campaign_week_id == holder["id"] and live[0].seed == call.seed
        while not call.ended:
            _key(app, pygame.K_1 + _best_place(call))
            for _ in range(90):
                app.step(1 / 30)
            assert len(store.decisions(live[0].id)) == len(call.steps)  # saved as it is taken
        director.handle(app, app.top, CallOver())
        director.handle(app, app.top, WrapUpDone(expected_wrapup(call.scenario, call.node, week.today)))
        assert isinstance(app.top, DebriefScene)
        app.step(1 / 60)
        _key(app, pygame.K_ESCAPE)
    calls = list(store.calls())
    assert [c.status for c in calls] == ["completed", "completed"]
    assert [[d.choice for d in store.decisions(c.id)] for c in calls] == [e.choices for e in week.state.calls]
    report = verify_store(store, lib.scenarios, None, campaigns={campaign().id: campaign()})
    assert report.ok and report.checked == 2, [p.format() for p in report.problems]
    store.close()
    pygame.quit()
