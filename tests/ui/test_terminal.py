"""End-to-end runs of the terminal mode and the CLI, as a user would run them (subprocesses)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], stdin: str = "", cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python main.py ARGS` like a user would, feeding `stdin`."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=timeout)


def first_choices(count: int) -> str:
    return "\n".join(["1"] * count) + "\n"


def test_play_text_reaches_a_debrief_citing_rules() -> None:
    script = "Sam\n1\n\n" + first_choices(30)
    done = run(["play", "--text"], script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "ACCOUNT BRIEF" in out
    assert "DEBRIEF" in out
    assert "Rules — followed:" in out or "Rules — broke:" in out
    assert "Rules this call touched:" in out and "Sources: [1] " in out and "Articles cited:" in out
    assert "Practise next:" in out
    assert "Traceback" not in done.stderr


def _library_ids() -> list[str]:
    """Every scenario id of the shipped library (it grows; each one must play in the terminal)."""
    from game.content.library import load_library

    return list(load_library([ROOT / "scenarios"]).scenarios)


@pytest.mark.parametrize("scenario_id", _library_ids())
def test_each_scenario_plays_to_a_debrief(scenario_id: str) -> None:
    done = run(["play", "--text", scenario_id, "--name", "Ana"], "\n" + first_choices(30))
    assert done.returncode == 0, done.stderr
    assert "DEBRIEF" in done.stdout
    for dim in ("Professionalism", "Empathy", "Clarity", "Commitment", "Overall"):
        assert dim in done.stdout


def test_last_replies_lead_to_a_failed_debrief() -> None:
    """In-process: always pick the last reply offered (the library puts a poor option last)."""
    import io
    import re

    from game.content.library import load_library
    from game.ui.text.terminal import Terminal, run_terminal

    def last_option(prompt: str) -> str:
        match = re.search(r"\(1-(\d+)", prompt)
        if match and "reply" in prompt:
            return match.group(1)
        if "Press Enter" in prompt:
            return ""
        raise EOFError  # the wrap-up: leave it unwritten

    out = io.StringIO()
    code = run_terminal(Terminal(out, last_option), load_library([ROOT / "scenarios"]), "sunrise-bakery", "Ana")
    assert code == 0
    assert "NOT PASSED" in out.getvalue()


def test_bad_replies_are_asked_again_and_brief_is_one_key_away() -> None:
    done = run(["play", "--text", "sunrise-bakery", "--name", "Ana"], "\nhello\n9\nb\n" + first_choices(30))
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Please type a number from 1 to") == 2
    assert done.stdout.count("ACCOUNT BRIEF") == 2
    after_brief = done.stdout.split("ACCOUNT BRIEF")[-1].split("Your reply")[0]
    assert "\n  1. " in after_brief and "\n  2. " in after_brief  # the options are shown again under the brief


def test_eof_mid_call_exits_cleanly() -> None:
    done = run(["play", "--text", "sunrise-bakery", "--name", "Ana"], "\n1\n")
    assert done.returncode == 1
    assert "Input ended" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_exits_cleanly() -> None:
    proc = subprocess.Popen([sys.executable, "main.py", "play", "--text", "sunrise-bakery", "--name", "Ana"],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    assert proc.stdout is not None
    seen = ""
    while "Press Enter to dial" not in seen and time.time() < deadline:
        seen += proc.stdout.read(1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "Interrupted" in err
    assert "Traceback" not in err


def test_unknown_scenario_is_one_line_and_exit_1() -> None:
    done = run(["play", "--text", "no-such-call", "--name", "Ana"])
    assert done.returncode == 1
    assert "no scenario 'no-such-call'" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_library_is_clean() -> None:
    done = run(["validate"])
    assert done.returncode == 0, done.stdout
    assert done.stdout.startswith("ok: ")
    assert "0 errors" in done.stdout


def test_validate_broken_file_lists_problems_with_positions(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    source = (ROOT / "scenarios" / "cash-strapped-sunrise-bakery.yaml").read_text()
    source = source.replace("difficulty: 1", "difficulty: hard", 1)
    broken.write_text(source)
    done = run(["validate", str(broken), "--rulebook", str(ROOT / "scenarios" / "rulebook.yaml")])
    assert done.returncode == 1
    line = next(n for n, text in enumerate(source.splitlines(), 1) if text.startswith("difficulty:"))
    assert f"broken.yaml:{line}:13: error: 'difficulty' in the scenario must be a whole number from 1 to 3, " \
           "got the text 'hard'" in done.stdout
    assert "FAILED" in done.stdout


def test_validate_json_format(tmp_path: Path) -> None:
    import json

    done = run(["validate", "--format", "json"])
    data = json.loads(done.stdout)
    assert data["errors"] == 0 and data["files"] >= 4


def test_validate_missing_path() -> None:
    done = run(["validate", "nope/none.yaml"])
    assert done.returncode == 1
    assert "nope/none.yaml:1:1: error: no such file or folder" in done.stdout


def test_version_and_help() -> None:
    assert run(["--version"]).stdout.startswith("ardojo ")
    for sub in ("play", "validate"):
        done = run([sub, "--help"])
        assert done.returncode == 0 and "usage: ardojo" in done.stdout


def test_play_runs_from_another_folder(tmp_path: Path) -> None:
    done = run(["play", "--text", "sunrise-bakery", "--name", "Ana"], "\n" + first_choices(30), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "DEBRIEF" in done.stdout


def _scripted(answers: list[str]):
    """An input function answering prompts in order; empty lines for 'Press Enter' prompts."""
    queue = list(answers)

    def read(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)
    return read


def _first_replies_call():
    """sunrise-bakery played by always taking the first reply (it ends in a payment plan)."""
    from game.content.library import load_library
    from game.engine.call import Call
    from game.engine.machine import compile_scenario

    scenario = load_library([ROOT / "scenarios"]).scenarios["sunrise-bakery"]
    call = Call(compile_scenario(scenario))
    while not call.ended:
        call.choose(0)
    return scenario, call


def _play_with_log(*log: str) -> str:
    """sunrise-bakery in file order (an author's preview), first reply every time, then `log` typed into
    the wrap-up."""
    import io

    from game.content.library import load_library
    from game.ui.text.terminal import Terminal, run_terminal

    replies = ["1"] * len(_first_replies_call()[1].steps)
    out = io.StringIO()
    code = run_terminal(Terminal(out, _scripted(["", *replies, *log])),
                        load_library([ROOT / "scenarios"]), "sunrise-bakery", "Ana", in_order=True)
    assert code == 0
    return out.getvalue()


def test_terminal_wrap_up_is_scored_against_the_call() -> None:
    from game.engine.wrapup import Disposition, expected_wrapup

    scenario, call = _first_replies_call()
    expected = expected_wrapup(scenario, call.node, scenario.account.call_date())
    assert expected.disposition is Disposition.PLAN
    number = str(list(Disposition).index(expected.disposition) + 1)
    assert len(expected.instalments) >= 2
    payments = [text for p in expected.instalments for text in (f"{p.amount:.2f}", p.date.isoformat())]
    right = _play_with_log(number, *payments, "", expected.follow_up.isoformat())
    assert "Call log: 100/100" in right
    assert "MISS" not in right and "WRONG" not in right
    wrong = _play_with_log("1", "100", expected.date.isoformat(), "")
    assert "Call log: 0/100" in wrong
    assert "WRONG disposition: wrote Promise to pay in full" in wrong
    assert "MISS follow-up: wrote nothing" in wrong
    assert "NOT PASSED" in wrong and "the call log contradicts the call" in wrong


def test_the_amount_hint_comes_from_the_account_on_screen() -> None:
    from game.content.library import load_library

    import io

    from game.ui.text.terminal import Terminal, run_terminal

    library = load_library([ROOT / "scenarios"])
    scenario = library.scenarios["sunrise-bakery"]
    prompts: list[str] = []
    answers = _scripted(["", *["1"] * len(_first_replies_call()[1].steps), "1", "lots", "100", "2026-11-27", ""])

    def read(prompt: str) -> str:
        prompts.append(prompt)
        return answers(prompt)

    out = io.StringIO()
    run_terminal(Terminal(out, read), library, "sunrise-bakery", "Ana", in_order=True)
    assert any(f"e.g. {scenario.account.total_due:,.2f}" in p for p in prompts if p.startswith("Amount"))
    assert "Type an amount such as 5,275.50" in out.getvalue()


def test_input_ending_in_the_wrap_up_still_records_the_call(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "r.sqlite3"
    # in file order, so the number of replies to the end of the call is known (a shuffled call's path varies)
    done = run(["play", "--text", "sunrise-bakery", "--name", "Ana", "--in-order", "--db", str(db)],
               "\n" + first_choices(len(_first_replies_call()[1].steps)))
    assert done.returncode == 0, done.stderr
    assert "recorded without one" in done.stdout and "DEBRIEF" in done.stdout
    rows = sqlite3.connect(db).execute("SELECT status, wrapup FROM calls").fetchall()
    assert rows == [("completed", None)]


def test_in_order_is_an_authors_preview_that_never_counts(tmp_path: Path) -> None:
    import sqlite3

    refused = run(["play", "--text", "sunrise-bakery", "--in-order", "--program", "ar-onboarding-week-1",
                   "--name", "Ana", "--db", str(tmp_path / "x.sqlite3")], "\n")
    assert refused.returncode == 1 and "programs always shuffle" in refused.stderr
    db = tmp_path / "r.sqlite3"
    done = run(["play", "--text", "sunrise-bakery", "--in-order", "--name", "Ana", "--db", str(db)],
               "\n" + first_choices(30))
    assert done.returncode == 0, done.stderr
    assert sqlite3.connect(db).execute("SELECT seed, program_id FROM calls").fetchall() == [(None, None)]


def test_a_played_call_stores_its_seed_and_shows_that_order(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "r.sqlite3"
    done = run(["play", "--text", "sunrise-bakery", "--name", "Ana", "--practice", "--db", str(db)],
               "\n" + first_choices(30))
    assert done.returncode == 0, done.stderr
    seed, verdict = sqlite3.connect(db).execute("SELECT seed, verdict FROM calls").fetchone()
    assert isinstance(seed, int) and verdict is not None
    from game.content.library import load_library
    from game.engine.call import shown_order

    scenario = load_library([ROOT / "scenarios"]).scenarios["sunrise-bakery"]
    start = scenario.nodes[scenario.start]
    first_shown = start.choices[shown_order(seed, start.id, len(start.choices))[0]].say
    assert f"1. {first_shown[:40]}" in " ".join(done.stdout.split())
