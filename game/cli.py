"""The `ardojo` command line. Each subcommand lives in `game.commands.<name>`; user mistakes get one
clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from game import __version__
from game.records.store import RecordsError

#: Subcommand modules under game.commands, in help order. Add a module here to add a subcommand.
COMMANDS: tuple[str, ...] = (
    "play",
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


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. With `only`, just that subcommand's module is imported (each pulls in its
    own layers, so running one command does not pay for loading all of them)."""
    parser = argparse.ArgumentParser(prog="ardojo", description="AR Dojo: practise accounts-receivable calls.")
    parser.add_argument("--version", action="version", version=f"ardojo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is None or name == only:
            importlib.import_module(f"game.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `ardojo` and `python main.py`; returns the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
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
    except RecordsError as exc:
        from game.records.names import printable

        print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
