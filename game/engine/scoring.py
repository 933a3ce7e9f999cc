"""Score ranges by dynamic programming over the dialogue graph, and the scoring of a finished call.

A scenario can have billions of paths, so best and worst totals are computed per node in reverse
topological order (linear in nodes + choices), never by enumerating paths. Conditional routes are
all treated as possible, so the ranges are the outer bounds the graph allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from game.content.checks import choice_targets
from game.content.paths import COMMITMENT_WEIGHT, choice_value, topological_order  # noqa: F401 (re-exported)
from game.content.model import CHOICE_DIMENSIONS, DIMENSIONS, Choice, Scenario, frozen_map



@dataclass(frozen=True, slots=True)
class Range:
    worst: float
    best: float

    def normalize(self, raw: float) -> int:
        """Map a raw total to 0..100 within this range (100 when the range is a single value)."""
        if self.best == self.worst:
            return 100
        value = (raw - self.worst) / (self.best - self.worst) * 100
        return int(round(min(100.0, max(0.0, value))))


@dataclass(frozen=True, slots=True)
class ScoreRanges:
    """Per-dimension best/worst totals from the start, and per-node best path values."""

    dimensions: Mapping[str, Range]
    best_value: Mapping[str, float]
    paths: int


def compute_ranges(scenario: Scenario) -> ScoreRanges:
    """Best and worst achievable totals per dimension, and each node's best path value.

    One pass over the nodes in reverse topological order; each choice is visited once."""
    choice_dims = CHOICE_DIMENSIONS
    targets_of = {nid: [choice_targets(scenario, c) for c in node.choices] for nid, node in scenario.nodes.items()}
    succ = {nid: tuple(dict.fromkeys(t for ts in lists for t in ts)) for nid, lists in targets_of.items()}
    # per node: (best per dimension, worst per dimension) as lists in DIMENSIONS order
    best: dict[str, list[float]] = {}
    worst: dict[str, list[float]] = {}
    value: dict[str, float] = {}
    paths: dict[str, int] = {}
    for nid in reversed(topological_order(scenario, succ)):
        node = scenario.nodes[nid]
        if node.ending is not None:
            points = float(node.ending.commitment.value_points)
            best[nid] = [0.0] * len(choice_dims) + [points]
            worst[nid] = [0.0] * len(choice_dims) + [points]
            value[nid] = points * COMMITMENT_WEIGHT
            paths[nid] = 1
            continue
        node_best = [float("-inf")] * len(DIMENSIONS)
        node_worst = [float("inf")] * len(DIMENSIONS)
        node_value = float("-inf")
        node_paths = 0
        for choice, targets in zip(node.choices, targets_of[nid]):
            gains = [choice.score.get(d, 0) for d in choice_dims] + [0]
            for i, gain in enumerate(gains):
                hi = max(best[t][i] for t in targets) if len(targets) > 1 else best[targets[0]][i]
                lo = min(worst[t][i] for t in targets) if len(targets) > 1 else worst[targets[0]][i]
                if gain + hi > node_best[i]:
                    node_best[i] = gain + hi
                if gain + lo < node_worst[i]:
                    node_worst[i] = gain + lo
            node_value = max(node_value, sum(gains) + max(value[t] for t in targets))
            node_paths += sum(paths[t] for t in targets)
        best[nid], worst[nid], value[nid], paths[nid] = node_best, node_worst, node_value, node_paths
    start = scenario.start
    dims = {d: Range(worst[start][i], best[start][i]) for i, d in enumerate(DIMENSIONS)}
    return ScoreRanges(frozen_map(dims), frozen_map(value), paths[start])


@dataclass(frozen=True, slots=True)
class CallScore:
    """Raw totals, 0..100 scores per dimension, the overall score and pass/fail."""

    raw: Mapping[str, float]
    scores: Mapping[str, int]
    overall: int
    passed: bool
    below_threshold: tuple[str, ...]
    thresholds: Mapping[str, int]


def score_call(scenario: Scenario, ranges: ScoreRanges, choices: Sequence[Choice], ending_id: str) -> CallScore:
    """Score a finished call from the choices taken and the ending reached."""
    raw = {d: float(sum(c.score.get(d, 0) for c in choices)) for d in CHOICE_DIMENSIONS}
    ending = scenario.nodes[ending_id].ending
    raw["commitment"] = float(ending.commitment.value_points if ending else 0)
    scores = {d: ranges.dimensions[d].normalize(raw[d]) for d in DIMENSIONS}
    overall = int(round(sum(scores.values()) / len(DIMENSIONS)))
    thresholds = scenario.pass_thresholds
    below = tuple(d for d in DIMENSIONS if scores[d] < thresholds[d])
    if overall < thresholds["overall"]:
        below = ("overall",) + below
    return CallScore(frozen_map(raw), frozen_map(scores), overall, not below, below, thresholds)
