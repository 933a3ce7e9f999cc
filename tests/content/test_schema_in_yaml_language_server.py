"""The JSON Schemas as a trainer's editor shows them: the real yaml-language-server (the npm package
behind VS Code's YAML extension, pinned in yamlls_env.py and installed at set-up by `make yamlls`) runs
over stdio on broken files. Every pattern's mistake is reported with its readable message at the right
line, never as a raw regular expression; and where YAML 1.1 would change a value (`0042`, `yes`, a date
where text belongs) the editor and `ardojo validate` agree.

Skipped, with the reason, only when node/npm are missing or the package cannot be installed, or when
ARDOJO_SKIP_YAMLLS=1 says so."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import yamlls_env
from content_helpers import BASE, edit, load
from game.content import json_schema
from game.content.schema import schema_path
from game.content.schema_text import PATTERN_MESSAGES, TEXT_ERROR_MESSAGE
from yamlls_client import LspClient

OPERATORS = " ".join(sorted(json_schema.OPERATORS))
RAW_PATTERN = "does not match the pattern"

CALLBACK = edit("end: {commitment: full, days: 3}", 'end: {commitment: callback, days: 1, time: "14:30"}')
PROGRAM = """\
format: 1
id: week-one
title: Week one
scenarios:
  - id: sunrise-bakery
roster:
  - {name: Sam Lee, email: sam@example.com}
  - name: Kim Park
    account: {name: kim, home_page: "https://lms.example.com"}
"""

# name: (kind, broken text, 0-based line of the mistake, the pattern's name or None for TEXT_ERROR_MESSAGE)
BROKEN = {
    "kebab-id": ("scenario", edit("id: tiny-call", "id: Tiny_Call"), 1, "kebab"),
    "node-id": ("scenario", edit("  pays:\n", "  Pays_X:\n", edit("goto: pays", "goto: Pays_X")), 31, "kebab"),
    "blank-title": ("scenario", edit("title: Tiny call", 'title: " "'), 2, "nonblank"),
    "date": ("scenario", edit("due: 2026-08-31", "due: soon"), 12, "date"),
    "meter-name": ("scenario", edit("mood: {patience: 60, trust: 40}", "mood: {patience: 60, trust: 40, Calm: 5}"),
                   8, "meter"),
    "condition": ("scenario", edit("goto: hangs-up", 'goto: [{if: "patience => 20", to: pays}, {to: hangs-up}]'),
                  30, "condition"),
    "choice-id": ("scenario", edit("      - say: Pay up.", "      - id: Pay_Up\n        say: Pay up."), 25,
                  "choice-id"),
    "time": ("scenario", CALLBACK.replace('"14:30"', '"25:00"'), 33, "time"),
    "boolean-as-text": ("scenario", edit("title: Tiny call", "title: true"), 2, None),
    "email": ("program", PROGRAM.replace("sam@example.com", "sam-at-example"), 6, "email"),
    "url": ("program", PROGRAM.replace('"https://lms.example.com"', "lms.example.com"), 8, "url"),
}

#: Values YAML 1.1 would change, where text is expected: kept as written by the loader, and text to
#: the editor (YAML 1.2); `true` is refused by both.
WRITTEN_AS_TEXT = {"octal-looking": "0042", "yes": "yes", "off": "off", "date": "2026-01-01", "float": "1.50"}


@pytest.fixture(scope="module")
def server():
    if os.environ.get(yamlls_env.SKIP_ENV) == "1":
        pytest.skip(f"{yamlls_env.SKIP_ENV}=1")
    try:
        script = yamlls_env.ensure()
    except yamlls_env.YamlLsEnvError as exc:
        pytest.skip(f"yaml-language-server is not available: {exc}")
    schemas = {schema_path("scenario").as_uri(): "*.scenario.yaml", schema_path("program").as_uri(): "*.program.yaml"}
    client = LspClient(shutil.which("node") or "node", script, Path(__file__).parent,
                       {"schemas": schemas, "validate": True, "completion": False, "hover": False})
    yield client
    client.close()


def _uri(name: str, kind: str) -> str:
    return f"file:///ardojo-test/{name}.{kind}.yaml"


@pytest.fixture(scope="module")
def reports(server):
    """What the server reports for every document below, opened together (one settle wait for all)."""
    docs = {_uri(name, kind): text for name, (kind, text, _, _) in BROKEN.items()}
    docs[_uri("valid", "scenario")] = BASE
    docs[_uri("valid-callback", "scenario")] = CALLBACK
    docs[_uri("valid", "program")] = PROGRAM
    for name, written in WRITTEN_AS_TEXT.items():
        docs[_uri(f"text-{name}", "scenario")] = edit("number: INV-1", f"number: {written}",
                                                      edit("client: Hello?", f"client: {written}"))
    return server.diagnose(docs)


def test_valid_files_get_no_diagnostics(reports):
    assert reports[_uri("valid", "scenario")] == []
    assert reports[_uri("valid-callback", "scenario")] == []
    assert reports[_uri("valid", "program")] == []


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_pattern_mistake_gets_its_readable_message(reports, name):
    kind, _, line, pattern = BROKEN[name]
    found = reports[_uri(name, kind)]
    expected = TEXT_ERROR_MESSAGE if pattern is None else PATTERN_MESSAGES[pattern].format(operators=OPERATORS)
    assert [(d["range"]["start"]["line"], d["message"]) for d in found] == [(line, expected)]


def test_no_message_shows_a_raw_pattern(reports):
    shown = [d["message"] for found in reports.values() for d in found]
    assert shown and not [m for m in shown if RAW_PATTERN in m or "^" in m]


def test_every_pattern_of_every_schema_has_a_message_and_is_exercised():
    import json
    names = json_schema.patterns()
    used = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                used.add(names[node["pattern"]])
                assert node.get("patternErrorMessage"), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in ("scenario", "program", "rulebook"):
        walk(json.loads(schema_path(kind).read_text(encoding="utf-8")))
    assert used == set(PATTERN_MESSAGES)
    assert {pattern for _, _, _, pattern in BROKEN.values() if pattern} == used


@pytest.mark.parametrize("name", list(WRITTEN_AS_TEXT))
def test_editor_and_validator_agree_on_values_yaml_11_would_change(reports, name):
    written = WRITTEN_AS_TEXT[name]
    text = edit("number: INV-1", f"number: {written}", edit("client: Hello?", f"client: {written}"))
    scenario = load(text).scenario
    assert scenario is not None and scenario.account.invoices[0].number == written
    assert scenario.nodes["greeting"].client == written
    assert reports[_uri(f"text-{name}", "scenario")] == []
