"""Where each trainee stands beyond the scores: unfinished and abandoned calls per scenario, who is
**stuck** in a program and why, and the next scenario the program suggests.

A trainee is stuck in a defined program (one that is not complete for them) when
- they used every counted attempt on a scenario without passing it (the program's grading says
  `failed`), or
- nothing was passed for N days (N = the program's `stuck_after_days`, default 7), counted from their
  latest passed call in the program, or from their first call in it when they passed none yet.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection
from dataclasses import replace

from game.records.store import RecordStore
from game.reports.model import ProgramRow, ScenarioTotals, Scope, TraineeSummary
from game.reports.program_source import group_of, stuck_after_days


def scenario_totals(trainees: tuple[TraineeSummary, ...], scope: Scope) -> tuple[ScenarioTotals, ...]:
    """Per scenario (those in scope first, in order): calls, completed, passed, unfinished, abandoned."""
    acc: dict[str, list] = {}
    titles: dict[str, str] = {}
    for t in trainees:
        for p in t.scenarios:
            row = acc.setdefault(p.scenario_id, [0, 0, 0, 0, 0, 0])
            titles[p.scenario_id] = p.title
            for i, value in enumerate((p.attempts, p.completed, p.passes, p.unfinished, p.abandoned, 1)):
                row[i] += value
    order = {sid: i for i, sid in enumerate(scope.scenario_ids)}
    ids = sorted(acc, key=lambda sid: (order.get(sid, len(order)), sid))
    return tuple(ScenarioTotals(sid, titles[sid], *acc[sid]) for sid in ids)


def next_in_program(program, passed: Collection[str]) -> str | None:
    """The next scenario of `program` for a trainee who passed `passed`: the first in the program's
    order not passed whose required scenarios are all passed, else the first not passed; None when
    every scenario is passed."""
    todo = [s for s in program.steps if s.scenario_id not in passed]
    ready = [s for s in todo if all(r in passed for r in s.requires)]
    return (ready or todo)[0].scenario_id if todo else None


def _next(row: ProgramRow) -> str | None:
    """The next scenario by the program's grading: the first open one, else None (complete, or only
    locked/failed steps left)."""
    return next((s.scenario_id for s in row.steps if s.status == "open"), None)


def _stamp(text: str | None) -> _dt.datetime | None:
    if not text:
        return None
    try:
        value = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=_dt.timezone.utc)


def stuck_reason(row: ProgramRow, first_at: str | None, last_pass_at: str | None, days: int,
                 now: _dt.datetime) -> str:
    """Why the trainee of `row` is stuck, or "" (see the module's rules)."""
    if row.status == "complete":
        return ""
    failed = [s for s in row.steps if s.status == "failed"]
    if failed:
        return "; ".join(f"out of attempts on {s.scenario_id} ({s.used} of {s.allowed} used, none passed)"
                         for s in failed)
    since = _stamp(last_pass_at) or _stamp(first_at)
    if since is None:
        return ""
    idle = (now - since).days
    if idle >= days:
        what = f"nothing passed since {since.date().isoformat()}" if last_pass_at else \
            f"nothing passed since the first call on {since.date().isoformat()}"
        return f"no progress for {idle} days ({what}; the limit is {days})"
    return ""


def with_program(store: RecordStore, flt, program, trainees: tuple[TraineeSummary, ...],
                 standings: tuple[ProgramRow, ...], now: _dt.datetime | None = None) -> tuple[TraineeSummary, ...]:
    """The trainees with their program standing: scenarios passed by the program's grading, status,
    roster group, stuck reason and next suggested scenario. Dates for "no progress" come from every
    call of the trainee in the program (the date filters do not hide old progress)."""
    now = now or _dt.datetime.now(_dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=_dt.timezone.utc)
    dates = {name.casefold(): (first, last_pass) for name, first, last_pass in store.query(
        "SELECT t.name, MIN(c.started_at), MAX(CASE WHEN c.status = 'completed' AND c.passed = 1 THEN c.ended_at END) "
        "FROM calls c JOIN trainees t ON t.id = c.trainee_id WHERE c.program_id = ? AND c.scenario_id IN "
        f"({', '.join('?' for _ in program.steps)}) GROUP BY t.id", (program.id, *program.scenario_ids))}
    rows = {row.trainee: row for row in standings}
    days = stuck_after_days(program)
    out = []
    for t in trainees:
        row = rows.get(t.name)
        if row is None:
            out.append(replace(t, group=group_of(program, t.name)))
            continue
        first, last_pass = dates.get(t.name.casefold(), (None, None))
        out.append(replace(t, passed=row.passed, program_status=row.status, group=group_of(program, t.name),
                           stuck=stuck_reason(row, first, last_pass, days, now), next_suggested=_next(row)))
    return tuple(out)
