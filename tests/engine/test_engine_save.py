"""Saving a call as JSON after every decision, resuming it, and refusing saves that do not fit."""

from __future__ import annotations

import json
import re

import pytest

from game import __version__
from game.content.scenario_loader import load_scenario_text
from game.engine.call import SAVE_FORMAT, Call, CallError, CallState
from game.engine.machine import compile_scenario

from engine_paths import FIXTURES_DIR, complete_calls, spread


def round_trip_every_decision(compiled, choices):
    """Play `choices`; after each decision save to JSON, load, resume, and compare with the live call."""
    live = Call(compiled)
    for index in choices:
        live.choose(index)
        text = live.state.to_json()
        state = CallState.from_json(text)
        assert state.to_dict() == live.state.to_dict()
        assert state.to_json() == text
        resumed = Call.resume(compiled, state)
        assert resumed.state.node == live.state.node
        assert dict(resumed.state.meters) == dict(live.state.meters)
        assert resumed.state.decisions == live.state.decisions
        assert [(s.node.id, s.choice.index, s.target, s.hung_up) for s in resumed.steps] == \
               [(s.node.id, s.choice.index, s.target, s.hung_up) for s in live.steps]
        assert resumed.ended == live.ended
        if live.ended:
            assert resumed.score() == live.score()
            assert resumed not in compiled.machine.models
        else:
            resumed.close()
    return live


def test_json_round_trip_after_each_decision(any_scenario, states):
    """Every complete call found while exploring the fixtures, and an even spread of 25 of them for
    each real scenario (each call is replayed once per decision, so all of them would be slow)."""
    calls = complete_calls(states)
    assert calls
    for call in spread(calls, 25):
        round_trip_every_decision(any_scenario, [d.choice for d in call.state.decisions])


def test_resumed_call_can_carry_on(lab):
    saved = Call.replay(lab, (0,)).state.to_json()
    call = Call.resume(lab, CallState.from_json(saved))
    call.choose(0)
    call.choose(0)
    assert call.state.node == "pays-full"
    assert call.score() == Call.replay(lab, (0, 0, 0)).score()


def test_saved_json_shape(lab):
    call = Call.replay(lab, (1, 2))
    data = json.loads(call.state.to_json())
    assert data == {
        "save_format": SAVE_FORMAT, "engine": __version__, "scenario_id": "routing-lab",
        "scenario_hash": lab.scenario.content_hash, "node": "guarded",
        "meters": {"patience": 70, "trust": 20}, "seed": None, "elapsed": 0.0,
        "decisions": [["start", 1, None, False, None], ["ask", 2, None, False, None]],
    }
    call.close()


def test_seed_is_saved_and_resumed(lab):
    call = Call(lab, 1234)
    call.choose_shown(0)
    state = CallState.from_json(call.state.to_json())
    assert state.seed == 1234
    resumed = Call.resume(lab, state)
    assert resumed.seed == 1234 and [c.index for c in resumed.shown] == [c.index for c in call.shown]


def test_a_save_format_1_call_resumes_in_file_order(lab):
    data = json.loads(Call.replay(lab, (0,)).state.to_json())
    data["save_format"] = 1
    del data["seed"]
    resumed = Call.resume(lab, CallState.from_dict(data))
    assert resumed.seed is None and resumed.shown == resumed.options


@pytest.mark.parametrize("seed", ["1", -1, 1.5, True])
def test_refuses_a_bad_seed(lab, seed):
    data = json.loads(Call(lab).state.to_json())
    data["seed"] = seed
    with pytest.raises(CallError, match="seed"):
        CallState.from_dict(data)


def test_fresh_call_round_trips(lab):
    state = CallState.from_json(Call(lab).state.to_json())
    call = Call.resume(lab, state)
    assert call.state.node == "start" and call.steps == []
    call.close()


# --- refusals ---------------------------------------------------------------------------------

def saved(compiled, choices=(1, 2)) -> dict:
    call = Call.replay(compiled, choices)
    data = json.loads(call.state.to_json())
    call.close()
    return data


def resume(compiled, data) -> Call:
    return Call.resume(compiled, CallState.from_json(json.dumps(data) if not isinstance(data, str) else data))


def test_refuses_other_scenario(lab, mini):
    with pytest.raises(CallError, match=r"saved call is for scenario 'no-empathy', not 'routing-lab'"):
        resume(lab, saved(mini, (0,)))


def test_refuses_changed_content(lab, rulebook):
    text = (FIXTURES_DIR / "routing-lab.yaml").read_text(encoding="utf-8")
    edited = load_scenario_text(text.replace('"Goodbye."', '"Goodbye then."'), "routing-lab.yaml", rulebook)
    assert edited.scenario is not None and edited.scenario.id == "routing-lab"
    changed = compile_scenario(edited.scenario)
    assert changed.scenario.content_hash != lab.scenario.content_hash
    with pytest.raises(CallError, match=r"scenario 'routing-lab' has changed since this call was saved"):
        resume(changed, saved(lab))
    with pytest.raises(CallError, match=r"has changed"):
        resume(lab, saved(changed))


@pytest.mark.parametrize("meters", [{"patience": 71, "trust": 20}, {"patience": 70, "trust": 100},
                                    {"patience": 70}, {"patience": 70, "trust": 20, "mood": 5}])
def test_refuses_tampered_meters(lab, meters):
    data = saved(lab)
    data["meters"] = meters
    with pytest.raises(CallError, match=r"does not match its own decisions \(was it edited\?\)"):
        resume(lab, data)


def test_refuses_tampered_node(lab):
    data = saved(lab)
    data["node"] = "open"
    with pytest.raises(CallError, match=r"does not match its own decisions"):
        resume(lab, data)


def test_refuses_decision_at_wrong_node(lab):
    data = saved(lab)
    data["decisions"] = [["start", 1], ["open", 0]]
    with pytest.raises(CallError, match=r"saved decision 2 was taken at 'open', but the replay is at 'ask'"):
        resume(lab, data)


def test_refuses_decision_with_no_such_choice(lab):
    data = saved(lab)
    data["decisions"] = [["start", 1], ["ask", 3]]
    with pytest.raises(CallError, match=r"there is no choice 4 here"):
        resume(lab, data)


def test_refuses_decision_after_the_end(lab):
    data = saved(lab, (3,))
    data["decisions"].append(["hangs-up", 0])
    with pytest.raises(CallError, match=r"already ended"):
        resume(lab, data)


def test_refuses_newer_save_format(lab):
    data = saved(lab)
    data["save_format"] = SAVE_FORMAT + 1
    with pytest.raises(CallError, match=rf"save format {SAVE_FORMAT + 1}; this AR Dojo reads up to {SAVE_FORMAT}"):
        resume(lab, data)


@pytest.mark.parametrize("text, message", [
    ("", r"not valid JSON"),
    ("{not json", r"not valid JSON"),
    ('{"save_format": 1,', r"not valid JSON"),
    ("[1, 2]", r"not a JSON object"),
    ('"a string"', r"not a JSON object"),
    ("{}", r"no valid save_format version"),
    ('{"save_format": "1"}', r"no valid save_format version"),
    ('{"save_format": 1}', r"malformed"),
    ('{"save_format": 1, "scenario_id": "routing-lab", "scenario_hash": "x", "node": "start", '
     '"meters": [1, 2], "decisions": []}', r"malformed"),
    ('{"save_format": 1, "scenario_id": "routing-lab", "scenario_hash": "x", "node": "start", '
     '"meters": {"patience": "lots"}, "decisions": []}', r"malformed"),
    ('{"save_format": 1, "scenario_id": "routing-lab", "scenario_hash": "x", "node": "start", '
     '"meters": {}, "decisions": [["start"]]}', r"malformed"),
    ('{"save_format": 1, "scenario_id": "routing-lab", "scenario_hash": "x", "node": "start", '
     '"meters": {}, "decisions": [["start", "first"]]}', r"malformed"),
    ('{"save_format": 1, "scenario_id": "routing-lab", "scenario_hash": "x", "node": "start", '
     '"meters": {}, "decisions": 7}', r"malformed"),
])
def test_refuses_malformed_json(text, message):
    with pytest.raises(CallError, match=message):
        CallState.from_json(text)


@pytest.mark.parametrize("body, message", [
    ('{"save_format": true, "scenario_id": "a", "scenario_hash": "h", "node": "n", "meters": {}, "decisions": []}',
     "no valid save_format version"),
    ('{"save_format": 1, "scenario_id": null, "scenario_hash": "h", "node": "n", "meters": {}, "decisions": []}',
     "'scenario_id' must be text"),
    ('{"save_format": 1, "scenario_id": "a", "scenario_hash": "h", "node": "n", "meters": {"patience": 1.7},'
     ' "decisions": []}', "'meters' must map meter names to whole numbers"),
    ('{"save_format": 1, "scenario_id": "a", "scenario_hash": "h", "node": "n", "meters": {},'
     ' "decisions": [["n", "2"]]}', "'decisions' must be a list of [node, choice] pairs"),
])
def test_refuses_loosely_typed_saves(body: str, message: str) -> None:
    with pytest.raises(CallError, match=re.escape(message)):
        CallState.from_json(body)
