"""One root mistake gives one error: a misspelt required key is one unknown-key error that names the
key it stands for (the "missing required key" it causes is folded into it), and the graph checks say
nothing about nodes whose ways out could not be read (no "unreachable" cascade after `chioces:`)."""

from __future__ import annotations

import re

import pytest

from content_helpers import BASE, SCENARIOS, edit, load

LIBRARY_FILES = sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "rulebook.yaml")


def _misspell_first(text: str, key: str, wrong: str) -> str:
    """`text` with the first `key:` written at the start of a line (after indentation) misspelt."""
    return re.sub(rf"(?m)^(\s*(?:- )?){key}:", rf"\g<1>{wrong}:", text, count=1)


@pytest.mark.parametrize("path", LIBRARY_FILES[:6], ids=lambda p: p.stem)
def test_misspelt_choices_in_a_real_scenario_is_one_error(path):
    text = _misspell_first(path.read_text(encoding="utf-8"), "choices", "chioces")
    assert "chioces:" in text
    errors = load(text, path.name).diagnostics.errors
    assert [d.code for d in errors] == ["unknown-key"], [d.format() for d in errors]
    assert errors[0].message.endswith(": 'choices' is required; did you mean 'choices'?")
    assert errors[0].hint == "rename `chioces:` to `choices:`"


# every required key of BASE, misspelt where it is written: (key, misspelling, line)
REQUIRED = [("title", "titel", 3), ("archetype", "archetipe", 4), ("client", "cilent", 18),
            ("choices", "chioces", 19), ("say", "sya", 20), ("score", "scroe", 21), ("goto", "gotoo", 25),
            ("end", "edn", 34), ("commitment", "comitment", 34), ("objective", "objectiv", 14),
            ("terms", "trems", 11), ("company", "compnay", 8)]


@pytest.mark.parametrize("key,wrong,line", REQUIRED, ids=[r[0] for r in REQUIRED])
def test_a_misspelt_required_key_is_one_error_at_the_misspelling(key, wrong, line):
    lines = BASE.splitlines(keepends=True)
    assert f"{key}:" in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(f"{key}:", f"{wrong}:", 1)
    found = load("".join(lines)).diagnostics.errors
    assert len(found) == 1, [d.format() for d in found]
    assert (found[0].code, found[0].pos.line) == ("unknown-key", line)
    assert f"unknown key '{wrong}'" in found[0].message and f"'{key}' is required" in found[0].message


def test_an_unknown_key_that_stands_for_nothing_required_is_not_folded():
    found = load(edit("feedback: Hostile.", "feedbak: Hostile.")).diagnostics.items
    assert [d.format() for d in found if d.code == "unknown-key"] == [
        "s.yaml:30:9: error: unknown key 'feedbak' in choice 2 of node 'greeting' (hint: did you mean 'feedback'?)"]


def test_a_missing_key_with_no_misspelling_is_still_reported():
    found = load(edit("title: Tiny call\n", "")).diagnostics.errors
    assert [(d.code, d.message) for d in found] == [
        ("missing-key", "the scenario is missing the required key 'title'")]


def test_a_misspelt_goto_target_does_not_orphan_the_node_it_meant():
    found = load(edit("goto: pays", "goto: pay")).diagnostics.errors
    assert [d.code for d in found] == ["missing-node"]


def test_a_truly_orphaned_node_is_still_reported():
    found = load(edit("goto: pays", "goto: hangs-up")).diagnostics.errors
    assert [(d.code, d.pos.line) for d in found] == [("unreachable", 32)]
