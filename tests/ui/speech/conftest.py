"""Speech tests never touch the user's own cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_speech_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return tmp_path / "xdg-cache"


NO_ESPEAK_SITE = Path(__file__).resolve().parent / "no_espeak_site"


@pytest.fixture
def fake_pyttsx3_without_espeak(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Worker processes started from the test import a pyttsx3 whose init() fails the way the real
    one does without espeak-ng (see no_espeak_site/pyttsx3)."""
    monkeypatch.setenv("PYTHONPATH", str(NO_ESPEAK_SITE))
    return NO_ESPEAK_SITE
