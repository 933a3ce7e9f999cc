"""Helpers for the portrait tests: where the portraits are, the sidecar, running the generator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pygame

ASSETS = Path(__file__).resolve().parents[2] / "assets"
TOOLS = ASSETS / "tools"
PORTRAIT_DIR = ASSETS / "portraits"
SIDECAR = "portraits.json"


def sidecar(folder: Path) -> dict[str, dict[str, Any]]:
    """portraits.json in `folder`: scenario id -> its entry (empty when there is no sidecar)."""
    path = folder / SIDECAR
    return json.loads(path.read_text(encoding="utf-8"))["portraits"] if path.is_file() else {}


def make_portraits(out_dir: Path, scenarios: Path | None = None) -> subprocess.CompletedProcess:
    """Run assets/tools/make_portraits.py into out_dir (from another scenarios folder, if given)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    args = [sys.executable, str(TOOLS / "make_portraits.py"), str(out_dir)]
    if scenarios is not None:
        args += ["--scenarios", str(scenarios)]
    return subprocess.run(args, check=True, env=env, capture_output=True, text=True, timeout=300)


def load_image(path: Path) -> pygame.Surface:
    """A PNG as a surface (no display needed; get_at reads RGBA straight from the file)."""
    return pygame.image.load(str(path))


def max_pixel_difference(a: pygame.Surface, b: pygame.Surface) -> int:
    """The largest difference of any channel of any pixel (255 when the sizes differ)."""
    if a.get_size() != b.get_size():
        return 255
    raw_a, raw_b = pygame.image.tobytes(a, "RGBA"), pygame.image.tobytes(b, "RGBA")
    return max((abs(x - y) for x, y in zip(raw_a, raw_b)), default=0)
