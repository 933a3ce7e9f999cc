"""Really played calls for the xAPI tests: a scenario from scenarios/ is played with the engine
(`Call.replay`) and recorded with the real RecordStore, decision by decision, on a ticking clock."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from game.content.library import Library
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.records.store import RecordStore

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


def record_call(store: RecordStore, library: Library, scenario_id: str, trainee: str, pick: Pick = first, *,
                program_id: str | None = None, stop_after: int | None = None, abandon: bool = False) -> Played:
    """Play and store one call: finished unless `stop_after` replies cut it short (then in progress,
    or abandoned with `abandon`)."""
    machine = compiled(library, scenario_id)
    choices = path_of(machine, pick, stop_after)
    call_id = store.start_call(trainee, library.scenarios[scenario_id], program_id)
    call = Call(machine)
    for k in range(1, len(choices) + 1):
        call.close()
        call = Call.replay(machine, choices[:k])
        store.record_step(call_id, call)
    status = "in_progress"
    if call.ended:
        store.finish_call(call_id, call, call.score())
        status = "completed"
    elif abandon:
        store.abandon_call(call_id)
        status = "abandoned"
    call.close()
    return Played(call_id, trainee, scenario_id, choices, status)


def open_store(path: Path) -> RecordStore:
    return RecordStore.open(path, clock=TickClock())
