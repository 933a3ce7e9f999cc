"""The `ardojo` command line: play, validate. User mistakes get one clear line and a non-zero exit."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from game import __version__
from game.content.diagnostics import Diagnostics
from game.content.library import Library, default_scenarios_dir, load_library
from game.records.paths import default_db_path
from game.records.store import RecordsError, RecordStore


def _library_for(target: str | None, scenarios_dir: Path, rulebook: Path | None) -> tuple[Library, str | None]:
    """Load the library to play from; `target` may be a scenario id or a path to a scenario file."""
    if target and (target.endswith((".yaml", ".yml")) or Path(target).is_file()):
        library = load_library([Path(target)], rulebook)
        only = next(iter(library.scenarios), None)
        return library, only
    return load_library([scenarios_dir], rulebook), target


def _print_problems(diags: Diagnostics, stream) -> None:
    for diag in diags.sorted():
        print(diag.format(), file=stream)


def cmd_play(args: argparse.Namespace) -> int:
    from game.ui.text.terminal import Terminal, run_terminal

    library, scenario_id = _library_for(args.scenario, args.scenarios, args.rulebook)
    if library.diagnostics.has_errors or not library.scenarios:
        _print_problems(library.diagnostics, sys.stderr)
        print("error: the scenarios have problems; run `ardojo validate` for the full list" if library.scenarios
              else "error: no playable scenario found", file=sys.stderr)
        if not library.scenarios or (args.scenario and scenario_id not in library.scenarios):
            return 1
    if scenario_id and scenario_id not in library.scenarios:
        print(f"error: no scenario '{scenario_id}'; known: {', '.join(library.scenarios)}", file=sys.stderr)
        return 1
    if not args.text:
        print("(the windowed game is not built yet; playing in the terminal)", file=sys.stderr)
    with open_store(args.db) as store:
        return run_terminal(Terminal(sys.stdout), library, scenario_id, args.name, store)


def cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [args.scenarios]
    library = load_library(paths, args.rulebook)
    diags = library.diagnostics
    errors, warnings = len(diags.errors), len(diags.warnings)
    if args.format == "json":
        print(json.dumps({"files": library.files_checked, "errors": errors, "warnings": warnings,
                          "diagnostics": [d.to_dict() for d in diags.sorted()]}, indent=2))
    else:
        _print_problems(diags, sys.stdout)
        plural = lambda n, word: f"{n} {word}{'' if n == 1 else 's'}"  # noqa: E731
        verdict = "ok" if not errors else "FAILED"
        print(f"{verdict}: {plural(library.files_checked, 'file')} checked, {plural(len(library.scenarios), 'scenario')}"
              f" valid, {plural(errors, 'error')}, {plural(warnings, 'warning')}")
    return 1 if errors or (args.strict and warnings) else 0


def db_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH", default=None,
                   help=f"records database (default: $ARDOJO_DB or {default_db_path(None)})")


def open_store(db: str | None, write: bool = True) -> RecordStore:
    return RecordStore.open(default_db_path(db), write=write)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ardojo", description="AR Dojo: practise accounts-receivable calls.")
    parser.add_argument("--version", action="version", version=f"ardojo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--scenarios", type=Path, default=default_scenarios_dir(), metavar="DIR",
                       help="the scenarios folder (default: %(default)s)")
        p.add_argument("--rulebook", type=Path, default=None, metavar="FILE",
                       help="the rulebook (default: rulebook.yaml beside the scenarios)")

    play = sub.add_parser("play", help="take a call", description="Take a call with a client persona.")
    play.add_argument("scenario", nargs="?", help="scenario id or path to a scenario file (default: pick from a list)")
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--name", help="trainee name (default: ask)")
    db_option(play)
    common(play)
    play.set_defaults(func=cmd_play)

    val = sub.add_parser("validate", help="check scenario files",
                         description="Check scenario files and folders; list every problem as file:line:col.")
    val.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the scenarios folder)")
    val.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    val.add_argument("--strict", action="store_true", help="fail on warnings too")
    common(val)
    val.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `ardojo` and `python main.py`; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except EOFError:
        print("\nInput ended; the call was not finished. Goodbye.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the call was not finished. Goodbye.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except RecordsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
