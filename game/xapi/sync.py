"""Send the outbox to an LRS: in batches, with bounded exponential back-off, marking statements sent
only once the LRS has acknowledged them, so nothing is lost and nothing is sent twice.

Per batch: 200 or 204 -> sent (204 means the LRS had them all already: a re-send after a lost reply).
Unreachable, timeouts, 429 and 5xx -> wait 1, 2, 4 … s (capped by `max_wait`, or the LRS's
Retry-After) and retry up to `retries` times, then stop: the rest stays queued for the next sync.
401/403 -> stop at once. Another 4xx -> the batch is re-sent one statement at a time, so the good ones
get through and the refused ones are named. A 409 on a single statement means the LRS already holds a
statement with that id whose body differs from ours: we fetch it and, if it is the same event (same
actor, verb, object, registration, time and result; an LRS may re-format a field), count it as sent;
otherwise it stays queued, is reported as a conflict, and nothing is overwritten.
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from game.records import abandon
from game.records.store import RecordStore, utc_now
from game.xapi.catalog import Catalog
from game.xapi.lrs import LrsAuthError, LrsClient, LrsError, LrsRejected, LrsTransient
from game.xapi.outbox import Queued, bodies, mark_failed, mark_sent, parsed, pending_counts, queue_new, unsent
from game.xapi.scheme import XapiConfig


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded exponential back-off: waits first_wait, 2x, 4x … capped at max_wait, `retries` times."""

    retries: int = 5
    max_wait: float = 30.0
    first_wait: float = 1.0

    def wait(self, attempt: int, retry_after: float | None = None) -> float:
        base = min(self.max_wait, self.first_wait * (2 ** attempt))
        return min(self.max_wait, max(base, retry_after or 0.0))


@dataclass(slots=True)
class SyncReport:
    """What a sync did; `problem` is the one-line reason it stopped early or left statements behind."""

    queued: int = 0
    abandoned: int = 0  # calls marked abandoned by this sync for being idle past their limit
    sent_ids: list[str] = field(default_factory=list)
    sent_calls: set[str] = field(default_factory=set)
    pending: int = 0
    pending_calls: int = 0
    problem: str | None = None

    @property
    def sent(self) -> int:
        return len(self.sent_ids)

    def summary(self) -> str:
        return (f"sent {self.sent} statement{'s' * (self.sent != 1)} ({len(self.sent_calls)} "
                f"call{'s' * (len(self.sent_calls) != 1)}); {self.pending} pending")


class _Stop(Exception):
    """Ends the sync early with a one-line reason (the LRS is down, refuses us, …)."""


def same_event(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """True when the LRS's copy records the same event as our statement (ignoring re-formatting)."""
    def instant(text: Any) -> _dt.datetime | None:
        try:
            return _dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
        except ValueError:
            return None

    def ifi(actor: Any) -> Any:
        actor = actor or {}
        return actor.get("mbox") or actor.get("account")

    def values(data: Any) -> Any:  # numbers compared by value: an LRS may write 90 as 90.0
        if isinstance(data, dict):
            return {k: values(v) for k, v in data.items()}
        if isinstance(data, list):
            return [values(v) for v in data]
        return float(data) if isinstance(data, (int, float)) and not isinstance(data, bool) else data
    return (theirs.get("id") == ours["id"] and ifi(theirs.get("actor")) == ifi(ours["actor"])
            and (theirs.get("verb") or {}).get("id") == ours["verb"]["id"]
            and (theirs.get("object") or {}).get("id") == ours["object"]["id"]
            and (theirs.get("context") or {}).get("registration") == ours["context"]["registration"]
            and values(theirs.get("result")) == values(ours.get("result"))
            and instant(ours["timestamp"]) is not None
            and instant(theirs.get("timestamp")) == instant(ours["timestamp"]))


class Syncer:
    """One sync run: owns the report, the retry policy and the (injectable) clock and sleep."""

    def __init__(self, store: RecordStore, client: LrsClient, policy: RetryPolicy, batch_size: int,
                 sleep: Callable[[float], None], on_batch: Callable[["SyncReport"], None] | None) -> None:
        self.store, self.client, self.policy = store, client, policy
        self.batch_size = max(1, batch_size)
        self.sleep, self.on_batch = sleep, on_batch
        self.report = SyncReport()
        self.rejected: list[tuple[Queued, str]] = []
        self.conflicts: list[Queued] = []

    def _post(self, batch: Sequence[Queued]) -> None:
        """POST with retries; returns once acknowledged, raises LrsRejected, or _Stop when giving up."""
        ids = [q.id for q in batch]
        started = time.monotonic()
        for attempt in range(self.policy.retries + 1):
            try:
                status, listed = self.client.post_statements(bodies(batch))
            except LrsTransient as exc:
                mark_failed(self.store, ids, str(exc))
                if attempt == self.policy.retries:
                    raise _Stop(f"cannot reach the LRS at {self.client.statements_url}: {exc} (tried "
                                f"{attempt + 1} times over {time.monotonic() - started:.1f} s)") from None
                self.sleep(self.policy.wait(attempt, exc.retry_after))
                continue
            except LrsAuthError as exc:
                mark_failed(self.store, ids, str(exc))
                raise _Stop(f"the LRS at {self.client.statements_url} refused the credentials of user "
                            f"'{self.client.user}' ({exc})") from None
            if status not in (200, 204) or not set(listed) <= set(ids):
                mark_failed(self.store, ids, f"unexpected answer {status}")
                raise _Stop(f"the LRS at {self.client.statements_url} gave an unexpected answer ({status}); "
                            "nothing in that batch was marked sent")
            self._sent(batch)
            return

    def _sent(self, batch: Sequence[Queued]) -> None:
        mark_sent(self.store, [q.id for q in batch], utc_now())
        self.report.sent_ids.extend(q.id for q in batch)
        self.report.sent_calls.update(q.call_id for q in batch)

    def _one_by_one(self, batch: Sequence[Queued]) -> None:
        """After a batch was refused: send each statement alone to find which ones the LRS refuses."""
        for queued in batch:
            try:
                self._post([queued])
            except LrsRejected as exc:
                if exc.status == 409 and self._already_there(queued):
                    self._sent([queued])
                    continue
                if exc.status == 409:
                    mark_failed(self.store, [queued.id], f"conflict: {exc}")
                    self.conflicts.append(queued)
                else:
                    mark_failed(self.store, [queued.id], f"rejected: {exc}")
                    self.rejected.append((queued, str(exc)))

    def _already_there(self, queued: Queued) -> bool:
        try:
            theirs = self.client.get_statement(queued.id)
        except (LrsError, ValueError):
            return False
        return theirs is not None and same_event(parsed(queued), theirs)

    def run(self, pending: Sequence[Queued]) -> None:
        for start in range(0, len(pending), self.batch_size):
            batch = pending[start:start + self.batch_size]
            try:
                self._post(batch)
            except LrsRejected:
                self._one_by_one(batch)
            if self.on_batch is not None:
                self.on_batch(self.report)

    def problem_line(self) -> str | None:
        if self.conflicts:
            q = self.conflicts[0]
            return (f"the LRS already holds {len(self.conflicts)} different statement(s) under our ids (first: {q.id}, "
                    f"call {q.call_id} #{q.seq}; sent earlier with another --activity-base?); they stay queued and "
                    "nothing was overwritten")
        if self.rejected:
            q, why = self.rejected[0]
            return (f"the LRS rejected {len(self.rejected)} statement(s) (first: {q.id}, call {q.call_id} #{q.seq}): "
                    f"{why}")
        return None


def sync(store: RecordStore, client: LrsClient, config: XapiConfig, *, batch_size: int = 50,
         policy: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep,
         on_batch: Callable[[SyncReport], None] | None = None, catalog: Catalog | None = None) -> SyncReport:
    """Mark calls idle past their limit abandoned (game/records/abandon.py), queue any new statements
    (described from `catalog`), then send everything unsent; see the module docstring."""
    catalog = catalog or Catalog()
    syncer = Syncer(store, client, policy, batch_size, sleep, on_batch)
    syncer.report.abandoned = len(abandon.sweep(store, catalog.programs))
    syncer.report.queued = queue_new(store, config, catalog)
    try:
        syncer.run(unsent(store))
        syncer.report.problem = syncer.problem_line()
    except _Stop as stop:
        syncer.report.problem = str(stop)
    syncer.report.pending, syncer.report.pending_calls = pending_counts(store)
    return syncer.report
