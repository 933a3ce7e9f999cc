"""Helpers for the records tests: the real library and program, calls recorded as the game records
them (start, one write per decision, a call log, the one verdict, finish), and paths that pass or
fail a program step."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping, Sequence

from game.content.library import Library, load_library
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore
from game.engine.verdict import Marks, Verdict, decide
from game.engine.wrapup import WrapUp, review_wrapup
from game.records.grading import marks_for
from game.records.programs import Program, load_program_set
from game.records.signing import finish_call
from game.records.store import RecordStore
from terminal_script import careful_log

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
PROGRAM_ID = "ar-onboarding-week-1"
ORDER = ("sunrise-bakery", "harbor-logistics", "crestview-dental")


@functools.lru_cache(maxsize=None)
def library() -> Library:
    lib = load_library([SCENARIOS])
    assert not lib.diagnostics.has_errors, [d.format() for d in lib.diagnostics.errors]
    return lib


@functools.lru_cache(maxsize=None)
def program() -> Program:
    programs = load_program_set(SCENARIOS, library().scenarios)
    assert not programs.diagnostics.has_errors, [d.format() for d in programs.diagnostics.items]
    return programs.programs[PROGRAM_ID]


@functools.lru_cache(maxsize=None)
def compiled(scenario_id: str) -> CompiledScenario:
    return compile_scenario(library().scenarios[scenario_id])


def call_log(call: Call, written: WrapUp | None = None) -> tuple[object, dict]:
    """The review of a call log and the log as the terminal stores it: `written`, else the log a careful
    caller writes for the ending reached (it matches what was agreed)."""
    scenario = call.scenario
    date = scenario.account.call_date()
    written = written or careful_log(scenario, call.node)
    review = review_wrapup(scenario, call.node, date, written)
    return review, {**written.to_dict(), "score": review.score, "passed": review.passed,
                    "contradictions": [c.item for c in review.contradictions]}


def conclude(call: Call, marks: Marks, logged: bool = True) -> tuple[CallScore, Verdict, dict | None]:
    """What the game decides when a call ends: its score, its one verdict with `marks`, and its call log
    (none when `logged` is False)."""
    score = call.score()
    review, log = call_log(call) if logged else (None, None)
    return score, decide(score, review, marks, library().rule_titles()), log


def _first_path(scenario_id: str, marks: Marks, want_pass: bool) -> tuple[int, ...]:
    """The first path (depth first, first choices first) whose verdict with `marks` (and a correct call
    log) passes / fails."""
    comp = compiled(scenario_id)

    def dfs(prefix: list[int]) -> tuple[int, ...] | None:
        call = Call.replay(comp, prefix)
        if call.ended:
            return tuple(prefix) if conclude(call, marks)[1].passed == want_pass else None
        width = len(call.options)
        call.close()
        order = range(width) if want_pass else reversed(range(width))
        for index in order:
            found = dfs(prefix + [index])
            if found is not None:
                return found
        return None

    found = dfs([])
    assert found is not None, f"no {'passing' if want_pass else 'failing'} path in {scenario_id}"
    return found


@functools.lru_cache(maxsize=None)
def passing(scenario_id: str) -> tuple[int, ...]:
    """Choices that pass the program's marks for this scenario."""
    return _first_path(scenario_id, marks_for(program(), library().scenarios[scenario_id]), True)


@functools.lru_cache(maxsize=None)
def failing(scenario_id: str) -> tuple[int, ...]:
    """Choices that fail the program's marks for this scenario."""
    return _first_path(scenario_id, marks_for(program(), library().scenarios[scenario_id]), False)


def record_call(store: RecordStore, trainee: str, scenario_id: str, choices: Sequence[int],
                program_id: str | None = PROGRAM_ID, key: bytes | None = None, logged: bool = True) -> str:
    """Record a whole call the way the game does (with a correct call log unless `logged` is False, and
    the verdict decided with the marks in force: the program's when `program_id` is the program's);
    returns its id. Choices are file indices (the call is played in file order)."""
    comp = compiled(scenario_id)
    call_id = store.start_call(trainee, comp.scenario, program_id)
    call = Call(comp)
    for index in choices:
        call.choose(index)
        store.record_step(call_id, call)
    counted = program() if program_id == PROGRAM_ID else None
    score, verdict, log = conclude(call, marks_for(counted, comp.scenario), logged)
    finish_call(store, call_id, call, score, verdict, log, key=key)
    return call_id


def complete_program(store: RecordStore, trainee: str, key: bytes | None = None) -> list[str]:
    """Pass every scenario of the program in order; returns the call ids."""
    return [record_call(store, trainee, sid, passing(sid), key=key) for sid in ORDER]


class Clock:
    """A clock for the store that ticks one second per reading, so call order is unambiguous."""

    def __init__(self) -> None:
        self.t = 0

    def __call__(self) -> str:
        self.t += 1
        return f"2026-11-23T{9 + self.t // 3600:02d}:{self.t // 60 % 60:02d}:{self.t % 60:02d}.000Z"


_CLOCKS: dict[Path, Clock] = {}


def store_at(path: Path, key: bytes | None = None) -> RecordStore:
    """A store on `path` with a ticking test clock (one per file: opening it again goes on from where it
    was, so start times follow the order calls were made, as on a real clock)."""
    clock = _CLOCKS.setdefault(Path(path).resolve(), Clock())
    return RecordStore.open(path, clock=clock, key=key)


def one_file_records(path: Path, trainee: str = "Sam") -> Path:
    """A records file holding `trainee`'s completed program, checkpointed into the one file (no -wal)."""
    with store_at(path) as store:
        complete_program(store, trainee)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.conn.execute("PRAGMA journal_mode = DELETE")
    return path


def ardojo(*args: str, env: Mapping[str, str] | None = None, stdin: str = "", cwd: Path = ROOT,
           **kwargs) -> subprocess.CompletedProcess:
    """Run `python main.py ARGS` as a user would (without a signing key unless `env` sets one)."""
    full_env = dict(os.environ)
    full_env.pop("ARDOJO_SIGNING_KEY", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=120, **kwargs)
