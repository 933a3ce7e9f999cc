"""Cross-references and the dialogue graph: goto/start targets, rule ids, reachability, dead ends,
loops, node shape, choice counts, conditional routes, meter ranges, hang-up, commitments, format."""

from __future__ import annotations

import pytest

from content_helpers import BASE, diagnose, edit, load, only

CHOICE = "      - {say: Another line., score: {clarity: 1}, rules: [do-follow-up], feedback: Fine., goto: pays}\n"
LOOP_HINT = "(hint: every call must move toward an ending; send one of these choices elsewhere)"
DEAD_HINT = "(hint: route one of its choices toward an ending)"


def routes(first: str, last: str = "{to: hangs-up}") -> str:
    """BASE with choice 2's goto (line 31) replaced by two routes on lines 32 and 33."""
    return edit("        goto: hangs-up\n", f"        goto:\n          - {first}\n          - {last}\n")


# -- targets ----------------------------------------------------------------------------------------

def test_goto_to_a_missing_node():
    assert diagnose(edit("goto: hangs-up", "goto: hang-up")) == [
        "s.yaml:31:15: error: choice 2 of node 'greeting' goes to 'hang-up', which does not exist "
        "(hint: did you mean 'hangs-up'?)"]


def test_goto_to_a_missing_node_nothing_close():
    found = diagnose(edit("goto: pays", "goto: voicemail"))
    assert found[0] == ("s.yaml:25:15: error: choice 1 of node 'greeting' goes to 'voicemail', which does not exist "
                        "(hint: add that node or fix the id)")
    # 'pays' is now orphaned, which is reported too
    assert found[1:] == ["s.yaml:32:3: error: node 'pays' can never be reached from the start node 'greeting' "
                         "(hint: point a choice's goto at it, or delete it)"]


def test_route_to_a_missing_node():
    assert only(routes('{if: "patience > 20", to: pay}', "{to: hangs-up}")) == (
        "s.yaml:32:13: error: choice 2 of node 'greeting' goes to 'pay', which does not exist "
        "(hint: did you mean 'pays'?)")


def test_start_names_a_missing_node():
    assert only(edit("start: greeting", "start: greting")) == (
        "s.yaml:15:8: error: 'start' names the node 'greting', which does not exist (hint: did you mean 'greeting'?)")


def test_unknown_rule_id_with_did_you_mean():
    assert only(edit("rules: [do-stay-professional]", "rules: [do-stay-profesional]")) == (
        "s.yaml:23:17: error: unknown rule 'do-stay-profesional' in choice 1 of node 'greeting' "
        "(hint: did you mean 'do-stay-professional'?)")


def test_unknown_rule_id_nothing_close():
    assert only(edit("breaks: [dont-be-aggressive]", "breaks: [dont-be-aggressive, wing-it]")) == (
        "s.yaml:29:38: error: unknown rule 'wing-it' in choice 2 of node 'greeting' "
        "(hint: see scenarios/rulebook.yaml for rule ids)")


def test_rule_ids_are_not_checked_without_a_rulebook():
    from game.content.scenario_loader import load_scenario_text
    result = load_scenario_text(edit("rules: [do-stay-professional]", "rules: [anything-goes]"), "s.yaml", None)
    assert result.diagnostics.items == [] and result.scenario is not None


# -- reachability, dead ends, loops ---------------------------------------------------------------

def test_unreachable_node():
    text = BASE + "  orphan:\n    client: Hm.\n    end: {commitment: callback}\n"
    assert only(text) == ("s.yaml:38:3: error: node 'orphan' can never be reached from the start node 'greeting' "
                          "(hint: point a choice's goto at it, or delete it)")


STALLS = """\
  stalls:
    client: Let me think.
    choices:
      - say: Take your time.
        score: {empathy: 1}
        rules: [do-show-empathy]
        feedback: Patient.
        goto: thinks
  thinks:
    client: Still thinking.
    choices:
      - say: Sure.
        score: {empathy: 1}
        rules: [do-show-empathy]
        feedback: Patient.
        goto: {target}
"""


def test_loop_is_reported_with_its_nodes():
    text = edit("goto: pays", "goto: stalls") + STALLS.replace("{target}", "stalls")
    assert diagnose(text) == [
        "s.yaml:32:3: error: node 'pays' can never be reached from the start node 'greeting' "
        "(hint: point a choice's goto at it, or delete it)",
        f"s.yaml:38:3: error: the dialogue loops: stalls -> thinks -> stalls {LOOP_HINT}",
        f"s.yaml:38:3: error: node 'stalls' has no way to an ending: every call through it would never end {DEAD_HINT}",
        f"s.yaml:46:3: error: node 'thinks' has no way to an ending: every call through it would never end {DEAD_HINT}",
    ]


def test_loop_with_an_exit_is_still_a_loop():
    # stalls offers a second choice that goes to the 'pays' ending
    text = edit("goto: pays", "goto: stalls") + STALLS.replace("{target}", "stalls").replace(
        "        goto: thinks\n", "        goto: thinks\n" + CHOICE, 1)
    found = diagnose(text)
    assert found == [f"s.yaml:38:3: error: the dialogue loops: stalls -> thinks -> stalls {LOOP_HINT}"]


def test_self_loop():
    text = edit("goto: pays", "goto: greeting")
    assert diagnose(text) == [
        "s.yaml:32:3: error: node 'pays' can never be reached from the start node 'greeting' "
        "(hint: point a choice's goto at it, or delete it)",
        f"s.yaml:17:3: error: the dialogue loops: greeting -> greeting {LOOP_HINT}",
    ]


def test_dead_end_node():
    # 'thinks' loops back on itself with no exit; 'stalls' can still reach it but nothing ends the call there
    text = edit("goto: pays", "goto: stalls", BASE) + STALLS.replace("{target}", "thinks")
    found = diagnose(text)
    assert f"s.yaml:46:3: error: node 'thinks' has no way to an ending: every call through it would never end " \
           f"{DEAD_HINT}" in found
    assert f"s.yaml:38:3: error: node 'stalls' has no way to an ending: every call through it would never end " \
           f"{DEAD_HINT}" in found
    assert f"s.yaml:46:3: error: the dialogue loops: thinks -> thinks {LOOP_HINT}" in found
    assert "node 'greeting' has no way" not in "\n".join(found)  # greeting can still hang up or pay


def test_hang_up_edge_counts_as_a_way_out():
    # 'thinks' loops on itself, but the choice lowers patience, so the client may hang up: not a dead end
    text = edit("goto: pays", "goto: stalls") + STALLS.replace("{target}", "thinks").replace(
        "        score: {empathy: 1}\n        rules: [do-show-empathy]\n        feedback: Patient.\n        goto: thinks",
        "        score: {empathy: 1}\n        mood: {patience: -10}\n        rules: [do-show-empathy]\n"
        "        feedback: Patient.\n        goto: thinks")
    found = diagnose(text)
    assert not any("has no way to an ending" in line for line in found)
    assert any("the dialogue loops" in line for line in found)


# -- node shape and choice counts -----------------------------------------------------------------

def test_node_with_both_choices_and_end():
    text = edit("    end: {commitment: full, days: 3}",
                "    end: {commitment: full, days: 3}\n    choices:\n" + CHOICE.replace("goto: pays", "goto: hangs-up"))
    assert only(text) == ("s.yaml:34:5: error: node 'pays' has both 'choices' and 'end' "
                          "(hint: a node either offers choices or ends the call)")


def test_node_with_neither_choices_nor_end():
    assert only(edit("    end: {commitment: full, days: 3}\n", "")) == (
        "s.yaml:32:3: error: node 'pays' has neither 'choices' nor 'end' "
        "(hint: add `choices:` to continue the call or `end: {commitment: none}` to end it)")


def test_node_with_zero_choices():
    assert only(edit("    end: {commitment: full, days: 3}", "    choices: []")) == (
        "s.yaml:34:14: error: node 'pays' must offer 1 to 4 choices, got 0 (hint: split the node, or end it with `end:`)")


def test_node_with_five_choices():
    text = edit("    choices:\n      - say: Hi", "    choices:\n" + CHOICE * 3 + "      - say: Hi")
    assert only(text) == ("s.yaml:20:7: error: node 'greeting' must offer 1 to 4 choices, got 5 "
                          "(hint: split the node, or end it with `end:`)")


def test_node_with_four_choices_is_fine():
    text = edit("    choices:\n      - say: Hi", "    choices:\n" + CHOICE * 2 + "      - say: Hi")
    result = load(text)
    assert result.diagnostics.items == [] and len(result.scenario.nodes["greeting"].choices) == 4


def test_node_with_a_single_choice_is_fine():
    text = edit("      - say: Pay up.\n        score: {professionalism: -2}\n        mood: {patience: -30}\n"
                        "        breaks: [dont-be-aggressive]\n        feedback: Hostile.\n        goto: hangs-up\n", "")
    # hangs-up is now only reachable by hanging up, which no choice can trigger any more
    assert diagnose(text) == ["s.yaml:29:3: error: node 'hangs-up' can never be reached from the start node "
                              "'greeting' (hint: point a choice's goto at it, or delete it)"]


# -- conditional routes ----------------------------------------------------------------------------

COND_HINT = "(hint: e.g. `patience > 20 and trust >= 40`; operators: <= >= == != < >)"


def test_valid_conditional_routes():
    result = load(routes('{if: "patience > 20 and trust >= 10", to: pays}'))
    assert result.diagnostics.items == []
    first, last = result.scenario.nodes["greeting"].choices[1].routes
    assert (str(first.condition), first.target, first.pos.line) == ("patience > 20 and trust >= 10", "pays", 32)
    assert (last.condition, last.target, last.pos.line) == (None, "hangs-up", 33)


def test_condition_bad_operator():
    assert only(routes('{if: "patience >> 3", to: pays}')) == (
        "s.yaml:32:18: error: bad condition 'patience >> 3': expected `meter op number` joined by `and`, "
        f"got 'patience >> 3' {COND_HINT}")


def test_condition_is_never_evaluated_as_code():
    assert only(routes("{if: \"eval('x')\", to: pays}")) == (
        "s.yaml:32:18: error: bad condition 'eval('x')': expected `meter op number` joined by `and`, "
        f"got 'eval('x')' {COND_HINT}")


def test_condition_with_or_is_refused():
    assert only(routes('{if: "patience > 3 or trust > 3", to: pays}')) == (
        "s.yaml:32:18: error: bad condition 'patience > 3 or trust > 3': expected `meter op number` joined by `and`, "
        f"got 'patience > 3 or trust > 3' {COND_HINT}")


def test_condition_unknown_meter():
    assert only(routes('{if: "patiense > 3", to: pays}')) == (
        "s.yaml:32:18: error: condition 'patiense > 3' uses the unknown meter 'patiense' (hint: did you mean 'patience'?)")


def test_condition_unknown_meter_nothing_close():
    assert only(routes('{if: "anger > 3", to: pays}')) == (
        "s.yaml:32:18: error: condition 'anger > 3' uses the unknown meter 'anger' "
        "(hint: meters of this persona: patience, trust)")


def test_condition_with_a_declared_extra_meter():
    text = edit("{patience: 60, trust: 40}", "{patience: 60, trust: 40, anger: 10}",
                routes('{if: "anger >= 50", to: pays}'))
    assert load(text).diagnostics.items == []


@pytest.mark.parametrize("cond, number", [("patience > 120", 120), ("trust > -5", -5)])
def test_condition_number_outside_0_to_100(cond, number):
    assert only(routes(f'{{if: "{cond}", to: pays}}')) == (
        f"s.yaml:32:18: error: condition '{cond}' compares with {number}, outside the meters' range 0..100")


@pytest.mark.parametrize("cond", ["patience > 100", "trust < 0", "trust > 50 and trust < 40"])
def test_condition_that_can_never_hold(cond):
    assert only(routes(f'{{if: "{cond}", to: pays}}')) == (
        f"s.yaml:32:18: error: condition '{cond}' can never hold for meters in 0..100 "
        "(hint: check the operator and the number)")


def test_condition_at_the_edge_can_hold():
    assert load(routes('{if: "patience >= 100 and trust <= 0", to: pays}')).diagnostics.items == []


def test_empty_condition():
    assert only(routes('{if: "", to: pays}')) == (
        "s.yaml:32:18: error: 'if' in route 1 of choice 2 of node 'greeting' is empty (hint: give 'if' some text)")


def test_non_last_route_without_if():
    assert only(routes("{to: pays}")) == (
        "s.yaml:32:13: error: route 1 of choice 2 of node 'greeting' has no 'if' but is not the last route "
        "(hint: routes after it could never be taken; move it to the end)")


def test_last_route_with_if():
    assert only(routes('{if: "patience > 20", to: pays}', '{if: "trust > 20", to: hangs-up}')) == (
        "s.yaml:33:13: error: the last route of choice 2 of node 'greeting' has an 'if' "
        "(hint: end with a route without `if` so the call always has somewhere to go)")


def test_unknown_key_in_a_route():
    # without its `if`, route 1 also becomes an unconditional route before the last one
    assert diagnose(routes('{iff: "patience > 20", to: pays}')) == [
        "s.yaml:32:13: error: route 1 of choice 2 of node 'greeting' has no 'if' but is not the last route "
        "(hint: routes after it could never be taken; move it to the end)",
        "s.yaml:32:14: error: unknown key 'iff' in route 1 of choice 2 of node 'greeting' (hint: did you mean 'if'?)",
    ]


# -- meters ----------------------------------------------------------------------------------------

def test_mood_meter_out_of_range_is_reported_once():
    # the choices still use patience and the default hang-up uses it too: no cascade of "unknown meter"
    assert only(edit("{patience: 60, trust: 40}", "{patience: 120, trust: 40}")) == (
        "s.yaml:9:20: error: 'patience' in the persona's mood must be from 0 to 100, got 120")


def test_mood_meter_bad_name():
    assert only(edit("{patience: 60, trust: 40}", "{patience: 60, trust: 40, Anger: 3}")) == (
        "s.yaml:9:35: error: meter names must be lowercase letters and '_', got 'Anger'")


def test_missing_required_meter_is_reported_once():
    assert only(edit("{patience: 60, trust: 40}", "{patience: 60}")) == (
        "s.yaml:9:9: error: the persona's mood is missing the meter 'trust' (hint: add `trust: 50` (0..100))")


def test_choice_mood_delta_out_of_range():
    assert only(edit("mood: {trust: 5}", "mood: {trust: 200}")) == (
        "s.yaml:22:23: error: 'trust' in the mood of choice 1 of node 'greeting' must be from -100 to 100, got 200")


def test_choice_mood_unknown_meter():
    assert only(edit("mood: {trust: 5}", "mood: {trsut: 5}")) == (
        "s.yaml:22:16: error: unknown meter 'trsut' in the mood of choice 1 of node 'greeting' "
        "(hint: did you mean 'trust'?)")


# -- hang-up ---------------------------------------------------------------------------------------

def test_hang_up_to_naming_a_node_with_choices():
    assert only(edit("start: greeting", "start: greeting\nhang_up_to: greeting")) == (
        "s.yaml:16:13: error: 'hang_up_to' must name an ending, but 'greeting' offers choices "
        "(hint: point it at a node with `end:`)")


def test_hang_up_to_naming_a_missing_node():
    assert only(edit("start: greeting", "start: greeting\nhang_up_to: hang-up")) == (
        "s.yaml:16:13: error: 'hang_up_to' names the node 'hang-up', which does not exist "
        "(hint: did you mean 'hangs-up'?)")


def test_explicit_hang_up_to_an_ending():
    text = edit("start: greeting", "start: greeting\nhang_up_to: pays")
    result = load(text)
    assert result.diagnostics.items == [] and result.scenario.hang_up_to == "pays"


def test_default_hang_up_is_the_first_none_ending():
    scenario = load(BASE).scenario
    assert scenario.hang_up_to == "hangs-up" and dict(scenario.hang_up_when) == {"patience": 0}


def test_no_none_ending_while_hang_up_is_on():
    assert only(edit("end: {commitment: none}", "end: {commitment: callback}")) == (
        "s.yaml:16:1: error: no ending with `commitment: none` for the client to hang up to "
        "(hint: add a hang-up ending, e.g. `hangs-up: {client: \"...\", end: {commitment: none}}`)")


def test_no_none_ending_is_fine_when_hang_up_is_off():
    text = edit("end: {commitment: none}", "end: {commitment: callback}",
                edit("start: greeting", "start: greeting\nhang_up_when: {}"))
    result = load(text)
    assert result.diagnostics.items == [] and result.scenario.hang_up_to is None


def test_hang_up_when_unknown_meter():
    assert only(edit("start: greeting", "start: greeting\nhang_up_when: {patience: 0, trsut: 10}")) == (
        "s.yaml:16:29: error: unknown meter 'trsut' in hang_up_when (hint: did you mean 'trust'?)")


def test_hang_up_when_out_of_range():
    assert only(edit("start: greeting", "start: greeting\nhang_up_when: {patience: -1}")) == (
        "s.yaml:16:26: error: 'patience' in hang_up_when must be from 0 to 100, got -1")


# -- endings and format -----------------------------------------------------------------------------

def test_unknown_commitment_value():
    assert only(edit("end: {commitment: full, days: 3}", "end: {commitment: maybe}")) == (
        "s.yaml:34:23: error: 'commitment' in the ending of node 'pays' must be one of full, plan, partial, "
        "callback, none, got 'maybe'")


def test_misspelt_commitment_value():
    found = diagnose(edit("end: {commitment: full, days: 3}", "end: {commitment: ful, days: 3}"))
    assert found == ["s.yaml:34:23: error: 'commitment' in the ending of node 'pays' must be one of full, plan, "
                     "partial, callback, none, got 'ful' (hint: did you mean 'full'?)"]


def test_ending_amount_and_days():
    found = diagnose(edit("end: {commitment: full, days: 3}", "end: {commitment: full, amount: -5, days: 1.5}"))
    assert found == [
        "s.yaml:34:37: error: 'amount' in the ending of node 'pays' must be at least 0, got -5",
        "s.yaml:34:47: error: 'days' in the ending of node 'pays' must be a whole number from 0 to 3650, "
        "got the number 1.5",
    ]


def test_format_2_is_refused():
    assert only(edit("format: 1", "format: 2")) == (
        "s.yaml:1:9: error: scenario is written for format 2; this AR Dojo reads format 1 "
        "(hint: upgrade AR Dojo to play this scenario)")


def test_format_missing():
    assert only(edit("format: 1\n", "")) == (
        "s.yaml:1:1: error: the scenario is missing the required key 'format' "
        "(hint: add `format:` (see docs/scenario-format.md))")


def test_format_as_text():
    assert only(edit("format: 1", 'format: "one"')) == (
        "s.yaml:1:9: error: 'format' in the scenario must be a whole number from 1 to 999, got the text 'one'")


def test_persona_starting_at_the_hang_up_threshold():
    assert only(edit("mood: {patience: 60, trust: 40}", "mood: {patience: 0, trust: 40}")) == (
        "s.yaml:6:1: error: the persona starts with a meter at or below `hang_up_when`: the client would hang up "
        "before the call starts (hint: raise the starting mood or lower the threshold)")
