"""Reading YAML safely: syntax errors, empty/binary/mis-encoded/oversized files, alias bombs, tags that
would run code, duplicate keys and a top level that is not a mapping. Each reports one positioned
diagnostic and never raises."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from content_helpers import BASE, FILE, diagnose, edit, load, only, rulebook
from game.content import yaml_source
from game.content.diagnostics import Diagnostics
from game.content.scenario_loader import load_scenario
from game.content.yaml_source import load_yaml, parse_yaml

EMPTY = "error: file is empty: expected a YAML mapping (hint: start from `ardojo new` or docs/scenario-format.md)"


def load_file(tmp_path: Path, name: str, data: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(data)
    result = load_scenario(path, rulebook(), name)
    assert result.scenario is None or not result.diagnostics.has_errors
    return [d.format() for d in result.diagnostics.items]


# -- YAML syntax ------------------------------------------------------------------------------------

def test_syntax_error_is_reported_at_the_parser_position():
    text = edit("say: Pay up.", "say: Pay up: now")  # an unquoted ': ' inside a value, line 26
    assert only(text) == ("s.yaml:26:20: error: YAML syntax error: ': ' inside an unquoted value starts a new key "
                          "(hint: quote the whole value, e.g. `say: \"Hello: it's Dana\"`)")


def test_syntax_error_bad_indentation():
    text = edit("  company: Sunrise Bakery LLC", " company: Sunrise Bakery LLC")
    assert only(text) == ("s.yaml:8:2: error: YAML syntax error: bad indentation: this line does not line up with "
                          "the keys or items above it (hint: indent it exactly as far as the other keys (or `- ` "
                          "items) of the same mapping or list, with spaces (the line above is indented 2)) "
                          "(note: the parser was reading the block that starts at line 1)")


def test_syntax_error_tab_indentation():
    text = edit("  company: Sunrise Bakery LLC", "\tcompany: Sunrise Bakery LLC")
    assert only(text) == ("s.yaml:8:1: error: YAML syntax error: a tab is used for indentation (hint: YAML "
                          "indents with spaces only: replace the tab with spaces (set your editor to insert spaces))")


def test_unclosed_quote_points_where_it_opened_and_notes_where_the_parser_noticed():
    text = edit("title: Tiny call", 'title: "Tiny call')
    assert only(text) == ("s.yaml:3:8: error: YAML syntax error: unclosed double quote: the text that starts here "
                          "never ends (hint: end the text with a closing \" (on the line it starts, for a short text); "
                          "to write \" inside it, write \\\" instead) (note: the parser noticed it at line 38, column 1)")


def test_syntax_error_never_raises_and_gives_no_scenario():
    result = load("key: [unclosed\nother: 1\n")
    assert result.scenario is None
    assert [(d.pos.line, d.pos.col) for d in result.diagnostics.items] == [(1, 6)]  # where the '[' opened
    assert result.diagnostics.items[0].message.startswith("YAML syntax error: ")


# -- empty, binary, encodings, size ----------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "\n\n", "   \n  \n"])
def test_empty_text(text):
    assert only(text) == f"s.yaml:1:1: {EMPTY}"


def test_comment_only_text():
    assert only("# a scenario, one day\n\n   # indented comment\n") == f"s.yaml:1:1: {EMPTY}"


def test_empty_file(tmp_path):
    assert load_file(tmp_path, "empty.yaml", b"") == [f"empty.yaml:1:1: {EMPTY}"]


def test_comment_only_file(tmp_path):
    assert load_file(tmp_path, "comments.yaml", b"# TODO: write this call\n\n# later\n") == [f"comments.yaml:1:1: {EMPTY}"]


def test_whitespace_only_file_is_empty(tmp_path):
    assert load_file(tmp_path, "blank.yaml", b"  \n\t\n\r\n") == [f"blank.yaml:1:1: {EMPTY}"]


def test_document_markers_only_is_not_a_mapping():
    assert only("---\n...\n") == ("s.yaml:2:1: error: the scenario must be a mapping of keys, got an empty value "
                                  "(hint: write it as `key: value` lines indented under its name)")


def test_binary_file_reports_the_nul_byte(tmp_path):
    data = BASE.encode().replace(b"Tiny call", b"Tiny\x00call")
    assert load_file(tmp_path, "nul.yaml", data) == [
        "nul.yaml:3:12: error: expected a YAML text file, got binary data (a NUL byte) "
        "(hint: save the scenario as plain UTF-8 text)"]


def test_utf16_file_is_reported_as_binary(tmp_path):
    found = load_file(tmp_path, "utf16.yaml", BASE.encode("utf-16"))
    assert len(found) == 1 and "binary data (a NUL byte)" in found[0]


def test_non_utf8_byte_position(tmp_path):
    data = BASE.encode().replace(b"Tiny call", b"Tiny caf\xe9")  # Latin-1 e-acute
    assert load_file(tmp_path, "latin1.yaml", data) == [
        "latin1.yaml:3:16: error: expected UTF-8 text, got the byte 0xe9 "
        "(hint: re-save the file as UTF-8 in your editor)"]


def test_non_utf8_column_counts_characters_not_bytes(tmp_path):
    # 'title: Tiny café ' is 17 characters (18 bytes): the bad byte is the 18th character
    data = BASE.encode().replace(b"Tiny call", "Tiny café ".encode() + b"\xff")
    assert load_file(tmp_path, "mixed.yaml", data) == [
        "mixed.yaml:3:18: error: expected UTF-8 text, got the byte 0xff "
        "(hint: re-save the file as UTF-8 in your editor)"]


def test_non_utf8_after_a_bom_is_positioned_as_the_editor_shows_it(tmp_path):
    data = b"\xef\xbb\xbf" + BASE.encode().replace(b"Tiny call", b"Tiny caf\xe9")
    assert load_file(tmp_path, "bom.yaml", data) == [
        "bom.yaml:3:16: error: expected UTF-8 text, got the byte 0xe9 "
        "(hint: re-save the file as UTF-8 in your editor)"]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    result = load_scenario(path, rulebook(), "bom.yaml")
    assert result.diagnostics.items == []
    assert result.scenario is not None and result.scenario.title == "Tiny call"
    assert result.scenario.nodes["greeting"].pos.line == 17


def test_file_over_the_size_cap(tmp_path):
    data = BASE.encode() + b"# " + b"x" * yaml_source.MAX_FILE_BYTES + b"\n"
    assert load_file(tmp_path, "big.yaml", data) == [
        f"big.yaml:1:1: error: file is {len(data):,} bytes; scenario files are limited to 2,097,152 bytes (2 MB) "
        "(hint: split it, or check that this is the file you meant)"]


def test_size_cap_boundary(tmp_path, monkeypatch):
    data = BASE.encode()
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", len(data))
    assert load_file(tmp_path, "exact.yaml", data) == []
    monkeypatch.setattr(yaml_source, "MAX_FILE_BYTES", len(data) - 1)
    found = load_file(tmp_path, "over.yaml", data)
    assert len(found) == 1 and found[0].startswith(f"over.yaml:1:1: error: file is {len(data):,} bytes;")


def test_folder_instead_of_file(tmp_path):
    result = load_scenario(tmp_path, rulebook(), "folder")
    assert [d.format() for d in result.diagnostics.items] == ["folder:1:1: error: expected a YAML file, got a folder"]


def test_missing_file(tmp_path):
    result = load_scenario(tmp_path / "nope.yaml", rulebook(), "nope.yaml")
    [diag] = result.diagnostics.items
    assert (diag.pos.line, diag.pos.col) == (1, 1) and diag.message.startswith("cannot read file: ")


# -- alias bombs and anchors ----------------------------------------------------------------------

BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([prev] * 9)}]\n"
    for name, prev in zip("abcdefghi", ['"lol"'] + [f"*{c}" for c in "abcdefgh"])
)


def test_alias_bomb_is_capped():
    assert BILLION_LAUGHS.startswith('a: &a ["lol", "lol"') and "i: &i [*h, *h" in BILLION_LAUGHS
    assert only(BILLION_LAUGHS) == ("s.yaml:1:1: error: the document expands to more than 100,000 values "
                                    "(an alias bomb?) (hint: use fewer nested aliases (*name))")


def test_alias_bomb_inside_a_scenario_stops_loading(monkeypatch):
    text = BASE + "".join("# " + line + "\n" for line in BILLION_LAUGHS.splitlines())  # harmless as comments
    assert diagnose(text) == []
    monkeypatch.setattr(yaml_source, "MAX_NODES", 5_000)  # the real cap is tested above; keep this one quick
    text = BILLION_LAUGHS.replace("i: &i", "summary: &i") + BASE  # a real scenario carrying a bomb
    result = load(text)
    assert result.scenario is None
    assert [d.message for d in result.diagnostics.items] == [
        "the document expands to more than 5,000 values (an alias bomb?)"]
    assert load(BASE).diagnostics.items == []  # an ordinary scenario is far below even this cap


def test_a_few_anchors_and_aliases_are_fine():
    text = edit("score: {professionalism: 1, clarity: 1}", "score: &good {professionalism: 1, clarity: 1}")
    text = edit("score: {professionalism: -2}", "score: *good", text)
    result = load(text)
    assert result.diagnostics.items == []
    assert dict(result.scenario.nodes["greeting"].choices[1].score) == {"professionalism": 1, "clarity": 1}


def test_merge_keys_are_supported():
    text = edit("start: greeting", "start: greeting\nhang_up_when: {patience: 0}\npass: {<<: {overall: 60}, empathy: 40}")
    result = load(text)
    assert result.diagnostics.items == []
    assert result.scenario.pass_thresholds["overall"] == 60 and result.scenario.pass_thresholds["empathy"] == 40


# -- tags -----------------------------------------------------------------------------------------

TAG_HINT = "(hint: remove the tag; tags are never executed)"


def test_python_tag_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    text = edit("title: Tiny call", f"title: !!python/object/apply:os.system ['touch {marker}']")
    result = load(text)
    assert [d.format() for d in result.diagnostics.items] == [
        "s.yaml:3:8: error: the tag '!!python/object/apply:os.system' is not allowed: expected plain data "
        f"(text, numbers, lists, mappings) {TAG_HINT}"]
    assert result.scenario is None
    assert not marker.exists()


def test_python_tag_in_a_file_is_never_executed(tmp_path):
    marker = tmp_path / "pwned-too"
    data = f"format: 1\nid: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    found = load_file(tmp_path, "evil.yaml", data)
    assert found[0].startswith("evil.yaml:2:5: error: the tag '!!python/object/apply:os.system' is not allowed")
    assert not marker.exists()


@pytest.mark.parametrize("value, tag", [
    ("!!python/name:os.system ''", "!!python/name:os.system"),
    ("!!python/object/new:os.system [echo]", "!!python/object/new:os.system"),
    ("!!python/object:builtins.dict {a: 1}", "!!python/object:builtins.dict"),
    ("!shell 'rm -rf /'", "!shell"),
    ("!!binary aGVsbG8=", "!!binary"),
])
def test_non_standard_tags_are_refused_without_cascading(value, tag):
    text = edit("objective: Get a dated commitment", f"objective: {value}")
    assert only(text) == (f"s.yaml:14:12: error: the tag '{tag}' is not allowed: expected plain data "
                          f"(text, numbers, lists, mappings) {TAG_HINT}")


def test_standard_tags_are_accepted():
    text = edit("title: Tiny call", "title: !!str 2026")
    result = load(text)
    assert result.diagnostics.items == [] and result.scenario.title == "2026"


def test_invalid_timestamp_is_reported_once():
    text = edit("issued: 2026-08-01", "issued: 2026-02-30")
    assert only(text) == "s.yaml:13:46: error: cannot read the value '2026-02-30': day is out of range for month"


# -- duplicate keys, top level --------------------------------------------------------------------

DUP_HINT = "(hint: YAML would silently keep only the last one; rename or remove one of them)"


def test_duplicate_top_level_key():
    text = edit("archetype: cash-strapped", "archetype: cash-strapped\ntitle: Another title")
    assert only(text) == f"s.yaml:5:1: error: duplicate key 'title' (first at line 3) {DUP_HINT}"
    assert load(text).scenario is None


def test_duplicate_node_id():
    text = BASE + "  pays:\n    client: Again.\n    end: {commitment: plan}\n"
    assert only(text) == f"s.yaml:38:3: error: duplicate key 'pays' (first at line 32) {DUP_HINT}"


def test_duplicate_key_in_a_flow_mapping():
    text = edit("mood: {trust: 5}", "mood: {trust: 5, trust: 6}")
    assert only(text) == f"s.yaml:22:26: error: duplicate key 'trust' (first at line 22) {DUP_HINT}"


def test_duplicate_keys_are_all_reported():
    text = "a: 1\nb: 2\na: 3\nb: 4\na: 5\n"
    diags = Diagnostics()
    parse_yaml(text, FILE, diags)
    assert [d.format() for d in diags.items] == [
        f"s.yaml:3:1: error: duplicate key 'a' (first at line 1) {DUP_HINT}",
        f"s.yaml:4:1: error: duplicate key 'b' (first at line 2) {DUP_HINT}",
        f"s.yaml:5:1: error: duplicate key 'a' (first at line 1) {DUP_HINT}",
    ]


MAPPING_HINT = "(hint: write it as `key: value` lines indented under its name)"


@pytest.mark.parametrize("text, got", [
    ("- format: 1\n- id: x\n", "a list"),
    ("just some text\n", "the text 'just some text'"),
    ("42\n", "the number 42"),
])
def test_top_level_not_a_mapping(text, got):
    assert only(text) == f"s.yaml:1:1: error: the scenario must be a mapping of keys, got {got} {MAPPING_HINT}"


def test_top_level_not_a_mapping_after_comments():
    assert only("# header\n# more\n- a\n- b\n") == (
        f"s.yaml:3:1: error: the scenario must be a mapping of keys, got a list {MAPPING_HINT}")


# -- the loader itself ----------------------------------------------------------------------------

def test_loader_is_the_c_safe_loader_when_available():
    if hasattr(yaml, "CSafeLoader"):
        assert yaml_source.Loader is yaml.CSafeLoader
    else:  # pragma: no cover - PyYAML built without libyaml
        assert yaml_source.Loader is yaml.SafeLoader
    assert issubclass(yaml_source.Loader, (yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


def test_pure_python_loader_gives_the_same_results(monkeypatch):
    c_valid = load(BASE)
    c_bad = diagnose(edit("say: Pay up.", "say: Pay up: now"))
    monkeypatch.setattr(yaml_source, "Loader", yaml.SafeLoader)
    py_valid = load(BASE)
    assert py_valid.diagnostics.items == [] and py_valid.scenario == c_valid.scenario
    assert [n.pos for n in py_valid.scenario.nodes.values()] == [n.pos for n in c_valid.scenario.nodes.values()]
    py_bad = diagnose(edit("say: Pay up.", "say: Pay up: now"))
    # libyaml and PyYAML word some problems differently ("in this context" / "here"); positions agree
    assert [d.split(": error: YAML syntax error: ")[0] for d in py_bad] == ["s.yaml:26:20"]
    assert [d.split(": error: YAML syntax error: ")[0] for d in c_bad] == ["s.yaml:26:20"]


def test_load_yaml_reads_a_file_into_a_positioned_tree(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("# c\nkey:\n  - one\n  - {two: 2}\n")
    diags = Diagnostics()
    tree = load_yaml(path, diags, "t.yaml")
    assert diags.items == []
    entry = tree.entries["key"]
    assert (entry.key_pos.line, entry.key_pos.col) == (2, 1)
    one, two = entry.value.items
    assert (one.value, one.pos.line, one.pos.col) == ("one", 3, 5)
    assert (two.entries["two"].value.value, two.pos.line, two.pos.col) == (2, 4, 5)
