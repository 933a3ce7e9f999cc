"""Recall tests: the library, the paraphrase set and the embedding model, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.library import load_library
from game.recall.evaluate import load_cases

ROOT = Path(__file__).resolve().parents[2]
PARAPHRASES = Path(__file__).resolve().parent / "paraphrases"


@pytest.fixture(scope="session")
def recall_library():
    """The shipped scenarios (id -> Scenario)."""
    library = load_library([ROOT / "scenarios"])
    assert library.scenarios, "the shipped library did not load"
    return library.scenarios


@pytest.fixture(scope="session")
def paraphrase_cases(recall_library):
    """Every case of tests/recall/paraphrases/*.yaml, resolved against the library."""
    return load_cases(PARAPHRASES, recall_library)


@pytest.fixture(scope="session")
def recall_model():
    """The packaged wordllama model (loaded once; matching caches the options' embeddings)."""
    from game.recall.model import load_model
    return load_model()
