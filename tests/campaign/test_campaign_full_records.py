"""Campaign calls are full records: each call of a week is an ordinary signed call (decisions, seed, verdict,
call log) naming its week, `verify` re-plays them like any call and checks the week against them, and an
edit to the week, its report or one of its calls is found. Real SQLite files, the shipped campaign."""

from __future__ import annotations

import io
import json
import sqlite3

from campaign_helpers import ScriptedTrainee, campaign, library
from game.campaign.week import Week
from game.records import campaigns as records
from game.records.schema import MIGRATIONS, SCHEMA_VERSION
from game.records.store import RecordStore
from game.records.verify import BAD_SIGNATURE, CAMPAIGN_MISSING, EDITED, UNSIGNED, WEEK, verify_store
from game.ui.text.campaign_terminal import run_week
from game.ui.text.terminal_io import Terminal

KEY = b"campaign-test-key"
ORDER = ["kessler", "marigold", "ashford", "harbor", "quarry", "lakeside", "delgado", "crestview", "fernwood"]


def play_week(db, seed: int = 42, key: bytes | None = KEY, days: int | None = None) -> str:
    """A week played through the terminal by the scripted trainee, recorded as the command records it."""
    lib = library()
    with RecordStore.open(db, key=key) as store:
        name = store.sign_in("Sam")
        week = Week(campaign(), lib.scenarios, seed, lib.rule_titles())
        week_id = records.start_week(store, name, week.state)
        recorder = records.WeekRecorder(store, week_id, name)
        run_week(Terminal(io.StringIO(), ScriptedTrainee(week, ORDER)), week, lib.rulebook, recorder.save, recorder)
        recorder.finish(week)
    return week_id


def campaigns() -> dict:
    c = campaign()
    return {c.id: c}


def verify(db, key: bytes | None = KEY, with_campaigns: bool = True):
    with RecordStore.open(db, write=False) as store:
        return verify_store(store, library().scenarios, key, campaigns=campaigns() if with_campaigns else None)


def test_each_call_of_a_week_is_an_ordinary_signed_call_record(tmp_path):
    db = tmp_path / "records.db"
    week_id = play_week(db)
    with RecordStore.open(db, write=False) as store:
        row = records.weeks(store)[0]
        calls = [c for c in store.calls() if c.campaign_week_id == week_id]
        assert len(calls) == len(row.state.calls) == row.report["calls_made"] == 10
        for call, entry in zip(calls, row.state.calls):
            assert call.status == "completed" and call.signature.startswith("v3:")
            assert (call.scenario_id, call.seed) == (entry.scenario, entry.seed)
            assert [d.choice for d in store.decisions(call.id)] == entry.choices
            assert call.verdict["marks"]["source"] == "scenario" and call.passed is True
            assert call.wrapup["call_date"] == campaign().day_date(entry.day).isoformat()
            assert call.wrapup["disposition"] == entry.wrapup["disposition"]
        linked = [r[0] for r in store.query("SELECT call_id FROM campaign_calls WHERE week_id = ? ORDER BY seq",
                                            (week_id,))]
        assert linked == [c.id for c in calls]
        assert store.unfinished_calls("Sam") == []
    report = verify(db)
    assert report.ok, [p.format() for p in report.problems]
    assert report.checked == 10


def test_verify_finds_an_edited_week_report(tmp_path):
    db = tmp_path / "records.db"
    play_week(db)
    conn = sqlite3.connect(db)
    report = json.loads(conn.execute("SELECT report FROM campaign_weeks").fetchone()[0])
    report["cash_collected"] += 1000
    conn.execute("UPDATE campaign_weeks SET report = ?", (json.dumps(report),))
    conn.commit()
    conn.close()
    problems = verify(db).problems
    assert sorted(p.kind for p in problems) == [BAD_SIGNATURE, WEEK]  # the week is signed, and re-played
    assert all("Sam" in p.format() for p in problems)
    assert "cash_collected" in next(p for p in problems if p.kind == WEEK).detail
    assert [p.kind for p in verify(db, key=None).problems] == [WEEK]  # without the key: the re-play alone


def test_verify_finds_week_decisions_that_no_longer_match_the_signed_calls(tmp_path):
    db = tmp_path / "records.db"
    play_week(db)
    conn = sqlite3.connect(db)
    state = json.loads(conn.execute("SELECT state FROM campaign_weeks").fetchone()[0])
    state["calls"][0]["wrapup"]["follow_up"] = None  # the week says no follow-up was diarised
    conn.execute("UPDATE campaign_weeks SET state = ?", (json.dumps(state),))
    conn.commit()
    conn.close()
    problems = verify(db).problems
    assert {p.kind for p in problems} == {BAD_SIGNATURE, WEEK}
    assert any("another call log than the week's" in p.detail for p in problems if p.kind == WEEK)


def test_a_week_recorded_without_the_key_is_unsigned_until_verify_signs_it(tmp_path):
    db = tmp_path / "records.db"
    play_week(db, key=None)
    kinds = {p.kind for p in verify(db).problems}
    assert kinds == {UNSIGNED}  # its calls and the week itself
    with RecordStore.open(db) as store:
        assert records.reseal_weeks(store, KEY) == 1
        assert store.query("SELECT signature LIKE 'v3:%' FROM campaign_weeks") == [(1,)]


def test_an_edited_campaign_call_is_edited_like_any_call_and_breaks_its_week(tmp_path):
    db = tmp_path / "records.db"
    play_week(db, key=None)  # unsigned: the re-play alone finds it
    conn = sqlite3.connect(db)
    conn.execute("UPDATE calls SET overall = 12 WHERE id = (SELECT call_id FROM campaign_calls WHERE seq = 1)")
    conn.commit()
    conn.close()
    kinds = sorted(p.kind for p in verify(db, key=None).problems)
    assert kinds == [EDITED, WEEK]


def test_a_campaign_not_in_the_library_is_named(tmp_path):
    db = tmp_path / "records.db"
    play_week(db)
    with RecordStore.open(db, write=False) as store:
        report = verify_store(store, library().scenarios, KEY, campaigns={})
    assert [p.kind for p in report.problems] == [CAMPAIGN_MISSING]
    assert verify(db, with_campaigns=False).ok  # a caller without campaigns checks the calls only


def test_a_call_left_mid_way_is_closed_when_the_week_goes_on_and_never_offered_to_play(tmp_path):
    db = tmp_path / "records.db"
    lib = library()
    with RecordStore.open(db) as store:
        week = Week(campaign(), lib.scenarios, 3, lib.rule_titles())
        week_id = records.start_week(store, "Sam", week.state)
        recorder = records.WeekRecorder(store, week_id, "Sam")
        call = week.start_call("kessler")
        recorder.call_started(call)
        call.choose(call.shown[0].index)
        recorder.call_step(call)
        left = recorder.call_id
    with RecordStore.open(db) as store:
        assert store.unfinished_calls("Sam") == []  # `play` never resumes a week's call
        row = records.weeks(store, "Sam")[0]
        week = Week.replay(campaign(), lib.scenarios, row.state, lib.rule_titles())
        recorder = records.WeekRecorder(store, row.id, "Sam")
        call = week.start_call("kessler")
        recorder.call_started(call)
        assert store.call(left).status == "abandoned"
    assert verify(db, key=None).ok


def test_an_older_file_with_a_week_migrates_and_still_verifies(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for sql in MIGRATIONS[:SCHEMA_VERSION - 1]:
        conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    lib = library()
    with RecordStore.open(db) as store:  # a week saved before schema 9: graded calls, no call records
        week = Week(campaign(), lib.scenarios, 5, lib.rule_titles())
        week_id = records.start_week(store, "Sam", week.state)
        from game.campaign.strategies import best_choices
        from game.engine.wrapup import expected_wrapup
        call = week.start_call("kessler")
        best_choices(call)
        result = week.finish_call(call, expected_wrapup(call.scenario, call.node, week.today))
        records.save_progress(store, week_id, week.state, result)
        assert store.query("SELECT call_id FROM campaign_calls") == [(None,)]
        assert "campaign_week_id" in {r[1] for r in store.query("PRAGMA table_info(calls)")}
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert verify(db, key=None).ok


def test_the_commands_cover_a_week_played_on_stdin(tmp_path):
    """`ardojo campaign --text` then `verify`, `report --rows weeks` and `xapi export` on the same file."""
    import csv
    import os
    import subprocess
    import sys

    from campaign_helpers import FIRST_WEEK, REPO, SCENARIOS

    lib = library()
    week = Week(campaign(), lib.scenarios, 8, lib.rule_titles())
    trainee = ScriptedTrainee(week, ORDER)
    run_week(Terminal(io.StringIO(), trainee), week, lib.rulebook)
    db = tmp_path / "records.db"

    def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        done = subprocess.run([sys.executable, "main.py", *args], input=stdin, capture_output=True, text=True,
                              cwd=REPO, timeout=120, env={**os.environ, "ARDOJO_SCENARIOS": str(SCENARIOS)})
        assert "Traceback" not in done.stderr, done.stderr[-2000:]
        return done

    played = cli("campaign", "--text", "--seed", "8", "--db", str(db), "--scenarios", str(SCENARIOS), str(FIRST_WEEK),
                 stdin="Sam\n" + "\n".join(trainee.lines) + "\n")
    assert played.returncode == 0, played.stderr[-2000:]
    verified = cli("verify", "--db", str(db), "--scenarios", str(SCENARIOS))
    assert verified.returncode == 0 and verified.stdout.startswith("verify: ok: 10 completed calls"), verified.stdout
    rows = list(csv.DictReader(io.StringIO(cli("report", "--db", str(db), "--scenarios", str(SCENARIOS),
                                               "--all-scenarios", "--rows", "weeks").stdout)))
    assert [(r["trainee"], r["seed"], r["completed"], r["calls"]) for r in rows] == [("Sam", "8", "1", "10")]
    lines = [json.loads(line) for line in cli("xapi", "export", "--db", str(db)).stdout.splitlines()]
    verbs = [s["verb"]["display"]["en-US"] for s in lines if s["context"]["registration"] == rows[0]["week_id"]]
    assert verbs == ["initialized", "completed"]
    conn = sqlite3.connect(db)  # edit the week's report behind the game's back: verify says so
    conn.execute("UPDATE campaign_weeks SET report = json_set(report, '$.promises_kept', 99)")
    conn.commit()
    conn.close()
    broken = cli("verify", "--db", str(db), "--scenarios", str(SCENARIOS))
    assert broken.returncode == 1 and ": week: " in broken.stdout and "promises_kept" in broken.stdout
