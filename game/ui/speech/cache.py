"""The spoken-line cache: one WAV file per (text, voice, rate, output format), named by a hash.

Files live in `$XDG_CACHE_HOME/ardojo/speech/` (or `~/.cache/ardojo/speech/`). They are written
under a temporary name and renamed into place, so a file that exists is always complete.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from game.ui.speech.voices import SpokenVoice

CACHE_VERSION = 1
"""Bump when the synthesis or conversion changes, so old audio is not reused."""

DEFAULT_BUDGET_BYTES = 96 * 1024 * 1024
"""The cache is pruned (oldest files first) to this size when the worker starts."""


@dataclass(frozen=True, slots=True)
class AudioFormat:
    """The sample rate and channel count of the audio mixer; cached files are stored in it."""

    rate: int = 22050
    channels: int = 1


def default_cache_dir() -> Path:
    """The per-user speech cache folder ($XDG_CACHE_HOME/ardojo/speech or ~/.cache/ardojo/speech)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ardojo" / "speech"


def line_path(folder: Path, text: str, voice: SpokenVoice, fmt: AudioFormat) -> Path:
    """Where the audio for `text` spoken by `voice` in format `fmt` is cached."""
    key = json.dumps([CACHE_VERSION, voice.voice_id, voice.rate, fmt.rate, fmt.channels, text.strip()])
    return folder / (hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".wav")


def prune(folder: Path, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> int:
    """Delete the oldest cached WAV files until the folder holds at most budget_bytes; returns how many."""
    entries = []
    for path in folder.glob("*.wav"):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    removed = 0
    for _, size, path in sorted(entries):
        if total <= budget_bytes:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        removed += 1
    return removed
