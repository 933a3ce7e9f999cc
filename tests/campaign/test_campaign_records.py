"""Campaign weeks in a real SQLite records file: started, saved call by call, finished with the report;
read back by trainee and campaign; the migration adds the tables to an existing file."""

from __future__ import annotations

import sqlite3

from campaign_helpers import campaign, library
from game.campaign.report import build_report
from game.campaign.strategies import best_choices
from game.campaign.week import Week
from game.engine.wrapup import expected_wrapup
from game.records import campaigns as records
from game.records.schema import MIGRATIONS, SCHEMA_VERSION
from game.records.store import RecordStore


def test_a_week_is_stored_call_by_call_and_replays_from_the_file(tmp_path):
    db = tmp_path / "records.db"
    lib = library()
    with RecordStore.open(db) as store:
        week = Week(campaign(), lib.scenarios, 7, lib.rule_titles())
        week_id = records.start_week(store, "Sam", week.state)
        for acc in ("kessler", "marigold"):
            call = week.start_call(acc)
            best_choices(call)
            result = week.finish_call(call, expected_wrapup(call.scenario, call.node, week.today))
            records.save_progress(store, week_id, week.state, result)
        week.end_day()
        records.save_progress(store, week_id, week.state)
        assert [w.id for w in records.weeks(store, "sam", campaign().id, "in_progress")] == [week_id]
    with RecordStore.open(db) as store:  # a new process: resume from the file
        row = records.weeks(store, "Sam")[0]
        resumed = Week.replay(campaign(), lib.scenarios, row.state, lib.rule_titles())
        assert resumed.day == 2 and build_report(resumed).to_dict() == build_report(week).to_dict()
        while not resumed.finished:
            resumed.end_day()
        records.finish_week(store, week_id, resumed.state, build_report(resumed).to_dict())
        done = records.weeks(store, status="completed")
        assert len(done) == 1 and done[0].report["calls_made"] == 2 and done[0].ended_at
        assert done[0].report["dso_before"] > 0 and set(done[0].report["dimensions"]) >= {"empathy", "clarity"}
        calls = records.week_calls(store, week_id)
        assert [(c["day"], c["account"]) for c in calls] == [(1, "kessler"), (1, "marigold")]
        assert all(c["passed"] is True and c["wrapup_score"] == 100 and c["scores"]["empathy"] >= 0 for c in calls)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_campaign_migration_upgrades_an_older_file(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    step = next(i for i, sql in enumerate(MIGRATIONS) if "campaign_weeks" in sql)
    for sql in MIGRATIONS[:step]:
        conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {step}")
    conn.commit()
    conn.close()
    with RecordStore.open(db) as store:
        assert records.weeks(store) == []
        tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"campaign_weeks", "campaign_calls"} <= tables
