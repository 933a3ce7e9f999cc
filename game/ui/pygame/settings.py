"""Player settings (voice, text size, contrast, self-voicing), kept as JSON in the user config folder.

`$XDG_CONFIG_HOME/ardojo/settings.json` (else `~/.config/ardojo/settings.json`). A missing or
unreadable file gives the defaults; unknown keys and out-of-range values are ignored, never fatal.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

#: Text size steps: (label, body text size in pixels at a 1280×720 window).
TEXT_SIZES: tuple[tuple[str, int], ...] = (("Small", 15), ("Medium", 17), ("Large", 20), ("Extra large", 23))
#: Voice speed steps (a multiplier of each persona's own rate).
VOICE_RATES: tuple[float, ...] = (0.75, 0.9, 1.0, 1.15, 1.3)
#: Volume steps, in percent of full (the voice and the phone sounds).
VOLUMES: tuple[int, ...] = (25, 50, 75, 100)


@dataclass
class Settings:
    """What the player chose in the settings screen."""

    voice_enabled: bool = True
    voice_rate: float = 1.0
    text_size: int = 1
    high_contrast: bool = False
    volume: int = 100
    captions: bool = True
    timing: bool = True  # practice: the client notices silence and interruptions (program calls always do)
    recall: bool = False  # "Answer in my own words": the replies are hidden (docs/recall.md)
    keep_recordings: bool = False  # spoken replies kept as WAV files (never, unless turned on)
    self_voicing: bool = False  # the interface read aloud: focus, screen titles, replies (self_voice.py)

    @property
    def text_size_label(self) -> str:
        return TEXT_SIZES[self.text_size][0]

    def clamp(self) -> "Settings":
        """Bring every value back into range (after loading a hand-edited file)."""
        self.text_size = min(max(int(self.text_size), 0), len(TEXT_SIZES) - 1)
        self.voice_rate = min(VOICE_RATES, key=lambda r: abs(r - float(self.voice_rate)))
        self.voice_enabled = bool(self.voice_enabled)
        self.high_contrast = bool(self.high_contrast)
        self.volume = min(VOLUMES, key=lambda v: abs(v - float(self.volume)))
        self.captions = bool(self.captions)
        self.timing = bool(self.timing)
        self.recall = bool(self.recall)
        self.keep_recordings = bool(self.keep_recordings) and self.recall
        self.self_voicing = bool(self.self_voicing)
        return self


def settings_path() -> Path:
    """The settings file: $XDG_CONFIG_HOME/ardojo/settings.json or ~/.config/ardojo/settings.json."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "ardojo" / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none or the file cannot be read."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    known = {f.name: f.type for f in fields(Settings)}
    kept = {}
    for key, value in data.items():
        if key in known and isinstance(value, (bool, int, float)):
            kept[key] = value
    try:
        return Settings(**kept).clamp()
    except (TypeError, ValueError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings atomically; returns a one-line problem instead of raising."""
    path = path or settings_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        return f"settings not saved: cannot write {path} ({exc.strerror})"
    return None
