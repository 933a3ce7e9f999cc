"""A week is reproducible (same seed + same decisions = same week, also through its saved JSON), a
different seed plays differently under the same rules, every call is a full graded call, and what a
call agreed decides what happens next."""

from __future__ import annotations

import random

import pytest

from campaign_helpers import campaign, library
from game.campaign import ledger
from game.campaign.report import build_report
from game.campaign.state import WeekError, WeekState
from game.campaign.strategies import best_choices
from game.campaign.week import Week
from game.engine.verdict import decide
from game.engine.wrapup import WrapUp, expected_wrapup, review_wrapup
from game.records.grading import marks_for


def _play(seed: int, pick_seed: int = 0, careless: bool = False) -> Week:
    """A trainee who picks accounts by a seeded random order and plays the best call; `careless`
    writes no follow-up date in the log."""
    lib = library()
    week = Week(campaign(), lib.scenarios, seed, lib.rule_titles())
    rng = random.Random(pick_seed)
    while not week.finished:
        ids = [r.account.id for r in week.worklist() if r.balance > 0.005]
        for acc in rng.sample(ids, min(len(ids), week.campaign.slots)):
            call = week.start_call(acc)
            best_choices(call)
            log = expected_wrapup(call.scenario, call.node, week.today)
            if careless:
                log = WrapUp(log.disposition, log.amount, log.date, None, log.instalments, "a reason given", log.time)
            week.finish_call(call, log)
        week.end_day()
    return week


def test_the_same_seed_and_decisions_replay_the_same_week():
    a, b = _play(11, 3), _play(11, 3)
    assert a.state.to_json() == b.state.to_json()
    assert build_report(a).to_dict() == build_report(b).to_dict()
    replayed = Week.replay(campaign(), library().scenarios, WeekState.from_json(a.state.to_json()))
    assert build_report(replayed).to_dict() == build_report(a).to_dict()
    assert [e for _, e in replayed.all_events] == [e for _, e in a.all_events]


def test_a_different_seed_plays_differently_but_is_graded_by_the_same_rules():
    a, b = _play(11, 3), _play(12, 3)
    assert [c.seed for c in a.state.calls] != [c.seed for c in b.state.calls]  # other reply orders
    assert ([e for _, e in a.all_events], build_report(a).cash_collected) != \
        ([e for _, e in b.all_events], build_report(b).cash_collected)
    ra, rb = build_report(a), build_report(b)
    assert [(c.name, c.rules) for c in ra.checks] == [(c.name, c.rules) for c in rb.checks]
    for week in (a, b):  # every call: the engine's one verdict with the scenario's marks
        for r in week.results:
            review = review_wrapup(r.scenario, r.call.node, r.date, WrapUp.from_dict(r.entry.wrapup))
            assert r.verdict == decide(r.call.score(), review, marks_for(None, r.scenario), library().rule_titles())


def test_an_edited_or_foreign_saved_week_is_refused():
    week = _play(11, 3)
    data = week.state.to_dict()
    data["calls"][0]["seed"] += 1
    with pytest.raises(WeekError):
        Week.replay(campaign(), library().scenarios, WeekState.from_dict(data))
    data = week.state.to_dict()
    data["campaign_hash"] = "0" * 16
    with pytest.raises(WeekError, match="changed"):
        Week.replay(campaign(), library().scenarios, WeekState.from_dict(data))
    with pytest.raises(WeekError):
        WeekState.from_json("{not json")


def test_a_vague_promise_breaks_more_often_than_a_dated_confirmed_one():
    c, lib = campaign(), library()
    kept = {True: 0, False: 0}
    for seed in range(120):
        week = Week(c, lib.scenarios, seed)
        for firm, acc in ((True, "quarry"), (False, "lakeside")):
            assert week.campaign.account(acc).promise.firm is firm
        while week.day <= 3:
            week.end_day()
        for firm, acc in ((True, "quarry"), (False, "lakeside")):
            kept[firm] += week.books[acc].kept
    assert kept[True] > 2 * kept[False] and kept[False] > 0


def test_a_call_that_fails_or_is_logged_wrong_gives_a_weaker_promise():
    lib = library()
    solid = {}
    for case in ("good", "wrong-log"):
        week = Week(campaign(), lib.scenarios, 1)
        call = week.start_call("harbor")
        best_choices(call)
        log = expected_wrapup(call.scenario, call.node, week.today)
        if case == "wrong-log":
            log = WrapUp(log.disposition, (log.amount or 0) + 100, log.date, log.follow_up, log.instalments,
                         log.reason, log.time)
        result = week.finish_call(call, log)
        solid[case] = week.books["harbor"].open_payments[0].solidity
        assert result.verdict.passed is (case == "good")
    assert solid["wrong-log"] < solid["good"] * ledger.WRONG_LOG + 1e-9


def test_a_missed_follow_up_is_noticed_by_the_client_and_counted():
    week = _play(5, 1, careless=False)
    lib = library()
    week2 = Week(campaign(), lib.scenarios, 5)
    call = week2.start_call("marigold")
    best_choices(call)
    log = expected_wrapup(call.scenario, call.node, week2.today)
    follow = week2.campaign.day_date(2)
    week2.finish_call(call, WrapUp(log.disposition, log.amount, log.date, follow, log.instalments, "", log.time))
    week2.end_day()
    week2.end_day()  # day 2 passes without the promised call
    assert any("Marigold" in e and "nobody called" in e for e in week2.events)
    _, notes = week2.next_scenario("marigold")
    assert any("Nobody called me back" in n for n in notes)
    assert any("replays" in n for n in notes)  # the library has no follow-up call: said so
    while not week2.finished:
        week2.end_day()
    report = build_report(week2)
    assert report.follow_ups_due >= 1 and report.follow_up_discipline < 100
    assert week.finished


def test_a_log_without_a_follow_up_costs_follow_up_discipline():
    assert build_report(_play(9, 2, careless=True)).follow_up_discipline < \
        build_report(_play(9, 2)).follow_up_discipline


def test_the_worklist_shows_balance_age_bucket_and_notes():
    week = Week(campaign(), library().scenarios, 1)
    rows = {r.account.id: r for r in week.worklist()}
    assert rows["kessler"].bucket == "90+" and rows["kessler"].days_overdue == 96
    assert rows["quarry"].waiting_until == week.campaign.day_date(3)
    assert rows["kessler"].account.red_flags and rows["hollis"].bucket == "0-30"
    week.end_day()
    assert week.worklist()[0].days_overdue == rows["marigold"].days_overdue + 1


def test_the_week_refuses_moves_it_does_not_allow():
    week = Week(campaign(), library().scenarios, 1)
    call = week.start_call("kessler")
    with pytest.raises(WeekError):
        week.start_call("ashford")
    with pytest.raises(WeekError):
        week.end_day()
    best_choices(call)
    week.finish_call(call, None)
    with pytest.raises(WeekError, match="already called"):
        week.start_call("kessler")
    assert build_report(week).documentation == 0  # no call log: nothing documented
