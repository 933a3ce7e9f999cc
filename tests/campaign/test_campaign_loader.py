"""Campaign files load like scenarios and programs: the shipped one is clean; every mistake is one
line with file:line:col and a registered code; the CLI refuses a broken file without a traceback."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from campaign_helpers import FIRST_WEEK, REPO, SCENARIOS, campaign, library
from game.content.campaign_loader import load_campaign
from game.content.campaign_model import MAX_ACCOUNTS, MIN_ACCOUNTS
from game.content.diagnostic_codes import CODES

TEXT = FIRST_WEEK.read_text(encoding="utf-8")


def _load(tmp_path, text):
    path = tmp_path / "week.yaml"
    path.write_text(text, encoding="utf-8")
    return load_campaign(path, library().scenarios, "week.yaml")


def test_the_shipped_campaign_is_clean_and_points_at_library_scenarios():
    c = campaign()
    assert MIN_ACCOUNTS <= len(c.accounts) <= MAX_ACCOUNTS
    assert all(a.scenario in library().scenarios for a in c.accounts)
    assert c.days == 5 and c.slots >= 1 and c.start.weekday() == 0
    assert any(a.red_flags for a in c.accounts) and any(a.promise for a in c.accounts)
    assert c.day_date(5).weekday() == 4 and c.day_date(6).weekday() == 0  # weekends skipped


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


CASES = {
    "scenario": (("scenario: harbor-logistics", "scenario: harbour-logistics"), "missing-scenario",
                 "harbour-logistics", "did you mean 'harbor-logistics'"),
    "weekend": (("start: 2026-11-23", "start: 2026-11-22"), "campaign-calendar", "start:", "Monday to Friday"),
    "key": (("    days_overdue: 130", "    days_overdue: 130\n    colour: red"), "unknown-key", "colour", ""),
    "promise": (("amount: 7315.60", "amount: 99999.00"), "range", "amount: 99999", "at most the balance"),
    "type": (("slots: 2", "slots: two"), "type", "slots: two", ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_one_positioned_line_with_a_registered_code(tmp_path, case):
    (old, new), code, needle, hint = CASES[case]
    assert TEXT.count(old) >= 1
    text = TEXT.replace(old, new, 1)
    result = _load(tmp_path, text)
    assert result.campaign is None
    errors = result.diagnostics.errors
    assert len(errors) == 1, [d.format() for d in errors]
    d = errors[0]
    assert d.code == code and code in CODES
    assert d.pos.file == "week.yaml" and d.pos.line == _line_of(text, needle)
    assert re.match(r"^week\.yaml:\d+:\d+: error: ", d.format()) and hint in d.format()


def test_too_few_accounts_is_refused_at_the_list(tmp_path):
    head, _, rest = TEXT.partition("accounts:\n")
    items = rest.split("  - id: ")[1:4]
    text = head + "accounts:\n" + "".join("  - id: " + i for i in items)
    result = _load(tmp_path, text)
    assert result.campaign is None
    assert [d.code for d in result.diagnostics.errors] == ["campaign-size"]
    assert result.diagnostics.errors[0].pos.line == _line_of(text, "  - id: ")


def test_a_duplicate_account_is_refused_where_it_is_repeated(tmp_path):
    text = TEXT.replace("  - id: bramble", "  - id: fernwood")
    result = _load(tmp_path, text)
    assert [d.code for d in result.diagnostics.errors] == ["duplicate-id"]
    assert result.diagnostics.errors[0].pos.line == _line_of(text, "scenario: bramble-finch") - 1


def test_hostile_yaml_is_refused_not_executed(tmp_path):
    result = _load(tmp_path, "!!python/object/apply:os.system ['echo hacked']\n")
    assert result.campaign is None and result.diagnostics.has_errors


def test_the_cli_refuses_a_broken_campaign_with_one_line_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEXT.replace("slots: 2", "slots: 0"), encoding="utf-8")
    done = subprocess.run([sys.executable, "main.py", "campaign", "--text", "--db", str(tmp_path / "r.db"),
                           "--scenarios", str(SCENARIOS), str(bad)], capture_output=True, text=True, cwd=REPO,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(r"bad\.yaml:\d+:\d+: error: 'slots' in the campaign must be from 1 to 8", done.stderr)
