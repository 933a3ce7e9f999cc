"""Walk-aways as facts (game/records/abandon.py): calls idle past their program's limit (default 60
minutes) are marked abandoned as of their last decision; they get `suspended` + `terminated` at that time
with the duration up to it; resuming continues the same call (same registration) with `resumed`; all of
it signed, so `verify` still passes and an edited abandonment time is caught."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

from game.content.library import Library
from game.engine.call import Call
from game.records import abandon
from game.records.store import RecordStore
from game.records.verify import verify_store
from game.xapi.catalog import Catalog
from game.xapi.outbox import queue_new
from game.xapi.scheme import XapiConfig
from game.xapi.statements import call_statements, iso_duration
from ralph_server import validate
from xapi_calls import SEED, TickClock, compiled, first, path_of, record_call

KEY = b"walkaway-key"
ADL = "http://adlnet.gov/expapi/verbs/"


def verbs(store: RecordStore, call_id: str, catalog: Catalog | None = None) -> list[tuple[int, str]]:
    built = call_statements(store.call(call_id), store.decision_rows(call_id), XapiConfig(), catalog)
    return [(s.seq, s.body["verb"]["id"].removeprefix(ADL)) for s in built]


def later(store: RecordStore, minutes: float) -> None:
    store.clock.now += _dt.timedelta(minutes=minutes)


def test_only_calls_idle_past_their_limit_are_abandoned_as_of_their_last_decision(db_path: Path,
                                                                                  library: Library) -> None:
    with RecordStore.open(db_path, clock=TickClock(), key=KEY) as store:
        practice = record_call(store, library, "sunrise-bakery", "Ana", first, stop_after=2)
        strict = record_call(store, library, "sunrise-bakery", "Ben", first, program_id="short", stop_after=1)
        done = record_call(store, library, "sunrise-bakery", "Cy", first)
        later(store, 45)
        programs = {"short": SimpleNamespace(abandon_after_minutes=30)}
        assert abandon.sweep(store, programs) == [strict.call_id]  # 45 min: past 30, not past the default 60
        later(store, 16)
        assert abandon.sweep(store, programs) == [practice.call_id]
        assert abandon.sweep(store, programs) == []
        for played in (practice, strict):
            row = store.call(played.call_id)
            assert row.status == "abandoned" and row.ended_at is None and row.resumable
            assert row.abandoned_at == store.decision_rows(played.call_id)[-1].at
        assert store.call(done.call_id).status == "completed"
        assert [r.id for r in store.unfinished_calls("Ana")] == [practice.call_id]  # still offered to resume
        assert verify_store(store, library.scenarios, KEY).problems == []


def test_a_resumed_walk_away_continues_the_same_registration(db_path: Path, library: Library,
                                                            ralph_python: Path) -> None:
    machine = compiled(library, "sunrise-bakery")
    choices = path_of(machine, first)
    catalog = Catalog(library.scenarios, {})
    with RecordStore.open(db_path, clock=TickClock(), key=KEY) as store:
        played = record_call(store, library, "sunrise-bakery", "Ana", first, stop_after=2)
        left_at = store.decision_rows(played.call_id)[-1].at
        later(store, 90)
        assert abandon.sweep(store) == [played.call_id]
        queue_new(store, XapiConfig(), catalog)  # synced while abandoned: these statements are frozen
        before = {r[0] for r in store.query("SELECT id FROM xapi_outbox")}
        assert verbs(store, played.call_id) == [(0, "attempted"), (1, "answered"), (2, "answered"),
                                                 (3, "suspended"), (3, "terminated")]

    with RecordStore.open(db_path, clock=TickClock("2026-11-24T08:00:00.000Z"), key=KEY) as store:
        assert store.claim(played.call_id)  # the next day: resumed, not a new call
        row = store.call(played.call_id)
        assert row.status == "in_progress" and row.abandoned_at is None
        assert row.pauses == ({"after": 2, "at": left_at, "resumed_at": "2026-11-24T08:00:00.000Z"},)
        for k in range(3, len(choices) + 1):
            call = Call.replay(machine, choices[:k], SEED)
            store.record_step(played.call_id, call)
        from xapi_calls import conclude
        verdict, log = conclude(library, call, None)
        store.finish_call(played.call_id, call, call.score(), verdict, log)
        call.close()
        assert verify_store(store, library.scenarios, KEY).problems == []

        built = call_statements(store.call(played.call_id), store.decision_rows(played.call_id), XapiConfig(), catalog)
        names = [s.body["verb"]["id"].removeprefix(ADL) for s in built]
        n = len(choices)
        assert names == ["attempted", "answered", "answered", "suspended", "terminated", "resumed"] + \
            ["answered"] * (n - 2) + ["completed", "passed"]
        assert {s.body["context"]["registration"] for s in built} == {played.call_id}
        suspended, terminated, resumed = built[3:6]
        assert suspended.body["timestamp"] == terminated.body["timestamp"] == left_at
        assert terminated.body["result"]["duration"] == iso_duration(row.started_at, left_at)
        assert resumed.body["timestamp"] == "2026-11-24T08:00:00.000Z"
        assert before <= {s.id for s in built}  # what was sent while it was abandoned stays valid
        log_ext = built[-1].body["result"]["extensions"]["https://ardojo.example/xapi/extensions/call-log"]
        assert log_ext["disposition"] == log["disposition"] and log_ext["score"] == log["score"]
        assert queue_new(store, XapiConfig(), catalog) == len(built) - len(before)
        assert queue_new(store, XapiConfig(), catalog) == 0
        assert validate(ralph_python, [s.body for s in built]) == ["ok"] * len(built)


def test_declining_to_resume_closes_it_for_good_at_the_last_decision(db_path: Path, library: Library) -> None:
    with RecordStore.open(db_path, clock=TickClock(), key=KEY) as store:
        played = record_call(store, library, "harbor-logistics", "Ana", first, stop_after=1)
        later(store, 120)
        abandon.sweep(store)
        assert store.abandon_call(played.call_id)  # "Resume it? n"
        row = store.call(played.call_id)
        assert row.ended_at is not None and row.abandoned_at == store.decision_rows(played.call_id)[-1].at
        assert not row.resumable and store.unfinished_calls("Ana") == [] and not store.claim(played.call_id)
        assert verbs(store, played.call_id)[-2:] == [(2, "suspended"), (2, "terminated")]
        assert verify_store(store, library.scenarios, KEY).problems == []


def test_an_edited_abandonment_time_is_caught(db_path: Path, library: Library) -> None:
    with RecordStore.open(db_path, clock=TickClock(), key=KEY) as store:
        played = record_call(store, library, "sunrise-bakery", "Ana", first, stop_after=2)
        later(store, 61)
        abandon.sweep(store)
    with closing(sqlite3.connect(db_path, isolation_level=None)) as conn:  # "I left later than that"
        conn.execute("UPDATE calls SET abandoned_at = '2026-11-23T11:00:00.000Z' WHERE id = ?", (played.call_id,))
    with RecordStore.open(db_path, key=KEY) as store:
        problems = verify_store(store, library.scenarios, KEY).problems
    assert [p.call_id for p in problems] == [played.call_id]
    assert "abandoned or resumed" in problems[0].detail


def test_xapi_sync_marks_walk_aways_and_describes_the_replies(db_path: Path, library: Library, lrs) -> None:
    """The real command, as a subprocess: a call left yesterday is abandoned as of its last decision and
    reaches the LRS terminated then; its answers are choice interactions described from the library."""
    import os
    import subprocess
    import sys

    with RecordStore.open(db_path, clock=TickClock()) as store:  # the clock starts on 2026-11-23
        played = record_call(store, library, "sunrise-bakery", f"Walker {os.getpid()}", first, stop_after=2)
    env = {**os.environ, "ARDOJO_LRS_PASSWORD": lrs.password}
    done = subprocess.run([sys.executable, str(Path(__file__).resolve().parents[2] / "main.py"), "xapi", "sync",
                           "--db", str(db_path), "--endpoint", lrs.endpoint, "--user", lrs.user],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "marked 1 call abandoned (idle past the limit)" in done.stdout
    with RecordStore.open(db_path) as store:
        left_at = store.decision_rows(played.call_id)[-1].at
        assert store.call(played.call_id).abandoned_at == left_at
        bodies = {body["verb"]["id"].removeprefix(ADL): body for body in (
            lrs.statement(r[0]) for r in store.query("SELECT id FROM xapi_outbox WHERE call_id = ?",
                                                     (played.call_id,)))}
    assert set(bodies) == {"attempted", "answered", "suspended", "terminated"}
    assert _dt.datetime.fromisoformat(bodies["terminated"]["timestamp"].replace("Z", "+00:00")) == \
        _dt.datetime.fromisoformat(left_at.replace("Z", "+00:00"))
    definition = bodies["answered"]["object"]["definition"]
    assert definition["interactionType"] == "choice" and definition["correctResponsesPattern"]
    assert bodies["attempted"]["object"]["definition"]["name"]["en-US"] == library.scenarios["sunrise-bakery"].title
