"""Cached text: fonts by role, word wrapping and rendered surfaces, keyed by everything that shapes them.

Unchanged text is never re-wrapped or re-rendered: a frame looks its surfaces up. `enabled=False`
turns the cache off (the naive way, measured by bench/bench_frames.py). `history` lists what was
rendered, so tests can check what reached the screen.
"""

from __future__ import annotations

from typing import Iterable

import pygame

from game.ui.pygame.assets import FontBook
from game.ui.pygame.theme import Color, Metrics

#: Text roles: (size attribute of Metrics, bold).
ROLES: dict[str, tuple[str, bool]] = {
    "body": ("body", False), "body_b": ("body", True), "small": ("small", False), "small_b": ("small", True),
    "h3": ("h3", True), "h2": ("h2", True), "h1": ("h1", True),
}
LIMIT = 4000


def wrap_words(text: str, width: int, measure) -> list[str]:
    """Greedy word wrap of `text` to `width` pixels (`measure(s)` gives a width); keeps blank lines;
    words wider than the line are split by characters."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            out.append("")
            continue
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if measure(candidate) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            while measure(word) > width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                out.append(word[:cut])
                word = word[cut:]
            line = word
        out.append(line)
    return out


class TextCache:
    """Fonts by role plus LRU caches of wrapped lines and rendered surfaces."""

    def __init__(self, fonts: FontBook, metrics: Metrics, *, enabled: bool = True) -> None:
        self.fonts = fonts
        self.metrics = metrics
        self.enabled = enabled
        self.history: list[str] = []
        self._surfaces: dict[tuple, pygame.Surface] = {}
        self._wraps: dict[tuple, tuple[str, ...]] = {}

    def set_metrics(self, metrics: Metrics) -> None:
        """New sizes (window resized or text size changed): drop everything cached."""
        if metrics != self.metrics:
            self.metrics = metrics
            self.clear()

    def clear(self) -> None:
        self._surfaces.clear()
        self._wraps.clear()

    # -- fonts ----------------------------------------------------------------------------------
    def font(self, role: str) -> pygame.font.Font:
        attr, bold = ROLES[role]
        return self.fonts.get(getattr(self.metrics, attr), bold)

    def line_height(self, role: str) -> int:
        """Distance between baselines of wrapped lines in `role` (a little airier than the font's)."""
        font = self.font(role)
        return font.get_linesize() + max(2, font.get_height() // 6)

    def width(self, text: str, role: str) -> int:
        return self.font(role).size(text)[0]

    # -- wrapping and rendering -----------------------------------------------------------------
    def wrap(self, text: str, role: str, width: int) -> tuple[str, ...]:
        """`text` wrapped to `width` pixels in `role`."""
        key = (text, role, width)
        lines = self._wraps.get(key) if self.enabled else None
        if lines is None:
            font = self.font(role)
            lines = tuple(wrap_words(text, max(8, width), lambda s: font.size(s)[0]))
            self._store(self._wraps, key, lines)
        return lines

    def line(self, text: str, role: str, color: Color) -> pygame.Surface:
        """One line of text, rendered once."""
        key = (text, role, color)
        surf = self._surfaces.get(key) if self.enabled else None
        if surf is None:
            surf = self.font(role).render(text, True, color)
            self.history.append(text)
            self._store(self._surfaces, key, surf)
        return surf

    def block(self, text: str, role: str, color: Color, width: int, align: str = "left",
              max_lines: int | None = None) -> pygame.Surface:
        """`text` wrapped to `width` and rendered as one surface (`align`: left, center or right);
        with `max_lines`, further lines are cut and the last one ends with an ellipsis."""
        key = ("block", text, role, color, width, align, max_lines)
        surf = self._surfaces.get(key) if self.enabled else None
        if surf is None:
            lines = list(self.wrap(text, role, width))
            if max_lines is not None and len(lines) > max_lines:
                lines = lines[:max_lines]
                lines[-1] = self.fit(lines[-1] + " …", role, width)
            step = self.line_height(role)
            font_h = self.font(role).get_height()
            width_used = max((self.width(s, role) for s in lines), default=0)
            surf = pygame.Surface((max(1, min(width, width_used) if align == "left" else width),
                                   max(1, step * (len(lines) - 1) + font_h)), pygame.SRCALPHA)
            for i, text_line in enumerate(lines):
                rendered = self.line(text_line, role, color)
                x = {"left": 0, "center": (surf.get_width() - rendered.get_width()) // 2,
                     "right": surf.get_width() - rendered.get_width()}[align]
                surf.blit(rendered, (x, i * step))
            self.history.append(text)
            self._store(self._surfaces, key, surf)
        return surf

    def block_height(self, text: str, role: str, width: int) -> int:
        """The height `block` would have, without rendering."""
        lines = len(self.wrap(text, role, width))
        return self.line_height(role) * (lines - 1) + self.font(role).get_height()

    def fit(self, text: str, role: str, width: int) -> str:
        """`text` cut with an ellipsis so it fits on one line of `width`."""
        font = self.font(role)
        if font.size(text)[0] <= width:
            return text
        cut = len(text)
        while cut > 0 and font.size(text[:cut].rstrip() + "…")[0] > width:
            cut -= 1
        return text[:cut].rstrip() + "…"

    def rendered_any(self, needles: Iterable[str]) -> bool:
        """True when any of `needles` is part of something rendered (for tests)."""
        return any(n in h for n in needles for h in self.history)

    def _store(self, cache: dict, key: tuple, value) -> None:
        if not self.enabled:
            return
        if len(cache) >= LIMIT:
            cache.pop(next(iter(cache)))
        cache[key] = value
