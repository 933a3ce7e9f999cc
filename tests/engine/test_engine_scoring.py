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


# (choices, raw totals, scores, overall, passed, below)
LAB_CALLS = [
    # polite, explain, ask-full -> pays-full: prof 3/3, emp 0 of -8..4 = 8/12, clar 6/6
    ((0, 0, 0), {"professionalism": 3, "empathy": 0, "clarity": 6, "commitment": 100},
     {"professionalism": 100, "empathy": 67, "clarity": 100, "commitment": 100}, 92, True, ()),
    # polite, listen, ask-full -> pays-full: emp 10/12 = 83.3, clar 7/9 = 77.8; mean 90.25
    ((0, 1, 0), {"professionalism": 3, "empathy": 2, "clarity": 4, "commitment": 100},
     {"professionalism": 100, "empathy": 83, "clarity": 78, "commitment": 100}, 90, True, ()),
    # curt, flatter, demand -> partial: prof 9/13 = 69.2, emp 6/12, clar 5/9 = 55.6, partial 60; mean 58.75
    ((1, 2, 1), {"professionalism": -1, "empathy": -2, "clarity": 2, "commitment": 60},
     {"professionalism": 69, "empathy": 50, "clarity": 56, "commitment": 60}, 59, False, ("overall",)),
    # curt, listen, offer -> agrees-plan (plan 80)
    ((1, 1, 0), {"professionalism": 0, "empathy": 3, "clarity": 4, "commitment": 80},
     {"professionalism": 77, "empathy": 92, "clarity": 78, "commitment": 80}, 82, True, ()),
    # rude, listen, schedule -> callback (40): prof -2 = 8/13 = 61.5, emp 0 = 8/12, clar 2 = 5/9
    ((2, 1, 0), {"professionalism": -2, "empathy": 0, "clarity": 2, "commitment": 40},
     {"professionalism": 62, "empathy": 67, "clarity": 56, "commitment": 40}, 56, False, ("overall", "commitment")),
    # rude, explain -> hang-up: prof 7/13 = 53.8, emp 6/12, clar 6/9 = 66.7, none 0; mean 42.75
    ((2, 0), {"professionalism": -3, "empathy": -2, "clarity": 3, "commitment": 0},
     {"professionalism": 54, "empathy": 50, "clarity": 67, "commitment": 0}, 43, False, ("overall", "commitment")),
]


@pytest.mark.parametrize("choices, raw, scores, overall, passed, below", LAB_CALLS, ids=[str(c[0]) for c in LAB_CALLS])
def test_lab_scores_by_hand(lab, choices, raw, scores, overall, passed, below):
    result = scores_of(lab, choices)
    assert dict(result.raw) == raw
    assert dict(result.scores) == scores
    assert result.overall == overall
    assert result.passed is passed
    assert result.below_threshold == below
    assert dict(result.thresholds) == {"overall": 70, "professionalism": 50, "empathy": 50, "clarity": 50,
                                       "commitment": 50}


def test_worst_opening_scores(lab):
    # insult -> hang-up: prof -5 = 5/13 = 38.5, emp -5 = 3/12 = 25, clar -2 = 1/9 = 11.1, none 0.
    result = scores_of(lab, (3,))
    assert dict(result.scores) == {"professionalism": 38, "empathy": 25, "clarity": 11, "commitment": 0}
    # The mean is exactly 18.5; the engine rounds with Python's round() (half to even), giving 18.
    assert result.overall in (18, 19)
    assert result.below_threshold == ("overall", "professionalism", "empathy", "clarity", "commitment")
    assert not result.passed


@pytest.mark.parametrize("choice, scores, overall, below", [
    # good -> plan: everything at the top of its range; empathy is scored by nobody -> 100
    (0, {"professionalism": 100, "empathy": 100, "clarity": 100, "commitment": 100}, 100, ()),
    # meh -> callback: prof -1 of -2..2 = 25 (pass mark 20), clar at its best, callback is the worst
    # reachable ending -> 0 (pass mark 0); only the overall (56.25 < 60) fails
    (1, {"professionalism": 25, "empathy": 100, "clarity": 100, "commitment": 0}, 56, ("overall",)),
    # bad -> callback: prof and clar at the bottom of their ranges
    (2, {"professionalism": 0, "empathy": 100, "clarity": 0, "commitment": 0}, 25,
     ("overall", "professionalism", "clarity")),
])
def test_mini_edges_unscored_dimension_and_custom_pass(mini, choice, scores, overall, below):
    result = scores_of(mini, (choice,))
    assert dict(result.scores) == scores
    assert result.overall == overall
    assert result.below_threshold == below
    assert result.passed is (not below)
    assert dict(result.thresholds) == {"overall": 60, "professionalism": 20, "empathy": 50, "clarity": 50,
                                       "commitment": 0}


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


def test_every_playable_call_scores_consistently(any_scenario, states):
    """For every path the engine can play: raw totals lie within the DP ranges, each score is the
    raw total normalized, overall is the mean of the four, and pass/fail follows the thresholds."""
    scenario, ranges = any_scenario.scenario, any_scenario.ranges
    for call in complete_calls(states):
        prefix = [d.choice for d in call.state.decisions]
        result = call.score()
        for dimension in DIMENSIONS:
            rng = ranges.dimensions[dimension]
            assert rng.worst <= result.raw[dimension] <= rng.best, (prefix, dimension)
            assert result.scores[dimension] == rng.normalize(result.raw[dimension])
            assert 0 <= result.scores[dimension] <= 100
        for dimension in CHOICE_DIMENSIONS:
            assert result.raw[dimension] == sum(s.choice.score.get(dimension, 0) for s in call.steps)
        assert result.raw["commitment"] == scenario.nodes[call.state.node].ending.commitment.value_points
        assert abs(result.overall - sum(result.scores.values()) / 4) <= 0.5
        thresholds = scenario.pass_thresholds
        below = [d for d in DIMENSIONS if result.scores[d] < thresholds[d]]
        if result.overall < thresholds["overall"]:
            below.insert(0, "overall")
        assert result.below_threshold == tuple(below)
        assert result.passed is (not below)
