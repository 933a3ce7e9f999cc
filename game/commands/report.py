"""`ardojo report`: progress, rules most often missed and per-choice statistics for trainers,
as a table (terminal), CSV or one self-contained HTML page."""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
import threading
from pathlib import Path

from game.commands.common import scenario_options
from game.content.library import load_library
from game.records import opening
from game.records.names import printable
from game.records.paths import default_db_path
from game.records.schema import SCHEMA_VERSION
from game.records.store import RecordsError, RecordStore, corrupt_message

FORMATS = ("table", "csv", "html", "json")
ROWS = ("calls", "decisions", "trainees", "weeks")
#: Calls the HTML report lists with their verdicts (the latest; the CSV has them all).
HTML_CALLS = 200
#: Calls the terminal table lists with their call logs (the latest).
TABLE_CALLS = 30
EPILOG = """\
Which calls: without --program the report covers the program the records hold calls for (the first
program, as `play` and `certificate` default to, when it has calls) and says so; --all-scenarios
covers every recorded call against the whole library. --trainee NAME (repeatable), --group G (the
program roster's group), --since/--until DATE (ISO dates, inclusive, on the day a call started, UTC)
narrow it. Several --db FILE are merged (calls identified by id; one found in two files counts once).
Attempts count every call started; scores count completed calls; unfinished (still in progress) and
abandoned calls are counted per trainee and scenario; a trainee is flagged stuck (out of attempts on a
scenario, or nothing passed for the program's stuck_after_days, default 7) with the reason.
Passed is always the verdict stored with each call when it ended.
CSV: without --rows one table with a `section` column (see game/reports/csv_out.py); with
--rows calls|decisions|trainees|weeks one row per call, decision, trainee or campaign week
(game/reports/csv_rows.py). Campaign weeks (`ardojo campaign`) are listed for the trainees and dates in
the filter (weeks belong to no program); each week's calls count in the call sections too, marked.
--bom starts the CSV with a UTF-8 byte order mark so that Excel reads accents right.
JSON: one object with stable keys (docs/programs.md, Reports). HTML: one self-contained file.
"""


def _iso_day(text: str) -> _dt.date:
    """An ISO date (YYYY-MM-DD) for --since/--until."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-02") from None


def register(sub: argparse._SubParsersAction) -> None:
    rep = sub.add_parser("report", help="progress and weak spots for trainers",
                         description="Progress per trainee, who is stuck, the rules most often missed, and how "
                                     "often each option is picked in each scenario.",
                         epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = rep.add_mutually_exclusive_group()
    which.add_argument("--program", metavar="P",
                       help="only calls taken in program P (default: the program the records hold calls for)")
    which.add_argument("--all-scenarios", action="store_true",
                       help="every recorded call, completion counted against the whole scenario library")
    rep.add_argument("--trainee", metavar="T", action="append", default=[],
                     help="only trainee T (names match case-insensitively; repeat for several)")
    rep.add_argument("--group", metavar="G", help="only the trainees of group G in the program's roster")
    rep.add_argument("--since", metavar="DATE", type=_iso_day, help="only calls started on or after DATE (YYYY-MM-DD)")
    rep.add_argument("--until", metavar="DATE", type=_iso_day, help="only calls started on or before DATE")
    rep.add_argument("--format", choices=FORMATS, default=None,
                     help="table (default), csv, html (the default with -o FILE.html) or json")
    rep.add_argument("--rows", choices=ROWS, default=None,
                     help="CSV with one row per call, decision, trainee or campaign week (instead of the sectioned "
                          "table)")
    rep.add_argument("--bom", action="store_true", help="start the CSV with a UTF-8 byte order mark (for Excel)")
    rep.add_argument("-o", "--output", metavar="FILE", type=Path, help="write to FILE instead of stdout")
    rep.add_argument("--progress", action="store_true", help="show progress on stderr even when it is not a terminal")
    rep.add_argument("--db", metavar="PATH", action="append", default=None,
                     help=f"records database (default: $ARDOJO_DB or {default_db_path(None)}); repeat to merge "
                          "several (classroom PCs)")
    scenario_options(rep)
    rep.set_defaults(func=run)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    suffix = args.output.suffix.lower() if args.output else ""
    if args.rows or args.bom:
        return "csv"
    return {".html": "html", ".htm": "html", ".csv": "csv", ".json": "json"}.get(suffix, "table")


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


def _open_all(dbs: list[str] | None):
    """(store, paths, merged) for the --db given: one file read as it is, several merged (`merge`)."""
    if not dbs or len(dbs) == 1:
        return _open_records(dbs[0] if dbs else None), [default_db_path(dbs[0] if dbs else None)], None
    from game.reports.merge import merge

    paths = [default_db_path(d) for d in dict.fromkeys(dbs)]
    for path in paths:
        if not path.exists():
            raise RecordsError(f"no records database at {path}")
    merged = merge(paths, _open_records)
    return merged.store, paths, merged


def _pick_program(store: RecordStore, library, args: argparse.Namespace) -> tuple[str | None, bool]:
    """The program to report on and whether it was chosen by default."""
    from game.reports.scope import default_program

    if args.program or args.all_scenarios:
        return args.program, False
    counts = dict(store.query("SELECT program_id, COUNT(*) FROM calls WHERE program_id IS NOT NULL GROUP BY 1"))
    chosen = default_program(library, args.scenarios, counts)
    return chosen, chosen is not None


def run(args: argparse.Namespace) -> int:
    from game.reports.gather import STEPS, build_report, has_calls
    from game.reports.progress import Progress
    from game.reports.scope import ReportError

    fmt = _format(args)
    if (args.rows or args.bom) and fmt != "csv":
        print(f"error: --{'rows' if args.rows else 'bom'} is for CSV output; drop --format {fmt} or use --format csv",
              file=sys.stderr)
        return 1
    if args.output is not None:
        problem = _check_output(args.output)
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 1
    store, paths, merged = _open_all(args.db)
    if store is None or not has_calls(store):
        if merged is not None:
            merged.close()
        elif store is not None:
            store.close()
        where = ", ".join(str(p) for p in paths)
        print(f"No calls recorded yet in {where}; play a call first (`ardojo play`).", file=sys.stderr)
        return 0
    checkers = [_IntegrityCheck(p) for p in paths]
    for checker in checkers:
        checker.start()
    progress = Progress(force=args.progress, total=len(STEPS) + 1 - (fmt != "html"))
    try:
        progress.step("loading the scenarios")
        library = load_library([args.scenarios], args.rulebook)
        program, default = _pick_program(store, library, args)
        limit = HTML_CALLS if fmt == "html" else TABLE_CALLS if fmt == "table" else None
        try:
            report = build_report(store, library, program=program, trainees=args.trainee, group=args.group,
                                  since=args.since, until=args.until, default=default,
                                  scenarios_dir=args.scenarios, with_attempts=fmt == "html", with_calls=True,
                                  calls_limit=limit, on_step=progress.step,
                                  databases=[str(p) for p in paths])
        except ReportError as exc:
            progress.done()
            print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
            return 1
        if merged is not None:
            from dataclasses import replace
            report = replace(report, notes=(merged.note, *report.notes))
        text = _render(report, fmt, args.rows, store)
    finally:
        if merged is not None:
            merged.close()
        else:
            store.close()
    for checker in checkers:
        checker.join()
    progress.done()
    for checker in checkers:
        if checker.problems:
            print(f"error: {corrupt_message(checker.path, checker.problems)}; no report was written", file=sys.stderr)
            return 1
    if args.output is None:
        sys.stdout.write(("\ufeff" if args.bom else "") + printable(text))
        return 0
    try:
        args.output.write_text(("\ufeff" if args.bom else "") + text, encoding="utf-8",
                               newline="" if fmt == "csv" else None)
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Report written to {args.output} ({fmt}{f', one row per {args.rows[:-1]}' if args.rows else ''}).",
          file=sys.stderr)
    return 0


def _render(report, fmt: str, rows: str | None = None, store: RecordStore | None = None) -> str:
    if fmt == "csv" and rows:
        from game.reports.csv_rows import render_rows
        return render_rows(report, rows, store)
    if fmt == "csv":
        from game.reports.csv_out import render_csv
        return render_csv(report)
    if fmt == "json":
        from game.reports.json_out import render_json
        return render_json(report)
    if fmt == "html":
        from game.reports.html import render_html
        return render_html(report)
    from game.reports.table import render_table
    return render_table(report)
