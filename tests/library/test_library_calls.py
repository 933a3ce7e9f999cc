"""Every scenario of the library, played through the real engine: the best call `ardojo analyze` finds
passes, the worst call a trainee can play fails, and difficulty follows the library's convention.

If a scenario change breaks one of these, the library regressed: a call that should teach the right
move no longer passes, or a careless call now scrapes through.
"""

from __future__ import annotations

import pytest

from library_calls import analysis, best_choices, library, playable_calls, replay, scenario_ids, worst_call

IDS = scenario_ids()

#: Difficulty convention (docs/library.md): starting patience and trust bands, and a minimum length
#: of the best call. (low, high) are inclusive; None = no bound.
PATIENCE = {1: (60, None), 2: (45, 59), 3: (None, 44)}
TRUST = {1: (45, None), 2: (30, 44), 3: (None, 29)}
BEST_CALL_MIN_DECISIONS = {1: 1, 2: 1, 3: 9}


def _within(value: int, band: tuple[int | None, int | None]) -> bool:
    low, high = band
    return (low is None or value >= low) and (high is None or value <= high)


@pytest.mark.parametrize("scenario_id", IDS)
def test_best_call_from_analyze_passes(scenario_id: str) -> None:
    choices = best_choices(scenario_id)
    call = replay(scenario_id, choices)
    assert call.ended, f"{scenario_id}: the best call {choices} stops at '{call.state.node}'"
    score = call.score()
    assert score.passed, f"{scenario_id}: the best call fails: {dict(score.scores)}, below {score.below_threshold}"
    # analyze's best call really is the best a trainee can play
    top = max(played.score.overall for played in playable_calls(scenario_id))
    assert score.overall == top, f"{scenario_id}: analyze's best call scores {score.overall}, a playable call {top}"


@pytest.mark.parametrize("scenario_id", IDS)
def test_worst_call_fails(scenario_id: str) -> None:
    worst = worst_call(scenario_id)
    call = replay(scenario_id, worst.choices)
    assert call.ended and call.state.node == worst.ending
    score = call.score()
    assert score.overall == worst.score.overall
    assert not score.passed, f"{scenario_id}: the worst call {worst.choices} passes with overall {score.overall}"
    assert "overall" in score.below_threshold


@pytest.mark.parametrize("scenario_id", IDS)
def test_difficulty_follows_the_convention(scenario_id: str) -> None:
    scenario = library().scenarios[scenario_id]
    level, mood = scenario.difficulty, scenario.persona.mood
    best = analysis(scenario_id).best.path.decisions
    problems = []
    if not _within(mood["patience"], PATIENCE[level]):
        problems.append(f"starting patience {mood['patience']} is outside {PATIENCE[level]}")
    if not _within(mood["trust"], TRUST[level]):
        problems.append(f"starting trust {mood['trust']} is outside {TRUST[level]}")
    if best < BEST_CALL_MIN_DECISIONS[level]:
        problems.append(f"the best call takes {best} decisions, fewer than {BEST_CALL_MIN_DECISIONS[level]}")
    assert not problems, f"{scenario_id} (difficulty {level}): " + "; ".join(problems)


def test_the_walk_matches_the_engine() -> None:
    """The depth-first walk (engine routing rule) and `Call.replay` agree on every call of one scenario."""
    scenario_id = IDS[0]
    for played in playable_calls(scenario_id)[::25]:
        call = replay(scenario_id, played.choices)
        visited = (call.scenario.start, *(step.target for step in call.steps))
        assert visited == played.nodes and call.ended
        assert bool(call.steps[-1].hung_up) == played.hung_up
        assert call.score().overall == played.score.overall
