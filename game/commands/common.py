"""Options and helpers shared by several subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # imported where used, so a command loads only the layers it needs
    from game.content.diagnostics import Diagnostics
    from game.content.library import Library
    from game.records.store import RecordStore


def scenario_options(p: argparse.ArgumentParser) -> None:
    """--scenarios DIR and --rulebook FILE."""
    from game.content.data_dirs import scenarios_dir  # what library.default_scenarios_dir() returns

    p.add_argument("--scenarios", type=Path, default=scenarios_dir(), metavar="DIR",
                   help="the scenarios folder (default: %(default)s)")
    p.add_argument("--rulebook", type=Path, default=None, metavar="FILE",
                   help="the rulebook (default: rulebook.yaml beside the scenarios)")


def db_option(p: argparse.ArgumentParser) -> None:
    """--db PATH (else $ARDOJO_DB, else the user data folder)."""
    from game.records.paths import default_db_path

    p.add_argument("--db", metavar="PATH", default=None,
                   help=f"records database (default: $ARDOJO_DB or {default_db_path(None)})")


def open_store(db: str | None, write: bool = True, key: bytes | None = None) -> RecordStore:
    """Open the records database chosen by --db / $ARDOJO_DB / the default (RecordsError on problems);
    with `key`, every write is signed with it."""
    from game.records.paths import default_db_path
    from game.records.store import RecordStore

    return RecordStore.open(default_db_path(db), write=write, key=key)


def load_scenarios(args: argparse.Namespace) -> Library:
    """The library from --scenarios/--rulebook."""
    from game.content.library import load_library

    return load_library([args.scenarios], args.rulebook)


def print_problems(diags: Diagnostics, stream: TextIO | None = None) -> None:
    """Every diagnostic, one per line, in file order, on `stream` (default: the current stdout)."""
    for diag in diags.sorted():
        print(diag.format(), file=stream or sys.stdout)
