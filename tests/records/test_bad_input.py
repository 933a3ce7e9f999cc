"""Bad input through the CLI, as a user meets it: a database from a newer AR Dojo, a read-only or
corrupted database, malformed program files. Each gives one clear line, a non-zero exit, no traceback,
and leaves the records file exactly as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from game.records.schema import SCHEMA_VERSION
from records_helpers import SCENARIOS, ardojo, one_file_records

COMMANDS = {
    "verify": ["verify"],
    "certificate": ["certificate", "--trainee", "Sam"],
    "play": ["play", "--text", "--name", "Sam", "sunrise-bakery"],
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pages_digest(path: Path) -> str:
    """The digest of everything after the 100-byte SQLite header (opening for writing may switch the
    header to WAL mode; the pages holding the records must not change)."""
    return hashlib.sha256(path.read_bytes()[100:]).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A records file holding Sam's completed program, checkpointed into the one file."""
    return one_file_records(tmp_path / "records.sqlite3")


def run(command: str, db: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    return ardojo(*COMMANDS[command], "--db", str(db), stdin="\n" + "1\n" * 30, cwd=tmp_path)


def one_line_error(done: subprocess.CompletedProcess, *needles: str) -> None:
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for needle in needles:
        assert needle in lines[0]


@pytest.mark.parametrize("command", COMMANDS)
def test_database_from_a_newer_version(db: Path, tmp_path: Path, command: str) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    before = digest(db)
    one_line_error(run(command, db, tmp_path), "was written by a newer AR Dojo", "upgrade AR Dojo")
    assert digest(db) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_not_a_database(tmp_path: Path, command: str) -> None:
    path = tmp_path / "records.sqlite3"
    path.write_bytes(b"PK\x03\x04 a zip file, or anything else that is not SQLite" * 50)
    before = digest(path)
    one_line_error(run(command, path, tmp_path), "is not an AR Dojo records database")
    assert digest(path) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_corrupted_database(db: Path, tmp_path: Path, command: str) -> None:
    # Scramble the pages that hold the calls and their decisions (their tables' root pages), not the
    # schema: the records still open, and what they hold is damaged (the schema may span several pages).
    with sqlite3.connect(db) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [r for (r,) in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN ('calls', 'decisions')")]
    conn.close()
    data = bytearray(db.read_bytes())
    assert len(roots) == 2 and all(r > 1 for r in roots)
    for root in roots:
        for i in range((root - 1) * size + 8, root * size, 7):  # past the page header
            data[i] = (data[i] * 31 + 7) % 256
    db.write_bytes(bytes(data))
    before = pages_digest(db)
    done = run(command, db, tmp_path)
    if command == "verify":  # verify reports the damage and whatever it can still read, and fails
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert f"records: corrupt: {db} fails SQLite's integrity check: " in done.stdout
        assert done.stdout.splitlines()[-1].startswith("verify: FAILED: ")
    else:
        one_line_error(done, str(db))
    assert pages_digest(db) == before


def make_read_only(path: Path) -> bool:
    """Make `path` unwritable even for root (chattr +i); False when that is not possible here."""
    path.chmod(0o444)
    if os.geteuid() != 0:
        return True
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    done = subprocess.run([chattr, "+i", str(path)], capture_output=True)
    return done.returncode == 0 and not os.access(path, os.W_OK)


def test_read_only_database(db: Path, tmp_path: Path) -> None:
    if not make_read_only(db):
        pytest.skip("cannot make a file read-only for root here (no chattr +i)")
    try:
        before = digest(db)
        for command in ("play", "certificate"):
            one_line_error(run(command, db, tmp_path), "the file is read-only", "--db")
        done = run("verify", db, tmp_path)  # reading needs no write access
        assert done.returncode == 0 and done.stdout.startswith("verify: ok: 3 completed calls"), done.stderr
        assert digest(db) == before
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(db)], capture_output=True)
        db.chmod(0o644)


def test_missing_database_for_verify(tmp_path: Path) -> None:
    one_line_error(ardojo("verify", "--db", str(tmp_path / "none.sqlite3")), "no records database at")
    assert not (tmp_path / "none.sqlite3").exists()


def test_malformed_program_files(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(SCENARIOS, folder)
    (folder / "programs" / "broken.yaml").write_text("format: 1\nid: broken\nid: again\ntitle: B\nscenarios: [sunrise-bakery]\n", encoding="utf-8")
    before = digest(db)
    for command in ("play", "certificate"):
        done = ardojo(*COMMANDS[command], "--db", str(db), "--scenarios", str(folder), stdin="\n")
        assert done.returncode == 1 and "Traceback" not in done.stderr
        lines = done.stderr.strip().splitlines()
        assert lines[0].endswith("broken.yaml:3:1: error: duplicate key 'id' (first at line 2) (hint: YAML would "
                                 "silently keep only the last one; rename or remove one of them)")
        assert lines[-1].startswith("error: the program files have problems; run `ardojo validate`")
    done = ardojo("play", "--text", "--practice", "--name", "Sam", "sunrise-bakery", "--db", str(db),
                  "--scenarios", str(folder), stdin="\n" + "1\n" * 30)
    assert done.returncode == 0, done.stderr  # free practice does not need the programs
    assert digest(db) != before  # ...and was recorded
