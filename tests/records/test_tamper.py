"""Records that cannot be edited without detection: each edit a trainee could make to their own records
file with SQL (the issue's list, and the ways around the first answers) is named by `ardojo verify`.

The records: Sam practises the program's three calls (passing them, which does not count), fails
sunrise-bakery once for the program, then passes the program; Ana passes one call; the statements are
queued for the LRS and Sam's certificate is issued, all with the signing key.
Each edit is made on a copy of that file.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.records.certificates import check, issue
from game.records.store import RecordStore
from game.records.verify import (BAD_SIGNATURE, CERTIFICATE, CORRUPT, EDITED, LRS_EDITED, MISSING_CALL, REORDERED,
                                 SIGNATURE_REMOVED, STATUS_CHANGED, Problem, verify_store)
from game.xapi.outbox import queue_new
from game.xapi.scheme import XapiConfig
from records_helpers import (ORDER, PROGRAM_ID, ardojo, complete_program, failing, library, passing, program,
                             record_call, store_at)

KEY = b"tamper-key"


@dataclass(frozen=True)
class Records:
    path: Path
    practice: tuple[str, ...]
    failed: str
    passed: tuple[str, ...]
    code: str


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Records:
    path = tmp_path_factory.mktemp("tamper") / "records.sqlite3"
    with store_at(path, key=KEY) as store:
        practice = tuple(record_call(store, "Sam", sid, passing(sid), program_id=None, key=KEY) for sid in ORDER)
        failed = record_call(store, "Sam", "sunrise-bakery", failing("sunrise-bakery"), key=KEY)
        passed = tuple(complete_program(store, "Sam", key=KEY))
        record_call(store, "Ana", "sunrise-bakery", passing("sunrise-bakery"), key=KEY)
        queue_new(store, XapiConfig())
        code = issue(store, program(), library().scenarios, "Sam", KEY).code
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return Records(path, practice, failed, passed, code)


def edited_copy(records: Records, tmp_path: Path, *statements: str) -> Path:
    copy = tmp_path / "edited.sqlite3"
    with closing(sqlite3.connect(records.path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:  # as a trainee would: foreign keys off
        for statement in statements:
            conn.execute(statement.format(failed=records.failed, last=records.passed[-1],
                                          first=records.passed[0], practice=records.practice[0]))
    return copy


def problems(path: Path, key: bytes | None = KEY) -> list[Problem]:
    with RecordStore.open(path, write=False) as store:
        return verify_store(store, library().scenarios, key).problems


def test_the_genuine_records_verify(records: Records) -> None:
    assert problems(records.path) == []
    assert problems(records.path, key=None) == []


#: (what the trainee did, the SQL, the kind of problem verify reports, words its line must contain)
EDITS = [
    ("practice calls counted for the program",
     [f"UPDATE calls SET program_id = '{PROGRAM_ID}' WHERE program_id IS NULL"],
     BAD_SIGNATURE, "the program it counts for"),
    ("a failed attempt marked abandoned",
     ["UPDATE calls SET status = 'abandoned' WHERE id = '{failed}'"],
     BAD_SIGNATURE, "the status"),
    ("a failed attempt marked abandoned, its signature removed",
     ["UPDATE calls SET status = 'abandoned', signature = NULL WHERE id = '{failed}'"],
     SIGNATURE_REMOVED, "was sealed with a signature, which has been removed"),
    ("a failed attempt made unfinished again, its signature removed",
     ["UPDATE calls SET status = 'in_progress', ended_at = NULL, signature = NULL WHERE id = '{failed}'"],
     STATUS_CHANGED, "was sealed as finished, but is now in progress"),
    ("a failed attempt deleted",
     ["DELETE FROM decisions WHERE call_id = '{failed}'", "DELETE FROM calls WHERE id = '{failed}'"],
     MISSING_CALL, "call #4 of 7 in the trainee's list is not in the records"),
    ("the latest call deleted and the trainee's count lowered to match",
     ["DELETE FROM decisions WHERE call_id = '{last}'", "DELETE FROM calls WHERE id = '{last}'",
      "UPDATE trainees SET calls = calls - 1 WHERE name = 'Sam'"],
     MISSING_CALL, "its list was sealed with 7 calls, but now counts 6"),
    ("a start time moved (to before the scenario was unlocked)",
     ["UPDATE calls SET started_at = '2026-01-01T09:00:00.000Z' WHERE id = '{failed}'"],
     BAD_SIGNATURE, "the start or end time"),
    ("an end time moved",
     ["UPDATE calls SET ended_at = '2026-12-31T09:00:00.000Z' WHERE id = '{first}'"],
     BAD_SIGNATURE, "the start or end time"),
    ("the text of a decision (what the LRS is sent) rewritten",
     ["UPDATE decisions SET said = 'I understand completely, take all the time you need.' "
      "WHERE call_id = '{failed}' AND seq = 1"],
     EDITED, "decision 1: what was said not what the scenario gives"),
    ("the text queued for the LRS rewritten",
     ["UPDATE xapi_outbox SET body = json_set(body, '$.result.response', 'A much better reply') "
      "WHERE call_id = '{failed}' AND seq = 1"],
     LRS_EDITED, "its text was changed after it was queued"),
    ("a failed call's verdict rewritten to passed with more lenient marks",
     ["UPDATE calls SET passed = 1, verdict = json_set(verdict, '$.passed', json('true'), '$.reasons', json('[]'),"
      " '$.marks.overall', 0, '$.marks.wrapup', 0, '$.marks.professionalism', 0, '$.marks.empathy', 0,"
      " '$.marks.clarity', 0, '$.marks.commitment', 0) WHERE id = '{failed}'"],
     BAD_SIGNATURE, "the stored verdict"),
    ("the call log rewritten",
     ["UPDATE calls SET wrapup = json_set(wrapup, '$.amount', 1) WHERE id = '{first}'"],
     BAD_SIGNATURE, "the call log"),
    ("two calls swapped in the trainee's list",
     ["UPDATE calls SET trainee_seq = -1 WHERE id = '{failed}'",
      "UPDATE calls SET trainee_seq = 4 WHERE id = '{practice}'",
      "UPDATE calls SET trainee_seq = 1 WHERE id = '{failed}'"],
     REORDERED, "started at"),
    ("a call moved to another trainee",
     ["UPDATE calls SET trainee_id = (SELECT id FROM trainees WHERE name = 'Ana') WHERE id = '{failed}'"],
     BAD_SIGNATURE, "who and which call"),
    ("the certificate's list of calls edited",
     ["UPDATE certificates SET calls = replace(calls, '{first}', '{failed}')"],
     CERTIFICATE, "NOT GENUINE"),
]


@pytest.mark.parametrize("what, statements, kind, words", EDITS, ids=[e[0] for e in EDITS])
def test_each_edit_is_named_by_verify(records: Records, tmp_path: Path, what: str, statements: list[str],
                                      kind: str, words: str) -> None:
    found = problems(edited_copy(records, tmp_path, *statements))
    named = [p for p in found if p.kind == kind and words in p.format()]
    assert named, f"{what}: verify said {[p.format() for p in found]}"


def test_the_issues_forgery_no_longer_earns_a_certificate(tmp_path: Path) -> None:
    """Practise the three calls (which does not count), move them into the program with one UPDATE: a
    certificate is refused, and verify names the edit on each call."""
    path = tmp_path / "records.sqlite3"
    with store_at(path, key=KEY) as store:
        for sid in ORDER:
            record_call(store, "Sam", sid, passing(sid), program_id=None, key=KEY)
        with pytest.raises(Exception, match="has not completed"):
            issue(store, program(), library().scenarios, "Sam", KEY)
        store.conn.execute(f"UPDATE calls SET program_id = '{PROGRAM_ID}' WHERE program_id IS NULL")
        with pytest.raises(Exception, match="fails verification") as err:
            issue(store, program(), library().scenarios, "Sam", KEY)
    assert "the program it counts for" in str(err.value)
    done = ardojo("verify", "--db", str(path), env={"ARDOJO_SIGNING_KEY": KEY.decode()})
    assert done.returncode == 1 and "verify: FAILED: 3 problems" in done.stdout, done.stdout
    assert done.stdout.count("changed after it was signed: the program it counts for") == 3


def test_a_relabelled_call_makes_its_certificate_not_genuine(records: Records, tmp_path: Path) -> None:
    copy = edited_copy(records, tmp_path, "UPDATE calls SET program_id = NULL WHERE id = '{first}'")
    done = ardojo("verify", "--certificate", records.code, "--db", str(copy), env={"ARDOJO_SIGNING_KEY": KEY.decode()})
    assert done.returncode == 1 and done.stdout.startswith("NOT GENUINE"), done.stdout


def test_edits_without_the_key_are_still_found_where_the_records_disagree(records: Records, tmp_path: Path) -> None:
    """Without the key the signatures prove nothing, but a careless edit still shows: a hole in the
    numbering, a start time out of order, text that is not the scenario's, an outbox that disagrees."""
    cases = [
        (["DELETE FROM calls WHERE id = '{failed}'"], MISSING_CALL),
        (["UPDATE calls SET started_at = '2026-01-01T09:00:00.000Z' WHERE id = '{failed}'"], REORDERED),
        (["UPDATE decisions SET said = 'Anything' WHERE call_id = '{first}' AND seq = 2"], EDITED),
        (["UPDATE xapi_outbox SET body = json_set(body, '$.result.response', 'x') "
          "WHERE call_id = '{first}' AND seq = 1",
          "UPDATE xapi_outbox SET signature = NULL"], LRS_EDITED),
    ]
    for number, (statements, kind) in enumerate(cases):
        folder = tmp_path / str(number)
        folder.mkdir()
        kinds = [p.kind for p in problems(edited_copy(records, folder, *statements), key=None)]
        assert kind in kinds, (statements, kinds)


def _overwrite_a_decisions_page(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        page = conn.execute("SELECT pageno FROM dbstat WHERE name = 'decisions' AND pagetype = 'leaf' "
                            "ORDER BY pageno LIMIT 1 OFFSET 1").fetchone()[0]
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(bytes((i * 7 + 3) % 256 for i in range(size)))


def test_an_overwritten_page_fails_verify_report_and_play(records: Records, tmp_path: Path) -> None:
    copy = edited_copy(records, tmp_path)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    _overwrite_a_decisions_page(copy)
    found = problems(copy)
    assert found[0].kind == CORRUPT and "fails SQLite's integrity check" in found[0].detail
    done = ardojo("verify", "--db", str(copy))
    assert done.returncode == 1 and "corrupt:" in done.stdout and "Traceback" not in done.stderr
    before = copy.read_bytes()
    report = ardojo("report", "--db", str(copy))
    assert report.returncode == 1 and report.stdout == "", report.stdout
    assert "fails SQLite's integrity check" in report.stderr and "no report was written" in report.stderr
    play = ardojo("play", "--text", "--name", "Sam", "sunrise-bakery", "--db", str(copy), stdin="\n" + "1\n" * 30)
    assert play.returncode == 1 and "fails SQLite's integrity check" in play.stderr
    assert "nothing more is written to it" in play.stderr and "Traceback" not in play.stderr
    assert copy.read_bytes() == before  # play wrote nothing
