"""The campaign loader's cross-checks against the library: a scenario that owes nothing, a last contact
inside the week, a follow-up call with another client, two accounts that are one client, a slot a day for
every account, and an account with no follow-up call of its own (each at its line, with its code)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from campaign_helpers import FIRST_WEEK, library
from game.content.campaign_loader import load_campaign, looks_like_campaign
from game.content.diagnostic_codes import CODES

TEXT = FIRST_WEEK.read_text(encoding="utf-8")


def _load(tmp_path, text, scenarios=None):
    path = tmp_path / "week.yaml"
    path.write_text(text, encoding="utf-8")
    return load_campaign(path, scenarios if scenarios is not None else library().scenarios, "week.yaml")


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _codes(result):
    return [(d.severity.value, d.code, d.pos.line) for d in result.diagnostics.items if d.code != "campaign-no-follow-up"]


def test_a_scenario_that_owes_nothing_is_refused_where_it_is_named(tmp_path):
    scenarios = dict(library().scenarios)
    paid = scenarios["hollis-outfitters"]
    scenarios["hollis-outfitters"] = dataclasses.replace(paid, account=dataclasses.replace(paid.account, invoices=()))
    result = _load(tmp_path, TEXT, scenarios)
    assert result.campaign is None
    assert _codes(result) == [("error", "campaign-balance", _line(TEXT, "scenario: hollis-outfitters")),
                              ("error", "campaign-balance", _line(TEXT, "follow_up: hollis-outfitters"))]


def test_a_last_contact_inside_the_week_is_refused(tmp_path):
    text = TEXT.replace("    days_overdue: 120\n", "    days_overdue: 120\n    last_contact: 2026-11-23\n")
    result = _load(tmp_path, text)
    assert _codes(result) == [("error", "campaign-dates", _line(text, "last_contact: 2026-11-23"))]
    assert "not before the week starts on 2026-11-23" in result.diagnostics.errors[0].format()


def test_another_client_and_a_repeated_client_are_warnings(tmp_path):
    text = TEXT.replace("  - id: hollis\n    scenario: hollis-outfitters\n",
                        "  - id: hollis\n    scenario: hollis-outfitters\n    broken_promise: kessler-print\n")
    text = text.replace("  - id: bramble\n    scenario: bramble-finch\n", "  - id: bramble\n    scenario: sunrise-bakery\n")
    text = text.replace("follow_up: bramble-finch", "follow_up: sunrise-bakery")
    result = _load(tmp_path, text)
    assert result.campaign is not None  # warnings only
    assert sorted(_codes(result)) == sorted([("warning", "campaign-client", _line(text, "broken_promise: kessler")),
                                             ("warning", "campaign-client", _line(text, "  - id: bramble"))])


def test_a_slot_for_every_account_is_a_warning_and_every_code_is_registered(tmp_path):
    head, _, rest = TEXT.partition("accounts:\n")
    items = rest.split("  - id: ")[1:9]  # eight accounts, eight slots
    text = head.replace("slots: 2", "slots: 8") + "accounts:\n" + "".join("  - id: " + i for i in items)
    result = _load(tmp_path, text)
    assert _codes(result) == [("warning", "campaign-slots", _line(text, "slots: 8"))]
    assert all(d.code in CODES for d in result.diagnostics.items)


def test_the_no_follow_up_warning_points_at_an_account_without_one_and_a_named_replay_is_quiet(tmp_path):
    explicit = "    follow_up: hollis-outfitters   # no dedicated follow-up call yet: the next call replays the first\n"
    assert explicit in TEXT  # the shipped campaign names its replays on purpose, so it validates clean
    assert not [d for d in _load(tmp_path, TEXT).diagnostics.warnings if d.code == "campaign-no-follow-up"]
    text = TEXT.replace(explicit, "")
    warned = [d for d in _load(tmp_path, text).diagnostics.warnings if d.code == "campaign-no-follow-up"]
    assert [d.pos.line for d in warned] == [_line(text, "  - id: hollis")]
    assert "hollis-outfitters" in warned[0].message


def test_a_campaign_is_told_from_a_scenario_by_its_shape(tmp_path):
    scenario = next(iter(library().scenarios.values()))
    assert looks_like_campaign(FIRST_WEEK) and not looks_like_campaign(tmp_path / "none.yaml")
    assert not looks_like_campaign(Path(scenario.path))
