"""Time and manners in the records: each decision's waited / interrupted / elapsed is stored, signed,
resumed and replayed by `verify`, which re-decides the verdict identically; editing them is caught,
and decisions signed before the columns existed still verify."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from game.engine.call import Call
from game.records import seal
from game.records.grading import marks_for
from game.records.signing import finish_call
from game.records.verify import verify_store
from records_helpers import conclude, compiled, library, passing, store_at

KEY = b"manners-key"
SCENARIO = "sunrise-bakery"


def _record(store, manners) -> tuple[str, Call]:
    comp = compiled(SCENARIO)
    call_id = store.start_call("Sam", comp.scenario, None)
    call = Call(comp)
    for number, index in enumerate(passing(SCENARIO)):
        if call.ended:
            break
        waited, interrupted = manners[number % len(manners)]
        call.choose(index if index < len(call.options) else 0, waited, interrupted, elapsed=7.5 * (number + 1))
        store.record_step(call_id, call)
    while not call.ended:
        call.choose(0)
        store.record_step(call_id, call)
    score, verdict, log = conclude(call, marks_for(None, comp.scenario))
    finish_call(store, call_id, call, score, verdict, log, key=KEY)
    return call_id, call


def _edited(path: Path, tmp_path: Path, statement: str) -> Path:
    copy = tmp_path / f"edited-{abs(hash(statement))}.sqlite3"
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        conn.execute(statement)
    return copy


def test_manners_are_stored_resumed_and_verified(tmp_path: Path) -> None:
    path = tmp_path / "records.sqlite3"
    with store_at(path, key=KEY) as store:
        manners = [(45.0, False), (None, False), (0.0, True), (3.0, False)]
        call_id, call = _record(store, manners)
        stored = store.decisions(call_id)
        assert [(d.waited, d.interrupted, d.at) for d in stored] == \
            [(s.waited, s.interrupted, s.at) for s in call.steps]
        resumed = Call.resume(compiled(SCENARIO), store.call(call_id).state(stored))
        assert resumed.elapsed == call.steps[-1].at, "the call timer continues from the last decision"
        assert resumed.score() == call.score()
        plain = Call.replay(compiled(SCENARIO), [d.choice for d in stored])
        assert plain.state.meters != call.state.meters, "the manners changed the call"
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with store_at(path, key=KEY) as store:
        report = verify_store(store, library().scenarios, KEY)
        assert report.ok, [p.format() for p in report.problems]

    # an edit of the new columns is caught: with the key by the signature, without it by the replay
    for statement in (f"UPDATE decisions SET waited = 2.0 WHERE call_id = '{call_id}' AND seq = 1",
                      f"UPDATE decisions SET elapsed = 1.0 WHERE call_id = '{call_id}' AND seq = 2",
                      f"UPDATE decisions SET interrupted = 0 WHERE call_id = '{call_id}' AND seq = 3",
                      f"UPDATE decisions SET waited = NULL, interrupted = NULL, elapsed = NULL WHERE call_id = "
                      f"'{call_id}'"):
        with store_at(_edited(path, tmp_path, statement), key=KEY) as store:
            report = verify_store(store, library().scenarios, KEY)
            assert not report.ok and any(p.call_id == call_id for p in report.problems), statement
    undone = _edited(path, tmp_path, f"UPDATE decisions SET waited = NULL, interrupted = NULL WHERE call_id = "
                                     f"'{call_id}'")
    with store_at(undone) as store:  # no key: the replay without the costs disagrees with the stored result
        report = verify_store(store, library().scenarios, None)
        assert any(p.call_id == call_id and "re-played" in p.format() for p in report.problems), \
            [p.format() for p in report.problems]


def test_decisions_signed_before_the_columns_still_verify() -> None:
    call = ("call-1", "Sam", 1) + (None,) * (len(seal.SIGNED_CALL_COLUMNS) - 3)
    old = [(1, "start", 0, "Hi", "[]", "{}", "{}", "t", "id", 1, 1)]
    assert len(old[0]) == seal.BASE_DECISION_COLUMNS
    now = [old[0] + (None, None, None)]
    assert seal.call_signature(KEY, call, old) == seal.call_signature(KEY, call, now)
    timed = [old[0] + (12.0, 0, 30.5)]
    assert seal.call_signature(KEY, call, timed) != seal.call_signature(KEY, call, now)
