"""The documented prioritisation policy: what it ranks first, how a day is scored (not by order or
count of calls), and `campaign analyze`: the policy beats every fixed worklist strategy, seed fixed."""

from __future__ import annotations

import datetime as _dt

from campaign_helpers import campaign, library
from game.campaign.ledger import Book, FollowUp, Payment
from game.campaign.policy import day_score, policy_picks, ranking
from game.campaign.strategies import analysis_lines, analyze_campaign, policy_beats_all

START = _dt.date(2026, 11, 23)
TODAY = _dt.date(2026, 11, 25)


def _book(acc: str, balance: float, age: int, flags: tuple[str, ...] = ()) -> Book:
    return Book(acc, balance, balance, age, flags)


def test_due_today_comes_first_then_amount_times_age_with_red_flags_doubled():
    big_young = _book("a-big-young", 30000, 10)          # 30000 × 12 = 360k
    small_old = _book("b-small-old", 3000, 100)          # 3000 × 102 = 306k
    flagged = _book("c-flagged", 2000, 90, ("returned cheques",))  # 2000 × 92 × 2 = 368k
    due = _book("d-due", 500, 5)
    due.follow_ups.append(FollowUp(TODAY, "broken promise of 500.00", 2))
    waiting = _book("e-waiting", 90000, 200)
    waiting.payments.append(Payment(90000, TODAY + _dt.timedelta(days=3), 0.9, True, 1))
    paid = _book("f-paid", 0, 300)
    order = [u.account_id for u in ranking([big_young, small_old, flagged, due, waiting, paid], START, TODAY)]
    assert order == ["d-due", "c-flagged", "a-big-young", "b-small-old"]
    assert policy_picks([big_young, small_old, flagged, due, waiting], START, TODAY, 2) == ["d-due", "c-flagged"]


def test_a_day_is_scored_on_whom_was_called_not_in_which_order_or_how_often():
    wanted = ["x", "y"]
    assert day_score(["y", "x"], wanted, 2) == day_score(["x", "y"], wanted, 2) == 100
    assert day_score(["x", "z"], wanted, 2) == 50
    assert day_score(["x"], wanted, 2) == 50  # an unused slot is not free
    assert day_score([], [], 2) == 100 and day_score(["z"], [], 2) == 100


def test_the_documented_policy_beats_every_fixed_strategy_with_the_seed_fixed():
    c = campaign()
    results = analyze_campaign(c, library().scenarios, c.seed)
    assert results[0].name == "policy"
    assert {r.name for r in results[1:]} == {"largest balance", "oldest", "alphabetical", "random",
                                             "follow-ups after the week"}
    assert policy_beats_all(results) == []
    worklist = [r for r in results[1:] if r.name != "follow-ups after the week"]
    policy = results[0].mean("expected_recovery")
    assert all(policy > r.mean("expected_recovery") for r in worklist)
    assert results[0].mean("prioritisation") == 100 and all(r.mean("prioritisation") < 100 for r in worklist)
    assert "beats every fixed strategy" in "\n".join(analysis_lines(c, results, c.seed))
    again = analyze_campaign(c, library().scenarios, c.seed)
    assert [r.mean("expected_recovery") for r in again] == [r.mean("expected_recovery") for r in results]
