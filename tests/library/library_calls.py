"""The shipped library for the library tests, through the same code `ardojo validate --library` runs
(game/authoring/library_play.py): every scenario loaded and compiled once, every call a trainee can
really play, the model call, the worst call, and the verdict of a call with a correct call log.
"""

from __future__ import annotations

import functools
from pathlib import Path

from game.authoring.analysis import ScenarioAnalysis, analyze_scenario
from game.authoring.library_play import LibraryPlay, PlayedCall
from game.authoring.library_rules import Finding, RuleContext
from game.content.library import Library, load_library
from game.engine.call import Call
from game.engine.machine import CompiledScenario
from game.engine.verdict import Marks, Verdict
from game.engine.scoring import CallScore

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"

__all__ = ["ROOT", "rules", "no_findings", "Finding", "SCENARIOS", "PlayedCall", "library", "play", "scenario_ids", "compiled", "analysis",
           "playable_calls", "best_choices", "worst_call", "replay", "verdict", "call_verdict"]


@functools.lru_cache(maxsize=None)
def library() -> Library:
    """The real library in scenarios/, loaded once; load errors fail loudly."""
    lib = load_library([SCENARIOS])
    assert not lib.diagnostics.has_errors, "\n".join(d.format() for d in lib.diagnostics.errors)
    return lib


@functools.lru_cache(maxsize=None)
def play() -> LibraryPlay:
    """The playable calls of the real library (shared by every library test and rule)."""
    return LibraryPlay(library())


@functools.lru_cache(maxsize=None)
def rules() -> RuleContext:
    """The context the library rules run in for the real library (`ardojo validate --library`)."""
    return RuleContext(library(), SCENARIOS, play(), ROOT)


def scenario_ids() -> list[str]:
    """Every scenario id of the library, in its order (difficulty, archetype, id)."""
    return list(library().scenarios)


def compiled(scenario_id: str) -> CompiledScenario:
    return play().compiled(scenario_id)


@functools.lru_cache(maxsize=None)
def analysis(scenario_id: str) -> ScenarioAnalysis:
    """`ardojo analyze` for one scenario, in-process."""
    return analyze_scenario(library().scenarios[scenario_id])


def playable_calls(scenario_id: str) -> tuple[PlayedCall, ...]:
    return play().playable_calls(scenario_id)


def best_choices(scenario_id: str) -> tuple[int, ...]:
    return play().best_choices(scenario_id)


def worst_call(scenario_id: str) -> PlayedCall:
    return play().worst_call(scenario_id)


def replay(scenario_id: str, choices: tuple[int, ...]) -> Call:
    return play().replay(scenario_id, choices)


def verdict(scenario_id: str, score: CallScore, ending: str, marks: Marks | None = None) -> Verdict:
    return play().verdict(scenario_id, score, ending, marks)


def call_verdict(call: Call, marks: Marks | None = None) -> Verdict:
    return play().call_verdict(call, marks)


def no_findings(findings: list[Finding]) -> str:
    """An assertion message listing findings (`assert not findings, no_findings(findings)`)."""
    return "\n".join(f.format() for f in findings)
