"""Saves of the window game are committed in the frame and made durable by a background thread
(game/ui/pygame/saving.py): what the next screen (or another process) reads includes them at once,
a game killed right after a save loses nothing, and the background thread does sync and checkpoint."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pygame
import pytest

from game.records.store import RecordStore
from game.ui.pygame import saving
from window_helpers import ROOT, best_place, sign_in


def _to_call(game) -> None:
    sign_in(game)
    game.key(pygame.K_RETURN)      # the focused card's brief
    game.key(pygame.K_RETURN)      # dial
    assert game.top.name == "call"


def _decisions(db: Path) -> list[tuple]:
    """The stored decisions, read through a connection of its own (as another process would)."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT * FROM decisions").fetchall()


def test_the_window_commits_without_waiting_for_the_disk(game) -> None:
    saves = game.app.director.saves
    assert saves is not None and saves.active
    conn = game.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1      # NORMAL: COMMIT does not fsync
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # checkpoints run in the background


def test_a_decision_is_readable_the_moment_its_frame_ends_and_synced_soon_after(game, tmp_path: Path) -> None:
    _to_call(game)
    before = len(_decisions(tmp_path / "records.sqlite3"))
    scene = game.top
    game.key(pygame.K_1 + best_place(scene.call))
    assert len(_decisions(tmp_path / "records.sqlite3")) == before + 1  # no wait for the background thread
    saves = game.app.director.saves
    assert saves.flush(10.0)
    assert saves.synced >= 1 and not saves.error


def test_the_next_screen_reads_the_finished_call(game) -> None:
    from window_helpers import fill_wrapup, play_to_end
    _to_call(game)
    play_to_end(game, best_place)
    game.key(pygame.K_RETURN)
    fill_wrapup(game)
    game.frames(2)
    assert game.top.name == "debrief"
    game.key(pygame.K_ESCAPE)
    assert game.top.name == "select"
    rows = list(game.store.calls(trainee=game.app.director.session.trainee, status="completed"))
    assert len(rows) == 1 and rows[0].overall is not None  # the select screen's own query sees it


def test_checkpoints_run_in_the_background(game, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(saving, "CHECKPOINT_BYTES", 1)
    _to_call(game)
    game.key(pygame.K_1 + best_place(game.top.call))
    saves = game.app.director.saves
    assert saves.flush(10.0)
    assert saves.checkpoints >= 1 and not saves.error
    with closing(sqlite3.connect(tmp_path / "records.sqlite3")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_records_file_not_in_wal_mode_is_left_alone(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "plain.sqlite3", isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
        before = conn.execute("PRAGMA synchronous").fetchone()[0]
        sync = saving.BackgroundSync(conn, tmp_path / "plain.sqlite3")
        assert not sync.active
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == before
        sync.saved()
        assert sync.flush(0.1)


KILLED_GAME = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    os.environ["SDL_VIDEODRIVER"] = "dummy"; os.environ["SDL_AUDIODRIVER"] = "dummy"
    sys.path.insert(0, str(Path(sys.argv[2])))
    import pygame
    from game.ui.pygame import saving
    saving.BackgroundSync._sync = lambda self: None          # a disk that never finishes: nothing synced by us
    from conftest import make_game
    from game.content.library import default_scenarios_dir, load_library
    from window_helpers import best_place, sign_in
    game = make_game(load_library([default_scenarios_dir()]), Path(sys.argv[1]), program=False)
    sign_in(game)
    game.key(pygame.K_RETURN); game.key(pygame.K_RETURN)
    for _ in range(2):
        game.key(pygame.K_1 + best_place(game.top.call)); game.frames(1)
    print("decided", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)                      # right after the frame that saved
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_a_game_killed_right_after_a_save_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "killed.sqlite3"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", KILLED_GAME, str(db), str(ROOT / "tests" / "ui" / "pygame")],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    assert "decided" in done.stdout
    store = RecordStore.open(db)
    try:
        assert store.integrity_problems() == []
        (trainee,) = store.trainees()
        (unfinished,) = store.unfinished_calls(trainee)
        assert len(store.decisions(unfinished.id)) == 2      # both decisions, though never synced by us
    finally:
        store.close()


def test_flush_and_close_on_a_wal_file(tmp_path: Path) -> None:
    db = tmp_path / "wal.sqlite3"
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
        sync = saving.BackgroundSync(conn, db)
        assert sync.active
        conn.execute("CREATE TABLE t (x)")
        for n in range(20):
            conn.execute("INSERT INTO t VALUES (?)", (n,))
            sync.saved()
        assert sync.flush(10.0) and sync.synced >= 1
        sync.close()
        assert not sync.active
        sync.saved()  # after close: nothing, no thread
        assert sync.flush(0.1)
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as other:
            assert other.execute("SELECT count(*) FROM t").fetchone()[0] == 20
