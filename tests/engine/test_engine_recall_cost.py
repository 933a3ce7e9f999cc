"""Recall mode as engine state: "what do you mean" rounds cost patience before the reply, a fallback pick
earns at most half its stake, recall never scores above picking, and both survive save and resume."""

from __future__ import annotations

import random

import pytest

from game.engine.call import Call, CallError, CallState, Decision
from game.engine.recall_cost import FALLBACK_SHARE, MAX_UNCLEAR, UNCLEAR_MOOD, unclear_cost


def _walk(compiled, rng, steps=40):
    call, picks = Call(compiled), []
    while not call.ended and len(picks) < steps:
        index = rng.randrange(len(call.options))
        call.choose(index)
        picks.append(index)
    call.close()
    return picks


def test_each_unclear_round_costs_patience_before_the_reply(all_compiled):
    checked = 0
    for compiled in all_compiled.values():
        stepper = compiled.machine.stepper
        for unclear in range(1, MAX_UNCLEAR + 1):
            call = Call(compiled)
            node, before = call.node, dict(call.meters)
            for index in range(len(node.choices)):
                expect_cost = unclear_cost(compiled.scenario, unclear)
                nxt = stepper.step(node.id, index, stepper.pack(before), stepper.cost_tuple(expect_cost))
                probe = Call(compiled)
                step = probe.choose(index, unclear=unclear)
                probe.close()
                assert step.cost == expect_cost and step.unclear == unclear
                assert (step.target, dict(step.meters_after)) == (nxt.target, stepper.unpack(nxt.meters))
                if "patience" in compiled.scenario.meters:
                    assert expect_cost["patience"] == UNCLEAR_MOOD["patience"] * unclear
                checked += 1
            call.close()
    assert checked > 20


def test_recall_never_scores_above_picking_and_fallback_earns_at_most_its_share(all_compiled):
    rng = random.Random(16)
    compared = 0
    for compiled in all_compiled.values():
        for _ in range(6):
            picks = _walk(compiled, rng)
            plain, recall = Call(compiled), Call(compiled)
            for index in picks:
                if plain.ended or recall.ended or recall.node.id != plain.node.id:
                    break
                unclear, fallback = rng.randint(0, MAX_UNCLEAR), rng.random() < 0.3
                a = plain.choose(index)
                b = recall.choose(index, unclear=unclear, fallback=fallback)
                for dim, earned in b.scored.earned.items():
                    stake = b.scored.at_stake[dim]
                    plain_share = a.scored.quality(dim)
                    assert earned / stake <= (1.0 if plain_share is None else plain_share) + 1e-9
                    if fallback:
                        assert earned <= FALLBACK_SHARE * stake + 1e-9
                compared += 1
                if recall.node.id != plain.node.id:  # patience ran out sooner: the paths part here
                    break
            if plain.ended and recall.ended and len(plain.steps) == len(recall.steps):
                p, r = plain.score(), recall.score()
                for dim in ("professionalism", "empathy", "clarity"):
                    assert r.scores[dim] <= p.scores[dim]
            plain.close()
            recall.close()
    assert compared > 50


def test_a_top_reply_taken_as_a_fallback_loses_half_its_stake(lab):
    call = Call(lab)
    top = call.choose(0).scored  # any reply; compare the same one with and without fallback
    call.close()
    fb = Call(lab)
    capped = fb.choose(0, fallback=True).scored
    fb.close()
    for dim, stake in top.at_stake.items():
        assert capped.earned[dim] == pytest.approx(min(top.earned[dim], FALLBACK_SHARE * stake))


def test_unclear_rounds_and_fallbacks_survive_save_and_resume(all_compiled):
    rng = random.Random(7)
    for compiled in list(all_compiled.values())[:6]:
        live = Call(compiled, seed=rng.randrange(2 ** 32))
        while not live.ended:
            live.choose(rng.randrange(len(live.options)), unclear=rng.randint(0, MAX_UNCLEAR),
                        fallback=rng.random() < 0.3)
            state = CallState.from_json(live.state.to_json())
            assert state.decisions == live.state.decisions
            resumed = Call.resume(compiled, state)
            assert dict(resumed.meters) == dict(live.meters)
            assert [s.scored for s in resumed.steps] == [s.scored for s in live.steps]
            resumed.close()


def test_plain_decisions_keep_their_five_item_form():
    assert len(Decision("n", 0).to_list()) == 5
    assert Decision("n", 0, unclear=1).to_list()[-2:] == [1, False]


@pytest.mark.parametrize("bad", [-1, MAX_UNCLEAR + 1, True, 1.5])
def test_refuses_impossible_unclear_rounds(lab, bad):
    call = Call(lab)
    with pytest.raises(CallError):
        call.choose(0, unclear=bad)
    call.close()
    data = Call(lab).state.to_dict()
    data["decisions"] = [["start", 0, None, False, None, bad, False]]
    with pytest.raises(CallError, match="malformed"):
        CallState.from_dict(data)
