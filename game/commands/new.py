"""`ardojo new`: write a starter scenario to edit: schema line, comments, a small real dialogue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.authoring.starters import STARTERS
from game.authoring.templates import render_starter
from game.content.fields import KEBAB, slug


def register(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="write a starter scenario",
                         description="Write a starter scenario that validates and plays: a schema line for "
                                     "editors, comments on every section, six nodes and three endings.")
    new.add_argument("name", help="the scenario id, kebab-case (e.g. corner-bakery)")
    new.add_argument("--archetype", default="general", metavar="KIND",
                     help=f"the kind of client: {', '.join(k for k in STARTERS if k != 'general')}, or any "
                          "other word for a general starter (default: general)")
    new.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write it (default: NAME.yaml)")
    new.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not KEBAB.match(name):
        print(f"error: the scenario name must be kebab-case (lowercase words joined by '-'), got '{name}'; "
              f"try '{slug(name)}'", file=sys.stderr)
        return 1
    archetype = args.archetype.strip()
    if not archetype:
        print("error: --archetype is empty; try cash-strapped, disputing or evasive", file=sys.stderr)
        return 1
    path: Path = args.output or Path(f"{name}.yaml")
    text = render_starter(archetype, name, path)
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite a file
            handle.write(text)
    except FileExistsError:
        print(f"error: {path} already exists; choose another name or -o FILE (nothing was written)", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} (starter scenario '{name}', archetype {archetype}); next: ardojo validate {path} --strict")
    return 0
