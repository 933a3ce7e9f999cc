"""The next state of a call: the one rule, over (node, meter values), that moves every call.

A call's state is its node and its meter values. Taking choice i of the node moves it by the engine's
rule, in this order:

0. the cost of the trainee's manners, if any (waiting, interrupting: `game.engine.manners`), is
   applied to the meters, each clamped (so the reply and its routes see it: the step with a cost is
   exactly the step without one from the charged meters, `Stepper.charge`);
1. the reply's mood changes are applied, each meter clamped to METER_MIN..METER_MAX (mood before
   guard: the route conditions below see the meters *after* the reply);
2. if the reply lowers a meter the client hangs up on (`checks.may_hang_up`) and some hang-up meter is
   now at or below its `hang_up_when` limit, the call goes to the hang-up ending;
3. otherwise it takes the first route whose condition holds (validation guarantees a fallback).

`Stepper.step` is that rule. The engine's state machine (`game.engine.machine`) takes its transitions
from it (each transition's guard asks which route the step took), the lookahead and `predict_target`
call it, and the authoring analyses explore the reachable states with it (`explore`), so there is no
second model of the engine to drift from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, NamedTuple

from game.content.checks import may_hang_up
from game.content.model import METER_MAX, METER_MIN, OPERATORS, Choice, Scenario

#: A call's state: the node and the meter values in `Stepper.names` order.
State = tuple[str, tuple[int, ...]]
#: `Next.route` when the client hung up.
HANG_UP = -1


class Next(NamedTuple):
    """Where a reply leads: the target node, the meters after it, and which route was taken (its
    0-based index in the choice's `routes`, or HANG_UP). A named tuple: the exploration makes many."""

    target: str
    meters: tuple[int, ...]
    route: int

    @property
    def hung_up(self) -> bool:
        return self.route == HANG_UP


class Stepper:
    """The engine's step rule for one scenario, with each choice compiled on first use."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.names: tuple[str, ...] = tuple(scenario.meters)
        where = {m: i for i, m in enumerate(self.names)}
        self._where = where
        self._hang = tuple((where.get(m), limit) for m, limit in scenario.hang_up_when.items())
        self._compiled: dict[tuple[str, int], tuple] = {}

    def start(self) -> State:
        """The state every call starts in."""
        scenario = self.scenario
        return scenario.start, tuple(scenario.persona.mood[m] for m in self.names)

    def pack(self, meters: Mapping[str, int]) -> tuple[int, ...]:
        """Meter values by name as a tuple in `names` order."""
        return tuple(meters[m] for m in self.names)

    def unpack(self, meters: tuple[int, ...]) -> dict[str, int]:
        """A meter tuple as a dict by name."""
        return dict(zip(self.names, meters))

    def _compile(self, node_id: str, index: int) -> tuple:
        entry = self._compile_choice(self.scenario.nodes[node_id].choices[index])
        self._compiled[(node_id, index)] = entry
        return entry

    def _compile_choice(self, choice: Choice) -> tuple:
        scenario, where = self.scenario, self._where
        mood = tuple(choice.mood.get(m, 0) for m in self.names)
        mood = mood if any(mood) else ()  # no change: the meters pass through as they are
        hangs = bool(scenario.hang_up_to) and may_hang_up(scenario, choice.mood)
        routes = tuple((r.target, tuple((where[c.meter], OPERATORS[c.op], c.value) for c in r.condition.clauses)
                        if r.condition else ()) for r in choice.routes)
        return mood, hangs, routes

    def cost_tuple(self, cost: Mapping[str, int] | None) -> tuple[int, ...]:
        """A cost by meter name as a tuple in `names` order (() for no cost)."""
        if not cost:
            return ()
        packed = tuple(cost.get(m, 0) for m in self.names)
        return packed if any(packed) else ()

    def charge(self, meters: tuple[int, ...], cost: tuple[int, ...]) -> tuple[int, ...]:
        """The meters after a manners cost (step 0 of the rule), clamped."""
        return _add(meters, cost) if cost else meters

    def step(self, node_id: str, index: int, meters: tuple[int, ...], cost: tuple[int, ...] = ()) -> Next:
        """Take choice `index` (0-based, file order) of `node_id` with these meters, after `cost` (the
        manners cost in `names` order, `cost_tuple`; none by default)."""
        return self._run(self._compiled.get((node_id, index)) or self._compile(node_id, index),
                         self.charge(meters, cost) if cost else meters, node_id, index)

    def step_choice(self, choice: Choice, meters: Mapping[str, int]) -> tuple[Next, dict[str, int]]:
        """`step` for a choice given as a value, with the meters by name; also returns the meters after
        it by name."""
        nxt = self._run(self._compile_choice(choice), self.pack(meters), "?", choice.index)
        return nxt, self.unpack(nxt.meters)

    def _run(self, entry: tuple, meters: tuple[int, ...], node_id: str, index: int) -> Next:
        mood, hangs, routes = entry
        after = _add(meters, mood) if mood else meters
        if hangs:
            for i, limit in self._hang:
                if (METER_MAX if i is None else after[i]) <= limit:
                    return Next(self.scenario.hang_up_to, after, HANG_UP)  # type: ignore[arg-type]
        number = 0
        for target, clauses in routes:
            for i, op, value in clauses:
                if not op(after[i], value):
                    break
            else:
                return Next(target, after, number)
            number += 1
        raise ValueError(f"no route of choice {index + 1} of '{node_id}' holds")  # validation adds a fallback

    def moves(self, state: State) -> tuple[tuple[int, Next], ...]:
        """Every (choice index, Next) from a state (none at an ending)."""
        node_id, meters = state
        return tuple((c.index, self.step(node_id, c.index, meters)) for c in self.scenario.nodes[node_id].choices)


def _add(meters: tuple[int, ...], delta: tuple[int, ...]) -> tuple[int, ...]:
    """Meters plus a change, each clamped to METER_MIN..METER_MAX."""
    return tuple([METER_MAX if v + d > METER_MAX else METER_MIN if v + d < METER_MIN else v + d
                  for v, d in zip(meters, delta)])


@dataclass(frozen=True, slots=True)
class StateSpace:
    """The (node, meters) states a call can reach from the start, with every move between them.

    `exact` is False when there were more than `limit` states: then `moves` holds only the states
    explored and nothing built on it may be presented as exact."""

    stepper: Stepper
    start: State
    moves: Mapping[State, tuple[tuple[int, Next], ...]]
    exact: bool
    limit: int

    @property
    def states(self) -> int:
        return len(self.moves)


#: Most states `explore` visits before it gives up on exactness.
STATE_LIMIT = 20_000


def explore(scenario: Scenario, limit: int = STATE_LIMIT, stepper: Stepper | None = None) -> StateSpace:
    """Every state reachable from the start by any replies (memoised DFS over `Stepper.step`), up to
    `limit` states."""
    stepper = stepper or Stepper(scenario)
    nodes = scenario.nodes
    start = stepper.start()
    moves: dict[State, tuple[tuple[int, Next], ...]] = {}
    stack = [start]
    step = stepper.step
    while stack:
        state = stack.pop()
        if state in moves:
            continue
        if len(moves) >= limit:
            return StateSpace(stepper, start, moves, False, limit)
        node_id, meters = state
        out = tuple((c.index, step(node_id, c.index, meters)) for c in nodes[node_id].choices)
        moves[state] = out
        for _, nxt in out:
            key = (nxt.target, nxt.meters)
            if key not in moves:
                stack.append(key)
    return StateSpace(stepper, start, moves, True, limit)
