"""What counts as a miss (see `model.MISS_DEFINITION`), judged per node of the current scenario.

The best option at a node is the one with the highest path value: its own score total plus the best
total the rest of the call can still reach after it (the engine's dynamic-programming values, taking
the most favourable route of each choice). Ties are all best; the first best option's rules are the
ones a miss "skipped", as the debrief's "better option" would show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.content.checks import choice_targets
from game.content.model import Scenario
from game.engine.scoring import choice_value, compute_ranges, eligible

EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class NodeJudgement:
    """The best options at one node and the rules the first of them cites."""

    best: frozenset[int]
    best_rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Verdict:
    """How one decision is judged: `best` is None when the scenario version is unknown."""

    miss: bool
    best: bool | None
    broken: tuple[str, ...]
    skipped: tuple[str, ...]


def judge_scenario(scenario: Scenario) -> dict[str, NodeJudgement]:
    """The best options of every node with choices, by path value, among the replies the grade could
    call best (never a critical, rule-breaking or negative reply: `engine.scoring.eligible`)."""
    ranges = compute_ranges(scenario)
    out: dict[str, NodeJudgement] = {}
    for node in scenario.nodes.values():
        if not node.choices:
            continue
        good = {c.index for c in eligible(node.choices)}
        values = [choice_value(c) + max(ranges.best_value[t] for t in choice_targets(scenario, c))
                  if c.index in good else float("-inf") for c in node.choices]
        top = max(values)
        best = [i for i, v in enumerate(values) if v >= top - EPSILON]
        out[node.id] = NodeJudgement(frozenset(best), tuple(node.choices[best[0]].rules))
    return out


def judge(node: NodeJudgement | None, choice: int, score_total: int, rules: tuple[str, ...],
          kinds: Mapping[str, str], breaks: tuple[str, ...] = ()) -> Verdict:
    """Judge one decision: option `choice` (0-based), its score total, the rules it cites and those it
    says it breaks (`breaks:` in the scenario; a reply that breaks a rule is always a miss). `node` is
    None when the scenario version the decision was taken in is not loaded (then only the score counts)."""
    best = None if node is None else choice in node.best
    cites_dont = any(kinds.get(r) == "dont" for r in rules)
    miss = best is False or bool(breaks) or (score_total < 0 and cites_dont)
    if not miss:
        return Verdict(False, best, (), ())
    broken = tuple(dict.fromkeys((*breaks, *(r for r in rules if kinds.get(r) == "dont"))))
    skipped = node.best_rules if node is not None and best is False else ()
    return Verdict(True, best, broken, skipped)
