"""Shared test set-up: records go to a temporary database, never the user's own."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_records(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("records")
    monkeypatch.setenv("ARDOJO_DB", str(folder / "records.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
