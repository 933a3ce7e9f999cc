"""Exact reachability (issue 12): the (node, meters) states calls can really be in, beside the per-meter
approximation it replaces, in the same run.

1. every shipped scenario: the exact analysis (`engine.states.explore` with the engine's own step, then
   the routes, hang-ups and endings calls reach and the best, worst, shortest and longest calls,
   `reach.extreme_calls`), target ≤ 50 ms each; beside it the per-meter interval analysis of
   `content.lint` (the naive way: fast, but it follows each meter separately and so says "ok" to a route
   that needs two meters at once). Noted: the whole `validate --strict` check of the scenario
   (`strict.strict_diagnostics`: the exploration plus every reported call played through the engine);
2. the 1,000-node two-meter synthetic scenario (`synth.realistic_text(1000)`): the exploration up to the
   state limit, target ≤ 1 s whether it ends exact or labelled as a fallback to the graph's bounds;
   beside it the per-meter approximation of the same file.

Usage: python bench/bench_reach.py [--runs N]     (BENCH_QUICK=1: 3 scenarios, 30 nodes, 1 run)
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from results import Naive, arguments, begin, fmt, quick, scenarios_dir, sized
from timing import time_once, timed_runs

import synth
from game.authoring.reach import extreme_calls
from game.authoring.strict import strict_diagnostics
from game.content.diagnostics import Diagnostics
from game.content.library import load_library
from game.content.lint import _Reach
from game.content.model import Scenario
from game.content.paths import topological_order
from game.engine.states import STATE_LIMIT, explore

ROOT = Path(__file__).resolve().parents[1]
SCENARIO_MS = 50.0
BIG_MS = 1000.0
SOURCE = "issue 12"


def exact(scenario: Scenario) -> tuple[bool, int]:
    """The exact analysis: every state, what calls reach, and the four extreme calls."""
    space = explore(scenario)
    if space.exact:
        extreme_calls(scenario, space)
    return space.exact, space.states


def per_meter(scenario: Scenario) -> None:
    """The per-meter interval analysis of `content.lint` (the approximation)."""
    _Reach(scenario, Diagnostics()).run(topological_order(scenario))


def bench_scenario(r, scenario: Scenario, runs: int) -> None:  # noqa: ANN001 - Results
    times, (is_exact, states) = timed_runs(lambda: exact(scenario), runs)
    approx, _ = timed_runs(lambda: per_meter(scenario), runs)
    strict_ms, _ = time_once(lambda: strict_diagnostics(scenario))
    r.measure(f"exact reachability of {scenario.id} ({len(scenario.nodes)} nodes, {states:,} states"
              f"{'' if is_exact else ', over the limit'})", times, target=SCENARIO_MS, source=SOURCE,
              naive=[Naive("per-meter intervals (lint, not exact)", approx, "ms")],
              detail=f"the whole `validate --strict` check, calls played through the engine: {fmt(strict_ms, 'ms')}")


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, 5, "timed runs per figure")
    args = parser.parse_args(argv)
    r = begin("bench_reach", "Exact reachability: the (node, meters) states of `validate --strict` and `analyze`",
              "The engine's own step explored over every reachable state, beside the per-meter intervals it "
              "replaces; scenarios loaded once outside the timing.")
    library = load_library([scenarios_dir(ROOT)])
    if library.diagnostics.has_errors:
        print("\n".join(d.format() for d in library.diagnostics.errors))
        return 1
    scenarios = list(library.scenarios.values())[:3] if quick() else list(library.scenarios.values())
    for scenario in scenarios:
        bench_scenario(r, scenario, args.runs)
    big = synth.load(synth.realistic_text(sized(1000, 30)), "synthetic")
    times, (is_exact, states) = timed_runs(lambda: exact(big), max(1, args.runs // 2))
    approx, _ = timed_runs(lambda: per_meter(big), max(1, args.runs // 2))
    label = (f"exact over {states:,} states" if is_exact else
             f"FALLBACK: more than {STATE_LIMIT:,} states, so `analyze` labels its figures as the graph's bounds")
    r.measure(f"exact reachability of synthetic-{len(big.nodes)} (2 meters): {label}", times, target=BIG_MS,
              source=SOURCE, naive=[Naive("per-meter intervals (lint, not exact)", approx, "ms")],
              detail=f"median {fmt(statistics.median(times), 'ms')} to {'finish' if is_exact else 'give up'}")
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
