"""`ardojo play --watch` in the window: the real preview App in a hidden window on a scenario file being
edited in a temp folder. A valid save carries the call over, a broken one shows its problems over the
frozen call, the next valid save recovers; nothing is ever recorded."""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pygame
import pytest

from conftest import SCREENS
from game.ui.text.preview import run_watch
from game.authoring.watch import ScenarioWatcher
from game.content.library import default_scenarios_dir
from game.records.store import RecordStore
from game.ui.pygame.context import UI
from game.ui.pygame.preview import TRAINEE, PreviewApp, PreviewDirector, ProblemsScene
from game.ui.pygame.run import open_window
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.debrief import DebriefScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from game.ui.pygame.settings import Settings
from game.ui.pygame.voiceport import SilentVoice
from window_helpers import fill_wrapup, play_to_end

SCENARIO = "cash-strapped-sunrise-bakery.yaml"
FIRST_LINE = "Sunrise Bakery, this is Maria."


class Clock:
    """The watcher's clock, moved on by hand so every poll is on time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Preview:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.clock = Clock()
        window = open_window((1280, 720))
        pygame.event.clear()
        self.ui = UI(Settings(), window.get_size(), SilentVoice())
        self.director = PreviewDirector(self.ui, ScenarioWatcher(path, clock=self.clock))
        self.app = PreviewApp(self.ui, self.director, window)
        self.director.start(self.app)
        self.app.step(0)

    def frames(self, count: int = 1) -> None:
        for _ in range(count):
            self.app.step(1 / 60)

    @property
    def top(self):
        return self.app.top

    def key(self, key: int) -> None:
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
        self.frames()

    def type(self, text: str) -> None:
        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        self.frames()

    def save(self, text: str) -> None:
        """Write like an editor, then run frames over two watcher intervals (notice, then load)."""
        before = self.path.stat().st_mtime_ns
        self.path.write_text(text, encoding="utf-8")
        os.utime(self.path, ns=(before + 2_000_000_000, before + 2_000_000_000))
        for _ in range(2):
            self.clock.now += 1.0
            self.frames()


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    shutil.copy(default_scenarios_dir() / "rulebook.yaml", tmp_path / "rulebook.yaml")
    path = tmp_path / SCENARIO
    shutil.copy(default_scenarios_dir() / SCENARIO, path)
    return path


def test_saves_reload_the_call_show_problems_and_recover(draft: Path) -> None:
    db = Path(os.environ["ARDOJO_DB"])
    preview = Preview(draft)
    call = preview.app.top
    assert isinstance(call, CallScene) and call.top.trainee == TRAINEE  # straight to the call
    assert preview.ui.text.rendered_any([FIRST_LINE])
    preview.key(pygame.K_1)
    assert len(call.call.steps) == 1
    text = draft.read_text(encoding="utf-8")

    # a valid edit: the call is carried over with its decision
    preview.save(text.replace("it's pie week.", "it's pie week, sorry."))
    resumed = preview.app.top
    assert isinstance(resumed, CallScene) and resumed is not call
    assert len(resumed.call.steps) == 1 and "pie week, sorry" in resumed.call.steps[0].node.client
    assert preview.director.banner.text == f"Reloaded {SCENARIO}: kept 1 decision"
    assert preview.ui.text.rendered_any(["kept 1 decision"])

    # a broken edit: the problems on screen over the frozen call, no crash
    preview.save(text.replace("goto: which-invoices", "goto: which-invoicez"))
    overlay = preview.app.top
    assert isinstance(overlay, ProblemsScene) and preview.app.stack == [resumed, overlay]
    assert any(f"{SCENARIO}:" in p and "which-invoicez" in p for p in overlay.problems), overlay.problems
    preview.frames(3)
    assert preview.ui.text.rendered_any([f"{SCENARIO} has problems", "which-invoicez"])
    preview.key(pygame.K_2)  # the call is frozen: keys go to the overlay
    assert len(resumed.call.steps) == 1
    shot = preview.app.screenshot(SCREENS / "preview-errors.png")
    assert shot.stat().st_size > 0

    # fixed: the call comes back where it was
    preview.save(text)
    back = preview.app.top
    assert isinstance(back, CallScene) and len(preview.app.stack) == 1
    assert len(back.call.steps) == 1

    # an edit that removes the path taken (the first node renamed): the call starts again
    preview.save(text.replace("start: greeting", "start: hello").replace("\n  greeting:", "\n  hello:"))
    again = preview.app.top
    assert isinstance(again, CallScene) and not again.call.steps
    assert preview.director.banner.text == (f"Reloaded {SCENARIO}: restarted (decision 1 was taken at 'greeting', "
                                            "which the call no longer reaches (it is now at 'hello'))")

    # preview calls are never recorded
    if db.exists():
        with RecordStore.open(db) as store:
            assert store.calls() == []


def test_swapped_replies_carry_the_same_reply_over(draft: Path) -> None:
    """Issue 12: swapping two replies in the file replays the reply taken (by identity), not the one now
    in its place, so the call stays where it was instead of jumping elsewhere."""
    preview = Preview(draft)
    preview.key(pygame.K_1)
    call = preview.app.top.call
    taken, node = call.steps[0].choice, call.state.node
    scenario = call.scenario
    start = scenario.nodes[scenario.start]
    first, second = start.choices[0], start.choices[1]
    lines = draft.read_text(encoding="utf-8").splitlines(keepends=True)
    # the two replies' blocks, from one `- ` item line to the next, swapped in place
    a, b = first.pos.line - 1, second.pos.line - 1
    c = start.choices[2].pos.line - 1 if len(start.choices) > 2 else None
    assert c is not None
    lines[a:c] = lines[b:c] + lines[a:b]
    preview.save("".join(lines))
    resumed = preview.app.top
    assert isinstance(resumed, CallScene) and len(resumed.call.steps) == 1
    assert resumed.call.steps[0].choice.say == taken.say and resumed.call.state.node == node
    assert resumed.call.steps[0].choice.index != taken.index and not resumed.call.ended
    assert preview.director.banner.text == f"Reloaded {SCENARIO}: kept 1 decision"
    # reworded: the call restarts at that decision and the banner says which
    swapped = "".join(lines)
    assert swapped.count(taken.say) == 1
    preview.save(swapped.replace(taken.say, "Erm. " + taken.say))
    assert preview.director.resumed.restarted and not preview.app.top.call.steps
    assert preview.director.banner.text == (f"Reloaded {SCENARIO}: restarted (decision 1 at '{start.id}' "
                                            f"(\"{taken.say[:50].rsplit(' ', 1)[0]}...\"): its text changed)")


def test_a_file_broken_from_the_start_shows_its_problems_then_plays(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("start: greeting", "start: greetin"), encoding="utf-8")
    preview = Preview(draft)
    assert isinstance(preview.app.top, ProblemsScene) and len(preview.app.stack) == 1
    preview.frames(2)
    assert preview.ui.text.rendered_any(["greetin"])
    preview.key(pygame.K_1)  # nothing to answer: no crash
    preview.save(text)
    assert isinstance(preview.app.top, CallScene)
    assert preview.director.banner.text.endswith("restarted")


def test_a_finished_call_is_documented_debriefed_and_replayed_unrecorded(draft: Path) -> None:
    preview = Preview(draft)
    play_to_end(preview)
    preview.key(pygame.K_RETURN)  # Document the call
    assert isinstance(preview.top, WrapUpScene)
    fill_wrapup(preview)
    debrief = preview.top
    assert isinstance(debrief, DebriefScene) and preview.director.call is None
    preview.key(pygame.K_ESCAPE)  # back from the debrief: a new call on the same draft
    assert isinstance(preview.top, CallScene) and not preview.top.call.steps
    db = Path(os.environ["ARDOJO_DB"])
    if db.exists():
        with RecordStore.open(db) as store:
            assert store.calls() == []


def test_escape_asks_then_closes_the_preview(draft: Path) -> None:
    preview = Preview(draft)
    preview.key(pygame.K_ESCAPE)
    assert preview.app.top.name == "dialog"
    preview.key(pygame.K_ESCAPE)  # cancel: keep previewing
    assert isinstance(preview.app.top, CallScene) and preview.app.running
    preview.key(pygame.K_ESCAPE)
    preview.key(pygame.K_LEFT)  # focus "Close"
    preview.key(pygame.K_RETURN)
    assert not preview.app.running


def test_run_watch_without_text_checks_the_file_first(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = argparse.Namespace(text=False, scenario=str(tmp_path / "missing.yaml"), scenarios=tmp_path,
                              rulebook=None)
    assert run_watch(args) == 1
    assert "no such file" in capsys.readouterr().err
