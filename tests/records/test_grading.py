"""Grading a trainee's progress through a program from real stored calls, and the terminal showing it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from game.records.grading import (FAILED, LOCKED, OPEN, PASSED, program_for_call, progress_lines, scenario_marks,
                                  thresholds_for, trainee_progress)
from game.records.programs import load_program_set
from game.records.store import RecordStore
from game.ui.text.terminal import menu_order, run_terminal
from game.ui.text.terminal_io import Terminal
from game.engine.call import Call
from records_helpers import (PROGRAM_ID, SCENARIOS, ardojo, compiled, complete_program, failing, library, passing,
                             program, record_call, store_at)
from terminal_script import Script, careful_log, fix_seed, positions


@pytest.fixture
def store(tmp_path: Path) -> RecordStore:
    with store_at(tmp_path / "records.sqlite3") as s:
        yield s


def statuses(store: RecordStore, trainee: str = "Sam") -> list[str]:
    return [s.status for s in trainee_progress(store, program(), library().scenarios, trainee).steps]


def test_a_new_trainee_can_only_open_the_first_scenario(store: RecordStore) -> None:
    progress = trainee_progress(store, program(), library().scenarios, "Sam")
    assert [s.status for s in progress.steps] == [OPEN, LOCKED, LOCKED]
    assert progress.steps[1].waiting_for == ("sunrise-bakery",)
    assert not progress.complete and progress.passed == 0


def test_passing_unlocks_the_next_scenario(store: RecordStore) -> None:
    record_call(store, "Sam", "sunrise-bakery", failing("sunrise-bakery"))
    assert statuses(store) == [OPEN, LOCKED, LOCKED]
    record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"))
    progress = trainee_progress(store, program(), library().scenarios, "sam")  # names match in any case
    assert [s.status for s in progress.steps] == [PASSED, OPEN, LOCKED]
    first = progress.steps[0]
    assert first.attempts_used == 2 and first.attempts_left == 1
    assert first.best is not None and first.best.passed


def test_calls_beyond_the_attempts_allowed_do_not_count(store: RecordStore) -> None:
    for _ in range(3):
        record_call(store, "Sam", "sunrise-bakery", failing("sunrise-bakery"))
    assert statuses(store) == [FAILED, LOCKED, LOCKED]
    record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"))  # a fourth call: too late
    progress = trainee_progress(store, program(), library().scenarios, "Sam")
    assert [s.status for s in progress.steps] == [FAILED, LOCKED, LOCKED]
    assert progress.failed and progress.steps[0].attempts_used == 3
    assert program_for_call(progress, "sunrise-bakery")[0] is None


def test_practice_and_other_trainees_do_not_count(store: RecordStore) -> None:
    record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"), program_id=None)
    record_call(store, "Ana", "sunrise-bakery", passing("sunrise-bakery"))
    record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"), program_id="another-program")
    assert statuses(store, "Sam") == [OPEN, LOCKED, LOCKED]
    assert statuses(store, "Ana") == [PASSED, OPEN, LOCKED]


def test_a_call_started_before_its_scenario_unlocked_does_not_count(store: RecordStore) -> None:
    record_call(store, "Sam", "harbor-logistics", passing("harbor-logistics"))  # while still locked
    record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"))
    progress = trainee_progress(store, program(), library().scenarios, "Sam")
    assert [s.status for s in progress.steps] == [PASSED, OPEN, LOCKED]
    assert progress.steps[1].attempts_used == 0


def test_completing_the_program(store: RecordStore) -> None:
    complete_program(store, "Sam")
    progress = trainee_progress(store, program(), library().scenarios, "Sam")
    assert progress.complete and progress.passed == 3
    lines = progress_lines(progress)
    assert lines[0] == "Program: AR onboarding, week 1 — 3 of 3 passed — COMPLETE"
    assert "ardojo certificate --trainee \"Sam\" --program ar-onboarding-week-1" in lines[-1]


def test_program_thresholds_fall_back_to_the_scenario() -> None:
    step = program().step("crestview-dental")
    scenario = library().scenarios["crestview-dental"]
    assert thresholds_for(step, scenario)["overall"] == 65
    assert thresholds_for(step, scenario)["professionalism"] == 60
    bare = type(step)(step.scenario_id, (), 3, {}, step.pos)
    assert thresholds_for(bare, scenario) == dict(scenario.pass_thresholds)


def test_marks_and_what_a_new_call_counts_for(store: RecordStore) -> None:
    progress = trainee_progress(store, program(), library().scenarios, "Sam")
    marks = scenario_marks(progress)
    assert marks["sunrise-bakery"] == "[open: 0/3 attempts used]"
    assert marks["harbor-logistics"] == "[locked: pass sunrise-bakery first]"
    assert program_for_call(progress, "sunrise-bakery") == (
        PROGRAM_ID, "This call counts for AR onboarding, week 1 (attempt 1 of 3).")
    program_id, note = program_for_call(progress, "crestview-dental")
    assert program_id is None and "locked" in note and "practice" in note


def menu_number(scenario_id: str) -> str:
    """A scenario's number in the terminal's one scenario list (the program's calls first)."""
    return str([sc.id for sc in menu_order(library(), program())].index(scenario_id) + 1)


def test_terminal_shows_progress_marks_locked_and_records_the_program(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seed = fix_seed(monkeypatch)
    db = tmp_path / "records.sqlite3"
    path = passing("sunrise-bakery")
    replayed = Call.replay(compiled("sunrise-bakery"), path)
    with store_at(db) as store:
        out = io.StringIO()
        script = Script("Sam", menu_number("sunrise-bakery"), positions(compiled("sunrise-bakery"), path, seed),
                        careful_log(replayed.scenario, replayed.node))
        code = run_terminal(Terminal(out, script), library(), None, None, store, program())
        assert code == 0
        text = out.getvalue()
        assert text.index("Program: AR onboarding, week 1 — 0 of 3 passed") < text.index("Scenarios in AR onboarding, week 1 (these count):")
        assert "[locked: pass sunrise-bakery first]" in text
        assert "This call counts for AR onboarding, week 1 (attempt 1 of 3)." in text
        heads = [line for line in text.splitlines() if line.startswith("Program: ")]
        assert heads[-1] == "Program: AR onboarding, week 1 — 1 of 3 passed"
        (row,) = store.calls()
        assert row.program_id == PROGRAM_ID and row.status == "completed" and row.seed == seed
        assert row.passed and row.verdict["marks"]["source"] == f"program:{PROGRAM_ID}"

        out = io.StringIO()  # a locked scenario may be played, as practice
        crestview = library().scenarios["crestview-dental"]
        script = Script("Sam", menu_number("crestview-dental"), [1] * 40, None)
        run_terminal(Terminal(out, script), library(), None, None, store, program())
        assert "the call is practice and does not count" in out.getvalue()
        assert [r.program_id for r in store.calls()] == [PROGRAM_ID, None]
        practice = list(store.calls())[-1]
        assert practice.verdict["marks"]["source"] == "scenario" and crestview.id == practice.scenario_id


def test_play_cli_program_options(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    done = ardojo("play", "--text", "--db", db, "--name", "Ana", "--program", PROGRAM_ID, "sunrise-bakery",
                  stdin="\n" + "1\n" * 30)
    assert done.returncode == 0, done.stderr
    assert "Program: AR onboarding, week 1 — 0 of 3 passed" in done.stdout
    done = ardojo("play", "--text", "--db", db, "--program", "week-9", stdin="")
    assert done.returncode == 1
    known = ", ".join(load_program_set(SCENARIOS, library().scenarios).programs)
    assert PROGRAM_ID in known
    assert done.stderr.strip() == f"error: no program 'week-9'; known: {known}"
    done = ardojo("play", "--text", "--db", db, "--name", "Ana", "--practice", "sunrise-bakery",
                  stdin="\n" + "1\n" * 30)
    assert done.returncode == 0 and "Program:" not in done.stdout and "DEBRIEF" in done.stdout


def test_the_terminal_has_one_list_with_one_numbering(tmp_path: Path) -> None:
    """Typing 2 opens the program's second call: the program's calls are numbered first in the one list,
    the practice calls after them, and no other numbered list shares the prompt."""
    asked: list[str] = []

    def read(prompt: str) -> str:
        asked.append(prompt)
        if prompt.startswith("Your name"):
            return "Sam"
        if prompt.startswith("Pick a scenario"):
            return "2"
        raise EOFError

    with store_at(tmp_path / "records.sqlite3") as store:
        out = io.StringIO()
        with pytest.raises(EOFError):
            run_terminal(Terminal(out, read), library(), None, None, store, program())
    text = out.getvalue()
    numbered = [line.strip() for line in text.splitlines() if line.strip()[:1].isdigit() and ". " in line]
    numbers = [int(line.split(".", 1)[0]) for line in numbered]
    assert numbers == list(range(1, len(library().scenarios) + 1))  # one numbering, each scenario once
    second = library().scenarios[program().steps[1].scenario_id]
    assert numbered[1].startswith(f"2. {second.title}")
    assert f"ACCOUNT BRIEF — {second.title}" in text or "locked" in text.split("Pick a scenario")[-1]
