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
            resumed = carry_over(compile_scenario(update.scenario), old_call.state.decisions,
                                 before=old_call.scenario, seed=old_call.seed)
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
from game.content.model import Choice, Rulebook, Scenario
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
        self._rulebook: tuple[str, object] | None = None  # (digest, RulebookResult) of the last read

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
            # the rulebook is read again only when its bytes changed (most saves are of the scenario)
            if self._rulebook is None or self._rulebook[0] != self._digests[1]:
                self._rulebook = (self._digests[1], load_rulebook(self.rulebook_path, display_path(self.rulebook_path)))
            result = self._rulebook[1]
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
    """A call carried over to a new version of its scenario: `kept` decisions replayed, `dropped` not.
    `changed` says which decision stopped the replay and why (empty when every decision was kept)."""

    call: Call
    kept: int
    dropped: int
    changed: str = ""

    @property
    def restarted(self) -> bool:
        return self.kept == 0


def _said(choice: Choice, width: int = 50) -> str:
    text = " ".join(choice.say.split())
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "..."


def _same_target(old: str, new: str, before: Scenario | None, after: Scenario) -> bool:
    """The same node, or one renamed (the old id is gone from the new file and the new id is new)."""
    if old == new:
        return True
    return before is not None and old not in after.nodes and new not in before.nodes


def _meaning_changed(old: Choice, new: Choice, before: Scenario | None, after: Scenario) -> str:
    """What changed between two versions of one reply ('' when it still means the same)."""
    if " ".join(old.say.split()) != " ".join(new.say.split()):
        return "its text changed"
    if dict(old.mood) != dict(new.mood) or dict(old.score) != dict(new.score):
        return "its effects changed"
    if (old.rules, old.breaks, old.critical) != (new.rules, new.breaks, new.critical):
        return "the rules it follows or breaks changed"
    if len(old.routes) != len(new.routes) or any(
            str(a.condition or "") != str(b.condition or "") or not _same_target(a.target, b.target, before, after)
            for a, b in zip(old.routes, new.routes)):
        return "where it leads changed"
    return ""


def _authored(choice: Choice, node_id: str) -> bool:
    return bool(choice.id) and choice.id != f"{node_id}.{choice.index + 1}"


def match_choice(old: Choice, old_node: str, choices: Sequence[Choice]) -> Choice | None:
    """The reply in `choices` that is `old` in a new version of the node, by identity: the same authored
    `id:`; else (ids by position) the one reply with the same text; else the one at the same place
    with the same default id. None when the reply is gone."""
    if _authored(old, old_node):
        return next((c for c in choices if c.id == old.id), None)
    said = " ".join(old.say.split())
    same_text = [c for c in choices if " ".join(c.say.split()) == said]
    if len(same_text) == 1:
        return same_text[0]
    return next((c for c in choices if c.id == old.id and not _authored(c, old_node)), None)


def carry_over(compiled: CompiledScenario, decisions: Sequence[Decision], before: Scenario | None = None,
               seed: int | None = None) -> Resumed:
    """A new call on `compiled` replaying `decisions` by choice identity. With `before` (the version the
    decisions were taken on) each taken reply is found again by its stable id (or, for replies without
    an authored `id:`, by its text), wherever it now is in the node; the replay stops at the first
    decision whose node the call no longer reaches, whose reply no longer exists or whose reply changed
    meaning (text, effects or routes), and `changed` says which. Without `before`, decisions are
    replayed by position while the node and index still exist."""
    call = Call(compiled, seed)
    after = compiled.scenario
    kept, changed = 0, ""
    for number, decision in enumerate(decisions, 1):
        if call.ended:
            changed = f"decision {number} at '{decision.node}': the call now ends before it"
            break
        if decision.node != call.state.node:
            changed = (f"decision {number} was taken at '{decision.node}', which the call no longer reaches "
                       f"(it is now at '{call.state.node}')")
            break
        old = _old_choice(before, decision)
        if old is None:
            if not 0 <= decision.choice < len(call.options):
                changed = f"decision {number} at '{decision.node}' no longer exists"
                break
            index = decision.choice
        else:
            new = match_choice(old, decision.node, call.options)
            if new is None:
                changed = f"decision {number} at '{decision.node}' (\"{_said(old)}\") no longer exists"
                break
            why = _meaning_changed(old, new, before, after)
            if why:
                changed = f"decision {number} at '{decision.node}' (\"{_said(old)}\"): {why}"
                break
            index = new.index
        call.choose(index)
        kept += 1
    return Resumed(call, kept, len(decisions) - kept, changed)


def _old_choice(before: Scenario | None, decision: Decision) -> Choice | None:
    if before is None or decision.node not in before.nodes:
        return None
    choices = before.nodes[decision.node].choices
    return choices[decision.choice] if 0 <= decision.choice < len(choices) else None
