"""The gaming hole of follow-up discipline: a follow-up dated after the week's last day used to go
uncounted, so a trainee could date every follow-up after the week and never owe a call. A diary date is
now held to what was agreed (`policy.follow_up_limit`, rule do-follow-up-on-time): a later one is a
lapse wherever it falls; a reasonable one after the week is fine (it is simply not due yet)."""

from __future__ import annotations

import datetime as _dt

import pytest

from campaign_helpers import campaign, library
from game.campaign import policy
from game.campaign.policy import FOLLOW_UP_RULE, follow_up_limit
from game.campaign.report import build_report
from game.campaign.strategies import (AFTER_THE_WEEK, POLICY, after_the_week_log, analyze_campaign, best_choices,
                                      careful_log, play_week, policy_beats_all)
from game.campaign.week import Week
from game.engine.wrapup import WrapUp

MON, TUE, WED, THU, FRI = (_dt.date(2026, 11, 23) + _dt.timedelta(days=n) for n in range(5))
NEXT_MON, NEXT_TUE = _dt.date(2026, 11, 30), _dt.date(2026, 12, 1)


@pytest.mark.parametrize("call, agreed, limit", [
    (MON, WED, THU),            # a dated promise: the working day after it
    (MON, FRI, NEXT_MON),       # ... skipping the weekend
    (MON, None, THU),           # nothing dated: three working days after the call
    (THU, None, NEXT_TUE),
    (WED, MON, THU),            # an agreed date already past counts from the call
])
def test_the_latest_reasonable_follow_up_follows_what_was_agreed(call, agreed, limit):
    assert follow_up_limit(call, agreed) == limit


def _first_call(week: Week, account: str, follow: _dt.date | None):
    call = week.start_call(account)
    best_choices(call)
    log = careful_log(week, call)
    written = WrapUp(log.disposition, log.amount, log.date, follow, log.instalments, log.reason, log.time)
    return week.finish_call(call, written), log


def test_a_follow_up_dated_after_the_week_beyond_what_was_agreed_is_a_lapse_citing_the_rule():
    lib = library()
    week = Week(campaign(), lib.scenarios, 3, lib.rule_titles())
    _, log = _first_call(week, "marigold", week.campaign.end + _dt.timedelta(days=10))
    book = week.books["marigold"]
    assert book.follow_ups[-1].late
    assert FOLLOW_UP_RULE in book.notes[-1] and "a lapse" in book.notes[-1]
    while not week.finished:
        week.end_day()
    report = build_report(week)
    assert report.follow_ups_late == 1 and report.follow_ups_kept == 0
    assert report.follow_up_discipline == 0  # the one follow-up of the week was not a real one
    check = next(c for c in report.checks if c.name == "follow-up discipline")
    assert check.rules == (FOLLOW_UP_RULE,) and "later than what was agreed allows" in check.detail
    assert report.to_dict()["follow_ups_late"] == 1


def test_a_reasonable_follow_up_after_the_week_is_fine_and_not_yet_due():
    lib = library()
    week = Week(campaign(), lib.scenarios, 3, lib.rule_titles())
    for _ in range(week.campaign.days - 1):
        week.end_day()
    call = week.start_call("marigold")  # on the last day
    best_choices(call)
    careful = careful_log(week, call)
    assert careful.follow_up > week.campaign.end  # the follow-up falls after the week
    week.finish_call(call, careful)
    assert not week.books["marigold"].follow_ups[-1].late
    week.end_day()
    report = build_report(week)
    assert week.books["marigold"].follow_ups[-1].status == "open"  # not due inside the week: not counted
    counted = [f for b in week.books.values() for f in b.follow_ups if f.status in ("kept", "missed")]
    assert report.follow_ups_late == 0 and report.follow_ups_due == len(counted)


def test_the_same_calls_with_every_follow_up_after_the_week_grade_lower():
    c, lib = campaign(), library()
    careful = build_report(play_week(c, lib.scenarios, 11, _policy_picks, write=careful_log))
    gamed = build_report(play_week(c, lib.scenarios, 11, _policy_picks, write=after_the_week_log))
    assert gamed.calls_made == careful.calls_made and gamed.expected_recovery == careful.expected_recovery
    assert gamed.follow_ups_late == gamed.calls_made > 0
    assert gamed.follow_up_discipline < careful.follow_up_discipline == 100
    assert gamed.score < careful.score


def test_campaign_analyze_plays_the_after_the_week_strategy_and_the_policy_beats_it():
    c, lib = campaign(), library()
    results = analyze_campaign(c, lib.scenarios, c.seed, weeks=4)
    by_name = {r.name: r for r in results}
    assert AFTER_THE_WEEK in by_name and policy_beats_all(results) == []
    gamed, best = by_name[AFTER_THE_WEEK], by_name[POLICY]
    assert gamed.mean("score") < best.mean("score")
    assert gamed.mean("follow_up_discipline") < best.mean("follow_up_discipline")
    assert gamed.mean("follow_ups_late") > 0


def _policy_picks(week: Week, pool: list[str]) -> list[str]:
    return policy.policy_picks(week.books.values(), week.campaign.start, week.today, week.campaign.slots)
