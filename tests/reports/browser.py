"""Render an HTML file in headless Chromium (Debian's `chromium`) and read the screenshot's pixels."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def screenshot(html: Path, png: Path, width: int = 1400, height: int = 2000) -> Path:
    """Screenshot `html` at width x height into `png` with a throw-away profile."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="ardojo-chromium-") as profile:
        subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                        f"--window-size={width},{height}", html.resolve().as_uri()],
                       capture_output=True, timeout=120, check=False)
    return png


def png_size(png: Path) -> tuple[int, int]:
    """Width and height from the PNG header."""
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def colour_share(png: Path, rgb: tuple[int, int, int], box: tuple[int, int, int, int] | None = None,
                 tolerance: int = 12, step: int = 3) -> float:
    """The share of sampled pixels (every `step`th, inside `box` = x, y, w, h) close to `rgb`."""
    import pygame

    image = pygame.image.load(str(png))
    x0, y0, w, h = box or (0, 0, *image.get_size())
    hits = total = 0
    for y in range(y0, y0 + h, step):
        for x in range(x0, x0 + w, step):
            r, g, b, *_ = image.get_at((x, y))
            total += 1
            hits += abs(r - rgb[0]) <= tolerance and abs(g - rgb[1]) <= tolerance and abs(b - rgb[2]) <= tolerance
    return hits / total if total else 0.0
