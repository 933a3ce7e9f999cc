"""Cache file names depend on everything that changes the audio; pruning keeps the newest files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.ui.speech.cache import AudioFormat, default_cache_dir, line_path, prune
from game.ui.speech.voices import SpokenVoice

FEMALE = SpokenVoice("gmw/en-us+f3", 165)


def test_the_cache_lives_in_the_xdg_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "ardojo" / "speech"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "ardojo" / "speech"


def test_the_name_changes_with_text_voice_rate_and_format(tmp_path: Path) -> None:
    fmt = AudioFormat(44100, 2)
    base = line_path(tmp_path, "Hello.", FEMALE, fmt)
    assert base == line_path(tmp_path, "  Hello.\n", FEMALE, fmt)  # surrounding space is not spoken
    others = {line_path(tmp_path, "Hello!", FEMALE, fmt),
              line_path(tmp_path, "Hello.", SpokenVoice("gmw/en-us+m3", 165), fmt),
              line_path(tmp_path, "Hello.", SpokenVoice("gmw/en-us+f3", 170), fmt),
              line_path(tmp_path, "Hello.", FEMALE, AudioFormat(22050, 1))}
    assert base not in others and len(others) == 4
    assert base.parent == tmp_path and base.suffix == ".wav"


def test_prune_deletes_the_oldest_files_beyond_the_budget(tmp_path: Path) -> None:
    for age, name in enumerate(["new", "mid", "old"]):
        path = tmp_path / f"{name}.wav"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1_700_000_000 - age * 100, 1_700_000_000 - age * 100))
    (tmp_path / "worker.log").write_text("kept", encoding="utf-8")
    assert prune(tmp_path, budget_bytes=2000) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mid.wav", "new.wav", "worker.log"]
    assert prune(tmp_path, budget_bytes=10_000) == 0
