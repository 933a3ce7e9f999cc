"""Grading: a trainee's progress through a program, from their stored calls.

Per scenario of the program: locked (a required scenario is not passed yet), open, passed, or failed
(out of attempts). Only completed calls recorded for the program count, oldest first, up to the
attempts allowed; a call started before its scenario was unlocked does not count either. Whether a
call passed is its stored verdict, decided when it ended with the marks in force (`marks_for`: the
program's thresholds, the scenario's own `pass` for any the program leaves out). Calls stored before
verdicts were recorded are judged by those marks here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

from game.content.model import DEFAULT_PASS, DIMENSIONS, MARK_KEYS, Scenario, frozen_map
from game.engine.verdict import Marks
from game.content.program_model import Program, ProgramStep
from game.records.store import CallRow, RecordStore

LOCKED, OPEN, PASSED, FAILED = "locked", "open", "passed", "failed"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One completed call that counts for a program step."""

    call_id: str
    started_at: str
    ended_at: str
    scores: Mapping[str, int]
    overall: int
    passed: bool


@dataclass(frozen=True, slots=True)
class StepProgress:
    """Where a trainee stands on one scenario of a program."""

    step: ProgramStep
    title: str
    status: str
    attempts: tuple[Attempt, ...]
    waiting_for: tuple[str, ...]

    @property
    def attempts_used(self) -> int:
        return len(self.attempts)

    @property
    def attempts_left(self) -> int:
        return max(0, self.step.attempts - len(self.attempts))

    @property
    def best(self) -> Attempt | None:
        """The best counted attempt: passed before not passed, then the highest overall, then the earliest."""
        best = None
        for attempt in self.attempts:
            if best is None or (attempt.passed, attempt.overall) > (best.passed, best.overall):
                best = attempt
        return best

    @property
    def counts(self) -> bool:
        """True when a call on this scenario now would count for the program."""
        return self.status in (OPEN, PASSED) and self.attempts_left > 0


@dataclass(frozen=True, slots=True)
class Progress:
    """A trainee's progress through a program."""

    program: Program
    trainee: str
    steps: tuple[StepProgress, ...]

    @property
    def passed(self) -> int:
        return sum(s.status == PASSED for s in self.steps)

    @property
    def complete(self) -> bool:
        return all(s.status == PASSED for s in self.steps)

    @property
    def failed(self) -> bool:
        """True when a scenario is out of attempts without a pass, so the program cannot be completed."""
        return any(s.status == FAILED for s in self.steps)

    def step(self, scenario_id: str) -> StepProgress | None:
        return next((s for s in self.steps if s.step.scenario_id == scenario_id), None)


def thresholds_for(step: ProgramStep, scenario: Scenario | None) -> dict[str, int]:
    """The thresholds a call must meet for a step: the program's, else the scenario's own."""
    own = dict(scenario.pass_thresholds) if scenario is not None else {}
    return {key: step.thresholds.get(key, own.get(key, DEFAULT_PASS.get(key, 0))) for key in MARK_KEYS}


def marks_for(program: Program | None, scenario: Scenario) -> Marks:
    """The marks in force for a call on `scenario`: its program step's when it counts for `program`,
    else the scenario's own."""
    step = program.step(scenario.id) if program is not None else None
    if step is None:
        return Marks.of_scenario(scenario)
    return Marks(frozen_map(thresholds_for(step, scenario)), f"program:{program.id}")


def attempt_passed(row: CallRow, thresholds: Mapping[str, int]) -> bool:
    """A completed call's pass/fail: its stored verdict; for a call stored before verdicts, its scores
    against `thresholds`."""
    if row.verdict is not None:
        return bool(row.passed)
    return meets(row.scores or {}, row.overall or 0, thresholds)


def meets(scores: Mapping[str, int], overall: int, thresholds: Mapping[str, int]) -> bool:
    """True when every dimension and the overall score reach their thresholds."""
    return overall >= thresholds.get("overall", 0) and all(scores.get(d, 0) >= thresholds.get(d, 0)
                                                           for d in DIMENSIONS)


def grade(program: Program, scenarios: Mapping[str, Scenario], trainee: str, calls: Iterable[CallRow]) -> Progress:
    """Grade a trainee's completed calls (any order; others are ignored) against a program."""
    by_scenario: dict[str, list[CallRow]] = {}
    for row in calls:
        if row.status == "completed" and row.program_id == program.id and row.scores is not None:
            by_scenario.setdefault(row.scenario_id, []).append(row)
    for rows in by_scenario.values():
        rows.sort(key=lambda r: (r.started_at, r.id))
    done: dict[str, StepProgress] = {}

    def unlocked_at(step: ProgramStep) -> tuple[str, tuple[str, ...]]:
        """When the step's requirements were all passed ('' when it has none), and those still missing."""
        times, missing = [""], []
        for req in step.requires:
            progress = visit(program.step(req))
            if progress.status == PASSED:
                times.append(first_pass(progress).ended_at)
            else:
                missing.append(req)
        return max(times), tuple(missing)

    def visit(step: ProgramStep) -> StepProgress:
        if step.scenario_id in done:
            return done[step.scenario_id]
        scenario = scenarios.get(step.scenario_id)
        title = scenario.title if scenario is not None else step.scenario_id
        since, missing = unlocked_at(step)
        thresholds = thresholds_for(step, scenario)
        attempts = tuple(Attempt(r.id, r.started_at, r.ended_at or "", dict(r.scores), r.overall or 0,
                                 attempt_passed(r, thresholds))
                         for r in by_scenario.get(step.scenario_id, ()) if r.started_at >= since)[:step.attempts]
        if missing:
            status, attempts = LOCKED, ()
        elif any(a.passed for a in attempts):
            status = PASSED
        elif len(attempts) >= step.attempts:
            status = FAILED
        else:
            status = OPEN
        done[step.scenario_id] = result = StepProgress(step, title, status, attempts, missing)
        return result

    return Progress(program, trainee, tuple(visit(step) for step in program.steps))


def first_pass(progress: StepProgress) -> Attempt:
    """The earliest passing attempt of a passed step."""
    return next(a for a in progress.attempts if a.passed)


def trainee_progress(store: RecordStore, program: Program, scenarios: Mapping[str, Scenario],
                     trainee: str) -> Progress:
    """A trainee's progress through a program, from the store."""
    trainee = " ".join(trainee.split())
    rows = list(store.calls(trainee=trainee, status="completed", program_id=program.id))
    name = rows[0].trainee if rows else trainee
    return grade(program, scenarios, name, rows)


def progress_lines(progress: Progress, numbered: bool = True) -> list[str]:
    """The progress as plain text lines, one per scenario, for the terminal and the CLI (`numbered`:
    "1." before each step; otherwise "-", where a numbered list of its own would read as a menu)."""
    program = progress.program
    head = f"Program: {program.title} — {progress.passed} of {len(progress.steps)} passed"
    if progress.complete:
        head += " — COMPLETE"
    elif progress.failed:
        head += " — out of attempts on a scenario; ask your trainer"
    lines = [head]
    width = max(len(s.title) for s in progress.steps)
    for number, s in enumerate(progress.steps, 1):
        mark = f"{number}." if numbered else "-"
        best = s.best
        score = f"best {best.overall:3d}" if best is not None else "        "
        tries = f"{s.attempts_used}/{s.step.attempts} attempts"
        status = {LOCKED: f"locked (pass {', '.join(s.waiting_for)} first)", OPEN: "open",
                  PASSED: "passed", FAILED: "failed (out of attempts)"}[s.status]
        if s.status == LOCKED:
            lines.append(f"  {mark} {s.title:<{width}}  {status}")
        else:
            lines.append(f"  {mark} {s.title:<{width}}  {status:<8} {score}  {tries}")
    if progress.complete:
        lines.append(f"  Well done! Print your certificate: ardojo certificate --trainee \"{progress.trainee}\" "
                     f"--program {program.id}")
    return lines


def scenario_marks(progress: Progress) -> dict[str, str]:
    """A short mark per program scenario for a scenario list, e.g. `[locked: pass sunrise-bakery first]`."""
    marks = {}
    for s in progress.steps:
        best = s.best
        marks[s.step.scenario_id] = {
            LOCKED: f"[locked: pass {', '.join(s.waiting_for)} first]",
            OPEN: f"[open: {s.attempts_used}/{s.step.attempts} attempts used]",
            PASSED: f"[passed, best {best.overall if best else 0}]",
            FAILED: "[out of attempts]",
        }[s.status]
    return marks


def program_for_call(progress: Progress, scenario_id: str) -> tuple[str | None, str]:
    """The program id to record a new call on `scenario_id` with (None = practice), and a line saying so."""
    s = progress.step(scenario_id)
    title = progress.program.title
    if s is None:
        return None, f"This scenario is not part of {title}: the call is practice."
    if s.status == LOCKED:
        return None, f"This scenario is locked in {title} until you pass {', '.join(s.waiting_for)}: " \
                     "the call is practice and does not count."
    if not s.counts:
        return None, f"You have used all {s.step.attempts} attempts on this scenario in {title}: the call is " \
                     "practice and does not count."
    return progress.program.id, f"This call counts for {title} (attempt {s.attempts_used + 1} of {s.step.attempts})."
