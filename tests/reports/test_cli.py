"""`ardojo report` as a user runs it: a separate process, ARDOJO_DB or --db pointing at a real file."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from report_helpers import PROGRAM, ROOT
from game.records.store import RecordStore
from game.reports.csv_out import COLUMNS
from game.reports.gather import STEPS


def ardojo(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if db is not None:
        env["ARDOJO_DB"] = str(db)
    return subprocess.run([sys.executable, "-m", "game", "report", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_table_report(cohort_db: Path) -> None:
    result = ardojo(db=cohort_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("AR Dojo — trainer report") and "RULES MOST OFTEN MISSED" in result.stdout
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_csv_on_stdout_stays_clean_with_progress(cohort_db: Path) -> None:
    result = ardojo("--format", "csv", "--progress", "--db", str(cohort_db))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(COLUMNS) and all(len(r) == len(COLUMNS) for r in rows)
    assert f"report [1/{len(STEPS)}] loading the scenarios" in result.stderr and "report ready" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "html"])
def test_progress_never_reaches_stdout(cohort_db: Path, fmt: str) -> None:
    result = ardojo("--format", fmt, "--progress", db=cohort_db)
    assert result.returncode == 0 and "report [" not in result.stdout and "report ready" in result.stderr


def test_html_to_a_file(cohort_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "team.html"
    result = ardojo("--program", PROGRAM, "-o", str(out), db=cohort_db)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"Report written to {out} (html)" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Where each trainee stands" in page and "<svg" in page


def test_trainee_filter_matches_any_case(cohort_db: Path) -> None:
    result = ardojo("--trainee", "ANA", db=cohort_db)
    assert result.returncode == 0 and "Covers trainee Ana," in result.stdout


def test_no_database_yet(tmp_path: Path) -> None:
    result = ardojo(db=tmp_path / "none.sqlite3")
    one_line_error(result, "error: no records database at", "none.sqlite3", "play a call first, or pass --db")
    assert not (tmp_path / "none.sqlite3").exists()  # a report never creates a database


def test_empty_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.sqlite3"
    RecordStore.open(db).close()
    result = ardojo("--db", str(db))
    assert result.returncode == 0 and "No calls recorded yet" in result.stderr
    zero = tmp_path / "zero.sqlite3"
    zero.touch()
    assert ardojo(db=zero).returncode == 0


def test_unknown_trainee(cohort_db: Path) -> None:
    one_line_error(ardojo("--trainee", "Zed", db=cohort_db), "no trainee 'Zed'", "Ana, Ben, Cleo")


def test_unknown_program(cohort_db: Path) -> None:
    one_line_error(ardojo("--program", "week-9", db=cohort_db), "no program 'week-9'", PROGRAM)


@pytest.mark.parametrize("target", ["missing-folder/out.html", "a-file/out.html", "."])
def test_unwritable_output(cohort_db: Path, tmp_path: Path, target: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    one_line_error(ardojo("-o", str(tmp_path / target), db=cohort_db), "error:")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_write_failure(cohort_db: Path) -> None:
    one_line_error(ardojo("--format", "csv", "-o", "/dev/full", db=cohort_db), "cannot write /dev/full")


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are my notes, not a database\n" * 20)
    one_line_error(ardojo(db=bad), "not an AR Dojo records database")
    assert bad.read_text().startswith("these are my notes")  # left as it was


def test_corrupted_database(cohort_db: Path) -> None:
    with sqlite3.connect(cohort_db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with cohort_db.open("r+b") as fh:  # wreck every page but the first (the header stays valid)
        for page in range(1, pages):
            fh.seek(page * size)
            fh.write(b"\xa5" * size)
    one_line_error(ardojo(db=cohort_db), "error:", "corrupted")


def test_format_follows_the_output_suffix(cohort_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cohort.csv"
    assert ardojo("-o", str(out), db=cohort_db).returncode == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)


def test_database_path_is_a_folder(tmp_path: Path) -> None:
    one_line_error(ardojo(db=tmp_path), "is a folder")


def test_database_from_a_newer_version(cohort_db: Path) -> None:
    with sqlite3.connect(cohort_db) as conn:
        conn.execute("PRAGMA user_version = 99")
    one_line_error(ardojo(db=cohort_db), "newer AR Dojo")
