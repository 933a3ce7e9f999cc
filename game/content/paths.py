"""Graph facts every layer shares: the topological order of the dialogue and the worth of a path.

These live in the content layer so that validation (lint), scoring and analysis agree without the
content layer importing the engine.
"""

from __future__ import annotations

from typing import Mapping

from game.content.checks import successor_map
from game.content.model import Choice, Scenario

#: Weight of commitment in the single "how good is this path" value used to find better options.
COMMITMENT_WEIGHT = 1 / 20


def topological_order(scenario: Scenario, succ: Mapping[str, tuple[str, ...]] | None = None) -> list[str]:
    """Node ids so that every node comes before the nodes its choices lead to (the graph is a DAG)."""
    succ = succ if succ is not None else successor_map(scenario)
    indegree = dict.fromkeys(scenario.nodes, 0)
    for targets in succ.values():
        for t in targets:
            indegree[t] += 1
    ready = [n for n, d in indegree.items() if d == 0]
    order: list[str] = []
    while ready:
        nid = ready.pop()
        order.append(nid)
        for t in succ[nid]:
            indegree[t] -= 1
            if indegree[t] == 0:
                ready.append(t)
    return order


def choice_value(choice: Choice) -> float:
    """The immediate worth of a choice: the sum of its scores."""
    return float(sum(choice.score.values()))
