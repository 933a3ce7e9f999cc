"""The keys of issue 9 on a choice and an ending, as the loader reads them and the lint warns about them:
`id`, `rules` (followed) and `breaks` (broken), `critical`, a plan's `instalments` and a callback's
`time`; and the pass mark `wrapup`."""

from __future__ import annotations

from content_helpers import BASE, edit, line_of, load
from game.content.lint import lint_scenario
from game.content.model import Instalment

POOR = "        breaks: [dont-be-aggressive]\n"


def lint(text: str) -> list[str]:
    result = load(text)
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    return [d.format() for d in lint_scenario(result.scenario)]


def codes(text: str) -> list[str]:
    result = load(text)
    found = [d.code for d in result.diagnostics.items]
    return found + ([d.code for d in lint_scenario(result.scenario)] if result.scenario else [])


# -- the loader -------------------------------------------------------------------------------------

def test_critical_is_a_broken_rule():
    text = edit(POOR, POOR + "        critical: dont-overpromise\n")
    choice = load(text).scenario.nodes["greeting"].choices[1]
    assert (choice.rules, choice.breaks, choice.critical) == ((), ("dont-be-aggressive", "dont-overpromise"),
                                                             "dont-overpromise")
    assert choice.cited == ("dont-be-aggressive", "dont-overpromise")


def test_critical_alone_is_enough():
    choice = load(edit(POOR, "        critical: dont-be-aggressive\n")).scenario.nodes["greeting"].choices[1]
    assert (choice.rules, choice.breaks, choice.critical) == ((), ("dont-be-aggressive",), "dont-be-aggressive")


def test_critical_names_a_rule_of_the_rulebook():
    text = edit(POOR, POOR + "        critical: dont-overpromis\n")
    assert [d.format() for d in load(text).diagnostics.items] == [
        f"s.yaml:{line_of(text, 'dont-overpromis')}:19: error: unknown rule 'dont-overpromis' in 'critical' of "
        "choice 2 of node 'greeting' (hint: did you mean 'dont-overpromise'?)"]


def test_a_rule_cannot_be_followed_and_broken_by_one_reply():
    text = edit(POOR, "        rules: [dont-be-aggressive]\n" + POOR)
    assert codes(text) == ["rules"]


def test_a_poor_reply_that_lists_its_rules_under_rules_is_warned_about():
    text = edit(POOR, "        rules: [dont-be-aggressive]\n")
    found = [d.format() for d in load(text).diagnostics.items]
    assert found == ["s.yaml:29:9: warning: choice 2 of node 'greeting' scores below zero but breaks no rule: "
                     "`rules:` lists the rules a reply follows (hint: list the rules this reply breaks under "
                     "`breaks:` (`ardojo migrate FILE` rewrites an older file))"]


def test_choice_ids_default_to_node_and_place_and_must_be_unique():
    scenario = load(edit("      - say: Pay up.", "      - id: pay-up\n        say: Pay up.")).scenario
    assert [c.id for c in scenario.nodes["greeting"].choices] == ["greeting.1", "pay-up"]
    text = edit("      - say: Pay up.", "      - id: hello\n        say: Pay up.",
                edit("      - say: Hi Maria", "      - id: hello\n        say: Hi Maria"))
    assert codes(text) == ["duplicate-id"]
    assert codes(edit("      - say: Pay up.", "      - id: Pay_Up\n        say: Pay up.")) == ["id"]


PLAN = "end: {commitment: plan, amount: 100.0, instalments: [{amount: 40.0, days: 3}, {amount: 60.0, days: 33}]}"


def test_a_plan_lists_its_instalments():
    ending = load(edit("end: {commitment: full, days: 3}", PLAN)).scenario.nodes["pays"].ending
    assert ending.instalments == (Instalment(40.0, 3), Instalment(60.0, 33)) and ending.days == 3


def test_instalments_must_add_up_and_belong_to_a_plan():
    assert codes(edit("end: {commitment: full, days: 3}", PLAN.replace("60.0", "50.0"))) == ["ending"]
    assert codes(edit("end: {commitment: full, days: 3}", PLAN.replace("commitment: plan", "commitment: full"))) \
        == ["ending"]
    assert codes(edit("end: {commitment: full, days: 3}", PLAN.replace("days: 33", "days: 2"))) == ["ending"]


def test_a_callback_has_its_time():
    text = edit("end: {commitment: full, days: 3}", 'end: {commitment: callback, days: 1, time: "14:30"}')
    assert load(text).scenario.nodes["pays"].ending.callback_time == "14:30"
    # unquoted, YAML 1.1 reads 14:30 as the number 870: the loader keeps the text as written instead
    assert load(text.replace('"14:30"', "14:30")).scenario.nodes["pays"].ending.callback_time == "14:30"
    assert codes(text.replace('"14:30"', '"25:00"')) == ["type"]


def test_the_wrapup_pass_mark():
    scenario = load(edit("start: greeting", "start: greeting\npass: {wrapup: 90}")).scenario
    assert scenario.pass_thresholds["wrapup"] == 90 and scenario.pass_thresholds["overall"] == 70


# -- the lint ---------------------------------------------------------------------------------------

def test_a_critical_reply_that_scores_above_zero():
    text = edit("score: {professionalism: -2}", "score: {professionalism: -2, empathy: 3}",
                edit(POOR, "        critical: dont-be-aggressive\n"))
    assert lint(text) == [
        "s.yaml:26:9: warning: choice 2 of node 'greeting' is a critical error ('dont-be-aggressive') but scores "
        "+1 in total (hint: a reply that fails the call should not earn points: give it a score below zero)"]
    assert lint(edit(POOR, "        critical: dont-be-aggressive\n")) == []


def test_a_rule_critical_in_one_reply_and_only_broken_in_another_is_fine():
    third = ("      - say: Pay up now, or else.\n        score: {professionalism: -3}\n"
             "        critical: dont-be-aggressive\n        feedback: A threat.\n        goto: hangs-up\n")
    text = edit("  pays:\n", third + "  pays:\n")
    assert lint(text) == []


def test_a_node_with_no_reply_a_team_lead_could_recommend():
    text = edit("score: {professionalism: 1, clarity: 1}", "score: {professionalism: 1, clarity: -2}",
                edit("rules: [do-stay-professional]", "breaks: [do-quote-exact-figures]"))
    assert lint(text)[-1] == (
        "s.yaml:17:3: warning: every reply of node 'greeting' is critical, breaks a rule or scores below zero "
        "(hint: add a reply a team lead would recommend here, so the trainee can recover)")


def test_a_reply_that_breaks_a_rule_is_not_the_best_path_even_when_it_scores_most():
    # 'Pay up.' scores 9 but breaks a rule: the best path a team lead recommends is the first reply
    text = edit("score: {professionalism: -2}", "score: {professionalism: 9}")
    assert lint(text) == []
    # listed as followed instead, the hostile reply would be the best path, to no commitment
    assert lint(edit(POOR, "        rules: [dont-be-aggressive]\n", text))[0].startswith(
        "s.yaml:35:3: warning: the best-scoring path ends at 'hangs-up' with no commitment")


def test_a_time_on_an_ending_other_than_a_callback():
    text = edit("end: {commitment: full, days: 3}", 'end: {commitment: full, days: 3, time: "10:00"}')
    assert lint(text) == [
        "s.yaml:34:10: warning: the ending of node 'pays' has a `time`, but only a callback's time is used (this "
        "one is 'full') (hint: remove `time`, or make it `commitment: callback`)"]
