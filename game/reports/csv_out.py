"""The report as one CSV table: a `section` column says what each row is, and the columns are always
the same (`COLUMNS`, in this order); a row fills only the columns of its section, the rest are empty.

Sections and their columns:

- `summary` (one row): calls, completed, passed, trainees, scenarios_total, misses, decisions, text (scope)
- `trainee`: trainee, calls, completed, passed (calls passed), scenarios_tried, scenarios_passed,
  scenarios_total, best_<score>, latest_<score>, last_call
- `trainee_scenario`: trainee, scenario_id, in_scope, calls, completed, passed, best_<score>,
  latest_<score>, latest_passed, last_call
- `requirement` (with a defined --program): scenario_id, attempts_allowed, text (pass marks, the call
  log's mark `wrapup` included)
- `program_step` (with a defined --program): trainee, scenario_id, calls (counted attempts used),
  attempts_allowed, passed, best_overall (best counted attempt), flags (locked, open, passed or failed:
  the program's grading), text (the trainee's program status: complete, failed or in progress)
- `distribution`: dimension, bin (`0-9` ... `90-100`), calls (completed calls in that band)
- `critical`: rule_id, errors (critical errors against that rule), calls (calls with one), trainees,
  text (the rule's title)
- `call` (every completed call, oldest first): call_id, trainee, scenario_id, program_id, last_call
  (when it ended), overall, passed (its stored verdict), critical (the rules of its critical errors,
  space-separated, in call order), marks (the marks in force: `scenario` or `program:<id>`; empty for
  a call stored before verdicts were), text (the verdict's reasons, critical errors first, joined by
  ` | `)
- `rule`: rule_id, kind, misses, broken, skipped, trainees, text (the rule's title)
- `choice`: scenario_id, node, option (1-based), points (the option's score total), picks, share
  (of the visits to that node, 0..1), trainees, flags (space-separated: best miss trap never), text (the
  full reply)

Every `trainee` and `trainee_scenario` row also fills unfinished (calls still in progress) and
abandoned (calls marked abandoned); a `trainee` row fills stuck (why the trainee is stuck in the
program, empty when not); a `call` row fills call_log (the call log in one line, with its review
score) and campaign_week (the campaign week it was played in, empty for a single call). For one row
per call, decision, trainee or campaign week use `--rows` (game/reports/csv_rows.py).

<score> is professionalism, empathy, clarity, commitment and overall (0..100). Booleans are 1/0;
dates are ISO 8601 UTC timestamps as stored. `passed` is always the verdict stored with each call.

Safe to open in a spreadsheet: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return (which a spreadsheet would run as a formula, e.g. a trainee named `=HYPERLINK(...)`) is written
with a leading `'`, and control characters in text are written as escapes (`\x1b`); numbers are
written as they are.
"""

from __future__ import annotations

import csv
import io

from game.records.names import printable
from game.reports.calllog import log_text
from game.reports.fmt import bin_label, scope_line
from game.reports.model import SCORE_KEYS, Report

COLUMNS: tuple[str, ...] = (
    "section", "trainee", "scenario_id", "in_scope", "node", "option", "rule_id", "kind", "dimension", "bin",
    "calls", "completed", "passed", "trainees", "scenarios_tried", "scenarios_passed", "scenarios_total",
    *(f"best_{k}" for k in SCORE_KEYS), *(f"latest_{k}" for k in SCORE_KEYS), "latest_passed", "last_call",
    "attempts_allowed", "misses", "decisions", "broken", "skipped", "points", "picks", "share", "flags",
    "call_id", "program_id", "overall", "errors", "critical", "marks", "text",
    "unfinished", "abandoned", "stuck", "call_log", "campaign_week",
)
#: Joins a call's verdict reasons in the `text` column.
REASON_SEP = " | "


def _scores(prefix: str, values: dict[str, int] | None) -> dict[str, object]:
    return {f"{prefix}_{k}": values[k] for k in SCORE_KEYS} if values else {}


def _flag(value: bool | None) -> object:
    return "" if value is None else int(value)


def rows(report: Report):
    """Every row of the CSV as a dict of the columns it fills, section by section."""
    t = report.totals
    yield {"section": "summary", "calls": t.calls, "completed": t.completed, "passed": t.passed,
           "trainees": t.trainees, "scenarios_total": len(report.scope.scenario_ids), "misses": report.misses,
           "decisions": report.decisions, "text": scope_line(report.scope)}
    for tr in report.trainees:
        yield {"section": "trainee", "trainee": tr.name, "calls": tr.attempts, "completed": tr.completed,
               "passed": tr.passes, "scenarios_tried": tr.attempted, "scenarios_passed": tr.passed,
               "scenarios_total": tr.total or "", **_scores("best", tr.best), **_scores("latest", tr.latest),
               "last_call": tr.last_at, "unfinished": tr.unfinished, "abandoned": tr.abandoned, "stuck": tr.stuck}
    for tr in report.trainees:
        for p in tr.scenarios:
            yield {"section": "trainee_scenario", "trainee": tr.name, "scenario_id": p.scenario_id,
                   "in_scope": int(p.in_scope), "calls": p.attempts, "completed": p.completed, "passed": p.passes,
                   **_scores("best", p.best), **_scores("latest", p.latest),
                   "latest_passed": _flag(p.latest_passed), "last_call": p.last_at, "unfinished": p.unfinished,
                   "abandoned": p.abandoned}
    scope = report.scope
    for sid in scope.scenario_ids if scope.thresholds else ():
        marks = ", ".join(f"{k} {v}" for k, v in scope.thresholds.get(sid, {}).items())
        yield {"section": "requirement", "scenario_id": sid, "attempts_allowed": scope.attempts_allowed.get(sid, ""),
               "text": marks}
    for row in report.program_rows:
        for step in row.steps:
            yield {"section": "program_step", "trainee": row.trainee, "scenario_id": step.scenario_id,
                   "calls": step.used, "attempts_allowed": step.allowed, "passed": int(step.status == "passed"),
                   "best_overall": "" if step.best is None else step.best, "flags": step.status, "text": row.status}
    for h in report.histograms:
        for i, count in enumerate(h.bins):
            yield {"section": "distribution", "dimension": h.key, "bin": bin_label(i), "calls": count}
    for t in report.critical:
        yield {"section": "critical", "rule_id": t.rule_id, "errors": t.errors, "calls": t.calls,
               "trainees": t.trainees, "text": t.title}
    for c in report.calls:
        yield {"section": "call", "call_id": c.call_id, "trainee": c.trainee, "scenario_id": c.scenario_id,
               "program_id": c.program_id or "", "last_call": c.ended_at,
               "overall": "" if c.overall is None else c.overall, "passed": int(c.passed),
               "critical": " ".join(c.critical), "marks": c.marks,
               "text": REASON_SEP.join(" ".join(r.split()) for r in c.reasons), "call_log": log_text(c.log),
               "campaign_week": c.campaign_week_id or ""}
    for r in report.rules:
        yield {"section": "rule", "rule_id": r.rule_id, "kind": r.kind, "misses": r.misses, "broken": r.broken,
               "skipped": r.skipped, "trainees": r.trainees, "text": r.title}
    for sc in report.choices:
        for node in sc.nodes:
            for o in node.options:
                yield {"section": "choice", "scenario_id": sc.scenario_id, "node": node.node_id,
                       "option": o.index + 1, "points": o.score, "picks": o.picks,
                       "share": round(o.picks / node.visits, 4) if node.visits else "",
                       "trainees": o.trainees, "flags": " ".join(o.flags), "text": " ".join(o.text.split())}


#: What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: a string starting like a formula gets a leading `'`, control
    characters become escapes; numbers and other values are unchanged."""
    if not isinstance(value, str):
        return value
    text = value if not value.startswith(FORMULA_STARTS) else "'" + value
    return printable(text, newlines=False) if not text.isprintable() else text


def render_csv(report: Report) -> str:
    """The report as CSV text (header row first), every text cell made safe (`safe_cell`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows(report))
    return out.getvalue()
