"""The HTML report in a real browser: headless Chromium renders it, and the screenshot shows the
header band, the charts' colours and the tables. Screenshots are kept in test-artifacts/ to look at."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from browser import CHROMIUM, colour_share, png_size, screenshot
from report_helpers import PROGRAM, ROOT, Clock, play_call
from game.content.library import load_library
from game.records.store import RecordStore
from game.reports.gather import build_report
from game.reports.html import render_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)")
ARTIFACTS = ROOT / "test-artifacts"
NAVY, TEAL, CORAL = (0x1F, 0x2A, 0x44), (0x1B, 0x99, 0x8B), (0xE4, 0x57, 0x2E)


def skilled(rng: random.Random, skill: float):
    """A trainee who picks the best-scoring reply with probability `skill`, else any reply."""
    def policy(call) -> int:
        options = call.options
        if rng.random() < skill:
            return max(range(len(options)), key=lambda i: sum(options[i].score.values()))
        return rng.randrange(len(options))
    return policy


@pytest.fixture(scope="module")
def meeting_report(tmp_path_factory: pytest.TempPathFactory, compiled) -> Path:
    """A cohort of six over two weeks, each getting better at their own pace; the HTML written out."""
    rng = random.Random(42)
    db = tmp_path_factory.mktemp("browser") / "records.sqlite3"
    clock = Clock("2026-03-02T09:00:00")
    people = {"Amara Okafor": 0.35, "Ben Lindqvist": 0.1, "Chloé Martin": 0.5, "Dev Patel": 0.25,
              "Elena Rossi": 0.6, "Farid Haddad": 0.0}
    track = ["sunrise-bakery", "harbor-logistics", "crestview-dental"]  # the program's scenarios, in order
    with RecordStore.open(db, clock=clock) as store:
        for day in range(10):
            for name, talent in people.items():
                for _ in range(rng.randrange(0, 3)):
                    scenario = compiled[track[min(len(track) - 1, rng.randrange(0, 1 + day // 3))]]
                    play_call(store, scenario, name, skilled(rng, min(0.95, talent + day * 0.07)),
                              PROGRAM if rng.random() < 0.85 else None,
                              stop_after=3 if rng.random() < 0.05 else None)
            clock.next_day()
    library = load_library([ROOT / "scenarios"])
    with RecordStore.open(db, write=False) as store:
        report = build_report(store, library, program=PROGRAM, scenarios_dir=ROOT / "scenarios", with_attempts=True)
    html = tmp_path_factory.mktemp("html") / "report.html"
    html.write_text(render_html(report), encoding="utf-8")
    return html


def test_chromium_renders_the_report(meeting_report: Path) -> None:
    png = screenshot(meeting_report, ARTIFACTS / "report-top.png", 1400, 2000)
    assert png.exists() and png.stat().st_size > 50_000, "no screenshot, or a blank one"
    assert png_size(png) == (1400, 2000)
    assert colour_share(png, NAVY, (0, 0, 200, 60)) > 0.3, "the header band is missing"
    assert colour_share(png, TEAL, step=2) > 0.002, "no passing bars or dots drawn"
    assert colour_share(png, CORAL, step=2) > 0.001, "no failing bars or dots drawn"
    assert colour_share(png, (0xFF, 0xFF, 0xFF)) > 0.2, "the cards and tables are missing"


def test_the_whole_page_renders(meeting_report: Path) -> None:
    png = screenshot(meeting_report, ARTIFACTS / "report-full.png", 1400, 9000)
    assert png.exists() and png.stat().st_size > 150_000
    # far down the page the choice tables still draw their coloured share bars
    assert colour_share(png, TEAL, (0, 5000, 1400, 4000), step=2) > 0.0005
