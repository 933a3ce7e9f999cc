"""Walk-aways as facts: a call left unfinished for longer than its program's limit is abandoned.

An unfinished call whose last decision (or, without one, its start) is older than the limit — the
program's `abandon_after_minutes`, else `DEFAULT_ABANDON_MINUTES` (60) — is marked `abandoned` with
`abandoned_at` = the time of that last decision, never the time anyone noticed. `ended_at` stays empty:
the call was closed for being idle, not given up, so it is still offered for resuming; resuming it puts
it back in progress (same call id, hence the same xAPI registration) and moves the episode to `pauses`
(`{"after": decisions made, "at": abandoned at, "resumed_at": when}`). A trainee who declines to resume
closes it for good (`RecordStore.abandon_call`: `ended_at` set, `abandoned_at` kept).

`sweep` runs at every `ardojo xapi sync` (and may run at sign-in); the store calls `mark_idle`/`reopen`
inside its own write transactions, so every change is signed like any other (records schema 5, the
seal's `abandonment` group).
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:  # the store imports this module; no import cycle at run time
    from game.records.store import RecordStore

DEFAULT_ABANDON_MINUTES = 60


def _time(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def limit_minutes(program: Any | None) -> int:
    """The idle limit of calls counted for `program` (a Program or None): its `abandon_after_minutes`,
    else DEFAULT_ABANDON_MINUTES."""
    value = getattr(program, "abandon_after_minutes", None) if program is not None else None
    return value if isinstance(value, int) and value > 0 else DEFAULT_ABANDON_MINUTES


def last_played(conn: sqlite3.Connection, call_id: str) -> str:
    """When the call was last played: its last decision, else its start."""
    row = conn.execute("SELECT (SELECT MAX(at) FROM decisions WHERE call_id = c.id), c.started_at FROM calls c "
                       "WHERE c.id = ?", (call_id,)).fetchone()
    return row[0] or row[1]


def mark_idle(conn: sqlite3.Connection, call_id: str) -> bool:
    """Inside a write transaction: mark an in-progress call abandoned as of its last decision (ended_at
    stays empty: it can be resumed). False when it is not in progress."""
    at = last_played(conn, call_id)
    return conn.execute("UPDATE calls SET status = 'abandoned', abandoned_at = ? WHERE id = ? AND "
                        "status = 'in_progress'", (at, call_id)).rowcount == 1


def reopen(conn: sqlite3.Connection, call_id: str, now: str) -> None:
    """Inside a write transaction: put a call closed for being idle back in progress, remembering the
    episode in `pauses` (after how many decisions, when it was abandoned, when it was resumed)."""
    abandoned_at, pauses = conn.execute("SELECT abandoned_at, pauses FROM calls WHERE id = ?", (call_id,)).fetchone()
    after = conn.execute("SELECT COUNT(*) FROM decisions WHERE call_id = ?", (call_id,)).fetchone()[0]
    try:
        history = json.loads(pauses) if pauses else []
    except ValueError:
        history = []
    history = history if isinstance(history, list) else []
    history.append({"after": after, "at": abandoned_at or last_played(conn, call_id), "resumed_at": now})
    conn.execute("UPDATE calls SET status = 'in_progress', abandoned_at = NULL, pauses = ? WHERE id = ?",
                 (json.dumps(history, sort_keys=True, separators=(",", ":")), call_id))


def idle_calls(store: "RecordStore", limit_of: Callable[[str | None], int], now: str) -> list[str]:
    """Ids of the calls in progress idle for longer than their limit (`limit_of(program_id)` minutes)."""
    moment = _time(now)
    out = []
    for call_id, program_id, started, last in store.query(
            "SELECT c.id, c.program_id, c.started_at, (SELECT MAX(at) FROM decisions d WHERE d.call_id = c.id) "
            "FROM calls c WHERE c.status = 'in_progress' ORDER BY c.started_at, c.id"):
        try:
            idle = moment - _time(last or started)
        except (TypeError, ValueError):
            continue  # an unreadable time is verify's business, not ours
        if idle > _dt.timedelta(minutes=limit_of(program_id)):
            out.append(call_id)
    return out


def sweep(store: "RecordStore", programs: Mapping[str, Any] | None = None, now: str | None = None) -> list[str]:
    """Mark every call idle past its limit abandoned (as of its last decision); returns their ids.
    `programs` maps program ids to programs (for their `abandon_after_minutes`); `now` defaults to the
    store's clock."""
    programs = programs or {}
    return store.mark_abandoned(idle_calls(store, lambda pid: limit_minutes(programs.get(pid or "")),
                                           now or store.clock()))
