"""Exact reachability: what calls can really do, over the (node, meters) states the engine moves through.

`reachability` explores every state a call can reach (`game.engine.states.explore`, the engine's own
step rule: mood clamped, then the hang-up, then the first route that holds) up to a state limit. When
the states fit, it records every route, hang-up and node a call can take, and finds by dynamic
programming over the states (they form a DAG, as the nodes do) the playable calls `ardojo analyze`
shows: best and worst by the grade's measure (`lookahead`'s value), shortest and longest. Each call is
then played through the real engine (`Call.replay`) and judged by the real verdict
(`game.engine.verdict.decide`) with a correct call log. Above the limit `exact` is False and nothing
here may be shown as a call: the caller falls back to the graph's outer bounds.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Mapping

from game.content.model import Commitment, Scenario
from game.content.paths import COMMITMENT_WEIGHT, choice_value, topological_order
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore, eligible
from game.engine.states import STATE_LIMIT, State, StateSpace, explore
from game.engine.verdict import Marks, Verdict, decide
from game.engine.wrapup import expected_wrapup, review_wrapup

#: States explored before exactness is given up (the 1,000-node bench scenario needs far fewer).
REACH_LIMIT = STATE_LIMIT
BEST, WORST, SHORTEST, LONGEST = "best", "worst", "shortest", "longest"
CALL_KINDS = (BEST, WORST, SHORTEST, LONGEST)
#: The date the correct call log of a judged call is written on (any fixed date: the verdict needs one).
LOG_DATE = _dt.date(2026, 1, 5)


@dataclass(frozen=True, slots=True)
class PlayableCall:
    """A call the engine really plays: its choices (0-based file indices), the nodes visited, the
    engine's score and the verdict with a correct call log."""

    label: str
    choices: tuple[int, ...]
    nodes: tuple[str, ...]
    score: CallScore
    verdict: Verdict

    @property
    def ending(self) -> str:
        return self.nodes[-1]

    @property
    def replay(self) -> str:
        """The `play --replay` argument: the replies' numbers in the file (1-based), comma-separated."""
        return ",".join(str(i + 1) for i in self.choices)


@dataclass(frozen=True, slots=True)
class Reachability:
    """What calls can reach in one scenario. The sets are complete only when `exact`."""

    scenario: Scenario
    exact: bool
    states: int
    limit: int
    nodes: frozenset[str] = frozenset()
    routes: frozenset[tuple[str, int, int]] = frozenset()  # (node, choice, route index) taken by some call
    hang_ups: frozenset[tuple[str, int]] = frozenset()  # (node, choice) that hang up in some call
    calls: Mapping[str, PlayableCall] = field(default_factory=dict)
    after: Mapping[tuple[str, int], frozenset[tuple[int, ...]]] = field(default_factory=dict)  # meters after a reply
    ending_best: Mapping[str, PlayableCall] = field(default_factory=dict)  # per reachable ending: its best call


def judge(compiled: CompiledScenario, label: str, choices: tuple[int, ...]) -> PlayableCall:
    """Play `choices` through the engine; score it and give the verdict with a correct call log."""
    scenario = compiled.scenario
    call = Call.replay(compiled, choices)
    try:
        score = call.score()
    finally:
        call.close()
    ending = scenario.nodes[call.state.node]
    review = review_wrapup(scenario, ending, LOG_DATE, expected_wrapup(scenario, ending, LOG_DATE))
    verdict = decide(score, review, Marks.of_scenario(scenario))
    nodes = (scenario.start, *(s.target for s in call.steps))
    return PlayableCall(label, choices, nodes, score, verdict)


def reachability(scenario: Scenario, compiled: CompiledScenario | None = None, limit: int = REACH_LIMIT,
                 calls: bool = True, endings: bool = True) -> Reachability:
    """Explore the states of `scenario`; when they fit in `limit`, what calls reach and (with `calls`)
    the best, worst, shortest and longest playable calls and (with `endings` too) the best call to each
    reachable ending."""
    space = explore(scenario, limit, compiled.machine.stepper if compiled is not None else None)
    if not space.exact:
        return Reachability(scenario, False, space.states, limit)
    nodes, routes, hang_ups = set(), set(), set()
    after: dict[tuple[str, int], set[tuple[int, ...]]] = {}
    for (node_id, _), moves in space.moves.items():
        nodes.add(node_id)
        for index, nxt in moves:
            after.setdefault((node_id, index), set()).add(nxt.meters)
            if nxt.hung_up:
                hang_ups.add((node_id, index))
            else:
                routes.add((node_id, index, nxt.route))
    found: dict[str, PlayableCall] = {}
    per_ending: dict[str, PlayableCall] = {}
    if calls:
        compiled = compiled or compile_scenario(scenario)
        order = _state_order(scenario, space)
        for kind, choices in extreme_calls(scenario, space, order).items():
            found[kind] = judge(compiled, kind, choices)
        for node_id in nodes if endings else ():
            if scenario.nodes[node_id].is_ending:
                plan = _plan(scenario, space, order, BEST, ending=node_id)
                if space.start in plan:
                    per_ending[node_id] = judge(compiled, f"best to {node_id}", _follow(space, plan))
    return Reachability(scenario, True, space.states, limit, frozenset(nodes), frozenset(routes),
                        frozenset(hang_ups), calls=found, ending_best=per_ending,
                        after={k: frozenset(v) for k, v in after.items()})


def extreme_calls(scenario: Scenario, space: StateSpace, order: list[State] | None = None) -> dict[str, tuple[int, ...]]:
    """The choices of the best, worst, shortest and longest calls over an exact state space."""
    order = order or _state_order(scenario, space)
    return {kind: _follow(space, _plan(scenario, space, order, kind)) for kind in CALL_KINDS}


def _state_order(scenario: Scenario, space: StateSpace) -> list[State]:
    """The states, ends first: every move goes to a later node in topological order."""
    rank = {nid: i for i, nid in enumerate(topological_order(scenario))}
    return sorted(space.moves, key=lambda s: rank[s[0]], reverse=True)


def _plan(scenario: Scenario, space: StateSpace, order: list[State], kind: str,
          ending: str | None = None) -> dict[State, int | None]:
    """Per state, the choice the `kind` call takes there (None at an ending): by the grade's value over
    the eligible replies (best, as the lookahead), the lowest value over every reply (worst), the fewest
    or most decisions. With `ending`, only calls that end there count (states that cannot are absent).
    Ties go to the first reply in the file, as the lookahead's model call."""
    nodes = scenario.nodes
    valued = kind in (BEST, WORST)
    sign = 1.0 if kind in (BEST, LONGEST) else -1.0
    gains: dict[str, tuple[float, ...]] = {}
    pools: dict[str, frozenset[int] | None] = {}
    value: dict[State, float] = {}
    plan: dict[State, int | None] = {}
    moves = space.moves
    for state in order:
        nid = state[0]
        node = nodes[nid]
        if node.ending is not None:
            if ending is None or nid == ending:
                plan[state] = None
                value[state] = sign * node.ending.commitment.value_points * COMMITMENT_WEIGHT if valued else 0.0
            continue
        if nid not in gains:
            gains[nid] = tuple(sign * choice_value(c) if valued else sign for c in node.choices)
            pools[nid] = (frozenset(c.index for c in eligible(node.choices))
                          if kind == BEST and ending is None else None)
        gain, pool = gains[nid], pools[nid]
        top, where = -float("inf"), None
        for index, nxt in moves[state]:
            if pool is not None and index not in pool:
                continue
            after = value.get((nxt[0], nxt[1]))
            if after is None:
                continue
            total = gain[index] + after
            if total > top + 1e-9:
                top, where = total, index
        if where is not None:
            plan[state], value[state] = where, top
    return plan


def _follow(space: StateSpace, plan: Mapping[State, int | None]) -> tuple[int, ...]:
    """The choices of the call that follows `plan` from the start."""
    state, out = space.start, []
    while (index := plan[state]) is not None:
        out.append(index)
        nxt = dict(space.moves[state])[index]
        state = (nxt.target, nxt.meters)
    return tuple(out)


def committed_endings(scenario: Scenario) -> tuple[str, ...]:
    """The endings with a commitment (anything but `none`)."""
    return tuple(n.id for n in scenario.endings if n.ending.commitment is not Commitment.NONE)
