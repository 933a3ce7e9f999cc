"""`ardojo migrate`: rewrite older scenario files so poor replies list the rules they break under `breaks:`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.content.library import display_path, scenario_files
from game.content.migrate import MigrateError, migrate_file


def register(sub: argparse._SubParsersAction) -> None:
    mig = sub.add_parser("migrate", help="update older scenario files",
                         description="Rewrite older scenario files in place: a reply whose score adds up to "
                                     "less than zero and that lists rules only under `rules:` gets them under "
                                     "`breaks:` instead (only that key is changed; comments and layout stay). "
                                     "Prints file:line:col for each change.")
    mig.add_argument("paths", nargs="+", type=Path, metavar="FILE",
                     help="scenario files, or folders of them (the rulebook is skipped)")
    mig.add_argument("--check", action="store_true",
                     help="only report what would change; exit 1 when a file needs migrating")
    mig.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    files, diags = scenario_files(args.paths)
    failed = False
    for diag in diags.errors:
        print(diag.format(), file=sys.stderr)
        failed = True
    changed_files = changes = 0
    for path in files:
        try:
            found = migrate_file(path, display_path(path), write=not args.check)
        except MigrateError as exc:
            print(exc, file=sys.stderr)
            failed = True
            continue
        except OSError as exc:
            print(f"{display_path(path)}:1:1: error: cannot write the file: {exc.strerror or exc}", file=sys.stderr)
            failed = True
            continue
        for change in found:
            print(change.line(check=args.check))
        changes += len(found)
        changed_files += bool(found)
    verb = "would move" if args.check else "moved"
    print(f"{verb} rules to breaks in {changes} choice{'' if changes == 1 else 's'} of "
          f"{changed_files} file{'' if changed_files == 1 else 's'} ({len(files)} checked)", file=sys.stderr)
    if failed:
        return 1
    return 1 if args.check and changes else 0
