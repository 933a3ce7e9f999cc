"""The record store: one SQLite file holding trainees, every call and every decision.

A call in progress is written after every decision (one transaction per decision), so closing the
window or killing the process loses at most the decision being made. Problems with the file — from a
newer AR Dojo, corrupted, read-only, full — raise `RecordsError` with one clear line; nothing is dropped.

With a signing key (`key`), every write re-signs what it changed in the same transaction (signature
scheme v3, game/records/seal.py): the call, and the trainee's numbered list of calls when a call starts,
ends or is abandoned. Without one, a write clears the call's signature (it is then honestly unsigned)
and leaves the trainee's sealed list alone. The process playing a call holds a lease on it
(game/records/leases.py), so a second window never resumes a call that is live in the first.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import uuid
from pathlib import Path
from typing import Any, Callable, Iterator

from game import __version__
from game.content.model import Scenario
from game.engine.call import Call, Decision
from game.engine.scoring import CallScore
from game.engine.verdict import Verdict
from game.records import abandon, opening, recall_rows, seal
from game.records.leases import lease_until, live_elsewhere, owner_token
from game.records.names import NameProblem, check_name, normalize_name
from game.records.opening import SQLITE_MAGIC  # noqa: F401  (re-exported)
from game.records.rows import (CALL_COLUMNS, CALL_WIDTH, CallRow, RecordsError, StoredCertificate,  # noqa: F401
                               StoredDecision, call_row, stored_decision, utc_now)
from game.records.schema import SCHEMA_VERSION

_SIGNED_CALL = ", ".join(seal.SIGNED_CALL_COLUMNS)
_SIGNED_DECISION = ", ".join(seal.SIGNED_DECISION_COLUMNS)


def _seconds(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else None


def stored_manners(node: str, choice: int, waited: object = None, interrupted: object = None,
                   elapsed: object = None) -> Decision:
    """A stored decision as the engine replays it, with its manners (records schema 7; older rows and
    unreadable values read as not timed: verify compares the replay with what is stored)."""
    return Decision(node, choice, _seconds(waited), interrupted in (1, True), _seconds(elapsed))


class BadName(RecordsError):
    """A name refused at sign-in (control characters, bidi overrides, a look-alike of another trainee)."""


def corrupt_message(path: Path, problems: list[str]) -> str:
    more = f" and {len(problems) - 1} more" if len(problems) > 1 else ""
    return (f"{path} fails SQLite's integrity check ({problems[0]}{more}); nothing more is written to it. Restore "
            f"it from a backup (`ardojo verify --db {path}` lists what can still be read)")


class RecordStore:
    """Open with `RecordStore.open(path)`; use as a context manager or call `close()`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Callable[[], str] = utc_now,
                 key: bytes | None = None, writable: bool = True,
                 copy: tempfile.TemporaryDirectory | None = None) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.key = key
        self.writable = writable
        self.owner = owner_token()
        self.immutable = False
        self._copy = copy
        self._leased: set[str] = set()

    # -- opening --------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, write: bool = True, clock: Callable[[], str] = utc_now, key: bytes | None = None,
             check: bool = True) -> "RecordStore":
        """Open (creating and migrating as needed) the database at `path`. For writing, SQLite's quick
        integrity check runs first (`check`): a damaged file is refused, never written to."""
        path = Path(path)
        opening.check_path(path, write)
        conn, version, immutable = opening.connect(path, write)
        if version > SCHEMA_VERSION:
            conn.close()
            raise RecordsError(f"{path} was written by a newer AR Dojo (records schema {version}; this version "
                               f"reads up to {SCHEMA_VERSION}); upgrade AR Dojo")
        copy = None
        if write:
            problems = opening.integrity_problems(conn, full=False) if check else []
            if problems:
                conn.close()
                raise RecordsError(corrupt_message(path, problems))
            try:
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.DatabaseError:
                pass
            if version < SCHEMA_VERSION:
                opening.migrate(conn, path)
        elif version < SCHEMA_VERSION:
            conn, copy = opening.upgraded_copy(conn, path)
        store = cls(conn, path, clock, key, write, copy)
        store.immutable = immutable
        return store

    def close(self) -> None:
        """Release the leases this store holds (its calls can be resumed elsewhere) and close."""
        if self._leased and self.writable:
            try:
                self.conn.executemany("UPDATE calls SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND "
                                      "lease_owner = ?", [(cid, self.owner) for cid in self._leased])
            except sqlite3.DatabaseError:
                pass
        self._leased.clear()
        self.conn.close()
        if self._copy is not None:
            self._copy.cleanup()
            self._copy = None

    def __enter__(self) -> "RecordStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_problems(self, full: bool = True) -> list[str]:
        """What SQLite's integrity check (or, not `full`, its quick check) finds wrong; [] when ok."""
        return opening.integrity_problems(self.conn, full)

    def _write(self, fn: Callable[[], Any], lost: str = "") -> Any:
        """Run `fn` in one transaction, turning SQLite failures into RecordsError; `lost` says what a
        failure does not save (and what stays saved)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            result = fn()
            self.conn.execute("COMMIT")
            return result
        except RecordsError:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        except sqlite3.DatabaseError as exc:
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.DatabaseError:
                    pass
            text = str(exc)
            lost = lost or "this change was not saved; everything saved before is kept"
            if "full" in text:
                raise RecordsError(f"cannot write to {self.path}: the disk is full ({text}); {lost}. Free some space "
                                   "and try again") from None
            raise RecordsError(f"cannot write to {self.path}: {text} ({lost})") from None

    def transaction(self, fn: Callable[[], Any]) -> Any:
        """Run `fn` (which uses `self.conn`) in one write transaction; SQLite failures become RecordsError."""
        return self._write(fn)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot read {self.path}: {exc} (is it corrupted?)") from None

    def _stream(self, sql: str, params: tuple = ()) -> Iterator[tuple]:
        try:
            yield from self.conn.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot read {self.path}: {exc} (is it corrupted?)") from None

    # -- signing (inside write transactions) ----------------------------------------------------
    def _parts(self, call_id: str) -> tuple[tuple, list[tuple]]:
        call = self.conn.execute(f"SELECT {_SIGNED_CALL} FROM calls c LEFT JOIN trainees t ON t.id = c.trainee_id "
                                 "WHERE c.id = ?", (call_id,)).fetchone()
        decisions = self.conn.execute(f"SELECT {_SIGNED_DECISION} FROM decisions WHERE call_id = ? ORDER BY seq",
                                      (call_id,)).fetchall()
        return call, decisions

    def signed_parts(self, call_id: str) -> tuple[tuple | None, list[tuple]]:
        """What a call's v3 signature covers, as stored: its signed columns and its decisions' rows."""
        try:
            return self._parts(call_id)
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot read {self.path}: {exc} (is it corrupted?)") from None

    def _seal_call(self, call_id: str, key: bytes | None) -> None:
        if key is None:
            self.conn.execute("UPDATE calls SET signature = NULL WHERE id = ? AND signature IS NOT NULL", (call_id,))
            return
        call, decisions = self._parts(call_id)
        self.conn.execute("UPDATE calls SET signature = ? WHERE id = ?",
                          (seal.call_signature(key, call, decisions), call_id))

    def _seal_head(self, trainee_id: int, key: bytes | None) -> None:
        """Sign the trainee's list: how many calls it numbers, which of them are finished and signed."""
        if key is None:
            return
        name, count = self.conn.execute("SELECT name, calls FROM trainees WHERE id = ?", (trainee_id,)).fetchone()
        finished = [r[0] for r in self.conn.execute(
            "SELECT trainee_seq FROM calls WHERE trainee_id = ? AND trainee_seq IS NOT NULL AND status IN "
            "('completed', 'abandoned') AND signature LIKE 'v3:%'", (trainee_id,))]
        sealed = seal.head_text(count, finished)
        self.conn.execute("UPDATE trainees SET sealed = ?, signature = ? WHERE id = ?",
                          (sealed, seal.head_signature(key, name, sealed), trainee_id))

    def reseal(self, call_ids: list[str], trainee_ids: list[int], key: bytes) -> None:
        """Sign these calls and trainees' lists with `key` as they are now (after `verify` found them sound)."""
        def write() -> None:
            for call_id in call_ids:
                self._seal_call(call_id, key)
            for trainee_id in trainee_ids:
                self._seal_head(trainee_id, key)
        self._write(write, "nothing was signed")

    # -- trainees -------------------------------------------------------------------------------
    def _find_trainee(self, name: str) -> int | None:
        rows = self.conn.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchall()
        if rows:
            return rows[0][0]
        folded = name.casefold()
        for trainee_id, other in self.conn.execute("SELECT id, name FROM trainees"):
            if normalize_name(other).casefold() == folded:
                return trainee_id
        return None

    def _trainee(self, name: str) -> int:
        """The id of a trainee, created (after the sign-in checks of game/records/names.py) on first use;
        inside a write transaction."""
        name = normalize_name(name)
        found = self._find_trainee(name)
        if found is not None:
            return found
        try:
            name = check_name(name, [r[0] for r in self.conn.execute("SELECT name FROM trainees")])
        except NameProblem as exc:
            raise BadName(str(exc)) from None
        trainee_id = self.conn.execute("INSERT INTO trainees (name, created_at) VALUES (?, ?)",
                                       (name, self.clock())).lastrowid
        self._seal_head(trainee_id, self.key)
        return trainee_id

    def trainee_id(self, name: str) -> int:
        """The id of a trainee, created on first use. Names are normalised (NFKC, spaces) and matched
        case-insensitively; a new name is refused (BadName) when it could be taken for another."""
        try:
            found = self._find_trainee(normalize_name(name))
        except sqlite3.DatabaseError as exc:
            raise RecordsError(f"cannot read {self.path}: {exc} (is it corrupted?)") from None
        if found is not None:
            return found
        return self._write(lambda: self._trainee(name), "the new trainee was not saved")

    def sign_in(self, name: str) -> str:
        """Sign in as `name` (created on first use); returns the name as stored (the spelling used first)."""
        trainee_id = self.trainee_id(name)
        return self.query("SELECT name FROM trainees WHERE id = ?", (trainee_id,))[0][0]

    def trainees(self) -> list[str]:
        return [r[0] for r in self.query("SELECT name FROM trainees ORDER BY name")]

    # -- calls ----------------------------------------------------------------------------------
    def start_call(self, trainee: str, scenario: Scenario, program_id: str | None = None,
                   seed: int | None = None, campaign_week_id: str | None = None) -> str:
        """Record the start of a call (with the seed of its reply order), numbered in the trainee's list
        and leased to this store; returns its id. `campaign_week_id`: the campaign week the call is played
        in (game/records/campaigns.py), signed with the call."""
        call_id = str(uuid.uuid4())
        meters = json.dumps(dict(scenario.persona.mood))

        def write() -> None:
            trainee_id = self._trainee(trainee)
            self.conn.execute("UPDATE trainees SET calls = calls + 1 WHERE id = ?", (trainee_id,))
            number = self.conn.execute("SELECT calls FROM trainees WHERE id = ?", (trainee_id,)).fetchone()[0]
            self.conn.execute(
                "INSERT INTO calls (id, trainee_id, scenario_id, scenario_hash, engine_version, program_id, started_at,"
                " status, node, meters, seed, trainee_seq, lease_owner, lease_until, campaign_week_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'in_progress', ?, ?, ?, ?, ?, ?, ?)",
                (call_id, trainee_id, scenario.id, scenario.content_hash, __version__, program_id, self.clock(),
                 scenario.start, meters, seed, number, self.owner, lease_until(), campaign_week_id))
            if self.key is not None:
                self._seal_call(call_id, self.key)
                self._seal_head(trainee_id, self.key)
        self._write(write, "the call was not started; everything saved before is kept")
        self._leased.add(call_id)
        return call_id

    def _hold(self, call_id: str, number: int | None = None) -> int:
        """Inside a write transaction: check this store may write the call (in progress, not live elsewhere,
        not played further elsewhere), take or renew its lease; returns the trainee's id."""
        row = self.conn.execute("SELECT status, lease_owner, lease_until, trainee_id, (SELECT MAX(seq) FROM decisions"
                                " WHERE call_id = ?), ended_at FROM calls WHERE id = ?", (call_id, call_id)).fetchone()
        if row is None:
            raise RecordsError(f"no call {call_id} in {self.path}")
        status, owner, until, trainee_id, last, ended = row
        if status == "abandoned" and ended is None and not live_elsewhere(owner, until, self.owner):
            abandon.reopen(self.conn, call_id, self.clock())  # closed for being idle: resumed, same call
            self._seal_call(call_id, self.key)
            self._seal_head(trainee_id, self.key)
            status = "in_progress"
        if status != "in_progress":
            raise RecordsError(f"call {call_id} is already {status.replace('_', ' ')} (in another window?); "
                               "this window's change was not saved")
        if live_elsewhere(owner, until, self.owner):
            raise RecordsError(f"call {call_id} is being played in another window; this window's change was not "
                               "saved (go on in that window, or close it first)")
        if number is not None and last is not None and last >= number:
            raise RecordsError(f"call {call_id} already has decision {last} (it was played on in another window); "
                               "this window's decision was not saved")
        self.conn.execute("UPDATE calls SET lease_owner = ?, lease_until = ? WHERE id = ?",
                          (self.owner, lease_until(), call_id))
        self._leased.add(call_id)
        return trainee_id

    def claim(self, call_id: str) -> bool:
        """Take the lease of an unfinished call to resume it; False when it is live elsewhere or finished."""
        def write() -> bool:
            try:
                self._hold(call_id)
            except RecordsError:
                return False
            return True
        return self._write(write)

    def record_step(self, call_id: str, call: Call) -> None:
        """Save the latest decision of `call` and its current node and meters, atomically."""
        step = call.steps[-1]

        def write() -> None:
            self._hold(call_id, step.number)
            self.conn.execute(
                "INSERT INTO decisions (call_id, seq, node, choice, said, rules, score, meters, at, choice_id,"
                " position, top, waited, interrupted, elapsed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (call_id, step.number, step.node.id, step.choice.index, step.choice.say,
                 json.dumps(list(step.choice.cited)), json.dumps(dict(step.choice.score)),
                 json.dumps(dict(step.meters_after)), self.clock(), step.choice.id, step.position or None,
                 int(step.scored.took_top), step.waited, int(step.interrupted) if step.manners.timed else None,
                 step.at))
            recall_rows.save_step(self.conn, call_id, step)  # recall mode: what was said (docs/recall.md)
            self.conn.execute("UPDATE calls SET node = ?, meters = ? WHERE id = ?",
                              (call.state.node, json.dumps(dict(call.state.meters)), call_id))
            self._seal_call(call_id, self.key)
        self._write(write, f"decision {step.number} was not saved; the decisions before it are, and the call can be "
                           "resumed")

    def finish_call(self, call_id: str, call: Call, score: CallScore, verdict: Verdict, wrapup: dict | None = None,
                    ended_at: str | None = None, key: bytes | None = None) -> str | None:
        """Mark a call completed with its outcome, scores and its one verdict (`ended_at` defaults to now),
        signed with `key` (default: the store's); returns the signature."""
        key = key if key is not None else self.key
        signature = self._write(lambda: self.finish_in_transaction(call_id, call, score, verdict, wrapup, ended_at,
                                                                   key),
                                "the end of the call was not saved; its decisions are, and it can be resumed")
        self._leased.discard(call_id)
        return signature

    def finish_in_transaction(self, call_id: str, call: Call, score: CallScore, verdict: Verdict,
                              wrapup: dict | None, ended_at: str | None, key: bytes | None) -> str | None:
        """`finish_call`'s write, inside a write transaction the caller holds (a campaign week saves the
        call's end and the week's progress in one, game/records/campaigns.py); returns the signature."""
        ending = call.node.ending
        s = score.scores
        trainee_id = self._hold(call_id)
        self.conn.execute(
            "UPDATE calls SET status = 'completed', ended_at = ?, node = ?, meters = ?, outcome = ?,"
            " commitment = ?, professionalism = ?, empathy = ?, clarity = ?, commitment_score = ?, overall = ?,"
            " passed = ?, wrapup = ?, verdict = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?",
            (ended_at or self.clock(), call.state.node, json.dumps(dict(call.state.meters)), call.node.id,
             ending.commitment.value if ending else None, s["professionalism"], s["empathy"], s["clarity"],
             s["commitment"], score.overall, int(verdict.passed), json.dumps(wrapup) if wrapup else None,
             json.dumps(verdict.to_dict(), sort_keys=True), call_id))
        self._seal_call(call_id, key)
        self._seal_head(trainee_id, key)
        return self.conn.execute("SELECT signature FROM calls WHERE id = ?", (call_id,)).fetchone()[0]

    def abandon_call(self, call_id: str) -> bool:
        """Close an unfinished call (or one closed for being idle) as abandoned for good, as of its last
        decision (`abandoned_at`; `ended_at` is when it was closed); False (nothing changed) when it is
        finished already or being played in another window."""
        def write() -> bool:
            row = self.conn.execute("SELECT status, lease_owner, lease_until, trainee_id, ended_at FROM calls "
                                    "WHERE id = ?", (call_id,)).fetchone()
            if row is None or live_elsewhere(row[1], row[2], self.owner) or not (
                    row[0] == "in_progress" or (row[0] == "abandoned" and row[4] is None)):
                return False
            self.conn.execute("UPDATE calls SET status = 'abandoned', ended_at = ?, abandoned_at = COALESCE("
                              "abandoned_at, ?), lease_owner = NULL, lease_until = NULL WHERE id = ?",
                              (self.clock(), abandon.last_played(self.conn, call_id), call_id))
            self._seal_call(call_id, self.key)
            self._seal_head(row[3], self.key)
            return True
        done = self._write(write, "the call was not closed; it stays unfinished")
        self._leased.discard(call_id)
        return done

    def mark_abandoned(self, call_ids: list[str]) -> list[str]:
        """Mark these calls in progress abandoned as of their last decision, resumable (see
        game/records/abandon.py; `abandon.sweep` picks the idle ones); returns those it marked."""
        def write() -> list[str]:
            done = []
            for call_id in call_ids:
                if abandon.mark_idle(self.conn, call_id):
                    self._seal_call(call_id, self.key)
                    trainee = self.conn.execute("SELECT trainee_id FROM calls WHERE id = ?", (call_id,)).fetchone()
                    self._seal_head(trainee[0], self.key)
                    done.append(call_id)
            return done
        return self._write(write, "no call was marked abandoned") if call_ids else []

    def call(self, call_id: str) -> CallRow | None:
        rows = self.query(f"SELECT {CALL_COLUMNS} FROM calls c JOIN trainees t ON t.id = c.trainee_id "
                          "WHERE c.id = ?", (call_id,))
        return call_row(rows[0]) if rows else None

    def calls(self, *, trainee: str | None = None, status: str | None = None,
              program_id: str | None = None) -> Iterator[CallRow]:
        """Stored calls, oldest first, optionally filtered."""
        where, params = [], []
        for clause, value in (("t.name = ?", trainee), ("c.status = ?", status), ("c.program_id = ?", program_id)):
            if value is not None:
                where.append(clause)
                params.append(value)
        sql = f"SELECT {CALL_COLUMNS} FROM calls c JOIN trainees t ON t.id = c.trainee_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY c.started_at, c.id"
        for r in self._stream(sql, tuple(params)):
            yield call_row(r)

    def unfinished_calls(self, trainee: str) -> list[CallRow]:
        """The trainee's calls that can be resumed here: in progress or closed for being idle (none being
        played in another window), oldest first. A call of a campaign week is not among them: a week
        resumes from its own saved decisions (game/records/campaigns.py)."""
        return [r for r in self.calls(trainee=trainee) if r.resumable and r.campaign_week_id is None
                and not live_elsewhere(r.lease_owner, r.lease_until, self.owner)]

    def decisions(self, call_id: str) -> list[Decision]:
        """A call's decisions as the engine replays them: where, which reply, and how it was given."""
        return [recall_rows.with_recall(stored_manners(*r[:5]), r[5], r[6]) for r in self.query(
            f"SELECT node, choice, waited, interrupted, elapsed, {recall_rows.RECALL_COLUMN}, seq FROM decisions "
            "WHERE call_id = ? ORDER BY seq", (call_id,))]

    def all_decisions(self) -> dict[str, list[Decision]]:
        """Every call's decisions in one pass (held in memory: `audit_rows` streams instead)."""
        out: dict[str, list[Decision]] = {}
        for call_id, *row in self._stream("SELECT call_id, node, choice, waited, interrupted, elapsed, "
                                          f"{recall_rows.RECALL_COLUMN}, seq FROM decisions ORDER BY call_id, seq"):
            out.setdefault(call_id, []).append(recall_rows.with_recall(stored_manners(*row[:5]), row[5], row[6]))
        return out

    def decision_rows(self, call_id: str) -> list[StoredDecision]:
        """A call's decisions with everything stored about them, in order (for xAPI statements)."""
        try:
            return [stored_decision(r) for r in self.query(
                "SELECT seq, node, choice, said, rules, score, meters, at, choice_id, position, top, "
                f"{recall_rows.RECALL_COLUMN} FROM decisions WHERE call_id = ? ORDER BY seq", (call_id,))]
        except ValueError as exc:
            raise RecordsError(f"cannot read call {call_id} in {self.path}: {exc} (run `ardojo verify`)") from None

    def audit_rows(self) -> Iterator[tuple[str, CallRow | None, tuple | None, list[tuple]]]:
        """Every call with its decisions, streamed in call id order (one call's decisions in memory at a
        time): (call id, row, its signed columns, its decisions' signed rows). Decisions whose call is gone
        come as (call id, None, None, rows)."""
        calls = self._stream(f"SELECT {CALL_COLUMNS}, {_SIGNED_CALL} FROM calls c LEFT JOIN trainees t "
                             "ON t.id = c.trainee_id ORDER BY c.id")
        decisions = self._stream(f"SELECT call_id, {_SIGNED_DECISION} FROM decisions ORDER BY call_id, seq")
        pending = next(decisions, None)

        def group(call_id: str) -> list[tuple]:
            nonlocal pending
            rows = []
            while pending is not None and str(pending[0]) == call_id:
                rows.append(pending[1:])
                pending = next(decisions, None)
            return rows

        for r in calls:
            call_id = str(r[0])
            while pending is not None and str(pending[0]) < call_id:
                orphan = str(pending[0])
                yield orphan, None, None, group(orphan)
            yield call_id, call_row(r[:CALL_WIDTH]), r[CALL_WIDTH:], group(call_id)
        while pending is not None:
            orphan = str(pending[0])
            yield orphan, None, None, group(orphan)

    def chain_rows(self) -> Iterator[tuple]:
        """Each trainee's list, streamed in order: (trainee id, name, count, sealed, signature, call id,
        number, status, signature, started_at), one row per call (call fields None for a trainee without)."""
        return self._stream(
            "SELECT t.id, t.name, t.calls, t.sealed, t.signature, c.id, c.trainee_seq, c.status, c.signature,"
            " c.started_at FROM trainees t LEFT JOIN calls c ON c.trainee_id = t.id"
            " ORDER BY t.id, c.trainee_seq IS NULL, c.trainee_seq, c.started_at")

    # -- certificates ---------------------------------------------------------------------------
    def save_certificate(self, code: str, trainee: str, program_id: str, calls: str, signed: bool) -> str:
        """Store an issued certificate once per code; returns when it was first issued."""
        trainee_id = self.trainee_id(trainee)

        def write() -> str:
            self.conn.execute(
                "INSERT OR IGNORE INTO certificates (code, trainee_id, program_id, issued_at, calls, signed)"
                " VALUES (?, ?, ?, ?, ?, ?)", (code, trainee_id, program_id, self.clock(), calls, int(signed)))
            return self.conn.execute("SELECT issued_at FROM certificates WHERE code = ?", (code,)).fetchone()[0]
        return self._write(write, "the certificate was not stored")

    def certificate(self, code: str) -> StoredCertificate | None:
        """A stored certificate by its code, or None."""
        rows = self.query("SELECT c.code, t.name, c.program_id, c.issued_at, c.calls, c.signed FROM certificates c"
                          " JOIN trainees t ON t.id = c.trainee_id WHERE c.code = ?", (code,))
        if not rows:
            return None
        r = rows[0]
        return StoredCertificate(r[0], r[1], r[2], r[3], r[4], bool(r[5]))

    def certificate_codes(self) -> list[str]:
        return [r[0] for r in self.query("SELECT code FROM certificates ORDER BY issued_at, code")]
