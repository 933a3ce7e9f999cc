"""The rules the week teaches: each is in the rulebook, cited honestly (its sections are headings of
the articles it names, as the seed README lists them), and taught twice (cited by at least two of a
week's graded checks, which a real week reports)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from campaign_helpers import campaign, library
from game.campaign.policy import CAMPAIGN_RULES
from game.campaign.report import build_report
from game.campaign.week import Week

SEEDS = Path("/work/shared/seeds")


def _week_report():
    week = Week(campaign(), library().scenarios, 3)
    while not week.finished:
        week.end_day()
    return build_report(week)


def test_every_campaign_rule_is_in_the_rulebook_and_cited_by_two_week_checks():
    rulebook = library().rulebook
    cited = Counter(r for check in _week_report().checks for r in set(check.rules))
    for rule_id in CAMPAIGN_RULES:
        assert rule_id in rulebook, rule_id
        assert cited[rule_id] >= 2, (rule_id, cited[rule_id])
        assert len(rulebook.get(rule_id).sources) >= 2


@pytest.mark.skipif(not (SEEDS / "README.md").is_file(), reason="the source articles are not on this machine")
def test_every_campaign_rule_cites_real_section_headings():
    titles = dict((t.strip(), f.strip()) for f, t in
                  re.findall(r"^\| (\d{3}_[0-9a-f]+\.txt) \| (.+?) \|$", (SEEDS / "README.md").read_text(), re.M))
    norm = lambda s: re.sub(r"^\d+\.\s*", "", s.strip()).replace("\u2019", "'")  # noqa: E731
    for rule_id in CAMPAIGN_RULES:
        for source in library().rulebook.get(rule_id).sources:
            text = (SEEDS / titles[source.article]).read_text(encoding="utf-8")
            headings = {norm(line) for line in text.splitlines() if line.strip()}
            assert norm(source.section) in headings, (rule_id, source)
