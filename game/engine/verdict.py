"""The verdict: whether a call passes, decided once when it ends and stored with it.

A call passes only when it has no critical error, its call log exists, does not contradict what was
agreed and scores at or above the wrap-up mark, and its scores meet every mark in force (the program's
marks when the call is played in a program, else the scenario's own). Every view reads the stored
verdict; nothing recomputes pass/fail from its own idea of the marks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from game.content.model import DEFAULT_PASS, MARK_KEYS, Scenario, frozen_map
from game.engine.scoring import CallScore
from game.engine.wrapup import WrapUpReview

#: Which marks were in force.
SCENARIO_MARKS = "scenario"


@dataclass(frozen=True, slots=True)
class Marks:
    """The pass marks in force for one call, and where they came from (`scenario` or `program:<id>`)."""

    values: Mapping[str, int]
    source: str = SCENARIO_MARKS

    @classmethod
    def of_scenario(cls, scenario: Scenario) -> "Marks":
        return cls(frozen_map({k: scenario.pass_thresholds.get(k, DEFAULT_PASS[k]) for k in MARK_KEYS}))

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, **{k: self.values[k] for k in MARK_KEYS if k in self.values}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Marks":
        return cls(frozen_map({k: int(data[k]) for k in MARK_KEYS if k in data}), str(data.get("source", "")))


@dataclass(frozen=True, slots=True)
class Verdict:
    """Pass or fail, and every reason for a fail, critical errors first."""

    passed: bool
    reasons: tuple[str, ...]
    below: tuple[str, ...]
    critical: tuple[str, ...]  # rule ids of the critical errors, in call order
    wrapup_score: int | None
    marks: Marks

    @property
    def label(self) -> str:
        return "PASSED" if self.passed else "NOT PASSED"

    def to_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "reasons": list(self.reasons), "below": list(self.below),
                "critical": list(self.critical), "wrapup_score": self.wrapup_score, "marks": self.marks.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Verdict":
        return cls(bool(data["passed"]), tuple(data.get("reasons", ())), tuple(data.get("below", ())),
                   tuple(data.get("critical", ())), data.get("wrapup_score"), Marks.from_dict(data.get("marks", {})))


def decide(score: CallScore, wrapup: WrapUpReview | None, marks: Marks,
           rule_titles: Mapping[str, str] | None = None) -> Verdict:
    """The one verdict of a finished call."""
    titles = rule_titles or {}
    reasons: list[str] = []
    for error in score.critical:
        reasons.append(f"critical error at decision {error.number}: {titles.get(error.rule, error.rule)}")
    below = list(score.below(marks.values))
    if wrapup is None:
        reasons.append("no call log: the call was not documented")
        below.append("wrapup")
    else:
        for check in wrapup.contradictions:
            reasons.append(f"the call log contradicts the call: {check.item} says {check.written}, "
                           f"but {check.expected} was agreed")
        if wrapup.score < marks.values.get("wrapup", 0):
            reasons.append(f"call log {wrapup.score} is below the mark of {marks.values['wrapup']}")
        if wrapup.contradictions or wrapup.score < marks.values.get("wrapup", 0):
            below.append("wrapup")
    for key in below:
        if key != "wrapup":
            got = score.overall if key == "overall" else score.scores[key]
            reasons.append(f"{key} {got} is below the mark of {marks.values.get(key, 0)}")
    return Verdict(not reasons, tuple(reasons), tuple(below), tuple(e.rule for e in score.critical),
                   None if wrapup is None else wrapup.score, marks)
