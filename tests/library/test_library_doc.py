"""docs/library.md is generated (tests/library/library_doc.py): the checked-in file must match what the
generator writes now, so a scenario change that alters outcomes shows up in review."""

from __future__ import annotations

import difflib
import re

from game.authoring.library_rules_wide import check_library_doc
from game.authoring import library_doc as generator
from library_calls import ROOT, library, rules
from library_doc import DOC, REGENERATE, analyze_markdown, render


def test_library_doc_is_up_to_date() -> None:
    """Library rule `library-doc` (what `ardojo validate --library` checks), with the diff on failure."""
    found = check_library_doc(rules())
    if not found:
        return
    expected = render()
    current = DOC.read_text(encoding="utf-8")
    if current != expected:
        diff = "".join(list(difflib.unified_diff(current.splitlines(True), expected.splitlines(True),
                                                 "docs/library.md (checked in)", "docs/library.md (now)"))[:60])
        raise AssertionError(f"docs/library.md is out of date: run `{REGENERATE}` and review the change\n{diff}")


def test_analysis_section_is_the_analyze_command_output() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.endswith(generator.cached_markdown(rules()))
    assert "ardojo analyze --format markdown scenarios/" in text and REGENERATE in text


def test_doc_output_has_nothing_volatile() -> None:
    """No timings or absolute paths: the doc must not change between runs or machines."""
    text = generator.cached_markdown(rules())
    assert analyze_markdown() == text  # a second, fresh run
    assert str(ROOT) not in text
    assert not re.search(r"\b\d+(\.\d+)?\s*(ms|µs|seconds?)\b", text)
    for scenario in library().scenarios.values():
        assert f"`{scenario.id}`" in text
