"""Start-up and live-preview benchmarks (issue 12, "speed that keeps preview live"), each beside the
naive way measured in the same run:

1. `ardojo --help`, as a user runs it (a new process each time, interpreter start included); target
   <= 120 ms. Naive: the same help with every command module imported (what the CLI did before it
   listed the commands by their summaries), and bare `python -c pass` (the floor).
2. `ardojo validate scenarios/` (the shipped library) in a new process; target <= 150 ms. Naive: the
   same run with every command module imported first.
3. The live preview's reload of a 1,000-node file (`ScenarioWatcher.load()` and compiling the call
   machine, what `play --watch` does on a save); target <= 250 ms; beside the bare `yaml.load` with
   CSafeLoader of the same text (the floor), with where the reload spends its time (the YAML reader,
   game/content/yaml_*.py and PyYAML, versus the rest).

Usage: python bench/bench_startup.py [--runs N]     (BENCH_QUICK=1: 2 runs)
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import cProfile
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from results import Naive, arguments, begin, quick
from timing import ROOT, timed_runs

import synth

TARGET_HELP_MS = 120.0
TARGET_VALIDATE_MS = 150.0
TARGET_RELOAD_MS = 250.0
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EAGER = ("import sys; from game.cli import build_parser; p = build_parser(); "
         "a = p.parse_args(sys.argv[1:]); sys.exit(a.func(a) if getattr(a, 'func', None) else 0)")


def wall(command: list[str], runs: int, ok: tuple[int, ...] = (0,)) -> list[float]:
    """Wall milliseconds of `command` (a new process each run, from the repository root)."""
    times = []
    subprocess.run(command, cwd=ROOT, capture_output=True)  # warm the file cache
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        times.append((time.perf_counter() - start) * 1e3)
        if done.returncode not in ok or "Traceback" in done.stderr:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-600:]}")
    return times


def bench_cli(r, runs: int) -> None:
    py = sys.executable
    floor = Naive("bare `python -c pass` (the interpreter alone)", wall([py, "-c", "pass"], runs), "ms")
    eager_help = Naive("every command module imported", wall([py, "-c", EAGER, "--help"], runs), "ms")
    r.measure("`ardojo --help` (new process)", wall([py, "main.py", "--help"], runs), target=TARGET_HELP_MS,
              source="issue 12", naive=[eager_help, floor],
              why="the commands are listed by their summaries; no command module is imported")
    eager = Naive("every command module imported first", wall([py, "-c", EAGER, "validate", "scenarios/"], runs), "ms")
    r.measure("`ardojo validate scenarios/` (new process, the shipped library)",
              wall([py, "main.py", "validate", "scenarios/"], runs), target=TARGET_VALIDATE_MS, source="issue 12",
              naive=[eager, floor], why="only the content layer (and the lint's engine checks) is imported")


def _reload(path: Path):
    from game.authoring.watch import ScenarioWatcher
    from game.engine.machine import compile_scenario

    update = ScenarioWatcher(path).load()
    assert update.ok, update.problems[:3]
    return compile_scenario(update.scenario)


def breakdown(path: Path) -> str:
    """Where one reload spends its time: the YAML reader (game/content/yaml_*.py and PyYAML) and the rest."""
    profile = cProfile.Profile()
    profile.enable()
    _reload(path)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = reader = 0.0
    for (file, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        total += tottime
        if "/yaml/" in file or "/content/yaml_" in file or file.startswith("<built-in method _yaml"):
            reader += tottime
    by_file: dict[str, float] = {}
    for (file, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        by_file[Path(file).name] = by_file.get(Path(file).name, 0.0) + tottime
    top = ", ".join(f"{name} {100 * t / total:.0f}%" for name, t in sorted(by_file.items(), key=lambda i: -i[1])[:6])
    return f"profiled: the YAML reader {100 * reader / total:.0f}% of the reload; by file: {top}"


def bench_reload(r, runs: int) -> None:
    text = synth.realistic_text(1000)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "rulebook.yaml").write_text(synth.RULEBOOK_PATH.read_text(encoding="utf-8"), encoding="utf-8")
        path = root / "synthetic.yaml"
        path.write_text(text, encoding="utf-8")
        floor_runs, _ = timed_runs(lambda: yaml.load(text, Loader=LOADER), runs)  # noqa: S506 - bench text
        reload_runs, compiled = timed_runs(lambda: _reload(path), runs)
        r.measure(f"live preview reload of a {len(compiled.scenario.nodes):,}-node file (load, validate, compile)",
                  reload_runs, target=TARGET_RELOAD_MS, source="issue 12",
                  naive=[Naive("bare yaml.load with CSafeLoader of the same text (the floor)", floor_runs, "ms")],
                  detail=breakdown(path))


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, 2 if quick() else 7, "runs per measurement")
    args = parser.parse_args(argv)
    r = begin("bench_startup", "Start-up and live preview",
              "`ardojo` as a user runs it (a new process each time, interpreter start included), and the live "
              "preview's reload of a big file in-process.")
    bench_cli(r, args.runs)
    bench_reload(r, args.runs)
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
