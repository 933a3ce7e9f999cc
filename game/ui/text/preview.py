"""`ardojo play --text --watch FILE`: play a scenario in the terminal while writing it (the window's
preview is game/ui/pygame/preview.py; `run_watch` picks one).

The terminal mode's own `take_call` plays the call; only its input is different: a reader thread
feeds typed lines into a queue, and while waiting for one the loop polls the `ScenarioWatcher`. When
the file is saved, the wait is interrupted: a valid version resumes the call where its decisions still
exist (or restarts it); a broken one prints the validation errors and waits for the next save.
Preview calls are practice on a draft: nothing is recorded. `q` quits.
"""

from __future__ import annotations

import argparse
import queue
import sys
import threading
from pathlib import Path
from typing import TextIO

from game.authoring.watch import Reload, Resumed, ScenarioWatcher, carry_over
from game.content.diagnostics import did_you_mean
from game.content.library import load_library
from game.content.model import Scenario
from game.engine.call import Decision
from game.engine.debrief import build_debrief
from game.engine.machine import compile_scenario
from game.ui.text.render import render_brief, render_debrief
from game.ui.text.terminal import take_call
from game.ui.text.terminal_io import Terminal

TICK = 0.05
QUIT = ("q", "quit")


class Reloaded(Exception):
    """The watched file was saved while waiting for input."""

    def __init__(self, update: Reload) -> None:
        super().__init__("scenario reloaded")
        self.update = update


class PreviewQuit(Exception):
    """The trainer typed q."""


class WatchingInput:
    """A `Terminal` read function: waits for a typed line while polling the watcher; raises `Reloaded`
    when the file changes, `PreviewQuit` on q, and EOFError at the end of input."""

    def __init__(self, watcher: ScenarioWatcher, out: TextIO, stream: TextIO) -> None:
        self.watcher = watcher
        self.out = out
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True, name="preview-input").start()

    def _pump(self, stream: TextIO) -> None:
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def __call__(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        while True:
            try:
                line = self.lines.get(timeout=TICK)
            except queue.Empty:
                update = self.watcher.poll()
                if update is not None:
                    self.out.write("\n")
                    raise Reloaded(update) from None
                continue
            if line is None:
                raise EOFError
            if line.strip().lower() in QUIT:
                raise PreviewQuit
            return line.rstrip("\r\n")


def _wait_for_valid(term: Terminal, update: Reload, path: str) -> Reload:
    """Show the problems of a broken save and wait until a save loads cleanly."""
    while not update.ok:
        term.say(f"\n*** {path} has problems; the call is paused until it is fixed:")
        for line in update.problems:
            term.say(f"  {line}")
        term.say(f"*** Save {path} again to continue (q quits).")
        try:
            while True:
                term.ask("")
                term.say(f"(waiting for a valid save of {path})")
        except Reloaded as reloaded:
            update = reloaded.update
    return update


def run_preview(path: Path, rulebook: Path | None = None, out: TextIO = sys.stdout,
                stream: TextIO = sys.stdin) -> int:
    """The live preview session; returns the exit code (0 when the trainer quits or input ends)."""
    watcher = ScenarioWatcher(path, rulebook)
    term = Terminal(out, WatchingInput(watcher, out, stream))
    shown = watcher.path.name
    term.say(f"AR Dojo live preview of {shown}: save the file to reload it; q quits. Calls are not recorded.\n")
    update = watcher.load()
    decisions: list[Decision] = []
    before: Scenario | None = None  # the version the decisions were taken on
    seed: int | None = None
    reloaded_now = False
    try:
        while True:
            update = _wait_for_valid(term, update, shown)
            scenario = update.scenario
            assert scenario is not None  # guaranteed by _wait_for_valid
            resumed = carry_over(compile_scenario(scenario), decisions, before, seed)
            brief = render_brief(scenario)
            if not reloaded_now:
                term.say(brief)
            else:
                term.say(reload_message(shown, resumed, len(decisions)))
            call = resumed.call
            try:
                take_call(term, call, brief)
                term.say(render_debrief(build_debrief(call, update.rulebook), scenario.persona.name.split()[0]))
                term.ask(f"Press Enter to call again, or save {shown} to see your changes (q quits): ")
                decisions, reloaded_now = [], False
            except Reloaded as reloaded:
                decisions, reloaded_now = list(call.state.decisions), True
                before, seed = call.scenario, call.seed
                call.close()
                update = reloaded.update
    except (PreviewQuit, EOFError):
        term.say("\nPreview ended.")
        return 0


def reload_message(shown: str, resumed: Resumed, taken: int) -> str:
    """What the preview says after a reload: resumed (and how far), or restarted, and which decision
    changed when one did."""
    why = f" ({resumed.changed})" if resumed.changed else ""
    if resumed.restarted:
        return f"*** Reloaded {shown}: the call starts again{why}.\n"
    if resumed.changed:
        return (f"*** Reloaded {shown}: kept {resumed.kept} of {taken} decisions; restarting from decision "
                f"{resumed.kept + 1}{why}.\n")
    return f"*** Reloaded {shown}: resumed after decision {resumed.kept} of {taken}.\n"


def watch_path(name: str | None, scenarios_dir: Path) -> Path | str:
    """The file to watch for `play --watch NAME`: NAME itself when it is a file, else the file of the
    scenario with that id in the scenarios folder. Returns an error message when there is none."""
    if not name:
        return "--watch needs the scenario file you are writing, e.g. ardojo play --watch my-call.yaml"
    if Path(name).is_file():
        return Path(name)
    if name.endswith((".yaml", ".yml")):
        return f"no such file: {name}"
    library = load_library([scenarios_dir])
    if name in library.scenarios:
        return Path(library.scenarios[name].path)
    hint = did_you_mean(name, library.scenarios) or "give the path of the file you are writing"
    return f"no scenario file or id '{name}' ({hint})"


def run_watch(args: argparse.Namespace) -> int:
    """`ardojo play --watch`: check the arguments, then run the preview in the window (or the terminal)."""
    target = watch_path(args.scenario, args.scenarios)
    if isinstance(target, str):
        print(f"error: {target}", file=sys.stderr)
        return 1
    if args.text:
        return run_preview(target, args.rulebook)
    from game.ui.pygame.display import display_problem
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from game.ui.pygame.preview import run_preview_window
    return run_preview_window(target, args.rulebook)
