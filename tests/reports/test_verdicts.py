"""The report reads the one stored verdict: passed/not passed, the critical errors per rule and each
call's reasons, in the table, the CSV and the HTML page; only calls stored before verdicts were are
judged by their scores."""

from __future__ import annotations

import csv
import dataclasses
import json
import html
import io
from pathlib import Path

from report_helpers import PROGRAM, SCENARIOS, Clock, Played, best, play_call
from game.content.library import Library
from game.records.store import RecordStore
from game.reports.csv_out import REASON_SEP, render_csv
from game.reports.gather import build_report
from game.reports.html import render_html
from game.reports.table import WIDTH, render_table

OVERPROMISE = "dont-overpromise"
THREATS = "dont-be-aggressive"


def report_of(db: Path, library: Library, **kw):
    with RecordStore.open(db, write=False) as store:
        return build_report(store, library, scenarios_dir=SCENARIOS, with_calls=True, **kw)


def csv_rows(report, section: str) -> list[dict[str, str]]:
    return [r for r in csv.DictReader(io.StringIO(render_csv(report))) if r["section"] == section]


def with_critical(store: RecordStore, played: Played, *rules: str) -> None:
    """Store `played`'s verdict as if its replies had been critical errors against `rules`."""
    verdict = played.verdict
    reasons = tuple(f"critical error at decision {n}: {rule}" for n, rule in enumerate(rules, 1))
    changed = dataclasses.replace(verdict, passed=False, critical=rules, reasons=reasons + verdict.reasons)
    store.conn.execute("UPDATE calls SET passed = 0, wrapup = NULL, verdict = ? WHERE id = ?",
                       (json.dumps(changed.to_dict(), sort_keys=True), played.call_id))


def test_a_call_without_a_log_is_not_passed_whatever_its_scores(db: Path, compiled, library: Library) -> None:
    """Its scores meet the program's marks, but the stored verdict says no call log: not passed, in every
    table of the report and in the program's standing."""
    with RecordStore.open(db, clock=Clock()) as store:
        unlogged = play_call(store, compiled["sunrise-bakery"], "Ana", best, PROGRAM, logged=False)
        logged = play_call(store, compiled["sunrise-bakery"], "Ben", best, PROGRAM)
    assert not unlogged.passed and logged.passed
    assert unlogged.call.score().overall == logged.call.score().overall  # the same call, only the log differs
    report = report_of(db, library, program=PROGRAM)
    assert report.totals.passed == 1
    ana, ben = report.trainees
    assert (ana.passes, ana.passed, ben.passes, ben.passed) == (0, 0, 1, 1)
    assert [p.latest_passed for p in ana.scenarios] == [False]
    standing = {r.trainee: r.steps[0].status for r in report.program_rows}
    assert standing == {"Ana": "open", "Ben": "passed"}
    calls = {c.trainee: c for c in report.calls}
    assert not calls["Ana"].passed and calls["Ana"].marks == f"program:{PROGRAM}"
    assert calls["Ana"].reasons == ("no call log: the call was not documented",)
    assert calls["Ben"].passed and calls["Ben"].reasons == ()
    rows = {r["trainee"]: r for r in csv_rows(report, "call")}
    assert (rows["Ana"]["passed"], rows["Ben"]["passed"]) == ("0", "1")
    assert rows["Ana"]["text"] == "no call log: the call was not documented"
    assert rows["Ana"]["call_id"] == unlogged.call_id and rows["Ana"]["program_id"] == PROGRAM
    assert rows["Ana"]["overall"] == str(unlogged.call.score().overall)
    page = render_html(report)
    assert "<h2>Calls and their verdicts</h2>" in page and "no call log: the call was not documented" in page


def test_calls_stored_before_verdicts_are_judged_by_their_scores(db: Path, compiled, library: Library) -> None:
    with RecordStore.open(db, clock=Clock()) as store:
        old = play_call(store, compiled["sunrise-bakery"], "Ana", best, PROGRAM, logged=False)
        store.conn.execute("UPDATE calls SET verdict = NULL, passed = 0 WHERE id = ?", (old.call_id,))
    report = report_of(db, library, program=PROGRAM)
    assert report.totals.passed == 1  # its scores meet the program's marks
    (call,) = report.calls
    assert call.passed and call.legacy and call.reasons == ()
    assert csv_rows(report, "call")[0]["marks"] == ""


def test_critical_errors_are_counted_per_rule(db: Path, compiled, library: Library) -> None:
    with RecordStore.open(db, clock=Clock()) as store:
        ana = play_call(store, compiled["sunrise-bakery"], "Ana", best)
        ben = play_call(store, compiled["sunrise-bakery"], "Ben", best)
        play_call(store, compiled["sunrise-bakery"], "Cleo", best)
        with_critical(store, ana, OVERPROMISE, THREATS)
        with_critical(store, ben, OVERPROMISE)
        store.conn.execute("UPDATE calls SET verdict = '{not json' WHERE trainee_id = "
                           "(SELECT id FROM trainees WHERE name = 'Cleo')")  # an unreadable one is skipped
    report = report_of(db, library)
    titles = library.rule_titles()
    assert [(t.rule_id, t.errors, t.calls, t.trainees) for t in report.critical] == [
        (OVERPROMISE, 2, 2, 2), (THREATS, 1, 1, 1)]
    assert report.critical[0].title == titles[OVERPROMISE]
    assert (report.critical_errors, report.critical_calls) == (3, 2)
    assert report.totals.passed == 1  # Cleo's flag: the stored column

    text = render_table(report)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= WIDTH
    head = lines.index("CRITICAL ERRORS (3 in 2 of 3 completed calls)")
    assert lines[head + 4].split()[:4] == [OVERPROMISE, "2", "2", "2"]
    assert lines[head + 5].split()[:4] == [THREATS, "1", "1", "1"]

    rows = csv_rows(report, "critical")
    assert [(r["rule_id"], r["errors"], r["calls"], r["trainees"], r["text"]) for r in rows] == [
        (OVERPROMISE, "2", "2", "2", titles[OVERPROMISE]), (THREATS, "1", "1", "1", titles[THREATS])]
    calls = {r["trainee"]: r for r in csv_rows(report, "call")}
    assert calls["Ana"]["critical"] == f"{OVERPROMISE} {THREATS}" and calls["Ana"]["passed"] == "0"
    assert calls["Ana"]["text"].split(REASON_SEP)[:2] == [f"critical error at decision 1: {OVERPROMISE}",
                                                          f"critical error at decision 2: {THREATS}"]
    assert "unreadable" in calls["Cleo"]["text"]

    page = render_html(report)
    assert "<h2>Critical errors</h2>" in page and html.escape(titles[OVERPROMISE]) in page
    assert page.count('<li class="critical">') == 3


def test_no_critical_errors_and_the_html_call_list_is_the_latest(db: Path, compiled, library: Library) -> None:
    with RecordStore.open(db, clock=Clock()) as store:
        played = [play_call(store, compiled["sunrise-bakery"], name, best) for name in ("Ana", "Ben", "Cleo")]
    text = render_table(report_of(db, library))
    assert "CRITICAL ERRORS (0 in 0 of 3 completed calls)" in text and "No critical errors." in text
    report = report_of(db, library, calls_limit=2)
    assert [c.call_id for c in report.calls] == [p.call_id for p in played[1:]] and report.calls_total == 3
    assert "The latest 2 of 3 completed calls are listed" in render_html(report)
    assert not report_of(db, library, trainee="Ana").critical
