"""The stored records as the rest of the game reads them: calls, decisions and certificates (plain values,
parsed from their SQLite rows). `game.records.store` re-exports these."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any

from game.engine.call import CallState, Decision
from game.records import recall_rows


class RecordsError(Exception):
    """A problem with the records database, worded for the user."""


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class CallRow:
    """A stored call as reports, verification and resume need it."""

    id: str
    trainee: str
    scenario_id: str
    scenario_hash: str
    engine_version: str
    program_id: str | None
    started_at: str
    ended_at: str | None
    status: str
    node: str
    meters: dict[str, int]
    outcome: str | None
    commitment: str | None
    scores: dict[str, int] | None
    overall: int | None
    passed: bool | None
    signature: str | None
    seed: int | None = None
    verdict: dict | None = None  # the stored verdict (Verdict.to_dict), None for calls from before it
    wrapup: dict | None = None   # the call log as written, with its review score
    trainee_seq: int | None = None  # its number in the trainee's list of calls (None: before records schema 4)
    lease_owner: str | None = None  # the process playing it now (see game/records/leases.py)
    lease_until: str | None = None
    abandoned_at: str | None = None  # when an abandoned call was last played (game/records/abandon.py)
    pauses: tuple[dict, ...] = ()    # earlier abandonments that were resumed: {"after", "at", "resumed_at"}
    campaign_week_id: str | None = None  # the campaign week it was played in (records schema 9), None: a single call

    @property
    def resumable(self) -> bool:
        """True for a call still in progress, or closed for being idle (abandoned, never ended): both resume."""
        return self.status == "in_progress" or (self.status == "abandoned" and self.ended_at is None)

    def state(self, decisions: list[Decision]) -> CallState:
        return CallState(self.scenario_id, self.scenario_hash, self.node, dict(self.meters), decisions, self.seed)

    @property
    def critical(self) -> tuple[str, ...]:
        """Rule ids of the call's critical errors (from the stored verdict)."""
        return tuple((self.verdict or {}).get("critical", ()))


@dataclass(frozen=True, slots=True)
class StoredCertificate:
    """An issued certificate as stored: `calls` is the JSON its code was computed over."""

    code: str
    trainee: str
    program_id: str
    issued_at: str
    calls: str
    signed: bool


@dataclass(frozen=True, slots=True)
class StoredDecision:
    """One stored decision: its number, where it was taken, the choice (0-based) and what it said,
    the rules it cites, its scores, the meters after it and when it was made."""

    seq: int
    node: str
    choice: int
    said: str
    rules: tuple[str, ...]
    score: dict[str, int]
    meters: dict[str, int]
    at: str
    choice_id: str = ""
    position: int | None = None
    top: bool | None = None
    recall: Any = None  # recall mode: the RecallRow (game/records/recall_rows.py), None for a picked reply


CALL_COLUMNS = ("c.id, t.name, c.scenario_id, c.scenario_hash, c.engine_version, c.program_id, c.started_at, "
                "c.ended_at, c.status, c.node, c.meters, c.outcome, c.commitment, c.professionalism, c.empathy, "
                "c.clarity, c.commitment_score, c.overall, c.passed, c.signature, c.seed, c.verdict, c.wrapup, "
                "c.trainee_seq, c.lease_owner, c.lease_until, c.abandoned_at, c.pauses, c.campaign_week_id")
CALL_WIDTH = CALL_COLUMNS.count(",") + 1


def call_row(r: tuple) -> CallRow:
    """A CallRow from the CALL_COLUMNS of one row. Unreadable JSON (an edited record) is kept as
    {"malformed": text} so verification can report it instead of failing."""
    scores = None
    if r[13] is not None:
        scores = {"professionalism": r[13], "empathy": r[14], "clarity": r[15], "commitment": r[16]}
    meters = _json_or_none(r[10]) or {}
    return CallRow(r[0], r[1] if r[1] is not None else "", r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], meters,
                   r[11], r[12], scores, r[17], None if r[18] is None else bool(r[18]), r[19], r[20],
                   _json_or_none(r[21]), _json_or_none(r[22]), r[23], r[24], r[25], r[26], _pauses(r[27]),
                   r[28] if len(r) > 28 else None)


def _pauses(text: str | None) -> tuple[dict, ...]:
    """The stored list of resumed abandonments; an unreadable one reads as none (verify reports edits)."""
    try:
        value = json.loads(text) if text else []
    except (TypeError, ValueError):
        return ()
    return tuple(p for p in value if isinstance(p, dict)) if isinstance(value, list) else ()


def _json_or_none(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {"malformed": text}
    return value if isinstance(value, dict) else {"malformed": text}


def stored_decision(r: tuple) -> StoredDecision:
    """A StoredDecision from `seq, node, choice, said, rules, score, meters, at, choice_id, position, top`;
    ValueError when a JSON column is unreadable."""
    try:
        rules, score, meters = json.loads(r[4]), json.loads(r[5]), json.loads(r[6])
        if not isinstance(rules, list) or not isinstance(score, dict) or not isinstance(meters, dict):
            raise ValueError("a JSON column has the wrong shape")
        recall = recall_rows.from_column(r[0], r[11]) if len(r) > 11 else None
        return StoredDecision(r[0], r[1], r[2], r[3], tuple(rules), score, meters, r[7],
                              r[8] or f"{r[1]}.{r[2] + 1}", r[9], None if r[10] is None else bool(r[10]), recall)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"decision {r[0]} is unreadable ({exc})") from None
