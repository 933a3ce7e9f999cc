"""Merging classroom PCs' records: a call copied while unfinished on one PC and finished on another
counts once, as the finished copy with all its decisions; the files are never changed."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from game.engine.call import Call
from game.records.store import RecordStore
from game.reports.gather import build_report
from game.reports.merge import merge
from report_helpers import Clock, best, verdict_of


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_unfinished_copy_and_finished_copy_count_once(tmp_path: Path, compiled, library) -> None:
    live, early = tmp_path / "pc-live.sqlite3", tmp_path / "pc-early.sqlite3"
    with RecordStore.open(live, clock=Clock()) as store:
        call = Call(compiled["sunrise-bakery"])
        call_id = store.start_call("Ana", call.scenario)
        for _ in range(2):
            call.choose(best(call))
            store.record_step(call_id, call)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy(live, early)  # a copy taken mid-call
        while not call.ended:
            call.choose(best(call))
            store.record_step(call_id, call)
        verdict, log = verdict_of(call, None)
        store.finish_call(call_id, call, call.score(), verdict, log)
        decisions = len(store.decision_rows(call_id))
    with RecordStore.open(early, write=False) as store:
        assert store.query("SELECT status FROM calls") == [("in_progress",)]
        assert len(store.decision_rows(call_id)) == 2
    before = {p: _digest(p) for p in (live, early)}
    for order in ([early, live], [live, early]):
        merged = merge(order, lambda p: RecordStore.open(p, write=False))
        try:
            rows = merged.store.query("SELECT id, status FROM calls")
            assert rows == [(call_id, "completed")]
            assert merged.store.query("SELECT COUNT(*) FROM decisions")[0][0] == decisions
            report = build_report(merged.store, library)
            assert (report.totals.calls, report.totals.completed) == (1, 1)
            assert sum(s.duplicates for s in merged.sources) == 1 and "counted once" in merged.note
        finally:
            merged.close()
    assert {p: _digest(p) for p in (live, early)} == before
