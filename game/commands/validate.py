"""`ardojo validate`: check scenario files (and the programs and campaigns beside them) and list every
problem with its position."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from game.commands.common import print_problems, scenario_options


def register(sub: argparse._SubParsersAction) -> None:
    val = sub.add_parser("validate", help="check scenario files",
                         description="Check scenario files and folders (with their programs/ and campaigns/); "
                                     "list every problem as file:line:col.")
    val.add_argument("paths", nargs="*", type=Path,
                     help="files or folders (default: the scenarios folder)")
    val.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    val.add_argument("--strict", action="store_true", help="fail on warnings too, and run the exact reachability checks (docs/authoring.md)")
    val.add_argument("--library", nargs="?", const=True, default=None, type=Path, metavar="PATH",
                     help="also run every rule of the shipped library (docs/authoring.md, Library rules) on the "
                          "scenarios folder PATH (default: the scenarios folder); slow")
    scenario_options(val)
    val.set_defaults(func=run)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _library_rules(library, folder: Path, diags) -> None:
    """The library rules (game.authoring.library_rules), once the files themselves are clean."""
    from game.content.diagnostics import SourcePos
    from game.content.library import display_path

    if diags.has_errors or not library.scenarios:
        diags.error(SourcePos(display_path(folder), 1, 1), "the library rules were not run",
                    "fix the errors above first", code="library-not-run")
        return
    from game.authoring.library_rules import RuleContext
    from game.authoring.library_rules_wide import run_library_rules

    diags.extend(run_library_rules(RuleContext(library, folder)).items)
    from game.authoring.recall_rules import recall_warnings  # warnings only: replies recall cannot tell apart

    diags.extend(recall_warnings(library.scenarios.values()).items)


def run(args: argparse.Namespace) -> int:
    from game.content.campaign_loader import split_campaign_paths, validate_campaigns
    from game.content.diagnostics import SourcePos
    from game.content.library import Library, display_path, load_library
    from game.content.lint import schema_warnings_for
    from game.content.program_loader import load_for_validation
    from game.content.program_model import ProgramSet

    library_dir = None
    if args.library is not None:
        library_dir = args.scenarios if args.library is True else args.library
    paths = [library_dir] if library_dir is not None else args.paths or [args.scenarios]
    paths, campaign_files = split_campaign_paths(paths)
    if paths or not campaign_files:
        library, programs = load_for_validation(paths, args.rulebook)
    else:  # campaign files alone: checked against their own library below
        library, programs = Library(None), ProgramSet()
    diags = library.diagnostics
    campaigns, found = validate_campaigns(
        campaign_files, library.scenarios,
        lambda root: load_library([root or args.scenarios], args.rulebook).scenarios)
    library.files_checked += len(campaign_files)
    if not library.scenarios and not programs.files_checked and not campaign_files and not diags.errors:
        # nothing to check is not "ok": a wrong folder would pass unnoticed
        diags.error(SourcePos(display_path(paths[0]), 1, 1), "no scenario files found here",
                    "scenarios are .yaml files (see docs/scenario-format.md); check the path", code="no-scenarios")
    diags.extend(schema_warnings_for(library.scenarios))
    if args.strict:  # the exact checks over the states calls can be in (game.authoring.strict)
        from game.authoring.strict import apply_strict
        diags.items[:] = apply_strict(library.scenarios.values(), diags.items)
    diags.extend(found.items)  # after the strict pass, which rewrites only the scenarios' own findings
    if library_dir is not None:
        _library_rules(library, Path(library_dir), diags)
    errors, warnings = len(diags.errors), len(diags.warnings)
    failed = bool(errors or (args.strict and warnings))
    if args.format == "json":
        print(json.dumps({"files": library.files_checked, "errors": errors, "warnings": warnings,
                          "diagnostics": [d.to_dict() for d in diags.sorted()]}, indent=2))
    else:
        print_problems(diags)
        verdict = "FAILED" if failed else "ok"
        print(f"{verdict}: {_plural(library.files_checked, 'file')} checked, "
              f"{_plural(len(library.scenarios), 'scenario')} valid, "
              f"{_plural(len(programs.programs), 'program') + ' valid, ' if programs.files_checked else ''}"
              f"{_plural(len(campaigns), 'campaign') + ' valid, ' if campaign_files else ''}"
              f"{_plural(errors, 'error')}, "
              f"{_plural(warnings, 'warning')}")
    return 1 if failed else 0
