"""`ardojo schema`: where the JSON Schemas of scenario, program and rulebook files are; regenerate them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.content.json_schema import render, stale_files, write_all
from game.content.lint import schema_line
from game.content.schema import SCHEMA_FILES, schema_path


def register(sub: argparse._SubParsersAction) -> None:
    sch = sub.add_parser("schema", help="JSON Schemas for editors",
                         description="Show the JSON Schema of scenario, program or rulebook files (for editors "
                                     "such as VS Code), or regenerate them from the loaders.")
    sch.add_argument("kind", nargs="?", choices=tuple(SCHEMA_FILES), default="scenario",
                     help="which schema (default: scenario)")
    what = sch.add_mutually_exclusive_group()
    what.add_argument("--print", action="store_true", help="print the schema itself")
    what.add_argument("--line", metavar="FILE", type=Path,
                      help="print the `# yaml-language-server: $schema=...` line for a scenario file at FILE")
    what.add_argument("--check", action="store_true", help="exit 1 when a checked-in schema is out of date")
    what.add_argument("--write", action="store_true", help="regenerate the checked-in schemas (for developers)")
    sch.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.print:
        sys.stdout.write(render(args.kind))
    elif args.line:
        print(schema_line(args.line))
    elif args.check:
        stale = stale_files()
        for path in stale:
            print(f"error: {path} is out of date; run `ardojo schema --write`", file=sys.stderr)
        if stale:
            return 1
        print(f"ok: {len(SCHEMA_FILES)} schemas up to date")
    elif args.write:
        changed = write_all()
        print("\n".join(f"wrote {p}" for p in changed) or "schemas already up to date")
    else:
        print(schema_path(args.kind))
    return 0
