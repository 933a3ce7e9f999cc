"""`ardojo campaign` in real subprocesses: a whole week played on stdin in the terminal, stored in the
records file; `campaign analyze`; and the window mode without a display, all without tracebacks."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys

from campaign_helpers import FIRST_WEEK, REPO, SCENARIOS, ScriptedTrainee, campaign, library
from game.campaign.report import build_report
from game.campaign.week import Week
from game.ui.text.campaign_terminal import run_week
from game.ui.text.terminal_io import Terminal

ORDER = ["kessler", "marigold", "ashford", "harbor", "quarry", "lakeside", "delgado", "crestview", "fernwood"]


def _cli(*args: str, stdin: str = "", timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *args], input=stdin, capture_output=True, text=True,
                          cwd=REPO, timeout=timeout)


def test_a_whole_week_is_scriptable_on_stdin_and_stored(tmp_path):
    lib = library()
    week = Week(campaign(), lib.scenarios, 42, lib.rule_titles())
    trainee = ScriptedTrainee(week, ORDER)
    out = io.StringIO()
    expected = run_week(Terminal(out, trainee), week, lib.rulebook)
    script = "Sam\n" + "\n".join(trainee.lines) + "\n"
    db = tmp_path / "records.db"
    done = _cli("campaign", "--text", "--seed", "42", "--db", str(db), "--scenarios", str(SCENARIOS),
                str(FIRST_WEEK), stdin=script)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert "END OF WEEK REPORT" in done.stdout and "GOOD MORNING — day 5" in done.stdout
    assert f"DSO:                 {expected.dso_before:.1f} days before, {expected.dso_after:.1f} after" in done.stdout
    conn = sqlite3.connect(db)
    status, report = conn.execute("SELECT status, report FROM campaign_weeks").fetchone()
    assert status == "completed"
    assert json.loads(report) == json.loads(json.dumps(expected.to_dict()))
    assert conn.execute("SELECT COUNT(*) FROM campaign_calls").fetchone()[0] == expected.calls_made == 10


def test_input_ending_mid_week_stops_cleanly_and_the_week_resumes(tmp_path):
    lib = library()
    week = Week(campaign(), lib.scenarios, 42, lib.rule_titles())
    trainee = ScriptedTrainee(week, ORDER)
    run_week(Terminal(io.StringIO(), trainee), week, lib.rulebook)
    first_call = trainee.lines[:trainee.lines.index("marigold")]  # up to the second call's pick
    db = tmp_path / "records.db"
    args = ("campaign", "--text", "--seed", "42", "--db", str(db), "--scenarios", str(SCENARIOS), str(FIRST_WEEK))
    done = _cli(*args, stdin="Sam\n" + "\n".join(first_call) + "\n")
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Input ended" in done.stderr
    rest = trainee.lines[len(first_call):]
    done = _cli(*args, stdin="Sam\n\n" + "\n".join(rest) + "\n")  # "" = yes, resume
    assert done.returncode == 0, done.stderr[-2000:]
    assert "unfinished week" in done.stdout and "END OF WEEK REPORT" in done.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT status FROM campaign_weeks").fetchall() == [("completed",)]
    report = json.loads(conn.execute("SELECT report FROM campaign_weeks").fetchone()[0])
    assert report == json.loads(json.dumps(build_report(week).to_dict()))


def test_campaign_analyze_shows_the_policy_beating_every_strategy():
    done = _cli("campaign", "analyze", str(FIRST_WEEK), "--scenarios", str(SCENARIOS))
    assert done.returncode == 0, done.stderr
    assert "beats every fixed strategy" in done.stdout
    for name in ("largest balance", "oldest", "alphabetical", "random"):
        assert name in done.stdout


def test_without_a_display_the_window_mode_says_so_in_one_line():
    import os
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    done = subprocess.run([sys.executable, "main.py", "campaign", str(FIRST_WEEK), "--scenarios", str(SCENARIOS)],
                          capture_output=True, text=True, cwd=REPO, timeout=60, env=env)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "--text" in done.stderr
    assert "Traceback" not in done.stderr
