"""Issue 10, "the library, rebalanced", measured over the shipped library (game/authoring/balance.py,
as `ardojo analyze` prints it), through the library rules `ardojo validate --library` runs:

- the right reply cannot be spotted by its length (library-wide and per scenario), and every scenario
  has two or more decision nodes offering three plausible replies;
- difficulty is earned: each measure's mean is ordered by the difficulty label, no scenario is measured
  more than one level from its label, random play (exact) passes no scenario above 5%;
- traps have consequences: a critical reply never leads where a recommendable sibling leads, and an
  overpromise never still ends paid in full;
- every rule is taught both ways; persona names and companies are distinct (test_library_contents.py);
- each program runs easy to hard by measured difficulty (test_library_contents.py, programs).
"""

from __future__ import annotations

import pytest

from game.authoring import library_rules as per
from game.authoring import library_rules_wide as wide
from game.authoring.balance import LEVEL_BOUNDS
from library_calls import no_findings, rules, scenario_ids

IDS = scenario_ids()


def test_length_is_no_cue_and_the_measures_rise_with_difficulty() -> None:
    found = wide.check_balance_library(rules())
    assert not found, no_findings(found)
    assert LEVEL_BOUNDS  # every measure is checked for its order


@pytest.mark.parametrize("scenario_id", IDS)
def test_each_scenario_is_balanced(scenario_id: str) -> None:
    """Longest reply top at most half the time, enough plausible nodes, random play ≤ 5%, measured level
    within one of the label."""
    found = per.check_balance(rules(), scenario_id)
    assert not found, no_findings(found)


@pytest.mark.parametrize("scenario_id", IDS)
def test_the_story_answers_a_critical_reply(scenario_id: str) -> None:
    found = per.check_story_answers_traps(rules(), scenario_id)
    assert not found, no_findings(found)
