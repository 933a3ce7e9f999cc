"""The stored verdicts, as the report reads them: whether a completed call passed, its critical errors
counted per rule, and each call's reasons.

Every figure comes from the verdict stored with the call when it ended (`calls.passed` and the JSON in
`calls.verdict`); nothing here re-decides pass/fail from the scores. Only a call stored before verdicts
were (`calls.verdict` is NULL) is judged by its scores against the program's marks, as
`records.grading.attempt_passed` does.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Mapping

from game.records.store import RecordStore
from game.reports.calllog import parse_log
from game.reports.model import CallVerdict, CriticalTally, Scope

if TYPE_CHECKING:
    from game.reports.gather import Filter

#: calls columns holding each score mark (the call log's mark has no column: older calls had no log mark).
COLUMN = {"professionalism": "professionalism", "empathy": "empathy", "clarity": "clarity",
          "commitment": "commitment_score", "overall": "overall"}
COMPLETED = "c.status = 'completed'"
#: The verdict's JSON when it is readable, else an empty object (a malformed one never breaks a report).
VERDICT_JSON = "CASE WHEN json_valid(c.verdict) THEN c.verdict ELSE '{}' END"


def pass_expression(scope: Scope) -> tuple[str, list[object]]:
    """SQL true when a completed call passed: its stored verdict; for a call stored before verdicts,
    its scores against the program's marks (with a defined program), else its stored flag."""
    if not scope.thresholds:
        return "(c.passed = 1)", []
    parts, params = ["CASE WHEN c.verdict IS NOT NULL THEN (c.passed = 1) ELSE CASE c.scenario_id"], []
    for scenario_id, thresholds in scope.thresholds.items():
        marks = {k: v for k, v in thresholds.items() if k in COLUMN}
        checks = " AND ".join(f"COALESCE(c.{COLUMN[k]}, -1) >= ?" for k in marks) or "1"
        parts.append(f"WHEN ? THEN ({checks})")
        params += [scenario_id, *marks.values()]
    parts.append("ELSE (c.passed = 1) END END")
    return " ".join(parts), params


def critical_tallies(store: RecordStore, flt: "Filter",
                     titles: Mapping[str, str]) -> tuple[tuple[CriticalTally, ...], int]:
    """Critical errors per rule over the filtered completed calls (most first), and how many calls had
    at least one. One GROUP BY over the rule ids in each stored verdict (`json_each`)."""
    rows = store.query(
        f"SELECT j.value, COUNT(*), COUNT(DISTINCT c.id), COUNT(DISTINCT c.trainee_id) FROM calls c, "
        f"json_each({VERDICT_JSON}, '$.critical') j{flt.where(COMPLETED, 'c.verdict IS NOT NULL')} "
        "GROUP BY j.value", tuple(flt.params))
    tallies = sorted((CriticalTally(str(rule), titles.get(str(rule), str(rule)), errors, calls, trainees)
                      for rule, errors, calls, trainees in rows),
                     key=lambda t: (-t.errors, -t.trainees, t.rule_id))
    if not tallies:
        return (), 0
    has_errors = f"json_array_length({VERDICT_JSON}, '$.critical') > 0"
    where = flt.where(COMPLETED, "c.verdict IS NOT NULL", has_errors)
    with_errors = store.query(f"SELECT COUNT(*) FROM calls c{where}", tuple(flt.params))
    return tuple(tallies), with_errors[0][0] or 0


def _reasons(data: object) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """(critical rule ids, reasons, marks source) from a stored verdict's JSON text."""
    try:
        verdict = json.loads(data) if isinstance(data, str) else None
    except ValueError:
        verdict = None
    if not isinstance(verdict, dict):
        return (), ("the stored verdict is unreadable (edited?); run `ardojo verify`",), "unreadable"
    marks = verdict.get("marks")
    source = str(marks.get("source") or "unknown") if isinstance(marks, dict) else "unknown"
    listed = [verdict.get(key) if isinstance(verdict.get(key), list) else [] for key in ("critical", "reasons")]
    return tuple(str(r) for r in listed[0]), tuple(str(r) for r in listed[1]), source


def call_verdicts(store: RecordStore, flt: "Filter", scope: Scope,
                  limit: int | None = None) -> tuple[tuple[CallVerdict, ...], int]:
    """The filtered completed calls with their stored verdicts, oldest first (only the latest `limit`
    when given), and how many completed calls there are in all."""
    passed, params = pass_expression(scope)
    where = flt.where(COMPLETED)
    total = store.query(f"SELECT COUNT(*) FROM calls c{where}", tuple(flt.params))[0][0]
    tail = " LIMIT ?" if limit is not None else ""
    rows = store.query(
        f"SELECT c.id, t.name, c.scenario_id, c.program_id, c.ended_at, c.overall, {passed}, c.verdict, c.wrapup, "
        "c.started_at, c.campaign_week_id "
        f"FROM calls c JOIN trainees t ON t.id = c.trainee_id{where} ORDER BY c.ended_at DESC, c.id DESC{tail}",
        tuple(params + flt.params + ([limit] if limit is not None else [])))
    out = []
    for call_id, name, scenario_id, program_id, ended_at, overall, ok, verdict, wrapup, started, week in reversed(rows):
        log = parse_log(wrapup)
        if verdict is None:
            out.append(CallVerdict(call_id, name, scenario_id, program_id, ended_at or "", overall, bool(ok),
                                   (), (), "", log, started or "", week))
            continue
        critical, reasons, source = _reasons(verdict)
        out.append(CallVerdict(call_id, name, scenario_id, program_id, ended_at or "", overall, bool(ok),
                               critical, reasons, source, log, started or "", week))
    return tuple(out), total
