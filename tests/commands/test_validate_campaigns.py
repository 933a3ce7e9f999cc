"""`ardojo validate` looks in campaigns/: a scenarios folder brings its campaigns, a campaigns folder or a
file in one is a campaign, and so is a file of a campaign's shape anywhere. Every problem at once, each
as file:line:col with a registered code; `--strict` fails on the warnings, `--format json` lists them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from cli_helpers import ardojo
from game.content.diagnostic_codes import CODES

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
FIRST_WEEK = SCENARIOS / "campaigns" / "first-week.yaml"


def _library(tmp_path: Path, text: str) -> Path:
    """A copy of the shipped library with `text` as its one campaign."""
    folder = tmp_path / "lib"
    shutil.copytree(SCENARIOS, folder, ignore=shutil.ignore_patterns("campaigns"))
    (folder / "campaigns").mkdir()
    (folder / "campaigns" / "week.yaml").write_text(text, encoding="utf-8")
    return folder


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


BROKEN = (FIRST_WEEK.read_text(encoding="utf-8")
          .replace("scenario: harbor-logistics", "scenario: harbour-logistics")
          .replace("promise: {amount: 2864.50, day: 2, firm: false}", "promise: {amount: 2864.50, day: 7, firm: false}")
          .replace("    days_overdue: 130\n", "    days_overdue: 130\n    last_contact: 2026-11-25\n")
          .replace("  - id: hollis\n    scenario: hollis-outfitters\n",
                   "  - id: hollis\n    scenario: hollis-outfitters\n    follow_up: sunrise-bakery\n"))


def test_validate_a_scenarios_folder_checks_its_campaigns_with_every_problem_at_once(tmp_path):
    folder = _library(tmp_path, BROKEN)
    done = ardojo("validate", "--format", "json", str(folder), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    found = [d for d in json.loads(done.stdout)["diagnostics"] if d["file"].endswith("week.yaml")]
    got = {(d["code"], d["line"]) for d in found}
    assert ("missing-scenario", _line(BROKEN, "harbour-logistics")) in got
    assert ("range", _line(BROKEN, "day: 7")) in got  # the promise falls after the week's last day
    assert ("campaign-dates", _line(BROKEN, "last_contact: 2026-11-25")) in got
    assert ("campaign-client", _line(BROKEN, "follow_up: sunrise-bakery")) in got
    assert all(d["code"] in CODES and d["col"] >= 1 for d in found)


def test_an_account_without_a_follow_up_call_is_a_warning_and_strict_fails_on_it(tmp_path):
    text = FIRST_WEEK.read_text(encoding="utf-8")
    folder = _library(tmp_path, text)
    week = folder / "campaigns" / "week.yaml"
    plain = ardojo("validate", str(week), cwd=tmp_path)
    no_follow = [a for a in re.findall(r"^  - id: (\S+)\n((?:    .*\n)*)", text, flags=re.M)
                 if "follow_up:" not in a[1]]
    assert plain.returncode == 0 and "1 campaign valid" in plain.stdout
    warned = [line for line in plain.stdout.splitlines() if "has no follow_up scenario" in line]
    assert len(warned) == len(no_follow)
    for line in warned:
        assert re.match(r"^lib/campaigns/week\.yaml:\d+:5: warning: account '[a-z-]+' has no follow_up", line)
    if no_follow:
        strict = ardojo("validate", "--strict", str(week), cwd=tmp_path)
        assert strict.returncode == 1 and "FAILED" in strict.stdout
    report = json.loads(ardojo("validate", "--format", "json", str(folder / "campaigns"), cwd=tmp_path).stdout)
    assert {d["code"] for d in report["diagnostics"]} <= {"campaign-no-follow-up"}


def test_a_campaign_file_outside_campaigns_is_recognised_by_its_shape(tmp_path):
    other = tmp_path / "my-week.yaml"
    other.write_text(FIRST_WEEK.read_text(encoding="utf-8").replace("slots: 2", "slots: 9"), encoding="utf-8")
    done = ardojo("validate", "--scenarios", str(SCENARIOS), str(other), cwd=tmp_path)
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert errors == [f"my-week.yaml:{_line(other.read_text(), 'slots: 9')}:8: error: 'slots' in the campaign "
                      "must be from 1 to 8, got 9"]


def test_the_shipped_library_validates_with_its_campaign(tmp_path):
    done = ardojo("validate", str(SCENARIOS), cwd=tmp_path)
    assert done.returncode == 0 and " 0 errors" in done.stdout and "1 campaign valid" in done.stdout
