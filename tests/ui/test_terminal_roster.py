"""Terminal sign-in with a program roster: the roster is listed, the trainee picks by number or name, and
a name not on it is refused with a clear line (asked again; with --name, the session ends)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.diagnostics import SourcePos
from game.content.program_model import Program, ProgramStep, RosterMember
from game.records.store import RecordStore
from game.ui.text.terminal import sign_in
from game.ui.text.terminal_io import Terminal

ROOT = Path(__file__).resolve().parents[2]
POS = SourcePos("p.yaml", 1, 1)
PROGRAM = Program("week", "Week one", "", (ProgramStep("sunrise-bakery", (), 3, {}, POS),), "p.yaml", POS,
                  roster=(RosterMember("Ana Lima", "ana@example.com", None, None, "north", POS),
                          RosterMember("Bo Chen", None, "bo", "https://lms.example.com", None, POS)))


def session(answers: list[str], program: Program | None, trainee: str | None = None, store=None):
    out = io.StringIO()
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        if not answers:
            raise EOFError
        return answers.pop(0)
    name = sign_in(Terminal(out, read), store, trainee, program)
    return name, out.getvalue(), asked


def test_the_roster_is_listed_and_a_number_or_name_picks(tmp_path: Path) -> None:
    name, out, asked = session(["2"], PROGRAM)
    assert name == "Bo Chen" and "Trainees of Week one:\n  1. Ana Lima  (north)\n  2. Bo Chen\n" in out
    assert asked == ["Your name (1-2, or type it): "]
    with RecordStore.open(tmp_path / "r.sqlite3") as store:
        name, _, _ = session(["  ana   LIMA"], PROGRAM, store=store)
        assert name == "Ana Lima" and store.trainees() == ["Ana Lima"]


@pytest.mark.parametrize("typed", ["Zed", "3", "0", "", "Ana"])
def test_a_name_not_on_the_roster_is_refused_and_asked_again(typed: str) -> None:
    name, out, asked = session([typed, "1"], PROGRAM)
    assert name == "Ana Lima" and len(asked) == 2
    assert "is not on the roster of Week one. Pick your name from the list, or ask your manager to add you." in out


def test_with_name_given_off_the_roster_the_session_ends() -> None:
    name, out, asked = session([], PROGRAM, trainee="Zed")
    assert name is None and asked == [] and "'Zed' is not on the roster of Week one." in out
    assert session([], PROGRAM, trainee="bo chen")[0] == "Bo Chen"


def test_without_a_roster_any_name_is_taken() -> None:
    program = dataclasses.replace(PROGRAM, roster=())
    name, out, asked = session(["Zed"], program)
    assert name == "Zed" and asked == ["Your name: "] and "roster" not in out
    assert session(["Zed"], None)[0] == "Zed"


def test_play_text_with_a_roster_program(tmp_path: Path) -> None:
    scenarios = tmp_path / "scenarios"
    (scenarios / "programs").mkdir(parents=True)
    for file in (ROOT / "scenarios").glob("*.yaml"):
        shutil.copy2(file, scenarios / file.name)
    (scenarios / "programs" / "p.yaml").write_text(
        "format: 1\nid: cohort\ntitle: Cohort\nroster:\n  - {name: Ana Lima, email: ana@example.com}\n"
        "scenarios: [sunrise-bakery]\n", encoding="utf-8")
    env_db = {"ARDOJO_DB": str(tmp_path / "r.sqlite3")}

    def play(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        import os
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "play", "--text", "--scenarios", str(scenarios),
                               *args], input=stdin, capture_output=True, text=True, timeout=60,
                              env={**os.environ, **env_db})
    refused = play("--name", "Zed")
    assert refused.returncode == 1 and "'Zed' is not on the roster of Cohort." in refused.stdout
    assert "Traceback" not in refused.stderr
    played = play(stdin="Mallory\n1\n1\n\n" + "1\n" * 12)
    assert "'Mallory' is not on the roster of Cohort." in played.stdout and "Welcome, Ana Lima." in played.stdout
    assert "-- The call has ended. --" in played.stdout and played.returncode == 0, played.stderr
