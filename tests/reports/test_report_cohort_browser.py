"""The cohort HTML report in headless Chromium: the standing table (unfinished, abandoned, stuck with its
reason, next suggested), the call logs and the best-reply shares render; the screenshot is kept in
test-artifacts/report-cohort-standing.png to look at."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from browser import CHROMIUM, colour_share, png_size, screenshot
from cohort_program_fixture import PROGRAM_ID, make_scenarios, play_cohort
from game.content.library import load_library
from game.records.store import RecordStore
from game.reports.gather import build_report
from game.reports.html import render_html
from report_helpers import ROOT

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
STUCK_ROW = (0xFF, 0xF1, 0xEC)  # tr.stuck's background


def test_standing_renders_in_chromium(tmp_path: Path, compiled) -> None:
    cohort = play_cohort(tmp_path / "records.sqlite3", make_scenarios(tmp_path / "scenarios"), compiled)
    with RecordStore.open(cohort.db, write=False) as store:
        report = build_report(store, load_library([cohort.scenarios]), program=PROGRAM_ID, default=True,
                              scenarios_dir=cohort.scenarios, with_calls=True, with_attempts=True,
                              now=_dt.datetime(2026, 3, 4, 12, tzinfo=_dt.timezone.utc))
    html = render_html(report)
    for text in ("Standing", "out of attempts on sunrise-bakery", "Call log", "Best reply chosen by 3 of 4",
                 f"Program: {PROGRAM_ID}", "default"):
        assert text in html, text
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    png = screenshot(page, ROOT / "test-artifacts" / "report-cohort-standing.png", width=1400, height=2600)
    assert png_size(png) == (1400, 2600)
    assert colour_share(png, STUCK_ROW, tolerance=4) > 0.001  # the stuck trainee's row is highlighted
