"""The `xapi_outbox` table: every statement queued once, with its body frozen, until an LRS acknowledges it.

A statement is queued the first time it is built (signed over its text when the store has the signing
key, so `ardojo verify` notices a rewritten one) and its body is never rebuilt afterwards, so the
LRS always receives the same bytes under the same id (a re-send is then a harmless 204, never a 409),
even if the activity base or AR Dojo itself changes later. It is marked sent only after the LRS has
acknowledged the batch holding it; nothing is ever deleted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from game.records.seal import outbox_signature
from game.records.store import RecordStore
from game.xapi.campaign_statements import week_links, week_statements
from game.xapi.catalog import Catalog
from game.xapi.program_statements import PROGRAM_SEQ, certificate_statements, program_statements
from game.xapi.scheme import XapiConfig
from game.xapi.statements import Statement, call_statements, expected_count


@dataclass(frozen=True, slots=True)
class Queued:
    """A statement waiting in the outbox: its JSON text exactly as it is sent."""

    id: str
    call_id: str
    seq: int
    body: str


def queue_new(store: RecordStore, config: XapiConfig, catalog: Catalog | None = None) -> int:
    """Queue the statements of every stored call, decided program, issued certificate and campaign week
    that are not in the outbox yet; returns how many. Calls whose statements are all queued already are skipped
    without rebuilding them, and so are programs already queued as decided."""
    catalog = catalog or Catalog()
    queued = dict(store.query(f"SELECT call_id, COUNT(*) FROM xapi_outbox WHERE seq < {PROGRAM_SEQ} "
                              "GROUP BY call_id"))
    made = {call_id: (count, last) for call_id, count, last in store.query(
        "SELECT call_id, COUNT(*), MAX(seq) FROM decisions GROUP BY call_id")}
    rows: list[tuple[str, str, int, str, str | None]] = []
    weeks = week_links(store)

    def add(s: Statement) -> None:
        body = s.to_json()
        signature = None if store.key is None else outbox_signature(store.key, s.id, s.call_id, s.seq, body)
        rows.append((s.id, s.call_id, s.seq, body, signature))
    for call in store.calls():
        count, last = made.get(call.id, (0, 0))
        if queued.get(call.id, 0) >= expected_count(call, count, last):
            continue
        for s in call_statements(call, store.decision_rows(call.id), config, catalog,
                                 weeks.get(call.campaign_week_id or "")):
            add(s)
    about = {r[0] for r in store.query(f"SELECT id FROM xapi_outbox WHERE seq >= {PROGRAM_SEQ}")}
    for s in program_statements(store, config, catalog, about):
        add(s)
    for s in certificate_statements(store, config, catalog, about):
        add(s)
    for s in week_statements(store, config, catalog, about):
        add(s)
    if not rows:
        return 0

    def insert() -> int:
        before = store.conn.total_changes
        store.conn.executemany("INSERT OR IGNORE INTO xapi_outbox (id, call_id, seq, body, signature)"
                               " VALUES (?, ?, ?, ?, ?)", rows)
        return store.conn.total_changes - before
    return store.transaction(insert)


def unsent(store: RecordStore) -> list[Queued]:
    """Statements not yet acknowledged by an LRS, oldest call first, in order within each call."""
    return [Queued(*r) for r in store.query(
        "SELECT o.id, o.call_id, o.seq, o.body FROM xapi_outbox o JOIN calls c ON c.id = o.call_id"
        " WHERE o.sent_at IS NULL ORDER BY c.started_at, o.call_id, o.seq")]


def mark_sent(store: RecordStore, ids: Iterable[str], at: str) -> None:
    """Record that the LRS acknowledged these statements (one transaction)."""
    rows = [(at, i) for i in ids]
    store.transaction(lambda: store.conn.executemany(
        "UPDATE xapi_outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL"
        " WHERE id = ? AND sent_at IS NULL", rows))


def mark_failed(store: RecordStore, ids: Iterable[str], error: str) -> None:
    """Count a failed attempt for these statements and remember why (they stay queued)."""
    rows = [(error[:500], i) for i in ids]
    store.transaction(lambda: store.conn.executemany(
        "UPDATE xapi_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent_at IS NULL", rows))


def pending_counts(store: RecordStore) -> tuple[int, int]:
    """(statements, calls) still waiting to be sent."""
    statements, calls = store.query(
        "SELECT COUNT(*), COUNT(DISTINCT call_id) FROM xapi_outbox WHERE sent_at IS NULL")[0]
    return statements, calls


def export_lines(store: RecordStore, config: XapiConfig, catalog: Catalog | None = None) -> Iterator[str]:
    """Every stored call's statements as JSON texts, oldest call first, then those of decided programs and
    issued certificates. A statement already queued is given exactly as queued (so an export always
    matches what an LRS got or will get)."""
    catalog = catalog or Catalog()
    weeks = week_links(store)
    for call in store.calls():
        frozen = dict(store.query("SELECT id, body FROM xapi_outbox WHERE call_id = ?", (call.id,)))
        for statement in call_statements(call, store.decision_rows(call.id), config, catalog,
                                         weeks.get(call.campaign_week_id or "")):
            yield frozen.get(statement.id) or statement.to_json()
    frozen = dict(store.query(f"SELECT id, body FROM xapi_outbox WHERE seq >= {PROGRAM_SEQ}"))
    for statement in [*program_statements(store, config, catalog), *certificate_statements(store, config, catalog),
                      *week_statements(store, config, catalog)]:
        yield frozen.get(statement.id) or statement.to_json()


def bodies(batch: Sequence[Queued]) -> str:
    """A batch as the JSON array the LRS receives (the queued texts, unchanged)."""
    return "[" + ",".join(q.body for q in batch) + "]"


def parsed(queued: Queued) -> dict:
    """The queued statement as a dict."""
    return json.loads(queued.body)
