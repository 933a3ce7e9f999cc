"""`ardojo report` as a manager uses it, in real subprocesses: the program chosen by default (and said
so), JSON for `report` and `verify` parsed back, CSV one row per call / decision / trainee with the
call log and a UTF-8 BOM only when asked, several --db files merged, and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cohort_program_fixture import PROGRAM_ID, Cohort, make_scenarios, play_cohort
from game.records.store import RecordStore
from report_helpers import ROOT, Clock, best, play_call

REPORT_KEYS = {"format", "format_version", "generated_at", "databases", "scope", "totals", "trainees", "scenarios",
               "program", "calls", "calls_total", "critical", "rules", "best_reply", "notes", "weeks"}
TRAINEE_KEYS = {"name", "group", "calls", "completed", "passed_calls", "scenarios_tried", "scenarios_passed",
                "scenarios_total", "unfinished", "abandoned", "stuck", "stuck_reason", "program_status",
                "next_suggested", "best", "latest", "last_call", "scenarios"}


def ardojo(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, encoding="utf-8")
    if ok:
        assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, compiled) -> Cohort:
    base = tmp_path_factory.mktemp("exports")
    cohort = play_cohort(base / "records.sqlite3", make_scenarios(base / "scenarios"), compiled)
    with RecordStore.open(cohort.db, clock=Clock("2026-03-05T09:00:00")) as store:
        play_call(store, compiled["sunrise-bakery"], "@SUM(A1)", best)  # a name a spreadsheet would run
    return cohort


def _count(db: Path, sql: str) -> int:
    with RecordStore.open(db, write=False) as store:
        return store.query(sql)[0][0]


def test_default_program_is_said_and_all_scenarios_covers_everything(cohort: Cohort) -> None:
    common = ("--db", str(cohort.db), "--scenarios", str(cohort.scenarios))
    text = ardojo("report", *common).stdout
    assert f"Program: {PROGRAM_ID}" in text.splitlines()[1] and "default" in text.splitlines()[1]
    data = json.loads(ardojo("report", *common, "--format", "json").stdout)
    assert set(data) == REPORT_KEYS and data["format"] == "ardojo-report"
    assert data["scope"]["program"] == PROGRAM_ID and data["scope"]["program_default"] is True
    assert data["totals"]["calls"] == _count(cohort.db, f"SELECT COUNT(*) FROM calls WHERE program_id = '{PROGRAM_ID}'")
    assert all(set(t) == TRAINEE_KEYS for t in data["trainees"])
    by = {t["name"]: t for t in data["trainees"]}
    assert by["Ben"]["stuck"] and "out of attempts" in by["Ben"]["stuck_reason"]
    assert by["María"]["unfinished"] == 1 and by["Cleo"]["abandoned"] == 1 and by["María"]["group"] == "north"
    assert data["best_reply"]["sunrise-bakery"]["greeting"] == {"chose_best": 3, "trainees": 4, "share": 0.75}
    assert all(c["call_log"]["disposition"] for c in data["calls"])
    everything = json.loads(ardojo("report", *common, "--all-scenarios", "--format", "json").stdout)
    assert everything["scope"]["program"] is None and everything["program"] is None
    assert everything["totals"]["calls"] == _count(cohort.db, "SELECT COUNT(*) FROM calls")
    named = json.loads(ardojo("report", *common, "--program", "zz-other", "--format", "json").stdout)
    assert named["scope"]["program_default"] is False and named["totals"]["calls"] == 0


def _csv(cohort: Cohort, tmp_path: Path, rows: str, *extra: str) -> tuple[bytes, list[dict]]:
    out = tmp_path / f"{rows}.csv"
    ardojo("report", "--db", str(cohort.db), "--scenarios", str(cohort.scenarios), "--rows", rows, "-o", str(out),
           *(extra or ("--all-scenarios",)))
    raw = out.read_bytes()
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_rows_calls_decisions_trainees(cohort: Cohort, tmp_path: Path) -> None:
    raw, calls = _csv(cohort, tmp_path, "calls")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert len(calls) == _count(cohort.db, "SELECT COUNT(*) FROM calls")
    with RecordStore.open(cohort.db, write=False) as store:
        stored = {cid: (status, disp) for cid, status, disp in store.query(
            "SELECT id, status, json_extract(wrapup, '$.disposition') FROM calls")}
    assert {r["status"] for r in calls} == {"completed", "in_progress", "abandoned"}
    assert all(bool(r["abandoned_at"]) == (r["status"] == "abandoned") for r in calls)
    for row in calls:
        assert (row["status"], row["log_disposition"] or None) == stored[row["call_id"]]
        assert (row["verdict"] != "") == (row["status"] == "completed")
    ben = [int(r["attempt"]) for r in calls if r["trainee"] == "Ben" and r["scenario"] == "sunrise-bakery"]
    assert ben == [1, 2, 3]
    assert "'@SUM(A1)" in {r["trainee"] for r in calls}  # neutralised, never a formula
    assert {"log_amount", "log_date", "log_instalments", "log_score", "professionalism", "critical_errors"} <= set(calls[0])
    _, decisions = _csv(cohort, tmp_path, "decisions")
    assert len(decisions) == _count(cohort.db, "SELECT COUNT(*) FROM decisions")
    assert {r["top"] for r in decisions} <= {"0", "1"} and {r["top"] for r in decisions} == {"0", "1"}
    raw, trainees = _csv(cohort, tmp_path, "trainees", "--bom")  # the default program: who is stuck in it
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    by = {r["trainee"]: r for r in trainees}
    assert "María" in by and by["María"]["unfinished"] == "1" and by["Cleo"]["abandoned"] == "1"
    assert by["Ben"]["stuck"] == "1" and "out of attempts" in by["Ben"]["stuck_reason"] and by["Ana"]["stuck"] == "0"
    assert by["Ana"]["program_status"] == "complete" and by["María"]["next_suggested"] == "harbor-logistics"
    assert by["María"]["group"] == "north"


def test_sectioned_csv_has_unfinished_abandoned_and_call_logs(cohort: Cohort) -> None:
    text = ardojo("report", "--db", str(cohort.db), "--scenarios", str(cohort.scenarios), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    trainees = {r["trainee"]: r for r in rows if r["section"] == "trainee"}
    assert (trainees["María"]["unfinished"], trainees["Cleo"]["abandoned"]) == ("1", "1")
    assert "out of attempts" in trainees["Ben"]["stuck"] and trainees["Ana"]["stuck"] == ""
    calls = [r for r in rows if r["section"] == "call"]
    assert calls and all(" · log " in r["call_log"] for r in calls)


def test_verify_json_parses_and_sees_an_edit(cohort: Cohort, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite3"
    shutil.copy(cohort.db, db)
    common = ("verify", "--db", str(db), "--scenarios", str(cohort.scenarios), "--format", "json")
    data = json.loads(ardojo(*common).stdout)
    assert data["ok"] is True and data["problems"] == []
    assert data["checked"] == _count(db, "SELECT COUNT(*) FROM calls WHERE status = 'completed'")
    with RecordStore.open(db) as store:
        store.conn.execute("UPDATE calls SET overall = overall + 1 WHERE id = (SELECT id FROM calls WHERE "
                           "status = 'completed' LIMIT 1)")
    done = ardojo(*common, ok=False)
    edited = json.loads(done.stdout)
    assert done.returncode == 1 and edited["ok"] is False and edited["problems"][0]["call_id"]


def test_several_db_files_are_merged_by_call_id(cohort: Cohort, tmp_path: Path, compiled) -> None:
    first, second, other = tmp_path / "pc1.sqlite3", tmp_path / "pc2.sqlite3", tmp_path / "pc3.sqlite3"
    shutil.copy(cohort.db, first)
    shutil.copy(cohort.db, second)  # pc2 holds everything pc1 has, and more
    with RecordStore.open(second, clock=Clock("2026-03-06T09:00:00")) as store:
        play_call(store, compiled["sunrise-bakery"], "Dan", best, PROGRAM_ID)
    with RecordStore.open(other, clock=Clock("2026-03-07T09:00:00")) as store:  # Ana again, numbered from 1 here
        play_call(store, compiled["harbor-logistics"], "Ana", best)
    done = ardojo("report", "--db", str(first), "--db", str(second), "--db", str(other), "--scenarios",
                  str(cohort.scenarios), "--all-scenarios", "--format", "json")
    data = json.loads(done.stdout)
    unique = _count(second, "SELECT COUNT(*) FROM calls") + _count(other, "SELECT COUNT(*) FROM calls")
    assert data["totals"]["calls"] == unique
    assert [t["name"] for t in data["trainees"]].count("Ana") == 1
    assert data["databases"] == [str(first), str(second), str(other)]
    note = data["notes"][0]
    shared = _count(first, "SELECT COUNT(*) FROM calls")
    assert "3 records files merged" in note and f"{shared} calls found in more than one file counted once" in note


def test_user_mistakes_are_one_line(cohort: Cohort) -> None:
    common = ("report", "--db", str(cohort.db), "--scenarios", str(cohort.scenarios))
    for args, code in (((*common, "--group", "east"), 1), ((*common, "--since", "2026-13-01"), 2),
                       ((*common, "--rows", "calls", "--format", "html"), 1), ((*common, "--trainee", "Zed"), 1)):
        done = ardojo(*args, ok=False)
        assert done.returncode == code, done.stderr
        assert done.stderr.strip().splitlines()[-1].startswith(("error:", "usage:", "ardojo")), done.stderr
        assert "error" in done.stderr.strip().splitlines()[-1]
