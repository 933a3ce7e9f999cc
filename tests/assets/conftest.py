"""The portraits the generator makes now, made once for the whole test run (into a temp folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portrait_helpers import make_portraits


@pytest.fixture(scope="session")
def made_portraits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding what assets/tools/make_portraits.py makes from the shipped scenarios."""
    out = tmp_path_factory.mktemp("portraits")
    make_portraits(out)
    return out
