"""Records databases of a large cohort for bench_records.py and bench_report.py (not a benchmark itself).

Realistic variety, written the way the game writes it:

1. a **pool** of calls is played through the engine and stored through the game's own record store
   (`start_call`, `record_step` after every decision, `finish_call` with the one verdict and a call log,
   signed with a key; or `abandon_call`, or left in progress): every call with its own shuffle seed,
   trainee, program (70 % of the calls on a program's scenario count for it, with the program's marks),
   skill (the chance of taking the best reply on screen, else any), call log (80 % correct, 12 % with a
   wrong amount, 8 % none) and time, over every shipped scenario;
2. the rest of the records are copies of pool calls under new ids, trainees and dates (column by column,
   whatever the schema holds), so a larger file has the same mix of paths, not new ones;
3. every trainee's calls are numbered by start time, and every call and trainee list is signed again
   with `RecordStore.reseal` (the store's own signing);
4. two problems are planted: a completed call's score edited, another completed call's signature
   removed. `build` returns their ids; verify must name exactly those.

All writes go through one transaction (the store's per-write transaction is folded into it) with
SQLite's synchronous writes off: the file is what the game would have written, only faster. Files are
cached in bench/out/ and rebuilt when the scenarios, the records or engine code, or the sizes change.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import timing  # noqa: F401  (puts the repository on sys.path)
from game.content.library import Library
from game.engine.call import Call
from game.engine.machine import compile_scenario
from game.engine.verdict import decide
from game.engine.wrapup import WrapUp, expected_wrapup, review_wrapup
from game.records.grading import marks_for
from game.records.programs import load_program_set
from game.records.schema import SCHEMA_VERSION
from game.records.signing import finish_call
from game.records.store import RecordStore

KEY = b"bench-signing-key"
START = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
DAYS = 120
TRAINEES = 150


@dataclass(frozen=True)
class Built:
    """A records file: its path, how many calls and distinct decision sequences, the planted problems."""

    path: Path
    calls: int
    pool: int
    distinct_paths: int
    planted: tuple[str, ...]
    seconds: float
    cached: bool


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def code_hash() -> str:
    """The records and engine code the file's signatures and verdicts depend on."""
    root = Path(timing.ROOT) / "game"
    digest = hashlib.sha256()
    for path in sorted([*root.glob("records/*.py"), *root.glob("engine/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(library: Library, *parts: object, code: bool = True) -> str:
    """What a file was built from: the scenarios, the schema, (`code`) the records and engine code, `parts`."""
    text = json.dumps([sorted(s.content_hash for s in library.scenarios.values()), SCHEMA_VERSION,
                       code_hash() if code else "", [str(p) for p in parts]])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Clock:
    """The store's clock: a moment set per call, a few seconds more at every write."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> str:
        self.now += timedelta(seconds=7)
        return iso(self.now)


def _open_bulk(path: Path, clock: _Clock | None = None) -> RecordStore:
    """The store, with its per-write transactions folded into one the caller commits."""
    store = RecordStore.open(path, key=KEY, clock=clock or _Clock())
    if hasattr(store, "_write"):
        store._write = lambda fn, what="": fn()  # type: ignore[method-assign]
    store.conn.execute("PRAGMA synchronous = OFF")
    store.conn.execute("BEGIN")
    return store


def _log(scenario, call: Call, rng: random.Random) -> WrapUp | None:  # noqa: ANN001 - a Scenario
    """The call log a trainee writes: usually right, sometimes with a wrong amount, sometimes none."""
    roll = rng.random()
    if roll < 0.08:
        return None
    log = expected_wrapup(scenario, call.node, scenario.account.call_date())
    if roll < 0.20 and log.amount:
        from dataclasses import replace
        log = replace(log, amount=round(log.amount * 0.9, 2))
    return log


def build_pool(path: Path, library: Library, size: int, seed: int) -> None:
    """`size` calls played through the engine and stored through the record store (module docstring)."""
    rng = random.Random(seed)
    compiled = {sid: compile_scenario(s) for sid, s in library.scenarios.items()}
    programs = load_program_set(Path(next(iter(library.scenarios.values())).path).parent, set(library.scenarios))
    by_scenario = {sid: next((p for p in programs.programs.values() if p.step(sid)), None) for sid in compiled}
    clock = _Clock()
    store = _open_bulk(path, clock)
    names = [f"Trainee {i + 1:03d}" for i in range(TRAINEES)]
    talent = [rng.uniform(0.05, 0.6) for _ in names]
    done = [0] * len(names)
    titles = library.rule_titles()
    ids = sorted(compiled)
    for n in range(size):
        clock.now = START + timedelta(days=DAYS * n / size, seconds=rng.uniform(0, 3600))
        t = rng.randrange(len(names))
        done[t] += 1
        skill = min(0.95, talent[t] + done[t] * 0.9 / max(1, size / len(names)))
        scenario = library.scenarios[rng.choice(ids)]
        program = by_scenario[scenario.id] if rng.random() < 0.7 else None
        call = Call(compiled[scenario.id], rng.getrandbits(32))
        call_id = store.start_call(names[t], scenario, program.id if program else None, seed=call.seed)
        roll = rng.random()
        stop = None if roll < 0.92 else max(1, rng.randrange(1, 6))
        while not call.ended and (stop is None or len(call.steps) < stop):
            shown = call.shown
            if rng.random() < skill:
                position = max(range(len(shown)), key=lambda i: sum(shown[i].score.values()))
            else:
                position = rng.randrange(len(shown))
            call.choose_shown(position)
            store.record_step(call_id, call)
        if stop is not None and not call.ended:
            if roll < 0.97:
                store.abandon_call(call_id)
            continue  # else left in progress
        score = call.score()
        log = _log(scenario, call, rng)
        review = review_wrapup(scenario, call.node, scenario.account.call_date(), log) if log else None
        verdict = decide(score, review, marks_for(program, scenario), titles)
        stored = None if log is None else {**log.to_dict(), "score": review.score, "passed": review.passed,
                                           "contradictions": [c.item for c in review.contradictions]}
        finish_call(store, call_id, call, score, verdict, stored, key=KEY)
    store.conn.execute("COMMIT")
    store.close()


def _columns(store: RecordStore, table: str) -> list[str]:
    return [r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")]


def grow(path: Path, calls: int, seed: int) -> None:
    """Copy pool calls under new ids, trainees and dates up to `calls`, renumber and re-sign everything."""
    rng = random.Random(seed + 1)
    store = _open_bulk(path)
    conn = store.conn
    call_cols, decision_cols = _columns(store, "calls"), _columns(store, "decisions")
    at = {name: i for i, name in enumerate(call_cols)}
    dat = {name: i for i, name in enumerate(decision_cols)}
    pool = conn.execute("SELECT * FROM calls").fetchall()
    steps: dict[str, list[tuple]] = {}
    for row in conn.execute("SELECT * FROM decisions ORDER BY call_id, seq"):
        steps.setdefault(row[dat["call_id"]], []).append(row)
    trainees = [r[0] for r in conn.execute("SELECT id FROM trainees")]
    new_calls, new_steps = [], []
    for _ in range(calls - len(pool)):
        template = list(rng.choice(pool))
        began = START + timedelta(seconds=rng.uniform(0, DAYS * 86400))
        old_start = datetime.fromisoformat(template[at["started_at"]].replace("Z", "+00:00"))
        shift = began - old_start
        call_id = str(uuid.UUID(int=rng.getrandbits(128)))
        for name in ("lease_owner", "lease_until", "signature", "trainee_seq"):
            if name in at:
                template[at[name]] = None
        old_id = template[at["id"]]
        template[at["id"]] = call_id
        template[at["trainee_id"]] = rng.choice(trainees)
        template[at["started_at"]] = iso(began)
        if template[at["ended_at"]]:
            ended = datetime.fromisoformat(template[at["ended_at"]].replace("Z", "+00:00"))
            template[at["ended_at"]] = iso(ended + shift)
        new_calls.append(template)
        for row in steps.get(old_id, ()):
            copy = list(row)
            copy[dat["call_id"]] = call_id
            if "at" in dat and copy[dat["at"]]:
                copy[dat["at"]] = iso(datetime.fromisoformat(copy[dat["at"]].replace("Z", "+00:00")) + shift)
            if "id" in dat:
                copy[dat["id"]] = None
            new_steps.append(copy)
    conn.executemany(f"INSERT INTO calls ({', '.join(call_cols)}) VALUES ({', '.join('?' * len(call_cols))})",
                     new_calls)
    conn.executemany(f"INSERT INTO decisions ({', '.join(decision_cols)}) VALUES "
                     f"({', '.join('?' * len(decision_cols))})", new_steps)
    if "trainee_seq" in at:  # cleared first: the numbers are unique per trainee at every step
        conn.execute("UPDATE calls SET trainee_seq = NULL")
        conn.execute("UPDATE calls SET trainee_seq = (SELECT n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY "
                     "trainee_id ORDER BY started_at, id) AS n FROM calls) AS numbered WHERE numbered.id = calls.id)")
    if "calls" in _columns(store, "trainees"):
        conn.execute("UPDATE trainees SET calls = (SELECT COUNT(*) FROM calls WHERE trainee_id = trainees.id)")
    if not _sign_in_bulk(store):
        store.reseal([r[0] for r in conn.execute("SELECT id FROM calls")], trainees, KEY)
    store.reseal([], trainees, KEY)  # the trainees' numbered lists
    conn.execute("COMMIT")
    store.close()


def _sign_in_bulk(store: RecordStore, check: int = 25) -> bool:
    """Sign every call with the store's signature scheme (game/records/seal.py) in one streamed pass, which
    is what `RecordStore.reseal` does call by call, only faster; then re-sign `check` calls through the
    store itself and compare. False (nothing kept) when the scheme's functions are not there or differ."""
    try:
        from game.records import seal
        columns, decision_columns, signature = (seal.SIGNED_CALL_COLUMNS, seal.SIGNED_DECISION_COLUMNS,
                                                seal.call_signature)
    except (ImportError, AttributeError):
        return False
    conn = store.conn
    calls = conn.execute(f"SELECT c.id, {', '.join(columns)} FROM calls c LEFT JOIN trainees t ON t.id = c.trainee_id"
                         " ORDER BY c.id")
    decisions = conn.execute(f"SELECT call_id, {', '.join(decision_columns)} FROM decisions ORDER BY call_id, seq")
    pending = next(decisions, None)
    signed = []
    for row in calls:
        call_id, values = row[0], row[1:]
        rows = []
        while pending is not None and pending[0] < call_id:
            pending = next(decisions, None)
        while pending is not None and pending[0] == call_id:
            rows.append(pending[1:])
            pending = next(decisions, None)
        signed.append((signature(KEY, values, rows), call_id))
    conn.executemany("UPDATE calls SET signature = ? WHERE id = ?", signed)
    sample = [call_id for _, call_id in signed[::max(1, len(signed) // check)]]
    ours = dict(conn.execute(f"SELECT id, signature FROM calls WHERE id IN ({', '.join('?' * len(sample))})", sample))
    store.reseal(sample, [], KEY)
    theirs = dict(conn.execute(f"SELECT id, signature FROM calls WHERE id IN ({', '.join('?' * len(sample))})", sample))
    return ours == theirs


def plant(path: Path) -> tuple[str, ...]:
    """An edited score and a removed signature, on two completed calls; their ids."""
    store = RecordStore.open(path, key=KEY)
    ids = tuple(r[0] for r in store.query("SELECT id FROM calls WHERE status = 'completed' ORDER BY id LIMIT 2"))
    store.conn.execute("UPDATE calls SET overall = overall + 7 WHERE id = ?", (ids[0],))
    store.conn.execute("UPDATE calls SET signature = NULL WHERE id = ?", (ids[1],))
    store.conn.commit()
    store.close()
    return ids


def distinct_paths(path: Path) -> int:
    """How many distinct (scenario, decision sequence) pairs the file holds."""
    with RecordStore.open(path, write=False) as store:
        rows = store.query("SELECT c.scenario_id, GROUP_CONCAT(d.node || ':' || d.choice, ',') FROM calls c JOIN "
                           "(SELECT * FROM decisions ORDER BY call_id, seq) d ON d.call_id = c.id "
                           "WHERE c.status = 'completed' GROUP BY c.id")
    return len(set(rows))


def build(path: Path, library: Library, calls: int, pool: int = 10_000, seed: int = 7,
          code: bool = True) -> Built:
    """The records file at `path` with `calls` calls (`pool` of them played; the module docstring), reused
    when it was built from the same scenarios, sizes and (`code`: for verify, whose figures depend on it)
    records and engine code; the report, which only reads the file, passes code=False."""
    import time

    pool = min(pool, calls)
    stamp = path.with_suffix(".stamp.json")
    key = fingerprint(library, calls, pool, seed, TRAINEES)
    data = fingerprint(library, calls, pool, seed, TRAINEES, code=False)
    if path.exists() and stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved.get("key") == key or (not code and saved.get("data") == data):
            return Built(path, calls, pool, saved["distinct"], tuple(saved["planted"]), saved["seconds"], True)
    began = time.perf_counter()
    pool_file = path.parent / f"pool-{pool}-{seed}.sqlite3"
    pool_stamp = pool_file.with_suffix(".stamp")
    pool_key = fingerprint(library, pool, seed, TRAINEES)
    if not (pool_file.exists() and pool_stamp.exists() and pool_stamp.read_text() == pool_key):
        _remove(pool_file)
        build_pool(pool_file, library, pool, seed)
        pool_stamp.write_text(pool_key)
    _remove(path)
    shutil.copy(pool_file, path)
    grow(path, calls, seed)
    planted = plant(path)
    distinct = distinct_paths(path)
    seconds = time.perf_counter() - began
    stamp.write_text(json.dumps({"key": key, "data": data, "planted": planted, "distinct": distinct,
                                 "seconds": seconds}))
    return Built(path, calls, pool, distinct, planted, seconds, False)


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        p.unlink(missing_ok=True)
