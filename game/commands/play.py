"""`ardojo play`: take a call in a window (or in the terminal with --text)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import db_option, open_store, print_problems, scenario_options
from game.content.library import Library, load_library
from game.records.programs import ProgramSet, load_program_set
from game.records.signing import signing_key


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help="take a call", description="Take a call with a client persona.")
    play.add_argument("scenario", nargs="?", help="scenario id or path to a scenario file (default: pick from a list)")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--name", help="trainee name (default: ask)")
    play.add_argument("--recall", action="store_true",
                      help="with --text: answer in your own words (the replies are hidden and your words are "
                           "matched to them offline; see docs/recall.md)")
    play.add_argument("--speak", action="store_true",
                      help="with --text: recall mode, speaking your replies into the microphone (Enter to start "
                           "and to stop; recognised offline, audio never stored)")
    play.add_argument("--program", metavar="ID", help="onboarding program to follow (default: the first one)")
    play.add_argument("--practice", action="store_true", help="free practice: no program, calls do not count")
    play.add_argument("--in-order", action="store_true",
                      help="author preview: show replies in file order instead of shuffled (practice only; "
                           "calls never count for a program)")
    play.add_argument("--replay", metavar="N,N,...",
                      help="with --text: play these replies and show the ending, scores and verdict (a correct "
                           "call log assumed; nothing recorded). Each N is the reply's number under its node in "
                           "the file (1 = first listed), not its place on screen; `ardojo analyze` prints "
                           "calls in this form")
    play.add_argument("--watch", action="store_true",
                      help="live preview while writing SCENARIO: reload it each time the file is saved "
                           "(window or --text; nothing is recorded)")
    db_option(play)
    scenario_options(play)
    play.set_defaults(func=run)


def _library_for(target: str | None, scenarios_dir: Path, rulebook: Path | None) -> tuple[Library, str | None]:
    """Load the library to play from; `target` may be a scenario id or a path to a scenario file."""
    if target and (target.endswith((".yaml", ".yml")) or Path(target).is_file()):
        library = load_library([Path(target)], rulebook)
        return library, next(iter(library.scenarios), None)
    return load_library([scenarios_dir], rulebook), target


def run(args: argparse.Namespace) -> int:
    from game.ui.text.terminal import Terminal, run_terminal

    if args.watch:
        from game.ui.text.preview import run_watch
        return run_watch(args)
    if (args.recall or args.speak) and not args.text:
        print("error: --recall and --speak play in the terminal: add --text (in the window, turn on \"Answer in "
              "my own words\" in the settings, F2)", file=sys.stderr)
        return 2
    if not args.text:
        from game.ui.pygame.display import display_problem
        problem = display_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 1
    library, scenario_id = _library_for(args.scenario, args.scenarios, args.rulebook)
    if args.replay is not None:
        return _replay(args, library, scenario_id)
    if library.diagnostics.has_errors or not library.scenarios:
        print_problems(library.diagnostics, sys.stderr)
        print("error: the scenarios have problems; run `ardojo validate` for the full list" if library.scenarios
              else "error: no playable scenario found", file=sys.stderr)
        if not library.scenarios or (args.scenario and scenario_id not in library.scenarios):
            return 1
    if scenario_id and scenario_id not in library.scenarios:
        print(f"error: no scenario '{scenario_id}'; known: {', '.join(library.scenarios)}", file=sys.stderr)
        return 1
    from_file = bool(args.scenario) and (args.scenario.endswith((".yaml", ".yml")) or Path(args.scenario).is_file())
    if from_file and args.program:
        print("error: a scenario file is played as practice; play it by its id to count it in a program",
              file=sys.stderr)
        return 1
    if args.in_order and args.program:
        print("error: --in-order is an author's preview; programs always shuffle the replies (drop --program)",
              file=sys.stderr)
        return 1
    # a file being written is not part of any program yet; an in-order preview never counts
    practice = args.practice or from_file or args.in_order
    programs = ProgramSet() if practice else load_program_set(args.scenarios, library.scenarios)
    if programs.diagnostics.has_errors:
        print_problems(programs.diagnostics, sys.stderr)
        print("error: the program files have problems; run `ardojo validate`, or play with --practice",
              file=sys.stderr)
        return 1
    program = programs.pick(args.program)
    if args.program and program is None:
        print(f"error: no program '{args.program}'; known: {', '.join(programs.programs) or 'none'}", file=sys.stderr)
        return 1
    # with the key in this process's environment every write is signed as it is made; see docs/programs.md
    # (threat model) for where the key should live instead on a shared machine
    key = signing_key()
    if not args.text:
        from game.ui.pygame.run import run_window
        with open_store(args.db, key=key) as store:
            return run_window(library, store, program, scenario_id, args.name, in_order=args.in_order)
    with open_store(args.db, key=key) as store:
        return run_terminal(Terminal(sys.stdout), library, scenario_id, args.name, store, program,
                            in_order=args.in_order, recall=args.recall, speak=args.speak)


def _replay(args: argparse.Namespace, library: Library, scenario_id: str | None) -> int:
    """`--replay`: play the given replies through the engine (game.authoring.replay)."""
    from game.authoring.replay import parse_replay, replay_call

    if not args.text:
        print("error: --replay plays in the terminal: add --text", file=sys.stderr)
        return 2
    if not scenario_id or scenario_id not in library.scenarios:
        print_problems(library.diagnostics, sys.stderr)
        known = ", ".join(library.scenarios) or "none"
        print(f"error: --replay needs a valid scenario id or file (known: {known})", file=sys.stderr)
        return 1
    try:
        choices = parse_replay(args.replay)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return replay_call(library.scenarios[scenario_id], choices, sys.stdout)
