"""Report benchmark: `ardojo report` over 100,000 stored calls (target: the table report <= 2 s),
beside the naive way, measured in the same run and checked to give the same figures.

The database is report_data.build's (the file bench_records verifies: a pool of calls played through
the engine and written through the game's own store, grown with copies; ~92 % completed), cached in
bench/out/. Measured, every run reported:

1. the table report in process: open the database, load the scenarios, the SQL aggregation
   (`build_report`) and the rendering; each run on a new connection; with the split by stage of a run;
2. the same end to end through the CLI (`python main.py report --format table`), 3 runs;
3. the HTML report in process (adds the progress-over-time query and the SVG charts);
4. naive: every call and decision row read into Python and aggregated there (totals, best/latest per
   trainee and scenario, histograms, picks per option, misses per rule), once, then compared with
   the SQL report figure by figure.

Usage: python bench/bench_report.py [--calls N] [--runs N]     (BENCH_QUICK=1: 150 calls, 1 run)
Exit status 1 on a missed target.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from results import Naive, arguments, begin, cpu_words, fmt, out_dir, scenarios_dir, sized
from timing import ROOT, time_once, timed_runs

import report_data
from game.content.library import load_library
from game.records.store import RecordStore
from game.reports.gather import build_report
from game.reports.html import render_html
from game.reports.misses import judge, judge_scenario
from game.reports.model import SCORE_KEYS
from game.reports.table import render_table

TARGET_TABLE_MS = 2_000.0
SOURCE = "issue 3"
SCENARIOS = scenarios_dir(ROOT)  # --scenarios DIR replaces it


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
        here = library.scenarios[sid].nodes.get(node) if current else None
        if here is not None and choice < len(here.choices):  # the current version: judged as the scenario says
            c = here.choices[choice]
            v = judge(judged[sid].get(node), choice, sum(c.score.values()), tuple(c.cited), kinds, tuple(c.breaks))
        else:  # an older version: what was stored
            v = judge(None, choice, sum(json.loads(score_json).values()), tuple(json.loads(rules_json)), kinds)
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
    parser = arguments(__doc__)
    parser.add_argument("--calls", type=int, default=sized(100_000, 150), help="stored calls (default 100,000)")
    parser.add_argument("--runs", type=int, default=sized(5, 1), help="timed runs per figure (default 5)")
    parser.add_argument("--scenarios", type=Path, default=scenarios_dir(ROOT), help="the scenarios folder")
    args = parser.parse_args(argv)
    SCENARIOS = args.scenarios.resolve()
    r = begin("bench_report", f"Report over {args.calls:,} calls",
              "`ardojo report` on the records file of bench_records (bench/report_data.py: realistic variety, "
              "written through the game's own store).")
    library = load_library([SCENARIOS])
    built = report_data.build(out_dir(ROOT) / f"records-{args.calls}.sqlite3", library, args.calls,
                              pool=sized(10_000, 40), code=False)
    db = built.path
    with RecordStore.open(db, write=False) as store:
        calls, decisions = store.query("SELECT (SELECT COUNT(*) FROM calls), (SELECT COUNT(*) FROM decisions)")[0]
    r.note(f"database: {calls:,} calls, {decisions:,} decisions, {db.stat().st_size / 1e6:,.0f} MB "
           f"({'cached' if built.cached else f'built in {built.seconds:,.1f} s'})")

    cpu: list[float] = []

    def timed_table() -> str:
        began = time.process_time()
        text = table_report(db)
        cpu.append((time.process_time() - began) * 1e3)
        return text

    times, text = timed_runs(timed_table, args.runs)
    stages: list[tuple[str, float, float]] = []
    table_report(db, stages)
    split = "; ".join(f"{label} {fmt((after - at) * 1e3, 'ms')}" for (label, at, _), (_, after, _)
                      in zip(stages, stages[1:]))
    naive_ms, slow = time_once(lambda: naive(db, library))
    r.measure("table report in process", times, target=TARGET_TABLE_MS, source=SOURCE,
              naive=[Naive("every row read into Python and aggregated there", [naive_ms], "ms")],
              detail=f"{len(text.splitlines()):,} lines; CPU time median {fmt(statistics.median(cpu[1:]), 'ms')}",
              why=f"CPU time median {fmt(statistics.median(cpu[1:]), 'ms')}; by stage (one run): {split}")
    fast = sql_figures(db, library)
    differing = [key for key in slow if slow[key] != fast[key]]
    r.check("the naive way and the SQL report give the same figures (totals, best/latest, histograms, picks, "
            "rules)", not differing, detail=f"differ: {', '.join(differing)}" if differing else "")

    cli, cli_cpu = [], []
    for _ in range(sized(3, 1)):
        began, children = time.perf_counter(), os.times()
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", "--format", "table", "--db", str(db),
                               "--scenarios", str(SCENARIOS)], cwd=ROOT, capture_output=True, text=True)
        cli.append((time.perf_counter() - began) * 1e3)
        after = os.times()
        cli_cpu.append((after.children_user + after.children_system - children.children_user
                        - children.children_system) * 1e3)
        if done.returncode != 0:
            r.check("`ardojo report` runs", False, why=done.stderr.strip()[-300:])
            break
    r.measure("`ardojo report --format table`, end to end", cli, target=TARGET_TABLE_MS, source=SOURCE,
              detail=f"CPU time of each run: {', '.join(fmt(t, 'ms') for t in cli_cpu)}",
              why=f"{cpu_words(statistics.median(cli_cpu), statistics.median(cli))}; in process the report takes "
                  f"{fmt(statistics.median(times), 'ms')}, the rest is starting Python and importing the game; "
                  f"by stage: {split}")
    html_ms, page = time_once(lambda: html_report(db))
    r.measure("HTML report in process", [html_ms], detail=f"{len(page) / 1e3:,.0f} kB, with the progress-over-time "
                                                          "query and the SVG charts")
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
