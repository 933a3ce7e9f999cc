"""Read a records database into a `Report`, aggregating in SQL (GROUP BY) so that a cohort's hundred
thousand calls are summarised without looping over them in Python.

A few GROUP BYs do the work: over the calls per (trainee, scenario) for the totals, best and latest
scores; over the score bands for the histograms and means; over the stored verdicts' critical errors
(see `verdicts`); and over the decisions (see `tally`). Scores come from completed calls; attempts
count every call started, finished or not. Whether a call passed is always its stored verdict.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from game.content.library import Library
from game.content.model import DEFAULT_PASS
from game.records.store import RecordStore
from game.reports.model import (BIN_COUNT, SCORE_KEYS, Attempt, CallVerdict, Histogram, ProgramRow, Report,
                                ScenarioProgress, Scope, Totals, TraineeSummary)
from game.reports.best_reply import best_reply_table
from game.reports.program_source import groups, roster
from game.reports.program_status import program_rows
from game.reports.standing import scenario_totals, with_program
from game.reports.scope import ReportError, resolve_scope
from game.reports.tally import tally_decisions
from game.reports.verdicts import COLUMN, COMPLETED, call_verdicts, critical_tallies, pass_expression
from game.reports.weeks import week_summaries

STEPS = ("checking the filters", "progress per trainee", "score distributions", "verdicts and critical errors",
         "decisions and misses", "progress over time")
#: Connection settings for the report's big GROUP BYs (this connection only; the file is not changed).
READ_PRAGMAS = ("PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -131072", "PRAGMA mmap_size = 1073741824")


class Filter:
    """The WHERE clause on `calls c` for the report's --program, --trainee/--group and --since/--until
    (dates inclusive, on the day a call started, as stored in UTC)."""

    def __init__(self, program: str | None, trainee_id: int | None = None, *, trainee_ids: Sequence[int] = (),
                 since: _dt.date | None = None, until: _dt.date | None = None, nobody: bool = False) -> None:
        self.clauses: list[str] = []
        self.params: list[object] = []
        if program is not None:
            self.clauses.append("c.program_id = ?")
            self.params.append(program)
        ids = list(dict.fromkeys([*([trainee_id] if trainee_id is not None else []), *trainee_ids]))
        if ids:
            self.clauses.append(f"c.trainee_id IN ({', '.join('?' for _ in ids)})")
            self.params.extend(ids)
        elif nobody:
            self.clauses.append("0")
        if since is not None:
            self.clauses.append("c.started_at >= ?")
            self.params.append(since.isoformat())
        if until is not None:
            self.clauses.append("c.started_at < ?")
            self.params.append((until + _dt.timedelta(days=1)).isoformat())

    def where(self, *extra: str) -> str:
        clauses = self.clauses + list(extra)
        return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def has_calls(store: RecordStore) -> bool:
    """True when at least one call is recorded."""
    return bool(store.query("SELECT 1 FROM calls LIMIT 1"))


def find_trainee(store: RecordStore, name: str) -> tuple[int, str]:
    """The id and stored spelling of a trainee (names match case-insensitively); ReportError if unknown."""
    rows = store.query("SELECT id, name FROM trainees WHERE name = ?", (" ".join(name.split()),))
    if rows:
        return rows[0]
    known = [r[0] for r in store.query("SELECT name FROM trainees ORDER BY name LIMIT 9")]
    more = ", ..." if len(known) > 8 else ""
    raise ReportError(f"no trainee '{name}'" + (f"; known: {', '.join(known[:8])}{more}" if known else ""))


def build_report(store: RecordStore, library: Library | None, *, program: str | None = None,
                 trainee: str | None = None, scenarios_dir: Path | None = None, with_attempts: bool = False,
                 with_calls: bool = False, calls_limit: int | None = None,
                 on_step: Callable[[str], None] | None = None, trainees: Sequence[str] = (),
                 group: str | None = None, since: _dt.date | None = None, until: _dt.date | None = None,
                 default: bool = False, now: _dt.datetime | None = None,
                 databases: Sequence[str] = ()) -> Report:
    """The whole report for the calls matching `program`, `trainee`/`trainees` (names), the roster
    `group` of the program and the start dates `since`..`until` (inclusive); `with_calls` adds every
    completed call with its verdict and call log (only the latest `calls_limit` when given). `default`
    says the program was chosen by default; `now` is when "no progress for N days" is measured to.
    Raises ReportError for an unknown trainee, group or program, RecordsError for an unreadable database."""
    step = on_step or (lambda label: None)
    step(STEPS[0])
    for pragma in READ_PRAGMAS:
        store.query(pragma)
    if since is not None and until is not None and since > until:
        raise ReportError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    asked = [*([trainee] if trainee is not None else []), *trainees]
    found = [find_trainee(store, name) for name in asked]
    trainee_ids = [tid for tid, _ in found]
    names = tuple(dict.fromkeys(name for _, name in found))
    counts = dict(store.query("SELECT program_id, COUNT(*) FROM calls WHERE program_id IS NOT NULL GROUP BY 1")) \
        if program is not None else {}
    recorded_scenarios = [] if library is not None and library.scenarios else \
        [r[0] for r in store.query("SELECT DISTINCT scenario_id FROM calls")]
    scope, notes, definition = resolve_scope(library, scenarios_dir, program, ", ".join(names) or None,
                                             set(counts), recorded_scenarios)
    nobody = False
    if group is not None:
        members = group_members(definition, group, program)
        known = {n.casefold(): (tid, n) for tid, n in store.query("SELECT id, name FROM trainees")}
        in_records = [known[m.casefold()] for m in members if m.casefold() in known]
        trainee_ids = [tid for tid, _ in in_records] if not trainee_ids else \
            [tid for tid in trainee_ids if tid in {t for t, _ in in_records}]
        nobody = not trainee_ids
        if not in_records:
            notes.append(f"no trainee of group '{group}' has recorded calls yet")
    scope = replace(scope, default=default, trainees=names, group=group,
                    since=since.isoformat() if since else None, until=until.isoformat() if until else None)
    flt = Filter(program, trainee_ids=trainee_ids, since=since, until=until, nobody=nobody)
    weeks_flt = Filter(None, trainee_ids=trainee_ids, since=since, until=until, nobody=nobody)  # weeks: no program
    step(STEPS[1])
    totals, trainee_rows = _groups(store, flt, scope, library)
    if totals.calls == 0:
        notes.append("no calls match these filters")
    standings: tuple[ProgramRow, ...] = ()
    if definition is not None:
        standings = program_rows(store, flt, definition, library.scenarios if library else {},
                                 [t.name for t in trainee_rows])
        trainee_rows = with_program(store, flt, definition, trainee_rows, standings, now)
    step(STEPS[2])
    histograms = _histograms(store, flt)
    step(STEPS[3])
    critical, critical_calls = critical_tallies(store, flt, library.rule_titles() if library is not None else {})
    calls: tuple[CallVerdict, ...] = ()
    calls_total = totals.completed
    if with_calls:
        calls, calls_total = call_verdicts(store, flt, scope, calls_limit)
    step(STEPS[4])
    tallied = tally_decisions(store, flt, library, scope)
    shares = best_reply_table(store, flt)
    attempts: tuple[Attempt, ...] = ()
    if with_attempts:
        step(STEPS[5])
        attempts = _attempts(store, flt, scope)
    return Report(
        generated_at=_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        database=", ".join(databases) or str(store.path), scope=scope, totals=totals, trainees=trainee_rows,
        rules=tallied.rules, misses=tallied.misses, decisions=tallied.decisions, choices=tallied.choices,
        histograms=histograms, attempts=attempts, notes=tuple(notes + tallied.notes),
        pass_marks=pass_marks(library, scope), program_rows=standings, critical=critical,
        critical_calls=critical_calls, calls=calls, calls_total=calls_total,
        scenarios=scenario_totals(trainee_rows, scope), best_reply=shares,
        databases=tuple(databases) or (str(store.path),), where=(flt.where(), tuple(flt.params)),
        weeks=week_summaries(store, weeks_flt.where(), tuple(weeks_flt.params)))


def group_members(definition, group: str, program: str | None) -> list[str]:
    """The roster names of `group` in the program (case-insensitive); ReportError when the program has
    no roster or no such group."""
    if definition is None:
        raise ReportError("--group needs a program with a roster (give --program P, defined in the scenarios "
                          "folder's programs/)" if program is None else
                          f"--group needs a roster; program '{program}' is not defined here")
    by_group = groups(definition)
    if not roster(definition):
        raise ReportError(f"program '{definition.id}' has no roster, so it has no groups")
    for name, members in by_group.items():
        if name.casefold() == group.casefold():
            return members
    known = ", ".join(by_group) or "none"
    raise ReportError(f"no group '{group}' in the roster of program '{definition.id}'; groups: {known}")


def pass_marks(library: Library | None, scope: Scope) -> dict[str, int]:
    """The pass mark of each score column to draw on charts: the most common one among the scenarios
    in scope (the program's where it sets one)."""
    out = {}
    for key in SCORE_KEYS:
        marks = [t[key] for t in scope.thresholds.values() if key in t]
        if not marks and library is not None:
            marks = [s.pass_thresholds[key] for sid, s in library.scenarios.items()
                     if sid in scope.scenario_ids and key in s.pass_thresholds]
        out[key] = Counter(marks).most_common(1)[0][0] if marks else DEFAULT_PASS[key]
    return out


@dataclass(frozen=True, slots=True)
class _Group:
    """Calls of one trainee on one scenario: counts, best scores and the latest completed call."""

    attempts: int
    completed: int
    passes: int
    best: tuple
    last_at: str
    latest: tuple[str, bool, dict[str, int]] | None
    unfinished: int = 0
    abandoned: int = 0


def _groups(store: RecordStore, flt: Filter, scope: Scope,
            library: Library | None) -> tuple[Totals, tuple[TraineeSummary, ...]]:
    """One GROUP BY per (trainee, scenario), read in the order of the calls_by_trainee index (no sort):
    counts and best scores (MAX). A second one picks each group's latest completed
    call with SQLite's rule for a lone MAX(): the other columns come from the row holding the maximum."""
    passed, pass_params = pass_expression(scope)
    cols = [f"c.{COLUMN[k]}" for k in SCORE_KEYS]
    rows = store.query(
        f"SELECT c.trainee_id, c.scenario_id, COUNT(*), SUM({COMPLETED}), "
        f"SUM(CASE WHEN {COMPLETED} THEN {passed} ELSE 0 END), {', '.join(f'MAX({c})' for c in cols)}, "
        f"MIN(c.started_at), MAX(COALESCE(c.ended_at, c.started_at)), SUM(c.status = 'in_progress'), "
        f"SUM(c.status = 'abandoned') FROM calls c{flt.where()} "
        "GROUP BY c.trainee_id, c.scenario_id", tuple(pass_params + flt.params))
    latest = {(tid, sid): (at, bool(ok), dict(zip(SCORE_KEYS, scores))) for tid, sid, at, ok, *scores in store.query(
        f"SELECT c.trainee_id, c.scenario_id, MAX(c.ended_at), {passed}, {', '.join(cols)} FROM calls c"
        f"{flt.where(COMPLETED)} GROUP BY c.trainee_id, c.scenario_id", tuple(pass_params + flt.params))}
    n = len(SCORE_KEYS)
    groups: dict[tuple[int, str], _Group] = {}
    first_at = []
    for tid, sid, attempts, completed, passes, *rest in rows:
        groups[(tid, sid)] = _Group(attempts, completed, passes, tuple(rest[:n]), rest[n + 1] or "",
                                    latest.get((tid, sid)), rest[n + 2] or 0, rest[n + 3] or 0)
        first_at.append(rest[n])
    every = list(groups.values())
    totals = Totals(sum(g.attempts for g in every), sum(g.completed for g in every), sum(g.passes for g in every),
                    len({tid for tid, _ in groups}), min(filter(None, first_at), default=""),
                    max((g.last_at for g in every), default=""))
    return totals, _summaries(store, groups, scope, library)


def _summaries(store: RecordStore, groups: dict[tuple[int, str], _Group], scope: Scope,
               library: Library | None) -> tuple[TraineeSummary, ...]:
    names = dict(store.query("SELECT id, name FROM trainees"))
    titles = {sid: s.title for sid, s in library.scenarios.items()} if library is not None else {}
    in_scope = set(scope.scenario_ids)
    order = {sid: i for i, sid in enumerate(scope.scenario_ids)}
    per_trainee: dict[int, list[tuple[ScenarioProgress, str]]] = {}
    for (tid, sid), g in groups.items():
        last = g.latest
        progress = ScenarioProgress(
            scenario_id=sid, title=titles.get(sid, sid), in_scope=sid in in_scope, attempts=g.attempts,
            completed=g.completed, passes=g.passes, best=dict(zip(SCORE_KEYS, g.best)) if g.completed else None,
            latest=last[2] if last else None, latest_passed=last[1] if last else None, last_at=g.last_at,
            unfinished=g.unfinished, abandoned=g.abandoned)
        per_trainee.setdefault(tid, []).append((progress, last[0] if last else ""))
    out = []
    for tid, items in per_trainee.items():
        rows = sorted((p for p, _ in items), key=lambda p: (order.get(p.scenario_id, len(order)), p.scenario_id))
        done = [(at, p) for p, at in items if p.latest is not None]
        newest = max(done, key=lambda pair: pair[0])[1] if done else None
        bests = [p.best for p in rows if p.best is not None]
        out.append(TraineeSummary(
            name=names.get(tid, f"#{tid}"), attempts=sum(p.attempts for p in rows),
            completed=sum(p.completed for p in rows), passes=sum(p.passes for p in rows),
            attempted=sum(1 for p in rows if p.in_scope), passed=sum(1 for p in rows if p.in_scope and p.passes),
            total=len(scope.scenario_ids) or None,
            best={k: max(b[k] for b in bests) for k in SCORE_KEYS} if bests else None,
            latest=newest.latest if newest else None, latest_scenario=newest.scenario_id if newest else None,
            last_at=max(p.last_at for p in rows), scenarios=tuple(rows),
            unfinished=sum(p.unfinished for p in rows), abandoned=sum(p.abandoned for p in rows)))
    return tuple(sorted(out, key=lambda t: t.name.casefold()))


def _histograms(store: RecordStore, flt: Filter) -> tuple[Histogram, ...]:
    """Completed calls per score band, and the means, from one GROUP BY over the five bands of each call
    packed into one integer (a digit per score column: cheaper to sort than five keys)."""
    n = len(SCORE_KEYS)
    packed = " + ".join(f"MIN(MAX(c.{COLUMN[k]}, 0) / 10, {BIN_COUNT - 1}) * {BIN_COUNT ** i}"
                        for i, k in enumerate(SCORE_KEYS))
    sums = ", ".join(f"SUM(c.{COLUMN[k]})" for k in SCORE_KEYS)
    nulls = tuple(f"c.{COLUMN[k]} IS NOT NULL" for k in SCORE_KEYS)
    counts = [[0] * BIN_COUNT for _ in SCORE_KEYS]
    totals, calls = [0] * n, 0
    for key, count, *column_sums in store.query(f"SELECT {packed} AS k, COUNT(*), {sums} FROM calls c"
                                                f"{flt.where(COMPLETED, *nulls)} GROUP BY k", tuple(flt.params)):
        calls += count
        totals = [t + s for t, s in zip(totals, column_sums)]
        for i in range(n):
            counts[i][key // BIN_COUNT ** i % BIN_COUNT] += count
    return tuple(Histogram(k, tuple(counts[i]), totals[i] / calls if calls else None) for i, k in enumerate(SCORE_KEYS))


def _attempts(store: RecordStore, flt: Filter, scope: Scope) -> tuple[Attempt, ...]:
    passed, pass_params = pass_expression(scope)
    rows = store.query(
        f"SELECT t.name, c.scenario_id, c.ended_at, c.overall, {passed} FROM calls c JOIN trainees t ON "
        f"t.id = c.trainee_id{flt.where(COMPLETED, 'c.overall IS NOT NULL')} "
        f"ORDER BY t.name COLLATE NOCASE, c.ended_at", tuple(pass_params + flt.params))
    return tuple(Attempt(name, sid, at or "", overall, bool(ok)) for name, sid, at, overall, ok in rows)
