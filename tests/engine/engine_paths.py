"""Plain helpers for the engine tests: brute-force path enumeration (an independent check of the DP
in game.engine.scoring) and walking every playable call of a scenario through the real engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence, TypeVar

from game.content.model import CHOICE_DIMENSIONS, Choice, Scenario
from game.engine.call import Call
from game.engine.machine import CompiledScenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS_DIR = ROOT / "scenarios"
RULEBOOK_PATH = SCENARIOS_DIR / "rulebook.yaml"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
REAL_SCENARIO_FILES = sorted(p for p in SCENARIOS_DIR.glob("*.yaml") if p.name != "rulebook.yaml")

T = TypeVar("T")


def spread(items: Sequence[T], count: int) -> list[T]:
    """Up to `count` items picked evenly from `items`, always including the first and the last."""
    if len(items) <= count:
        return list(items)
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


def possible_targets(scenario: Scenario, choice: Choice) -> tuple[str, ...]:
    """Every node a choice may lead to when conditions are ignored: its route targets, plus the
    hang-up ending when the choice lowers a hang-up meter (meters start above their hang-up value,
    so only a choice that lowers one can bring it down to it)."""
    targets = list(dict.fromkeys(route.target for route in choice.routes))
    lowers = any(choice.mood.get(meter, 0) < 0 for meter in scenario.hang_up_when)
    if scenario.hang_up_to and lowers and scenario.hang_up_to not in targets:
        targets.append(scenario.hang_up_to)
    return tuple(targets)


@dataclass(frozen=True)
class GraphPath:
    """One path through the graph, conditions ignored: the choices taken and the ending reached."""

    choices: tuple[Choice, ...]
    ending: str

    def total(self, dimension: str, scenario: Scenario) -> float:
        if dimension in CHOICE_DIMENSIONS:
            return float(sum(c.score.get(dimension, 0) for c in self.choices))
        return float(scenario.nodes[self.ending].ending.commitment.value_points)

    def value(self, scenario: Scenario) -> float:
        """The debrief's 'how good is this path' value: all choice scores + commitment / 20."""
        points = scenario.nodes[self.ending].ending.commitment.value_points
        return float(sum(sum(c.score.values()) for c in self.choices)) + points / 20


def graph_paths(scenario: Scenario, start: str | None = None) -> Iterator[GraphPath]:
    """Every path from `start` (default: the scenario's start) to an ending, conditions ignored."""
    def walk(node_id: str, taken: tuple[Choice, ...]) -> Iterator[GraphPath]:
        node = scenario.nodes[node_id]
        if node.is_ending:
            yield GraphPath(taken, node_id)
            return
        for choice in node.choices:
            for target in possible_targets(scenario, choice):
                yield from walk(target, taken + (choice,))

    yield from walk(start or scenario.start, ())


MeterKey = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Outcome:
    """What the real engine did with one choice from one reachable state."""

    index: int
    prefix: tuple[int, ...]          # the decisions that reach the state after this choice
    node: str
    meters: dict[str, int]
    hung_up: bool
    ended: bool
    call: Call                       # the Call replayed with `prefix` (detached from the machine)


@dataclass(frozen=True)
class ReachableState:
    """A (node, meters) the real engine can reach, one decision sequence reaching it, and what each
    of its choices actually did when played through Call."""

    node: str
    meters: dict[str, int]
    prefix: tuple[int, ...]
    outcomes: tuple[Outcome, ...]


def reachable_states(compiled: CompiledScenario) -> list[ReachableState]:
    """Every (node, meters) with choices that the real engine can reach, explored by replaying each
    choice through Call. Routing depends only on the node and the meters, so this covers every
    decision the engine can face without replaying every path."""
    scenario = compiled.scenario
    start = (scenario.start, dict(scenario.persona.mood))
    seen = {(start[0], tuple(sorted(start[1].items())))}
    stack: list[tuple[tuple[int, ...], str, dict[str, int]]] = [((), *start)]
    states: list[ReachableState] = []
    while stack:
        prefix, node_id, meters = stack.pop()
        outcomes = []
        for index in range(len(scenario.nodes[node_id].choices)):
            child = Call.replay(compiled, prefix + (index,))
            child.close()
            outcomes.append(Outcome(index, prefix + (index,), child.state.node, dict(child.state.meters),
                                    child.steps[-1].hung_up, child.ended, child))
            key = (child.state.node, tuple(sorted(child.state.meters.items())))
            if not child.ended and key not in seen:
                seen.add(key)
                stack.append((prefix + (index,), child.state.node, dict(child.state.meters)))
        states.append(ReachableState(node_id, meters, prefix, tuple(outcomes)))
    return states

def complete_calls(states: Sequence[ReachableState]) -> list[Call]:
    """The complete calls found while exploring (one per ending reached from each reachable state),
    in exploration order."""
    return [outcome.call for state in states for outcome in state.outcomes if outcome.ended]


def decision_key(node: str, meters, index: int) -> tuple[str, MeterKey, int]:
    """Identifies a decision up to everything the engine's behaviour depends on."""
    return node, tuple(sorted(meters.items())), index


def covering_calls(compiled: CompiledScenario, states: Sequence[ReachableState]) -> list[Call]:
    """A small set of complete calls that, between them, take every choice from every reachable
    state at least once: explored complete calls picked greedily, then, for any decision still
    missing, that decision's call finished by always taking the first choice."""
    wanted = {decision_key(s.node, s.meters, o.index) for s in states for o in s.outcomes}
    calls: list[Call] = []
    for call in sorted(complete_calls(states), key=lambda c: -len(c.steps)):
        keys = {decision_key(st.node.id, st.meters_before, st.choice.index) for st in call.steps}
        if keys & wanted:
            wanted -= keys
            calls.append(call)
    for state in states:
        for outcome in state.outcomes:
            if decision_key(state.node, state.meters, outcome.index) in wanted:
                call = Call.replay(compiled, outcome.prefix)
                while not call.ended:
                    call.choose(0)
                wanted -= {decision_key(st.node.id, st.meters_before, st.choice.index) for st in call.steps}
                calls.append(call)
    assert not wanted
    return calls
