"""The `# yaml-language-server: $schema=...` line `ardojo validate` wants at the top of a scenario file."""

from __future__ import annotations

from pathlib import Path

from content_helpers import BASE, SCENARIOS
from game.content.lint import SCHEMA_PREFIX, schema_line, schema_line_warnings
from game.content.schema import schema_path

HINT_TAIL = "its first line, so editors check it as you type (docs/authoring.md))"


def warnings(path: Path, text: str | bytes) -> list[str]:
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return [d.format() for d in schema_line_warnings(path, path.name)]


def test_line_is_relative_to_the_file():
    assert schema_line(SCENARIOS / "x.yaml") == SCHEMA_PREFIX + "../game/content/schema/scenario.schema.json"
    assert schema_line(SCENARIOS / "programs" / "x.yaml") == \
        SCHEMA_PREFIX + "../../game/content/schema/scenario.schema.json"


def test_missing_line(tmp_path):
    path = tmp_path / "s.yaml"
    assert warnings(path, BASE) == [
        "s.yaml:1:1: warning: the file does not start with a schema line "
        f"(hint: make `{schema_line(path)}` {HINT_TAIL}"]


def test_line_that_is_not_first(tmp_path):
    path = tmp_path / "s.yaml"
    assert len(warnings(path, "# my scenario\n" + schema_line(path) + "\n" + BASE)) == 1


def test_good_line_with_bom_and_crlf(tmp_path):
    path = tmp_path / "s.yaml"
    assert warnings(path, schema_line(path) + "\n" + BASE) == []
    assert warnings(path, b"\xef\xbb\xbf" + (schema_line(path) + "\r\n" + BASE).encode()) == []


def test_absolute_path_file_uri_and_url(tmp_path):
    path = tmp_path / "s.yaml"
    assert warnings(path, f"{SCHEMA_PREFIX}{schema_path('scenario')}\n{BASE}") == []
    assert warnings(path, f"{SCHEMA_PREFIX}{schema_path('scenario').as_uri()}\n{BASE}") == []
    assert warnings(path, f"{SCHEMA_PREFIX}https://example.org/ardojo/scenario.schema.json\n{BASE}") == []


def test_line_pointing_at_the_wrong_schema(tmp_path):
    path = tmp_path / "s.yaml"
    for ref in (str(schema_path("program")), "../nowhere/scenario.schema.json", "https://example.org/other.json"):
        assert warnings(path, f"{SCHEMA_PREFIX}{ref}\n{BASE}") == [
            f"s.yaml:1:33: warning: the schema line points at '{ref}', which is not the scenario schema from here "
            f"(hint: make the first line `{schema_line(path)}`)"]
