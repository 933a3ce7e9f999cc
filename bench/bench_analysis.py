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
   diamonds, checked equal to the DP, and extrapolated by the time per path to each scenario's count.

The scenario is loaded once, outside the timing (loading is bench_core's subject).
Usage: python bench/bench_analysis.py [--runs N]     (BENCH_QUICK=1: 30 nodes, 6 layers, 1 run)
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import sys

from results import Naive, arguments, begin, fmt, sized
from timing import cpu_ms, time_once, timed_runs

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
SOURCE = "issue 5"


def _med(fn, runs: int) -> float:  # noqa: ANN001 - any callable
    return statistics.median(timed_runs(fn, runs)[0])


def bench_analysis(r: Results, name: str, scenario: Scenario, runs: int, per_path_s: float) -> None:
    """The whole analysis, every run, then the median of each part, beside enumerating every path."""
    analyze = lambda: analyze_scenario(scenario, verify=False, lookahead_budget=0)  # noqa: E731
    times, result = timed_runs(analyze, runs)
    best = result.best
    naive = Naive("enumerate every path", [per_path_s * result.paths * 1e3], "ms",
                  f"{per_path_s * 1e6:.2f} µs per path, measured on small diamonds, x{result.paths:.3g} paths",
                  extrapolated=True)
    cpu = statistics.median(cpu_ms(analyze) for _ in range(runs))
    tables = graph_tables(scenario)
    values = best_values(scenario, tables)
    played = best_playable(scenario, tables, values)
    parts = (f"choice table + topological order {fmt(_med(lambda: graph_tables(scenario), runs), 'ms')}, DP pass 1 "
             f"(ranges, paths, lengths) {fmt(_med(lambda: bounds(scenario, tables), runs), 'ms')}, DP pass 2 (best "
             f"value) {fmt(_med(lambda: best_values(scenario, tables), runs), 'ms')}, best playable call "
             f"{fmt(_med(lambda: best_playable(scenario, tables, values), runs), 'ms')}")
    r.measure(f"analyze {name} ({len(scenario.nodes):,} nodes, {result.choices:,} choices, {result.paths:.3g} paths)",
              times, target=TARGET_MS, source=SOURCE, naive=[naive],
              detail=f"CPU time median {fmt(cpu, 'ms')}; {parts}",
              why=f"CPU time alone is {fmt(cpu, 'ms')}; {parts}")
    r.note(f"{name}: best playable call overall {best.score.overall} in {best.path.decisions} decisions; graph bound "
           f"{best.bound_score.overall}; bound {'attained' if best.attained else 'not attained'}; "
           f"{'proven best' if played.proven else 'search budget spent (greedy call kept, not proven)'}")
    ranges = compute_ranges(scenario)
    explore_ms, lookahead = time_once(lambda: _explored(Lookahead(scenario, ranges)))
    r.note(f"{name}: the engine's own lookahead on it: {fmt(explore_ms, 'ms')}, "
           + ("exact (then the analysis scores with it)" if lookahead.exact else
              f"gives up past {lookahead.budget:,} states and values replies by the DP bound, as timed above; "
              "this is what `ardojo analyze` and the first decision of a call of this scenario pay once"))
    compile_ms, compiled = time_once(lambda: compile_scenario(scenario))
    replay_ms, call = time_once(lambda: Call.replay(compiled, best.path.choices))
    r.note(f"{name}: + the engine check `ardojo analyze` adds: compile {fmt(compile_ms, 'ms')}, replay "
           f"{fmt(replay_ms, 'ms')} (its lookahead included)")
    if lookahead.exact:  # the engine scores exactly, the timed analysis by the bound: not the same measure
        r.note(f"{name}: the engine's lookahead is exact here, so its scores are not compared with the bound-scored "
               "analysis timed above")
    else:
        r.check(f"the engine's replay of {name}'s best call scores what the analysis says",
                call.ended and call.score() == best.score)


def _explored(lookahead: Lookahead) -> Lookahead:
    lookahead.best_from(lookahead.scenario.start, lookahead.scenario.persona.mood)
    return lookahead


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


def bench_enumeration(r: Results, budget_s: float, max_layers: int) -> float:
    """Enumeration vs the analysis on diamonds of growing depth, checked equal; returns the time per path."""
    per_path_s = 0.0
    agree = True
    for layers in [d for d in (4, 6, 8, 10, 12) if d <= max_layers]:
        scenario = synth.load(synth.diamond_text(layers, 3, 3), f"diamond-{layers}")
        enum_ms, (paths, ranges, value, short, long) = time_once(lambda: enumerate_analysis(scenario))
        dp_ms, result = time_once(lambda: analyze_scenario(scenario, verify=False, lookahead_budget=0))
        tables = graph_tables(scenario)
        dp_value = best_values(scenario, tables).value[scenario.start]
        same = (paths == result.paths and short == result.shortest.decisions and long == result.longest.decisions
                and abs(value - dp_value) < 1e-9
                and all(ranges[d] == (x.worst, x.best) for d, x in result.bounds.dimensions.items()))
        agree = agree and same
        r.note(f"enumeration, diamond of {layers} layers: {paths:,} paths in {fmt(enum_ms, 'ms')}, analysis "
               f"{fmt(dp_ms, 'ms')}, same figures: {'yes' if same else 'NO'}")
        per_path_s = enum_ms / 1e3 / paths
        if enum_ms > budget_s * 1e3:
            break
    r.check("enumerating every path gives the analysis's figures (paths, ranges, best value, lengths)", agree)
    return per_path_s


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, 7, "timed runs per figure")
    args = parser.parse_args(argv)
    r = begin("bench_analysis", "Analysis: `ardojo analyze` on scenarios with more than 10^12 paths",
              "The whole analysis (both DP passes, the best playable call, dominated choices, rules), the scenario "
              "loaded once outside the timing.")
    per_path_s = bench_enumeration(r, sized(4.0, 0.05), sized(12, 4))
    big = synth.load(synth.realistic_text(sized(1000, 30)), "synthetic")
    bench_analysis(r, f"synthetic-{len(big.nodes)}", big, args.runs, per_path_s)
    layers = sized(40, 6)
    bench_analysis(r, f"diamond-{layers}x3x3", synth.load(synth.diamond_text(layers), "diamond"), args.runs, per_path_s)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
