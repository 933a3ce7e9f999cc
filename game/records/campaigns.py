"""Campaign weeks in the records: the week's decisions (enough to replay it), each graded call, and the
end-of-week report. Tables `campaign_weeks` and `campaign_calls` (schema migration 5 -> 6).

Writes go through the store's own transaction wrapper, so a full disk or a read-only file gives one
`RecordsError` line like every other write.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from game.campaign.state import WeekState
from game.campaign.week import CallResult
from game.records.store import RecordStore


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One stored week."""

    id: str
    trainee: str
    campaign_id: str
    seed: int
    started_at: str
    ended_at: str | None
    status: str
    state: WeekState
    report: dict[str, Any] | None


def start_week(store: RecordStore, trainee: str, state: WeekState) -> str:
    """Record the start of a week for `trainee`; returns its id."""
    week_id = str(uuid.uuid4())

    def write() -> None:
        trainee_id = store._trainee(trainee)
        store.conn.execute(
            "INSERT INTO campaign_weeks (id, trainee_id, campaign_id, seed, started_at, status, state)"
            " VALUES (?, ?, ?, ?, ?, 'in_progress', ?)",
            (week_id, trainee_id, state.campaign_id, state.seed, store.clock(), state.to_json()))
    store._write(write, "the week was not started")
    return week_id


def save_progress(store: RecordStore, week_id: str, state: WeekState, result: CallResult | None = None) -> None:
    """Save the week's decisions so far and, with `result`, the graded call just made (one transaction)."""
    def write() -> None:
        store.conn.execute("UPDATE campaign_weeks SET state = ? WHERE id = ? AND status = 'in_progress'",
                           (state.to_json(), week_id))
        if result is not None:
            store.conn.execute("INSERT INTO campaign_calls (week_id, seq, result) VALUES (?, ?, ?)",
                               (week_id, len(state.calls), json.dumps(call_result(result), sort_keys=True)))
    store._write(write, "the week's last step was not saved; the steps before it are")


def finish_week(store: RecordStore, week_id: str, state: WeekState, report: dict[str, Any]) -> None:
    """Mark the week completed with its end-of-week report."""
    def write() -> None:
        store.conn.execute("UPDATE campaign_weeks SET status = 'completed', ended_at = ?, state = ?, report = ?"
                           " WHERE id = ?", (store.clock(), state.to_json(), json.dumps(report, sort_keys=True),
                                             week_id))
    store._write(write, "the end of the week was not saved; its calls are")


def weeks(store: RecordStore, trainee: str | None = None, campaign_id: str | None = None,
          status: str | None = None) -> list[WeekRow]:
    """Stored weeks, oldest first, filtered like the store's calls (trainee, campaign, status)."""
    sql = ("SELECT w.id, t.name, w.campaign_id, w.seed, w.started_at, w.ended_at, w.status, w.state, w.report"
           " FROM campaign_weeks w JOIN trainees t ON t.id = w.trainee_id WHERE 1 = 1")
    params: list[Any] = []
    if trainee is not None:
        sql += " AND t.name = ? COLLATE NOCASE"
        params.append(" ".join(trainee.split()))
    if campaign_id is not None:
        sql += " AND w.campaign_id = ?"
        params.append(campaign_id)
    if status is not None:
        sql += " AND w.status = ?"
        params.append(status)
    rows = store.query(sql + " ORDER BY w.started_at, w.id", tuple(params))
    return [WeekRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], WeekState.from_json(r[7]),
                    json.loads(r[8]) if r[8] else None) for r in rows]


def week_calls(store: RecordStore, week_id: str) -> list[dict[str, Any]]:
    """The graded calls of a week, in order (as `call_result` stored them)."""
    rows = store.query("SELECT result FROM campaign_calls WHERE week_id = ? ORDER BY seq", (week_id,))
    return [json.loads(r[0]) for r in rows]


def call_result(result: CallResult) -> dict[str, Any]:
    """What is stored of one graded call of a week: where and with whom, its seed and replies, its scores,
    call-log score and its one verdict."""
    return {"day": result.entry.day, "account": result.entry.account, "scenario": result.entry.scenario,
            "seed": result.entry.seed, "choices": list(result.entry.choices), "scores": dict(result.score.scores),
            "overall": result.score.overall, "passed": result.verdict.passed,
            "wrapup_score": result.review.score if result.review is not None else None,
            "verdict": result.verdict.to_dict(), "outcome": result.outcome}
