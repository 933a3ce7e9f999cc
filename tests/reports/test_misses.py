"""What counts as a miss: `judge` on hand-made cases, and `judge_scenario` against a brute-force search."""

from __future__ import annotations

from functools import lru_cache

from game.content.checks import choice_targets
from game.content.library import Library
from game.engine.scoring import COMMITMENT_WEIGHT
from game.reports.misses import NodeJudgement, judge, judge_scenario

KINDS = {"dont-be-aggressive": "dont", "do-listen": "do", "dont-assume": "dont"}
NODE = NodeJudgement(frozenset({0}), ("do-listen",))


def test_the_best_option_is_not_a_miss() -> None:
    v = judge(NODE, 0, 5, ("do-listen",), KINDS)
    assert (v.miss, v.best, v.broken, v.skipped) == (False, True, (), ())


def test_a_worse_option_skips_the_best_options_rules_and_breaks_its_dont_rules() -> None:
    v = judge(NODE, 2, -3, ("dont-be-aggressive", "do-listen"), KINDS)
    assert v.miss and v.best is False
    assert v.broken == ("dont-be-aggressive",) and v.skipped == ("do-listen",)


def test_a_worse_option_without_dont_rules_only_skips() -> None:
    v = judge(NODE, 1, 2, ("do-listen",), KINDS)
    assert v.miss and v.broken == () and v.skipped == ("do-listen",)


def test_negative_with_a_dont_rule_is_a_miss_even_when_best() -> None:
    v = judge(NODE, 0, -1, ("dont-assume",), KINDS)
    assert v.miss and v.best and v.broken == ("dont-assume",) and v.skipped == ()


def test_negative_citing_only_do_rules_is_not_a_miss_when_best() -> None:
    assert not judge(NODE, 0, -2, ("do-listen",), KINDS).miss


def test_unknown_version_judges_the_score_alone() -> None:
    assert judge(None, 3, -2, ("dont-assume",), KINDS).broken == ("dont-assume",)
    v = judge(None, 3, 4, ("do-listen",), KINDS)
    assert not v.miss and v.best is None


def test_best_options_match_a_brute_force_search(library: Library) -> None:
    """Path value = the option's score total + the best the rest of the call can reach, searched
    recursively over every target (the conditions assumed to allow it); the best is picked among the
    replies that could be recommended."""
    for scenario in library.scenarios.values():
        @lru_cache(maxsize=None)
        def reach(node_id: str) -> float:
            node = scenario.nodes[node_id]
            if node.ending is not None:
                return node.ending.commitment.value_points * COMMITMENT_WEIGHT
            return max(value(c) for c in node.choices)

        def value(choice) -> float:
            return sum(choice.score.values()) + max(reach(t) for t in choice_targets(scenario, choice))

        judged = judge_scenario(scenario)
        for node in scenario.nodes.values():
            if not node.choices:
                assert node.id not in judged
                continue
            # the best is never a reply a team lead could not recommend (critical, breaking a rule, negative)
            good = [c for c in node.choices if not c.critical and not c.breaks and sum(c.score.values()) >= 0] \
                or list(node.choices)
            values = [value(c) if c in good else float("-inf") for c in node.choices]
            top = max(values)
            best = {i for i, v in enumerate(values) if abs(v - top) < 1e-9}
            assert judged[node.id].best == best, (scenario.id, node.id)
            assert judged[node.id].best_rules == node.choices[min(best)].rules
