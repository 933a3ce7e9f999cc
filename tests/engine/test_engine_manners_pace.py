"""Time and manners on a call (game.engine.manners): waiting and interrupting cost mood through the one
shared step, are scored, saved and replayed like any decision, and can never raise a grade."""

from __future__ import annotations

import json
import random

import pytest

from game.content.model import CHOICE_DIMENSIONS, DIMENSIONS
from game.content.scenario_loader import load_scenario_text
from game.engine.call import Call, CallState
from game.engine.debrief import build_debrief
from game.engine.manners import LISTEN_RULE, Manners, manners_cost, pace_of
from game.engine.states import explore


LAB_PACE = """
pace:
  wait: 10
  mood: {patience: -7}
  interrupted: {say: "Hold on, I wasn't done.", mood: {trust: -9}}
"""


def _random_manners(rng: random.Random) -> tuple[float | None, bool]:
    roll = rng.random()
    if roll < 0.3:
        return None, False
    if roll < 0.5:
        return 0.0, True
    return rng.choice([0.0, 3.5, 14.9, 15.0, 31.0, 47.0, 400.0]), False


def test_defaults_follow_difficulty(all_compiled):
    waits = {sc.scenario.difficulty: pace_of(sc.scenario).wait for sc in all_compiled.values()
             if sc.scenario.pace is None}
    assert all(waits[d] == {1: 30, 2: 20, 3: 15}[d] for d in waits)
    harder = sorted(waits)
    assert [waits[d] for d in harder] == sorted(waits.values(), reverse=True)


def test_cost_scales_with_silence_and_is_capped(lab):
    pace = pace_of(lab.scenario)
    costs = [manners_cost(lab.scenario, Manners.of(w, False)).get("patience", 0) for w in (0, 29.9, 30, 61, 95, 1e5)]
    assert costs == [0, 0, -5, -10, -15, -15]
    assert manners_cost(lab.scenario, Manners.of(None, False)) == {}
    assert manners_cost(lab.scenario, Manners.of(500, True)) == dict(pace.interrupt_mood)  # no wait when cut off


def test_step_with_cost_is_the_step_from_the_charged_meters(any_scenario):
    """Every reachable state, every reply, both kinds of cost: one rule, the cost applied first."""
    stepper = any_scenario.machine.stepper
    space = explore(any_scenario.scenario)
    costs = [stepper.cost_tuple(manners_cost(any_scenario.scenario, m))
             for m in (Manners.of(1000, False), Manners.of(None, True))]
    for (node, meters), moves in space.moves.items():
        for index, _ in moves:
            for cost in costs:
                assert stepper.step(node, index, meters, cost) == stepper.step(node, index,
                                                                               stepper.charge(meters, cost))


def test_live_call_applies_the_cost_before_routes(any_scenario):
    """A real Call with manners lands where the shared step says, and scores against the charged options."""
    rng = random.Random(7)
    stepper, lookahead = any_scenario.machine.stepper, any_scenario.lookahead
    for _ in range(25):
        call = Call(any_scenario)
        while not call.ended:
            index = rng.randrange(len(call.options))
            waited, interrupted = _random_manners(rng)
            cost = stepper.cost_tuple(manners_cost(call.scenario, Manners.of(waited, interrupted)))
            packed = stepper.pack(call.meters)
            expected = stepper.step(call.node_id, index, packed, cost)
            charged = stepper.unpack(stepper.charge(packed, cost))
            top = {o.choice.index for o in lookahead.options(call.node_id, charged)}
            step = call.choose(index, waited, interrupted)
            assert (step.target, stepper.pack(step.meters_after)) == (expected.target, expected.meters)
            assert {o.choice.index for o in step.scored.options} == top
            assert step.scored.interrupted is interrupted
        call.score()




def _random_call(compiled, rng: random.Random) -> list[int]:
    call = Call(compiled)
    while not call.ended:
        call.choose(rng.randrange(len(call.options)))
    return [d.choice for d in call.state.decisions]


def test_manners_never_raise_a_grade(any_scenario):
    """Any call, any waits and interruptions: each decision earns no larger share than on time, the
    commitment never beats what the replies on time could reach, and on the same path no score is
    better."""
    rng = random.Random(11)
    for _ in range(40):
        choices = _random_call(any_scenario, rng)
        for _ in range(3):
            manners = [_random_manners(rng) for _ in choices]
            late = Call(any_scenario)
            on_time = Call(any_scenario)
            same_path = True
            for index, (waited, interrupted) in zip(choices, manners):
                if late.ended or late.node_id != on_time.node_id:
                    same_path = False
                    break
                a = on_time.choose(index)
                b = late.choose(index, waited, interrupted)
                for dim in CHOICE_DIMENSIONS:
                    qa, qb = a.scored.quality(dim), b.scored.quality(dim)
                    assert (qb if qb is not None else 1.0) <= (qa if qa is not None else 1.0) + 1e-9
                if interrupted:
                    assert all(q is None or q <= 0.5 + 1e-9 for q in map(b.scored.quality, CHOICE_DIMENSIONS))
            while not late.ended:  # carry on however the costs routed it
                late.choose(rng.randrange(len(late.options)))
            ceilings = [s.scored.ceiling for s in late.steps if s.scored.ceiling is not None]
            if ceilings:
                assert late.score().raw["commitment"] <= min(ceilings)
            if same_path and on_time.ended and late.ended:
                sa, sb = on_time.score(), late.score()
                assert all(sb.scores[d] <= sa.scores[d] for d in DIMENSIONS)
                assert sb.overall <= sa.overall


def test_interrupting_breaks_the_listening_rule_in_the_debrief(lab, rulebook):
    call = Call(lab)
    call.choose(0, interrupted=True)
    call.choose(0, waited=2.0)
    while not call.ended:
        call.choose(0)
    debrief = build_debrief(call, rulebook)
    first, second = debrief.decisions[0], debrief.decisions[1]
    assert LISTEN_RULE in [r.id for r in first.broke] and first.interrupted
    assert first.broke[-1].sources, "the listening rule is cited with its sources"
    assert "cut them off" in first.manners and first.quality <= 0.5
    assert LISTEN_RULE not in [r.id for r in second.broke] and not second.manners
    assert LISTEN_RULE in [p.rule.id for p in debrief.practice]
    assert LISTEN_RULE in [r.id for r in debrief.rules_touched]


def test_manners_are_saved_and_replayed(lab):
    call = Call(lab, seed=5)
    call.choose(1, waited=45.0, elapsed=12.5)
    call.choose(0, interrupted=True, elapsed=20.0)
    call.note_elapsed(50.0)
    saved = call.state.to_json()
    resumed = Call.resume(lab, CallState.from_json(saved))
    assert resumed.elapsed == 50.0, "the call timer continues from where it was (0:50 stays 0:50)"
    assert resumed.state.meters == call.state.meters
    assert [(s.waited, s.interrupted, s.at) for s in resumed.steps] == [(45.0, False, 12.5), (0.0, True, 20.0)]
    assert [s.scored for s in resumed.steps] == [s.scored for s in call.steps]
    plain = Call.replay(lab, (1, 0))
    assert plain.state.meters != call.state.meters, "the costs are part of the state"


def test_old_save_formats_still_load(lab):
    call = Call.replay(lab, (1, 2))
    data = json.loads(call.state.to_json())
    data["save_format"] = 2
    data["decisions"] = [[d[0], d[1]] for d in data["decisions"]]
    del data["elapsed"]
    resumed = Call.resume(lab, CallState.from_dict(data))
    assert resumed.state.node == call.state.node and resumed.elapsed == 0.0


@pytest.mark.parametrize("bad", [["start", 1, "soon", False, None], ["start", 1, None, "yes", None],
                                 ["start", 1, -3, False, None], ["start", 1, None]])
def test_malformed_manners_are_refused(lab, bad):
    from game.engine.call import CallError

    data = json.loads(Call(lab).state.to_json())
    data["decisions"] = [bad]
    with pytest.raises(CallError):
        CallState.from_dict(data)


def test_authored_pace_is_read(rulebook, lab):
    text = open(lab.scenario.path, encoding="utf-8").read().replace("\nstart: start\n", "\nstart: start\n" + LAB_PACE)
    result = load_scenario_text(text, "lab-pace.yaml", rulebook)
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    pace = pace_of(result.scenario)
    assert (pace.wait, dict(pace.mood), dict(pace.interrupt_mood), pace.interrupt_say, pace.authored) == \
        (10, {"patience": -7}, {"trust": -9}, "Hold on, I wasn't done.", True)


@pytest.mark.parametrize("pace, message", [("pace: {wait: 2}", "must be from 5 to 600"),
                                           ("pace: {mood: {patience: 5}}", "must be from -30 to 0"),
                                           ("pace: {mood: {calm: -5}}", "unknown meter 'calm'"),
                                           ("pace: {wiat: 20}", "wiat")])
def test_bad_pace_is_one_clear_line(rulebook, lab, pace, message):
    text = open(lab.scenario.path, encoding="utf-8").read().replace("\nstart: start\n", f"\nstart: start\n{pace}\n")
    result = load_scenario_text(text, "lab-pace.yaml", rulebook)
    assert result.scenario is None
    lines = [d.format() for d in result.diagnostics.items]
    assert any(message in line and "lab-pace.yaml:" in line for line in lines), lines


def test_every_ending_has_a_closing_exchange(all_compiled):
    from game.content.model import Commitment
    from game.engine.closing import closing_exchange

    for compiled in all_compiled.values():
        scenario = compiled.scenario
        for ending in scenario.endings:
            closing = closing_exchange(scenario, ending)
            assert closing.caller.strip(), (scenario.id, ending.id)
            end = ending.ending
            if ending.id == scenario.hang_up_to:
                assert closing.client == "" and "hung up" in closing.caller
                continue
            assert closing.client.strip()
            if end.commitment in (Commitment.FULL, Commitment.PARTIAL, Commitment.PLAN) and end.amount:
                assert f"{end.amount:,.2f}" in closing.caller, (scenario.id, ending.id, closing.caller)
            if end.days is not None and end.commitment is not Commitment.NONE:
                day = scenario.account.call_date() + __import__("datetime").timedelta(days=end.days)
                said = "today" if end.days == 0 else f"{day.day} {day.strftime('%B')}"
                assert said in closing.caller, (scenario.id, ending.id, closing.caller)


def test_an_authored_closing_replaces_the_generated_lines(rulebook, lab):
    from game.engine.closing import closing_exchange

    text = open(lab.scenario.path, encoding="utf-8").read()
    ending = next(e for e in lab.scenario.endings if e.id != lab.scenario.hang_up_to)
    marker = f"\n  {ending.id}:\n"
    assert marker in text
    head, tail = text.split(marker, 1)
    end_at = tail.index("    end:") + len("    end:")
    closing = ' {closing: {caller: "Confirmed, thanks. Bye!"},'
    line_end = tail.index("\n", end_at)
    inline = tail[end_at:line_end].strip()
    if inline.startswith("{"):
        patched = tail[:end_at] + closing + inline[1:] + tail[line_end:]
    else:
        patched = tail[:end_at] + "\n      closing: {caller: \"Confirmed, thanks. Bye!\"}" + tail[end_at:]
    result = load_scenario_text(head + marker + patched, "lab-closing.yaml", rulebook)
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    got = closing_exchange(result.scenario, result.scenario.nodes[ending.id])
    assert got.caller == "Confirmed, thanks. Bye!"
    assert got.client == closing_exchange(lab.scenario, ending).client, "the missing line is still generated"
