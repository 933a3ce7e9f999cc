"""Dynamic programming over a scenario's dialogue graph (a DAG), for `ardojo analyze`.

Two passes over the nodes in reverse topological order, each visiting every (choice, target) once, so
the cost is linear in the graph's size whatever its number of paths:

1. per node: best and worst raw totals per dimension, the number of paths, and the fewest and most
   decisions to an ending (with the step that achieves each);
2. per node: the best value of the rest of a call, as the grade values it (`game.engine.lookahead`:
   the sum of each reply's scores plus the ending's commitment points × COMMITMENT_WEIGHT, over the
   replies a team lead could recommend, `scoring.eligible`), with its best step.

As in the engine's score ranges, every route of a choice counts as possible (and the hang-up ending
too, for a choice that lowers a hang-up meter): these are the graph's outer bounds. Pass 2 is
therefore an upper bound on the engine's exact lookahead (which follows the meters), and the
heuristic of the best-playable-call search (`playable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.content.model import CHOICE_DIMENSIONS, DIMENSIONS, Scenario, frozen_map
from game.content.paths import COMMITMENT_WEIGHT
from game.engine.scoring import Range, eligible, topological_order

#: What one raw point of professionalism, empathy, clarity and commitment is worth in a path's value:
#: the engine's (`lookahead`): the scores at face value, the ending's points × COMMITMENT_WEIGHT.
VALUE_WEIGHTS: tuple[float, float, float, float] = (1.0, 1.0, 1.0, COMMITMENT_WEIGHT)

#: (choice index, (professionalism, empathy, clarity) gains, targets) for each choice of a node.
ChoiceRow = tuple[int, tuple[int, int, int], tuple[str, ...]]
#: (choice index, target) taken from a node, or None at an ending.
Step = tuple[int, str] | None


@dataclass(frozen=True, slots=True)
class GraphTables:
    """Each node's choices with their targets (computed once), a topological order, and per node the
    indices of the replies the grade may call best (`scoring.eligible`)."""

    rows: Mapping[str, tuple[ChoiceRow, ...]]
    order: tuple[str, ...]
    choices: int
    good: Mapping[str, frozenset[int]]


def graph_tables(scenario: Scenario) -> GraphTables:
    """The choice table and topological order of a validated scenario."""
    rows: dict[str, tuple[ChoiceRow, ...]] = {}
    succ: dict[str, tuple[str, ...]] = {}
    good: dict[str, frozenset[int]] = {}
    count = 0
    hang_up_to = scenario.hang_up_to if scenario.hang_up_to in scenario.nodes else None
    hang_meters = tuple(scenario.hang_up_when) if hang_up_to else ()
    p, e, c = CHOICE_DIMENSIONS
    for nid, node in scenario.nodes.items():
        node_rows = []
        node_succ: dict[str, None] = {}
        for choice in node.choices:
            # the same targets as game.content.checks.choice_targets (tested), computed inline: that
            # function is most of this pass's time on a 1,000-node scenario
            targets = [route.target for route in choice.routes]
            mood = choice.mood
            for meter in hang_meters:
                if mood.get(meter, 0) < 0:
                    targets.append(hang_up_to)
                    break
            if len(targets) > 1:
                targets = list(dict.fromkeys(targets))
            for target in targets:
                node_succ[target] = None
            score = choice.score
            node_rows.append((choice.index, (score.get(p, 0), score.get(e, 0), score.get(c, 0)), tuple(targets)))
        rows[nid] = tuple(node_rows)
        succ[nid] = tuple(node_succ)
        good[nid] = frozenset(c.index for c in eligible(node.choices)) if node.choices else frozenset()
        count += len(node_rows)
    return GraphTables(frozen_map(rows), tuple(topological_order(scenario, succ)), count, frozen_map(good))


@dataclass(frozen=True, slots=True)
class Bounds:
    """Pass 1: ranges per dimension (raw, from the start), path count, and call lengths."""

    dimensions: Mapping[str, Range]
    paths: int
    shortest: int
    longest: int
    shortest_step: Mapping[str, Step]
    longest_step: Mapping[str, Step]


def bounds(scenario: Scenario, tables: GraphTables) -> Bounds:
    """Best/worst totals per dimension, number of paths, fewest/most decisions: one reverse pass."""
    inf = float("inf")
    best: dict[str, tuple[float, float, float, float]] = {}
    worst: dict[str, tuple[float, float, float, float]] = {}
    paths: dict[str, int] = {}
    low: dict[str, int] = {}
    high: dict[str, int] = {}
    low_step: dict[str, Step] = {}
    high_step: dict[str, Step] = {}
    nodes = scenario.nodes
    for nid in reversed(tables.order):
        ending = nodes[nid].ending
        if ending is not None:
            points = float(ending.commitment.value_points)
            best[nid] = worst[nid] = (0.0, 0.0, 0.0, points)
            paths[nid], low[nid], high[nid] = 1, 0, 0
            low_step[nid] = high_step[nid] = None
            continue
        bp = be = bc = bm = -inf
        wp = we = wc = wm = inf
        count, lo, hi = 0, inf, -1
        lo_step: Step = None
        hi_step: Step = None
        for index, (p, e, c), targets in tables.rows[nid]:
            for t in targets:
                tb, tw = best[t], worst[t]
                if p + tb[0] > bp: bp = p + tb[0]  # noqa: E701 - unrolled for speed
                if e + tb[1] > be: be = e + tb[1]  # noqa: E701
                if c + tb[2] > bc: bc = c + tb[2]  # noqa: E701
                if tb[3] > bm: bm = tb[3]  # noqa: E701
                if p + tw[0] < wp: wp = p + tw[0]  # noqa: E701
                if e + tw[1] < we: we = e + tw[1]  # noqa: E701
                if c + tw[2] < wc: wc = c + tw[2]  # noqa: E701
                if tw[3] < wm: wm = tw[3]  # noqa: E701
                count += paths[t]
                if low[t] < lo:
                    lo, lo_step = low[t], (index, t)
                if high[t] > hi:
                    hi, hi_step = high[t], (index, t)
        best[nid], worst[nid] = (bp, be, bc, bm), (wp, we, wc, wm)
        paths[nid], low[nid], high[nid] = count, int(lo) + 1, hi + 1
        low_step[nid], high_step[nid] = lo_step, hi_step
    start = scenario.start
    dims = {d: Range(worst[start][i], best[start][i]) for i, d in enumerate(DIMENSIONS)}
    return Bounds(frozen_map(dims), paths[start], low[start], high[start], low_step, high_step)


@dataclass(frozen=True, slots=True)
class BestValues:
    """Pass 2: per node the best value of the rest of a call (an upper bound on what any playable call
    from that node can still be worth to the grade) and the step achieving it."""

    weights: tuple[float, float, float, float]
    value: Mapping[str, float]
    step: Mapping[str, Step]


def best_values(scenario: Scenario, tables: GraphTables, weights: tuple[float, float, float, float] = VALUE_WEIGHTS,
                *, eligible_only: bool = True) -> BestValues:
    """The best value per node over its eligible replies (every reply without `eligible_only`: then the
    values are the engine's `ScoreRanges.best_value`) and every route, one reverse pass."""
    wp, we, wc, wm = weights
    value: dict[str, float] = {}
    step: dict[str, Step] = {}
    nodes = scenario.nodes
    for nid in reversed(tables.order):
        ending = nodes[nid].ending
        if ending is not None:
            value[nid], step[nid] = wm * ending.commitment.value_points, None
            continue
        good = tables.good[nid] if eligible_only else None
        top, top_step = -float("inf"), None
        for index, (p, e, c), targets in tables.rows[nid]:
            if good is not None and index not in good:
                continue
            gain = p * wp + e * we + c * wc
            for t in targets:
                if gain + value[t] > top:
                    top, top_step = gain + value[t], (index, t)
        value[nid], step[nid] = top, top_step
    return BestValues(weights, value, step)


def follow(start: str, steps: Mapping[str, Step]) -> list[tuple[str, int, str]]:
    """The path from `start` following `steps`: (node, choice index, target) per decision."""
    path = []
    node = start
    while (step := steps[node]) is not None:
        path.append((node, step[0], step[1]))
        node = step[1]
    return path
