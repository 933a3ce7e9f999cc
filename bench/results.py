"""What a benchmark measured, in a form `run_all.py` can turn into docs/performance.md.

A benchmark makes one `Results`, calls `measure(...)` for each figure with *every* run's value (the
median is what meets or misses a target; the worst run is shown beside it), `naive(...)` for the naive
way measured in the same run, `skip(...)` for what could not be measured here and `note(...)` for
context, then `finish()`: it prints a verdict line, writes `$BENCH_RESULTS` (JSON) when set, and
returns the exit status (1 when a target is missed).

Quick mode (`BENCH_QUICK=1`, set by `run_all.py --quick`) asks every benchmark for a smaller run that
only shows the harness works; its figures are not comparable with a full run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

OK, MISSED, INFO, NOT_MEASURED = "OK", "MISSED", "info", "not measured"


def quick() -> bool:
    """True in quick mode (`BENCH_QUICK=1`): small sizes, one run, for the smoke test."""
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


def sized(full: int, small: int) -> int:
    """`full` normally, `small` in quick mode."""
    return small if quick() else full


def scenarios_dir(root: Path) -> Path:
    """The scenarios folder to measure: `$BENCH_SCENARIOS` (run_all's snapshot, so files edited during
    a run cannot change it half-way), else the repository's."""
    return Path(os.environ.get("BENCH_SCENARIOS") or root / "scenarios").resolve()


def out_dir(root: Path) -> Path:
    """Where benchmarks keep their files (cached records databases...): `$BENCH_OUT` (run_all's results
    folder), else bench/out."""
    folder = Path(os.environ.get("BENCH_OUT") or root / "bench" / "out")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def duration(seconds: float) -> str:
    """A long duration for humans: seconds, minutes, hours, days or years."""
    for unit, size in (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:,.3g} {unit}"
    return f"{seconds:,.3g} s"


def fmt(value: float, unit: str) -> str:
    """A value for humans in its unit: `31.2 ms`, `1,234 ms`, `12,678 calls/s`, `182 MB` (durations over
    two minutes in minutes, hours, days or years)."""
    if unit in ("ms", "s") and value * (1e-3 if unit == "ms" else 1) >= 120:
        return duration(value * (1e-3 if unit == "ms" else 1))
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:,.2f} s" if value < 10 else f"{value:,.1f} s"
    if unit == "MB":
        return f"{value:,.1f} MB" if value < 100 else f"{value:,.0f} MB"
    if unit == "check":
        return "yes" if value >= 1 else "NO"
    if unit.endswith("/s"):
        return f"{value:,.0f} {unit}"
    return f"{value:,.3g} {unit}".strip()


def cpu_words(cpu_ms: float, wall_ms: float) -> str:
    """What a process's CPU time against its wall time says, in words."""
    if cpu_ms >= 0.9 * wall_ms:
        return f"it is CPU-bound: {fmt(cpu_ms, 'ms')} of CPU for {fmt(wall_ms, 'ms')} of wall time"
    return (f"{fmt(cpu_ms, 'ms')} of its {fmt(wall_ms, 'ms')} were on a CPU; for the rest it was not running "
            "(waiting for a CPU, or the disk)")


@dataclass
class Naive:
    """The naive way of the same thing, measured in the same run (`extrapolated` when only a sample was
    timed and the figure is scaled up: `how` says from what)."""

    label: str
    runs: list[float]
    unit: str
    how: str = ""
    extrapolated: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def text(self) -> str:
        figure = fmt(self.median, self.unit) if len(self.runs) == 1 else \
            f"{fmt(self.median, self.unit)} (median of {len(self.runs)})"
        return f"{self.label}: {'~' if self.extrapolated else ''}{figure}" + (f" ({self.how})" if self.how else "")


@dataclass
class Measure:
    """One figure: every run, its target (`at_most` or `at_least`), the naive way beside it, and why a
    miss is a miss (`why`, shown only when missed)."""

    name: str
    unit: str
    runs: list[float]
    higher_is_better: bool = False
    target: float | None = None
    target_source: str = ""
    detail: str = ""
    why: str = ""
    naive: list[Naive] = field(default_factory=list)
    skipped: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    @property
    def worst(self) -> float:
        if not self.runs:
            return float("nan")
        return min(self.runs) if self.higher_is_better else max(self.runs)

    @property
    def status(self) -> str:
        if self.skipped:
            return NOT_MEASURED
        if self.target is None:
            return INFO
        ok = self.median >= self.target if self.higher_is_better else self.median <= self.target
        return OK if ok else MISSED

    def target_text(self) -> str:
        if self.target is None:
            return "–"
        if self.unit == "check":
            return "yes"
        value = f"{self.target:,.0f}" if self.target >= 100 else f"{self.target:.3g}"
        return f"{'≥' if self.higher_is_better else '≤'} {value} {self.unit}"

    def runs_text(self) -> str:
        return ", ".join(fmt(v, self.unit) for v in self.runs)

    def line(self) -> str:
        """The line a benchmark prints for it."""
        if self.skipped:
            return f"{self.name}: not measured: {self.skipped}"
        head = f"{self.name}: median {fmt(self.median, self.unit)}, worst {fmt(self.worst, self.unit)}" \
            if len(self.runs) > 1 else f"{self.name}: {fmt(self.median, self.unit)}"
        runs = f" [{len(self.runs)} runs: {self.runs_text()}]" if len(self.runs) > 1 else ""
        target = f" (target {self.target_text()}) {self.status}" if self.target is not None else ""
        extra = f" [{self.detail}]" if self.detail else ""
        return f"{head}{runs}{target}{extra}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(median=self.median if self.runs else None, worst=self.worst if self.runs else None,
                    status=self.status)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Measure":
        naive = [Naive(**n) for n in data.get("naive", [])]
        keep = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "naive"}
        return cls(**keep, naive=naive)


@dataclass
class Results:
    """Everything one benchmark measured (see the module docstring)."""

    benchmark: str
    title: str
    about: str = ""
    measures: list[Measure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0
    quick: bool = field(default_factory=quick)

    def measure(self, name: str, runs: list[float], unit: str = "ms", *, target: float | None = None,
                higher_is_better: bool = False, source: str = "", detail: str = "", why: str = "",
                naive: list[Naive] | None = None) -> Measure:
        """Record and print one figure (every run's value in `runs`)."""
        m = Measure(name, unit, [float(v) for v in runs], higher_is_better, target, source, detail, why,
                    list(naive or []))
        self.measures.append(m)
        print(m.line(), flush=True)
        for n in m.naive:
            print(f"  naive, {n.text()}", flush=True)
        if m.status == MISSED and why:
            print(f"  why: {why}", flush=True)
        return m

    def skip(self, name: str, reason: str, target: float | None = None, unit: str = "ms",
             higher_is_better: bool = False, source: str = "") -> Measure:
        """A figure that cannot be measured on this machine, and why (not a miss, not a pass)."""
        m = Measure(name, unit, [], higher_is_better, target, source, skipped=reason)
        self.measures.append(m)
        print(m.line(), flush=True)
        return m

    def note(self, text: str) -> None:
        """Context printed now and listed under the benchmark in the report."""
        self.notes.append(text)
        print(f"  {text}", flush=True)

    def check(self, name: str, ok: bool, detail: str = "", why: str = "") -> Measure:
        """A yes/no check beside the timings (e.g. the naive way gives the same results): NO is a miss."""
        return self.measure(name, [1.0 if ok else 0.0], "check", target=1.0, higher_is_better=True, detail=detail,
                            why=why)

    @property
    def missed(self) -> list[Measure]:
        return [m for m in self.measures if m.status == MISSED]

    def finish(self) -> int:
        """Print the verdict, write $BENCH_RESULTS, return the exit status (1 on a missed target)."""
        self.seconds = time.perf_counter() - self.started
        missed = self.missed
        verdict = f"MISSED: {'; '.join(m.name for m in missed)}" if missed else "all targets met"
        print(f"{self.benchmark}: {verdict} ({self.seconds:.1f} s)", flush=True)
        out = os.environ.get("BENCH_RESULTS")
        if out:
            save(self, Path(out))
        return 1 if missed else 0


def save(results: Results, path: Path) -> None:
    """Write `results` as JSON to `path`."""
    data = {"benchmark": results.benchmark, "title": results.title, "about": results.about,
            "seconds": results.seconds, "quick": results.quick, "notes": results.notes,
            "measures": [m.to_dict() for m in results.measures]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def load(path: Path) -> Results:
    """Read what `save` wrote."""
    data = json.loads(path.read_text(encoding="utf-8"))
    results = Results(data["benchmark"], data["title"], data.get("about", ""), seconds=data.get("seconds", 0.0),
                      quick=data.get("quick", False), notes=list(data.get("notes", [])))
    results.measures = [Measure.from_dict(m) for m in data.get("measures", [])]
    return results


def arguments(doc: str, runs: int | None = None, what: str = "timed runs per figure") -> argparse.ArgumentParser:
    """A benchmark's argument parser (described by its docstring's first line), with `--runs` (default
    `runs`, 1 in quick mode) when `runs` is given."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    if runs is not None:
        parser.add_argument("--runs", type=int, default=sized(runs, 1), help=f"{what} (default {runs})")
    return parser


def begin(benchmark: str, title: str, about: str = "") -> Results:
    """The Results of a benchmark that starts now, its header printed."""
    results = Results(benchmark, title, about)
    header(results)
    return results


def header(results: Results) -> None:
    """Print the interpreter, CPUs and load average a benchmark starts with."""
    load1, load5, _ = os.getloadavg()
    mode = ", QUICK MODE (small sizes, not comparable)" if results.quick else ""
    print(f"{results.benchmark}: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{load1:.2f} (1 min) {load5:.2f} (5 min){mode}", flush=True)
