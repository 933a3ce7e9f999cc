"""`game.content.migrate`: the textual rewrite of an older file's `rules:` on poor replies into `breaks:`.
Only the key changes, at the parser's position; everything else in the file stays byte for byte."""

from __future__ import annotations

import pytest

from content_helpers import BASE, edit, line_of, load
from game.content.migrate import MigrateError, migrate_file, migrate_text, plan

#: The minimal scenario as an older file wrote it: the poor reply lists the rule it breaks under `rules:`.
OLD = edit("        breaks: [dont-be-aggressive]\n", "        rules: [dont-be-aggressive]  # hostile\n")


def codes(text: str) -> list[str]:
    return [d.code for d in load(text).diagnostics.items]


def test_the_older_file_is_warned_about_and_migrated():
    assert codes(OLD) == ["rules-breaks"]
    new, changes = migrate_text(OLD, "s.yaml")
    assert [c.line() for c in changes] == ["s.yaml:29:9: moved rules to breaks"]
    assert (changes[0].node_id, changes[0].index) == ("greeting", 1)
    assert new == OLD.replace("        rules: [dont-be-aggressive]  # hostile", "        breaks: [dont-be-aggressive]  # hostile")
    assert codes(new) == []
    assert load(new).scenario.nodes["greeting"].choices[1].breaks == ("dont-be-aggressive",)


def test_a_migrated_file_needs_nothing_more():
    new, _ = migrate_text(OLD, "s.yaml")
    assert migrate_text(new, "s.yaml") == (new, [])
    assert plan(BASE, "s.yaml") == []


@pytest.mark.parametrize("score", ["{professionalism: 0}", "{professionalism: 2, empathy: -2}", "{clarity: 1}"])
def test_replies_scoring_zero_or_more_keep_their_rules(score):
    text = edit("score: {professionalism: -2}", f"score: {score}", OLD)
    assert plan(text, "s.yaml") == []


@pytest.mark.parametrize("extra", ["        breaks: [do-stay-professional]\n", "        critical: dont-be-aggressive\n"])
def test_replies_that_already_say_what_they_break_are_left_alone(extra):
    text = edit("        feedback: Hostile.\n", extra + "        feedback: Hostile.\n", OLD)
    assert plan(text, "s.yaml") == []


def test_flow_mappings_quoted_keys_and_wide_characters():
    flow = ('      - {say: "Çà va? Pay up — now.", score: {professionalism: -2, empathy: -1}, mood: {patience: -30}, '
            '"rules": [dont-be-aggressive], feedback: Hostile., goto: hangs-up}\n')
    text = edit("      - say: Pay up.\n        score: {professionalism: -2}\n        mood: {patience: -30}\n"
                "        rules: [dont-be-aggressive]  # hostile\n        feedback: Hostile.\n        goto: hangs-up\n",
                flow, OLD)
    new, changes = migrate_text(text, "s.yaml")
    col = flow.index('"rules"') + 1
    assert [c.line() for c in changes] == [f"s.yaml:{line_of(text, 'Çà va')}:{col}: moved rules to breaks"]
    assert new == text.replace('"rules": [dont-be-aggressive]', '"breaks": [dont-be-aggressive]')
    assert codes(new) == []


def test_several_changes_and_a_scalar_rule():
    text = edit("score: {professionalism: 1, clarity: 1}", "score: {professionalism: -1, clarity: -1}", OLD)
    text = edit("rules: [do-stay-professional]", "rules: do-stay-professional", text)
    _, changes = migrate_text(text, "s.yaml")
    assert [(c.pos.line, c.pos.col) for c in changes] == [(23, 9), (29, 9)]


def test_a_key_shared_through_a_merge_is_refused():
    text = edit("nodes:\n", "x-poor: &poor\n  rules: [dont-be-aggressive]\nnodes:\n", OLD)
    text = edit("        rules: [dont-be-aggressive]  # hostile\n", "        <<: *poor\n", text)
    with pytest.raises(MigrateError, match=r"^s\.yaml:17:3: error: choice 2 of node 'greeting' takes its `rules` "
                                           r"from a merged mapping"):
        plan(text, "s.yaml")


def test_yaml_errors_and_other_files_are_one_line_errors():
    with pytest.raises(MigrateError) as caught:
        plan(OLD.replace("client: Hello?", "client: [Hello?"), "s.yaml")
    assert str(caught.value).startswith("s.yaml:") and "error: YAML syntax error" in str(caught.value)
    assert "\n" not in str(caught.value)
    with pytest.raises(MigrateError, match=r"^p\.yaml:1:1: error: not a scenario file"):
        plan("format: 1\nid: week-1\nscenarios: [a]\n", "p.yaml")


def test_crlf_line_endings_and_the_bom_are_kept(tmp_path):
    path = tmp_path / "old.yaml"
    data = b"\xef\xbb\xbf" + OLD.replace("\n", "\r\n").encode("utf-8")
    path.write_bytes(data)
    changes = migrate_file(path, "old.yaml")
    assert [c.line() for c in changes] == ["old.yaml:29:9: moved rules to breaks"]
    assert path.read_bytes() == data.replace(b"        rules: [dont-be-aggressive]", b"        breaks: [dont-be-aggressive]")
    assert migrate_file(path, "old.yaml") == []


def test_check_only_does_not_write(tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text(OLD, encoding="utf-8")
    assert len(migrate_file(path, write=False)) == 1
    assert path.read_text(encoding="utf-8") == OLD


def test_unreadable_files_are_one_line_errors(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"format: 1\x00\n")
    with pytest.raises(MigrateError, match=r"^b\.yaml:1:10: error: expected a YAML text file"):
        migrate_file(binary, "b.yaml")
