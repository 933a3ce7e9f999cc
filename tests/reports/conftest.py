"""Fixtures for the report tests; the shared helpers live in report_helpers.py (import that, not conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.library import Library, load_library
from game.engine.machine import CompiledScenario, compile_scenario
from report_helpers import SCENARIOS, Clock, Played, fill_cohort  # noqa: F401


@pytest.fixture(scope="session")
def library() -> Library:
    lib = load_library([SCENARIOS])
    assert lib.scenarios and not lib.diagnostics.has_errors
    return lib


@pytest.fixture(scope="session")
def compiled(library: Library) -> dict[str, CompiledScenario]:
    return {sid: compile_scenario(s) for sid, s in library.scenarios.items()}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.sqlite3"


@pytest.fixture
def cohort(db: Path, compiled: dict[str, CompiledScenario], clock: Clock) -> list[Played]:
    return fill_cohort(db, compiled, clock)


@pytest.fixture
def cohort_db(db: Path, cohort: list[Played]) -> Path:
    return db
