"""Opening the records file: checks before SQLite sees it, read-only opening that works in a read-only
folder, migrations that several processes can race on safely, and SQLite's integrity check.

* Read-only opening (`verify`, `report`, `xapi export`) uses `mode=ro`; in a folder the process cannot
  write (where SQLite cannot create the `-shm` file WAL mode needs) and with no `-wal` file holding
  unsaved changes, it falls back to `immutable=1`, which needs no lock files and misses nothing.
* A file at an older records schema opened read-only is upgraded in a temporary copy, never in place.
* Migrations run one step per `BEGIN IMMEDIATE` transaction and read the schema version *inside* it, so
  processes creating the same new file at once wait for each other instead of creating a table twice.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from game.records.rows import RecordsError
from game.records.schema import MIGRATIONS, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_SECONDS = 10
#: Less free space than this where the file lives, and an I/O failure is taken for a full disk.
FULL_BYTES = 1 << 20


def check_path(path: Path, write: bool) -> None:
    """Refuse, with one line, a path that is a folder, not SQLite, read-only (for writing) or missing
    (for reading); create the folder of a new file for writing."""
    if path.exists():
        if path.is_dir():
            raise RecordsError(f"{path} is a folder, not a records database")
        try:
            with path.open("rb") as fh:
                head = fh.read(len(SQLITE_MAGIC))
        except OSError as exc:
            raise RecordsError(f"cannot read {path}: {exc.strerror or exc}") from None
        if head and head != SQLITE_MAGIC:
            raise RecordsError(f"{path} is not an AR Dojo records database (not SQLite, or corrupted)")
        if write and not os.access(path, os.W_OK):
            raise RecordsError(f"cannot write to {path}: the file is read-only (use --db to pick another)")
        if write and not os.access(path.parent, os.W_OK):
            raise RecordsError(f"cannot write to {path}: its folder {path.parent} is read-only (use --db to pick "
                               "another)")
    elif write:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordsError(f"cannot create the records folder {path.parent}: {exc.strerror}") from None
    else:
        raise RecordsError(f"no records database at {path} (play a call first, or pass --db)")


def _uri(path: Path, mode: str, immutable: bool = False) -> str:
    return f"file:{quote(str(path))}?mode={mode}" + ("&immutable=1" if immutable else "")


def _probe(conn: sqlite3.Connection) -> int:
    """The schema version, reading the schema (corruption and unopenable files show here)."""
    conn.execute("PRAGMA foreign_keys = ON")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return version


def _has_unsaved_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def connect(path: Path, write: bool) -> tuple[sqlite3.Connection, int, bool]:
    """A connection to `path`, its schema version and whether it was opened immutable."""
    def attempt(mode: str, immutable: bool = False) -> tuple[sqlite3.Connection, int]:
        conn = sqlite3.connect(_uri(path, mode, immutable), uri=True, isolation_level=None, timeout=BUSY_SECONDS)
        try:
            return conn, _probe(conn)
        except sqlite3.DatabaseError:
            conn.close()
            raise
    try:
        try:
            conn, version = attempt("rwc" if write else "ro")
            return conn, version, False
        except sqlite3.OperationalError as exc:
            writable_folder = os.access(path.parent, os.W_OK)
            if write or "unable to open" not in str(exc) or writable_folder or _has_unsaved_wal(path):
                raise
        conn, version = attempt("ro", immutable=True)  # a read-only folder: no -shm can be made
        return conn, version, True
    except sqlite3.DatabaseError as exc:
        raise RecordsError(open_error(path, exc)) from None


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BYTES
    except OSError:
        return False


def open_error(path: Path, exc: sqlite3.DatabaseError) -> str:
    """One line on why `path` could not be opened: a full disk, a file SQLite cannot open, or damage."""
    text = str(exc)
    if "full" in text or ("I/O" in text or "unable to open" in text) and _disk_full(path.parent):
        return f"cannot open {path}: the disk is full ({text}); nothing was changed. Free some space and try again"
    if "unable to open" in text or "I/O" in text:
        return f"cannot open {path}: {text} (check the file and its folder can be read)"
    return f"cannot open {path}: {text} (is it corrupted?)"


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the database up to SCHEMA_VERSION, one transaction per step, the version read inside it."""
    try:
        while True:
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()
        raise RecordsError(f"cannot prepare {path}: {exc}") from None


def upgraded_copy(conn: sqlite3.Connection, path: Path) -> tuple[sqlite3.Connection, tempfile.TemporaryDirectory]:
    """An older-schema file opened read-only: copied to a temporary file and upgraded there (the original
    is never written). Returns the copy's connection and the folder to remove when done."""
    folder = tempfile.TemporaryDirectory(prefix="ardojo-records-")
    copy = Path(folder.name) / path.name
    try:
        target = sqlite3.connect(copy, isolation_level=None)
        with target:
            conn.backup(target)
        target.close()
        conn.close()
        new = sqlite3.connect(copy, isolation_level=None, timeout=BUSY_SECONDS)
        _probe(new)
    except (sqlite3.DatabaseError, OSError) as exc:
        folder.cleanup()
        raise RecordsError(f"cannot read {path}: {exc}") from None
    migrate(new, path)
    return new, folder


def integrity_problems(conn: sqlite3.Connection, full: bool = True, limit: int = 5) -> list[str]:
    """What SQLite's integrity check (`full`) or quick check finds wrong with the file ([] when it is ok)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}({limit})")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    if rows == ["ok"]:
        return []
    lines = [" ".join(line.split()) for row in rows for line in row.splitlines()]
    return [line for line in lines if line and not line.startswith("***")] or ["not ok"]
