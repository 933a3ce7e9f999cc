"""Run every bench/bench_*.py (each in its own interpreter) and report which met their targets.

Usage: python bench/run_all.py [SUBSTRING ...]   (only the benchmarks whose file name contains one)
Each benchmark's output is shown as it runs and saved to bench/out/<name>.log. The exit status is 1
when any benchmark exits non-zero (a missed target or a crash), else 0.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"


@dataclass(frozen=True)
class Outcome:
    name: str
    returncode: int
    seconds: float
    missed: tuple[str, ...]


def discover(filters: list[str]) -> list[Path]:
    """bench_*.py files in bench/, sorted, optionally filtered by substrings of their names."""
    files = sorted(BENCH_DIR.glob("bench_*.py"))
    return [f for f in files if not filters or any(s in f.name for s in filters)]


def run(script: Path) -> Outcome:
    """Run one benchmark with this interpreter from the repository root, streaming and saving its output."""
    OUT_DIR.mkdir(exist_ok=True)
    log = OUT_DIR / f"{script.stem}.log"
    start = time.perf_counter()
    missed: list[str] = []
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen([sys.executable, str(script)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, bufsize=1)
        assert proc.stdout is not None
        for line in proc.stdout:
            print(f"  {line}", end="", flush=True)
            sink.write(line)
            if "MISSED" in line and not line.startswith(script.stem):
                missed.append(line.strip())
        returncode = proc.wait()
    return Outcome(script.stem, returncode, time.perf_counter() - start, tuple(missed))


def main(argv: list[str]) -> int:
    scripts = discover(argv)
    if not scripts:
        print(f"no bench_*.py in {BENCH_DIR} matches {argv}")
        return 1
    outcomes = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        outcomes.append(run(script))
    print("== summary")
    for o in outcomes:
        status = "ok" if o.returncode == 0 else ("MISSED TARGETS" if o.missed else f"FAILED (exit {o.returncode})")
        print(f"  {o.name:<24} {status:<16} {o.seconds:6.1f} s   log: bench/out/{o.name}.log")
        for line in o.missed:
            print(f"      {line}")
    return 0 if all(o.returncode == 0 for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
