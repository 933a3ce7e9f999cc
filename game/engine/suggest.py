"""Which scenario to play next: the one whose choices cite the trainee's weakest rules most.

The weakest rules are the debrief's practice list (most important first). Each scenario is scored by
how often its replies follow or break those rules (both practise them), weighted by their rank; scenarios already passed are left out
(unless every scenario is passed), and the one just played comes last among equals.
"""

from __future__ import annotations

from typing import Collection, Mapping, Sequence

from game.content.model import Scenario


def rule_exercise(scenario: Scenario, rule_ids: Sequence[str]) -> int:
    """How strongly `scenario` exercises `rule_ids`: each choice citing a rule counts that rule's weight
    (the first rule weighs most)."""
    weights = {rid: len(rule_ids) - i for i, rid in enumerate(dict.fromkeys(rule_ids))}
    return sum(weights.get(rid, 0) for node in scenario.nodes.values() for choice in node.choices
               for rid in choice.cited)


def suggest_next(scenarios: Mapping[str, Scenario], weak_rules: Sequence[str], passed: Collection[str],
                 current: str | None = None) -> Scenario | None:
    """The scenario that best exercises `weak_rules`, preferring ones not yet passed and not `current`.
    Ties go to the easier scenario, then by id. None only when there are no scenarios."""
    if not scenarios:
        return None
    pool = [s for s in scenarios.values() if s.id not in passed] or list(scenarios.values())
    others = [s for s in pool if s.id != current] or pool
    return min(others, key=lambda s: (-rule_exercise(s, weak_rules), s.difficulty, s.id))
