"""`ardojo analyze` on scenarios with far more than 10**12 paths, against its target, beside the naive way:

1. the 1,000-node synthetic scenario (`synth.realistic_text(1000)`, ~10**181 paths): the whole analysis
   (both DP passes, the best playable call search, dominated choices, rules, and scoring the calls it
   reports as the engine does), split into its parts. Its (node, meters) states far exceed the engine's
   lookahead budget, so the engine values its replies by the DP bound: the timed analysis scores that
   way at once (`lookahead_budget=0`, the same scores); for information, the time the engine's own
   lookahead spends before it gives up (what `ardojo analyze` and a call's first decision pay on such a
   scenario), and the engine check the command adds (compile the state machine + replay);
2. the 40-layer diamond (`synth.diamond_text()`, 4.37e19 paths), the same way;
3. the naive way: enumerate every path (same edges as the DP) computing the same figures, on small
   diamonds, checked equal to the DP, and extrapolated to the 1,000-node scenario's path count.

The scenario is loaded once, outside the timing (loading is bench_core's subject).
Usage: python bench/bench_analysis.py [--runs N]     Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

from timing import Report, duration, median_ms, ms, time_once

import synth
from game.authoring.analysis import analyze_scenario
from game.authoring.graph_dp import VALUE_WEIGHTS, best_values, bounds, graph_tables
from game.authoring.playable import best_playable
from game.content.model import DIMENSIONS, Scenario
from game.engine.call import Call
from game.engine.lookahead import Lookahead
from game.engine.machine import compile_scenario
from game.engine.scoring import compute_ranges

TARGET_MS = 100.0


def bench_analysis(report: Report, name: str, scenario: Scenario, runs: int) -> None:
    """The whole analysis, median of `runs`, then the median of each part."""
    analyze = lambda: analyze_scenario(scenario, verify=False, lookahead_budget=0)  # noqa: E731
    med, _, result = median_ms(analyze, runs)
    best = result.best
    report.check(f"analyze {name} ({len(scenario.nodes):,} nodes, {result.choices:,} choices, "
                 f"{result.paths:.3g} paths)", med, TARGET_MS)
    report.info(f"CPU time of the same: {ms(cpu_median_ms(analyze, runs))} "
                f"(wall time also counts waiting for a CPU when other processes run)")
    tables_ms, _, tables = median_ms(lambda: graph_tables(scenario), runs)
    pass1_ms, _, graph = median_ms(lambda: bounds(scenario, tables), runs)
    pass2_ms, _, values = median_ms(lambda: best_values(scenario, tables), runs)
    search_ms, _, played = median_ms(lambda: best_playable(scenario, tables, values), runs)
    report.info(f"choice table + topological order {ms(tables_ms)}, DP pass 1 (ranges, paths, lengths) "
                f"{ms(pass1_ms)}, DP pass 2 (best value) {ms(pass2_ms)}, best playable call {ms(search_ms)}")
    report.info(f"best playable call: overall {best.score.overall} in {best.path.decisions} decisions; graph bound "
                f"{best.bound_score.overall}; bound {'attained' if best.attained else 'not attained'}; "
                f"{'proven best' if played.proven else 'search budget spent (greedy call kept, not proven)'}")
    ranges = compute_ranges(scenario)
    explore_ms, lookahead = time_once(lambda: _explored(Lookahead(scenario, ranges)))
    report.info(f"the engine's own lookahead on it: {ms(explore_ms)}, "
                + ("exact (then the analysis scores with it)" if lookahead.exact else
                   f"gives up past {lookahead.budget:,} states and values replies by the DP bound, as timed above; "
                   "this is what `ardojo analyze` and the first decision of a call of this scenario pay once"))
    compile_ms, compiled = time_once(lambda: compile_scenario(scenario))
    replay_ms, call = time_once(lambda: Call.replay(compiled, best.path.choices))
    same = call.ended and call.score() == best.score if not compiled.lookahead.exact or lookahead.exact else None
    report.info(f"+ the engine check `ardojo analyze` adds: compile {ms(compile_ms)}, replay {ms(replay_ms)} "
                f"(its lookahead included); engine agrees: {'yes' if same else 'NO'}")
    if not same:
        report.failed.append(f"engine replay disagrees on {name}")


def _explored(lookahead: Lookahead) -> Lookahead:
    lookahead.best_from(lookahead.scenario.start, lookahead.scenario.persona.mood)
    return lookahead


def cpu_median_ms(fn, runs: int) -> float:
    """Median CPU time (this process only) of `runs` runs of `fn`, GC collected before each."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1e3)
    return statistics.median(times)


def enumerate_analysis(scenario: Scenario) -> tuple[int, dict[str, tuple[float, float]], float, int, int]:
    """The naive way: walk every path and keep what the analysis reports — the path count, each
    dimension's (worst, best), the best value over eligible replies, the fewest and most decisions."""
    tables = graph_tables(scenario)
    weights = VALUE_WEIGHTS
    points = {nid: n.ending.commitment.value_points for nid, n in scenario.nodes.items() if n.ending}
    found = {"paths": 0, "value": -float("inf"), "short": 10**9, "long": 0}
    low, high = [float("inf")] * 4, [-float("inf")] * 4

    def walk(nid: str, totals: tuple[int, int, int], depth: int, ok: bool) -> None:
        if nid in points:
            found["paths"] += 1
            for i, v in enumerate((*totals, points[nid])):
                low[i], high[i] = min(low[i], v), max(high[i], v)
            if ok:  # the best value counts only calls of eligible replies, as the grade does
                value = sum(t * w for t, w in zip(totals, weights)) + points[nid] * weights[3]
                found["value"] = max(found["value"], value)
            found["short"], found["long"] = min(found["short"], depth), max(found["long"], depth)
            return
        good = tables.good[nid]
        for index, gains, targets in tables.rows[nid]:
            moved = (totals[0] + gains[0], totals[1] + gains[1], totals[2] + gains[2])
            for target in targets:
                walk(target, moved, depth + 1, ok and index in good)

    walk(scenario.start, (0, 0, 0), 0, True)
    ranges = {d: (float(low[i]), float(high[i])) for i, d in enumerate(DIMENSIONS)}
    return found["paths"], ranges, found["value"], found["short"], found["long"]


def bench_enumeration(report: Report, paths_to_reach: int, budget_s: float = 4.0) -> None:
    """Enumeration vs the analysis on diamonds of growing depth, extrapolated by time per path."""
    print("naive: enumerate every path for the same figures vs the analysis, diamonds of L layers x 3 x 3")
    per_path_s = 0.0
    for layers in (4, 6, 8, 10, 12):
        scenario = synth.load(synth.diamond_text(layers, 3, 3), f"diamond-{layers}")
        enum_ms, (paths, ranges, value, short, long) = time_once(lambda: enumerate_analysis(scenario))
        dp_ms, result = time_once(lambda: analyze_scenario(scenario, verify=False, lookahead_budget=0))
        tables = graph_tables(scenario)
        dp_value = best_values(scenario, tables).value[scenario.start]
        same = (paths == result.paths and short == result.shortest.decisions and long == result.longest.decisions
                and abs(value - dp_value) < 1e-9
                and all(ranges[d] == (r.worst, r.best) for d, r in result.bounds.dimensions.items()))
        report.info(f"L={layers:>2}: {paths:>11,} paths, enumeration {ms(enum_ms):>10}, analysis {ms(dp_ms):>8}, "
                    f"same figures: {'yes' if same else 'NO'}")
        if not same:
            report.failed.append(f"enumeration and analysis disagree at {layers} layers")
        per_path_s = enum_ms / 1e3 / paths
        if enum_ms > budget_s * 1e3:
            break
    report.info(f"at {per_path_s * 1e6:.2f} µs per path, enumerating the 1,000-node scenario's {paths_to_reach:.3g} "
                f"paths would take ~{duration(per_path_s * paths_to_reach)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per median (default 7)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load1, load5, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load1:.2f} (1 min) {load5:.2f} (5 min)")
    report = Report()
    big = synth.load(synth.realistic_text(1000), "synthetic-1000")
    bench_analysis(report, "synthetic-1000", big, args.runs)
    bench_analysis(report, "diamond-40x3x3", synth.load(synth.diamond_text(), "diamond-40x3x3"), args.runs)
    bench_enumeration(report, compute_ranges(big).paths)
    verdict = f"MISSED: {'; '.join(report.failed)}" if report.failed else "all targets met"
    print(f"bench_analysis: {verdict} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
