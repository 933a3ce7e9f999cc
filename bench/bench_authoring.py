"""Authoring benchmarks: how fast malformed files are refused, and what the validator's lint costs.

1. `ardojo validate` on a YAML alias bomb (9 levels of 9 aliases: 387 million values once expanded)
   and on a 50 MB file, as a user runs it (a subprocess, interpreter start included) and in-process;
   target <= 1 s each (and <= 50 ms in-process). The naive way: building the positioned tree without
   the size checks, which expands the bomb (measured on a 6-level bomb, 0.5 million values) and parses
   a big file whole (measured on 5 MB).
2. The lint (`game.content.lint.lint_scenario`: forward interval analysis, best path, duplicates) on the
   1,000-node synthetic scenario of bench/synth.py; target <= 100 ms. The naive way: enumerating every
   call the engine can play (states (node, meters)) on the real scenarios, which is what the interval
   analysis avoids.

Usage: python bench/bench_authoring.py [--runs N]
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from timing import ROOT, Report, median_ms, ms, time_once

import synth
from game.content.diagnostics import Diagnostics
from game.content.library import load_library
from game.content.lint import lint_scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario, load_scenario_text
from game.content.yaml_source import Loader, _Converter, parse_yaml
from game.engine.machine import predict_target

TARGET_REFUSE_MS = 1000.0  # what the user waits for, interpreter start included
TARGET_REFUSE_INPROC_MS = 50.0  # what the refusal itself costs
TARGET_LINT_MS = 100.0


def alias_bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def big_text(megabytes: float) -> str:
    line = "    - Paid late again, as noted on the last call.\n"
    return "format: 1\naccount:\n  history:\n" + line * int(megabytes * 1_048_576 / len(line))


def validate_ms(path: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "game", "validate", str(path)], capture_output=True, text=True,
                          cwd=path.parent)
    elapsed = (time.perf_counter() - start) * 1e3
    if done.returncode != 1 or "Traceback" in done.stderr:
        raise SystemExit(f"unexpected result for {path.name}: {done.returncode} {done.stdout} {done.stderr}")
    return elapsed


def bench_refusals(report: Report, runs: int) -> None:
    print("malformed files (`ardojo validate FILE`, interpreter start included):")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "bomb.yaml").write_text(alias_bomb(9), encoding="utf-8")
        (root / "big.yaml").write_text(big_text(50), encoding="utf-8")
        (root / "empty.yaml").write_text("", encoding="utf-8")
        baseline = sorted(validate_ms(root / "empty.yaml") for _ in range(runs))[runs // 2]
        report.info(f"for scale, an empty file: {ms(baseline)} (mostly starting Python and the CLI)")
        for name, label in (("bomb.yaml", "alias bomb (9 levels, 3.9e8 values)"), ("big.yaml", "50 MB file")):
            cli = sorted(validate_ms(root / name) for _ in range(runs))[runs // 2]
            report.check(f"validate {label}", cli, TARGET_REFUSE_MS)
            inproc, _, result = median_ms(lambda: load_scenario(root / name, None), runs)
            report.check(f"  in-process load_scenario, {label}", inproc, TARGET_REFUSE_INPROC_MS,
                         result.diagnostics.items[0].message)
    small_bomb = yaml.compose(alias_bomb(6), Loader=Loader)
    naive, _ = time_once(lambda: _Converter("bomb.yaml", Diagnostics()).node(small_bomb))
    report.info(f"naive: the positioned tree without the size check, 6-level bomb (5.3e5 values): {ms(naive)}; "
                "each level is 9x more, so 9 levels would take ~700x that")
    five = big_text(5)
    naive, _ = time_once(lambda: parse_yaml(five, "big.yaml", Diagnostics()))
    report.info(f"naive: parsing 5 MB without the size check: {ms(naive)}; 50 MB would take about 10x that")


def all_plays(scenario, budget_s: float = 60.0) -> int:
    """How many (node, meters) states the engine can reach: the naive way to find dead routes. Stops
    after `budget_s` seconds (the count is then negative: the states seen so far)."""
    seen = set()
    stack = [(scenario.start, tuple(sorted(scenario.persona.mood.items())))]
    deadline = time.perf_counter() + budget_s
    while stack:
        if len(seen) % 1000 == 0 and time.perf_counter() > deadline:
            return -len(seen)
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        for choice in scenario.nodes[state[0]].choices:
            target, after = predict_target(scenario, choice, dict(state[1]))
            stack.append((target, tuple(sorted(after.items()))))
    return len(seen)


def bench_lint(report: Report, runs: int) -> None:
    rulebook = load_rulebook(synth.RULEBOOK_PATH).rulebook
    text = synth.realistic_text(1000)
    result = load_scenario_text(text, "synthetic-1000.yaml", rulebook, Diagnostics())
    scenario = result.scenario
    lint_ms, _, found = median_ms(lambda: lint_scenario(scenario), runs)
    print(f"lint of the 1,000-node scenario ({len(scenario.nodes):,} nodes), {len(found)} warnings:")
    report.check("lint 1,000 nodes", lint_ms, TARGET_LINT_MS)
    naive, states = time_once(lambda: all_plays(scenario, budget_s=5.0))
    report.info(f"naive: every playable state of it: {ms(naive)}, " + (f"{states:,} states" if states >= 0 else
                f"stopped after 5 s with {-states:,} states and more to go"))
    library = load_library([ROOT / "scenarios"])
    for sid, real in library.scenarios.items():
        fast, _, _ = median_ms(lambda: lint_scenario(real), runs)
        naive, states = time_once(lambda: all_plays(real))
        report.info(f"{sid}: lint {ms(fast)}; naive (every playable state, {states:,}): {ms(naive)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    args = parser.parse_args()
    report = Report()
    bench_refusals(report, args.runs)
    bench_lint(report, args.runs)
    verdict = f"MISSED: {'; '.join(report.failed)}" if report.failed else "all targets met"
    print(f"bench_authoring: {verdict}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
