"""The benchmark harness (bench/): the quick mode of `run_all.py` runs every benchmark and writes the
performance page, and the page says what it must (the machine, every run, the verdicts, the misses
and why, what was not measured). The figures themselves are `make bench`'s business, not the tests'."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import doc  # noqa: E402
from results import MISSED, NOT_MEASURED, OK, Naive, Results, fmt, load, save  # noqa: E402


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    """`run_all.py --quick` into a temporary folder (never docs/performance.md)."""
    folder = tmp_path_factory.mktemp("bench")
    page = folder / "performance.md"
    done = subprocess.run([sys.executable, str(BENCH / "run_all.py"), "--quick", "--results", str(folder),
                           "--doc", str(page)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return done, folder


def test_quick_run_measures_every_benchmark_and_writes_the_page(quick_run) -> None:
    done, folder = quick_run
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr[-3000:]  # 1: a target missed, allowed
    assert "Traceback" not in done.stdout, done.stdout[-3000:]
    page = (folder / "performance.md").read_text(encoding="utf-8")
    names = sorted(p.stem for p in BENCH.glob("bench_*.py"))
    for name in names:
        results = load(folder / f"{name}.json")  # every benchmark wrote its figures: none crashed
        assert results.quick and results.measures, name
        assert f"`bench/{name}.py`" in page, name
    for heading in ("# Performance", "## The machine", "## Summary", "## Misses, and why",
                    "## Every figure, benchmark by benchmark"):
        assert heading in page
    for row in ("| CPU |", "| cores |", "| Python |", "| OS |"):
        assert row in page
    assert "**Quick mode**" in page and "crashed" not in page.lower()
    assert "targets met" in page


def test_quick_run_leaves_docs_alone(quick_run) -> None:
    done, folder = quick_run
    assert f"written: {folder / 'performance.md'}" in done.stdout
    assert str(ROOT / "docs" / "performance.md") not in done.stdout


def _results() -> Results:
    r = Results("bench_demo", "Demo", "About the demo.", quick=False)
    r.measure("fast thing", [3.0, 1.0, 2.0], "ms", target=2.5, source="issue 0",
              naive=[Naive("slow way", [30.0], "ms", "sampled", extrapolated=True)])
    r.measure("slow thing", [5.0, 9.0, 7.0], "ms", target=4.0, why="it does too much")
    r.measure("rate", [900.0, 1100.0], "calls/s", target=1000.0, higher_is_better=True)
    r.skip("spoken line", "espeak-ng not installed", target=500.0)
    r.check("same answers", True)
    return r


def test_a_figure_is_judged_by_its_median_with_every_run_kept() -> None:
    fast, slow, rate, spoken, same = _results().measures
    assert (fast.median, fast.worst, fast.status) == (2.0, 3.0, OK)
    assert (slow.median, slow.worst, slow.status) == (7.0, 9.0, MISSED)
    assert (rate.median, rate.worst, rate.status) == (1000.0, 900.0, OK)  # higher is better: worst is the lowest
    assert spoken.status == NOT_MEASURED and same.status == OK
    assert "3 runs: 3.0 ms, 1.0 ms, 2.0 ms" in fast.line()


def test_results_survive_the_json_round_trip(tmp_path: Path) -> None:
    r = _results()
    save(r, tmp_path / "demo.json")
    again = load(tmp_path / "demo.json")
    assert [m.to_dict() for m in again.measures] == [m.to_dict() for m in r.measures]
    assert json.loads((tmp_path / "demo.json").read_text())["measures"][1]["status"] == MISSED


def test_the_page_shows_runs_targets_naive_ways_misses_and_what_was_not_measured() -> None:
    outcome = doc.Outcome("bench_demo", 1, 1.5, _results())
    crashed = doc.Outcome("bench_broken", 2, 0.5, None, "Traceback (most recent call last):\nBoom\n")
    page = doc.render([outcome, crashed], {"CPU": "Test CPU", "cores": "2"}, quick=False, command="make bench",
                      started="2026-01-01 00:00 UTC", seconds=90, load_after="0.1")
    assert "| CPU | Test CPU |" in page
    assert "median 2.0 ms, worst 3.0 ms; 3 runs: 3.0 ms, 1.0 ms, 2.0 ms" in page
    assert "target ≤ 2.5 ms, issue 0: OK" in page
    assert "naive, slow way: ~30.0 ms (sampled)" in page
    assert "**slow thing** (bench_demo): median 7.0 ms against ≤ 4 ms (1.8× the target). It does too much." in page
    assert "not measured: espeak-ng not installed" in page
    assert "**3 of 4 targets met**; **1 missed**" in page
    assert "**bench_broken crashed** (exit 2)" in page and "Boom" in page


def test_units_are_written_for_people() -> None:
    assert fmt(1234.0, "ms") == "1,234 ms"
    assert fmt(3.2e6, "ms") == "53.3 min"
    assert fmt(12678.4, "calls/s") == "12,678 calls/s"
    assert fmt(0.0, "check") == "NO"
