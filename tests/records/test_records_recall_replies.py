"""Recall replies in the records: the words said, the option taken, the similarities, unclear rounds and
fallbacks are stored per decision (table recall_replies), signed, resumed (the patience they cost is
replayed) and re-matched by `verify`: edited words are named; calls without recall keep their signatures."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from game.engine.call import Call
from game.engine.recall_cost import RecallReply
from game.records.grading import marks_for
from game.records.recall_rows import rows_by_seq, signed_rows
from game.records.signing import finish_call
from game.records.verify import verify_store
from game.recall.match import match_reply
from records_helpers import conclude, compiled, library, passing, store_at

KEY = b"recall-key"
SCENARIO = "sunrise-bakery"


def _record(store) -> tuple[str, Call]:
    """A call where every decision is typed in the option's own words (lower case), the second one after
    an unclear reply, and the third a fallback after two."""
    comp = compiled(SCENARIO)
    call_id = store.start_call("Sam", comp.scenario, None)
    call = Call(comp, seed=9)
    for number, index in enumerate(passing(SCENARIO)):
        if call.ended:
            break
        index = index if index < len(call.options) else 0
        said = call.options[index].say.lower()
        if number == 2:
            call.choose(index, unclear=2, fallback=True,
                        reply=RecallReply("", (), ("bananas are yellow", "my cat sleeps"), fallback=True))
        else:
            found = match_reply(said, call.options)
            assert found.option_index == index
            attempts = ("the weather is nice",) if number == 1 else ()
            call.choose(index, unclear=len(attempts), reply=RecallReply(said, found.similarities, attempts))
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


def test_recall_replies_are_stored_resumed_and_verified(tmp_path: Path) -> None:
    path = tmp_path / "records.sqlite3"
    with store_at(path, key=KEY) as store:
        call_id, call = _record(store)
        rows = rows_by_seq(signed_rows(store.conn, call_id))
        assert sorted(rows)[:3] == [1, 2, 3]
        assert rows[2].attempts == ("the weather is nice",) and not rows[2].fallback
        assert rows[3].fallback and rows[3].unclear == 2 and rows[3].said == ""
        assert rows[1].said == call.steps[0].reply.said and rows[1].taken == call.steps[0].choice.index
        assert rows[1].similarities == call.steps[0].reply.similarities
        stored = store.decisions(call_id)
        assert [(d.unclear, d.fallback) for d in stored[:3]] == [(0, False), (1, False), (2, True)]
        resumed = Call.resume(compiled(SCENARIO), store.call(call_id).state(stored))
        assert resumed.score() == call.score()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with store_at(path, key=KEY) as store:
        report = verify_store(store, library().scenarios, KEY)
        assert report.ok, [p.format() for p in report.problems]

    # edited words: named by the re-match (no key needed) and by the signature (with the key)
    tamper = f"UPDATE recall_replies SET said = 'bananas are yellow' WHERE call_id = '{call_id}' AND seq = 1"
    with store_at(_edited(path, tmp_path, tamper)) as store:
        problems = [p.format() for p in verify_store(store, library().scenarios, None).problems]
        assert any("decision 1" in p and "bananas are yellow" in p for p in problems), problems
    with store_at(_edited(path, tmp_path, tamper), key=KEY) as store:
        problems = verify_store(store, library().scenarios, KEY).problems
        assert any(p.call_id == call_id and "decisions" in p.format() for p in problems), [p.format() for p in problems]
    # an unclear round removed: the replay's patience no longer matches the stored result
    undone = f"UPDATE recall_replies SET attempts = '[]' WHERE call_id = '{call_id}' AND seq = 2"
    with store_at(_edited(path, tmp_path, undone)) as store:
        report = verify_store(store, library().scenarios, None)
        assert any(p.call_id == call_id for p in report.problems)


def test_a_call_without_recall_stores_nothing_and_keeps_its_signature(tmp_path: Path) -> None:
    from game.records import seal

    with store_at(tmp_path / "plain.sqlite3", key=KEY) as store:
        comp = compiled(SCENARIO)
        call_id = store.start_call("Ana", comp.scenario, None)
        call = Call(comp)
        while not call.ended:
            call.choose(0)
            store.record_step(call_id, call)
        assert signed_rows(store.conn, call_id) == []
        parts, rows = store.signed_parts(call_id)
        assert all(r[-1] is None for r in rows)  # the recall column is NULL, so it is not signed
        plain = [r[:seal.BASE_DECISION_COLUMNS] for r in rows]
        assert seal.call_signature(KEY, parts, rows) == seal.call_signature(KEY, parts, plain)
