"""Scoring: DP ranges (hand-computed for the fixtures, brute force for everything), normalization,
the overall mean and pass/fail."""

from __future__ import annotations

import pytest

from game.content.model import CHOICE_DIMENSIONS, DIMENSIONS
from game.engine.call import Call
from game.engine.scoring import COMMITMENT_WEIGHT, Range

from engine_paths import complete_calls, graph_paths


def scores_of(compiled, choices):
    call = Call.replay(compiled, choices)
    assert call.ended
    return call.score()


# --- ranges ----------------------------------------------------------------------------------

def test_lab_ranges_by_hand(lab):
    # Worked out on paper from routing-lab.yaml, every route treated as possible:
    #   professionalism best  polite(+2) -> explain(0) -> ask-full(+1)           =   3
    #                   worst insult(-5) -> flatter(-1) -> threaten(-4)          = -10
    #   empathy         best  polite(0)  -> listen(+2) -> offer(+2)              =   4
    #                   worst insult(-5) -> explain(0) -> threaten(-3)           =  -8
    #   clarity         best  polite(+1) -> explain(+3) -> ask-full/offer(+2)    =   6
    #                   worst insult(-2) -> flatter(0) -> give-up(-1)            =  -3
    #   commitment      best full (100), worst none (0)
    # paths: open 4, guarded 6, cold 3; ask 14+13+13 = 40; start 40 + 3 * 41 = 163
    ranges = lab.ranges
    assert ranges.dimensions["professionalism"] == Range(-10, 3)
    assert ranges.dimensions["empathy"] == Range(-8, 4)
    assert ranges.dimensions["clarity"] == Range(-3, 6)
    assert ranges.dimensions["commitment"] == Range(0, 100)
    assert ranges.paths == 163


def test_mini_ranges_by_hand(mini):
    ranges = mini.ranges
    assert ranges.dimensions["professionalism"] == Range(-2, 2)
    assert ranges.dimensions["empathy"] == Range(0, 0)        # nobody scores it
    assert ranges.dimensions["clarity"] == Range(-1, 1)
    assert ranges.dimensions["commitment"] == Range(40, 80)   # callback .. plan: the only endings
    assert ranges.paths == 3


def test_dp_matches_brute_force(any_scenario):
    """compute_ranges' best/worst per dimension and its path count equal a brute-force enumeration
    of every path (conditions ignored); so does each node's best path value."""
    scenario, ranges = any_scenario.scenario, any_scenario.ranges
    paths = list(graph_paths(scenario))
    assert ranges.paths == len(paths)
    for dimension in DIMENSIONS:
        totals = [path.total(dimension, scenario) for path in paths]
        assert ranges.dimensions[dimension] == Range(min(totals), max(totals)), dimension
    for node_id in scenario.nodes:
        best = max(path.value(scenario) for path in graph_paths(scenario, node_id))
        assert ranges.best_value[node_id] == pytest.approx(best), node_id


def test_commitment_weight_is_what_the_brute_force_assumes():
    assert COMMITMENT_WEIGHT == pytest.approx(1 / 20)


# --- normalization ---------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [(-10, 0), (3, 100), (-11, 0), (4, 100), (-3.5, 50), (0, 77), (-9, 8)])
def test_normalize(raw, expected):
    assert Range(-10, 3).normalize(raw) == expected


def test_normalize_single_value_range_is_100():
    assert Range(0, 0).normalize(0) == 100
    assert Range(5, 5).normalize(5) == 100


# (choices, ending, scores, overall, below the scenario's marks). Worked by hand from routing-lab.yaml
# (the same worked example is in docs/scenario-format.md, "Scoring"):
#   decision 1 at start (50/50): top = polite (value 14: 3 now, then explain/listen -> open -> pays-full);
#     at stake: professionalism 2-(-5)=7, empathy 0-(-5)=5, clarity 1-(-2)=3 (insult is the worst reply)
#     curt earns P min(2,0)+5=5, E min(0,-1)+5=4, C min(1,1)+2=3
#   decision 2 at ask (after curt: 30/40): top = explain, listen (value 11 each; flatter 7: trust 20 -> partial)
#     at stake: P 0-(-1)=1, E 2-0=2, C 3-0=3; flatter earns P 0, E 1, C 0
#   decision 3 at guarded (70/20): top = offer (demand and give-up score below zero: never recommended)
#     at stake: E 2-(-2)=4, C 2-(-1)=3 (nobody scores P here); demand earns E 0, C 2
#   curt, flatter, demand: P 5/8 = 62.5 -> 62, E 5/11 = 45, C 5/9 = 56, partial 60 of full 100 -> 60; mean 56
LAB_CALLS = [
    ((0, 0, 0), "pays-full", {"professionalism": 100, "empathy": 100, "clarity": 100, "commitment": 100}, 100, ()),
    # listen ties explain at decision 2: either is a top reply, so both score 100
    ((0, 1, 0), "pays-full", {"professionalism": 100, "empathy": 100, "clarity": 100, "commitment": 100}, 100, ()),
    ((1, 2, 1), "partial", {"professionalism": 62, "empathy": 45, "clarity": 56, "commitment": 60}, 56,
     ("overall", "empathy")),
    # curt (5/7, 4/5, 3/3), then top replies: P 6/8, E 10/11, C 9/9, plan 80
    ((1, 1, 0), "agrees-plan", {"professionalism": 75, "empathy": 91, "clarity": 100, "commitment": 80}, 86, ()),
    # rude earns P 2/7, E 3/5, C 2/3; then listen and schedule are top: P 4/9, E 6/8, C 4/5; callback 40
    ((2, 1, 0), "callback", {"professionalism": 44, "empathy": 75, "clarity": 80, "commitment": 40}, 60,
     ("overall", "professionalism", "commitment")),
    # the insult: nothing earned at the only decision; the client hangs up
    ((3,), "hangs-up", {"professionalism": 0, "empathy": 0, "clarity": 0, "commitment": 0}, 0,
     ("overall", "professionalism", "empathy", "clarity", "commitment")),
]


@pytest.mark.parametrize("choices, ending, scores, overall, below", LAB_CALLS, ids=[str(c[0]) for c in LAB_CALLS])
def test_lab_scores_by_hand(lab, choices, ending, scores, overall, below):
    call = Call.replay(lab, choices)
    result = call.score()
    assert call.state.node == ending
    assert dict(result.scores) == scores
    assert result.overall == overall
    assert result.below(lab.scenario.pass_thresholds) == below
    assert not result.critical


def test_lab_decision_details_by_hand(lab):
    result = Call.replay(lab, (1, 2, 1)).score()
    first, second, third = result.decisions
    assert first.top == (0,) and not first.took_top
    assert dict(first.at_stake) == {"professionalism": 7, "empathy": 5, "clarity": 3}
    assert dict(first.earned) == {"professionalism": 5, "empathy": 4, "clarity": 3}
    assert second.top == (0, 1)
    assert dict(second.earned) == {"professionalism": 0, "empathy": 1, "clarity": 0}
    assert third.top == (0,) and "professionalism" not in third.at_stake
    assert third.quality("empathy") == 0 and third.quality("professionalism") is None


@pytest.mark.parametrize("choice, scores, overall, below", [
    # good -> plan: a top reply; empathy is at stake nowhere -> 100
    (0, {"professionalism": 100, "empathy": 100, "clarity": 100, "commitment": 100}, 100, ()),
    # meh -> callback: P 1 of 4 at stake, C 2 of 2; callback is the worst ending -> 0 (pass mark 0)
    (1, {"professionalism": 25, "empathy": 100, "clarity": 100, "commitment": 0}, 56, ("overall",)),
    (2, {"professionalism": 0, "empathy": 100, "clarity": 0, "commitment": 0}, 25,
     ("overall", "professionalism", "clarity")),
])
def test_mini_edges_unscored_dimension_and_custom_pass(mini, choice, scores, overall, below):
    result = scores_of(mini, (choice,))
    assert dict(result.scores) == scores
    assert result.overall == overall
    assert result.below(mini.scenario.pass_thresholds) == below
    assert {k: mini.scenario.pass_thresholds[k] for k in ("overall",) + DIMENSIONS} == {
        "overall": 60, "professionalism": 20, "empathy": 50, "clarity": 50, "commitment": 0}


@pytest.mark.parametrize("choices, ending, commitment", [
    ((0, 0, 0), "pays-full", 100), ((0, 2, 0), "agrees-plan", 80), ((1, 2, 0), "partial", 60),
    ((1, 1, 1), "callback", 40), ((1, 1, 2), "walks-away", 0), ((3,), "hangs-up", 0),
])
def test_lab_commitment_from_each_ending(lab, choices, ending, commitment):
    call = Call.replay(lab, choices)
    assert call.state.node == ending
    assert call.score().scores["commitment"] == commitment


def test_mini_commitment_normalized_against_reachable_endings(mini):
    # plan is worth 80 raw and callback 40 raw; they are the only endings, so they become 100 and 0.
    assert scores_of(mini, (0,)).raw["commitment"] == 80
    assert scores_of(mini, (0,)).scores["commitment"] == 100
    assert scores_of(mini, (2,)).raw["commitment"] == 40
    assert scores_of(mini, (2,)).scores["commitment"] == 0


def _top_call(compiled, seed=None):
    """A call that takes a top reply (the grade's own measure) at every decision."""
    call = Call(compiled, seed)
    while not call.ended:
        options = compiled.lookahead.options(call.node.id, call.meters)
        from game.engine.scoring import score_decision
        top = score_decision(0, call.node.id, call.node.choices[0], options).top
        call.choose(top[0])
    return call


def test_top_reply_everywhere_scores_100(any_scenario):
    """Taking a top reply at every decision scores 100 in every dimension, whatever the path's length."""
    result = _top_call(any_scenario).score()
    assert dict(result.scores) == dict.fromkeys(DIMENSIONS, 100)
    assert result.overall == 100 and not result.critical


def test_every_playable_call_scores_consistently(any_scenario, states):
    """For every path the engine can play: each dimension is 100 x earned / at stake over its decisions,
    earned never exceeds what was at stake, a top reply earns everything, overall is the mean."""
    for call in complete_calls(states):
        result = call.score()
        assert len(result.decisions) == len(call.steps)
        for decision in result.decisions:
            for dim, stake in decision.at_stake.items():
                assert 0 <= decision.earned[dim] <= stake
                if decision.took_top:
                    assert decision.earned[dim] == stake
        for dim in CHOICE_DIMENSIONS:
            stake = sum(d.at_stake.get(dim, 0) for d in result.decisions)
            earned = sum(d.earned.get(dim, 0) for d in result.decisions)
            assert result.scores[dim] == (100 if not stake else round(100 * earned / stake))
        assert all(0 <= v <= 100 for v in result.scores.values())
        assert abs(result.overall - sum(result.scores.values()) / 4) <= 0.5


def test_path_length_does_not_raise_the_score(rulebook):
    """A concise right call and a long right call both score 100; a long weak one cannot beat a short
    right one by buying more exchanges."""
    from pathlib import Path
    from game.content.scenario_loader import load_scenario_text
    from game.engine.machine import compile_scenario

    text = Path(__file__).with_name("fixtures").joinpath("length-lab.yaml").read_text()
    compiled = compile_scenario(load_scenario_text(text, "length-lab.yaml", rulebook).scenario)
    short = Call.replay(compiled, (0, 0)).score()           # right reply, closes at once
    long = Call.replay(compiled, (1, 0, 0, 0, 0)).score()   # another right reply with four more exchanges
    padded = Call.replay(compiled, (1, 1, 1, 1, 0)).score()  # the long way with weak replies
    assert short.overall == long.overall == 100
    assert padded.overall < short.overall


def test_a_critical_reply_earns_nothing_and_is_recorded(lab):
    result = Call.replay(lab, (0, 0, 1)).score()   # polite, explain, threaten (critical)
    threat = result.decisions[2]
    assert not threat.took_top and all(v == 0 for v in threat.earned.values())
    assert [(e.number, e.rule) for e in result.critical] == [(3, "dont-be-aggressive")]
