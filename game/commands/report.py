"""`ardojo report`: progress, rules most often missed and per-choice statistics for trainers,
as a table (terminal), CSV or one self-contained HTML page."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

from game.commands.common import db_option, scenario_options
from game.content.library import load_library
from game.records import opening
from game.records.names import printable
from game.records.paths import default_db_path
from game.records.schema import SCHEMA_VERSION
from game.records.store import RecordsError, RecordStore, corrupt_message

FORMATS = ("table", "csv", "html")
#: Calls the HTML report lists with their verdicts (the latest; the CSV has them all).
HTML_CALLS = 200
EPILOG = """\
The report covers every recorded call, or those of one --program and/or one --trainee.
Attempts count every call started; scores count completed calls; the choice statistics and the
rules most often missed count every recorded decision (the report explains what a miss is).
Passed is always the verdict stored with each call when it ended (critical errors, the call log and
the marks in force decided it); the report counts critical errors per rule.
CSV: one table with a `section` column (summary, trainee, trainee_scenario, requirement,
program_step, distribution, critical, call, rule, choice) and always the same columns; `call` rows
give every completed call's verdict and its reasons; see game/reports/csv_out.py.
HTML: one file with inline styles and charts, nothing fetched; open it in any browser. It lists the
latest calls with their verdicts and reasons.
"""


def register(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="progress and weak spots for trainers",
                         description="Progress per trainee, the rules most often missed, and how often each "
                                     "option is picked in each scenario.",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    rep.add_argument("--program", metavar="P", help="only calls taken in program P (completion counts its scenarios)")
    rep.add_argument("--trainee", metavar="T", help="only trainee T (names match case-insensitively)")
    rep.add_argument("--format", choices=FORMATS, default=None,
                     help="table (default), csv or html (the default with -o FILE.html)")
    rep.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout")
    rep.add_argument("--progress", action="store_true", help="show progress on stderr even when it is not a terminal")
    db_option(rep)
    scenario_options(rep)
    rep.set_defaults(func=run)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = args.output.suffix.lower() if args.output else ""
    return {".html": "html", ".htm": "html", ".csv": "csv"}.get(suffix, "table")


def _check_output(path: Path) -> str | None:
    """Why `path` cannot be written, or None. Checked before the work starts."""
    if path.is_dir():
        return f"{path} is a folder; give a file name"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"cannot write {path}: the folder {parent} does not exist"
    if path.exists() and not os.access(path, os.W_OK) or not path.exists() and not os.access(parent, os.W_OK):
        return f"cannot write {path}: permission denied"
    return None


def _open_records(db: str | None) -> RecordStore | None:
    """The records database for reading (upgraded in place first when it is at an older schema and
    writable), or None when the file is empty; RecordsError when there is none."""
    path = default_db_path(db)
    if not path.exists():
        raise RecordsError(f"no records database at {path} (play a call first, or pass --db)")
    if path.is_file() and path.stat().st_size == 0:
        return None
    opening.check_path(path, write=False)
    writable = path.is_file() and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if writable and _schema_version(path) < SCHEMA_VERSION:
        return RecordStore.open(path, write=True)  # checks the file's integrity before upgrading it
    return RecordStore.open(path, write=False)


def _schema_version(path: Path) -> int:
    conn, version, _ = opening.connect(path, write=False)
    conn.close()
    return version


class _IntegrityCheck(threading.Thread):
    """SQLite's quick check of the file on its own connection, run while the report is built (the
    report reads through indexes that a damaged table page would not show up in)."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.problems: list[str] = []

    def run(self) -> None:
        try:
            conn, _, _ = opening.connect(self.path, write=False)
        except RecordsError as exc:
            self.problems = [str(exc)]
            return
        try:
            self.problems = opening.integrity_problems(conn, full=False)
        finally:
            conn.close()


def run(args: argparse.Namespace) -> int:
    from game.reports.gather import STEPS, build_report, has_calls
    from game.reports.progress import Progress
    from game.reports.scope import ReportError

    fmt = _format(args)
    if args.output is not None:
        problem = _check_output(args.output)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    store = _open_records(args.db)
    if store is None or not has_calls(store):
        if store is not None:
            store.close()
        print(f"No calls recorded yet in {default_db_path(args.db)}; play a call first (`ardojo play`).",
              file=sys.stderr)
        return 0
    checker = _IntegrityCheck(store.path)
    checker.start()
    progress = Progress(force=args.progress, total=len(STEPS) + 1 - (fmt != "html"))
    with store:
        progress.step("loading the scenarios")
        library = load_library([args.scenarios], args.rulebook)
        try:
            report = build_report(store, library, program=args.program, trainee=args.trainee,
                                  scenarios_dir=args.scenarios, with_attempts=fmt == "html",
                                  with_calls=fmt != "table", calls_limit=HTML_CALLS if fmt == "html" else None,
                                  on_step=progress.step)
        except ReportError as exc:
            progress.done()
            print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
            return 1
    text = _render(report, fmt)
    checker.join()
    progress.done()
    if checker.problems:
        print(f"error: {corrupt_message(store.path, checker.problems)}; no report was written", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.write(printable(text))
        return 0
    try:
        args.output.write_text(text, encoding="utf-8", newline="" if fmt == "csv" else None)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Report written to {args.output} ({fmt}).", file=sys.stderr)
    return 0


def _render(report, fmt: str) -> str:
    if fmt == "csv":
        from game.reports.csv_out import render_csv
        return render_csv(report)
    if fmt == "html":
        from game.reports.html import render_html
        return render_html(report)
    from game.reports.table import render_table
    return render_table(report)
