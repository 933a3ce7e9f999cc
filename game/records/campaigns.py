"""Campaign weeks in the records: the week's decisions (enough to replay it), each graded call, and the
end-of-week report. Tables `campaign_weeks` and `campaign_calls` (schema migration 5 -> 6).

Every call of a week is also a full record, like a single call (schema 9): `WeekRecorder` records it with
the store's own `start_call` / `record_step` / finish (same signing, verdict, call log, seed, manners and
recall columns), the row naming its week (`calls.campaign_week_id`) and the week's graded call naming the
row (`campaign_calls.call_id`). So `ardojo verify`, `report` and `xapi` read campaign calls as they read
any call; `game/records/week_audit.py` checks each week against its calls.

Writes go through the store's own transaction wrapper, so a full disk or a read-only file gives one
`RecordsError` line like every other write.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from game.campaign.state import WeekState
from game.campaign.week import CallResult, Week
from game.engine.call import Call
from game.records import seal
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
        seal_week(store, week_id, store.key)
    store._write(write, "the week was not started")
    return week_id


def save_progress(store: RecordStore, week_id: str, state: WeekState, result: CallResult | None = None,
                  call_id: str | None = None) -> None:
    """Save the week's decisions so far and, with `result`, the graded call just made (one transaction).
    With `call_id` (the call's own record, started by `WeekRecorder`), the call is finished in the same
    transaction: its outcome, scores, one verdict and call log, signed like a single call's."""
    def write() -> None:
        store.conn.execute("UPDATE campaign_weeks SET state = ? WHERE id = ? AND status = 'in_progress'",
                           (state.to_json(), week_id))
        if result is not None:
            if call_id is not None:
                store.finish_in_transaction(call_id, result.call, result.score, result.verdict, call_log(result),
                                            None, store.key)
            store.conn.execute("INSERT INTO campaign_calls (week_id, seq, result, call_id) VALUES (?, ?, ?, ?)",
                               (week_id, len(state.calls), json.dumps(call_result(result), sort_keys=True), call_id))
        seal_week(store, week_id, store.key)
    store._write(write, "the week's last step was not saved; the steps before it are")
    if call_id is not None and result is not None:
        store._leased.discard(call_id)


def call_log(result: CallResult) -> dict[str, Any] | None:
    """The call log as a single call stores it (what was written, its review score, pass and contradictions),
    plus the campaign day it was reviewed against (`call_date`: `verify` re-reviews it on that date)."""
    if result.entry.wrapup is None or result.review is None:
        return None
    review = result.review
    log = {**result.entry.wrapup, "score": review.score, "passed": review.passed,
           "contradictions": [c.item for c in review.contradictions], "call_date": result.date.isoformat()}
    return json.loads(json.dumps(log))


def close_unfinished(store: RecordStore, week_id: str) -> list[str]:
    """Close, as abandoned, the week's calls left unfinished (a window closed mid-call): the week replays
    from its saved decisions and plays that call again as a new one. Returns the ids closed."""
    rows = store.query("SELECT id FROM calls WHERE campaign_week_id = ? AND (status = 'in_progress' OR "
                       "(status = 'abandoned' AND ended_at IS NULL))", (week_id,))
    return [r[0] for r in rows if store.abandon_call(r[0])]


class WeekRecorder:
    """Records one week: every call as a full record (the store's own calls and decisions) linked to the
    week, the week's progress after every call and ended day, and its report at the end. Drive it with
    `call_started(call)` when a call is dialled, `call_step(call)` after every decision, `save(week,
    result)` after a call (`result`) or an ended day (None), and `finish(week)` at the end of the week."""

    def __init__(self, store: RecordStore, week_id: str, trainee: str) -> None:
        self.store = store
        self.week_id = week_id
        self.trainee = trainee
        self.call_id: str | None = None

    def call_started(self, call: Call) -> str:
        """Record the start of a call of the week (its seed, its scenario); returns the call's id."""
        close_unfinished(self.store, self.week_id)
        self.call_id = self.store.start_call(self.trainee, call.scenario, None, call.seed,
                                             campaign_week_id=self.week_id)
        return self.call_id

    def call_step(self, call: Call) -> None:
        """Save the call's latest decision (as `play` does)."""
        if self.call_id is not None:
            self.store.record_step(self.call_id, call)

    def save(self, week: Week, result: CallResult | None = None) -> None:
        """Save the week after a call (finishing its record) or an ended day."""
        call_id = self.call_id if result is not None else None
        save_progress(self.store, self.week_id, week.state, result, call_id)
        if result is not None:
            self.call_id = None

    __call__ = save  # the `save(week, result)` callback the terminal and the window call

    def finish(self, week: Week) -> None:
        """Mark the week completed with its end-of-week report."""
        from game.campaign.report import build_report

        close_unfinished(self.store, self.week_id)
        finish_week(self.store, self.week_id, week.state, build_report(week).to_dict())


def finish_week(store: RecordStore, week_id: str, state: WeekState, report: dict[str, Any]) -> None:
    """Mark the week completed with its end-of-week report."""
    def write() -> None:
        store.conn.execute("UPDATE campaign_weeks SET status = 'completed', ended_at = ?, state = ?, report = ?"
                           " WHERE id = ?", (store.clock(), state.to_json(), json.dumps(report, sort_keys=True),
                                             week_id))
        seal_week(store, week_id, store.key)
    store._write(write, "the end of the week was not saved; its calls are")


def signed_week(store: RecordStore, week_id: str) -> tuple[tuple | None, list[tuple]]:
    """What a week's signature covers, as stored: its signed columns and its graded calls."""
    week = store.conn.execute(f"SELECT {', '.join(seal.SIGNED_WEEK_COLUMNS)} FROM campaign_weeks w LEFT JOIN "
                              "trainees t ON t.id = w.trainee_id WHERE w.id = ?", (week_id,)).fetchone()
    calls = store.conn.execute("SELECT seq, result, call_id FROM campaign_calls WHERE week_id = ? ORDER BY seq",
                               (week_id,)).fetchall()
    return week, calls


def seal_week(store: RecordStore, week_id: str, key: bytes | None) -> None:
    """Inside a write transaction: sign the week as it now is with `key` (without one, its signature is
    cleared: the week is then honestly unsigned)."""
    if key is None:
        store.conn.execute("UPDATE campaign_weeks SET signature = NULL WHERE id = ? AND signature IS NOT NULL",
                           (week_id,))
        return
    week, calls = signed_week(store, week_id)
    store.conn.execute("UPDATE campaign_weeks SET signature = ? WHERE id = ?",
                       (seal.week_signature(key, week, calls), week_id))


def reseal_weeks(store: RecordStore, key: bytes) -> int:
    """Sign every finished week that is unsigned (after `verify` found it sound); returns how many."""
    ids = [r[0] for r in store.query("SELECT id FROM campaign_weeks WHERE status = 'completed' AND signature IS NULL")]

    def write() -> None:
        for week_id in ids:
            seal_week(store, week_id, key)
    store._write(write, "no week was signed")
    return len(ids)


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
