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

import functools

import pytest

from game.authoring.gaming import BEST, FIRST, LONGEST, MOOD, SHORTEST, PASS_SHARE, RANDOM, RANDOM_MAX, LibraryGaming, \
    measure_library
from library_calls import compiled, scenario_ids

FIXED_CALLS = 200
RANDOM_CALLS = 400
IDS = scenario_ids()


@functools.lru_cache(maxsize=1)
def gaming() -> LibraryGaming:
    """Every strategy on every scenario, once per test session (the compiled scenarios are shared with
    the other library tests, and so is the engine's lookahead memo)."""
    return measure_library([compiled(sid) for sid in IDS], calls=FIXED_CALLS, random_calls=RANDOM_CALLS)


def _rates(strategy: str) -> str:
    return ", ".join(f"{g.scenario.id} {g.results[strategy].rate:.0%}" for g in gaming().scenarios)


@pytest.mark.parametrize("strategy", [FIRST, MOOD, LONGEST, SHORTEST])
def test_a_fixed_strategy_passes_at_most_one_scenario(strategy: str) -> None:
    passed = gaming().passed_by(strategy)
    assert len(passed) <= 1, (f"always '{strategy}' passes {len(passed)} scenarios (≥ {PASS_SHARE:.0%} of "
                              f"{FIXED_CALLS} calls each): {', '.join(passed)}; pass rates: {_rates(strategy)}")


@pytest.mark.parametrize("scenario_id", IDS)
def test_random_play_rarely_passes(scenario_id: str) -> None:
    result = next(g for g in gaming().scenarios if g.scenario.id == scenario_id).results[RANDOM]
    assert result.calls == RANDOM_CALLS
    assert result.rate <= RANDOM_MAX, (f"{scenario_id}: uniform random play passes {result.passed} of "
                                       f"{result.calls} calls ({result.rate:.1%} > {RANDOM_MAX:.0%})")


def test_the_best_reply_passes_every_call() -> None:
    failing = {g.scenario.id: g.results[BEST] for g in gaming().scenarios if g.results[BEST].passed < FIXED_CALLS}
    assert not failing, "always a top reply fails: " + "; ".join(
        f"{sid} {r.calls - r.passed} of {r.calls} calls (mean overall {r.mean_overall:.0f})" for sid, r in failing.items())
    assert gaming().passed_by(BEST) == tuple(IDS)
