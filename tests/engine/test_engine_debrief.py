"""The debrief: the one verdict first, rules followed and broken per decision, better options only where
the grade itself says a better reply existed (and never a bad one), and the rules broken to practise."""

from __future__ import annotations

import datetime as _dt

from game.content.model import Commitment
from game.content.paths import choice_value
from game.engine.call import Call
from game.engine.debrief import Debrief, RuleCitation, build_debrief
from game.engine.verdict import Marks, decide
from game.engine.wrapup import expected_wrapup, review_wrapup

from engine_paths import complete_calls

DAY = _dt.date(2026, 1, 31)


def good_log(call: Call):
    """The call log a careful caller writes for this call's ending, reviewed."""
    written = expected_wrapup(call.scenario, call.node, DAY)
    return review_wrapup(call.scenario, call.node, DAY, written)


def debrief_of(compiled, choices, rulebook, with_log: bool = True) -> Debrief:
    call = Call.replay(compiled, choices)
    assert call.ended
    return build_debrief(call, rulebook, good_log(call) if with_log else None)


def assert_cites_rulebook(citation: RuleCitation, rulebook) -> None:
    rule = rulebook.get(citation.id)
    assert rule is not None, f"'{citation.id}' is not in the rulebook"
    assert citation.title == rule.title and citation.title
    assert citation.summary == rule.summary and citation.summary
    assert citation.kind == rule.kind
    assert citation.sources == tuple(str(source) for source in rule.sources) and citation.sources


def test_best_path_passes_with_nothing_to_correct(lab, rulebook):
    debrief = debrief_of(lab, (0, 0, 0), rulebook)
    assert debrief.passed and debrief.verdict.passed and not debrief.verdict.reasons
    assert (debrief.scenario_id, debrief.ending_id, debrief.commitment) == ("routing-lab", "pays-full", Commitment.FULL)
    assert debrief.ending_line == "I'll pay it all today."
    assert debrief.persona == "Pat Tester, Fixture Co"
    assert [r.better for r in debrief.decisions] == [None, None, None]
    assert all(r.took_top and r.quality == 1.0 for r in debrief.decisions)
    assert [r.said for r in debrief.decisions] == ["Polite opener.", "Explain.", "Ask for the full amount."]
    assert [r.number for r in debrief.decisions] == [1, 2, 3]
    assert debrief.practice == ()


def test_no_call_log_fails_even_the_best_call(lab, rulebook):
    debrief = debrief_of(lab, (0, 0, 0), rulebook, with_log=False)
    assert not debrief.passed
    assert debrief.verdict.below == ("wrapup",)
    assert "no call log" in debrief.verdict.reasons[0]


def test_equal_alternative_is_not_a_better_option(lab, rulebook):
    # At `ask` with full meters, listen (+3, then open) is worth exactly what explain (+3, then open) is.
    debrief = debrief_of(lab, (0, 1, 0), rulebook)
    assert debrief.decisions[1].better is None and debrief.decisions[1].took_top


def test_poor_path_names_the_better_option_at_each_decision(lab, rulebook):
    # curt -> flatter -> demand: the grade's top replies were polite, explain (ties listen; explain comes
    # first in the file), and offering a plan.
    debrief = debrief_of(lab, (1, 2, 1), rulebook)
    assert not debrief.passed
    assert [r.better.say if r.better else None for r in debrief.decisions] == \
           ["Polite opener.", "Explain.", "Offer a plan."]
    better = debrief.decisions[2].better
    assert better.feedback == "Offered a plan."
    assert [c.id for c in better.rules] == ["do-offer-payment-plan"]
    assert [r.id for r in debrief.decisions[2].broke] == ["do-adapt-to-client"]


def test_practice_lists_the_rules_broken(lab, rulebook):
    debrief = debrief_of(lab, (1, 2, 1), rulebook)
    assert [(i.rule.id, i.reason, i.critical) for i in debrief.practice] == [
        ("do-adapt-to-client", "broken at decision 3", False)]
    for item in debrief.practice:
        assert_cites_rulebook(item.rule, rulebook)


def test_a_critical_error_fails_the_call_and_comes_first(lab, rulebook):
    # polite, explain, then threaten: the client hangs up; the threat is marked critical.
    debrief = debrief_of(lab, (0, 0, 1), rulebook)
    assert not debrief.passed
    assert debrief.verdict.critical == ("dont-be-aggressive",)
    assert debrief.verdict.reasons[0].startswith("critical error at decision 3: Don't be aggressive")
    assert debrief.practice[0].critical and debrief.practice[0].rule.id == "dont-be-aggressive"
    assert debrief.decisions[2].critical.id == "dont-be-aggressive"


def test_critical_error_fails_whatever_the_scores(lab, rulebook):
    call = Call.replay(lab, (0, 0, 1))
    generous = Marks.of_scenario(lab.scenario)
    generous = Marks({k: 0 for k in generous.values}, "scenario")
    assert not decide(call.score(), good_log(call), generous).passed


def test_hang_up_flag_and_better_option(lab, rulebook):
    debrief = debrief_of(lab, (3,), rulebook)   # the insult: hang-up at once
    assert debrief.ending_id == "hangs-up" and debrief.commitment is Commitment.NONE
    assert debrief.decisions[0].hung_up
    assert debrief.decisions[0].better.say == "Polite opener."
    assert {i.rule.id for i in debrief.practice} == {"dont-be-aggressive", "dont-assume"}


def test_debrief_mood_is_the_clamped_change(lab, rulebook):
    debrief = debrief_of(lab, (0, 0, 0), rulebook)
    first = debrief.decisions[0]
    assert dict(first.mood) == {"patience": 50, "trust": 50}   # +60 each, clamped at 100
    assert dict(first.meters_after) == {"patience": 100, "trust": 100}
    assert dict(debrief.decisions[2].mood) == {}                 # ask-full changes no meter


def test_rules_touched_are_listed_once_with_full_text(lab, rulebook):
    debrief = debrief_of(lab, (1, 2, 1), rulebook)
    ids = [r.id for r in debrief.rules_touched]
    assert len(ids) == len(set(ids))
    for review in debrief.decisions:
        for rule in review.rules:
            assert rule.id in ids
    for rule in debrief.rules_touched:
        assert_cites_rulebook(rule, rulebook)


def test_every_decision_marks_rules_followed_and_broken(debriefs, rulebook):
    """Every choice from every reachable (node, meters), in a debrief: `followed` is the reply's
    `rules`, `broke` its `breaks`, each citing the rulebook."""
    assert debriefs
    for call, debrief in debriefs:
        assert len(debrief.decisions) == len(call.steps)
        for review, step in zip(debrief.decisions, call.steps):
            assert [c.id for c in review.followed] == list(step.choice.rules)
            assert [c.id for c in review.broke] == list(step.choice.breaks)
            assert review.said == step.choice.say and review.feedback == step.choice.feedback
            for citation in review.rules + (review.better.rules if review.better else ()):
                assert_cites_rulebook(citation, rulebook)


def test_better_here_is_never_malpractice(debriefs):
    """Across every reachable decision of every scenario: no better reply when a top reply was taken;
    a named better reply is one of the grade's top replies and is never critical, never breaks a rule
    and never scores below zero."""
    for call, debrief in debriefs:
        for review, step in zip(debrief.decisions, call.steps):
            where = f"{call.scenario.id}: {step.node.id} choice {step.choice.index + 1}"
            if step.scored.took_top:
                assert review.better is None, where
            if review.better is not None:
                named = next(c for c in step.node.choices if c.id == review.better.choice_id)
                assert named.index in step.scored.top, where
                assert not named.critical and not named.breaks and choice_value(named) >= 0, where


def test_the_poorest_call_fails_and_practises_what_it_broke(any_scenario, states, rulebook):
    poorest = min(complete_calls(states), key=lambda call: call.score().overall)
    debrief = build_debrief(poorest, rulebook, good_log(poorest))
    assert not debrief.passed
    broken = {r for step in poorest.steps for r in step.choice.breaks}
    assert {item.rule.id for item in debrief.practice} <= broken
