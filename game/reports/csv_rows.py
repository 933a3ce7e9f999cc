"""The report's CSV with one row per thing (`ardojo report --format csv --rows calls|decisions|trainees`),
each kind with its own header, for spreadsheets and BI tools. Every text cell is made safe the same way
as the sectioned CSV (`csv_out.safe_cell`: no cell starts like a formula, no control characters).

- `calls`: one row per call in the report's filter (finished or not), oldest first: call_id, trainee,
  program, scenario, attempt (the trainee's n-th call on that scenario), started, ended, status
  (completed, in_progress, abandoned), abandoned_at (when an abandoned call was last played),
  verdict (passed / not passed; empty while unfinished),
  professionalism, empathy, clarity, commitment, overall, log_disposition, log_amount, log_date,
  log_follow_up, log_instalments (`amount on date; ...`), log_time, log_score (the call log's review
  score), critical_errors (rule ids, space-separated), reasons (` | `-joined), campaign_week (the id of
  the campaign week the call was played in; empty for a single call).
- `decisions`: one row per decision of those calls: call_id, trainee, scenario, seq, node, said,
  choice_id, top (1 when the reply was one of the top-scored at that point, 0 when not, empty when not
  recorded), score (the reply's points in total), at.
- `trainees`: one row per trainee: trainee, group, attempts, completed, passed (scenarios passed),
  scenarios_total, unfinished, abandoned, stuck (1/0), stuck_reason, program_status, next_suggested,
  last_call.
- `weeks`: one row per campaign week of the trainees and dates in the filter (game/reports/weeks.py):
  week_id, trainee, campaign, seed, status, started, ended, days (ended), calls, calls_passed,
  cash_collected, start_balance, promises_kept, promises_broken, dso_before, dso_after, prioritisation,
  follow_up, documentation, the four dimensions, week_score, completed (1/0); the report's figures are
  empty for an unfinished week.
"""

from __future__ import annotations

import csv
import io
import json

from game.records.store import RecordStore
from game.reports.calllog import instalments_text, parse_log
from game.reports.csv_out import REASON_SEP, safe_cell
from game.reports.model import Report
from game.reports.verdicts import _reasons
from game.reports.weeks import WEEK_COLUMNS, week_rows

CALL_COLUMNS = ("call_id", "trainee", "program", "scenario", "attempt", "started", "ended", "status", "abandoned_at",
                "verdict",
                "professionalism", "empathy", "clarity", "commitment", "overall", "log_disposition", "log_amount",
                "log_date", "log_follow_up", "log_instalments", "log_time", "log_score", "critical_errors",
                "reasons", "campaign_week")
DECISION_COLUMNS = ("call_id", "trainee", "scenario", "seq", "node", "said", "choice_id", "top", "score", "at")
TRAINEE_COLUMNS = ("trainee", "group", "attempts", "completed", "passed", "scenarios_total", "unfinished",
                   "abandoned", "stuck", "stuck_reason", "program_status", "next_suggested", "last_call")
COLUMNS = {"calls": CALL_COLUMNS, "decisions": DECISION_COLUMNS, "trainees": TRAINEE_COLUMNS, "weeks": WEEK_COLUMNS}


def _blank(value: object) -> object:
    return "" if value is None else value


def call_rows(store: RecordStore, report: Report):
    """One dict per call in the report's filter, oldest first (see the module's `calls`)."""
    where, params = report.where
    has_abandoned_at = any(r[1] == "abandoned_at" for r in store.query("PRAGMA table_info(calls)"))
    abandoned_at = "c.abandoned_at" if has_abandoned_at else "NULL"
    sql = ("SELECT c.id, t.name, c.program_id, c.scenario_id, ROW_NUMBER() OVER (PARTITION BY c.trainee_id, "
           f"c.scenario_id ORDER BY c.started_at, c.id), c.started_at, c.ended_at, c.status, {abandoned_at}, c.passed, "
           "c.professionalism, c.empathy, c.clarity, c.commitment_score, c.overall, c.wrapup, c.verdict, "
           "c.campaign_week_id "
           f"FROM calls c JOIN trainees t ON t.id = c.trainee_id{where} ORDER BY c.started_at, c.id")
    for (cid, name, program, sid, attempt, started, ended, status, abandoned, passed, pro, emp, cla, com, overall,
         wrapup, verdict, week) in store.query(sql, params):
        log = parse_log(wrapup)
        critical, reasons, _ = _reasons(verdict) if verdict is not None else ((), (), "")
        done = status == "completed"
        yield {"call_id": cid, "trainee": name, "program": program or "", "scenario": sid, "attempt": attempt,
               "started": started, "ended": _blank(ended), "status": status,
               "abandoned_at": _blank(abandoned) if status == "abandoned" else "",
               "verdict": ("passed" if passed else "not passed") if done and passed is not None else "",
               "professionalism": _blank(pro), "empathy": _blank(emp), "clarity": _blank(cla),
               "commitment": _blank(com), "overall": _blank(overall),
               "log_disposition": log.disposition if log else "", "log_amount": _blank(log.amount) if log else "",
               "log_date": _blank(log.date) if log else "", "log_follow_up": _blank(log.follow_up) if log else "",
               "log_instalments": instalments_text(log) if log else "", "log_time": _blank(log.time) if log else "",
               "log_score": _blank(log.score) if log else "", "critical_errors": " ".join(critical),
               "reasons": REASON_SEP.join(" ".join(r.split()) for r in reasons) if done else "",
               "campaign_week": week or ""}


def _points(score_json: str) -> object:
    try:
        return int(sum(json.loads(score_json).values()))
    except (ValueError, TypeError, AttributeError):
        return ""


def decision_rows(store: RecordStore, report: Report):
    """One dict per decision of the calls in the report's filter, call by call, in order."""
    where, params = report.where
    sql = ("SELECT c.id, t.name, c.scenario_id, d.seq, d.node, d.said, d.choice_id, d.top, d.score, d.at FROM calls c "
           f"JOIN trainees t ON t.id = c.trainee_id JOIN decisions d ON d.call_id = c.id{where} "
           "ORDER BY c.started_at, c.id, d.seq")
    for cid, name, sid, seq, node, said, choice_id, top, score, at in store.query(sql, params):
        yield {"call_id": cid, "trainee": name, "scenario": sid, "seq": seq, "node": node,
               "said": " ".join((said or "").split()), "choice_id": _blank(choice_id),
               "top": "" if top is None else int(bool(top)), "score": _points(score), "at": at}


def trainee_rows(report: Report):
    """One dict per trainee in the report."""
    for t in report.trainees:
        yield {"trainee": t.name, "group": t.group or "", "attempts": t.attempts, "completed": t.completed,
               "passed": t.passed, "scenarios_total": _blank(t.total), "unfinished": t.unfinished,
               "abandoned": t.abandoned, "stuck": int(bool(t.stuck)), "stuck_reason": t.stuck,
               "program_status": t.program_status, "next_suggested": _blank(t.next_suggested),
               "last_call": t.last_at}


def render_rows(report: Report, kind: str, store: RecordStore | None) -> str:
    """The CSV of one row kind (`calls`, `decisions`, `trainees`), header first, every cell made safe."""
    if kind == "trainees":
        rows = trainee_rows(report)
    elif kind == "weeks":
        rows = week_rows(report)
    elif store is None:
        raise ValueError(f"--rows {kind} needs the records")
    else:
        rows = call_rows(store, report) if kind == "calls" else decision_rows(store, report)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS[kind], lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()
