"""Live preview: the ScenarioWatcher (with a fake clock), carrying a call over to a new version, and
`ardojo play --text --watch` really edited while it runs (a subprocess fed through a pipe)."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from authoring_helpers import FIXTURES, RULEBOOK_PATH, ROOT
from game.authoring.watch import ScenarioWatcher, carry_over
from game.engine.call import Decision
from game.engine.machine import compile_scenario

TRAP = FIXTURES / "trap.yaml"


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float = 1.0) -> None:
        self.now += seconds


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A scenario being written: a copy of the trap fixture with the real rulebook beside it."""
    shutil.copy(RULEBOOK_PATH, tmp_path / "rulebook.yaml")
    path = tmp_path / "trap.yaml"
    shutil.copy(TRAP, path)
    return path


def save(path: Path, text: str) -> None:
    """Write like an editor does, with a modification time that surely differs from the last one."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def poll_twice(watcher: ScenarioWatcher, clock: Clock):
    """A change is read only once it has settled: the first look notices it, the second loads it."""
    clock.tick()
    assert watcher.poll() is None
    clock.tick()
    return watcher.poll()


def test_a_valid_save_reloads_and_nothing_else_does(draft: Path) -> None:
    clock = Clock()
    watcher = ScenarioWatcher(draft, interval=0.25, clock=clock)
    first = watcher.load()
    assert first.ok and first.scenario.nodes["bonus"].client == "Go on."
    assert watcher.poll() is None  # too soon
    clock.tick()
    assert watcher.poll() is None  # nothing changed
    save(draft, draft.read_text(encoding="utf-8"))  # saved again, same bytes
    assert poll_twice(watcher, clock) is None
    save(draft, draft.read_text(encoding="utf-8").replace('"Go on."', '"Go on, edited."'))
    update = poll_twice(watcher, clock)
    assert update is not None and update.ok and update.scenario.nodes["bonus"].client == "Go on, edited."
    clock.tick()
    assert watcher.poll() is None


def test_a_broken_save_reports_its_errors_with_positions(draft: Path) -> None:
    clock = Clock()
    watcher = ScenarioWatcher(draft, clock=clock)
    watcher.load()
    text = draft.read_text(encoding="utf-8")
    save(draft, text.replace("goto: full-pay", "goto: full-payy"))
    update = poll_twice(watcher, clock)
    line = text.splitlines().index("        goto: full-pay") + 1
    assert update is not None and not update.ok and update.scenario is None
    assert any(p.startswith(f"{update.diagnostics.errors[0].pos.file}:{line}:15: error: choice 1 of node 'bonus' "
                            "goes to 'full-payy', which does not exist") for p in update.problems), update.problems
    save(draft, "nodes: [\n")
    broken = poll_twice(watcher, clock)
    assert not broken.ok and any(":2:1: error:" in p for p in broken.problems), broken.problems
    draft.unlink()
    gone = poll_twice(watcher, clock)
    assert not gone.ok and any("cannot read file" in p for p in gone.problems)
    save(draft, text)
    assert poll_twice(watcher, clock).ok


def test_a_rulebook_save_reloads_the_scenario(draft: Path) -> None:
    clock = Clock()
    watcher = ScenarioWatcher(draft, clock=clock)
    assert watcher.load().ok and watcher.rulebook_path == draft.parent / "rulebook.yaml"
    rules = watcher.rulebook_path.read_text(encoding="utf-8")
    save(watcher.rulebook_path, rules.replace("id: do-follow-up", "id: do-follow-through"))
    update = poll_twice(watcher, clock)
    assert not update.ok and any("do-follow-up" in p for p in update.problems)


def test_carry_over_resumes_while_the_decisions_still_exist(draft: Path) -> None:
    clock = Clock()
    watcher = ScenarioWatcher(draft, clock=clock)
    compiled = compile_scenario(watcher.load().scenario)
    played = carry_over(compiled, [Decision("greeting", 0), Decision("plain", 0)])
    assert (played.kept, played.dropped, played.call.ended) == (2, 0, True)
    text = draft.read_text(encoding="utf-8")
    # the client line changes: the whole path still exists
    save(draft, text.replace('"Hmm."', '"Hmm, let me think."'))
    again = carry_over(compile_scenario(poll_twice(watcher, clock).scenario), played.call.state.decisions)
    assert again.kept == 2 and again.call.steps[0].target == "plain"
    # `plain` is renamed: the first decision still exists, the second was taken at a node that is gone
    save(draft, text.replace("to: plain", "to: musing").replace("  plain:", "  musing:"))
    renamed = carry_over(compile_scenario(poll_twice(watcher, clock).scenario), played.call.state.decisions)
    assert (renamed.kept, renamed.dropped, renamed.call.node.id) == (1, 1, "musing")
    assert not renamed.restarted
    # a choice index that no longer exists stops the replay at once: the call restarts
    restart = carry_over(compiled, [Decision("greeting", 3)])
    assert restart.restarted and restart.call.node.id == "greeting" and not restart.call.steps


# --- the real thing ------------------------------------------------------------------------------

class Session:
    """`ardojo play --text --watch FILE` in a subprocess; stdout is read by a thread into a buffer."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "play", "--text", "--watch", str(path)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, cwd=path.parent, encoding="utf-8")
        self.chunks: queue.Queue[str] = queue.Queue()
        self.seen = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        while chunk := self.proc.stdout.read(1):
            self.chunks.put(chunk)

    def wait_for(self, *texts: str, timeout: float = 30) -> str:
        """Everything printed until all `texts` have appeared (in order); consumed from the buffer."""
        end = time.monotonic() + timeout
        while True:
            positions, start = [], 0
            for text in texts:
                found = self.seen.find(text, start)
                if found < 0:
                    break
                start = found + len(text)
                positions.append(start)
            if len(positions) == len(texts):
                shown, self.seen = self.seen[:start], self.seen[start:]
                return shown
            try:
                self.seen += self.chunks.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"waited for {texts}; the screen ends with:\n{self.seen[-1500:]}") from None

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()


def test_play_watch_follows_the_file_as_it_is_edited(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    session = Session(draft)
    try:
        session.wait_for("live preview of trap.yaml", "ACCOUNT BRIEF", 'Tia: "Trap Co."', "Your reply (1-2")
        session.send("2")
        session.wait_for('Tia: "Go on."', "Your reply (1-1")
        # 1. a valid edit: the call resumes where it was, showing the new line
        save(draft, text.replace('"Go on."', '"Go on, I am listening."'))
        session.wait_for("*** Reloaded trap.yaml: resumed after decision 1 of 1.",
                         'Tia: "Go on, I am listening."', "Your reply (1-1")
        # 2. a broken edit: the errors, with their positions, instead of a crash
        save(draft, text.replace("goto: full-pay", "goto: full-payy"))
        line = text.splitlines().index("        goto: full-pay") + 1
        shown = session.wait_for("trap.yaml has problems",
                                 f"trap.yaml:{line}:15: error: choice 1 of node 'bonus' goes to 'full-payy'",
                                 "Save trap.yaml again to continue")
        assert "Traceback" not in shown
        session.send("1")
        session.wait_for("(waiting for a valid save of trap.yaml)")
        # 3. fixed, but greeting's choice 2 is gone: the first decision no longer exists, so it restarts
        fewer = text[:text.index('      - say: "Small opener."')] + text[text.index("  bonus:"):]
        save(draft, fewer)
        session.wait_for("*** Reloaded trap.yaml: the call starts again (decision 1 at 'greeting' "
                         "(\"Small opener.\") no longer exists).",
                         'Tia: "Trap Co."', "Your reply (1-1")
        session.send("1")
        session.wait_for('Tia: "Hmm."', "Your reply (1-2")
        session.send("1")
        session.wait_for("-- The call has ended. --", "DEBRIEF", "Press Enter to call again")
        session.send("q")
        session.wait_for("Preview ended.")
        assert session.proc.wait(timeout=10) == 0
        assert "Traceback" not in session.proc.stderr.read()
    finally:
        if session.proc.poll() is None:
            session.proc.kill()
            session.proc.wait()


def test_play_watch_mistakes_get_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from game.cli import main

    assert main(["play", "--watch", "missing.yaml"]) == 1  # the window preview checks the file first
    assert capsys.readouterr().err == "error: no such file: missing.yaml\n"
    assert main(["play", "--text", "--watch", "crestview-dentl"]) == 1
    assert "no scenario file or id 'crestview-dentl' (did you mean 'crestview-dental'?)" in capsys.readouterr().err
    assert main(["play", "--text", "--watch", "missing.yaml"]) == 1
    assert capsys.readouterr().err == "error: no such file: missing.yaml\n"
