"""The worth of each reply at a real decision point: where it leads with the meters the call really has,
and the best call still playable from there.

A reply's value is its immediate score (the sum of its `score`) plus the best value reachable from the
node it really leads to, given the meters after it (mood first, then hang-up, then the first route whose
condition holds — the machine's own step, `states.Stepper.step`). The search is exact over
(node, meters) states and memoised per compiled scenario; on a scenario so large that the states
exceed `STATE_BUDGET`, it falls back to the graph's DP bound (`ScoreRanges.best_value`), which treats
every conditional route as possible. A state only a manners cost reaches (`game.engine.manners`:
waiting, interrupting) is valued on demand the same way, so the options after a cost are exact too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.content.model import Choice, Scenario
from game.content.paths import COMMITMENT_WEIGHT, choice_value
from game.engine.scoring import ScoreRanges, eligible
from game.engine.states import Stepper

#: Most (node, meters) states memoised per scenario before falling back to the DP bound.
STATE_BUDGET = 20_000


@dataclass(frozen=True, slots=True)
class OptionValue:
    """One reply available at a decision: where it leads from these meters and what it is worth."""

    choice: Choice
    target: str
    meters_after: Mapping[str, int]
    value: float


class Lookahead:
    """Exact best-value search over (node, meters) states for one scenario, shared by its calls.

    On first use every state a call can reach from the start (by any reply) is explored once; when they
    fit in `budget` every later question is answered exactly, otherwise every one is answered from the
    DP bound. Either way the answer never depends on which calls were asked about before, so a live
    call, its resume and `verify` always agree."""

    def __init__(self, scenario: Scenario, ranges: ScoreRanges, budget: int = STATE_BUDGET) -> None:
        self.scenario = scenario
        self.ranges = ranges
        self.budget = budget
        self.stepper = Stepper(scenario)
        self._memo: dict[tuple, float] | None = None
        self._model: float | None = None
        self._points: dict[tuple, float] = {}
        self.exact = True

    def options(self, node_id: str, meters: Mapping[str, int]) -> tuple[OptionValue, ...]:
        """Every reply of `node_id` (in file order) with its real target and value from `meters`."""
        out = []
        stepper = self.stepper
        packed = stepper.pack(meters)
        for choice in self.scenario.nodes[node_id].choices:
            nxt = stepper.step(node_id, choice.index, packed)
            after = stepper.unpack(nxt.meters)
            out.append(OptionValue(choice, nxt.target, after, choice_value(choice) + self.best_from(nxt.target, after)))
        return tuple(out)

    def best_from(self, node_id: str, meters: Mapping[str, int]) -> float:
        """The best value of the rest of a call at `node_id` with these meters (eligible replies only)."""
        node = self.scenario.nodes[node_id]
        if node.ending is not None:
            return node.ending.commitment.value_points * COMMITMENT_WEIGHT
        if self._memo is None:
            self._explore()
        if self.exact:
            key = (node_id, self.stepper.pack(meters))
            found = self._memo.get(key)
            if found is None and self._value_from(key, self.budget * 4):
                found = self._memo.get(key)  # a state only a manners cost reaches: valued on demand
            if found is not None:
                return found
        return self.ranges.best_value.get(node_id, 0.0)

    def best_points_from(self, node_id: str, meters: Mapping[str, int]) -> float:
        """The most commitment points any way of playing on from `node_id` with these meters can reach
        (by any reply, on time): the ceiling of a call that a manners cost sent elsewhere."""
        memo = self._points
        root = (node_id, self.stepper.pack(meters))
        stack = [root]
        nodes, step = self.scenario.nodes, self.stepper.step
        while stack:
            key = stack[-1]
            if key in memo:
                stack.pop()
                continue
            node = nodes[key[0]]
            if node.ending is not None:
                memo[key] = float(node.ending.commitment.value_points)
                stack.pop()
                continue
            kids = [(nxt.target, nxt.meters) for c in node.choices for nxt in (step(key[0], c.index, key[1]),)]
            missing = [k for k in kids if k not in memo]
            if missing:
                stack.extend(missing)
                continue
            memo[key] = max(memo[k] for k in kids)
            stack.pop()
        return memo[root]

    def model_commitment(self) -> float:
        """The commitment points of the ending a model call reaches: from the start, the best reply at
        every decision (ties: the first in the file). The DP's best commitment when not exact."""
        if self._model is not None:
            return self._model
        if self._memo is None:
            self._explore()
        if not self.exact:
            self._model = self.ranges.dimensions["commitment"].best
            return self._model
        node_id, meters = self.scenario.start, dict(self.scenario.persona.mood)
        while self.scenario.nodes[node_id].ending is None:
            best = max(self.options(node_id, meters), key=lambda o: (o.value if o.choice in
                       eligible(self.scenario.nodes[node_id].choices) else float("-inf"), -o.choice.index))
            node_id, meters = best.target, dict(best.meters_after)
        self._model = float(self.scenario.nodes[node_id].ending.commitment.value_points)
        return self._model

    def _explore(self) -> None:
        """Value every state reachable from the start, iteratively (graphs can be deep)."""
        self._memo = {}
        if not self._value_from(self.stepper.start(), self.budget):
            self.exact = False
            self._memo.clear()

    def _value_from(self, root: tuple, budget: int) -> bool:
        """Value every state reachable from `root` into the memo (every entry is an exact value);
        False when that needs more than `budget` new states (the memo keeps only finished values)."""
        scenario, memo = self.scenario, self._memo
        assert memo is not None
        step = self.stepper.step
        nodes = scenario.nodes
        children: dict[tuple, list[tuple[Choice, tuple]]] = {}
        stack = [root]
        while stack:
            key = stack[-1]
            if key in memo:
                stack.pop()
                continue
            node = nodes[key[0]]
            if node.ending is not None:
                memo[key] = node.ending.commitment.value_points * COMMITMENT_WEIGHT
                stack.pop()
                continue
            kids = children.get(key)
            if kids is None:
                if len(children) >= budget:
                    return False
                kids = children[key] = [(c, (nxt.target, nxt.meters)) for c in node.choices
                                        for nxt in (step(key[0], c.index, key[1]),)]
            missing = [k for _, k in kids if k not in memo]
            if missing:
                stack.extend(missing)
                continue
            good = set(id(c) for c in eligible(node.choices))
            memo[key] = max(choice_value(c) + memo[k] for c, k in kids if id(c) in good)
            stack.pop()
        return True

