"""The report's figures, checked against recounts from the calls really played into the database."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from report_helpers import PROGRAM, Clock, Played, best, play_call, worst
from game.content.library import Library
from game.records.grading import grade
from game.records.store import RecordStore
from game.reports.gather import build_report
from game.reports.misses import judge, judge_scenario
from game.reports.model import SCORE_KEYS, TRAP_SHARE
from game.reports.scope import ReportError

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def report_of(db: Path, library: Library | None, **kw):
    with RecordStore.open(db, write=False) as store:
        return build_report(store, library, scenarios_dir=SCENARIOS, **kw)


def scores_of(p: Played) -> dict[str, int]:
    result = p.call.score()
    return {**dict(result.scores), "overall": result.overall}


def test_totals_and_trainee_progress(cohort_db: Path, cohort: list[Played], library: Library) -> None:
    report = report_of(cohort_db, library)
    done = [p for p in cohort if p.finished]
    assert (report.totals.calls, report.totals.completed) == (len(cohort), len(done))
    assert report.totals.passed == sum(p.passed for p in done)
    assert report.totals.trainees == 3
    assert [t.name for t in report.trainees] == ["Ana", "Ben", "Cleo"]
    for t in report.trainees:
        mine = [p for p in cohort if p.trainee == t.name]
        finished = [p for p in mine if p.finished]
        assert t.attempts == len(mine) and t.completed == len(finished)
        assert t.attempted == len({p.scenario_id for p in mine}) and t.total == len(library.scenarios)
        assert t.passed == len({p.scenario_id for p in finished if p.passed})
        if finished:
            assert t.best == {k: max(scores_of(p)[k] for p in finished) for k in SCORE_KEYS}
            assert t.latest == scores_of(finished[-1])  # the clock only moves forward
            assert t.latest_scenario == finished[-1].scenario_id
        else:
            assert t.best is None and t.latest is None
        for row in t.scenarios:
            calls = [p for p in mine if p.scenario_id == row.scenario_id]
            ended = [p for p in calls if p.finished]
            assert (row.attempts, row.completed) == (len(calls), len(ended))
            assert row.latest == (scores_of(ended[-1]) if ended else None)
    means = {k: sum(scores_of(p)[k] for p in done) / len(done) for k in SCORE_KEYS}
    for h in report.histograms:
        assert h.count == len(done)
        assert h.mean == pytest.approx(means[h.key])
        expected = Counter(min(scores_of(p)[h.key] // 10, 9) for p in done)
        assert h.bins == tuple(expected.get(i, 0) for i in range(10))


def test_choice_statistics_count_every_decision(cohort_db: Path, cohort: list[Played], library: Library) -> None:
    report = report_of(cohort_db, library)
    picks = Counter((p.scenario_id, s.node.id, s.choice.index) for p in cohort for s in p.call.steps)
    pickers = defaultdict(set)
    for p in cohort:
        for s in p.call.steps:
            pickers[(p.scenario_id, s.node.id, s.choice.index)].add(p.trainee)
    assert report.decisions == sum(picks.values())
    seen = Counter()
    for sc in report.choices:
        assert sc.current and sc.older_decisions == 0
        scenario = library.scenarios[sc.scenario_id]
        assert [n.node_id for n in sc.nodes] == [n.id for n in scenario.nodes.values() if n.choices]
        for node in sc.nodes:
            assert len(node.options) == len(scenario.nodes[node.node_id].choices)
            for o in node.options:
                key = (sc.scenario_id, node.node_id, o.index)
                assert o.picks == picks.get(key, 0) and o.trainees == len(pickers.get(key, ()))
                assert o.text == scenario.nodes[node.node_id].choices[o.index].say
                seen[key] += o.picks
                assert ("never" in o.flags) == (node.visits > 0 and o.picks == 0)
                if "trap" in o.flags:
                    assert "miss" in o.flags and o.picks / node.visits >= TRAP_SHARE
    assert seen == picks


def test_rules_missed_follow_the_definition(cohort_db: Path, cohort: list[Played], library: Library) -> None:
    """Recount misses decision by decision with `judge` (tested on its own in test_misses)."""
    report = report_of(cohort_db, library)
    kinds = {r.id: r.kind for r in library.rulebook.rules.values()}
    judged = {sid: judge_scenario(s) for sid, s in library.scenarios.items()}
    broken, skipped, who, misses = Counter(), Counter(), defaultdict(set), 0
    for p in cohort:
        for s in p.call.steps:
            v = judge(judged[p.scenario_id][s.node.id], s.choice.index, sum(s.choice.score.values()),
                      s.choice.cited, kinds, s.choice.breaks)
            misses += v.miss
            broken.update(v.broken)
            skipped.update(v.skipped)
            for rule in v.broken + v.skipped:
                who[rule].add(p.trainee)
    assert report.misses == misses > 0
    assert {r.rule_id: (r.broken, r.skipped, r.trainees) for r in report.rules} == \
        {rule: (broken[rule], skipped[rule], len(who[rule])) for rule in who}
    assert [r.misses for r in report.rules] == sorted((r.misses for r in report.rules), reverse=True)
    aggressive = next(r for r in report.rules if r.rule_id == "dont-be-aggressive")
    assert aggressive.kind == "dont" and aggressive.broken > 0 and aggressive.title


def test_trainee_filter(cohort_db: Path, cohort: list[Played], library: Library) -> None:
    report = report_of(cohort_db, library, trainee="  ben ")
    assert report.scope.trainee == "Ben" and [t.name for t in report.trainees] == ["Ben"]
    assert report.totals.calls == sum(p.trainee == "Ben" for p in cohort)
    assert report.decisions == sum(len(p.call.steps) for p in cohort if p.trainee == "Ben")


def test_program_filter_uses_the_program_and_its_grading(cohort_db: Path, cohort: list[Played],
                                                         library: Library) -> None:
    from game.records.programs import load_programs, program_files, programs_dir

    report = report_of(cohort_db, library, program=PROGRAM)
    program = load_programs(program_files(programs_dir(SCENARIOS)), tuple(library.scenarios)).programs[PROGRAM]
    in_program = [p for p in cohort if p.program_id == PROGRAM]
    assert report.totals.calls == len(in_program)
    assert report.scope.scenario_ids == program.scenario_ids and report.scope.thresholds
    assert report.decisions == sum(len(p.call.steps) for p in in_program)
    store = RecordStore.open(cohort_db, write=False)
    try:
        for row in report.program_rows:
            expected = grade(program, library.scenarios, row.trainee,
                             store.calls(trainee=row.trainee, program_id=PROGRAM))
            assert row.passed == expected.passed
            assert [(s.status, s.used) for s in row.steps] == [(s.status, s.attempts_used) for s in expected.steps]
            summary = next(t for t in report.trainees if t.name == row.trainee)
            assert summary.passed == expected.passed
    finally:
        store.close()
    assert {r.trainee for r in report.program_rows} == {p.trainee for p in in_program}


def test_unknown_trainee_and_program(cohort_db: Path, library: Library) -> None:
    with pytest.raises(ReportError, match="no trainee 'Zed'; known: Ana, Ben, Cleo"):
        report_of(cohort_db, library, trainee="Zed")
    with pytest.raises(ReportError, match="no program 'nope'"):
        report_of(cohort_db, library, program="nope")


def test_program_recorded_but_not_defined_is_accepted(db: Path, compiled, library: Library) -> None:
    with RecordStore.open(db, clock=Clock()) as store:
        play_call(store, compiled["sunrise-bakery"], "Ana", best, "pilot-2025")
    report = report_of(db, library, program="pilot-2025")
    assert report.totals.calls == 1 and not report.scope.thresholds and not report.program_rows
    assert any("not defined" in n for n in report.notes)


def test_edited_and_unknown_scenarios(db: Path, compiled, library: Library) -> None:
    """Decisions in an older version of a scenario, or in a scenario no longer in the library, still count."""
    with RecordStore.open(db, clock=Clock()) as store:
        old = play_call(store, compiled["sunrise-bakery"], "Ana", worst)
        gone = play_call(store, compiled["harbor-logistics"], "Ben", worst)
        play_call(store, compiled["sunrise-bakery"], "Ana", best)
        store.conn.execute("UPDATE calls SET scenario_hash = 'older' WHERE id = ?", (old.call_id,))
        store.conn.execute("UPDATE calls SET scenario_id = 'retired-call' WHERE id = ?", (gone.call_id,))
    report = report_of(db, library)
    sunrise = next(sc for sc in report.choices if sc.scenario_id == "sunrise-bakery")
    assert sunrise.older_decisions == len(old.call.steps)
    assert sum(o.picks for n in sunrise.nodes for o in n.options) == sunrise.decisions - sunrise.older_decisions
    retired = next(sc for sc in report.choices if sc.scenario_id == "retired-call")
    assert not retired.current and sum(n.visits for n in retired.nodes) == len(gone.call.steps)
    step = gone.call.steps[0]
    assert [n.node_id for n in retired.nodes] == [s.node.id for s in gone.call.steps]  # in call order
    assert next(o for o in retired.nodes[0].options if o.index == step.choice.index).text == step.choice.say
    assert report.decisions == len(old.call.steps) + len(gone.call.steps) + sunrise.decisions - sunrise.older_decisions
    assert any("earlier versions" in n for n in report.notes)
    # the older version's broken 'dont' rules still count
    assert next(r for r in report.rules if r.rule_id == "dont-be-aggressive").broken >= 1
    assert "retired-call" in [t.scenarios[0].scenario_id for t in report.trainees if t.name == "Ben"]


def test_without_a_library(cohort_db: Path, cohort: list[Played]) -> None:
    report = report_of(cohort_db, None)
    assert report.totals.calls == len(cohort)
    assert set(report.scope.scenario_ids) == {p.scenario_id for p in cohort}
    assert report.decisions == sum(len(p.call.steps) for p in cohort)
    assert any("rulebook" in n for n in report.notes)


def test_attempts_for_the_progress_chart(cohort_db: Path, cohort: list[Played], library: Library) -> None:
    report = report_of(cohort_db, library, with_attempts=True)
    done = [p for p in cohort if p.finished]
    assert len(report.attempts) == len(done)
    ana = [a for a in report.attempts if a.trainee == "Ana"]
    assert [a.overall for a in ana] == [p.call.score().overall for p in done if p.trainee == "Ana"]
    assert [a.at for a in ana] == sorted(a.at for a in ana)


def test_critical_errors_match_the_stored_verdicts(cohort_db: Path, cohort: list[Played], library: Library) -> None:
    """Critical errors per rule, recounted from the verdicts the calls were stored with."""
    report = report_of(cohort_db, library)
    errors, calls, who = Counter(), Counter(), defaultdict(set)
    for p in cohort:
        if p.verdict is not None:
            errors.update(p.verdict.critical)
            calls.update(set(p.verdict.critical))
            for rule in p.verdict.critical:
                who[rule].add(p.trainee)
    assert {t.rule_id: (t.errors, t.calls, t.trainees) for t in report.critical} == \
        {rule: (errors[rule], calls[rule], len(who[rule])) for rule in errors}
    assert report.critical_calls == sum(bool(p.verdict and p.verdict.critical) for p in cohort)
    assert all(not p.passed for p in cohort if p.verdict is not None and p.verdict.critical)
