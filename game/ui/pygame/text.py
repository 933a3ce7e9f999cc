"""Cached text: fonts by role, word wrapping and rendered surfaces, keyed by everything that shapes them.

Unchanged text is never re-wrapped or re-rendered: a frame looks its surfaces up. `enabled=False`
turns the cache off (the naive way, measured by bench/bench_frames.py). `history` lists what was
rendered, so tests can check what reached the screen.
"""

from __future__ import annotations

from typing import Callable, Iterable

import pygame

from game.content.safe_text import escape_unsafe
from game.ui.pygame.assets import FontBook
from game.ui.pygame.theme import Color, Metrics

#: Text roles: (size attribute of Metrics, bold).
ROLES: dict[str, tuple[str, bool]] = {
    "body": ("body", False), "body_b": ("body", True), "small": ("small", False), "small_b": ("small", True),
    "h3": ("h3", True), "h2": ("h2", True), "h1": ("h1", True),
}
LIMIT = 4000
#: The widest single line and the tallest block rendered (more is cut with an ellipsis): a surface
#: costs 4 bytes a pixel, and pygame draws in 16-bit coordinates.
MAX_LINE_PX = 4096
MAX_BLOCK_PX = 12_000


def fitting_prefix(text: str, width: int, measure: Callable[[str], int], start: int = 0) -> int:
    """The end of the longest piece `text[start:end]` that fits in `width` (at least one character,
    so wrapping always moves on). Galloping then bisecting: about 2 log2(k) measures of at most 2k
    characters for a piece of k, so cutting a long word into lines is linear in its length."""
    size = len(text) - start
    good, step = 1, 2
    while step <= size and measure(text[start:start + step]) <= width:
        good, step = step, step * 2
    bad = min(step, size + 1)  # the first length known not to fit (or one past the end)
    while bad - good > 1:
        mid = (good + bad) // 2
        if measure(text[start:start + mid]) <= width:
            good = mid
        else:
            bad = mid
    return start + good


def wrap_words(text: str, width: int, measure: Callable[[str], int]) -> list[str]:
    """Greedy word wrap of `text` to `width` pixels (`measure(s)` gives a width); keeps blank lines;
    words wider than the line are cut by characters (`fitting_prefix`). Linear in the length of
    `text`: each word is measured once with its line, and a long word in pieces of about a line."""
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
            start = 0
            while (end := fitting_prefix(word, width, measure, start)) < len(word):
                out.append(word[start:end])
                start = end
            line = word[start:]
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
        return self.font(role).size(escape_unsafe(text))[0]

    # -- wrapping and rendering -----------------------------------------------------------------
    def wrap(self, text: str, role: str, width: int) -> tuple[str, ...]:
        """`text` wrapped to `width` pixels in `role`."""
        key = (text, role, width)
        lines = self._wraps.get(key) if self.enabled else None
        if lines is None:
            font = self.font(role)
            lines = tuple(wrap_words(escape_unsafe(text), max(8, width), lambda s: font.size(s)[0]))
            self._store(self._wraps, key, lines)
        return lines

    def line(self, text: str, role: str, color: Color) -> pygame.Surface:
        """One line of text, rendered once. A control character shows as an escape (`\\x00` would
        stop pygame); a line wider than `MAX_LINE_PX` is cut with an ellipsis."""
        key = (text, role, color)
        surf = self._surfaces.get(key) if self.enabled else None
        if surf is None:
            shown = escape_unsafe(text)
            if len(shown) > 100:
                shown = self.fit(shown, role, MAX_LINE_PX)
            surf = self.font(role).render(shown, True, color)
            self.history.append(text)
            self._store(self._surfaces, key, surf)
        return surf

    def block(self, text: str, role: str, color: Color, width: int, align: str = "left",
              max_lines: int | None = None) -> pygame.Surface:
        """`text` wrapped to `width` and rendered as one surface (`align`: left, center or right);
        with `max_lines` (and always past `MAX_BLOCK_PX`), further lines are cut and the last one ends
        with an ellipsis."""
        key = ("block", text, role, color, width, align, max_lines)
        surf = self._surfaces.get(key) if self.enabled else None
        if surf is None:
            lines = list(self.wrap(text, role, width))
            most = max(1, MAX_BLOCK_PX // self.line_height(role))
            max_lines = most if max_lines is None else min(max_lines, most)
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
        """The height `block` would have, without rendering (without `max_lines`)."""
        lines = min(len(self.wrap(text, role, width)), max(1, MAX_BLOCK_PX // self.line_height(role)))
        return self.line_height(role) * (lines - 1) + self.font(role).get_height()

    def fit(self, text: str, role: str, width: int) -> str:
        """`text` cut with an ellipsis so it fits on one line of `width` (found by bisection: a long
        text costs a few measures, not one per character)."""
        font = self.font(role)
        text = escape_unsafe(text)
        if font.size(text)[0] <= width:
            return text

        def measure(piece: str) -> int:
            return font.size(piece.rstrip() + "…")[0]
        cut = fitting_prefix(text, width, measure)
        if measure(text[:cut]) > width:
            cut = 0
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
