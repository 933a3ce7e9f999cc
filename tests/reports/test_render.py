"""The three renderings of one report: a 100-column table, a stable CSV, one self-contained HTML file."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from report_helpers import Clock, play_call, worst
from game.content.library import Library
from game.records.store import RecordStore
from game.reports.csv_out import COLUMNS, render_csv
from game.reports.gather import build_report
from game.reports.html import render_html
from game.reports.model import MISS_DEFINITION
from game.reports.table import WIDTH, render_table

SECTIONS = {"summary", "trainee", "trainee_scenario", "requirement", "program_step", "distribution", "critical",
            "call", "rule", "choice"}


@pytest.fixture
def report(cohort_db: Path, library: Library):
    with RecordStore.open(cohort_db, write=False) as store:
        return build_report(store, library, with_attempts=True, with_calls=True)


def test_table_fits_100_columns_and_has_every_section(report) -> None:
    text = render_table(report)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    for heading in ("TRAINEES", "PROGRESS BY SCENARIO", "SCORE DISTRIBUTION", "CRITICAL ERRORS",
                    "RULES MOST OFTEN MISSED", "CHOICES PER SCENARIO"):
        assert any(line.startswith(heading) for line in lines), heading
    assert " ".join(MISS_DEFINITION.split()[:12]) in " ".join(text.split())
    ana = next(line for line in lines if line.startswith("Ana "))
    assert f"3/{len(report.scope.scenario_ids)}" in ana
    assert re.search(r"^\s+\d+ .+\s+\d+\s+\d+%", text, re.M)  # option lines: number, text, picks, share


def test_csv_has_stable_columns_and_sections(report) -> None:
    text = render_csv(report)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert {r["section"] for r in rows} <= SECTIONS
    assert {r["section"] for r in rows} >= {"summary", "trainee", "trainee_scenario", "distribution", "call", "rule",
                                            "choice"}
    calls = [r for r in rows if r["section"] == "call"]
    assert len(calls) == report.totals.completed and sum(r["passed"] == "1" for r in calls) == report.totals.passed
    assert all(r["marks"] in ("scenario", "program:ar-onboarding-week-1") for r in calls)
    assert all(bool(r["text"]) == (r["passed"] == "0") for r in calls)  # a reason for every fail, none otherwise
    summary = next(r for r in rows if r["section"] == "summary")
    assert int(summary["calls"]) == report.totals.calls and int(summary["decisions"]) == report.decisions
    choices = [r for r in rows if r["section"] == "choice"]
    assert sum(int(r["picks"]) for r in choices) == report.decisions
    assert all(r["trainee"] == "" and r["text"] for r in choices)
    visited = [r for r in choices if r["share"]]
    assert all(0.0 <= float(r["share"]) <= 1.0 for r in visited)
    dist = [r for r in rows if r["section"] == "distribution" and r["dimension"] == "overall"]
    assert [r["bin"] for r in dist][0] == "0-9" and [r["bin"] for r in dist][-1] == "90-100"
    assert sum(int(r["calls"]) for r in dist) == report.totals.completed
    ana = next(r for r in rows if r["section"] == "trainee" and r["trainee"] == "Ana")
    assert ana["scenarios_passed"] == "3" and ana["best_overall"] and ana["rule_id"] == ""


def test_html_is_one_self_contained_file(report) -> None:
    page = render_html(report)
    lowered = page.lower()
    assert lowered.startswith("<!doctype html>") and lowered.rstrip().endswith("</html>")
    for banned in ("<script", "<link", "src=", "@import", "url(", "https://"):
        assert banned not in lowered, banned
    assert set(re.findall(r"http://[^\"' ]+", page)) == {"http://www.w3.org/2000/svg"}  # namespace only
    assert page.count("<svg") == 5 + 2  # five histograms, a progress panel for Ana and Ben (Cleo never finished)
    for title in ("Score distributions", "Progress over time", "Trainees", "Critical errors", "Calls and their verdicts",
                  "Rules most often missed", "Choices per scenario"):
        assert f"<h2>{title}</h2>" in page


def test_html_escapes_what_trainees_typed(db: Path, compiled, library: Library) -> None:
    with RecordStore.open(db, clock=Clock()) as store:
        play_call(store, compiled["sunrise-bakery"], "<b>Bo & Co</b>", worst)
    with RecordStore.open(db, write=False) as store:
        report = build_report(store, library, with_attempts=True)
    page = render_html(report)
    assert "<b>Bo" not in page and "&lt;b&gt;Bo &amp; Co&lt;/b&gt;" in page
