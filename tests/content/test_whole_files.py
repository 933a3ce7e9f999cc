"""Whole files: many problems reported at once, a valid file's positions, the diagnostics API, and the
real library (scenarios/ and its rulebook)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from content_helpers import BASE, SCENARIOS, diagnose, edit, load
from game.content.diagnostics import Diagnostic, Diagnostics, Severity, SourcePos, did_you_mean
from game.content.library import load_library
from game.content.model import Commitment
from game.content.scenario_loader import load_scenario

SOURCE_ARTICLES = (  # the five source articles (/work/shared/seeds/README.md)
    "The Dos and Don'ts Every AR Caller Should Know for Success",
    "Mastering the Dos and Don'ts of AR Calling for Trainees",
    "5 Essential Tips and Tricks for AR Callers to Maximize Collection Efficiency",
    "Effective Strategies for Performance Improvement as an Accounts Receivable Caller",
    "The Dos and Don'ts for Senior AR Callers Navigating Complex Client Interactions",
)


# -- several problems at once ----------------------------------------------------------------------

def broken_text() -> str:
    text = edit("difficulty: 1", "difficulty: hard")
    text = edit("title: Tiny call", "titel: Tiny call", text)
    text = edit("amount: 100.0", "amount: lots", text)
    text = edit("{patience: 60, trust: 40}", "{patience: 120, trust: 40}", text)
    text = edit("rules: [do-stay-professional]", "rules: [do-stay-profesional]", text)
    text = edit("goto: pays", "goto: pay", text)
    text = edit("        feedback: Hostile.", "        feedbak: Hostile.", text)
    return text


def test_every_problem_in_a_file_is_reported_at_once():
    result = load(broken_text())
    assert result.scenario is None
    assert [d.format() for d in result.diagnostics.sorted()] == [
        "s.yaml:3:1: error: unknown key 'titel' in the scenario: 'title' is required; did you mean 'title'? "
        "(hint: rename `titel:` to `title:`)",
        "s.yaml:5:13: error: 'difficulty' in the scenario must be a whole number from 1 to 3, got the text 'hard'",
        "s.yaml:9:20: error: 'patience' in the persona's mood must be from 0 to 100, got 120",
        "s.yaml:13:31: error: 'amount' in invoice 1 must be a number, got the text 'lots' "
        "(hint: write amounts without currency signs, e.g. 2450.00)",
        "s.yaml:23:17: error: unknown rule 'do-stay-profesional' in choice 1 of node 'greeting' "
        "(hint: did you mean 'do-stay-professional'?)",
        "s.yaml:25:15: error: choice 1 of node 'greeting' goes to 'pay', which does not exist "
        "(hint: did you mean 'pays'?)",
        "s.yaml:26:9: warning: choice 2 of node 'greeting' has no feedback "
        "(hint: explain to the trainee why this choice helps or hurts)",
        "s.yaml:30:9: error: unknown key 'feedbak' in choice 2 of node 'greeting' (hint: did you mean 'feedback'?)",
    ]  # one error per mistake: no "missing 'title'" beside 'titel', no "'pays' unreachable" beside `goto: pay`
    assert len(result.diagnostics.errors) == 7
    assert len(result.diagnostics.warnings) == 1


def test_a_bad_difficulty_does_not_hide_graph_problems():
    found = diagnose(edit("goto: pays", "goto: pay", edit("difficulty: 1", "difficulty: hard")))
    assert [line.split(": error: ")[0] for line in found] == ["s.yaml:5:13", "s.yaml:25:15"]


def test_a_bad_persona_does_not_hide_graph_problems():
    text = edit("persona:\n  name: Maria Lopez\n  company: Sunrise Bakery LLC\n  mood: {patience: 60, trust: 40}\n",
                "persona: Maria\n", edit("start: greeting", "start: greting"))
    assert diagnose(text) == [
        "s.yaml:6:10: error: the persona must be a mapping of keys, got the text 'Maria' "
        "(hint: write it as `key: value` lines indented under its name)",
        "s.yaml:12:8: error: 'start' names the node 'greting', which does not exist (hint: did you mean 'greeting'?)",
    ]


def test_a_bad_account_does_not_hide_graph_problems():
    text = edit("account:\n  terms: Net 30\n", "account: overdue\nx-account:\n  terms: Net 30\n",
                edit("goto: hangs-up", "goto: hang-up"))
    found = diagnose(text)
    assert found[0].startswith("s.yaml:10:10: error: the account must be a mapping of keys")
    assert "s.yaml:32:15: error: choice 2 of node 'greeting' goes to 'hang-up', which does not exist " \
           "(hint: did you mean 'hangs-up'?)" in found


def test_broken_endings_do_not_make_every_node_a_dead_end():
    # 'pays' has neither choices nor end and 'hangs-up' has a bad commitment; no node before them is blamed
    text = edit("    end: {commitment: full, days: 3}\n", "", edit("end: {commitment: none}", "end: {commitment: nope}"))
    found = diagnose(text)
    assert not any("has no way to an ending" in line for line in found)
    assert found[0] == ("s.yaml:32:3: error: node 'pays' has neither 'choices' nor 'end' "
                        "(hint: add `choices:` to continue the call or `end: {commitment: none}` to end it)")
    assert found[1] == ("s.yaml:36:23: error: 'commitment' in the ending of node 'hangs-up' must be one of full, plan, "
                        "partial, callback, none, got 'nope' (hint: did you mean 'none'?)")


# -- a valid file ----------------------------------------------------------------------------------

def test_valid_file_gives_no_diagnostics_and_a_positioned_scenario():
    result = load(BASE)
    assert result.diagnostics.items == []
    s = result.scenario
    assert (s.id, s.title, s.archetype, s.difficulty, s.start, s.path) == (
        "tiny-call", "Tiny call", "cash-strapped", 1, "greeting", "s.yaml")
    assert s.content_hash == hashlib.sha256(BASE.encode()).hexdigest()
    assert (s.id_pos.line, s.id_pos.col) == (2, 5)
    assert s.persona.pos.line == 7 and dict(s.persona.mood) == {"patience": 60, "trust": 40}
    [invoice] = s.account.invoices
    assert (invoice.number, invoice.amount, str(invoice.issued), str(invoice.due), invoice.pos.line) == (
        "INV-1", 100.0, "2026-08-01", "2026-08-31", 13)
    assert [(n.id, n.pos.line, n.pos.col) for n in s.nodes.values()] == [
        ("greeting", 17, 3), ("pays", 32, 3), ("hangs-up", 35, 3)]
    first, second = s.nodes["greeting"].choices
    assert [(c.index, c.pos.line, c.pos.col) for c in (first, second)] == [(0, 20, 9), (1, 26, 9)]
    assert [(r.target, r.condition, r.pos.line, r.pos.col) for r in first.routes] == [("pays", None, 25, 15)]
    assert [(r.target, r.pos.line) for r in second.routes] == [("hangs-up", 31)]
    assert dict(first.score) == {"professionalism": 1, "clarity": 1} and dict(first.mood) == {"trust": 5}
    assert first.rules == ("do-stay-professional",) and first.feedback == "Named yourself and the reason."
    pays = s.nodes["pays"].ending
    assert (pays.commitment, pays.amount, pays.days, pays.pos.line, pays.pos.col) == (Commitment.FULL, None, 3, 34, 10)
    assert s.nodes["hangs-up"].ending.commitment is Commitment.NONE and s.nodes["hangs-up"].ending.pos.line == 37
    assert s.hang_up_to == "hangs-up" and dict(s.hang_up_when) == {"patience": 0}
    assert dict(s.pass_thresholds) == {"overall": 70, "professionalism": 50, "empathy": 50, "clarity": 50,
                                       "commitment": 50, "wrapup": 75}
    assert (first.id, first.rules, first.breaks, first.critical) == ("greeting.1", ("do-stay-professional",), (), None)
    assert (second.id, second.rules, second.breaks, second.critical) == ("greeting.2", (), ("dont-be-aggressive",),
                                                                         None)


def test_valid_file_positions_after_leading_comments():
    result = load("# Tiny call\n# a test scenario\n\n" + BASE)
    assert result.diagnostics.items == []
    assert [n.pos.line for n in result.scenario.nodes.values()] == [20, 35, 38]
    assert result.scenario.nodes["greeting"].choices[1].pos.line == 29


def test_loaded_scenario_is_immutable():
    s = load(BASE).scenario
    with pytest.raises(TypeError):
        s.nodes["new"] = s.nodes["pays"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        s.title = "changed"  # type: ignore[misc]


# -- the diagnostics API ---------------------------------------------------------------------------

def test_diagnostic_format_with_and_without_hint():
    pos = SourcePos("a/b.yaml", 3, 7)
    assert Diagnostic(pos, Severity.ERROR, "bad", "fix it").format() == "a/b.yaml:3:7: error: bad (hint: fix it)"
    assert Diagnostic(pos, Severity.WARNING, "meh").format() == "a/b.yaml:3:7: warning: meh"
    assert Diagnostic(pos, Severity.ERROR, "bad", "fix", "code").to_dict() == {
        "file": "a/b.yaml", "line": 3, "col": 7, "severity": "error", "code": "code", "message": "bad", "hint": "fix",
        "note": ""}
    noted = Diagnostic(pos, Severity.ERROR, "bad", "fix", "code", "seen at 9:1")
    assert noted.format() == "a/b.yaml:3:7: error: bad (hint: fix) (note: seen at 9:1)"
    assert noted.to_dict()["note"] == "seen at 9:1"


def test_diagnostics_sorted_and_counts():
    diags = Diagnostics()
    diags.warning(SourcePos("b.yaml", 1, 1), "w")
    diags.error(SourcePos("a.yaml", 9, 2), "e2")
    diags.error(SourcePos("a.yaml", 2, 5), "e1")
    assert [d.message for d in diags.sorted()] == ["e1", "e2", "w"]
    assert len(diags.errors) == 2 and len(diags.warnings) == 1 and diags.has_errors


def test_did_you_mean():
    assert did_you_mean("feedbak", ("say", "feedback", "goto")) == "did you mean 'feedback'?"
    assert did_you_mean("zzz", ("say", "feedback")) == ""


def test_diagnostic_codes_are_set():
    codes = {d.code for d in load(broken_text()).diagnostics.items}
    assert {"unknown-key", "type", "range", "unknown-rule", "missing-node", "no-feedback"} <= codes
    assert "" not in codes


# -- the real library ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def library():
    return load_library([SCENARIOS])


def test_real_library_has_no_errors_and_no_warnings(library):
    assert [d.format() for d in library.diagnostics.items] == []
    assert library.rulebook is not None


def test_real_library_has_at_least_three_scenarios(library):
    assert len(library.scenarios) >= 3
    assert library.files_checked == len(library.scenarios) + 1
    assert len({s.archetype for s in library.scenarios.values()}) >= 3


def test_real_rulebook_has_at_least_twenty_rules(library):
    assert len(library.rulebook) >= 20


def test_every_cited_rule_exists(library):
    cited = {(scenario.id, node.id, choice.index, rule)
             for scenario in library.scenarios.values() for node in scenario.nodes.values()
             for choice in node.choices for rule in choice.rules}
    assert cited
    assert [c for c in cited if c[3] not in library.rulebook] == []


@pytest.mark.parametrize("article", SOURCE_ARTICLES)
def test_each_source_article_is_cited_by_at_least_three_rules(library, article):
    citing = [rule.id for rule in library.rulebook.rules.values() if article in {s.article for s in rule.sources}]
    assert len(citing) >= 3, citing


def test_every_rule_cites_only_the_source_articles(library):
    for rule in library.rulebook.rules.values():
        assert rule.sources, rule.id
        for source in rule.sources:
            assert source.article in SOURCE_ARTICLES, (rule.id, source.article)
            assert source.section.strip(), rule.id


def test_rule_ids_follow_the_do_dont_convention(library):
    for rule in library.rulebook.rules.values():
        assert rule.kind in ("do", "dont") and rule.id.startswith(rule.kind + "-"), rule.id


def test_real_scenario_positions_point_at_their_source(library):
    for scenario in library.scenarios.values():
        lines = Path(scenario.path).read_text(encoding="utf-8").splitlines()
        for node in scenario.nodes.values():
            line = lines[node.pos.line - 1]
            assert line[node.pos.col - 1:].startswith(f"{node.id}:"), (scenario.path, node.pos, line)
            for choice in node.choices:
                line = lines[choice.pos.line - 1]
                assert line[:choice.pos.col - 1].rstrip().endswith("-"), (scenario.path, choice.pos, line)


@pytest.mark.parametrize("path", sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "rulebook.yaml"),
                         ids=lambda p: p.name)
def test_each_real_file_loads_cleanly_on_its_own(library, path):
    result = load_scenario(path, library.rulebook, path.name)
    assert [d.format() for d in result.diagnostics.items] == []
    assert result.scenario is not None
