"""Crash-safety and several processes on one records file, with real `ardojo play --text` processes.

* 50 processes are killed with SIGKILL at random moments while they play (four at a time, five trainees
  sharing one file, so the same trainee is often in two processes at once); afterwards the file passes
  SQLite's integrity check, no call is lost or doubled, every unfinished call can be resumed (and one
  is, by a real process) and `verify` with the key is clean.
* Four processes opening one new file at the same moment, forty times: none fails.
* The same trainee in two windows: the call live in the first is not offered for resuming in the
  second, both calls are recorded, nothing crashes; once the first is killed its call is offered.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from game.engine.call import Call
from game.engine.machine import compile_scenario
from game.records.store import RecordStore
from game.records.verify import verify_store
from records_helpers import ROOT, library

KEY = "crash-test-key"
SCENARIO = "sunrise-bakery"
KILLS = 50
PARALLEL = 4
TRAINEES = ("Kim", "Lou", "Max", "Noa", "Oli")
#: What a scripted trainee types: Enter (dial, or resume an unfinished call), the first reply shown each
#: turn, then "1" into the call log until input ends (the call is then recorded without a log).
LINES = ["\n"] + ["1\n"] * 14


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ, ARDOJO_SIGNING_KEY=KEY, ARDOJO_DB=str(db), PYTHONUNBUFFERED="1")
    env.pop("DISPLAY", None)
    return env


def start(db: Path, name: str, out: Path) -> subprocess.Popen:
    """`ardojo play --text` for `name`, reading its answers from a pipe the test writes to."""
    with out.open("wb") as sink:
        return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "play", "--text", "--name", name, SCENARIO],
                                stdin=subprocess.PIPE, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT, env=_env(db))


def feed(proc: subprocess.Popen, lines: list[str], gap: float = 0.012) -> None:
    for line in lines:
        try:
            proc.stdin.write(line.encode())
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return
        time.sleep(gap)


class Player:
    """One scripted process. Once it has started (printed its greeting) it is fed a line every ~12 ms,
    and killed `kill_after` seconds later if still running (negative: during start-up)."""

    def __init__(self, db: Path, name: str, out: Path, kill_after: float) -> None:
        self.proc = start(db, name, out)
        self.out = out
        self.launched = time.monotonic()
        self.ready: float | None = None
        self.kill_after = kill_after
        self.next_line = 0
        self.killed = False

    def _kill(self) -> bool:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.killed = True
        return True

    def tick(self) -> bool:
        """Advance; True once the process is gone."""
        if self.proc.poll() is not None:
            return True
        now = time.monotonic()
        if self.ready is None:
            if self.kill_after < 0 and now - self.launched >= -self.kill_after:
                return self._kill()
            if self.out.stat().st_size == 0:
                return False
            self.ready = now
        if now - self.ready >= self.kill_after >= 0:
            return self._kill()
        due = int((now - self.ready) / 0.012) + 1
        while self.next_line < min(due, len(LINES)):
            try:
                self.proc.stdin.write(LINES[self.next_line].encode())
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError):
                break
            self.next_line += 1
        if self.next_line >= len(LINES) and not self.proc.stdin.closed:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        return False


def test_fifty_sigkills_lose_and_double_nothing(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    rng = random.Random(1123)
    running: list[Player] = []
    finished_ok = kills = started = 0
    failures: list[str] = []
    begun = time.monotonic()
    while kills < KILLS:
        while len(running) < PARALLEL and kills + len(running) < KILLS + 4:
            started += 1
            kill_after = -rng.uniform(0.05, 0.4) if rng.random() < 0.1 else rng.uniform(0.0, 0.45)
            running.append(Player(db, rng.choice(TRAINEES), tmp_path / f"out-{started}.txt", kill_after))
        for player in list(running):
            if player.tick():
                running.remove(player)
                if player.killed:
                    kills += 1
                elif player.proc.returncode == 0:
                    finished_ok += 1
                else:
                    failures.append(player.out.read_text(errors="replace"))
        time.sleep(0.004)
        assert time.monotonic() - begun < 120, "the kill test is taking far too long"
    for player in running:
        player.proc.kill()
        player.proc.wait()
    assert not failures, failures[0]  # a process that was not killed never failed (no UNIQUE, no "table exists")

    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        completed = conn.execute("SELECT COUNT(*) FROM calls WHERE status = 'completed'").fetchone()[0]
        # no decision stored twice or skipped: every call's decisions are numbered 1..n
        gaps = conn.execute("SELECT call_id FROM decisions GROUP BY call_id HAVING MAX(seq) != COUNT(*)").fetchall()
        numbered = conn.execute("SELECT COUNT(*), COUNT(DISTINCT trainee_id || '/' || trainee_seq) "
                                "FROM calls").fetchone()
    assert completed >= finished_ok and gaps == [] and numbered[0] == numbered[1]

    scenario = library().scenarios[SCENARIO]
    compiled = compile_scenario(scenario)
    with RecordStore.open(db, write=False) as store:
        report = verify_store(store, library().scenarios, KEY.encode())
        assert report.ok, [p.format() for p in report.problems]
        unfinished = [row for name in TRAINEES for row in store.unfinished_calls(name)]
        everything = list(store.calls(status="in_progress"))
        assert len(unfinished) == len(everything)  # none is held by a dead process
        for row in unfinished:
            Call.resume(compiled, row.state(store.decisions(row.id))).close()  # each one resumes
    if unfinished:  # and a real process resumes one and finishes it (the trainee's latest is offered first)
        row = [r for r in unfinished if r.trainee == unfinished[0].trainee][-1]
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", "--text", "--name", row.trainee,
                               SCENARIO], input="".join(LINES), capture_output=True, text=True, cwd=ROOT,
                              env=_env(db), timeout=60)
        assert done.returncode == 0 and "Resuming your call" in done.stdout, done.stdout[-2000:] + done.stderr
        with RecordStore.open(db, write=False) as store:
            assert store.call(row.id).status == "completed"
    print(f"{kills} kills, {finished_ok} finished, {completed} completed calls, {len(unfinished)} unfinished, "
          f"{time.monotonic() - begun:.1f} s")


def _open_many(folder: str, rounds: int, barrier, errors) -> None:
    for number in range(rounds):
        barrier.wait()
        try:
            RecordStore.open(Path(folder) / f"new-{number}.sqlite3").close()
        except Exception as exc:  # noqa: BLE001 - every failure is what this test counts
            errors.put(f"{type(exc).__name__}: {exc}")


def test_four_processes_creating_one_new_file_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier, errors = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_open_many, args=(str(tmp_path), 40, barrier, errors)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    found = []
    while not errors.empty():
        found.append(errors.get())
    assert found == [] and all(w.exitcode == 0 for w in workers), found[:3]
    with closing(sqlite3.connect(tmp_path / "new-39.sqlite3")) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 4


def _decisions(db: Path, name: str) -> int:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT COUNT(*) FROM decisions d JOIN calls c ON c.id = d.call_id JOIN trainees t ON "
                            "t.id = c.trainee_id WHERE t.name = ? AND c.status = 'in_progress'", (name,)).fetchone()[0]


def _wait_for_decisions(db: Path, name: str, count: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if db.exists() and _decisions(db, name) >= count:
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{name}'s call never reached {count} decisions")


def test_the_same_trainee_in_two_windows(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    first = start(db, "Twin", tmp_path / "first.txt")
    feed(first, LINES[:3])  # dials and makes two decisions, then waits (the window is still open)
    _wait_for_decisions(db, "Twin", 2)
    with RecordStore.open(db) as store:
        assert store.unfinished_calls("Twin") == []  # live in the first window: not offered here
    second = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", "--text", "--name", "Twin", SCENARIO],
                            input="".join(LINES), capture_output=True, text=True, cwd=ROOT, env=_env(db), timeout=60)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr
    assert "unfinished call" not in second.stdout  # the second window starts its own call
    feed(first, LINES[3:])
    first.stdin.close()
    assert first.wait(60) == 0, (tmp_path / "first.txt").read_text()[-2000:]
    assert "UNIQUE" not in (tmp_path / "first.txt").read_text()
    with RecordStore.open(db, write=False) as store:
        assert [r.status for r in store.calls(trainee="Twin")] == ["completed", "completed"]
        assert verify_store(store, library().scenarios, KEY.encode()).ok

    killed = start(db, "Twin", tmp_path / "killed.txt")  # a third call, killed mid-way
    feed(killed, LINES[:3])
    _wait_for_decisions(db, "Twin", 2)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    resumed = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", "--text", "--name", "Twin", SCENARIO],
                             input="".join(LINES), capture_output=True, text=True, cwd=ROOT, env=_env(db), timeout=60)
    assert resumed.returncode == 0 and "You have an unfinished call" in resumed.stdout, resumed.stdout[-2000:]
    assert "Resuming your call" in resumed.stdout
    with RecordStore.open(db, write=False) as store:
        assert [r.status for r in store.calls(trainee="Twin")] == ["completed"] * 3


@pytest.mark.parametrize("state", ["live", "dead"])
def test_a_lease_blocks_writes_only_while_its_process_lives(tmp_path: Path, state: str) -> None:
    """A window that lost its call to another process (lease taken over) gets one clear line, not a
    UNIQUE crash; a dead owner's lease is no obstacle."""
    from game.records.leases import owner_token
    from game.records.store import RecordsError

    db = tmp_path / "records.sqlite3"
    other = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        host = owner_token().split("|")[0]
        with RecordStore.open(db) as store:
            comp = compile_scenario(library().scenarios[SCENARIO])
            call_id = store.start_call("Pat", comp.scenario)
            call = Call(comp)
            call.choose(0)
            if state == "dead":
                other.stdin.close()
                other.wait()
            store.conn.execute("UPDATE calls SET lease_owner = ? WHERE id = ?", (f"{host}|{other.pid}||x", call_id))
            if state == "live":
                assert store.unfinished_calls("Pat") == [] and not store.claim(call_id)
                with pytest.raises(RecordsError, match="being played in another window"):
                    store.record_step(call_id, call)
                assert not store.abandon_call(call_id)
            else:
                assert [r.id for r in store.unfinished_calls("Pat")] == [call_id] and store.claim(call_id)
                store.record_step(call_id, call)
    finally:
        if other.poll() is None:
            other.kill()
            other.wait()
