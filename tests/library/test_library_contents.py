"""What the library as a whole must hold (issue: "twelve calls that teach every rule in the rulebook"):
the archetypes at every difficulty, the complex calls, every rule taught at least twice, no dominated
choice, and in every scenario enough graph, endings and meters to make a real call.

Every check is a library rule (game/authoring/library_rules*.py), the same code `ardojo validate
--library` runs, so a scenario that passes that command never breaks one of these tests.
"""

from __future__ import annotations

import pytest

from game.authoring import library_rules as per
from game.authoring import library_rules_wide as wide
from library_calls import no_findings, rules, scenario_ids

IDS = scenario_ids()
CRITICAL_RULES = per.CRITICAL_RULES


def test_the_archetypes_difficulties_and_complex_calls_are_present() -> None:
    found = wide.check_coverage(rules())
    assert not found, no_findings(found)


def test_every_rule_is_taught_enough() -> None:
    """Cited by two replies or more, followed by a reply, and taught both ways by top replies."""
    found = wide.check_rules_taught(rules())
    assert not found, no_findings(found)


@pytest.mark.parametrize("scenario_id", IDS)
def test_poor_replies_say_what_they_break(scenario_id: str) -> None:
    """A reply that scores below zero lists the rules it breaks; a critical reply scores below zero and
    cites one of CRITICAL_RULES; nothing both follows and breaks."""
    found = per.check_poor_replies(rules(), scenario_id)
    assert not found, no_findings(found)


def test_critical_errors_are_the_fail_worthy_rules() -> None:
    found = wide.check_critical_library(rules())
    assert not found, no_findings(found)
    assert {"dont-overpromise", "dont-be-aggressive", "dont-ignore-red-flags", "do-confirm-right-party"} \
        == per.REQUIRED_CRITICAL and per.REQUIRED_CRITICAL <= CRITICAL_RULES


@pytest.mark.parametrize("scenario_id", IDS)
def test_no_dominated_choices(scenario_id: str) -> None:
    found = per.check_dominated(rules(), scenario_id)
    assert not found, no_findings(found)
    assert not rules().analysis.never_cited


@pytest.mark.parametrize("scenario_id", IDS)
def test_scenario_shape(scenario_id: str) -> None:
    """≥ 12 nodes; ≥ 3 endings with different commitments, one a reachable hang-up."""
    found = per.check_shape(rules(), scenario_id)
    assert not found, no_findings(found)


@pytest.mark.parametrize("scenario_id", IDS)
def test_meters_decide_a_route(scenario_id: str) -> None:
    found = per.check_meters_decide(rules(), scenario_id)
    assert not found, no_findings(found)


@pytest.mark.parametrize("scenario_id", IDS)
def test_account_facts_matter(scenario_id: str) -> None:
    """The best call quotes an invoice from the brief; some reply gets the figures wrong and loses clarity."""
    found = per.check_account_facts(rules(), scenario_id)
    assert not found, no_findings(found)


def test_programs_cover_the_library_and_can_be_passed() -> None:
    """Each scenario is in exactly one program, its model call passes with the program's marks, and
    each program runs easy to hard (label, then measured level)."""
    found = wide.check_programs(rules())
    assert not found, no_findings(found)


def test_names_are_distinct_and_colleagues_consistent() -> None:
    found = wide.check_names(rules())
    assert not found, no_findings(found)


def test_a_custom_meter_and_a_two_meter_route_decide_calls() -> None:
    found = wide.check_formats_used(rules())
    assert not found, no_findings(found)


def test_golden_transcripts_and_portraits_follow_the_library() -> None:
    found = wide.check_golden(rules()) + wide.check_portraits(rules())
    assert not found, no_findings(found)
