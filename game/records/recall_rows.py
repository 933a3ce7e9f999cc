"""Recall replies in the records: for each decision answered in the trainee's own words, what was said,
the option it was taken as, the similarities, the unclear replies before it and whether it was a fallback
(table `recall_replies`, records schema 8, one row per such decision next to `decisions`). Signed with its
decision (seal.RECALL_COLUMN: the row as one JSON value, NULL and so not signed for a picked reply, so
calls signed before stay valid); replayed on resume and by `verify` (the unclear rounds cost patience),
which also re-matches the stored words: they must still be taken as the stored option (`rematch_problems`).

Only text is stored, never audio. Plain functions over a SQLite connection or stored rows; the store calls
them inside its write transactions.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from game.records import seal

#: The signed columns of `recall_replies`, in this order.
SIGNED_RECALL_COLUMNS: tuple[str, ...] = ("seq", "said", "attempts", "taken", "similarities", "fallback", "spoken")
_COLUMNS = ", ".join(SIGNED_RECALL_COLUMNS)


@dataclass(frozen=True, slots=True)
class RecallRow:
    """One stored recall decision (`seq` is the decision's number; `taken` its option, file order)."""

    seq: int
    said: str
    attempts: tuple[str, ...]
    taken: int
    similarities: tuple[float, ...]
    fallback: bool
    spoken: bool

    @property
    def unclear(self) -> int:
        return len(self.attempts)


def has_table(conn: sqlite3.Connection) -> bool:
    """True once the records schema has the recall table."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recall_replies'").fetchone() \
        is not None


def save_step(conn: sqlite3.Connection, call_id: str, step: Any) -> None:
    """Store the recall part of an engine Step (nothing when the step was picked from the list as usual)."""
    reply = getattr(step, "reply", None)
    if reply is None and not getattr(step, "unclear", 0) and not getattr(step, "fallback", False):
        return
    said = reply.said if reply is not None else ""
    attempts = list(reply.attempts) if reply is not None else []
    sims = list(reply.similarities) if reply is not None else []
    conn.execute(f"INSERT OR REPLACE INTO recall_replies (call_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (call_id, step.number, said, json.dumps(attempts, ensure_ascii=False), step.choice.index,
                  json.dumps(sims), int(bool(step.fallback)), int(bool(reply is not None and reply.spoken))))


def signed_rows(conn: sqlite3.Connection, call_id: str) -> list[tuple]:
    """A call's recall rows as signed (SIGNED_RECALL_COLUMNS), by seq; [] before the table exists."""
    if not has_table(conn):
        return []
    return conn.execute(f"SELECT {_COLUMNS} FROM recall_replies WHERE call_id = ? ORDER BY seq",
                        (call_id,)).fetchall()


def row_of(r: Sequence[Any]) -> RecallRow:
    """A RecallRow from SIGNED_RECALL_COLUMNS values; ValueError when a JSON column is unreadable."""
    try:
        attempts, sims = json.loads(r[2]), json.loads(r[4])
        if not isinstance(attempts, list) or not all(isinstance(a, str) for a in attempts) \
                or not isinstance(sims, list) or not all(isinstance(s, (int, float)) for s in sims):
            raise ValueError("a JSON column has the wrong shape")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the recall reply of decision {r[0]} is unreadable ({exc})") from None
    return RecallRow(int(r[0]), str(r[1]), tuple(attempts), int(r[3]), tuple(float(s) for s in sims),
                     bool(r[5]), bool(r[6]))


def rows_by_seq(rows: Iterable[Sequence[Any]]) -> dict[int, RecallRow]:
    """Readable recall rows by decision number (unreadable ones are left out: verify reports them)."""
    out = {}
    for r in rows:
        try:
            row = row_of(r)
        except ValueError:
            continue
        out[row.seq] = row
    return out


def rematch_problems(rows: Iterable[Sequence[Any]], options_at: Callable[[int], Sequence[Any] | None],
                     taken_at: Callable[[int], int | None], max_unclear: int,
                     match: Callable | None = None) -> list[str]:
    """What is wrong with a call's stored recall replies, in words: each stored reply must be taken again as
    the option stored (and as the decision's choice), each unclear reply must still be unclear, and a
    fallback must follow `max_unclear` unclear replies. `options_at(seq)` is the node's options at that
    decision (None when unknown), `taken_at(seq)` the decision's choice. `match` defaults to match_reply."""
    if match is None:
        from game.recall.match import match_reply as match
    problems = []
    for r in rows:
        try:
            row = row_of(r)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        options = options_at(row.seq)
        if options is None:
            problems.append(f"decision {row.seq}: a recall reply is stored for a decision that does not exist")
            continue
        if taken_at(row.seq) != row.taken:
            problems.append(f"decision {row.seq}: the recall reply says choice {row.taken + 1}, the decision "
                            f"choice {(taken_at(row.seq) or 0) + 1}")
        if row.unclear > max_unclear or (row.fallback and row.unclear != max_unclear):
            problems.append(f"decision {row.seq}: {row.unclear} unclear replies stored"
                            + (" before a fallback" if row.fallback else ""))
        for attempt in row.attempts:
            found = match(attempt, options)
            if found.kind == "clear":
                problems.append(f"decision {row.seq}: the unclear reply \"{_short(attempt)}\" is now taken as "
                                f"choice {found.option_index + 1}")
        if row.fallback:
            continue
        found = match(row.said, options)
        if found.kind != "clear" or found.option_index != row.taken:
            now = f"choice {found.option_index + 1}" if found.kind == "clear" else f"{found.kind} (no option)"
            problems.append(f"decision {row.seq}: the stored words \"{_short(row.said)}\" are taken as {now}, "
                            f"not choice {row.taken + 1}")
    return problems


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


#: A decision's recall reply as one JSON value beside its own columns (NULL for a picked reply): seal.py's.
RECALL_COLUMN = seal.RECALL_COLUMN
#: Where it is in a decision's signed row.
RECALL_AT = seal.SIGNED_DECISION_COLUMNS.index(RECALL_COLUMN)


def from_column(seq: int, value: Any) -> RecallRow | None:
    """The RecallRow of a RECALL_COLUMN value (None when NULL); ValueError when it is unreadable."""
    if value is None:
        return None
    try:
        said, attempts, taken, sims, fallback, spoken = json.loads(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"the recall reply of decision {seq} is unreadable ({exc})") from None
    return row_of((seq, said, attempts, taken, sims, fallback, spoken))


def column_rows(decision_rows: Iterable[Sequence[Any]], at: int) -> list[tuple]:
    """(SIGNED_RECALL_COLUMNS) tuples from decision rows that carry RECALL_COLUMN at index `at` (seq at 0)."""
    out = []
    for r in decision_rows:
        if len(r) > at and r[at] is not None:
            try:
                said, attempts, taken, sims, fallback, spoken = json.loads(r[at])
            except (TypeError, ValueError):
                out.append((r[0], None, None, None, None, None, None))
                continue
            out.append((r[0], said, attempts, taken, sims, fallback, spoken))
    return out


def with_recall(decision: Any, value: Any, seq: int = 0) -> Any:
    """A stored engine Decision with the unclear rounds and fallback of its RECALL_COLUMN value (as it was
    taken, so resume and verify replay the patience it cost); unreadable values leave it as it was."""
    from dataclasses import replace

    from game.engine.recall_cost import MAX_UNCLEAR
    try:
        row = from_column(seq, value)
    except ValueError:
        return decision
    if row is None:
        return decision
    return replace(decision, unclear=min(row.unclear, MAX_UNCLEAR), fallback=row.fallback)


def stored_problems(conn: sqlite3.Connection, call_id: str, scenario: Any) -> list[str]:
    """`rematch_problems` for a stored call against its scenario (before resuming it): [] when every
    stored recall reply is still taken as the option stored, or the call has none."""
    from game.engine.recall_cost import MAX_UNCLEAR

    rows = signed_rows(conn, call_id)
    if not rows:
        return []
    taken = {seq: (node, choice) for seq, node, choice in conn.execute(
        "SELECT seq, node, choice FROM decisions WHERE call_id = ?", (call_id,))}

    def options_at(seq: int):
        node = taken.get(seq, (None,))[0]
        return scenario.nodes[node].choices if node in scenario.nodes else None

    return rematch_problems(rows, options_at, lambda seq: taken.get(seq, (None, None))[1], MAX_UNCLEAR)


def attach_replies(conn: sqlite3.Connection, call_id: str, call: Any) -> None:
    """Give a resumed call's steps back what was said (their `reply`), so the debrief shows it."""
    from dataclasses import replace

    from game.engine.recall_cost import RecallReply

    rows = rows_by_seq(signed_rows(conn, call_id))
    for i, step in enumerate(call.steps):
        row = rows.get(step.number)
        if row is not None:
            call.steps[i] = replace(step, reply=RecallReply(row.said, row.similarities, row.attempts, row.fallback,
                                                            row.spoken))


def signed_row_problems(rows: Sequence[Sequence[Any]], scenario: Any) -> list[str]:
    """`rematch_problems` over a call's signed decision rows (seal.SIGNED_DECISION_COLUMNS, the recall reply
    last) against its scenario; [] when the matching model is not available (nothing can be re-checked)."""
    from game.engine.recall_cost import MAX_UNCLEAR
    from game.recall.errors import RecallUnavailable

    recall = column_rows(rows, RECALL_AT)
    if not recall:
        return []
    where = {r[0]: (r[1], r[2]) for r in rows}

    def options_at(seq: int):
        node = where.get(seq, (None,))[0]
        return scenario.nodes[node].choices if node in scenario.nodes else None

    try:
        return rematch_problems(recall, options_at, lambda seq: where.get(seq, (None, None))[1], MAX_UNCLEAR)
    except RecallUnavailable:
        return []


def resume_problem(conn: sqlite3.Connection, call_id: str, scenario: Any, call: Any) -> str:
    """Before a call resumes: each stored recall reply must still be taken as its option (the first problem
    in words, or ""); then the steps get back what was said. Without the matching model nothing is
    re-checked (the signature still covers the words)."""
    from game.recall.errors import RecallUnavailable

    try:
        problems = stored_problems(conn, call_id, scenario)
    except RecallUnavailable:
        problems = []
    if not problems:
        attach_replies(conn, call_id, call)
    return problems[0] if problems else ""
