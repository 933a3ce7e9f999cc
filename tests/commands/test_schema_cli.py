"""`ardojo schema`: where the schemas are, the line for a file, --print, --check and --write."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import ROOT, ardojo
from game.content import json_schema
from game.content.schema import SCHEMA_FILES, schema_path


def test_schema_prints_the_path_of_each_schema() -> None:
    for kind in SCHEMA_FILES:
        done = ardojo("schema", kind)
        assert done.returncode == 0 and done.stdout == f"{schema_path(kind)}\n"
    assert ardojo("schema").stdout == f"{schema_path('scenario')}\n"


def test_schema_print_is_the_checked_in_file() -> None:
    done = ardojo("schema", "program", "--print")
    assert done.returncode == 0 and done.stdout == schema_path("program").read_text(encoding="utf-8")


def test_schema_line_for_a_file(tmp_path: Path) -> None:
    assert ardojo("schema", "--line", "scenarios/new-call.yaml").stdout == \
        "# yaml-language-server: $schema=../game/content/schema/scenario.schema.json\n"
    assert ardojo("schema", "--line", "deep/er/call.yaml", cwd=ROOT).stdout == \
        "# yaml-language-server: $schema=../../game/content/schema/scenario.schema.json\n"


def test_schema_check_passes_on_the_checked_in_files() -> None:
    done = ardojo("schema", "--check")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok: 3 schemas up to date\n"


def test_write_and_check_on_a_stale_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_schema, "SCHEMA_DIR", tmp_path)
    monkeypatch.setattr(json_schema, "schema_path", lambda kind="scenario": tmp_path / SCHEMA_FILES[kind])
    (tmp_path / SCHEMA_FILES["rulebook"]).write_text("{}", encoding="utf-8")
    assert json_schema.stale_files() == [tmp_path / name for name in SCHEMA_FILES.values()]
    assert json_schema.write_all() == [tmp_path / name for name in SCHEMA_FILES.values()]
    assert json_schema.stale_files() == [] and json_schema.write_all() == []
    assert (tmp_path / "rulebook.schema.json").read_text(encoding="utf-8") == json_schema.render("rulebook")


def test_unknown_kind_is_a_usage_error() -> None:
    done = ardojo("schema", "invoice")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "invalid choice: 'invoice'" in done.stderr
