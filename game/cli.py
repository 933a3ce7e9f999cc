"""The `ardojo` command line. Each subcommand lives in `game.commands.<name>`; user mistakes get one
clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from game import __version__

#: Subcommand modules under game.commands, in help order. Add a module here to add a subcommand.
COMMANDS: tuple[str, ...] = (
    "play",
    "campaign",
    "validate",
    "migrate",
    "new",
    "schema",
    "graph",
    "analyze",
    "report",
    "verify",
    "certificate",
    "xapi",
)


#: The one-line help of each subcommand, for `ardojo --help` without importing any command module
#: (tests/commands/test_cli_startup.py checks each matches the help its module registers).
SUMMARIES: dict[str, str] = {
    "play": "take a call",
    "campaign": "play a week on the collections desk",
    "validate": "check scenario files",
    "migrate": "update older scenario files",
    "new": "write a starter scenario",
    "schema": "JSON Schemas for editors",
    "graph": "draw a scenario's dialogue as a diagram",
    "analyze": "analyze scenarios: paths, best call, dominated choices, rules, gaming, difficulty",
    "report": "progress and weak spots for trainers",
    "verify": "check stored calls and certificates",
    "certificate": "write program certificates (one trainee, or --all)",
    "xapi": "export or send the calls as xAPI statements",
}


def build_parser(only: str | None = None, *, lazy: bool = False) -> argparse.ArgumentParser:
    """The argument parser. With `only`, just that subcommand's module is imported (each pulls in its
    own layers, so running one command does not pay for loading all of them). With `lazy`, no command
    module is imported: every subcommand is listed by its summary (enough for `ardojo --help`)."""
    parser = argparse.ArgumentParser(prog="ardojo", description="AR Dojo: practise accounts-receivable calls.")
    parser.add_argument("--version", action="version", version=f"ardojo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if lazy and only != name:
            sub.add_parser(name, help=SUMMARIES[name])
        elif only is None or name == only:
            importlib.import_module(f"game.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `ardojo` and `python main.py`; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = words[0] if words and words[0] in COMMANDS else None
    # no subcommand (help, version, a mistake): list the commands without importing any of them
    parser = build_parser(command, lazy=command is None)
    args = parser.parse_args(words)
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
    except Exception as exc:  # the records layer is imported only by the commands that use it
        from game.records.store import RecordsError

        if not isinstance(exc, RecordsError):
            raise
        from game.records.names import printable

        print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
