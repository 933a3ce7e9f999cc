"""The gaming measures of `ardojo analyze` (game/authoring/gaming.py) on the shipped library, against
their target, beside the naive way:

1. the four gaming strategies (always the first reply on screen, the longest, the most mood, uniform
   random) × 200 seeded shuffled calls × every scenario of scenarios/, played through the real engine
   and graded: target <= 10 s for the 12-scenario library (the scenarios compiled once each, outside
   the timing, as `ardojo analyze` compiles them once for the whole analysis); then, for information,
   the control strategy (always a top reply), the decision-point census, the compile, and what one
   call costs;
2. the naive way: compile the scenario again for every call (so the engine's lookahead, memoised per
   compiled scenario, is explored again each time) and grade it with `call.score()` (which also
   recomputes the model call per call); timed on a sample and extrapolated to the same number of calls.

Usage: python bench/bench_gaming.py [--runs N] [--calls N]     Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from timing import ROOT, Report, median_ms, ms, time_once

from game.authoring.gaming import BEST, FIXED, RANDOM, STRATEGIES, decision_points, dialogue_passes, measure_library, \
    pick
from game.content.library import load_library
from game.engine.call import Call
from game.engine.machine import compile_scenario

TARGET_S = 10.0
CALLS = 200
GAMING = (*FIXED, RANDOM)
NAIVE_SAMPLE = 40  # calls per scenario for the naive way


def naive_calls(scenarios, strategies, calls: int) -> int:
    """The naive way: a fresh compile for every call, graded with `call.score()`. Returns calls passed."""
    passed = 0
    for scenario in scenarios:
        for strategy in strategies:
            for seed in range(1, calls + 1):
                call = Call(compile_scenario(scenario), seed)
                rng = random.Random(f"ardojo-gaming:{scenario.id}:{seed}")
                while not call.ended:
                    call.choose_shown(pick(strategy, call, rng))
                passed += dialogue_passes(scenario, call.score())
    return passed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="timed runs per median (default 1: a run is seconds)")
    parser.add_argument("--calls", type=int, default=CALLS, help=f"calls per strategy and scenario (default {CALLS})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load1, load5, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load1:.2f} (1 min) {load5:.2f} (5 min)")
    report = Report()
    library = load_library([ROOT / "scenarios"])
    if library.diagnostics.has_errors:
        print("\n".join(d.format() for d in library.diagnostics.errors))
        return 1
    scenarios = list(library.scenarios.values())
    n = len(scenarios)
    compile_ms, compiled = time_once(lambda: [compile_scenario(s) for s in scenarios])
    # the first run also explores each scenario's lookahead once (memoised per compiled scenario, as in
    # `ardojo analyze`); median_ms's warm-up run takes it, so the timed runs show the steady cost too
    first_ms, first = time_once(lambda: measure_library(compiled, args.calls, GAMING))
    med, _, result = median_ms(lambda: measure_library(compiled, args.calls, GAMING), args.runs, warmup=0)
    total_calls = n * len(GAMING) * args.calls
    target_s = TARGET_S * n / 12 * args.calls / CALLS  # the target scales with the work asked for
    report.check(f"gaming: {len(GAMING)} strategies x {args.calls} calls x {n} scenarios ({total_calls:,} calls), "
                 f"first run (lookahead explored)", first_ms, target_s * 1e3)
    report.info(f"again, lookahead memoised: {ms(med)} (median of {args.runs}); "
                f"{first_ms * 1e3 / total_calls:,.0f} µs per call played and graded")
    if {g.scenario.id: dict(g.results) for g in first.scenarios} != {g.scenario.id: dict(g.results)
                                                                     for g in result.scenarios}:
        report.failed.append("gaming results differ between runs (they are seeded)")
        print("  MISSED: the seeded runs disagree")
    best_ms, best = time_once(lambda: measure_library(compiled, args.calls, (BEST,)))
    points_ms, _ = time_once(lambda: [decision_points(c) for c in compiled])
    report.info(f"compile {n} scenarios {ms(compile_ms)}; control (always a top reply) {ms(best_ms)}; "
                f"decision-point census {ms(points_ms)}")
    passed = {s: len(first.passed_by(s)) for s in GAMING}
    report.info("scenarios passed (>= half the calls): " + ", ".join(f"{s} {passed[s]}/{n}" for s in FIXED)
                + f", best {len(best.passed_by(BEST))}/{n}; random: "
                + ", ".join(f"{g.scenario.id} {g.results[RANDOM].rate:.1%}" for g in first.scenarios))
    naive_ms, _ = time_once(lambda: naive_calls(scenarios, GAMING, NAIVE_SAMPLE))
    per_call = naive_ms / (n * len(GAMING) * NAIVE_SAMPLE)
    report.info(f"naive (compile per call, call.score()): {per_call * 1e3:,.0f} µs per call on {NAIVE_SAMPLE} calls "
                f"per strategy and scenario; ~{per_call * total_calls / 1e3:,.1f} s for the {total_calls:,} calls")
    assert set(GAMING) | {BEST} == set(STRATEGIES)
    verdict = f"MISSED: {'; '.join(report.failed)}" if report.failed else "all targets met"
    print(f"bench_gaming: {verdict} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
