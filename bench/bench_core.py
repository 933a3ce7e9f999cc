"""Core benchmarks: loading, validating and compiling a 1,000-node scenario, and the DP score ranges
on a scenario with more than 10**12 paths, each against its target and beside "the naive way":

1. a `transitions` Machine with its defaults (auto_transitions=True: a `to_<state>` trigger for every
   state from every state, so O(n**2) transitions), measured on smaller graphs and extrapolated;
2. enumerating every path for the score ranges, on small diamonds, against the DP on the same.

Usage: python bench/bench_core.py [--runs N] [--full] [--profile]
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import math
import os
import pstats
import sys
import time
from statistics import median
from typing import Any, Callable

from phases import PhaseTimer
from timing import Report, duration, median_ms, ms, time_once

import synth
from game.content.checks import choice_targets
from game.content.model import CHOICE_DIMENSIONS, DIMENSIONS, Rulebook, Scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario_text
from game.engine import machine as machine_module
from game.engine.machine import DialogueMachine, compile_scenario
from game.engine.scoring import compute_ranges
from transitions import Machine

TARGET_LOAD_COMPILE_MS = 50.0
TARGET_DP_MS = 100.0
NODES = 1000


class _AutoTransitions(Machine):
    """Forces transitions' default `auto_transitions=True` under DialogueMachine's own arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["auto_transitions"] = True
        super().__init__(*args, **kwargs)


class NaiveDialogueMachine(DialogueMachine, _AutoTransitions):
    """DialogueMachine exactly as the game builds it, except with transitions' default auto transitions."""


def load(text: str, name: str, rulebook: Rulebook) -> Scenario:
    """load_scenario_text, failing loudly if the synthetic text is not valid."""
    result = load_scenario_text(text, name, rulebook)
    if result.scenario is None:
        raise SystemExit(f"{name} is invalid: {[d.format() for d in result.diagnostics.errors[:3]]}")
    return result.scenario


def bench_load_compile(report: Report, rulebook: Rulebook, runs: int) -> None:
    """Per run: load + validate, then compile; medians of each and of their sum, plus the split of
    compile into the machine and the DP, and load + validate with the cyclic GC off (for the profile)."""
    text = synth.realistic_text(NODES)
    compile_scenario(load(text, "warm-up", rulebook))
    loads: list[float] = []
    compiles: list[float] = []
    for _ in range(runs):
        gc.collect()  # then load and compile back to back, as the game does
        start = time.perf_counter()
        scenario = load(text, "synthetic-1000", rulebook)
        middle = time.perf_counter()
        compile_scenario(scenario)
        loads.append((middle - start) * 1e3)
        compiles.append((time.perf_counter() - middle) * 1e3)
    totals = [a + b for a, b in zip(loads, compiles)]
    machine_med, _, _ = median_ms(lambda: DialogueMachine(scenario), runs)
    dp_med, _, _ = median_ms(lambda: compute_ranges(scenario), runs)
    choices = sum(len(n.choices) for n in scenario.nodes.values())
    print(f"1,000-node scenario: {len(scenario.nodes):,} nodes, {choices:,} choices, {len(text) / 1e6:.2f} MB "
          f"of YAML (median of {runs} runs, GC enabled, gc.collect() before each run)")
    report.info(f"load + validate (load_scenario_text): {ms(median(loads))}  [runs: {_runs(loads)}]")
    report.info(f"compile (compile_scenario): {ms(median(compiles))}  [runs: {_runs(compiles)}]  "
                f"= DialogueMachine {ms(machine_med)} + compute_ranges {ms(dp_med)} (medians, timed apart)")
    gc.disable()
    try:
        nogc_med, _, _ = median_ms(lambda: load(text, "synthetic-1000", rulebook), 3, warmup=0)
    finally:
        gc.enable()
    report.info(f"load + validate with the cyclic GC disabled: {ms(nogc_med)} "
                f"(so the GC costs ~{max(0.0, median(loads) - nogc_med) / median(loads):.0%} of it)")
    report.check(f"load + validate + compile {NODES:,}-node scenario", median(totals), TARGET_LOAD_COMPILE_MS,
                 f"min {ms(min(totals))}")


def bench_real_scenarios(report: Report, rulebook: Rulebook, runs: int) -> None:
    """For scale: load + validate + compile of each real scenario in scenarios/ (no target)."""
    print("for scale, the real scenarios (load + validate + compile, median):")
    for path in sorted(synth.RULEBOOK_PATH.parent.glob("*.yaml")):
        if path == synth.RULEBOOK_PATH:
            continue
        text = path.read_text(encoding="utf-8")
        med, _, compiled = median_ms(lambda: compile_scenario(load(text, path.name, rulebook)), runs)
        report.info(f"{path.name}: {len(compiled.scenario.nodes)} nodes, {len(text) / 1e3:.0f} kB: {ms(med)}")


def _runs(times: list[float]) -> str:
    return ", ".join(f"{t:.0f}" for t in times)


def bench_dp(report: Report, rulebook: Rulebook, runs: int) -> None:
    """DP score ranges on the 40x3x3 diamond (more than 10**12 paths)."""
    scenario = load(synth.diamond_text(40, 3, 3), "diamond-40x3x3", rulebook)
    dp_med, _, ranges = median_ms(lambda: compute_ranges(scenario), max(runs, 5))
    if ranges.paths <= 10**12:
        raise SystemExit(f"the diamond has only {ranges.paths:,} paths; expected more than 10**12")
    print(f"diamond 40 layers x 3 nodes x 3 choices: {len(scenario.nodes)} nodes, "
          f"compute_ranges(...).paths = {ranges.paths:,} ({ranges.paths:.2e})")
    report.check(f"DP score-range analysis on {ranges.paths:.2e}-path scenario", dp_med, TARGET_DP_MS)


def bench_naive_machine(report: Report, rulebook: Rulebook, full: bool, budget_s: float = 3.0) -> None:
    """transitions' defaults (auto_transitions=True) on growing graphs, extrapolated to 1,000 nodes."""
    print("naive: transitions Machine with its defaults (auto_transitions=True), same scenario shape")
    sizes = [100, 200, 400] + ([NODES] if full else [])
    measured: list[tuple[int, float]] = []
    for n in sizes:
        scenario = load(synth.realistic_text(n), f"synthetic-{n}", rulebook)
        naive_ms, machine = time_once(lambda: NaiveDialogueMachine(scenario))
        fast_ms, _ = time_once(lambda: DialogueMachine(scenario))
        report.info(f"{n:>5,} nodes: auto_transitions=True {ms(naive_ms)} ({len(machine.events):,} triggers) "
                    f"vs auto_transitions=False {ms(fast_ms)} ({naive_ms / fast_ms:,.0f}x)")
        measured.append((n, naive_ms))
        del machine
        if naive_ms > budget_s * 1e3 and not full:
            break
    if measured[-1][0] != NODES:
        n, t = measured[-1]
        report.info(f"auto transitions add n*n `to_<state>` transitions, so ~{t * (NODES / n) ** 2 / 1e3:.1f} s at "
                    f"{NODES:,} nodes by O(n^2) from {n} nodes (run with --full to measure it)")


def enumerate_ranges(scenario: Scenario) -> tuple[dict[str, tuple[float, float]], int]:
    """The naive way: walk every path from the start (same edges as the DP, hang-ups included) and
    keep each dimension's worst and best total. Returns ({dimension: (worst, best)}, paths)."""
    edges: dict[str, list[tuple[tuple[int, ...], tuple[str, ...]]]] = {
        nid: [(tuple(c.score.get(d, 0) for d in CHOICE_DIMENSIONS), choice_targets(scenario, c))
              for c in node.choices] for nid, node in scenario.nodes.items()}
    commitment = {nid: n.ending.commitment.value_points for nid, n in scenario.nodes.items() if n.ending}
    low = [math.inf] * 4
    high = [-math.inf] * 4
    count = 0

    def walk(nid: str, p: int, e: int, c: int) -> None:
        nonlocal count
        if nid in commitment:
            count += 1
            for i, v in enumerate((p, e, c, commitment[nid])):
                low[i] = min(low[i], v)
                high[i] = max(high[i], v)
            return
        for (dp, de, dc), targets in edges[nid]:
            for t in targets:
                walk(t, p + dp, e + de, c + dc)

    walk(scenario.start, 0, 0, 0)
    return {d: (float(low[i]), float(high[i])) for i, d in enumerate(DIMENSIONS)}, count


def bench_enumeration(report: Report, rulebook: Rulebook, budget_s: float = 4.0) -> None:
    """Path enumeration vs DP on diamonds of growing depth, extrapolated to 40 layers."""
    print("naive: enumerate every path for the score ranges vs DP, diamonds of L layers x 3 nodes x 3 choices")
    last: tuple[int, float, int] | None = None
    growth = 3.0
    for layers in (4, 6, 8, 10, 12):
        scenario = load(synth.diamond_text(layers, 3, 3), f"diamond-{layers}", rulebook)
        enum_ms, (bounds, paths) = time_once(lambda: enumerate_ranges(scenario))
        dp_ms, ranges = time_once(lambda: compute_ranges(scenario))
        same = paths == ranges.paths and all(bounds[d] == (r.worst, r.best) for d, r in ranges.dimensions.items())
        report.info(f"L={layers:>2}: {paths:>11,} paths, enumeration {ms(enum_ms):>10}, DP {ms(dp_ms):>8}, "
                    f"same ranges: {'yes' if same else 'NO'}")
        if not same:
            report.failed.append(f"enumeration and DP disagree at {layers} layers")
        if last is not None:
            growth = (paths / last[2]) ** (1 / (layers - last[0]))
        last = (layers, enum_ms, paths)
        if enum_ms > budget_s * 1e3:
            break
    assert last is not None
    estimate_s = last[1] / 1e3 * growth ** (40 - last[0])
    report.info(f"paths grow ~{growth:.2f}x per layer; enumerating 40 layers would take ~{duration(estimate_s)}")


def phase_breakdown(rulebook: Rulebook) -> None:
    """One load + compile of the 1,000-node scenario split into phases, GC pauses included."""
    text = synth.realistic_text(NODES)
    timer = PhaseTimer()
    with timer.installed():
        run = timer.wrap("rest (hashing, result objects, freeing the YAML trees)",
                         lambda: machine_module.compile_scenario(load(text, "synthetic-1000", rulebook)))
        gc.collect()
        run()
    print("where the time goes (one load + compile of the 1,000-node scenario, exclusive times):")
    for line in timer.table():
        print(f"  {line}")


def profile_load_compile(rulebook: Rulebook, top: int = 25) -> None:
    """cProfile of one load + compile of the 1,000-node scenario, by internal time. Note: GC pauses are
    charged to whichever function allocated when the GC ran (see phase_breakdown for them)."""
    text = synth.realistic_text(NODES)
    load(text, "warm-up", rulebook)
    gc.collect()
    profiler = cProfile.Profile()
    profiler.enable()
    compile_scenario(load(text, "synthetic-1000", rulebook))
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per median (default 5)")
    parser.add_argument("--full", action="store_true", help="also build the naive machine at 1,000 nodes (~10 s)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of load + compile")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = load_rulebook(synth.RULEBOOK_PATH)
    if result.rulebook is None:
        raise SystemExit("scenarios/rulebook.yaml has errors")
    rulebook = result.rulebook
    report = Report()
    load1, load5, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load1:.2f} (1 min) {load5:.2f} (5 min)")
    steps: list[Callable[[], None]] = [
        lambda: bench_real_scenarios(report, rulebook, args.runs),
        lambda: bench_load_compile(report, rulebook, args.runs),
        lambda: bench_dp(report, rulebook, args.runs),
        lambda: bench_naive_machine(report, rulebook, args.full),
        lambda: bench_enumeration(report, rulebook),
    ]
    for step in steps:
        step()
    if report.failed:
        phase_breakdown(rulebook)
    if args.profile:
        profile_load_compile(rulebook)
    verdict = f"MISSED: {'; '.join(report.failed)}" if report.failed else "all targets met"
    print(f"bench_core: {verdict} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
