"""Shape and type checks of a scenario: wrong types, missing required keys, unknown keys (with "did you
mean"), score rules. Each case mutates the valid minimal scenario and asserts the exact diagnostic."""

from __future__ import annotations

import pytest

from content_helpers import BASE, base_dict, diagnose, dump, edit, line_of, load, only
from game.content.scenario_loader import SCENARIO_KEYS

MISSING = "(hint: add `{key}:` (see docs/scenario-format.md))"


def test_the_minimal_scenario_is_valid():
    result = load(BASE)
    assert result.diagnostics.items == []
    assert result.scenario is not None


def test_the_dict_scenario_is_valid():
    from_data, from_text = load(dump(base_dict())).scenario, load(BASE).scenario
    assert from_data is not None
    assert list(from_data.nodes) == list(from_text.nodes) == ["greeting", "pays", "hangs-up"]
    assert from_data.persona.mood == from_text.persona.mood
    assert from_data.account.invoices[0].amount == from_text.account.invoices[0].amount == 100.0
    assert [c.score for c in from_data.nodes["greeting"].choices] == \
        [c.score for c in from_text.nodes["greeting"].choices]


# -- wrong types (hand-written: exact lines) -------------------------------------------------------

def test_difficulty_as_text():
    assert only(edit("difficulty: 1", 'difficulty: "hard"')) == (
        "s.yaml:5:13: error: 'difficulty' in the scenario must be a whole number from 1 to 3, got the text 'hard'")


def test_difficulty_out_of_range():
    assert only(edit("difficulty: 1", "difficulty: 4")) == (
        "s.yaml:5:13: error: 'difficulty' in the scenario must be from 1 to 3, got 4")


def test_difficulty_as_boolean():
    assert only(edit("difficulty: 1", "difficulty: yes")) == (
        "s.yaml:5:13: error: 'difficulty' in the scenario must be a whole number from 1 to 3, got the boolean yes")


def test_amount_as_text():
    assert only(edit("amount: 100.0", "amount: lots")) == (
        "s.yaml:13:31: error: 'amount' in invoice 1 must be a number, got the text 'lots' "
        "(hint: write amounts without currency signs, e.g. 2450.00)")


def test_amount_with_a_currency_sign():
    assert only(edit("amount: 100.0", "amount: $100")) == (
        "s.yaml:13:31: error: 'amount' in invoice 1 must be a number, got the text '$100' "
        "(hint: write amounts without currency signs, e.g. 2450.00)")


def test_amount_zero():
    assert only(edit("amount: 100.0", "amount: 0")) == (
        "s.yaml:13:31: error: 'amount' in invoice 1 must be at least 0.01, got 0")


@pytest.mark.parametrize("written", ["08/01/2026", "2026-8-1", "1st August 2026", "20260801"])
def test_dates_not_yyyy_mm_dd(written):
    got = "the number 20260801" if written == "20260801" else f"the text '{written}'"
    assert only(edit("issued: 2026-08-01", f"issued: {written}")) == (
        f"s.yaml:13:46: error: 'issued' in invoice 1 must be a date written YYYY-MM-DD, got {got}")


def test_date_with_a_time():
    assert only(edit("due: 2026-08-31", "due: 2026-08-31 17:00:00")) == (
        "s.yaml:13:63: error: 'due' in invoice 1 must be a date written YYYY-MM-DD, "
        "got the date and time 2026-08-31 17:00:00")


def test_due_before_issued():
    text = edit("issued: 2026-08-01, due: 2026-08-31", "issued: 2026-08-31, due: 2026-08-01")
    assert only(text) == ("s.yaml:13:63: error: invoice INV-1 is due 2026-08-01 before it was issued (2026-08-31) "
                          "(hint: swap the dates or fix the typo)")


def test_say_as_a_list():
    assert only(edit("say: Pay up.", "say: [Pay, up]")) == (
        "s.yaml:26:14: error: 'say' in choice 2 of node 'greeting' must be text, got a list "
        "(hint: quote it if it contains ':' or starts with a symbol)")


def test_persona_as_text():
    text = edit("persona:\n  name: Maria Lopez\n  company: Sunrise Bakery LLC\n  mood: {patience: 60, trust: 40}\n",
                "persona: Maria Lopez\n")
    assert only(text) == ("s.yaml:6:10: error: the persona must be a mapping of keys, got the text 'Maria Lopez' "
                          "(hint: write it as `key: value` lines indented under its name)")


def test_mood_as_a_list():
    assert only(edit("  mood: {patience: 60, trust: 40}", "  mood: [60, 40]")) == (
        "s.yaml:9:9: error: 'mood' in the persona must be a mapping of meter: number, got a list "
        "(hint: e.g. {patience: 60, trust: 40})")


def test_invoices_empty():
    text = edit("  invoices:\n    - {number: INV-1, amount: 100.0, issued: 2026-08-01, due: 2026-08-31}",
                "  invoices: []")
    assert only(text) == "s.yaml:12:13: error: the account lists no invoices (hint: add at least one invoice)"


def test_history_as_text():
    assert only(edit("  terms: Net 30", "  terms: Net 30\n  history: paid late twice")) == (
        "s.yaml:12:12: error: 'history' in the account must be a list of text lines, got the text "
        "'paid late twice' (hint: write each item on its own `- ` line)")


def test_goto_as_a_number_names_the_node_as_written():
    assert only(edit("goto: hangs-up", "goto: 5")) == (
        "s.yaml:31:15: error: choice 2 of node 'greeting' goes to '5', which does not exist "
        "(hint: add that node or fix the id)")
    assert only(edit("goto: hangs-up", "goto: true")) == (
        "s.yaml:31:15: error: 'goto' of choice 2 of node 'greeting' must be a node id or a list of routes, "
        "got the boolean true")


def test_goto_as_an_empty_list():
    assert only(edit("goto: hangs-up", "goto: []")) == (
        "s.yaml:31:15: error: 'goto' of choice 2 of node 'greeting' must be a node id or a list of routes, "
        "got a list (hint: e.g. `- {if: \"patience > 20\", to: calm}` then `- {to: angry}`)")


def test_voice_gender_and_rate():
    text = edit("  company: Sunrise Bakery LLC", "  company: Sunrise Bakery LLC\n  voice: {rate: 30, gender: femal}")
    assert diagnose(text) == [
        "s.yaml:9:29: error: 'gender' in the persona's voice must be 'female' or 'male', got 'femal' "
        "(hint: did you mean 'female'?)",
        "s.yaml:9:17: error: 'rate' in the persona's voice must be from 80 to 400, got 30",
    ]


def test_pass_threshold_out_of_range():
    text = edit("start: greeting", "start: greeting\npass: {overall: 150}")
    assert only(text) == "s.yaml:16:17: error: 'overall' in pass must be from 0 to 100, got 150"


def test_rules_empty():
    assert only(edit("rules: [do-stay-professional]", "rules: []")) == (
        "s.yaml:23:16: error: choice 1 of node 'greeting' cites no rules (hint: cite at least one rule id)")


def test_rules_may_be_empty_when_the_reply_lists_what_it_breaks():
    assert diagnose(edit("        breaks: [dont-be-aggressive]\n",
                         "        rules: []\n        breaks: [dont-be-aggressive]\n")) == []


def test_rules_items_must_be_ids():
    assert only(edit("rules: [do-stay-professional]", "rules: [do-stay-professional, 7]")) == (
        "s.yaml:23:39: error: unknown rule '7' in choice 1 of node 'greeting' "
        "(hint: see scenarios/rulebook.yaml for rule ids)")


def test_breaks_items_must_be_ids():
    assert only(edit("breaks: [dont-be-aggressive]", "breaks: [dont-be-aggressive, 7]")) == (
        "s.yaml:29:38: error: unknown rule '7' in choice 2 of node 'greeting' "
        "(hint: see scenarios/rulebook.yaml for rule ids)")


# -- wrong types (dict-to-YAML: line found in the dumped text) --------------------------------------

@pytest.mark.parametrize("path, value, needle, message", [
    (("difficulty",), "hard", "difficulty: hard",
     "'difficulty' in the scenario must be a whole number from 1 to 3, got the text 'hard'"),
    (("difficulty",), 2.5, "difficulty: 2.5",
     "'difficulty' in the scenario must be a whole number from 1 to 3, got the number 2.5"),
    (("account", "invoices", 0, "amount"), "lots", "amount: lots",
     "'amount' in invoice 1 must be a number, got the text 'lots'"),
    (("account", "invoices", 0, "due"), "31/08/2026", "due: 31/08/2026",
     "'due' in invoice 1 must be a date written YYYY-MM-DD, got the text '31/08/2026'"),
    (("nodes", "greeting", "choices", 1, "say"), ["Pay", "up"], "- say:",
     "'say' in choice 2 of node 'greeting' must be text, got a list"),
    (("persona", "mood", "trust"), "high", "trust: high",
     "'trust' in the persona's mood must be a whole number from 0 to 100, got the text 'high'"),
    (("nodes", "greeting", "choices", 0, "score", "clarity"), 11, "clarity: 11",
     "'clarity' in the score of choice 1 of node 'greeting' must be from -10 to 10, got 11"),
    (("nodes", "pays", "end", "days"), -1, "days: -1",
     "'days' in the ending of node 'pays' must be from 0 to 3650, got -1"),
    (("title",), ["a", "b"], "title:", "'title' in the scenario must be text, got a list"),
])
def test_wrong_types_from_data(path, value, needle, message):
    data = base_dict()
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    text = dump(data)
    [diag] = load(text).diagnostics.items
    assert diag.message == message
    if needle.endswith(":"):  # a block list: it starts on the line below its key
        [key_line] = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == needle]
        assert diag.pos.line == key_line + 1
    else:
        assert diag.pos.line == line_of(text, needle)


# -- missing required keys -------------------------------------------------------------------------

def test_missing_title():
    assert only(edit("title: Tiny call\n", "")) == (
        f"s.yaml:1:1: error: the scenario is missing the required key 'title' {MISSING.format(key='title')}")


def test_missing_title_reported_at_line_1_even_after_comments():
    text = "# header\n\n" + edit("title: Tiny call\n", "")
    assert only(text) == (
        f"s.yaml:1:1: error: the scenario is missing the required key 'title' {MISSING.format(key='title')}")


def test_missing_persona_name_points_at_the_persona_key():
    assert only(edit("  name: Maria Lopez\n", "")) == (
        f"s.yaml:6:1: error: the persona is missing the required key 'name' {MISSING.format(key='name')}")


def test_missing_mood_trust():
    assert only(edit("{patience: 60, trust: 40}", "{patience: 60}")) == (
        "s.yaml:9:9: error: the persona's mood is missing the meter 'trust' (hint: add `trust: 50` (0..100))")


def test_missing_mood():
    assert only(edit("  mood: {patience: 60, trust: 40}\n", "")) == (
        f"s.yaml:6:1: error: the persona is missing the required key 'mood' {MISSING.format(key='mood')}")


def test_missing_node_client_points_at_the_node_id():
    assert only(edit("    client: Fine, Friday.\n", "")) == (
        f"s.yaml:32:3: error: node 'pays' is missing the required key 'client' {MISSING.format(key='client')}")


def test_missing_choice_goto_points_at_the_choice():
    assert only(edit("        goto: hangs-up\n", "")) == (
        f"s.yaml:26:9: error: choice 2 of node 'greeting' is missing the required key 'goto' {MISSING.format(key='goto')}")


def test_missing_choice_score():
    assert only(edit("        score: {professionalism: -2}\n", "")) == (
        f"s.yaml:26:9: error: choice 2 of node 'greeting' is missing the required key 'score' "
        f"{MISSING.format(key='score')}")


def test_missing_choice_rules():
    assert only(edit("        breaks: [dont-be-aggressive]\n", "")) == (
        f"s.yaml:26:9: error: choice 2 of node 'greeting' is missing the required key 'rules' "
        f"{MISSING.format(key='rules')}")


def test_missing_invoice_number():
    text = edit("{number: INV-1, amount", "{amount")
    assert only(text) == (
        f"s.yaml:13:7: error: invoice 1 is missing the required key 'number' {MISSING.format(key='number')}")


def test_missing_ending_commitment():
    assert only(edit("end: {commitment: full, days: 3}", "end: {days: 3}")) == (
        "s.yaml:34:5: error: the ending of node 'pays' is missing the required key 'commitment' "
        f"{MISSING.format(key='commitment')}")


def test_missing_route_target():
    text = edit("        goto: hangs-up\n", '        goto:\n          - {if: "patience > 20", to: pays}\n'
                "          - {if: }\n")
    found = diagnose(text)
    assert "s.yaml:33:13: error: route 2 of choice 2 of node 'greeting' is missing the required key 'to' " \
           f"{MISSING.format(key='to')}" in found


def test_empty_value_of_a_required_key():
    assert only(edit("objective: Get a dated commitment", "objective:")) == (
        "s.yaml:14:11: error: 'objective' in the scenario is empty (hint: give 'objective' a value)")


def test_blank_text_of_a_required_key():
    assert only(edit("objective: Get a dated commitment", 'objective: "   "')) == (
        "s.yaml:14:12: error: 'objective' in the scenario is empty (hint: give 'objective' some text)")


def test_missing_feedback_is_only_a_warning():
    result = load(edit("        feedback: Hostile.\n", ""))
    assert [d.format() for d in result.diagnostics.items] == [
        "s.yaml:26:9: warning: choice 2 of node 'greeting' has no feedback "
        "(hint: explain to the trainee why this choice helps or hurts)"]
    assert result.scenario is not None  # warnings do not block loading


def test_every_missing_top_level_key_at_once():
    found = diagnose("format: 1\n")
    keys = ["id", "title", "archetype", "difficulty", "persona", "account", "objective", "start", "nodes"]
    assert found == [f"s.yaml:1:1: error: the scenario is missing the required key '{key}' "
                     f"{MISSING.format(key=key)}" for key in keys]


# -- unknown keys ----------------------------------------------------------------------------------

def test_unknown_key_feedbak():
    assert diagnose(edit("        feedback: Hostile.", "        feedbak: Hostile.")) == [
        "s.yaml:26:9: warning: choice 2 of node 'greeting' has no feedback "
        "(hint: explain to the trainee why this choice helps or hurts)",
        "s.yaml:30:9: error: unknown key 'feedbak' in choice 2 of node 'greeting' (hint: did you mean 'feedback'?)",
    ]


def test_unknown_key_titel():
    assert diagnose(edit("title: Tiny call", "titel: Tiny call")) == [  # one error: the missing 'title' is folded in
        "s.yaml:3:1: error: unknown key 'titel' in the scenario: 'title' is required; did you mean 'title'? "
        "(hint: rename `titel:` to `title:`)",
    ]


def test_unknown_key_in_an_ending():
    assert only(edit("end: {commitment: full, days: 3}", "end: {commitment: full, dayz: 3}")) == (
        "s.yaml:34:29: error: unknown key 'dayz' in the ending of node 'pays' (hint: did you mean 'days'?)")


def test_unknown_key_lists_allowed_keys_when_nothing_is_close():
    text = edit("  name: Maria Lopez", "  name: Maria Lopez\n  favourite_colour: red")
    assert only(text) == ("s.yaml:8:3: error: unknown key 'favourite_colour' in the persona "
                          "(hint: allowed keys: name, company, role, voice, mood)")


def test_unknown_top_level_key_lists_allowed_keys():
    # the list follows the scenario format, which may grow; it starts with the keys every scenario has
    assert SCENARIO_KEYS[:5] == ("format", "id", "title", "archetype", "difficulty")
    assert only(edit("start: greeting", "start: greeting\nsoundtrack: jazz")) == (
        f"s.yaml:16:1: error: unknown key 'soundtrack' in the scenario (hint: allowed keys: {', '.join(SCENARIO_KEYS)})")


def test_unknown_key_in_a_node():
    assert only(edit("    client: Bye.", "    client: Bye.\n    clinet: Bye!")) == (
        "s.yaml:37:5: error: unknown key 'clinet' in node 'hangs-up' (hint: did you mean 'client'?)")


def test_unknown_pass_dimension():
    assert only(edit("start: greeting", "start: greeting\npass: {empathi: 40}")) == (
        "s.yaml:16:8: error: unknown key 'empathi' in pass (hint: did you mean 'empathy'?)")


# -- score -----------------------------------------------------------------------------------------

def test_empty_score_mapping():
    assert only(edit("score: {professionalism: -2}", "score: {}")) == (
        "s.yaml:27:16: error: the score of choice 2 of node 'greeting' is empty "
        "(hint: score at least one of professionalism, empathy, clarity (0 is allowed))")


def test_empty_score_value():
    assert only(edit("score: {professionalism: -2}", "score:")) == (
        "s.yaml:27:15: error: 'score' in choice 2 of node 'greeting' is empty (hint: give 'score' a value)")


def test_zero_score_is_allowed():
    result = load(edit("score: {professionalism: -2}", "score: {empathy: 0}"))
    assert result.diagnostics.items == []


def test_score_cannot_set_commitment():
    assert only(edit("score: {professionalism: -2}", "score: {commitment: 1}")) == (
        "s.yaml:27:17: error: the score of choice 2 of node 'greeting' cannot set 'commitment' "
        "(hint: commitment is scored from the ending the call reaches)")


def test_score_with_commitment_and_a_dimension_reports_only_commitment():
    assert only(edit("score: {professionalism: -2}", "score: {professionalism: -2, commitment: 5}")) == (
        "s.yaml:27:38: error: the score of choice 2 of node 'greeting' cannot set 'commitment' "
        "(hint: commitment is scored from the ending the call reaches)")


def test_score_unknown_dimension():
    assert only(edit("score: {professionalism: -2}", "score: {professionalism: -2, empaty: 1}")) == (
        "s.yaml:27:38: error: unknown key 'empaty' in the score of choice 2 of node 'greeting' "
        "(hint: did you mean 'empathy'?)")


def test_score_out_of_range():
    assert only(edit("score: {professionalism: -2}", "score: {professionalism: -11}")) == (
        "s.yaml:27:34: error: 'professionalism' in the score of choice 2 of node 'greeting' must be from -10 to 10, "
        "got -11")
