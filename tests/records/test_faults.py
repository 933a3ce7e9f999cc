"""Faults at the edges of the records: a read-only data folder (with and without changes still in the
`-wal` file), a full disk mid-call, an old records file read read-only. Each degrades with one clear
line and loses nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from game.records.schema import SCHEMA_VERSION
from game.records.store import RecordStore
from records_helpers import ROOT, ardojo, complete_program, one_file_records, store_at

LINES = "\n" + "1\n" * 14


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def lock(folder: Path) -> bool:
    """Make `folder` and its files unwritable, even for root (chattr +i); False when that is impossible."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return True
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    done = subprocess.run([chattr, "+i", str(folder), *map(str, folder.iterdir())], capture_output=True)
    return done.returncode == 0 and not os.access(folder, os.W_OK)


def unlock(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder), *map(str, folder.iterdir())], capture_output=True)
    folder.chmod(0o755)


@pytest.fixture(params=["checkpointed", "changes in the -wal file"])
def read_only_folder(request: pytest.FixtureRequest, tmp_path: Path):
    """A data folder nobody can write to, holding Sam's completed program."""
    made, folder = tmp_path / "made", tmp_path / "data"
    made.mkdir()
    folder.mkdir()
    store = store_at(made / "records.sqlite3")
    try:
        complete_program(store, "Sam")
        if request.param == "checkpointed":
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.close()
        for file in made.iterdir():  # copied while the -wal file may still hold every call
            shutil.copy2(file, folder / file.name)
    finally:
        if request.param != "checkpointed":
            store.close()
    if request.param != "checkpointed":
        assert (folder / "records.sqlite3-wal").stat().st_size > 0
    if not lock(folder):
        pytest.skip("cannot make a folder read-only for root here (no chattr +i)")
    yield folder
    unlock(folder)


def test_read_only_commands_work_in_a_read_only_folder(read_only_folder: Path, tmp_path: Path) -> None:
    db = read_only_folder / "records.sqlite3"
    before = digests(read_only_folder)
    done = ardojo("verify", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("verify: ok: 3 completed calls"), done.stdout + done.stderr
    done = ardojo("report", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0 and "Sam" in done.stdout, done.stderr
    done = ardojo("report", "--format", "csv", "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("section,"), done.stderr
    out = tmp_path / "statements.jsonl"
    done = ardojo("xapi", "export", "-o", str(out), "--db", str(db), cwd=tmp_path)
    assert done.returncode == 0 and len(out.read_text().splitlines()) > 3, done.stderr
    for command in (["play", "--text", "--name", "Sam", "sunrise-bakery"], ["certificate", "--trainee", "Sam"]):
        done = ardojo(*command, "--db", str(db), stdin=LINES, cwd=tmp_path)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("error: cannot write to ") and "read-only" in line and "--db" in line, line
    assert digests(read_only_folder) == before


def test_an_old_records_file_is_read_read_only_without_changing_it(tmp_path: Path) -> None:
    """A file at records schema 3 opened read-only is upgraded in a temporary copy; the file is untouched."""
    db = one_file_records(tmp_path / "records.sqlite3")
    with closing(sqlite3.connect(db)) as conn:  # back to how schema 3 looked
        conn.executescript("DROP INDEX calls_by_trainee_seq; ALTER TABLE calls DROP COLUMN trainee_seq;"
                           "ALTER TABLE calls DROP COLUMN lease_owner; ALTER TABLE calls DROP COLUMN lease_until;"
                           "ALTER TABLE trainees DROP COLUMN calls; ALTER TABLE trainees DROP COLUMN sealed;"
                           "ALTER TABLE trainees DROP COLUMN signature; ALTER TABLE xapi_outbox DROP COLUMN signature;"
                           "ALTER TABLE calls DROP COLUMN abandoned_at; ALTER TABLE calls DROP COLUMN pauses;"
                           "ALTER TABLE decisions DROP COLUMN waited; ALTER TABLE decisions DROP COLUMN interrupted;"
                           "ALTER TABLE decisions DROP COLUMN elapsed;"
                           "DROP INDEX calls_by_week; ALTER TABLE calls DROP COLUMN campaign_week_id;"
                           "ALTER TABLE campaign_calls DROP COLUMN call_id;"
                           "ALTER TABLE campaign_weeks DROP COLUMN signature;"
                           "PRAGMA user_version = 3;")
    db.chmod(0o444)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with RecordStore.open(db, write=False) as store:
        assert [r.trainee_seq for r in store.calls()] == [1, 2, 3]
    done = ardojo("verify", "--db", str(db))
    assert done.returncode == 0 and done.stdout.startswith("verify: ok: 3 completed calls"), done.stdout
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    db.chmod(0o644)
    with RecordStore.open(db) as store:  # opened for writing, it is upgraded in place
        assert store.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 600 kB file system of its own (tmpfs), so it can be filled up; skipped where it cannot be mounted."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def test_a_full_disk_mid_call_is_one_clear_line_and_loses_nothing(small_disk: Path) -> None:
    db = small_disk / "records.sqlite3"
    env = {"ARDOJO_DB": str(db)}
    first = ardojo("play", "--text", "--name", "Sam", "sunrise-bakery", stdin=LINES, env=env)
    assert first.returncode == 0, first.stderr
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "play", "--text", "--name", "Sam",
                             "sunrise-bakery"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env={**os.environ, **env})
    proc.stdin.write("\n1\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # wait for the first decision to be saved
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            if conn.execute("SELECT COUNT(*) FROM decisions d JOIN calls c ON c.id = d.call_id WHERE "
                            "c.status = 'in_progress'").fetchone()[0]:
                break
        time.sleep(0.05)
    filler = fill(small_disk)
    out, err = proc.communicate("1\n" * 14, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in err, err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: cannot write to {db}: the disk is full (database or disk is full); "), line
    assert "was not saved" in line and "Free some space and try again" in line
    filler.unlink()
    with RecordStore.open(db, write=False) as store:
        calls = list(store.calls(trainee="Sam"))
        assert [c.status for c in calls] == ["completed", "in_progress"]
        saved = len(store.decisions(calls[1].id))
        assert saved >= 1
    resumed = ardojo("play", "--text", "--name", "Sam", "sunrise-bakery", stdin=LINES, env=env)
    assert resumed.returncode == 0 and f"after decision {saved}" in resumed.stdout, resumed.stdout[-1500:]
    done = ardojo("verify", env=env)
    assert done.returncode == 0 and done.stdout.startswith("verify: ok: 2 completed calls"), done.stdout


def test_a_full_disk_before_the_call_starts(small_disk: Path) -> None:
    db = small_disk / "records.sqlite3"
    env = {"ARDOJO_DB": str(db)}
    assert ardojo("play", "--text", "--name", "Sam", "sunrise-bakery", stdin=LINES, env=env).returncode == 0
    filler = fill(small_disk)
    done = ardojo("play", "--text", "--name", "Sam", "sunrise-bakery", stdin=LINES, env=env)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "the disk is full" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    filler.unlink()
    assert ardojo("verify", env=env).stdout.startswith("verify: ok: 1 completed call ")
