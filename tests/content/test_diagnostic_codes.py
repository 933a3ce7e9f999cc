"""Every diagnostic has a stable, non-empty code: every code the source can give is registered in
game/content/diagnostic_codes.py with its meaning and listed in docs/authoring.md; the loaders never
add a diagnostic without one; syntax and encoding errors carry theirs through `validate --format json`."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from content_helpers import BASE, REPO, edit, load
from game.content.diagnostic_codes import CODES, FALLBACK_CODE
from game.content.diagnostics import Diagnostics, SourcePos

GAME = REPO / "game"
DOC = REPO / "docs" / "authoring.md"
#: Calls whose fourth positional argument is a code.
CODE_AT_4 = {"Stop", "SyntaxProblem"}
#: The loaders and checks that must give every diagnostic its own code (not the fallback).
STRICT = [GAME / "content", GAME / "commands", GAME / "content" / "program_loader.py"]


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            yield node


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def source_codes() -> dict[str, str]:
    """code -> `file:line` of its first use, for every literal code in game/."""
    found: dict[str, str] = {}
    for path in sorted(GAME.rglob("*.py")):
        for call in _calls(path):
            values = [k.value for k in call.keywords if k.arg == "code"]
            if _name(call.func) in CODE_AT_4 and len(call.args) >= 4:
                values.append(call.args[3])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.setdefault(value.value, f"{path.relative_to(REPO)}:{call.lineno}")
    return found


def test_the_source_gives_many_codes_and_the_collector_finds_them():
    codes = source_codes()
    assert {"syntax-unclosed-bracket", "encoding", "unknown-key", "missing-node", "coercion"} <= set(codes)
    assert len(codes) > 40


def test_every_code_in_the_source_is_registered():
    unregistered = {code: where for code, where in source_codes().items() if code not in CODES}
    assert unregistered == {}, "register these in game/content/diagnostic_codes.py"


def test_every_registered_code_is_listed_in_authoring_md_with_its_meaning():
    doc = DOC.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (.+?) \|$", doc, flags=re.M))
    missing = [code for code in CODES if code not in rows]
    assert missing == [], "list these in docs/authoring.md, 'Reference: diagnostic codes'"
    assert all(rows[code].strip() for code in CODES)


def test_the_loaders_never_add_a_diagnostic_without_a_code():
    missing = []
    paths = sorted({p for root in STRICT for p in ([root] if root.is_file() else root.rglob("*.py"))})
    for path in paths:
        if path.name == "library.py":
            continue  # owned elsewhere; its codeless errors get FALLBACK_CODE (reported to the lead)
        for call in _calls(path):
            if _name(call.func) in ("error", "warning") and "diag" in ast.unparse(call.func).lower():
                if not any(k.arg == "code" for k in call.keywords) and len(call.args) < 4:
                    missing.append(f"{path.relative_to(REPO)}:{call.lineno}")
    assert missing == []


def test_a_diagnostic_added_without_a_code_gets_the_fallback_never_empty():
    diags = Diagnostics()
    diags.error(SourcePos("f", 1, 1), "x")
    diags.warning(SourcePos("f", 1, 1), "y", code="no-feedback")
    assert [d.code for d in diags.items] == [FALLBACK_CODE, "no-feedback"]


BROKEN = {
    "syntax": edit("rules: [do-stay-professional]", "rules: [do-stay-professional"),
    "tab": edit("  company: Sunrise", "\tcompany: Sunrise"),
    "control": edit("client: Hello?", "client: Hel\x1blo?"),
    "unknown-key": edit("title: Tiny call", "titel: Tiny call"),
    "alias": BASE + "x: *nothing\n",
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_every_diagnostic_of_a_broken_file_has_a_registered_code(case):
    items = load(BROKEN[case]).diagnostics.items
    assert items and all(d.code in CODES and d.code != FALLBACK_CODE for d in items), [(d.code, d.format())
                                                                                        for d in items]


def test_syntax_and_encoding_errors_have_their_code_in_validate_json(tmp_path):
    import subprocess
    import sys
    (tmp_path / "syntax.yaml").write_text(BROKEN["syntax"], encoding="utf-8")
    (tmp_path / "latin.yaml").write_bytes(BASE.replace("Maria", "Mar\u00eda").encode("latin-1"))
    (tmp_path / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "game", "validate", "--format", "json", "--rulebook",
                           str(REPO / "scenarios" / "rulebook.yaml"), str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO)
    report = json.loads(done.stdout)
    codes = {Path(d["file"]).name: d["code"] for d in report["diagnostics"]}
    assert codes == {"syntax.yaml": "syntax-unclosed-bracket", "latin.yaml": "encoding", "empty.yaml": "empty-file"}
    note = next(d["note"] for d in report["diagnostics"] if d["file"].endswith("syntax.yaml"))
    assert note == "the parser noticed it at line 24, column 17"
