"""Several records files read as one, for classroom PCs without an LRS: each file's trainees, calls and
decisions are copied into one throw-away database (trainees matched by name, calls by id) that the
report then reads like any other. A call found in several files counts once: the copy that got
furthest (completed, then abandoned, then unfinished; then the most decisions) is kept, and its
decisions are the union of the copies' (by sequence number). Campaign weeks are copied too (by id; the
copy that got furthest). The files themselves are never changed.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from game.records.store import RecordStore

#: Which copy of a call found in two files is kept: the one that got furthest.
RANK = {"completed": 2, "abandoned": 1, "in_progress": 0}


@dataclass(frozen=True, slots=True)
class Source:
    """One records file merged: its path, its calls, and how many of them another file had too."""

    path: str
    calls: int
    duplicates: int


@dataclass
class Merged:
    """The merged store (closing it removes the throw-away file) and what went into it."""

    store: RecordStore
    sources: list[Source]
    folder: tempfile.TemporaryDirectory

    def close(self) -> None:
        self.store.close()
        self.folder.cleanup()

    @property
    def note(self) -> str:
        """One sentence saying which files were merged."""
        dup = sum(s.duplicates for s in self.sources)
        files = "; ".join(f"{s.path} ({s.calls:,} call{'s' * (s.calls != 1)})" for s in self.sources)
        tail = f"; {dup:,} call{'s' * (dup != 1)} found in more than one file counted once" if dup else ""
        return f"{len(self.sources)} records files merged: {files}{tail}"


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def merge(paths: list[Path], opener: Callable[[Path], RecordStore | None]) -> Merged:
    """Merge the records files at `paths` (each opened with `opener`, which may return None for an empty
    file) into one throw-away store opened for reading."""
    folder = tempfile.TemporaryDirectory(prefix="ardojo-merge-")
    target_path = Path(folder.name) / "merged.sqlite3"
    sources: list[Source] = []
    try:
        with RecordStore.open(target_path, write=True) as target:
            conn = target.conn
            conn.execute("DROP INDEX IF EXISTS calls_by_trainee_seq")  # each PC numbers its own calls
            call_cols = _columns(conn, "calls")
            decision_cols = _columns(conn, "decisions")
            seen: dict[str, tuple[int, int]] = {}
            for path in paths:
                source = opener(path)
                if source is None:
                    sources.append(Source(str(path), 0, 0))
                    continue
                with source:
                    sources.append(_copy(source.conn, conn, str(path), call_cols, decision_cols, seen))
        return Merged(RecordStore.open(target_path, write=False), sources, folder)
    except BaseException:
        folder.cleanup()
        raise


def _copy(src, dst, label: str, call_cols: list[str], decision_cols: list[str],
          seen: dict[str, tuple[int, int]]) -> Source:
    """Copy one file's trainees, calls and decisions into `dst`; `seen` holds each call id copied so far
    with its rank and decision count."""
    ids: dict[int, int] = {}
    dst.execute("BEGIN")
    for tid, name, created in src.execute("SELECT id, name, created_at FROM trainees"):
        dst.execute("INSERT OR IGNORE INTO trainees (name, created_at) VALUES (?, ?)", (name, created))
        ids[tid] = dst.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()[0]
    cols = [c for c in call_cols if c in set(_columns(src, "calls"))]
    at = {c: i for i, c in enumerate(cols)}
    counts = dict(src.execute("SELECT call_id, COUNT(*) FROM decisions GROUP BY call_id"))
    calls = duplicates = 0
    keep: set[str] = set()
    for row in src.execute(f"SELECT {', '.join(cols)} FROM calls"):
        calls += 1
        values = list(row)
        values[at["trainee_id"]] = ids.get(values[at["trainee_id"]], values[at["trainee_id"]])
        call_id = values[at["id"]]
        rank = (RANK.get(values[at["status"]], 0), counts.get(call_id, 0))
        if call_id in seen:
            duplicates += 1
            if rank <= seen[call_id]:
                keep.add(call_id)  # decisions still merged by seq below
                continue
            dst.execute("DELETE FROM calls WHERE id = ?", (call_id,))
        seen[call_id] = rank
        keep.add(call_id)
        dst.execute(f"INSERT INTO calls ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", values)
    dcols = [c for c in decision_cols if c in set(_columns(src, "decisions"))]
    dst.executemany(f"INSERT OR IGNORE INTO decisions ({', '.join(dcols)}) VALUES ({', '.join('?' for _ in dcols)})",
                    (r for r in src.execute(f"SELECT {', '.join(dcols)} FROM decisions") if r[0] in keep))
    _copy_weeks(src, dst, ids)
    dst.execute("COMMIT")
    return Source(label, calls, duplicates)


def _copy_weeks(src, dst, ids: dict[int, int]) -> None:
    """Copy one file's campaign weeks and their graded calls (weeks identified by id; a week found in two
    files keeps the copy that got furthest: completed, then the most calls)."""
    week_cols = [c for c in _columns(dst, "campaign_weeks") if c in set(_columns(src, "campaign_weeks"))]
    if not week_cols:
        return
    at = {c: i for i, c in enumerate(week_cols)}
    graded_cols = [c for c in _columns(dst, "campaign_calls") if c in set(_columns(src, "campaign_calls"))]
    counts = dict(src.execute("SELECT week_id, COUNT(*) FROM campaign_calls GROUP BY week_id"))
    for row in src.execute(f"SELECT {', '.join(week_cols)} FROM campaign_weeks"):
        values = list(row)
        values[at["trainee_id"]] = ids.get(values[at["trainee_id"]], values[at["trainee_id"]])
        week_id = values[at["id"]]
        rank = (values[at["status"]] == "completed", counts.get(week_id, 0))
        old = dst.execute("SELECT status, (SELECT COUNT(*) FROM campaign_calls WHERE week_id = ?) FROM campaign_weeks "
                          "WHERE id = ?", (week_id, week_id)).fetchone()
        if old is not None and rank <= (old[0] == "completed", old[1]):
            continue
        if old is not None:
            dst.execute("DELETE FROM campaign_weeks WHERE id = ?", (week_id,))
            dst.execute("DELETE FROM campaign_calls WHERE week_id = ?", (week_id,))
        dst.execute(f"INSERT INTO campaign_weeks ({', '.join(week_cols)}) VALUES ({', '.join('?' for _ in week_cols)})",
                    values)
        dst.executemany(f"INSERT OR IGNORE INTO campaign_calls ({', '.join(graded_cols)}) VALUES "
                        f"({', '.join('?' for _ in graded_cols)})",
                        src.execute(f"SELECT {', '.join(graded_cols)} FROM campaign_calls WHERE week_id = ?",
                                    (week_id,)).fetchall())
