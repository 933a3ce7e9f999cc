"""Cohort reports: unfinished and abandoned counts, who is stuck and why, the next scenario the program
suggests, the roster's groups, date and trainee filters, and the best-reply shares, all recounted from
the records file itself rather than trusted from the report."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from cohort_program_fixture import PROGRAM_ID, STUCK_DAYS, Cohort, day, make_scenarios, play_cohort
from game.content.library import load_library
from game.records.store import RecordStore
from game.reports.best_reply import best_reply_shares
from game.reports.gather import build_report
from game.reports.program_source import load_program_set
from game.reports.scope import ReportError
from game.reports.standing import next_in_program


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory, compiled) -> Cohort:
    base = tmp_path_factory.mktemp("standing")
    return play_cohort(base / "records.sqlite3", make_scenarios(base / "scenarios"), compiled)


def _report(cohort: Cohort, now: _dt.datetime | None = None, **kw):
    library = load_library([cohort.scenarios])
    with RecordStore.open(cohort.db, write=False) as store:
        return build_report(store, library, program=kw.pop("program", PROGRAM_ID), scenarios_dir=cohort.scenarios,
                            with_calls=True, now=now or day(3), **kw)


def _stored(cohort: Cohort, sql: str) -> list[tuple]:
    with RecordStore.open(cohort.db, write=False) as store:
        return store.query(sql)


def test_unfinished_and_abandoned_are_counted_per_trainee_and_scenario(cohort: Cohort) -> None:
    report = _report(cohort)
    stored = _stored(cohort, "SELECT t.name, c.scenario_id, c.status, COUNT(*) FROM calls c JOIN trainees t "
                             f"ON t.id = c.trainee_id WHERE c.program_id = '{PROGRAM_ID}' GROUP BY 1, 2, 3")
    expect = {(n, s, st): k for n, s, st, k in stored}
    assert any(st == "in_progress" for _, _, st in expect) and any(st == "abandoned" for _, _, st in expect)
    for t in report.trainees:
        assert t.unfinished == sum(k for (n, _, st), k in expect.items() if n == t.name and st == "in_progress")
        assert t.abandoned == sum(k for (n, _, st), k in expect.items() if n == t.name and st == "abandoned")
        for p in t.scenarios:
            assert (p.unfinished, p.abandoned) == (expect.get((t.name, p.scenario_id, "in_progress"), 0),
                                                   expect.get((t.name, p.scenario_id, "abandoned"), 0))
    for s in report.scenarios:
        assert s.unfinished == sum(k for (_, sid, st), k in expect.items() if sid == s.scenario_id and st == "in_progress")
        assert s.abandoned == sum(k for (_, sid, st), k in expect.items() if sid == s.scenario_id and st == "abandoned")
    assert sum(s.calls for s in report.scenarios) == sum(expect.values())


def test_stuck_out_of_attempts_and_no_progress(cohort: Cohort) -> None:
    by = {t.name: t for t in _report(cohort, now=day(1) + _dt.timedelta(days=STUCK_DAYS - 1)).trainees}
    assert "out of attempts on sunrise-bakery" in by["Ben"].stuck and "2 of 2" in by["Ben"].stuck
    assert by["Ana"].program_status == "complete" and not by["Ana"].stuck
    assert not by["María"].stuck  # passed on day 1, limit not reached yet
    later = {t.name: t for t in _report(cohort, now=day(1) + _dt.timedelta(days=STUCK_DAYS)).trainees}
    assert later["María"].stuck.startswith(f"no progress for {STUCK_DAYS} days")
    assert "2026-03-02" in later["María"].stuck
    assert not later["Ana"].stuck  # a complete program is never stuck
    # Cleo passed nothing: counted from her first call (day 2)
    assert not later["Cleo"].stuck
    assert {t.name: t for t in _report(cohort, now=day(2) + _dt.timedelta(days=STUCK_DAYS)).trainees}["Cleo"].stuck


def test_next_suggested_follows_the_program(cohort: Cohort) -> None:
    by = {t.name: t for t in _report(cohort).trainees}
    assert by["María"].next_suggested == "harbor-logistics"
    assert by["Cleo"].next_suggested == "sunrise-bakery"
    assert by["Ana"].next_suggested is None  # complete
    program = load_program_set(cohort.scenarios, load_library([cohort.scenarios]).scenarios).programs[PROGRAM_ID]
    assert next_in_program(program, set()) == "sunrise-bakery"
    assert next_in_program(program, {"sunrise-bakery"}) == "harbor-logistics"
    assert next_in_program(program, {"sunrise-bakery", "harbor-logistics"}) is None


def test_group_trainee_and_date_filters(cohort: Cohort) -> None:
    north = _report(cohort, group="North")
    assert {t.name for t in north.trainees} == {"Ana", "María"}
    assert {t.group for t in north.trainees} == {"north"}
    with pytest.raises(ReportError, match="no group 'east'.*north, south"):
        _report(cohort, group="east")
    two = _report(cohort, trainees=["ana", "BEN"])
    assert {t.name for t in two.trainees} == {"Ana", "Ben"}
    assert two.scope.trainees == ("Ana", "Ben")
    for since, until in ((_dt.date(2026, 3, 3), _dt.date(2026, 3, 3)), (_dt.date(2026, 3, 3), None),
                         (None, _dt.date(2026, 3, 2))):
        days = {d for cid, d in cohort.day.items()
                if (since is None or d >= since.isoformat()) and (until is None or d <= until.isoformat())}
        expect = sum(1 for p in cohort.played if p.program_id == PROGRAM_ID and cohort.day[p.call_id] in days)
        assert _report(cohort, since=since, until=until).totals.calls == expect
    with pytest.raises(ReportError, match="after --until"):
        _report(cohort, since=_dt.date(2026, 3, 4), until=_dt.date(2026, 3, 2))


def test_best_reply_shares_recount_the_top_flags(cohort: Cohort) -> None:
    with RecordStore.open(cohort.db, write=False) as store:
        for scenario_id in ("sunrise-bakery", "harbor-logistics"):
            visited: dict[str, set[str]] = {}
            chose: dict[str, set[str]] = {}
            for p in cohort.played:
                if p.scenario_id != scenario_id:
                    continue
                for d in store.decision_rows(p.call_id):
                    visited.setdefault(d.node, set()).add(p.trainee)
                    if d.top:
                        chose.setdefault(d.node, set()).add(p.trainee)
            shares = best_reply_shares(store, scenario_id)
            assert shares == {node: (len(chose.get(node, ())), len(who)) for node, who in visited.items()}
    in_program = shares_of(cohort, "sunrise-bakery")
    assert in_program["greeting"] == (3, 4)  # Ben only ever chose worst in the program; Cleo's one decision was top
    assert _report(cohort).best_reply["sunrise-bakery"] == in_program


def shares_of(cohort: Cohort, scenario_id: str) -> dict:
    with RecordStore.open(cohort.db, write=False) as store:
        from game.reports.gather import Filter
        return best_reply_shares(store, scenario_id, Filter(PROGRAM_ID))


def test_call_log_is_in_each_call(cohort: Cohort) -> None:
    report = _report(cohort)
    stored = dict(_stored(cohort, "SELECT id, json_extract(wrapup, '$.disposition') FROM calls "
                                  "WHERE status = 'completed'"))
    assert report.calls and all(c.log is not None and c.log.disposition == stored[c.call_id] for c in report.calls)
    assert all(isinstance(c.log.score, int) for c in report.calls)
