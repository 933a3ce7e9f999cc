"""The record store: one SQLite file holding trainees, every call and every decision.

A call in progress is written after every decision (one transaction per decision), so closing the
window or killing the process loses at most the decision being made. Problems with the file — from a
newer AR Dojo, corrupted, read-only — raise `RecordsError` with one clear line; nothing is dropped.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from game import __version__
from game.content.model import Scenario
from game.engine.call import Call, CallState, Decision
from game.engine.scoring import CallScore
from game.engine.verdict import Verdict
from game.records.schema import MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"


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


_CALL_COLUMNS = ("c.id, t.name, c.scenario_id, c.scenario_hash, c.engine_version, c.program_id, c.started_at, "
                 "c.ended_at, c.status, c.node, c.meters, c.outcome, c.commitment, c.professionalism, c.empathy, "
                 "c.clarity, c.commitment_score, c.overall, c.passed, c.signature, c.seed, c.verdict, c.wrapup")


def _row(r: tuple) -> CallRow:
    scores = None
    if r[13] is not None:
        scores = {"professionalism": r[13], "empathy": r[14], "clarity": r[15], "commitment": r[16]}
    return CallRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], json.loads(r[10]), r[11], r[12],
                   scores, r[17], None if r[18] is None else bool(r[18]), r[19], r[20], _json_or_none(r[21]),
                   _json_or_none(r[22]))


def _json_or_none(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"malformed": text}
    return value if isinstance(value, dict) else {"malformed": text}


class RecordStore:
    """Open with `RecordStore.open(path)`; use as a context manager or call `close()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], str] = utc_now) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock

    # -- opening --------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, write: bool = True, clock: Callable[[], str] = utc_now) -> "RecordStore":
        """Open (creating and migrating as needed) the database at `path`."""
        path = Path(path)
        if path.exists():
            if path.is_dir():
                raise RecordsError(f"{path} is a folder, not a records database")
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_MAGIC))
            if head and head != SQLITE_MAGIC:
                raise RecordsError(f"{path} is not an AR Dojo records database (not SQLite, or corrupted)")
            if write and not os.access(path, os.W_OK):
                raise RecordsError(f"cannot write to {path}: the file is read-only (use --db to pick another)")
        elif write:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise RecordsError(f"cannot create the records folder {path.parent}: {exc.strerror}") from None
        else:
            raise RecordsError(f"no records database at {path} (play a call first, or pass --db)")
        try:
            uri = f"file:{path}?mode={'rwc' if write else 'ro'}"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the schema: corruption shows here
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot open {path}: {exc} (is it corrupted?)") from None
        store = cls(conn, path, clock)
        if version > SCHEMA_VERSION:
            conn.close()
            raise RecordsError(f"{path} was written by a newer AR Dojo (records schema {version}; this version "
                               f"reads up to {SCHEMA_VERSION}); upgrade AR Dojo")
        if version < SCHEMA_VERSION:
            if not write:
                conn.close()
                raise RecordsError(f"{path} needs upgrading to records schema {SCHEMA_VERSION}; open it for writing")
            store._migrate(version)
        if write:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.DatabaseError:
                pass
        return store

    def _migrate(self, version: int) -> None:
        try:
            for step in range(version, SCHEMA_VERSION):
                self.conn.execute("BEGIN IMMEDIATE")
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {step + 1}")
                self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            self.conn.close()
            raise RecordsError(f"cannot prepare {self.path}: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "RecordStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` in one transaction, turning SQLite failures into RecordsError."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            result = fn()
            self.conn.execute("COMMIT")
            return result
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise RecordsError(f"cannot write to {self.path}: {exc}") from None

    def transaction(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` (which uses `self.conn`) in one write transaction; SQLite failures become RecordsError."""
        return self._write(fn)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot read {self.path}: {exc} (is it corrupted?)") from None

    # -- trainees -------------------------------------------------------------------------------
    def trainee_id(self, name: str) -> int:
        """The id of a trainee, created on first use. Names are trimmed and matched case-insensitively."""
        name = " ".join(name.split())
        if not name:
            raise RecordsError("a trainee needs a name")
        rows = self.query("SELECT id FROM trainees WHERE name = ?", (name,))
        if rows:
            return rows[0][0]
        return self._write(lambda: self.conn.execute(
            "INSERT INTO trainees (name, created_at) VALUES (?, ?)", (name, self.clock())).lastrowid)

    def trainees(self) -> list[str]:
        return [r[0] for r in self.query("SELECT name FROM trainees ORDER BY name")]

    # -- calls ----------------------------------------------------------------------------------
    def start_call(self, trainee: str, scenario: Scenario, program_id: str | None = None,
                   seed: int | None = None) -> str:
        """Record the start of a call (with the seed of its reply order); returns its id."""
        trainee_id = self.trainee_id(trainee)
        call_id = str(uuid.uuid4())
        meters = json.dumps(dict(scenario.persona.mood))
        self._write(lambda: self.conn.execute(
            "INSERT INTO calls (id, trainee_id, scenario_id, scenario_hash, engine_version, program_id, started_at,"
            " status, node, meters, seed) VALUES (?, ?, ?, ?, ?, ?, ?, 'in_progress', ?, ?, ?)",
            (call_id, trainee_id, scenario.id, scenario.content_hash, __version__, program_id, self.clock(),
             scenario.start, meters, seed)))
        return call_id

    def record_step(self, call_id: str, call: Call) -> None:
        """Save the latest decision of `call` and its current node and meters, atomically."""
        step = call.steps[-1]

        def write() -> None:
            self.conn.execute(
                "INSERT INTO decisions (call_id, seq, node, choice, said, rules, score, meters, at, choice_id,"
                " position, top) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (call_id, step.number, step.node.id, step.choice.index, step.choice.say,
                 json.dumps(list(step.choice.cited)), json.dumps(dict(step.choice.score)),
                 json.dumps(dict(step.meters_after)), self.clock(), step.choice.id, step.position or None,
                 int(step.scored.took_top)))
            self.conn.execute("UPDATE calls SET node = ?, meters = ? WHERE id = ?",
                              (call.state.node, json.dumps(dict(call.state.meters)), call_id))
        self._write(write)

    def finish_call(self, call_id: str, call: Call, score: CallScore, verdict: Verdict, wrapup: dict | None = None,
                    signature: str | None = None, ended_at: str | None = None) -> None:
        """Mark a call completed with its outcome, scores and its one verdict (`ended_at` defaults to now;
        a signer passes the time its signature covers)."""
        ending = call.node.ending
        s = score.scores
        self._write(lambda: self.conn.execute(
            "UPDATE calls SET status = 'completed', ended_at = ?, node = ?, meters = ?, outcome = ?, commitment = ?,"
            " professionalism = ?, empathy = ?, clarity = ?, commitment_score = ?, overall = ?, passed = ?,"
            " wrapup = ?, signature = ?, verdict = ? WHERE id = ?",
            (ended_at or self.clock(), call.state.node, json.dumps(dict(call.state.meters)), call.node.id,
             ending.commitment.value if ending else None, s["professionalism"], s["empathy"], s["clarity"],
             s["commitment"], score.overall, int(verdict.passed), json.dumps(wrapup) if wrapup else None,
             signature, json.dumps(verdict.to_dict(), sort_keys=True), call_id)))

    def abandon_call(self, call_id: str) -> None:
        self._write(lambda: self.conn.execute(
            "UPDATE calls SET status = 'abandoned', ended_at = ? WHERE id = ? AND status = 'in_progress'",
            (self.clock(), call_id)))

    def call(self, call_id: str) -> CallRow | None:
        rows = self.query(f"SELECT {_CALL_COLUMNS} FROM calls c JOIN trainees t ON t.id = c.trainee_id "
                          "WHERE c.id = ?", (call_id,))
        return _row(rows[0]) if rows else None

    def calls(self, *, trainee: str | None = None, status: str | None = None,
              program_id: str | None = None) -> Iterator[CallRow]:
        """Stored calls, oldest first, optionally filtered."""
        where, params = [], []
        for clause, value in (("t.name = ?", trainee), ("c.status = ?", status), ("c.program_id = ?", program_id)):
            if value is not None:
                where.append(clause)
                params.append(value)
        sql = f"SELECT {_CALL_COLUMNS} FROM calls c JOIN trainees t ON t.id = c.trainee_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.started_at, c.id"
        try:
            for r in self.conn.execute(sql, params):
                yield _row(r)
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot read {self.path}: {exc} (is it corrupted?)") from None

    def unfinished_calls(self, trainee: str) -> list[CallRow]:
        return list(self.calls(trainee=trainee, status="in_progress"))

    def decisions(self, call_id: str) -> list[Decision]:
        return [Decision(n, c) for n, c in self.query(
            "SELECT node, choice FROM decisions WHERE call_id = ? ORDER BY seq", (call_id,))]

    def all_decisions(self) -> dict[str, list[Decision]]:
        """Every call's decisions in one pass (for verifying many calls quickly)."""
        out: dict[str, list[Decision]] = {}
        for call_id, node, choice in self.query("SELECT call_id, node, choice FROM decisions ORDER BY call_id, seq"):
            out.setdefault(call_id, []).append(Decision(node, choice))
        return out

    def decision_rows(self, call_id: str) -> list[StoredDecision]:
        """A call's decisions with everything stored about them, in order (for xAPI statements)."""
        return [StoredDecision(r[0], r[1], r[2], r[3], tuple(json.loads(r[4])), json.loads(r[5]), json.loads(r[6]),
                               r[7], r[8] or f"{r[1]}.{r[2] + 1}", r[9], None if r[10] is None else bool(r[10]))
                for r in self.query(
            "SELECT seq, node, choice, said, rules, score, meters, at, choice_id, position, top FROM decisions"
            " WHERE call_id = ? ORDER BY seq", (call_id,))]

    # -- certificates ---------------------------------------------------------------------------
    def save_certificate(self, code: str, trainee: str, program_id: str, calls: str, signed: bool) -> str:
        """Store an issued certificate once per code; returns when it was first issued."""
        trainee_id = self.trainee_id(trainee)

        def write() -> str:
            self.conn.execute(
                "INSERT OR IGNORE INTO certificates (code, trainee_id, program_id, issued_at, calls, signed)"
                " VALUES (?, ?, ?, ?, ?, ?)", (code, trainee_id, program_id, self.clock(), calls, int(signed)))
            return self.conn.execute("SELECT issued_at FROM certificates WHERE code = ?", (code,)).fetchone()[0]
        return self._write(write)

    def certificate(self, code: str) -> StoredCertificate | None:
        """A stored certificate by its code, or None."""
        rows = self.query("SELECT c.code, t.name, c.program_id, c.issued_at, c.calls, c.signed FROM certificates c"
                          " JOIN trainees t ON t.id = c.trainee_id WHERE c.code = ?", (code,))
        if not rows:
            return None
        r = rows[0]
        return StoredCertificate(r[0], r[1], r[2], r[3], r[4], bool(r[5]))
