"""Run every bench/bench_*.py (each in its own interpreter) and write docs/performance.md from the run.

Usage: python bench/run_all.py [--quick] [--doc PATH] [--results DIR] [SUBSTRING ...]

* no arguments (`make bench`): every benchmark, full size; the page is written to docs/performance.md;
* `--quick` (or BENCH_QUICK=1): every benchmark at a small size, one run each, to check the harness
  (the smoke test in tests/bench/ does this); the page goes to DIR/performance.md, never to docs/;
* SUBSTRING ...: only the benchmarks whose file name contains one; the page goes to DIR/ too.

Before the first benchmark the scenarios folder is copied to DIR/scenarios and every benchmark reads
that copy (`$BENCH_SCENARIOS`), so scenario files edited during the run cannot change it half-way.
Each benchmark's output is shown as it runs and saved to DIR/<name>.log, its figures to DIR/<name>.json
(DIR is bench/out, or bench/out/quick in quick mode). The exit status is 1 when a target is missed or
a benchmark crashes, else 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import doc
from results import load

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DOC = ROOT / "docs" / "performance.md"
#: The order of the page: content, authoring, the game, the records. Other bench_*.py files come after.
ORDER = ("bench_core", "bench_analysis", "bench_reach", "bench_authoring", "bench_startup", "bench_library",
         "bench_gaming", "bench_frames", "bench_xvfb", "bench_speech", "bench_recall", "bench_playing",
         "bench_records", "bench_report")
#: A benchmark still running after this many seconds is stopped (and reported as crashed).
TIMEOUT_S = 1500
QUICK_TIMEOUT_S = 60


def discover(filters: list[str]) -> list[Path]:
    """bench_*.py files in bench/, in the page's order, optionally filtered by substrings of their names."""
    files = [f for f in BENCH_DIR.glob("bench_*.py") if not filters or any(s in f.name for s in filters)]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(files, key=lambda f: (rank.get(f.stem, len(ORDER)), f.name))


def snapshot_scenarios(results_dir: Path) -> Path:
    """A copy of scenarios/ for this run (the YAML files, the rulebook and the programs)."""
    target = results_dir / "scenarios"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "scenarios", target, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))
    return target


def run(script: Path, results_dir: Path, env: dict[str, str], timeout: float) -> doc.Outcome:
    """Run one benchmark from the repository root, streaming and saving its output; read its results."""
    log = results_dir / f"{script.stem}.log"
    data = results_dir / f"{script.stem}.json"
    data.unlink(missing_ok=True)
    start = time.perf_counter()
    lines: list[str] = []
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, bufsize=1,
                                env={**env, "BENCH_RESULTS": str(data)})
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        assert proc.stdout is not None
        try:
            for line in proc.stdout:
                print(f"  {line}", end="", flush=True)
                sink.write(line)
                lines.append(line)
            returncode = proc.wait()
        finally:
            timer.cancel()
    seconds = time.perf_counter() - start
    if returncode < 0:
        lines.append(f"(stopped after {timeout:.0f} s)\n")
    results = load(data) if data.exists() and returncode in (0, 1) else None
    return doc.Outcome(script.stem, returncode, seconds, results, "".join(lines[-40:]))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("filters", nargs="*", help="only benchmarks whose file name contains one of these")
    parser.add_argument("--quick", action="store_true", default=os.environ.get("BENCH_QUICK", "") not in ("", "0"),
                        help="small sizes, one run each: checks the harness (figures not comparable)")
    parser.add_argument("--doc", type=Path, help="where to write the page (default: docs/performance.md for a "
                                                 "full run of everything, else RESULTS/performance.md)")
    parser.add_argument("--results", type=Path, help="folder for logs and JSON (default bench/out[/quick])")
    args = parser.parse_args(argv)
    results_dir = (args.results or BENCH_DIR / "out" / ("quick" if args.quick else "")).resolve()
    results_dir.mkdir(parents=True, exist_ok=True)
    page = args.doc or (DOC if not args.quick and not args.filters else results_dir / "performance.md")
    scripts = discover(args.filters)
    if not scripts:
        print(f"no bench_*.py in {BENCH_DIR} matches {args.filters}")
        return 1
    info = doc.machine()
    started, began = doc.now(), time.perf_counter()
    env = {**os.environ, "BENCH_QUICK": "1" if args.quick else "0",
           "BENCH_SCENARIOS": str(snapshot_scenarios(results_dir)), "BENCH_OUT": str(results_dir),
           "PYTHONDONTWRITEBYTECODE": "1"}
    outcomes = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        outcomes.append(run(script, results_dir, env, QUICK_TIMEOUT_S if args.quick else TIMEOUT_S))
    load1, load5, load15 = os.getloadavg()
    command = "make bench" if page == DOC else " ".join(["python bench/run_all.py", *argv])
    text = doc.render(outcomes, info, quick=args.quick, command=command, started=started,
                      seconds=time.perf_counter() - began, load_after=f"{load1:.2f} (1 min), {load5:.2f} (5 min), "
                                                                      f"{load15:.2f} (15 min)")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    print("== summary")
    for o in outcomes:
        missed = [m.name for m in o.results.missed] if o.results else []
        status = "ok" if o.returncode == 0 else ("MISSED TARGETS" if missed else f"FAILED (exit {o.returncode})")
        print(f"  {o.name:<18} {status:<16} {o.seconds:6.1f} s   log: {results_dir / (o.name + '.log')}")
        for name in missed:
            print(f"      MISSED: {name}")
    for line in doc.summary_lines(outcomes):
        print(f"  {line.replace('**', '')}")
    print(f"  written: {page}")
    return 0 if all(o.returncode == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
