"""`ardojo validate` as CI of a scenario repository uses it: the JSON output documented in
docs/authoring.md, errors vs warnings, `--strict`, and the schema-line warning."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_helpers import RULEBOOK, ROOT, ardojo
from game.content.lint import schema_line

SCHEMA_REF = "game/content/schema/scenario.schema.json"


def starter(tmp_path: Path, name: str = "call", archetype: str = "evasive") -> Path:
    done = ardojo("new", "--archetype", archetype, name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return tmp_path / f"{name}.yaml"


def test_json_output_has_the_documented_shape(tmp_path: Path) -> None:
    path = starter(tmp_path)
    text = path.read_text(encoding="utf-8").replace("difficulty: 1 ", "difficulty: 5 ")
    path.write_text(text, encoding="utf-8")
    done = ardojo("validate", "--format", "json", "call.yaml", cwd=tmp_path)
    assert done.returncode == 1 and done.stderr == ""
    report = json.loads(done.stdout)
    assert list(report) == ["files", "errors", "warnings", "diagnostics"]
    assert (report["files"], report["errors"], report["warnings"]) == (2, 1, 0)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("difficulty:"))
    assert report["diagnostics"] == [{
        "file": "call.yaml", "line": line, "col": 13, "severity": "error", "code": "range",
        "message": "'difficulty' in the scenario must be from 1 to 3, got 5", "hint": "", "note": ""}]


def test_warnings_pass_unless_strict_in_text_and_json(tmp_path: Path) -> None:
    path = starter(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")  # drop the schema line
    expected = (f"call.yaml:1:1: warning: the file does not start with a schema line (hint: make "
                f"`{schema_line(path)}` its first line, so editors check it as you type (docs/authoring.md))")
    done = ardojo("validate", "call.yaml", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines() == [expected, "ok: 2 files checked, 1 scenario valid, 0 errors, 1 warning"]
    done = ardojo("validate", "--strict", "call.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [expected, "FAILED: 2 files checked, 1 scenario valid, 0 errors, 1 warning"]
    done = ardojo("validate", "--strict", "--format", "json", "call.yaml", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 1 and (report["errors"], report["warnings"]) == (0, 1)
    assert report["diagnostics"][0]["code"] == "schema-line" and report["diagnostics"][0]["severity"] == "warning"


def test_lint_warnings_through_the_cli(tmp_path: Path) -> None:
    path = starter(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace('{if: "patience > 25", to: offer}', '{if: "patience > 35", to: offer}')
    path.write_text(text, encoding="utf-8")
    done = ardojo("validate", "--strict", "call.yaml", cwd=tmp_path)
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "patience > 35" in t)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        # --strict: the exact check over the (node, meters) states replaces the per-meter warning
        f"call.yaml:{line}:18: error: route 1 of choice 2 of node 'situation' (to 'offer') is taken by no call: "
        "'patience > 35' never holds after this reply in any call (patience 20..30 after this reply) (hint: "
        "change the condition or the mood changes before it, or remove the route)",
        "FAILED: 2 files checked, 1 scenario valid, 1 error, 0 warnings"]
    done = ardojo("validate", "call.yaml", cwd=tmp_path)
    assert done.returncode == 0 and "warning: route 1 of choice 2 of node 'situation' can never be taken" in done.stdout


def test_the_real_library_has_schema_lines(tmp_path: Path) -> None:
    done = ardojo("validate", "--format", "json")
    report = json.loads(done.stdout)
    assert [d for d in report["diagnostics"] if d["code"] == "schema-line"] == []


def test_schema_line_pointing_elsewhere(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    shutil.copy(RULEBOOK, folder / "rulebook.yaml")
    path = starter(folder)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = "# yaml-language-server: $schema=../schema/scenario.schema.json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = ardojo("validate", "call.yaml", cwd=folder)
    assert done.stdout.splitlines()[0] == (
        "call.yaml:1:33: warning: the schema line points at '../schema/scenario.schema.json', which is not the "
        f"scenario schema from here (hint: make the first line `{schema_line(path)}`)")
    assert (ROOT / SCHEMA_REF).is_file()
