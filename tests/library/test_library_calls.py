"""Every scenario of the library, played through the real engine and judged by the one verdict
(`game.engine.verdict.decide`, the scenario's marks, a correct call log): the model call passes with no
critical error, the worst call a trainee can play fails, every scenario has a critical trap a trainee
can really reach, and a call that takes one fails however well it scores otherwise. Difficulty follows
the library's convention.

If a scenario change breaks one of these, the library regressed: a call that should teach the right
move no longer passes, a careless call scrapes through, or a trap stopped being one.
"""

from __future__ import annotations

import pytest

from game.authoring import library_rules as per
from library_calls import (PlayedCall, analysis, best_choices, call_verdict, library, no_findings, playable_calls,
                           replay, rules, scenario_ids, worst_call)

IDS = scenario_ids()

PATIENCE, TRUST, BEST_CALL_MIN_DECISIONS = per.PATIENCE, per.TRUST, per.BEST_CALL_MIN_DECISIONS


def critical_calls(scenario_id: str) -> list[PlayedCall]:
    return [call for call in playable_calls(scenario_id) if call.score.critical]


@pytest.mark.parametrize("scenario_id", IDS)
def test_the_model_call_passes_with_no_critical_error(scenario_id: str) -> None:
    """The model call ends, passes with no critical error or broken rule, scores 100 in every dimension,
    and no playable call does better (library rule `library-model-call`)."""
    found = per.check_model_call(rules(), scenario_id)
    assert not found, no_findings(found)


@pytest.mark.parametrize("scenario_id", IDS)
def test_analyze_finds_the_model_call(scenario_id: str) -> None:
    best = analysis(scenario_id).best
    assert best.path.choices == best_choices(scenario_id)
    assert best.score.overall == replay(scenario_id, best_choices(scenario_id)).score().overall


@pytest.mark.parametrize("scenario_id", IDS)
def test_worst_call_fails(scenario_id: str) -> None:
    found = per.check_worst_call_fails(rules(), scenario_id)
    assert not found, no_findings(found)
    worst = worst_call(scenario_id)
    assert replay(scenario_id, worst.choices).score().overall == worst.score.overall


@pytest.mark.parametrize("scenario_id", IDS)
def test_every_scenario_has_a_critical_trap_a_trainee_can_reach(scenario_id: str) -> None:
    found = per.check_traps_reachable(rules(), scenario_id)
    assert not found, no_findings(found)


@pytest.mark.parametrize("scenario_id", IDS)
def test_a_call_with_a_critical_error_fails_whatever_it_scores(scenario_id: str) -> None:
    """The best-scoring call that takes a critical reply fails, and names its critical error first."""
    scenario = library().scenarios[scenario_id]
    best = max(critical_calls(scenario_id), key=PlayedCall.sort_key)
    call = replay(scenario_id, best.choices)
    score = call.score()
    assert score.critical and score == best.score
    result = call_verdict(call)
    assert not result.passed
    assert result.critical == tuple(e.rule for e in score.critical)
    first = score.critical[0]
    assert result.reasons[0] == f"critical error at decision {first.number}: {library().rule_titles()[first.rule]}"
    assert scenario.nodes[first.node_id].choices[call.steps[first.number - 1].choice.index].critical == first.rule


@pytest.mark.parametrize("scenario_id", IDS)
def test_difficulty_follows_the_convention(scenario_id: str) -> None:
    found = per.check_difficulty_bands(rules(), scenario_id)
    assert not found, no_findings(found)


def test_the_walk_matches_the_engine() -> None:
    """The depth-first walk (engine routing and scoring) and `Call.replay` agree on every call of one
    scenario."""
    scenario_id = IDS[0]
    for played in playable_calls(scenario_id)[::25]:
        call = replay(scenario_id, played.choices)
        visited = (call.scenario.start, *(step.target for step in call.steps))
        assert visited == played.nodes and call.ended
        assert bool(call.steps[-1].hung_up) == played.hung_up
        assert call.score() == played.score
