"""Really played calls for the xAPI tests: a scenario from scenarios/ is played with the engine
(`Call.replay`, replies shown in a seeded shuffled order) and recorded with the real RecordStore,
decision by decision, on a ticking clock; a finished call gets a careful call log and the verdict the
game decides (the program's marks when played in one)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from game.content.library import Library, default_scenarios_dir
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.verdict import Verdict, decide
from game.engine.wrapup import expected_wrapup, review_wrapup
from game.records.grading import marks_for
from game.records.programs import load_program_set
from game.records.store import RecordStore

#: The seed of the reply order of every recorded call (so positions on screen differ from file order).
SEED = 20261123

Pick = Callable[[Call], int]


def first(call: Call) -> int:
    return 0


def last(call: Call) -> int:
    """The last reply offered (the scenarios put a poor one last): leads to a failed call."""
    return len(call.options) - 1


class TickClock:
    """Stored timestamps 1.25 s apart from a fixed start, so durations and timestamps are known."""

    def __init__(self, start: str = "2026-11-23T09:00:00.000Z", step: float = 1.25) -> None:
        self.now = _dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
        self.step = _dt.timedelta(seconds=step)

    def __call__(self) -> str:
        stamp = self.now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.now += self.step
        return stamp


@dataclass(frozen=True)
class Played:
    call_id: str
    trainee: str
    scenario_id: str
    choices: tuple[int, ...]
    status: str


_compiled: dict[str, CompiledScenario] = {}


def compiled(library: Library, scenario_id: str) -> CompiledScenario:
    if scenario_id not in _compiled:
        _compiled[scenario_id] = compile_scenario(library.scenarios[scenario_id])
    return _compiled[scenario_id]


def path_of(machine: CompiledScenario, pick: Pick, limit: int | None = None) -> tuple[int, ...]:
    """The replies `pick` chooses from the start until the call ends (or `limit` replies)."""
    call = Call(machine)
    while not call.ended and (limit is None or len(call.steps) < limit):
        call.choose(pick(call))
    call.close()
    return tuple(s.choice.index for s in call.steps)


def conclude(library: Library, call: Call, program_id: str | None) -> tuple[Verdict, dict]:
    """The verdict of a finished call with a careful call log, and that log as the terminal stores it."""
    scenario = call.scenario
    day = scenario.account.call_date()
    written = expected_wrapup(scenario, call.node, day)
    if written.disposition.needs_reason:
        written = replace(written, reason="the client disputes part of the invoice")
    if written.disposition.needs_time and not written.time:
        written = replace(written, time="10:00")
    review = review_wrapup(scenario, call.node, day, written)
    program = load_program_set(default_scenarios_dir(), library.scenarios).programs.get(program_id or "")
    verdict = decide(call.score(), review, marks_for(program, scenario), library.rule_titles())
    return verdict, {**written.to_dict(), "score": review.score, "passed": review.passed,
                     "contradictions": [c.item for c in review.contradictions]}


def record_call(store: RecordStore, library: Library, scenario_id: str, trainee: str, pick: Pick = first, *,
                program_id: str | None = None, stop_after: int | None = None, abandon: bool = False) -> Played:
    """Play and store one call: finished unless `stop_after` replies cut it short (then in progress,
    or abandoned with `abandon`). `pick` chooses by file index; the replies are shown shuffled (SEED)."""
    machine = compiled(library, scenario_id)
    choices = path_of(machine, pick, stop_after)
    call_id = store.start_call(trainee, library.scenarios[scenario_id], program_id, SEED)
    call = Call(machine, SEED)
    for k in range(1, len(choices) + 1):
        call.close()
        call = Call.replay(machine, choices[:k], SEED)
        store.record_step(call_id, call)
    status = "in_progress"
    if call.ended:
        verdict, log = conclude(library, call, program_id)
        store.finish_call(call_id, call, call.score(), verdict, log)
        status = "completed"
    elif abandon:
        store.abandon_call(call_id)
        status = "abandoned"
    call.close()
    return Played(call_id, trainee, scenario_id, choices, status)


def open_store(path: Path) -> RecordStore:
    return RecordStore.open(path, clock=TickClock())
