"""Issue 9, "gaming is measured": over the shipped library, played through the real engine with the
shuffle (game/authoring/gaming.py, as `ardojo analyze` reports it), with a correct call log assumed:

- every fixed strategy (always the first reply on screen, the longest, the one raising the meters
  most) passes at most one scenario (passing a scenario = passing at least half of its calls);
- uniform random play passes each scenario in at most 5% of its calls;
- always taking a top reply (the grade's own measure) passes every call of every scenario.

The calls are seeded, so the figures are the same on every run: 200 calls per fixed strategy and
scenario, 400 for random play (one standard deviation of a 5% rate over 400 calls is 1.1 points).
"""

from __future__ import annotations

from game.authoring import library_rules_wide as wide
from game.authoring.gaming import RANDOM
from library_calls import no_findings, rules

FIXED_CALLS = wide.FIXED_CALLS
RANDOM_CALLS = wide.RANDOM_CALLS


def test_gaming_strategies_fail() -> None:
    """Library rule `library-gaming`: fixed strategies pass at most one scenario, random play at most 5% of
    each scenario's calls, and always a top reply passes every call."""
    found = wide.check_gaming(rules(), FIXED_CALLS, RANDOM_CALLS)
    assert not found, no_findings(found)
    gaming = rules().gaming(FIXED_CALLS, RANDOM_CALLS)
    assert all(g.results[RANDOM].calls == RANDOM_CALLS for g in gaming.scenarios)
