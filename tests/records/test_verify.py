"""`ardojo verify`: every completed call re-played through the engine; edits, scenario changes and bad
signatures reported one per line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.content.library import load_library
from game.records.store import RecordStore
from game.records.verify import (BAD_DECISIONS, BAD_SIGNATURE, EDITED, SCENARIO_CHANGED, SCENARIO_MISSING,
                                 UNSIGNED, verify_store)
from records_helpers import SCENARIOS, ardojo, complete_program, failing, library, passing, record_call, store_at

KEY = b"verify-key"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Two trainees' calls, all signed, plus an unfinished and an abandoned call (never checked)."""
    path = tmp_path / "records.sqlite3"
    with store_at(path) as store:
        complete_program(store, "Sam", key=KEY)
        record_call(store, "Ana", "sunrise-bakery", failing("sunrise-bakery"), key=KEY)
        record_call(store, "Ana", "sunrise-bakery", failing("sunrise-bakery"), key=KEY)
        scenario = library().scenarios["harbor-logistics"]
        store.start_call("Ana", scenario)
        store.abandon_call(store.start_call("Ana", scenario))
    return path


def check(db: Path, key: bytes | None = KEY, scenarios=None):
    with RecordStore.open(db, write=False) as store:
        return verify_store(store, library().scenarios if scenarios is None else scenarios, key)


def sql(db: Path, statement: str, params: tuple = ()) -> None:
    with RecordStore.open(db) as store:
        store.conn.execute(statement, params)


def test_genuine_records_verify(db: Path) -> None:
    report = check(db)
    assert report.ok and report.checked == 5 and report.signatures_checked
    assert report.replays == 4  # Ana's two identical calls are re-played once
    assert report.summary().startswith("verify: ok: 5 completed calls re-played in ")
    assert check(db, key=None).summary().endswith("signatures not checked (set ARDOJO_SIGNING_KEY to check them)")


def test_an_edited_score_is_found(db: Path) -> None:
    # 42 with `passed`: a value no passing call can have, whatever the scenario's real scores are
    sql(db, "UPDATE calls SET overall = 42, passed = 1 WHERE scenario_id = 'crestview-dental'")
    (problem,) = check(db, key=None).problems
    assert problem.kind == EDITED and problem.scenario_id == "crestview-dental"
    assert "overall 42 stored" in problem.detail
    kinds = sorted(p.kind for p in check(db).problems)
    assert kinds == [BAD_SIGNATURE, EDITED]


def test_an_edited_decision_is_found(db: Path) -> None:
    sql(db, "UPDATE decisions SET choice = 2 WHERE seq = 1 AND call_id IN "
            "(SELECT id FROM calls WHERE scenario_id = 'sunrise-bakery' AND passed = 1)")
    (problem,) = check(db, key=None).problems
    assert problem.kind in (EDITED, BAD_DECISIONS) and problem.trainee == "Sam"


def test_missing_decisions_do_not_replay(db: Path) -> None:
    sql(db, "DELETE FROM decisions WHERE seq > 2 AND call_id IN "
            "(SELECT id FROM calls WHERE scenario_id = 'harbor-logistics')")
    (problem,) = check(db, key=None).problems
    assert problem.kind == BAD_DECISIONS and "before the call ends" in problem.detail


def test_a_changed_or_missing_scenario_is_reported(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(SCENARIOS, folder)
    with (folder / "disputing-harbor-logistics.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# edited after the calls were made\n")
    changed = load_library([folder]).scenarios
    (problem,) = check(db, scenarios=changed).problems
    assert problem.kind == SCENARIO_CHANGED and "has changed since this call" in problem.detail
    without = {k: v for k, v in library().scenarios.items() if k != "crestview-dental"}
    assert [p.kind for p in check(db, scenarios=without).problems] == [SCENARIO_MISSING]


def test_signatures_missing_wrong_or_made_with_another_key(db: Path) -> None:
    with store_at(db) as store:
        record_call(store, "Ana", "sunrise-bakery", passing("sunrise-bakery"))  # recorded without the key
    assert [p.kind for p in check(db).problems] == [UNSIGNED]
    sql(db, "UPDATE trainees SET name = 'Samantha' WHERE name = 'Sam'")  # re-attributes Sam's calls
    # Sam's three calls and Sam's signed list of calls (which covers the name)
    assert sorted(p.kind for p in check(db).problems) == [BAD_SIGNATURE] * 4 + [UNSIGNED]
    # with another key: five signed calls, two signed lists, one unsigned call
    assert len(check(db, key=b"another key").problems) == 8


def test_verify_cli_lines_summary_and_exit_code(db: Path) -> None:
    env = {"ARDOJO_SIGNING_KEY": KEY.decode()}
    done = ardojo("verify", "--db", str(db), env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("\n") == 1 and done.stdout.startswith("verify: ok: 5 completed calls")
    sql(db, "UPDATE calls SET empathy = empathy + 1 WHERE scenario_id = 'sunrise-bakery'")
    done = ardojo("verify", "--db", str(db), env=env)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert len(lines) == 7  # 3 sunrise calls x (edited + bad signature), then the summary
    assert all(line.startswith("call ") for line in lines[:-1])
    assert lines[-1].startswith("verify: FAILED: 6 problems in 5 completed calls (3 edited, 3 bad signature)")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("edit, detail", [
    ("UPDATE calls SET passed = 1", "not passed re-played"),
    ("UPDATE calls SET verdict = json_set(verdict, '$.passed', json('true'))", "the stored verdict says passed"),
    ("UPDATE calls SET verdict = json_set(verdict, '$.critical', json('[\"dont-overpromise\"]'))",
     "critical errors ['dont-overpromise'] stored, [] re-played"),
    ("UPDATE calls SET verdict = '{not json'", "the stored verdict is unreadable"),
    ("UPDATE calls SET wrapup = NULL", "not passed re-played"),  # no call log: it could not have passed
])
def test_a_verdict_out_of_step_with_its_call_is_found_without_a_key(tmp_path: Path, edit: str, detail: str) -> None:
    """The verdict is re-decided from the decisions, the stored marks and the stored call log, and must
    agree with the pass flag and name the critical errors the decisions make."""
    path = tmp_path / "records.sqlite3"
    with store_at(path) as store:
        record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery") if "wrapup" in edit else
                    failing("sunrise-bakery"))
    assert check(path, key=None).ok
    sql(path, edit)
    (problem,) = check(path, key=None).problems
    assert problem.kind == EDITED and detail in problem.detail, problem.detail
