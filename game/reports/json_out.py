"""The report as one JSON object (`ardojo report --format json`). The keys are stable (documented in
docs/programs.md, Reports); `format_version` changes only when one is renamed or removed. Dates are
ISO 8601 UTC as stored; scores 0..100; booleans true/false; missing values null."""

from __future__ import annotations

import json

from game.reports.model import CallLog, CallVerdict, Report, ScenarioProgress, TraineeSummary
from game.reports.weeks import week_data

FORMAT_VERSION = 1


def _log(log: CallLog | None) -> dict | None:
    if log is None:
        return None
    return {"disposition": log.disposition, "amount": log.amount, "date": log.date, "follow_up": log.follow_up,
            "instalments": [{"amount": a, "date": d} for a, d in log.instalments], "time": log.time,
            "reason": log.reason, "score": log.score, "passed": log.passed}


def _scenario(p: ScenarioProgress) -> dict:
    return {"scenario": p.scenario_id, "title": p.title, "in_scope": p.in_scope, "calls": p.attempts,
            "completed": p.completed, "passed_calls": p.passes, "unfinished": p.unfinished,
            "abandoned": p.abandoned, "best": p.best, "latest": p.latest, "latest_passed": p.latest_passed,
            "last_call": p.last_at or None}


def _trainee(t: TraineeSummary) -> dict:
    return {"name": t.name, "group": t.group, "calls": t.attempts, "completed": t.completed,
            "passed_calls": t.passes, "scenarios_tried": t.attempted, "scenarios_passed": t.passed,
            "scenarios_total": t.total, "unfinished": t.unfinished, "abandoned": t.abandoned,
            "stuck": bool(t.stuck), "stuck_reason": t.stuck or None, "program_status": t.program_status or None,
            "next_suggested": t.next_suggested, "best": t.best, "latest": t.latest,
            "last_call": t.last_at or None, "scenarios": [_scenario(p) for p in t.scenarios]}


def _call(c: CallVerdict) -> dict:
    return {"call_id": c.call_id, "trainee": c.trainee, "scenario": c.scenario_id, "program": c.program_id,
            "started": c.started_at or None, "ended": c.ended_at or None, "overall": c.overall, "passed": c.passed,
            "critical_errors": list(c.critical), "reasons": list(c.reasons), "marks": c.marks or None,
            "call_log": _log(c.log), "campaign_week": c.campaign_week_id}


def report_data(report: Report) -> dict:
    """The report as plain JSON-ready data."""
    s, t = report.scope, report.totals
    return {
        "format": "ardojo-report", "format_version": FORMAT_VERSION, "generated_at": report.generated_at,
        "databases": list(report.databases),
        "scope": {"program": s.program, "program_title": s.program_title, "program_default": s.default,
                  "trainees": list(s.trainees), "group": s.group, "since": s.since, "until": s.until,
                  "scenarios": list(s.scenario_ids), "counted_against": s.source},
        "totals": {"calls": t.calls, "completed": t.completed, "passed": t.passed, "trainees": t.trainees,
                   "unfinished": sum(x.unfinished for x in report.trainees),
                   "abandoned": sum(x.abandoned for x in report.trainees),
                   "stuck": sum(1 for x in report.trainees if x.stuck), "first_call": t.first_at or None,
                   "last_call": t.last_at or None, "decisions": report.decisions, "misses": report.misses,
                   "critical_errors": report.critical_errors},
        "trainees": [_trainee(x) for x in report.trainees],
        "scenarios": [{"scenario": x.scenario_id, "title": x.title, "calls": x.calls, "completed": x.completed,
                       "passed_calls": x.passed, "unfinished": x.unfinished, "abandoned": x.abandoned,
                       "trainees": x.trainees} for x in report.scenarios],
        "program": None if not s.thresholds else {
            "id": s.program, "title": s.program_title,
            "steps": [{"scenario": sid, "attempts": s.attempts_allowed.get(sid), "pass": s.thresholds.get(sid, {})}
                      for sid in s.scenario_ids],
            "standing": [{"trainee": r.trainee, "status": r.status, "passed": r.passed,
                          "steps": [{"scenario": st.scenario_id, "status": st.status, "used": st.used,
                                     "allowed": st.allowed, "best": st.best} for st in r.steps]}
                         for r in report.program_rows]},
        "calls": [_call(c) for c in report.calls], "calls_total": report.calls_total,
        "critical": [{"rule": c.rule_id, "title": c.title, "errors": c.errors, "calls": c.calls,
                      "trainees": c.trainees} for c in report.critical],
        "rules": [{"rule": r.rule_id, "kind": r.kind, "title": r.title, "misses": r.misses, "broken": r.broken,
                   "skipped": r.skipped, "trainees": r.trainees} for r in report.rules],
        "best_reply": {sid: {node: {"chose_best": chose, "trainees": who,
                                    "share": round(chose / who, 4) if who else None}
                             for node, (chose, who) in nodes.items()} for sid, nodes in report.best_reply.items()},
        "weeks": [week_data(w) for w in report.weeks],
        "notes": list(report.notes),
    }


def safe_json(data: object) -> str:
    """`data` as indented JSON text: accents as they are, but every character that could act on a terminal
    (controls, bidirectional overrides, line separators) written as a `\\uXXXX` escape, so the text is
    safe to print and parses back to the same values."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return "".join(ch if ch == "\n" or ch.isprintable() else
                   "".join(f"\\u{unit:04x}" for unit in _utf16(ch)) for ch in text)


def _utf16(ch: str) -> list[int]:
    raw = ch.encode("utf-16-be")
    return [int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2)]


def render_json(report: Report) -> str:
    """The report as indented JSON text (see `safe_json`)."""
    return safe_json(report_data(report)) + "\n"
