"""Where each trainee stands in a defined program, by the program's own grading (`records.grading`:
attempts that count, unlock order, each call's stored verdict), fed from one lean query."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from game.content.model import Scenario
from game.records.store import CallRow, RecordStore
from game.reports.model import ProgramRow, StepStatus

if TYPE_CHECKING:
    from game.reports.gather import Filter

#: A word for where a trainee stands in a whole program.
COMPLETE, FAILED, IN_PROGRESS = "complete", "failed", "in progress"
DONE = "c.status = 'completed'"


def program_rows(store: RecordStore, flt: "Filter", program, scenarios: Mapping[str, Scenario],
                 trainees: list[str]) -> tuple[ProgramRow, ...]:
    """Each trainee's standing in `program` (trainees with no completed call in it start at the beginning)."""
    from game.records.grading import grade

    rows = store.query(
        "SELECT c.id, t.name, c.scenario_id, c.started_at, c.ended_at, c.professionalism, c.empathy, c.clarity, "
        f"c.commitment_score, c.overall, c.passed, c.verdict IS NOT NULL FROM calls c JOIN trainees t ON "
        f"t.id = c.trainee_id{flt.where(DONE, 'c.overall IS NOT NULL')}", tuple(flt.params))
    by_trainee: dict[str, list[CallRow]] = {}
    for cid, name, sid, started, ended, pro, emp, cla, com, overall, passed, decided in rows:
        scores = {"professionalism": pro, "empathy": emp, "clarity": cla, "commitment": com}
        flag = None if passed is None else bool(passed)
        # grading reads the stored verdict (`passed`); its JSON is not needed here, only whether there is one
        verdict = {"passed": flag} if decided else None
        by_trainee.setdefault(name, []).append(CallRow(
            cid, name, sid, "", "", program.id, started, ended, "completed", "", {}, None, None, scores, overall,
            flag, None, verdict=verdict))
    out = []
    for name in trainees:
        progress = grade(program, scenarios, name, by_trainee.get(name, ()))
        steps = tuple(StepStatus(s.step.scenario_id, s.status, s.attempts_used, s.step.attempts,
                                 s.best.overall if s.best is not None else None) for s in progress.steps)
        out.append(ProgramRow(name, overall_status(progress), progress.passed, steps))
    return tuple(out)


def overall_status(progress) -> str:
    """complete, failed (out of attempts somewhere) or in progress."""
    return COMPLETE if progress.complete else FAILED if progress.failed else IN_PROGRESS
