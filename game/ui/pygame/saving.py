"""Saving to the records without a frame waiting for the disk.

Every save of the window game (a decision, a call started or finished, a sign-in) is one SQLite
transaction on the game thread, as before: the same connection, the same order, so whatever the next
screen reads already includes it. What no longer happens on the game thread is waiting for the disk.
With the records in WAL mode SQLite's default (`synchronous = FULL`) calls fsync on every COMMIT,
and on a busy disk that took 50-150 ms, inside the frame that saved. `BackgroundSync` sets
`synchronous = NORMAL`: COMMIT writes the transaction to the WAL file (the operating system holds it:
a crash of the game, even SIGKILL, loses nothing) and returns; a background thread then calls fsync
on the WAL file, so the save is on the disk itself a few milliseconds later, off the frame. It also
runs SQLite's checkpoints (copying the WAL into the database file, which syncs both), which would
otherwise run inside some COMMIT on the game thread (`wal_autocheckpoint = 0` there).

What a power cut can cost: the saves of the last few milliseconds (those not yet synced), never
consistency (WAL). A records file not in WAL mode, or one opened read-only, is left as it is.
"""

from __future__ import annotations

import atexit
import os
import sqlite3
import threading
import time
import weakref
from pathlib import Path
from typing import Any

CHECKPOINT_BYTES = 1024 * 1024
"""A checkpoint runs in the background once the WAL file holds this much."""

CHECKPOINT_SECONDS = 30.0
"""... or when this long has passed since the last one and something was saved meanwhile."""

IDLE_EXIT_SECONDS = 30.0
"""The thread ends after this long with nothing to sync; the next `saved()` starts a new one."""

_live: "weakref.WeakSet[BackgroundSync]" = weakref.WeakSet()


class BackgroundSync:
    """Durability of the records' saves moved to a background thread (module docstring).

    `saved()` after a save (microseconds), `flush(timeout)` waits until everything saved so far is on
    the disk, `close()` flushes and stops the thread. `active` is False when the records were left as
    they were (not WAL, read-only, not POSIX); then every method is a no-op and each COMMIT syncs as
    SQLite does by default.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | str) -> None:
        self.path = Path(path)
        self.wal = Path(f"{self.path}-wal")
        self.active = False
        self.synced = 0
        """How many times the thread synced the WAL file (tests read it)."""
        self.checkpoints = 0
        self.error = ""
        self._wanted = 0   # saves announced
        self._done = 0     # saves known to be on the disk
        self._cond = threading.Condition()
        self._closing = False
        self._last_checkpoint = time.monotonic()
        self._thread: threading.Thread | None = None
        if os.name != "posix":
            return
        try:
            mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal" or conn.execute("PRAGMA query_only").fetchone()[0]:
                return
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        except sqlite3.DatabaseError:
            return
        self.active = True
        _live.add(self)

    def _ensure_thread(self) -> None:
        """Start the background thread unless it runs (called with the condition held)."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="ardojo-records-sync", daemon=True)
            self._thread.start()

    # -- the game thread ------------------------------------------------------------------------
    def saved(self) -> None:
        """Something was committed: sync it to the disk soon (returns at once)."""
        if not self.active:
            return
        with self._cond:
            self._wanted += 1
            self._ensure_thread()
            self._cond.notify_all()

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every save announced so far is on the disk; False if `timeout` passed first."""
        if not self.active:
            return True
        deadline = time.monotonic() + timeout
        with self._cond:
            target = self._wanted = self._wanted + 1  # also whatever was saved unannounced
            self._ensure_thread()
            self._cond.notify_all()
            while self._done < target and self._thread is not None and self._thread.is_alive():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return self._done >= target

    def close(self, timeout: float = 2.0) -> None:
        """Flush (up to `timeout` seconds) and stop the thread."""
        if not self.active:
            return
        self.flush(timeout)
        with self._cond:
            self._closing = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        self.active = False

    # -- the background thread --------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                if self._done >= self._wanted and not self._closing:
                    self._cond.wait(IDLE_EXIT_SECONDS)
                if self._done >= self._wanted:  # closing, or idle for a long while: the next save restarts it
                    self._thread = None
                    return
                target = self._wanted
            self._sync()
            self._maybe_checkpoint(self._stat())
            with self._cond:
                self._done = max(self._done, target)
                self._cond.notify_all()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.wal)
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def _sync(self) -> None:
        """fsync the WAL file (any descriptor of the file flushes it) and, the first time, its folder."""
        try:
            fd = os.open(self.wal, os.O_RDONLY)
        except OSError:
            return  # no WAL file (yet, or after a clean close): nothing to sync
        try:
            os.fsync(fd)
            self.synced += 1
        except OSError as exc:
            self.error = str(exc)
        finally:
            os.close(fd)
        if self.synced == 1:
            _sync_folder(self.wal.parent)

    def _maybe_checkpoint(self, stat: tuple[int, int] | None) -> None:
        """Copy the WAL into the database file when it grew big or a while passed (PASSIVE: never waits
        for the game's connection), through a connection of this thread's own, closed again at once (so
        the game's own close stays the last one, which removes the WAL file); SQLite syncs both files."""
        size = stat[0] if stat is not None else 0
        if size < CHECKPOINT_BYTES and (size == 0 or time.monotonic() - self._last_checkpoint < CHECKPOINT_SECONDS):
            return
        try:
            conn = sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=0, isolation_level=None)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                self.checkpoints += 1
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            self.error = str(exc)
        self._last_checkpoint = time.monotonic()


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def for_store(store: Any) -> BackgroundSync | None:
    """A BackgroundSync for a writable RecordStore (its `conn` and `path`), else None."""
    conn, path = getattr(store, "conn", None), getattr(store, "path", None)
    if not isinstance(conn, sqlite3.Connection) or path is None or not getattr(store, "writable", True):
        return None
    sync = BackgroundSync(conn, path)
    return sync if sync.active else None


@atexit.register
def _flush_all() -> None:
    """At exit, give the background syncs a moment to finish (they are daemon threads)."""
    for sync in list(_live):
        sync.flush(1.0)
