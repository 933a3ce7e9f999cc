"""Authoring benchmarks: how fast (and in how much memory) hostile files are refused, and what the
validator's lint costs, each beside the naive way measured in the same run.

1. `ardojo validate FILE` on hostile YAML, as a user runs it (a subprocess, interpreter start included):
   an alias bomb (9 levels of 9 aliases: 3.9e8 values once expanded), a 50 MB file, a 2 MB file of a
   million tiny values (under the size cap), 100,000-deep nesting; target <= 1 s each, and the peak
   memory of the process beside it (target <= 200 MB, the bound of issue 11's fuzzing); and in-process
   `load_scenario` of each: target <= 50 ms. The naive way: plain PyYAML
   (`yaml.load` with libyaml), which expands the bomb (timed at 6 levels, x9**3 to 9) and parses a big
   file whole (timed at 5 MB, x10 to 50 MB).
2. The lint (`game.content.lint.lint_scenario`) on the 1,000-node synthetic scenario; target <= 100 ms.
   The naive way: enumerating every call the engine can play ((node, meters) states), which the interval
   analysis avoids, with a time budget.

Usage: python bench/bench_authoring.py [--runs N]     (BENCH_QUICK=1: small files, 1 run)
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from results import Naive, arguments, begin, fmt, quick, scenarios_dir, sized
from timing import ROOT, cpu_ms, run_child, time_once, timed_runs

import synth
from game.content.diagnostics import Diagnostics
from game.content.library import load_library
from game.content.lint import lint_scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario, load_scenario_text
from game.engine.machine import predict_target

TARGET_REFUSE_MS = 1000.0
TARGET_REFUSE_INPROC_MS = 50.0
TARGET_REFUSE_MB = 200.0
TARGET_LINT_MS = 100.0
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def alias_bomb(levels: int) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def big_text(megabytes: float) -> str:
    line = "    - Paid late again, as noted on the last call.\n"
    return "format: 1\naccount:\n  history:\n" + line * int(megabytes * 1_048_576 / len(line))


def tiny_values(megabytes: float) -> str:
    """Just under `megabytes` of one-character list items: about a million values in 2 MB."""
    return "format: 1\naccount:\n  history: [" + "1," * int(megabytes * 1_048_576 / 2 - 40) + "1]\n"


def deep_nesting(depth: int) -> str:
    return "format: 1\naccount: " + "[" * depth + "]" * depth + "\n"


def validate_runs(path: Path, runs: int) -> tuple[list[float], list[float], str]:
    """`ardojo validate FILE` `runs` times: (wall ms, peak MB, first line of its output)."""
    times, peaks, said = [], [], ""
    for _ in range(runs):
        done = run_child([sys.executable, "-m", "game", "validate", str(path)], cwd=path.parent, timeout=120)
        if done.returncode != 1 or "Traceback" in done.stderr:
            raise SystemExit(f"unexpected result for {path.name}: exit {done.returncode} {done.stdout[-300:]} "
                             f"{done.stderr[-600:]}")
        times.append(done.seconds * 1e3)
        peaks.append(done.peak_mb)
        said = (done.stdout.strip().splitlines() or [""])[0]
    return times, peaks, said


def bench_refusals(r: Results, runs: int) -> None:
    """Each hostile file refused by `ardojo validate`, timed and its memory measured, beside plain PyYAML."""
    levels, big_mb = sized(9, 7), sized(50, 3)
    files = {
        "bomb.yaml": (f"an alias bomb ({levels} levels of 9 aliases, {9.0 ** (levels + 1):.1e} values expanded)",
                      alias_bomb(levels)),
        "big.yaml": (f"a {big_mb} MB file", big_text(big_mb)),
        "tiny.yaml": ("a 2 MB file of a million one-character values" if not quick() else "a file of 25,000 values",
                      tiny_values(2 - 0.01 if not quick() else 0.05)),
        "deep.yaml": (f"{sized(100_000, 10_000):,}-deep nesting", deep_nesting(sized(100_000, 10_000))),
    }
    naive = {
        "bomb.yaml": naive_bomb(levels),
        "big.yaml": naive_big(big_mb),
    }
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "empty.yaml").write_text("", encoding="utf-8")
        empty, _, _ = validate_runs(root / "empty.yaml", runs)
        r.measure("`ardojo validate` on an empty file (starting Python and the CLI)", empty)
        for name, (label, text) in files.items():
            (root / name).write_text(text, encoding="utf-8")
            times, peaks, said = validate_runs(root / name, runs)
            r.measure(f"`ardojo validate` refuses {label}", times, target=TARGET_REFUSE_MS, source="issue 11",
                      naive=[n for n in [naive.get(name)] if n], detail=f"it says: {said[:160]}",
                      why=f"of which starting Python and the CLI: {fmt(statistics.median(empty), 'ms')}")
            r.measure(f"peak memory of `ardojo validate` refusing {label}", peaks, "MB", target=TARGET_REFUSE_MB,
                      source="issue 11 (the fuzzing bound)")
            inproc, result = timed_runs(lambda: load_scenario(root / name, None), runs)
            r.measure(f"in-process load_scenario refuses {label}", inproc, target=TARGET_REFUSE_INPROC_MS,
                      source="set in bench_authoring", detail=result.diagnostics.items[0].message[:160],
                      why="the values are read one by one (PyYAML events into Python objects) up to the cap")


def naive_bomb(levels: int) -> Naive:
    """Plain PyYAML expands the bomb: timed at 6 levels (5.3e5 values), x9 per level beyond."""
    measured = min(levels, 6)
    text = alias_bomb(measured)
    ms, _ = time_once(lambda: yaml.load(text, Loader=LOADER))  # noqa: S506 - the bench's own text
    factor = 9 ** (levels - measured)
    return Naive("plain PyYAML (libyaml) expands it", [ms * factor], "ms",
                 f"{fmt(ms, 'ms')} at {measured} levels" + (f", x9 per level to {levels}" if factor > 1 else ""),
                 extrapolated=factor > 1)


def naive_big(megabytes: int) -> Naive:
    """Plain PyYAML parses a big file whole: timed at 5 MB, scaled linearly."""
    measured = min(megabytes, 5)
    text = big_text(measured)
    ms, _ = time_once(lambda: yaml.load(text, Loader=LOADER))  # noqa: S506 - the bench's own text
    factor = megabytes / measured
    return Naive("plain PyYAML (libyaml) parses it whole", [ms * factor], "ms",
                 f"{fmt(ms, 'ms')} for {measured} MB" + (f", x{factor:g}" if factor > 1 else ""),
                 extrapolated=factor > 1)


def all_plays(scenario, budget_s: float) -> int:  # noqa: ANN001 - a Scenario
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


def bench_lint(r: Results, runs: int) -> None:
    """The lint of the big synthetic scenario against its target, then of every shipped scenario."""
    rulebook = load_rulebook(synth.RULEBOOK_PATH).rulebook
    nodes = sized(1000, 200)
    scenario = load_scenario_text(synth.realistic_text(nodes), "synthetic.yaml", rulebook, Diagnostics()).scenario
    times, found = timed_runs(lambda: lint_scenario(scenario), runs)
    budget = sized(5.0, 0.2)
    naive_ms, states = time_once(lambda: all_plays(scenario, budget_s=budget))
    how = f"{states:,} states" if states >= 0 else f"stopped after {budget:g} s with {-states:,} states and more to go"
    cpu = statistics.median(cpu_ms(lambda: lint_scenario(scenario)) for _ in range(runs))
    r.measure(f"lint of the {nodes:,}-node scenario ({len(found)} warnings)", times, target=TARGET_LINT_MS,
              source="set in bench_authoring (issue 5's analysis target)", detail=f"CPU time median {fmt(cpu, 'ms')}",
              why=f"CPU time alone is {fmt(cpu, 'ms')}: the interval analysis, best path and duplicate checks over "
                  f"{len(scenario.nodes):,} nodes in pure Python",
              naive=[Naive("enumerate every playable (node, meters) state", [naive_ms], "ms", how)])
    library = load_library([scenarios_dir(ROOT)])
    real = list(library.scenarios.values())[:sized(len(library.scenarios), 2)]
    each = []
    for sc in real:
        fast = statistics.median(timed_runs(lambda: lint_scenario(sc), runs)[0])
        naive, states = time_once(lambda: all_plays(sc, budget_s=budget))
        each.append(fast)
        r.note(f"{sc.id}: lint {fmt(fast, 'ms')}; naive (every playable state, "
               f"{states:,} states{'' if states >= 0 else ', budget spent'}): {fmt(naive, 'ms')}")
    r.measure(f"lint of each of {len(real)} shipped scenarios (one value per scenario: median scenario, slowest)",
              each, target=TARGET_LINT_MS, source="set in bench_authoring")


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, 3, "runs per measurement")
    args = parser.parse_args(argv)
    r = begin("bench_authoring", "Authoring: hostile files refused, and the lint",
              "`ardojo validate` as a user runs it (a new process each time, interpreter start included), "
              "and the lint of the validator.")
    bench_refusals(r, args.runs)
    bench_lint(r, args.runs)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
