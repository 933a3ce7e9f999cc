"""Helpers for the report tests: databases filled by really playing calls through the engine.

`play_call` drives `Call` one decision at a time and saves it the way the game does
(`start_call`, `record_step` after every decision, then the call log, the one verdict with the marks
in force and `finish_call`); a `Clock` makes the dates predictable so progress over time can be checked.
"""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from game.content.library import load_library
from game.engine.call import Call
from game.engine.machine import CompiledScenario
from game.engine.verdict import Verdict, decide
from game.engine.wrapup import expected_wrapup, review_wrapup
from game.records.grading import marks_for
from game.records.programs import Program, load_program_set
from game.records.store import RecordStore

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"

#: Chooses an option (0-based) given the call in progress.
Policy = Callable[[Call], int]


class Clock:
    """A store clock that moves one minute per write; `next_day()` jumps to 09:00 the next day."""

    def __init__(self, start: str = "2026-03-02T09:00:00") -> None:
        self.now = _dt.datetime.fromisoformat(start)

    def __call__(self) -> str:
        self.now += _dt.timedelta(minutes=1)
        return self.now.isoformat(timespec="milliseconds") + "Z"

    def next_day(self) -> None:
        self.now = (self.now + _dt.timedelta(days=1)).replace(hour=9, minute=0)


def first(call: Call) -> int:
    return 0


def last(call: Call) -> int:
    return len(call.options) - 1


def best(call: Call) -> int:
    """The option with the highest immediate score total (a decent trainee)."""
    return max(range(len(call.options)), key=lambda i: (sum(call.options[i].score.values()), -i))


def worst(call: Call) -> int:
    return min(range(len(call.options)), key=lambda i: (sum(call.options[i].score.values()), i))


@functools.lru_cache(maxsize=None)
def programs() -> dict[str, Program]:
    """The programs defined beside the shipped scenarios."""
    return dict(load_program_set(SCENARIOS, load_library([SCENARIOS]).scenarios).programs)


@functools.lru_cache(maxsize=None)
def rule_titles() -> dict[str, str]:
    return load_library([SCENARIOS]).rule_titles()


def careful_log(call: Call) -> tuple[object, dict]:
    """The review of the call log a careful caller writes for the ending reached, and that log as the
    terminal stores it."""
    scenario = call.scenario
    written = expected_wrapup(scenario, call.node, scenario.account.call_date())
    if written.disposition.needs_reason:
        written = replace(written, reason="the client disputes part of the invoice")
    if written.disposition.needs_time and not written.time:
        written = replace(written, time="10:00")
    review = review_wrapup(scenario, call.node, scenario.account.call_date(), written)
    return review, {**written.to_dict(), "score": review.score, "passed": review.passed,
                    "contradictions": [c.item for c in review.contradictions]}


def verdict_of(call: Call, program_id: str | None, logged: bool = True) -> tuple[Verdict, dict | None]:
    """The verdict the game decides when `call` ends (marks: the program's when played in a defined
    program, else the scenario's) and the call log stored with it (none when not `logged`)."""
    review, log = careful_log(call) if logged else (None, None)
    marks = marks_for(programs().get(program_id or ""), call.scenario)
    return decide(call.score(), review, marks, rule_titles()), log


@dataclass(frozen=True)
class Played:
    """A call played into a test database, kept so tests can recount what the report should say."""

    call_id: str
    trainee: str
    program_id: str | None
    call: Call
    verdict: Verdict | None = None

    @property
    def passed(self) -> bool:
        """The stored verdict (False for an unfinished call)."""
        return self.verdict is not None and self.verdict.passed

    @property
    def finished(self) -> bool:
        return self.call.ended

    @property
    def scenario_id(self) -> str:
        return self.call.scenario.id


def play_call(store: RecordStore, compiled: CompiledScenario, trainee: str, policy: Policy | Sequence[int],
              program_id: str | None = None, stop_after: int | None = None, logged: bool = True) -> Played:
    """Play one call (replies in file order), saving each decision; stop unfinished after `stop_after`
    decisions if given. A sequence policy gives the options in order (then the first option). A
    finished call gets a careful call log (none when not `logged`) and its verdict."""
    picks = list(policy) if not callable(policy) else None
    call = Call(compiled)
    call_id = store.start_call(trainee, compiled.scenario, program_id)
    while not call.ended:
        if stop_after is not None and len(call.steps) >= stop_after:
            return Played(call_id, trainee, program_id, call)
        index = (picks.pop(0) if picks else 0) if picks is not None else policy(call)
        call.choose(index)
        store.record_step(call_id, call)
    verdict, log = verdict_of(call, program_id, logged)
    store.finish_call(call_id, call, call.score(), verdict, log)
    return Played(call_id, trainee, program_id, call, verdict)


PROGRAM = "ar-onboarding-week-1"


def fill_cohort(path: Path, compiled: dict[str, CompiledScenario], clock: Clock) -> list[Played]:
    """A small cohort over three days: Ana improves, Ben plays badly, Cleo leaves a call unfinished;
    some calls are taken in the onboarding program."""
    ids = list(compiled)
    with RecordStore.open(path, clock=clock) as store:
        played = [play_call(store, compiled[ids[0]], "Ana", worst, PROGRAM),
                  play_call(store, compiled[ids[0]], "Ben", worst, PROGRAM)]
        clock.next_day()
        played += [play_call(store, compiled[ids[0]], "Ana", best, PROGRAM),
                   play_call(store, compiled[ids[1]], "Ana", best, PROGRAM),
                   play_call(store, compiled[ids[0]], "Ben", last),
                   play_call(store, compiled[ids[1]], "Cleo", first, stop_after=2)]
        clock.next_day()
        played += [play_call(store, compiled[ids[2]], "Ana", best),
                   play_call(store, compiled[ids[2]], "Ben", first, PROGRAM)]
    return played
