"""Shared fixtures for the engine tests: the real rulebook, the hand-written fixture scenarios in
tests/engine/fixtures/, and every real scenario in scenarios/ (loaded and compiled once per session).

Helpers that are plain functions (path enumeration, walking a scenario) live in engine_paths.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.model import Rulebook, Scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario
from game.engine.debrief import build_debrief
from game.engine.machine import CompiledScenario, compile_scenario

# tests/engine/ is on sys.path (pytest's default "prepend" import mode), so the helpers import directly.
from engine_paths import (FIXTURES_DIR, REAL_SCENARIO_FILES, RULEBOOK_PATH, SCENARIOS_DIR, ReachableState,
                          covering_calls, reachable_states)


def load_checked(path: Path, rulebook: Rulebook) -> Scenario:
    """Load a scenario and fail the test with the loader's diagnostics if it has errors."""
    result = load_scenario(path, rulebook)
    assert result.scenario is not None, "\n".join(d.format() for d in result.diagnostics.items)
    return result.scenario


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    """The real rulebook, scenarios/rulebook.yaml."""
    result = load_rulebook(RULEBOOK_PATH)
    assert result.rulebook is not None, "\n".join(d.format() for d in result.diagnostics.items)
    return result.rulebook


@pytest.fixture(scope="session")
def lab(rulebook: Rulebook) -> CompiledScenario:
    """The routing-lab fixture: conditional routes, `and`, hang-ups, clamping, six endings."""
    return compile_scenario(load_checked(FIXTURES_DIR / "routing-lab.yaml", rulebook))


@pytest.fixture(scope="session")
def mini(rulebook: Rulebook) -> CompiledScenario:
    """The no-empathy fixture: an unscored dimension, no hang-up, commitment range plan..callback."""
    return compile_scenario(load_checked(FIXTURES_DIR / "no-empathy.yaml", rulebook))


@pytest.fixture(scope="session")
def real_scenarios(rulebook: Rulebook) -> dict[str, CompiledScenario]:
    """Every scenario in scenarios/, compiled, keyed by file name."""
    assert REAL_SCENARIO_FILES, f"no scenarios found in {SCENARIOS_DIR}"
    return {p.name: compile_scenario(load_checked(p, rulebook)) for p in REAL_SCENARIO_FILES}


@pytest.fixture(scope="session")
def all_compiled(lab: CompiledScenario, mini: CompiledScenario,
                 real_scenarios: dict[str, CompiledScenario]) -> dict[str, CompiledScenario]:
    """The fixtures and every real scenario, keyed by file name."""
    return {"routing-lab.yaml": lab, "no-empathy.yaml": mini, **real_scenarios}


@pytest.fixture(params=["routing-lab.yaml", "no-empathy.yaml", *(p.name for p in REAL_SCENARIO_FILES)])
def any_scenario(request, all_compiled: dict[str, CompiledScenario]) -> CompiledScenario:
    """Each fixture and each real scenario in turn (the test runs once per file)."""
    return all_compiled[request.param]


_EXPLORED: dict[str, list[ReachableState]] = {}


@pytest.fixture
def states(any_scenario: CompiledScenario) -> list[ReachableState]:
    """Every reachable decision state of `any_scenario`, explored once per session and shared."""
    key = any_scenario.scenario.path
    if key not in _EXPLORED:
        _EXPLORED[key] = reachable_states(any_scenario)
    return _EXPLORED[key]


_DEBRIEFS: dict[str, list] = {}


@pytest.fixture
def debriefs(any_scenario: CompiledScenario, states: list[ReachableState], rulebook: Rulebook) -> list:
    """(call, debrief) for a set of complete calls of `any_scenario` that takes every choice from
    every reachable (node, meters) at least once; built once per session."""
    key = any_scenario.scenario.path
    if key not in _DEBRIEFS:
        _DEBRIEFS[key] = [(call, build_debrief(call, rulebook)) for call in covering_calls(any_scenario, states)]
    return _DEBRIEFS[key]
