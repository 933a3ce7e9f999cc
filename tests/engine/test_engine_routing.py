"""Routing, guards, hang-ups, clamping and errors of a Call, on the routing-lab fixture
(tests/engine/fixtures/routing-lab.yaml), plus engine-wide properties checked on every reachable
decision of every fixture and real scenario."""

from __future__ import annotations

import pytest

from game.engine.call import Call, CallError
from game.engine.machine import TRIGGER_PREFIX, CompiledScenario, predict_target, trigger_name

from engine_paths import complete_calls, spread

# Start: patience 50, trust 50. Choices are 0-based, as Call.choose takes them.
START, POLITE, CURT, RUDE, INSULT = "start", 0, 1, 2, 3
EXPLAIN, LISTEN, FLATTER = 0, 1, 2        # at `ask`
ASK_FULL, THREATEN = 0, 1                 # at `open`
OFFER, DEMAND, GIVE_UP = 0, 1, 2          # at `guarded`
SCHEDULE, PUSH = 0, 1                     # at `cold`


def play(compiled: CompiledScenario, choices) -> Call:
    return Call.replay(compiled, choices)


def visited(call: Call) -> list[str]:
    return [call.scenario.start] + [step.target for step in call.steps]


# (choices, nodes visited, final meters, what it shows)
ROUTES = [
    ((POLITE,), ["start", "ask"], {"patience": 100, "trust": 100}, "both meters clamp at 100"),
    ((RUDE,), ["start", "ask"], {"patience": 5, "trust": 0}, "trust clamps at 0 without a hang-up"),
    ((POLITE, EXPLAIN), ["start", "ask", "open"], {"patience": 90, "trust": 100},
     "`and`: both clauses hold"),
    ((CURT, FLATTER), ["start", "ask", "guarded"], {"patience": 70, "trust": 20},
     "`and`: patience clause holds, trust clause fails -> next route (patience > 10) holds"),
    ((CURT, EXPLAIN), ["start", "ask", "guarded"], {"patience": 20, "trust": 40},
     "`and`: patience clause fails -> next route (patience > 10) holds"),
    ((RUDE, LISTEN), ["start", "ask", "cold"], {"patience": 10, "trust": 0},
     "patience > 10 fails at exactly 10 -> fallback route"),
    ((POLITE, EXPLAIN, ASK_FULL), ["start", "ask", "open", "pays-full"], {"patience": 90, "trust": 100},
     "trust >= 90 holds"),
    ((POLITE, FLATTER, ASK_FULL), ["start", "ask", "open", "agrees-plan"], {"patience": 100, "trust": 80},
     "trust >= 90 fails -> fallback"),
    ((CURT, LISTEN, OFFER), ["start", "ask", "guarded", "agrees-plan"], {"patience": 35, "trust": 50},
     "trust >= 40 holds"),
    ((CURT, FLATTER, OFFER), ["start", "ask", "guarded", "partial"], {"patience": 70, "trust": 30},
     "trust >= 40 fails -> fallback"),
    ((CURT, FLATTER, DEMAND), ["start", "ask", "guarded", "partial"], {"patience": 40, "trust": 20},
     "patience > 25 holds"),
    ((CURT, LISTEN, DEMAND), ["start", "ask", "guarded", "callback"], {"patience": 5, "trust": 40},
     "patience > 25 fails -> fallback"),
    ((CURT, LISTEN, GIVE_UP), ["start", "ask", "guarded", "walks-away"], {"patience": 35, "trust": 40},
     "a plain goto to a second `none` ending"),
    ((RUDE, LISTEN, SCHEDULE), ["start", "ask", "cold", "callback"], {"patience": 10, "trust": 0},
     "a plain goto"),
]


@pytest.mark.parametrize("choices, nodes, meters, why", ROUTES, ids=[r[3] for r in ROUTES])
def test_routing(lab, choices, nodes, meters, why):
    call = play(lab, choices)
    assert visited(call) == nodes, why
    assert dict(call.state.meters) == meters, why
    assert not any(step.hung_up for step in call.steps)


# (choices, the node the hang-up happened at, the meters after)
HANG_UPS = [
    ((INSULT,), "start", {"patience": 0, "trust": 50}),                     # 50 - 100 clamps to 0
    ((RUDE, EXPLAIN), "ask", {"patience": 0, "trust": 0}),                  # 5 - 10 clamps to 0
    ((POLITE, EXPLAIN, THREATEN), "open", {"patience": 0, "trust": 100}),
    ((CURT, EXPLAIN, DEMAND), "guarded", {"patience": 0, "trust": 40}),     # 20 - 30
    ((RUDE, LISTEN, PUSH), "cold", {"patience": 0, "trust": 0}),            # 10 - 20
]


@pytest.mark.parametrize("choices, at, meters", HANG_UPS, ids=[h[1] for h in HANG_UPS])
def test_hang_up_from_every_node_overrides_goto(lab, choices, at, meters):
    call = play(lab, choices)
    last = call.steps[-1]
    assert last.node.id == at
    assert "hangs-up" not in last.choice.targets, "the fixture's hang-up choices all point elsewhere"
    assert last.target == "hangs-up" == call.state.node
    assert last.hung_up
    assert call.ended
    assert dict(call.state.meters) == meters
    assert not any(step.hung_up for step in call.steps[:-1])


def test_default_hang_up_ending_is_first_none_ending(lab):
    # `hang_up_to` is not set in the fixture; `hangs-up` comes before `walks-away` in the file.
    assert lab.scenario.hang_up_to == "hangs-up"
    assert dict(lab.scenario.hang_up_when) == {"patience": 0}


def test_patience_reaching_zero_above_threshold_is_no_hang_up(lab, mini):
    call = play(lab, (CURT,))  # patience 50 -> 30: lowered, but not to 0
    assert not call.steps[-1].hung_up and call.state.node == "ask"
    # no-empathy has `hang_up_when: {}`: patience 0 is just a number there.
    call = play(mini, (1,))
    assert call.state.meters["patience"] == 0
    assert call.state.node == "later" and not call.steps[-1].hung_up


def test_step_records_what_happened(lab):
    call = play(lab, (POLITE, FLATTER))
    first, second = call.steps
    assert (first.number, first.node.id, first.choice.index, first.target) == (1, "start", POLITE, "ask")
    assert dict(first.meters_before) == {"patience": 50, "trust": 50}
    assert dict(first.meters_after) == {"patience": 100, "trust": 100}
    assert (second.number, second.node.id, second.target) == (2, "ask", "open")
    assert dict(second.meters_before) == {"patience": 100, "trust": 100}
    assert dict(second.meters_after) == {"patience": 100, "trust": 80}
    assert [(d.node, d.choice) for d in call.state.decisions] == [("start", POLITE), ("ask", FLATTER)]


def test_content_is_not_mutated(lab):
    mood_before = dict(lab.scenario.persona.mood)
    play(lab, (POLITE, EXPLAIN, ASK_FULL))
    play(lab, (INSULT,))
    assert dict(lab.scenario.persona.mood) == mood_before == {"patience": 50, "trust": 50}


@pytest.mark.parametrize("index", [3, 4, -1, 99])
def test_invalid_choice_index_is_a_call_error(lab, index):
    call = play(lab, (POLITE,))
    before = call.state.to_dict()
    with pytest.raises(CallError, match=r"there is no choice .* pick 1 to 3"):
        call.choose(index)  # `ask` has 3 choices: 0..2
    assert call.state.to_dict() == before, "a refused choice must not change the call"
    call.choose(EXPLAIN)  # and the call goes on
    assert call.state.node == "open"
    call.close()


def test_choosing_after_the_end_is_a_call_error(lab):
    call = play(lab, (INSULT,))
    assert call.ended
    before = call.state.to_dict()
    for index in (0, 1, 5):
        with pytest.raises(CallError, match="already ended"):
            call.choose(index)
    assert call.state.to_dict() == before


def test_score_before_the_end_is_a_call_error(lab):
    call = play(lab, (POLITE,))
    with pytest.raises(CallError, match="not ended"):
        call.score()
    call.close()


def test_replay_is_deterministic(any_scenario, states):
    """Same choices, same call: state, steps and scores, for the call found while exploring and two
    fresh replays of its choices; every complete call of the fixtures, an even spread of 100 for
    each real scenario."""
    def fingerprint(call: Call):
        steps = [(s.number, s.node.id, s.choice.index, s.target, dict(s.meters_before), dict(s.meters_after),
                  s.hung_up) for s in call.steps]
        return call.state.to_json(), steps, call.score()

    calls = complete_calls(states)
    assert calls
    for explored in spread(calls, 100):
        choices = [d.choice for d in explored.state.decisions]
        first, second = Call.replay(any_scenario, choices), Call.replay(any_scenario, choices)
        assert fingerprint(first) == fingerprint(second) == fingerprint(explored), choices


def test_calls_sharing_one_machine_do_not_interfere(lab):
    a, b = Call(lab), Call(lab)
    for index_a, index_b in [(POLITE, RUDE), (EXPLAIN, LISTEN), (ASK_FULL, SCHEDULE)]:
        a.choose(index_a)
        b.choose(index_b)
    assert (a.state.node, b.state.node) == ("pays-full", "callback")
    assert a.state.to_json() == Call.replay(lab, (POLITE, EXPLAIN, ASK_FULL)).state.to_json()
    assert b.state.to_json() == Call.replay(lab, (RUDE, LISTEN, SCHEDULE)).state.to_json()


def test_ended_calls_leave_the_shared_machine(lab):
    models_before = len(lab.machine.models)
    call = Call(lab)
    assert len(lab.machine.models) == models_before + 1
    for index in (POLITE, EXPLAIN, ASK_FULL):
        call.choose(index)
    assert call not in lab.machine.models
    assert len(lab.machine.models) == models_before


def test_machine_has_no_auto_transitions(any_scenario):
    machine = any_scenario.machine
    assert machine.auto_transitions is False
    call = Call(any_scenario)
    try:
        for node in any_scenario.scenario.nodes.values():
            assert not hasattr(call, f"to_{node.id}"), f"model has an auto transition to '{node.id}'"
            # the only triggers are choose_<i>, one per choice of the node
            expected = {trigger_name(i) for i in range(len(node.choices))}
            assert set(machine.get_triggers(node.id)) == expected, node.id
        assert all(event.startswith(TRIGGER_PREFIX) for event in machine.events)
    finally:
        call.close()


def test_predict_target_agrees_with_the_machine(any_scenario, states):
    """For every choice of every reachable (node, meters), predict_target says what Call does."""
    scenario = any_scenario.scenario
    checked = 0
    for state in states:
        node = scenario.nodes[state.node]
        for outcome in state.outcomes:
            target, meters = predict_target(scenario, node.choices[outcome.index], state.meters)
            where = f"{scenario.id}: node '{state.node}' with {state.meters}, choice {outcome.index + 1}"
            assert target == outcome.node, where
            assert meters == outcome.meters, where
            checked += 1
    assert checked >= len(states)


def test_every_reachable_decision_follows_the_rules(any_scenario, states):
    """Engine-wide: meters stay in 0..100; a choice that leaves a hang-up meter at or below its value
    goes to the hang-up ending (whatever its goto says) and is flagged; otherwise the first route
    whose condition holds is taken."""
    scenario = any_scenario.scenario
    for state in states:
        node = scenario.nodes[state.node]
        for outcome in state.outcomes:
            choice = node.choices[outcome.index]
            where = f"{scenario.id}: node '{state.node}' with {state.meters}, choice {outcome.index + 1}"
            assert all(0 <= v <= 100 for v in outcome.meters.values()), where
            expected_meters = {m: max(0, min(100, v + choice.mood.get(m, 0))) for m, v in state.meters.items()}
            assert outcome.meters == expected_meters, where
            due = any(outcome.meters[m] <= limit for m, limit in scenario.hang_up_when.items())
            if due and scenario.hang_up_to:
                assert outcome.node == scenario.hang_up_to and outcome.hung_up, where
            else:
                first = next(r.target for r in choice.routes if r.condition is None or r.condition.holds(outcome.meters))
                assert outcome.node == first and not outcome.hung_up, where


def test_may_trigger_checks_do_not_change_the_call(lab):
    """transitions gives the model `may_choose_<i>()`; asking must not apply the choice's mood
    (transitions runs prepare_event once per transition it examines)."""
    call = Call(lab)
    before = call.state.to_dict()
    assert call.may_choose_1() is True            # curt: a hang-up transition and a route
    assert call.may_choose_3() is True            # insult: would hang up
    assert call.may_trigger(trigger_name(0)) is True
    assert call.state.to_dict() == before
    call.choose(0)
    assert call.may_choose_2() is True and call.may_choose_3() is False   # `ask` has 3 choices
    assert dict(call.state.meters) == {"patience": 100, "trust": 100}
    call.choose(1)                                 # and the real choice still applies its mood once
    assert (call.state.node, dict(call.state.meters)) == ("open", {"patience": 100, "trust": 100})
    call.close()
