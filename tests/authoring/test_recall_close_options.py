"""Authors see recall's blind spots coming: `ardojo analyze --recall` lists the replies of a node too alike
to tell apart in the trainee's own words, at their file:line:col, and `validate --library` warns about them
(a warning, never an error)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from game.authoring.recall_rules import CODE, close_pairs, recall_warnings
from game.content.library import load_library
from game.content.diagnostics import Severity

ROOT = Path(__file__).resolve().parents[2]
LAB = ROOT / "tests" / "engine" / "fixtures" / "routing-lab.yaml"


def _twin(tmp_path: Path) -> Path:
    """The routing lab with its curt opener reworded to almost the polite one."""
    text = LAB.read_text(encoding="utf-8").replace('say: "Curt opener."', 'say: "Polite opener!"')
    path = tmp_path / "twin.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_near_twin_reply_is_found_at_its_position(tmp_path: Path) -> None:
    path = _twin(tmp_path)
    library = load_library([path])
    scenario = next(iter(library.scenarios.values()))
    pairs = close_pairs([scenario])
    assert [(p.first, p.second) for p in pairs] == [(1, 2)]
    assert pairs[0].pos.line == 31 and pairs[0].other_pos.line == 37 and pairs[0].similarity >= 0.85
    assert close_pairs(load_library([LAB]).scenarios.values()) == []  # distinct openers: nothing


def test_the_shipped_library_gets_warnings_never_errors() -> None:
    library = load_library([ROOT / "scenarios"])
    diags = recall_warnings(library.scenarios.values())
    assert diags.items and all(d.severity is Severity.WARNING and d.code == CODE for d in diags.items)
    assert all(d.pos.file.endswith(".yaml") and d.pos.line > 0 for d in diags.items)


def test_analyze_recall_on_the_command_line(tmp_path: Path) -> None:
    path = _twin(tmp_path)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "analyze", "--recall", str(path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "1 pair" in done.stdout and ":31:" in done.stdout and "choices 1 and 2" in done.stdout
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "analyze", "--recall", str(path), "--format",
                           "json"], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    data = json.loads(done.stdout)
    assert [(p["choices"], p["line"]) for p in data["pairs"]] == [([1, 2], 31)]
