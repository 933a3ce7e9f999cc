"""The shipped library for the library tests: every scenario loaded and compiled once, every call a
trainee can really play (a depth-first walk with the engine's own routing rule), the best call from
`game.authoring.analysis` and the worst call from the walk.

The scenarios are small (a few thousand playable calls at most), so the walk enumerates them all;
`Call.replay` then plays the chosen calls through the real engine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from game.authoring.analysis import ScenarioAnalysis, analyze_scenario
from game.content.library import Library, load_library
from game.content.model import DIMENSIONS, Scenario
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario, predict_target
from game.engine.scoring import CallScore, score_call

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"


@dataclass(frozen=True)
class PlayedCall:
    """One playable call: the choices (0-based), the nodes visited (start first, ending last), whether
    the last choice made the client hang up, and the engine's score for it."""

    choices: tuple[int, ...]
    nodes: tuple[str, ...]
    hung_up: bool
    score: CallScore

    @property
    def ending(self) -> str:
        return self.nodes[-1]

    def sort_key(self) -> tuple:
        """Lower is worse: overall, then the sum of the dimensions, then the choices (deterministic)."""
        return (self.score.overall, sum(self.score.scores[d] for d in DIMENSIONS), self.choices)


@functools.lru_cache(maxsize=None)
def library() -> Library:
    """The real library in scenarios/, loaded once; load errors fail loudly."""
    lib = load_library([SCENARIOS])
    assert not lib.diagnostics.has_errors, "\n".join(d.format() for d in lib.diagnostics.errors)
    return lib


def scenario_ids() -> list[str]:
    """Every scenario id of the library, in its order (difficulty, archetype, id)."""
    return list(library().scenarios)


@functools.lru_cache(maxsize=None)
def compiled(scenario_id: str) -> CompiledScenario:
    return compile_scenario(library().scenarios[scenario_id])


@functools.lru_cache(maxsize=None)
def analysis(scenario_id: str) -> ScenarioAnalysis:
    """`ardojo analyze` for one scenario, in-process."""
    return analyze_scenario(library().scenarios[scenario_id])


@functools.lru_cache(maxsize=None)
def playable_calls(scenario_id: str) -> tuple[PlayedCall, ...]:
    """Every call that can really be played, found depth first with the engine's routing rule
    (`predict_target`: mood, then hang-up, then the first route whose condition holds)."""
    comp = compiled(scenario_id)
    scenario: Scenario = comp.scenario
    out: list[PlayedCall] = []

    def walk(node_id: str, meters: dict[str, int], choices: tuple[int, ...], nodes: tuple[str, ...],
             taken: tuple, hung_up: bool) -> None:
        node = scenario.nodes[node_id]
        if node.is_ending:
            score = score_call(scenario, comp.ranges, taken, node_id)
            out.append(PlayedCall(choices, nodes, hung_up, score))
            return
        for choice in node.choices:
            target, after = predict_target(scenario, choice, meters)
            hangs = target == scenario.hang_up_to and scenario.hang_up_due(after)
            walk(target, after, choices + (choice.index,), nodes + (target,), taken + (choice,), hangs)

    walk(scenario.start, dict(scenario.persona.mood), (), (scenario.start,), (), False)
    return tuple(out)


def worst_call(scenario_id: str) -> PlayedCall:
    """The playable call with the lowest overall score (ties: lowest dimension sum, then choices)."""
    return min(playable_calls(scenario_id), key=PlayedCall.sort_key)


def best_choices(scenario_id: str) -> tuple[int, ...]:
    """The best playable call's choices (0-based), as `ardojo analyze` finds them."""
    return analysis(scenario_id).best.path.choices


def replay(scenario_id: str, choices: tuple[int, ...]) -> Call:
    """Play `choices` through the real engine; the call is returned finished (or wherever it stopped)."""
    return Call.replay(compiled(scenario_id), choices)
