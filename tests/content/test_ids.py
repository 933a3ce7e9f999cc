"""Ids: kebab-case scenario and node ids, duplicate scenario ids across a library, duplicate invoice
numbers, duplicate rule ids and other rulebook problems."""

from __future__ import annotations

import shutil
from pathlib import Path

from content_helpers import BASE, RULEBOOK_PATH, diagnose, edit, only
from game.content.library import load_library
from game.content.rulebook_loader import load_rulebook


def test_scenario_id_not_kebab_case():
    assert only(edit("id: tiny-call", "id: Tiny_Call")) == (
        "s.yaml:2:5: error: 'id' in the scenario must be kebab-case (lowercase words joined by '-'), got 'Tiny_Call' "
        "(hint: try 'tiny-call')")


def test_scenario_id_with_spaces():
    assert only(edit("id: tiny-call", "id: Tiny Call 2")) == (
        "s.yaml:2:5: error: 'id' in the scenario must be kebab-case (lowercase words joined by '-'), got "
        "'Tiny Call 2' (hint: try 'tiny-call-2')")


def test_node_id_not_kebab_case():
    text = edit("goto: pays", "goto: Pays_Up", edit("  pays:", "  Pays_Up:"))
    assert only(text) == "s.yaml:32:3: error: node id must be kebab-case, got 'Pays_Up' (hint: try 'pays-up')"


def test_node_id_with_trailing_dash():
    text = edit("goto: pays", "goto: pays-", edit("  pays:", "  pays-:"))
    assert only(text) == "s.yaml:32:3: error: node id must be kebab-case, got 'pays-' (hint: try 'pays')"


def _write_library(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    shutil.copy(RULEBOOK_PATH, folder / "rulebook.yaml")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_duplicate_scenario_ids_across_files(tmp_path):
    _write_library(tmp_path, {"a-first.yaml": BASE, "b-second.yaml": edit("title: Tiny call", "title: Copy")})
    library = load_library([tmp_path])
    assert [d.format() for d in library.diagnostics.items] == [
        f"{tmp_path / 'b-second.yaml'}:2:5: error: duplicate scenario id 'tiny-call' (also in "
        f"{tmp_path / 'a-first.yaml'}) (hint: scenario ids must be unique across the library)"]
    assert list(library.scenarios) == ["tiny-call"]
    assert library.scenarios["tiny-call"].title == "Tiny call"  # the first file wins
    assert library.files_checked == 3  # the rulebook and two scenarios


def test_distinct_scenario_ids_load_together(tmp_path):
    _write_library(tmp_path, {"a.yaml": BASE, "b.yaml": edit("id: tiny-call", "id: tiny-call-2"),
                              "notes.txt": "not a scenario"})
    library = load_library([tmp_path])
    assert library.diagnostics.items == []
    assert sorted(library.scenarios) == ["tiny-call", "tiny-call-2"]


def test_library_reports_errors_of_every_file(tmp_path):
    _write_library(tmp_path, {"a.yaml": edit("difficulty: 1", "difficulty: 9"),
                              "b.yaml": edit("id: tiny-call", "id: other", edit("goto: pays", "goto: pay"))})
    library = load_library([tmp_path])
    found = [(Path(d.pos.file).name, d.pos.line, d.message) for d in library.diagnostics.errors]
    assert found == [
        ("a.yaml", 5, "'difficulty' in the scenario must be from 1 to 3, got 9"),
        ("b.yaml", 25, "choice 1 of node 'greeting' goes to 'pay', which does not exist"),
    ]  # 'pays' is only misnamed by the goto, not orphaned: one mistake, one error
    assert library.scenarios == {}


def test_library_without_a_rulebook(tmp_path, monkeypatch):
    monkeypatch.setenv("ARDOJO_SCENARIOS", str(tmp_path / "nowhere"))
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "a.yaml").write_text(BASE)
    library = load_library([tmp_path / "lib"])
    assert [d.message for d in library.diagnostics.items] == ["no rulebook.yaml found"]
    assert list(library.scenarios) == ["tiny-call"]  # rule ids are then not checked


def test_missing_path_is_reported(tmp_path):
    library = load_library([tmp_path / "missing"], rulebook_path=RULEBOOK_PATH)
    assert [d.format() for d in library.diagnostics.items] == [f"{tmp_path / 'missing'}:1:1: error: no such file or folder"]


def test_duplicate_invoice_numbers():
    line = "    - {number: INV-1, amount: 100.0, issued: 2026-08-01, due: 2026-08-31}"
    text = edit(line, line + "\n" + line.replace("100.0", "55.5"))
    assert only(text) == "s.yaml:14:7: error: duplicate invoice number 'INV-1' (first at line 13)"


def test_triple_invoice_number_refers_to_the_first():
    line = "    - {number: INV-1, amount: 100.0, issued: 2026-08-01, due: 2026-08-31}"
    text = edit(line, "\n".join([line] * 3))
    assert diagnose(text) == ["s.yaml:14:7: error: duplicate invoice number 'INV-1' (first at line 13)",
                              "s.yaml:15:7: error: duplicate invoice number 'INV-1' (first at line 13)"]


def test_invoices_without_numbers_are_not_duplicates():
    line = "    - {number: INV-1, amount: 100.0, issued: 2026-08-01, due: 2026-08-31}"
    extra = "    - {amount: 5, issued: 2026-08-01, due: 2026-08-31}"
    found = diagnose(edit(line, "\n".join([line, extra, extra])))
    assert found == [
        "s.yaml:14:7: error: invoice 2 is missing the required key 'number' (hint: add `number:` (see docs/scenario-format.md))",
        "s.yaml:15:7: error: invoice 3 is missing the required key 'number' (hint: add `number:` (see docs/scenario-format.md))",
    ]


# -- rulebook --------------------------------------------------------------------------------------

RULE = """\
  - id: {id}
    kind: {kind}
    title: A rule
    summary: What to do and why.
    dimensions: [{dims}]
    sources:
      - {{article: "The Dos and Don'ts Every AR Caller Should Know for Success", section: "Do Be Prepared"}}
"""


def _rulebook(tmp_path: Path, *rules: dict[str, str], head: str = "format: 1\nrules:\n") -> list[str]:
    body = "".join(RULE.format(**{"kind": "do", "dims": "clarity", **rule}) for rule in rules)
    path = tmp_path / "rulebook.yaml"
    path.write_text(head + body)
    return [d.format() for d in load_rulebook(path, "rulebook.yaml").diagnostics.items]


def test_duplicate_rule_ids(tmp_path):
    found = _rulebook(tmp_path, {"id": "do-a"}, {"id": "do-b"}, {"id": "do-a", "kind": "dont"})
    assert found == ["rulebook.yaml:17:5: error: duplicate rule id 'do-a' (first at line 3) "
                     "(hint: rule ids must be unique)"]
    assert load_rulebook(tmp_path / "rulebook.yaml").rulebook is None


def test_valid_small_rulebook(tmp_path):
    assert _rulebook(tmp_path, {"id": "do-a"}, {"id": "dont-b", "kind": "dont"}) == []
    rulebook = load_rulebook(tmp_path / "rulebook.yaml").rulebook
    assert list(rulebook.rules) == ["do-a", "dont-b"]
    assert rulebook.get("do-a").pos.line == 3


def test_rule_kind_and_dimension_enums(tmp_path):
    found = _rulebook(tmp_path, {"id": "do-a", "kind": "maybe", "dims": "clarity, empahty"})
    assert found == [
        "rulebook.yaml:4:11: error: 'kind' in rule 'do-a' must be 'do' or 'dont', got 'maybe'",
        "rulebook.yaml:7:27: error: dimension in rule 'do-a' must be one of the four dimensions, got the text "
        "'empahty' (hint: did you mean 'empathy'?)",
    ]


def test_rule_id_not_kebab_case(tmp_path):
    assert _rulebook(tmp_path, {"id": "Do_A"}) == [
        "rulebook.yaml:3:9: error: 'id' in rule 1 must be kebab-case (lowercase words joined by '-'), got 'Do_A' "
        "(hint: try 'do-a')"]


def test_rulebook_format_too_new(tmp_path):
    assert _rulebook(tmp_path, {"id": "do-a"}, head="format: 2\nrules:\n") == [
        "rulebook.yaml:1:1: error: rulebook is written for format 2; this AR Dojo reads format 1 "
        "(hint: upgrade AR Dojo)"]


def test_rule_without_sources(tmp_path):
    path = tmp_path / "rulebook.yaml"
    path.write_text("format: 1\nrules:\n  - {id: do-a, kind: do, title: T, summary: S, dimensions: [clarity], "
                    "sources: []}\n")
    assert [d.format() for d in load_rulebook(path, "rulebook.yaml").diagnostics.items] == [
        "rulebook.yaml:3:80: error: 'sources' in rule 'do-a' is empty (hint: cite at least one article and section)"]
