"""Report benchmark: `ardojo report` over 100,000 stored calls (target: the table report <= 2 s),
beside the naive way, measured in the same run and checked to give the same figures.

The database is report_data.build's (real decision sequences played through the engine at several
skill levels, bulk-inserted for 150 trainees over the three scenarios; ~92 % completed), cached in
bench/out/. Measured:

1. the table report in process: open the database, load the scenarios, the SQL aggregation
   (`build_report`) and the rendering; median of --runs, each on a new connection; with the split by
   stage of the last run;
2. the same end to end through the CLI (`python main.py report --format table`), best of 3;
3. the HTML report in process (adds the progress-over-time query and the SVG charts);
4. naive: every call and decision row read into Python and aggregated there (totals, best/latest per
   trainee and scenario, histograms, picks per option, misses per rule), once, then compared with
   the SQL report figure by figure.

Usage: python bench/bench_report.py [--calls N] [--runs N] [--fresh]. Exit status 1 on a missed target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from timing import ROOT, Report, median_ms, ms, time_once

import report_data
from game.content.library import load_library
from game.records.store import RecordStore
from game.reports.gather import build_report
from game.reports.html import render_html
from game.reports.misses import judge, judge_scenario
from game.reports.model import SCORE_KEYS
from game.reports.table import render_table

TARGET_TABLE_MS = 2_000.0
SCENARIOS = ROOT / "scenarios"  # --scenarios DIR replaces it (e.g. a snapshot while scenarios are being edited)


def table_report(db: Path, stages: list[tuple[str, float, float]] | None = None) -> str:
    """What `ardojo report` does for a table, in process, on a new connection."""
    def mark(label: str) -> None:
        if stages is not None:
            stages.append((label, time.perf_counter(), time.process_time()))
    mark("open the database")
    with RecordStore.open(db, write=False) as store:
        mark("load the scenarios")
        library = load_library([SCENARIOS])
        report = build_report(store, library, scenarios_dir=SCENARIOS, on_step=mark)
    mark("render the table")
    text = render_table(report)
    mark("end")
    return text


def html_report(db: Path) -> str:
    with RecordStore.open(db, write=False) as store:
        report = build_report(store, load_library([SCENARIOS]), scenarios_dir=SCENARIOS, with_attempts=True)
    return render_html(report)


def naive(db: Path, library) -> dict:
    """The same figures the naive way: every row into Python, aggregated in dicts."""
    kinds = {r.id: r.kind for r in library.rulebook.rules.values()}
    judged = {sid: judge_scenario(s) for sid, s in library.scenarios.items()}
    with RecordStore.open(db, write=False) as store:
        calls = store.query("SELECT id, trainee_id, scenario_id, scenario_hash, status, ended_at, professionalism, "
                            "empathy, clarity, commitment_score, overall, passed FROM calls")
        decisions = store.query("SELECT call_id, node, choice, rules, score FROM decisions")
    by_id, groups, bins = {}, defaultdict(lambda: {"attempts": 0, "best": None, "latest": ("", None)}), Counter()
    totals = Counter()
    for cid, tid, sid, digest, status, ended, *rest in calls:
        by_id[cid] = (tid, sid, digest)
        scores, passed = rest[:5], rest[5]
        g = groups[(tid, sid)]
        g["attempts"] += 1
        totals["calls"] += 1
        if status == "completed":
            totals["completed"] += 1
            totals["passed"] += passed == 1
            g["best"] = scores if g["best"] is None else [max(a, b) for a, b in zip(g["best"], scores)]
            g["latest"] = max(g["latest"], (ended, scores), key=lambda pair: pair[0])
            for key, value in zip(SCORE_KEYS, scores):
                bins[(key, min(value // 10, 9))] += 1
    picks, pickers, missed, who = Counter(), defaultdict(set), Counter(), defaultdict(set)
    for cid, node, choice, rules_json, score_json in decisions:
        tid, sid, digest = by_id[cid]
        if sid not in library.scenarios or library.scenarios[sid].content_hash == digest:
            picks[(sid, node, choice)] += 1
            pickers[(sid, node, choice)].add(tid)
        current = sid in library.scenarios and library.scenarios[sid].content_hash == digest
        v = judge(judged[sid].get(node) if current else None, choice, sum(json.loads(score_json).values()),
                  tuple(json.loads(rules_json)), kinds)
        for rule in v.broken + v.skipped:
            missed[rule] += 1
            who[rule].add(tid)
    return {"totals": (totals["calls"], totals["completed"], totals["passed"]),
            "best": {k: list(g["best"]) for k, g in groups.items() if g["best"] is not None},
            "latest": {k: list(g["latest"][1]) for k, g in groups.items() if g["latest"][1] is not None},
            "bins": dict(bins), "picks": dict(picks), "pickers": {k: len(v) for k, v in pickers.items()},
            "rules": {r: (missed[r], len(who[r])) for r in missed}}


def sql_figures(db: Path, library) -> dict:
    """The SQL report's figures in the naive dict's shape."""
    with RecordStore.open(db, write=False) as store:
        report = build_report(store, library, scenarios_dir=SCENARIOS)
        ids = dict((name, tid) for tid, name in store.query("SELECT id, name FROM trainees"))
    t = report.totals
    best = {(ids[tr.name], p.scenario_id): [p.best[k] for k in SCORE_KEYS]
            for tr in report.trainees for p in tr.scenarios if p.best}
    latest = {(ids[tr.name], p.scenario_id): [p.latest[k] for k in SCORE_KEYS]
              for tr in report.trainees for p in tr.scenarios if p.latest}
    bins = {(h.key, i): n for h in report.histograms for i, n in enumerate(h.bins) if n}
    picks = {(sc.scenario_id, n.node_id, o.index): o.picks for sc in report.choices for n in sc.nodes
             for o in n.options if o.picks}
    pickers = {(sc.scenario_id, n.node_id, o.index): o.trainees for sc in report.choices for n in sc.nodes
               for o in n.options if o.picks}
    return {"totals": (t.calls, t.completed, t.passed), "best": best, "latest": latest, "bins": bins,
            "picks": picks, "pickers": pickers, "rules": {r.rule_id: (r.misses, r.trainees) for r in report.rules}}


def main(argv: list[str] | None = None) -> int:
    global SCENARIOS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000, help="stored calls (default 100,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per median (default 5)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database even if cached")
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS, help="the scenarios folder (default: scenarios/)")
    args = parser.parse_args(argv)
    SCENARIOS = args.scenarios.resolve()
    started = time.perf_counter()
    load1, load5, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load1:.2f} (1 min) "
          f"{load5:.2f} (5 min)", flush=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    db = out / f"report-{args.calls // 1000}k.sqlite3"
    library = load_library([SCENARIOS])
    built_ms, _ = time_once(lambda: report_data.build(db, library, calls=args.calls, fresh=args.fresh))
    with RecordStore.open(db, write=False) as store:
        calls, decisions = store.query("SELECT (SELECT COUNT(*) FROM calls), (SELECT COUNT(*) FROM decisions)")[0]
    print(f"database: {db.name}, {calls:,} calls, {decisions:,} decisions, {db.stat().st_size / 1e6:,.0f} MB "
          f"({'built in ' + ms(built_ms) if built_ms > 50 else 'cached'})", flush=True)
    report = Report()

    cpu: list[float] = []

    def timed_table() -> str:
        began = time.process_time()
        text = table_report(db)
        cpu.append((time.process_time() - began) * 1e3)
        return text

    median, times, text = median_ms(timed_table, args.runs)
    report.check(f"table report in process (median of {args.runs})", median, TARGET_TABLE_MS,
                 f"runs {', '.join(ms(t) for t in times)}; {len(text.splitlines()):,} lines")
    report.info(f"CPU time of the same runs (what an idle core would take): median {ms(statistics.median(cpu[1:]))}")
    stages: list[tuple[str, float, float]] = []
    table_report(db, stages)
    report.info(f"{'stage (last run)':<34} {'wall':>9} {'cpu':>9}")
    for (label, at, cpu_at), (_, after, cpu_after) in zip(stages, stages[1:]):
        report.info(f"{label:<34} {ms((after - at) * 1e3):>9} {ms((cpu_after - cpu_at) * 1e3):>9}")

    cli, cli_cpu = [], []
    for _ in range(3):
        began, children = time.perf_counter(), os.times()
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", "--format", "table", "--db", str(db),
                               "--scenarios", str(SCENARIOS)], cwd=ROOT, capture_output=True, text=True)
        cli.append((time.perf_counter() - began) * 1e3)
        after = os.times()
        cli_cpu.append((after.children_user + after.children_system - children.children_user
                        - children.children_system) * 1e3)
        if done.returncode != 0:
            print(f"ardojo report failed: {done.stderr.strip()}", flush=True)
            report.failed.append("cli")
            break
    report.check("ardojo report --format table (best of 3, end to end)", min(cli), TARGET_TABLE_MS,
                 f"runs {', '.join(ms(t) for t in cli)}; CPU {', '.join(ms(t) for t in cli_cpu)}")

    html_ms, page = time_once(lambda: html_report(db))
    report.info(f"html report in process: {ms(html_ms)} ({len(page) / 1e3:,.0f} kB, no target)")

    naive_ms, slow = time_once(lambda: naive(db, library))
    report.info(f"naive (all rows into Python): {ms(naive_ms)}, {naive_ms / median:,.1f}x the SQL report")
    fast = sql_figures(db, library)
    differing = [key for key in slow if slow[key] != fast[key]]
    if differing:
        print(f"naive and SQL disagree on: {', '.join(differing)}", flush=True)
        report.failed.append("agreement")
    else:
        report.info("naive and SQL agree on totals, best/latest per trainee and scenario, histograms, picks and "
                    "pickers per option, misses and trainees per rule")
    if report_data.fingerprint(load_library([SCENARIOS]), args.calls, 150, 7) != \
            report_data.fingerprint(library, args.calls, 150, 7):
        report.info("note: scenario files changed during this run; the timings include decisions in versions "
                    "of scenarios that no longer match (the slower path for edited scenarios)")
    verdict = f"MISSED: {'; '.join(report.failed)}" if report.failed else "all targets met"
    print(f"bench_report: {verdict} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
