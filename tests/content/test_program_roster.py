"""Program roster, organisation and limits: loaded from the program file into the content model, every
mistake reported at its file:line:col, and the JSON schema agreeing with the loader."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from game.content.json_schema import program_schema
from game.content.program_loader import load_program
from game.content.program_model import DEFAULT_ORGANISATION, Organisation, RosterMember

IDS = ("sunrise-bakery", "harbor-logistics")
HEAD = "format: 1\nid: cohort\ntitle: Cohort\nscenarios: [sunrise-bakery]\n"


def load(tmp_path: Path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return load_program(path, IDS, "p.yaml")


def errors(tmp_path: Path, text: str) -> list[str]:
    return [d.format() for d in load(tmp_path, text).diagnostics.items]


def test_roster_organisation_and_limits_are_read(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = load(tmp_path, HEAD + """stuck_after_days: 5
abandon_after_minutes: 30
organisation: {name: Acme Receivables, logo: logo.png, signatory: Dana Cruz, signatory_title: Head of AR}
roster:
  - {name: Ana Lima, email: ana@example.com, group: north}
  - name: "Bo  Chen"
    account: {name: bo.chen, home_page: "https://lms.example.com"}
  - name: María José
""")
    assert result.diagnostics.items == [] and result.program is not None
    prog = result.program
    assert (prog.stuck_after_days, prog.abandon_after_minutes) == (5, 30)
    assert prog.organisation == Organisation("Acme Receivables", "logo.png", "Dana Cruz", "Head of AR")
    assert [m.name for m in prog.roster] == ["Ana Lima", "Bo Chen", "María José"]
    ana, bo, maria = prog.roster
    assert (ana.email, ana.group, ana.account_name) == ("ana@example.com", "north", None)
    assert (bo.email, bo.account_name, bo.account_home_page) == (None, "bo.chen", "https://lms.example.com")
    assert isinstance(ana, RosterMember) and (ana.source.file, ana.source.line) == ("p.yaml", 9)
    # names are matched as the records store them: NFKC, white space, case
    assert prog.member("  ana   LIMA ") is ana and prog.member("MARI\u0301A JOSÉ") is maria
    assert prog.member("Ana") is None


def test_defaults_without_the_optional_keys(tmp_path: Path) -> None:
    prog = load(tmp_path, HEAD).program
    assert prog.roster == () and prog.member("Anyone") is None
    assert prog.stuck_after_days is None and prog.abandon_after_minutes is None
    assert prog.organisation == Organisation(DEFAULT_ORGANISATION) and prog.organisation.name == "AR Dojo"


@pytest.mark.parametrize("extra, expected", [
    ("roster:\n  - {name: Ana, email: ana@}\n", "p.yaml:6:24: error: 'ana@' is not an email address"),
    ("roster:\n  - {name: Ana, email: 'a b@example.com'}\n", "p.yaml:6:24: error: 'a b@example.com' is not an email"),
    ("roster:\n  - {name: Ana, account: {name: ana}}\n",
     "p.yaml:6:26: error: the account of roster entry 1 needs both 'name' and 'home_page'"),
    ("roster:\n  - {name: Ana, account: {name: ana, home_page: lms}}\n", "p.yaml:6:49: error: 'lms' is not a web address"),
    ("roster:\n  - name: Ana\n  - name: ' ANA '\n", "p.yaml:7:11: error: 'ANA' is on the roster twice (first at line 6)"),
    ("roster:\n  - {name: Ana, email: a@example.com}\n  - {name: Bo, email: A@example.com}\n",
     "p.yaml:7:12: error: 'Bo' has the same email or account as the trainee at line 6"),
    ("roster:\n  - {email: a@example.com}\n", "p.yaml:6:5: error: roster entry 1 has no 'name'"),
    ("roster:\n  - {name: Ana, grup: x}\n", "p.yaml:6:17: error: unknown key 'grup' in roster entry 1 (hint: did you mean 'group'?)"),
    ("roster: Ana\n", "p.yaml:5:9: error: 'roster' in the program must be a list"),
    ("stuck_after_days: 0\n", "p.yaml:5:19: error: 'stuck_after_days' in the program must be from 1 to 365"),
    ("abandon_after_minutes: ten\n", "p.yaml:5:24: error: 'abandon_after_minutes' in the program must be a whole"),
    ("organisation: {logo: x.png}\n", "p.yaml:5:1: error: the organisation is missing the required key 'name'"),
    ("organisation: {name: Acme, logo: missing.png}\n", "p.yaml:5:34: warning: no logo file 'missing.png' beside"),
])
def test_mistakes_are_reported_with_positions(tmp_path: Path, extra: str, expected: str) -> None:
    found = errors(tmp_path, HEAD + extra)
    assert any(line.startswith(expected) for line in found), found


def _data(text: str):
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


@pytest.mark.parametrize("extra, valid", [
    ("roster:\n  - {name: Ana, email: ana@example.com, account: {name: a, home_page: 'https://x.example'}, "
     "group: g}\norganisation: {name: Acme, signatory: D}\nstuck_after_days: 3\nabandon_after_minutes: 45\n", True),
    ("roster:\n  - {name: Ana, email: not-an-email}\n", False),
    ("roster:\n  - {name: Ana, account: {name: a}}\n", False),
    ("roster:\n  - {name: Ana, grup: x}\n", False),
    ("stuck_after_days: 0\n", False),
])
def test_the_schema_agrees_with_the_loader(tmp_path: Path, extra: str, valid: bool) -> None:
    loaded = load(tmp_path, HEAD + extra)
    schema_ok = not list(Draft202012Validator(program_schema()).iter_errors(_data(HEAD + extra)))
    assert (loaded.program is not None) == valid == schema_ok
