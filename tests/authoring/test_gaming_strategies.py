"""The gaming measures (game/authoring/gaming.py) on a fixture whose answers are known by hand
(tests/authoring/fixtures/gaming-lab.yaml: 8 of its 27 calls pass; the longest reply is always the
best; the reply that raises the meters most is always a critical error), and on a variant of it where
the longest reply is the critical one."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from authoring_helpers import FIXTURES, REAL_FILES, load, rulebook
from game.authoring.gaming import (BEST, FIRST, FIXED, LONGEST, MOOD, RANDOM, STRATEGIES, Player, decision_points,
                                   dialogue_passes, measure_library, measure_scenario, pick, top_replies)
from game.content.scenario_loader import load_scenario_text
from game.engine.call import Call
from game.engine.machine import compile_scenario

GAMING_LAB = FIXTURES / "gaming-lab.yaml"
#: Calls passing / all calls of the fixture, counted by hand (any call of A and B replies passes).
PASSING_SHARE = 8 / 27


def _variant_longest_is_critical():
    """gaming-lab with the critical reply of every node made the longest."""
    text = GAMING_LAB.read_text(encoding="utf-8")
    for short in ("Fees waived!", "I'll cut it!", "Pay me later!"):
        text = text.replace(f'"{short}"', f'"{short} ' + "Honestly, " * 12 + 'trust me on this one."')
    result = load_scenario_text(text, "gaming-lab-variant.yaml", rulebook())
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    return result.scenario


def test_every_call_of_the_fixture_passes_as_counted_by_hand() -> None:
    """The fixture's premise, through the engine: 8 of the 27 calls pass, those without a C reply."""
    compiled = compile_scenario(load(GAMING_LAB))
    outcomes = {}
    for choices in itertools.product(range(3), repeat=3):
        call = Call.replay(compiled, choices)
        outcomes[choices] = dialogue_passes(compiled.scenario, call.score())
    assert sum(outcomes.values()) == 8
    assert all(passed == (2 not in choices) for choices, passed in outcomes.items())


def test_known_pass_rates() -> None:
    result = measure_scenario(load(GAMING_LAB), calls=400)
    rates = {s: r.rate for s, r in result.results.items()}
    assert tuple(result.results) == STRATEGIES
    assert rates[LONGEST] == 1.0 and rates[BEST] == 1.0 and rates[MOOD] == 0.0
    assert result.results[MOOD].critical == 400 and result.results[LONGEST].critical == 0
    # first on a shuffled screen is a uniformly random reply: near 8/27, like random play
    # (400 calls: one standard deviation is 2.3 points; the seeds are fixed, so this never flakes)
    assert rates[FIRST] == pytest.approx(PASSING_SHARE, abs=0.08)
    assert rates[RANDOM] == pytest.approx(PASSING_SHARE, abs=0.08)
    assert result.results[LONGEST].passes and not result.results[FIRST].passes
    assert result.results[LONGEST].mean_overall == 100 and result.results[BEST].mean_overall == 100
    assert (result.points.total, result.points.longest_best, result.points.complete) == (6, 6, True)


def test_when_the_longest_reply_is_critical_the_longest_strategy_fails() -> None:
    result = measure_scenario(_variant_longest_is_critical(), calls=50)
    assert result.results[LONGEST].rate == 0.0 and result.results[LONGEST].critical == 50
    assert result.results[BEST].rate == 1.0
    assert (result.points.total, result.points.longest_best) == (6, 0)


def test_in_file_order_the_first_strategy_always_takes_the_first_reply() -> None:
    """Without the shuffle "first" would be a fixed path; with it the first reply on screen varies."""
    compiled = compile_scenario(load(GAMING_LAB))
    player = Player(compiled)
    firsts = {player.play(FIRST, seed).choices for seed in range(1, 41)}
    assert len(firsts) > 10  # 27 possible calls
    in_order = Call(compiled, None)
    while not in_order.ended:
        in_order.choose_shown(pick(FIRST, in_order, random.Random(0)))
    assert [d.choice for d in in_order.state.decisions] == [0, 0, 0]


def test_runs_are_reproducible_and_seeded() -> None:
    scenario = load(GAMING_LAB)
    a = measure_scenario(scenario, calls=30, strategies=(FIRST, RANDOM))
    b = measure_scenario(scenario, calls=30, strategies=(FIRST, RANDOM))
    c = measure_scenario(scenario, calls=30, strategies=(FIRST, RANDOM), first_seed=1000)
    assert a.results == b.results
    assert a.results != c.results


@pytest.mark.parametrize("path", [GAMING_LAB, *REAL_FILES[:3]], ids=lambda p: p.stem)
def test_the_player_scores_like_the_engine(path: Path) -> None:
    """`Player.score` (the model commitment computed once) is `call.score()`; the strategies pick by
    what is on screen, and the best strategy's pick is a top reply."""
    compiled = compile_scenario(load(path))
    player = Player(compiled)
    for strategy, seed in itertools.product(STRATEGIES, range(1, 4)):
        played = player.play(strategy, seed)
        call = Call.replay(compiled, played.choices, seed)
        assert call.ended and played.score == call.score()
        assert played.passed == dialogue_passes(compiled.scenario, call.score())
    call = Call(compiled, 7)
    while not call.ended:
        position = pick(BEST, call, random.Random(0))
        assert call.shown[position].index in top_replies(compiled, call.node_id, call.meters)
        step = call.choose_shown(position)
        assert step.scored.took_top and step.position == position + 1


def test_decision_points_of_a_real_scenario_cover_every_reachable_state() -> None:
    """Against the engine's own exploration: the same reachable states with two or more replies."""
    compiled = compile_scenario(load(REAL_FILES[0]))
    compiled.lookahead.best_from(compiled.scenario.start, compiled.scenario.persona.mood)
    memo = compiled.lookahead._memo  # the engine's explored states (private; read only)
    nodes = compiled.scenario.nodes
    expected = sum(1 for node_id, _ in memo if len(nodes[node_id].choices) > 1)
    points = decision_points(compiled)
    assert points.complete and points.total == expected
    assert 0 <= points.longest_best <= points.total
    capped = decision_points(compiled, limit=5)
    assert not capped.complete and capped.total <= 5


def test_library_measures_and_unknown_strategies() -> None:
    lab, variant = load(GAMING_LAB), _variant_longest_is_critical()
    library = measure_library([lab, variant], calls=20, random_calls=60)
    assert library.passed_by(LONGEST) == ("gaming-lab",)
    assert library.passed_by(BEST) == ("gaming-lab", "gaming-lab")  # the variant keeps the fixture's id
    assert library.passed_by(MOOD) == () and library.rate(MOOD) == 0.0
    assert library.scenarios[0].results[RANDOM].calls == 60 and library.scenarios[0].results[FIRST].calls == 20
    assert library.rate(LONGEST) == 0.5
    assert (library.points.total, library.points.longest_best) == (12, 6)
    assert set(FIXED) < set(STRATEGIES)
    with pytest.raises(ValueError, match="unknown strategies"):
        measure_library([lab], calls=1, strategies=("alphabetical",))
