"""Live preview support, for any front end: notice when a scenario file (or its rulebook) is saved,
reload and validate it, and carry the call in progress over to the new version.

No new dependency and no threads: `ScenarioWatcher.poll()` is cheap enough to call every frame or
every tick of an input loop. It stats the files at most every `interval` seconds; when the size or
modification time changes it waits one more interval for the save to settle, then reads the file
and compares a SHA-256 of the bytes, so a `touch` or an editor re-saving the same text is ignored.

    watcher = ScenarioWatcher(path)
    update = watcher.load()                      # first load (always returns a Reload)
    ...
    update = watcher.poll()                      # None, or a Reload when the file changed
    if update is not None:
        if update.ok:
            resumed = carry_over(compile_scenario(update.scenario), old_call.state.decisions)
        else:
            show(update.problems)                # keep the old call on screen; wait for a good save
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from game.content.diagnostics import Diagnostics
from game.content.library import display_path, find_rulebook
from game.content.model import Rulebook, Scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario_text
from game.content.yaml_source import read_text
from game.engine.call import Call, Decision
from game.engine.machine import CompiledScenario

#: Seconds between two looks at the files.
POLL_INTERVAL = 0.25
Stamp = tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Reload:
    """One load of the watched scenario: the scenario (None when it has errors) and every diagnostic."""

    scenario: Scenario | None
    rulebook: Rulebook | None
    diagnostics: Diagnostics

    @property
    def ok(self) -> bool:
        """True when the scenario loaded without errors and can be played."""
        return self.scenario is not None and not self.diagnostics.has_errors

    @property
    def problems(self) -> list[str]:
        """Every diagnostic as a `file:line:col: severity: message` line, in file order."""
        return [d.format() for d in self.diagnostics.sorted()]


def _stamp(path: Path | None) -> Stamp:
    if path is None:
        return None
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _digest(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


class ScenarioWatcher:
    """Watches one scenario file and its rulebook; `load()` once, then `poll()` as often as you like."""

    def __init__(self, path: Path, rulebook: Path | None = None, *, interval: float = POLL_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.path = Path(path)
        self.rulebook_path = rulebook or find_rulebook(self.path)
        self.interval = interval
        self.clock = clock
        self.current: Reload | None = None
        self._stamps: tuple[Stamp, Stamp] = (None, None)
        self._pending: tuple[Stamp, Stamp] | None = None
        self._digests: tuple[str, str] = ("", "")
        self._next_look = 0.0

    def _looks(self) -> tuple[Stamp, Stamp]:
        return _stamp(self.path), _stamp(self.rulebook_path)

    def load(self) -> Reload:
        """Read, validate and remember the scenario now."""
        self._stamps = self._looks()
        self._pending = None
        self._digests = (_digest(self.path), _digest(self.rulebook_path))
        diags = Diagnostics()
        rulebook = None
        if self.rulebook_path is not None:
            result = load_rulebook(self.rulebook_path, display_path(self.rulebook_path))
            diags.extend(result.diagnostics.items)
            rulebook = result.rulebook
        display = display_path(self.path)
        text = read_text(self.path, diags, display)
        scenario = load_scenario_text(text, display, rulebook, diags).scenario if text is not None else None
        self.current = Reload(scenario if not diags.has_errors else None, rulebook, diags)
        self._next_look = self.clock() + self.interval
        return self.current

    def poll(self) -> Reload | None:
        """A new Reload when the scenario or rulebook was saved with different content, else None."""
        now = self.clock()
        if now < self._next_look:
            return None
        self._next_look = now + self.interval
        looks = self._looks()
        if looks == self._stamps:
            self._pending = None
            return None
        if looks != self._pending:  # changed since the last look: let the save settle first
            self._pending = looks
            return None
        digests = (_digest(self.path), _digest(self.rulebook_path))
        if digests == self._digests:  # touched or re-saved, same bytes
            self._stamps, self._pending = looks, None
            return None
        return self.load()


@dataclass(frozen=True, slots=True)
class Resumed:
    """A call carried over to a new version of its scenario: `kept` decisions replayed, `dropped` not."""

    call: Call
    kept: int
    dropped: int

    @property
    def restarted(self) -> bool:
        return self.kept == 0


def carry_over(compiled: CompiledScenario, decisions: Sequence[Decision]) -> Resumed:
    """A new call on `compiled` replaying `decisions` for as long as each one still exists: the call
    is at the node the decision was taken at and that node still has that choice."""
    call = Call(compiled)
    kept = 0
    for decision in decisions:
        if call.ended or decision.node != call.state.node or not 0 <= decision.choice < len(call.options):
            break
        call.choose(decision.choice)
        kept += 1
    return Resumed(call, kept, len(decisions) - kept)
