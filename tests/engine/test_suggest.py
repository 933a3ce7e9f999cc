"""The next suggested scenario: the one whose choices cite the trainee's weakest rules most."""

from __future__ import annotations

from game.content.library import default_scenarios_dir, load_library
from game.engine.call import Call
from game.engine.debrief import build_debrief
from game.engine.machine import compile_scenario
from game.engine.suggest import rule_exercise, suggest_next

LIBRARY = load_library([default_scenarios_dir()])
SCENARIOS = LIBRARY.scenarios


def cited(scenario, rule_id: str) -> int:
    """How many replies touch the rule, following or breaking it (both practise it)."""
    return sum(rule_id in c.cited for n in scenario.nodes.values() for c in n.choices)


def test_the_scenario_citing_the_weak_rule_most_wins() -> None:
    rule = "do-listen-actively"
    best = min(SCENARIOS.values(), key=lambda s: (-cited(s, rule), s.difficulty, s.id))
    assert suggest_next(SCENARIOS, [rule], passed=()) is best
    assert rule_exercise(best, [rule]) == cited(best, rule)


def test_passed_and_current_scenarios_are_left_out_unless_nothing_else_is_left() -> None:
    ids = list(SCENARIOS)
    assert len(ids) >= 3
    assert suggest_next(SCENARIOS, [], passed=ids[:-1]).id == ids[-1]
    assert suggest_next(SCENARIOS, [], passed=ids[:-1], current=ids[-1]).id == ids[-1]  # the only one not passed
    assert suggest_next(SCENARIOS, [], passed=ids[:-2], current=ids[-1]).id == ids[-2]
    assert suggest_next(SCENARIOS, [], passed=ids, current=ids[0]).id != ids[0]
    assert suggest_next({}, ["x"], passed=()) is None


def test_earlier_practice_rules_weigh_more() -> None:
    scenario = SCENARIOS["sunrise-bakery"]
    a, b = "do-state-purpose-clearly", "dont-use-jargon"
    assert rule_exercise(scenario, [a, b]) == 2 * cited(scenario, a) + cited(scenario, b)


def test_a_debrief_practice_list_leads_to_another_scenario() -> None:
    scenario = SCENARIOS["sunrise-bakery"]
    call = Call(compile_scenario(scenario))
    while not call.ended:
        call.choose(len(call.options) - 1)  # the worst replies
    debrief = build_debrief(call, LIBRARY.rulebook)
    weak = [item.rule.id for item in debrief.practice]
    pick = suggest_next(SCENARIOS, weak, passed=(), current=scenario.id)
    others = [s for s in SCENARIOS.values() if s.id != scenario.id]
    assert pick.id != scenario.id
    assert rule_exercise(pick, weak) == max(rule_exercise(s, weak) for s in others)
