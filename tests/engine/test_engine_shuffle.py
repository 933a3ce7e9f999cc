"""Replies in a fresh order every call: drawn per call from a stored seed, reproduced by resume and
replay, and never part of what identifies a choice."""

from __future__ import annotations

from collections import Counter

from game.engine.call import Call, CallState, draw_seed, shown_order


def test_order_is_a_permutation_and_reproducible():
    for count in range(1, 5):
        order = shown_order(42, "greeting", count)
        assert sorted(order) == list(range(count))
        assert shown_order(42, "greeting", count) == order
    assert shown_order(None, "greeting", 4) == (0, 1, 2, 3)


def test_order_varies_between_calls_and_nodes():
    orders = Counter(shown_order(seed, "ask", 4) for seed in range(2000))
    assert len(orders) == 24                      # every permutation of four replies turns up
    assert max(orders.values()) < 2000 * 0.08    # and none dominates (uniform would be ~4.2%)
    firsts = Counter(order[0] for order in orders.elements())
    assert min(firsts.values()) > 2000 * 0.2      # each reply is shown first about a quarter of the time
    assert shown_order(7, "ask", 4) != shown_order(7, "open", 4) or shown_order(8, "ask", 4) != shown_order(8, "open", 4)


def test_draw_seed_gives_fresh_seeds():
    assert len({draw_seed() for _ in range(50)}) > 45


def test_choose_shown_takes_the_reply_on_screen(lab):
    call = Call(lab, 99)
    shown = call.shown
    step = call.choose_shown(2)
    assert step.choice is shown[2]
    assert step.position == 3
    assert call.state.decisions[-1].choice == shown[2].index   # stored by file index, not position


def test_position_does_not_change_the_score(lab):
    """The same replies give the same call and score whatever order they were shown in."""
    choices = (1, 2, 1)
    scores = [Call.replay(lab, choices, seed).score() for seed in (None, 1, 2, 3)]
    assert len({(tuple(s.scores.items()), s.overall) for s in scores}) == 1


def test_resume_shows_the_same_order(lab):
    call = Call(lab, 5)
    call.choose_shown(0)
    resumed = Call.resume(lab, CallState.from_json(call.state.to_json()))
    assert [c.index for c in resumed.shown] == [c.index for c in call.shown]


def test_pressing_1_is_no_strategy(lab):
    """Always taking the first reply on screen spreads over the replies like random play."""
    picked = Counter(Call(lab, seed).choose_shown(0).choice.index for seed in range(400))
    assert len(picked) == 4 and min(picked.values()) > 60
