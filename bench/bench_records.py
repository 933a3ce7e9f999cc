"""Records benchmark: `ardojo verify` over 100,000 stored calls, beside the naive ways, and
`ardojo report --format table` on the same file when the report command exists.

The database is a temporary SQLite file filled by report_data.build (real decision sequences: paths
played through the engine at several skill levels, bulk-inserted for 150 trainees over the three
scenarios; ~92 % completed), then every completed call is signed as the game signs it. Three problems
are planted (an edited score, which also breaks its signature, and a removed signature) and verify
must find exactly those.

1. verify as shipped (`verify_store`: decisions batch-read, each scenario compiled once, each distinct
   decision sequence re-played once), target >= 5,000 calls/s; and end to end through the CLI.
2. compiled once but every call re-played (no memo), on a sample.
3. naive: a fresh `compile_scenario` per call, on a sample.
4. `ardojo report --format table` (target <= 2 s), if game/commands/report.py exists.

Usage: python bench/bench_records.py [--calls N]. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, Report

import report_data
from game.content.library import load_library
from game.engine.machine import compile_scenario
from game.records.signing import row_payload, sign
from game.records.store import RecordStore
from game.records.verify import Verifier, replay_decisions, verify_store

TARGET_CALLS_PER_S = 5_000
TARGET_REPORT_MS = 2_000.0
KEY = b"bench-signing-key"
SAMPLE_NO_MEMO = 10_000
SAMPLE_NAIVE = 300


def rate_line(name: str, calls: int, seconds: float, target: float | None = None) -> bool:
    """Print `name: N calls/s (...)` with the target verdict when there is one."""
    rate = calls / seconds if seconds else float("inf")
    text = f"{name}: {rate:,.0f} calls/s ({calls:,} calls in {seconds:.2f} s)"
    if target is None:
        print(f"  {text}", flush=True)
        return True
    ok = rate >= target
    print(f"{text} (target >= {target:,.0f} calls/s) {'OK' if ok else 'MISSED'}", flush=True)
    return ok


def sign_all(db: Path) -> int:
    """Sign every completed call as the game does when a call finishes; returns how many."""
    with RecordStore.open(db) as store:
        decisions = store.all_decisions()
        rows = [(sign(KEY, row_payload(r, decisions.get(r.id, []))), r.id) for r in store.calls(status="completed")]
        store.conn.execute("BEGIN")
        store.conn.executemany("UPDATE calls SET signature = ? WHERE id = ?", rows)
        store.conn.execute("COMMIT")
    return len(rows)


def plant_problems(db: Path) -> int:
    """An edited score (edited + bad signature) and a removed signature: 3 problems to find."""
    with RecordStore.open(db) as store:
        ids = [r[0] for r in store.query("SELECT id FROM calls WHERE status = 'completed' ORDER BY id LIMIT 2")]
        store.conn.execute("UPDATE calls SET overall = overall + 7 WHERE id = ?", (ids[0],))
        store.conn.execute("UPDATE calls SET signature = NULL WHERE id = ?", (ids[1],))
    return 3


def sample(db: Path, count: int) -> tuple[list, dict]:
    with RecordStore.open(db, write=False) as store:
        rows = []
        for row in store.calls(status="completed"):
            rows.append(row)
            if len(rows) == count:
                break
        decisions = store.all_decisions()
    return rows, decisions


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    args = parser.parse_args(argv)
    report = Report()
    library = load_library([ROOT / "scenarios"])
    with tempfile.TemporaryDirectory(prefix="ardojo-bench-records-") as tmp:
        db = Path(tmp) / "records.sqlite3"
        start = time.perf_counter()
        report_data.build(db, library, calls=args.calls, fresh=True)
        built = time.perf_counter() - start
        start = time.perf_counter()
        signed = sign_all(db)
        planted = plant_problems(db)
        print(f"  database: {args.calls:,} calls ({signed:,} completed, signed) built in {built:.1f} s, signed in "
              f"{time.perf_counter() - start:.1f} s; {db.stat().st_size / 1e6:.0f} MB; {planted} problems planted",
              flush=True)

        with RecordStore.open(db, write=False) as store:
            result = verify_store(store, library.scenarios, KEY)
        ok = rate_line("verify (shipped: batch read, compile once, distinct paths once)", result.checked,
                       result.seconds, TARGET_CALLS_PER_S)
        print(f"  distinct decision sequences re-played: {result.replays:,}; problems found: "
              f"{len(result.problems)} (planted {planted})", flush=True)
        if not ok:
            report.failed.append("verify")
        if len(result.problems) != planted:
            print("verify found the wrong problems: FAILED", flush=True)
            report.failed.append("verify problems")

        env = dict(os.environ, ARDOJO_SIGNING_KEY=KEY.decode())
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "verify", "--db", str(db)], env=env,
                              capture_output=True, text=True)
        rate_line("ardojo verify end to end (process start, load scenarios, exit code "
                  f"{done.returncode})", result.checked, time.perf_counter() - start)

        rows, decisions = sample(db, SAMPLE_NO_MEMO)
        verifier = Verifier(library.scenarios, KEY, memo=False)
        start = time.perf_counter()
        for row in rows:
            verifier.check(row, decisions.get(row.id, ()))
        rate_line("compiled once, every call re-played (no memo)", len(rows), time.perf_counter() - start)

        start = time.perf_counter()
        for row in rows[:SAMPLE_NAIVE]:
            replay_decisions(compile_scenario(library.scenarios[row.scenario_id]), decisions.get(row.id, ()))
        naive = time.perf_counter() - start
        rate_line("naive: a fresh compile per call", SAMPLE_NAIVE, naive)
        print(f"  naive over all {result.checked:,} calls: ~{naive / SAMPLE_NAIVE * result.checked:,.0f} s",
              flush=True)

        if (ROOT / "game" / "commands" / "report.py").exists():
            times = []
            for _ in range(3):
                start = time.perf_counter()
                done = subprocess.run([sys.executable, str(ROOT / "main.py"), "report", "--format", "table",
                                       "--db", str(db)], capture_output=True, text=True)
                times.append((time.perf_counter() - start) * 1e3)
            report.check("ardojo report --format table (best of 3, end to end)", min(times), TARGET_REPORT_MS,
                         f"exit code {done.returncode}, {len(done.stdout.splitlines())} lines")
        else:
            print("  ardojo report: game/commands/report.py does not exist yet; not timed", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
