"""The best call a trainee can actually play, and its check against the engine.

"Best" is the grade's own measure (`game.engine.lookahead`): the sum of the replies' scores plus the
ending's commitment points × COMMITMENT_WEIGHT, over the replies a team lead could recommend
(`scoring.eligible`). A call that attains the best value takes a top reply at every decision, so the
grade gives it 100 in professionalism, empathy and clarity.

The DP's best path treats every route as possible, but in play a route depends on the meters. This
module searches the calls that can really happen: states (node, meters), moved by the engine's own
routing rule (`game.engine.states.Stepper.step`: mood, then hang-up, then the first route whose
condition holds; `Router` and `predict_target` both call it). The search is best first, with the
DP's per-node best value as an optimistic bound (A*), so the first ending it reaches is the best
playable call. It expands at most a fixed budget of states; if that runs out it keeps a greedy call
(one decision at a time, the best by the same bound) and says that optimality is not proven.
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from typing import Sequence

from game.authoring.graph_dp import BestValues, GraphTables
from game.content.model import Scenario
from game.engine.call import Call, CallError
from game.engine.machine import CompiledScenario, predict_target
from game.engine.states import Stepper

EPSILON = 1e-9
#: States the search may expand before it settles for the greedy call. Real scenarios (20-30 nodes) need
#: a few dozen; a fixed budget keeps the whole analysis linear in the graph's size.
SEARCH_BUDGET = 200


@dataclass(frozen=True, slots=True)
class PlayedPath:
    """A call that can be played: choice indices (0-based) in order, the nodes visited (start first,
    ending last) and its weighted value; `proven` when no playable call is better."""

    choices: tuple[int, ...]
    nodes: tuple[str, ...]
    value: float
    proven: bool


def _gain(row_gain: tuple[int, int, int], weights: tuple[float, float, float, float]) -> float:
    return row_gain[0] * weights[0] + row_gain[1] * weights[1] + row_gain[2] * weights[2]


class Router:
    """The engine's routing rule on meter tuples for the search's inner loop: `states.Stepper.step`,
    the very rule the engine's machine runs (mood, clamped; then the hang-up; then the first route whose
    condition holds). Tests check it against `predict_target` and `Call.replay`."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.stepper = Stepper(scenario)
        self.names = self.stepper.names

    def route(self, node_id: str, index: int, meters: tuple[int, ...]) -> tuple[str, tuple[int, ...]]:
        """Where choice `index` of `node_id` leads from these meters, and the meters after it."""
        nxt = self.stepper.step(node_id, index, meters)
        return nxt.target, nxt.meters


def best_playable(scenario: Scenario, tables: GraphTables, values: BestValues,
                  budget: int | None = None) -> PlayedPath:
    """The best call that can really be played. A greedy call comes first; if it does not reach the
    DP bound, an A* search over (node, meters), pruned by the greedy call's value, looks for better
    and stops when nothing left can beat the best call found (proven) or after `budget` expansions
    (default: SEARCH_BUDGET)."""
    budget = SEARCH_BUDGET if budget is None else budget
    greedy = greedy_playable(scenario, tables, values)
    bound = values.value
    if greedy.value >= bound[scenario.start] - EPSILON:
        return PlayedPath(greedy.choices, greedy.nodes, greedy.value, proven=True)
    floor = greedy.value + EPSILON
    router = Router(scenario)
    nodes, weights = scenario.nodes, values.weights
    start_meters = tuple(scenario.persona.mood[m] for m in router.names)
    counter = itertools.count()
    # heap entries: (-f, -depth, tie, g, node, meters, path) with path a linked list (prev, choice, node)
    heap: list = [(-bound[scenario.start], 0, next(counter), 0.0, scenario.start, start_meters, None)]
    seen: dict[tuple[str, tuple[int, ...]], float] = {}
    for _ in range(budget + 1):
        if not heap or -heap[0][0] <= floor:
            return PlayedPath(greedy.choices, greedy.nodes, greedy.value, proven=True)
        _, neg_depth, _, g, nid, meters, path = heapq.heappop(heap)
        node = nodes[nid]
        if node.is_ending:
            return _played(scenario.start, path, g + bound[nid], proven=True)
        good = tables.good[nid]
        for index, row_gain, _ in tables.rows[nid]:
            if index not in good:
                continue
            target, after = router.route(nid, index, meters)
            g2 = g + _gain(row_gain, weights)
            if g2 + bound[target] <= floor:
                continue
            key = (target, after)
            if seen.get(key, -float("inf")) >= g2 - EPSILON:
                continue
            seen[key] = g2
            heapq.heappush(heap, (-(g2 + bound[target]), neg_depth - 1, next(counter), g2, target, key[1],
                                  (path, index, target)))
    return greedy


def greedy_playable(scenario: Scenario, tables: GraphTables, values: BestValues) -> PlayedPath:
    """A playable call taking, at each node, the eligible choice with the best gain + bound where it
    really leads; its value is a lower bound on the best playable call."""
    nodes, weights, bound = scenario.nodes, values.weights, values.value
    meters = dict(scenario.persona.mood)
    nid, total, path = scenario.start, 0.0, None
    while not nodes[nid].is_ending:
        node = nodes[nid]
        best = None
        good = tables.good[nid]
        for index, row_gain, _ in tables.rows[nid]:
            if index not in good:
                continue
            target, after = predict_target(scenario, node.choices[index], meters)
            gain = _gain(row_gain, weights)
            if best is None or gain + bound[target] > best[0] + EPSILON:
                best = (gain + bound[target], gain, index, target, after)
        _, gain, index, target, meters = best  # type: ignore[misc]
        total += gain
        path = (path, index, target)
        nid = target
    return _played(scenario.start, path, total + bound[nid], proven=False)


def _played(start: str, path: tuple | None, value: float, proven: bool) -> PlayedPath:
    choices: list[int] = []
    visited: list[str] = []
    while path is not None:
        path, index, target = path
        choices.append(index)
        visited.append(target)
    return PlayedPath(tuple(reversed(choices)), (start, *reversed(visited)), value, proven)


def replay_nodes(compiled: CompiledScenario, choices: Sequence[int]) -> tuple[tuple[str, ...], bool]:
    """Play `choices` with the engine itself (`Call.replay`): the nodes visited and whether the call
    ended exactly with the last choice."""
    try:
        call = Call.replay(compiled, choices)
    except CallError:
        return (), False
    visited = (compiled.scenario.start, *(step.target for step in call.steps))
    ended = call.ended
    call.close()
    return visited, ended
