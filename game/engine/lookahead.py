"""The worth of each reply at a real decision point: where it leads with the meters the call really has,
and the best call still playable from there.

A reply's value is its immediate score (the sum of its `score`) plus the best value reachable from the
node it really leads to, given the meters after it (mood first, then hang-up, then the first route whose
condition holds — the machine's own order, via `predict_target`). The search is exact over
(node, meters) states and memoised per compiled scenario; on a scenario so large that the states
exceed `STATE_BUDGET`, it falls back to the graph's DP bound (`ScoreRanges.best_value`), which treats
every conditional route as possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.content.model import Choice, Scenario
from game.content.paths import COMMITMENT_WEIGHT, choice_value
from game.engine.scoring import ScoreRanges, eligible

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
        self._memo: dict[tuple, float] | None = None
        self._model: float | None = None
        self.exact = True

    def options(self, node_id: str, meters: Mapping[str, int]) -> tuple[OptionValue, ...]:
        """Every reply of `node_id` (in file order) with its real target and value from `meters`."""
        from game.engine.machine import predict_target  # machine imports scoring; avoid a cycle

        out = []
        for choice in self.scenario.nodes[node_id].choices:
            target, after = predict_target(self.scenario, choice, meters)
            out.append(OptionValue(choice, target, after, choice_value(choice) + self.best_from(target, after)))
        return tuple(out)

    def best_from(self, node_id: str, meters: Mapping[str, int]) -> float:
        """The best value of the rest of a call at `node_id` with these meters (eligible replies only)."""
        node = self.scenario.nodes[node_id]
        if node.ending is not None:
            return node.ending.commitment.value_points * COMMITMENT_WEIGHT
        if self._memo is None:
            self._explore()
        if self.exact:
            found = self._memo.get(_key(node_id, meters))
            if found is not None:
                return found
        return self.ranges.best_value.get(node_id, 0.0)

    def model_commitment(self) -> float:
        """The commitment points of the ending a model call reaches: from the start, the best reply at
        every decision (ties: the first in the file). The DP's best commitment when not exact."""
        from game.engine.machine import predict_target

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
            node_id, meters = predict_target(self.scenario, best.choice, meters)
        self._model = float(self.scenario.nodes[node_id].ending.commitment.value_points)
        return self._model

    def _explore(self) -> None:
        """Value every state reachable from the start, iteratively (graphs can be deep)."""
        from game.engine.machine import predict_target

        scenario, memo = self.scenario, {}
        self._memo = memo
        nodes = scenario.nodes
        children: dict[tuple, list[tuple[Choice, tuple]]] = {}
        stack = [_key(scenario.start, scenario.persona.mood)]
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
                if len(children) >= self.budget:
                    self.exact = False
                    memo.clear()
                    return
                meters = dict(key[1])
                kids = children[key] = [(c, _key(*predict_target(scenario, c, meters))) for c in node.choices]
            missing = [k for _, k in kids if k not in memo]
            if missing:
                stack.extend(missing)
                continue
            good = set(id(c) for c in eligible(node.choices))
            memo[key] = max(choice_value(c) + memo[k] for c, k in kids if id(c) in good)
            stack.pop()
        children.clear()


def _key(node_id: str, meters: Mapping[str, int]) -> tuple:
    return node_id, tuple(sorted(meters.items()))
