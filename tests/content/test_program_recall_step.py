"""A program step may require recall (`recall: true`): read by the loader, refused at its line:col when it
is not true/false, and allowed by the JSON schema exactly as the loader reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from game.content.json_schema import program_schema
from game.content.program_loader import load_program

IDS = ("sunrise-bakery", "harbor-logistics")
HEAD = "format: 1\nid: cohort\ntitle: Cohort\nscenarios:\n"


def load(tmp_path: Path, steps: str):
    path = tmp_path / "p.yaml"
    path.write_text(HEAD + steps, encoding="utf-8")
    return load_program(path, IDS, "p.yaml")


def test_recall_is_read_per_step(tmp_path: Path) -> None:
    result = load(tmp_path, "  - id: sunrise-bakery\n    recall: true\n  - harbor-logistics\n")
    assert result.diagnostics.items == [] and result.program is not None
    assert [s.recall for s in result.program.steps] == [True, False]
    result = load(tmp_path, "  - {id: sunrise-bakery, recall: false}\n")
    assert [s.recall for s in result.program.steps] == [False]


@pytest.mark.parametrize("value", ["yes please", "1", "[true]", "'true'"])
def test_recall_that_is_not_true_or_false_is_one_error_at_its_place(tmp_path: Path, value: str) -> None:
    result = load(tmp_path, f"  - id: sunrise-bakery\n    recall: {value}\n")
    errors = [d for d in result.diagnostics.items if d.severity == "error"]
    assert len(errors) == 1 and "'recall'" in errors[0].message and "true or false" in errors[0].message
    assert (errors[0].pos.line, errors[0].pos.col) == (6, 13)
    schema_ok = Draft202012Validator(program_schema()).is_valid(
        yaml.safe_load(HEAD + f"  - id: sunrise-bakery\n    recall: {value}\n"))
    assert not schema_ok


def test_the_schema_accepts_recall_true(tmp_path: Path) -> None:
    doc = yaml.safe_load(HEAD + "  - id: sunrise-bakery\n    recall: true\n")
    assert Draft202012Validator(program_schema()).is_valid(doc)
