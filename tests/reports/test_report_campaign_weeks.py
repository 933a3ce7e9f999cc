"""Campaign weeks in `ardojo report`: a weeks section per trainee (campaign, seed, days, cash, promises,
DSO before → after, the week's scores, completed or not) in the table, `--rows weeks` CSV, JSON and
HTML, with the same --trainee/--since/--until filters as calls and several --db merged; the weeks'
calls counted in the ordinary call sections, marked as played in a week. Real weeks in real files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from game.records import campaigns as records
from game.records.store import RecordStore
from game.reports.gather import build_report
from report_helpers import ROOT, Clock
from week_fixture import SCENARIOS, record_week


def ardojo(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "game", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, encoding="utf-8")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture(scope="module")
def weeks_db(tmp_path_factory):
    base = tmp_path_factory.mktemp("weeks")
    db = base / "records.sqlite3"
    record_week(db, "Ana Ruiz", 11, clock=Clock("2026-03-02T09:00:00"))          # a whole week
    record_week(db, "Ben Ode", 12, days=2, clock=Clock("2026-03-10T09:00:00"))   # two days, unfinished
    return db


def test_weeks_are_reported_with_their_stored_figures_and_their_calls_marked(weeks_db, library):
    with RecordStore.open(weeks_db, write=False) as store:
        stored = {w.trainee: w for w in records.weeks(store)}
        report = build_report(store, library, with_calls=True)
        calls = list(store.calls())
    ana, ben = report.weeks
    assert (ana.trainee, ana.completed, ana.seed, ben.trainee, ben.completed) == ("Ana Ruiz", True, 11, "Ben Ode",
                                                                                  False)
    full = stored["Ana Ruiz"].report
    assert ana.cash_collected == full["cash_collected"] and ana.dso_before == full["dso_before"]
    assert (ana.promises_kept, ana.promises_broken) == (full["promises_kept"], full["promises_broken"])
    assert ana.dimensions == full["dimensions"] and ana.score == full["score"] and ana.days == 5
    assert (ana.prioritisation, ana.follow_up, ana.documentation) == (
        full["prioritisation"], full["follow_up_discipline"], full["documentation"])
    assert ben.days == 2 and ben.calls == 4 and ben.cash_collected is None
    assert report.totals.completed == len(calls) == ana.calls + ben.calls  # the weeks' calls are calls
    assert all(c.campaign_week_id in (ana.week_id, ben.week_id) for c in report.calls)


def test_weeks_honour_the_trainee_and_date_filters(weeks_db, library):
    import datetime as dt

    with RecordStore.open(weeks_db, write=False) as store:
        only_ana = build_report(store, library, trainee="ana ruiz")
        later = build_report(store, library, since=dt.date(2026, 3, 9))
        none = build_report(store, library, until=dt.date(2026, 3, 1))
    assert [w.trainee for w in only_ana.weeks] == ["Ana Ruiz"]
    assert [w.trainee for w in later.weeks] == ["Ben Ode"]
    assert none.weeks == ()


def test_every_format_shows_the_weeks(weeks_db, tmp_path):
    common = ("report", "--db", str(weeks_db), "--scenarios", str(SCENARIOS), "--all-scenarios")
    table = ardojo(*common).stdout
    assert "CAMPAIGN WEEKS (2 weeks, 1 completed)" in table and "week · log:" in table
    assert "first-week" in table and "→" in table and "in progress" in table
    data = json.loads(ardojo(*common, "--format", "json").stdout)
    assert [w["trainee"] for w in data["weeks"]] == ["Ana Ruiz", "Ben Ode"]
    ana = data["weeks"][0]
    assert ana["completed"] is True and ana["dso_after"] <= ana["dso_before"] and set(ana["dimensions"]) == {
        "professionalism", "empathy", "clarity", "commitment"}
    assert all(c["campaign_week"] for c in data["calls"])
    rows = list(csv.DictReader(io.StringIO(ardojo(*common, "--rows", "weeks").stdout)))
    assert [r["trainee"] for r in rows] == ["Ana Ruiz", "Ben Ode"] and rows[0]["completed"] == "1"
    assert rows[0]["cash_collected"] == str(ana["cash_collected"]) and rows[1]["cash_collected"] == ""
    calls = list(csv.DictReader(io.StringIO(ardojo(*common, "--rows", "calls").stdout)))
    assert {r["campaign_week"] for r in calls} == {w["week_id"] for w in data["weeks"]}
    out = tmp_path / "report.html"
    ardojo(*common, "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "<h2>Campaign weeks</h2>" in html and "Ana Ruiz" in html and '<span class="pill">week</span>' in html


def test_weeks_of_several_files_are_merged(tmp_path):
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    record_week(a, "Cleo", 3, days=1, clock=Clock("2026-03-02T09:00:00"))
    record_week(b, "Dan", 4, days=1, clock=Clock("2026-03-03T09:00:00"))
    data = json.loads(ardojo("report", "--db", str(a), "--db", str(b), "--scenarios", str(SCENARIOS),
                             "--all-scenarios", "--format", "json").stdout)
    assert sorted(w["trainee"] for w in data["weeks"]) == ["Cleo", "Dan"]
    assert data["totals"]["completed"] == 4
