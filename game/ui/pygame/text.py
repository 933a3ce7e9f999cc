"""Cached text: fonts by role, word wrapping and rendered surfaces, keyed by everything that shapes them.

Unchanged text is never re-wrapped or re-rendered: a frame looks its surfaces up. `enabled=False`
turns the cache off (the naive way, measured by bench/bench_frames.py). `history` lists what was
rendered, so tests can check what reached the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
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
#: The most pixel memory the rendered surfaces may hold; the least recently used go first. (Bounding
#: the count alone let a long session grow by ~15 MB a call: a brief's or debrief's paragraphs are
#: big surfaces, and 4,000 of them reached 200 MB.)
SURFACE_BUDGET = 48 * 1024 * 1024
#: How many word widths are remembered per font for wrapping (then forgotten and measured afresh).
WORD_LIMIT = 50_000
#: How many rendered texts `history` keeps (for tests), the oldest dropped first.
HISTORY_LIMIT = 20_000
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


def wrap_words(text: str, width: int, measure: Callable[[str], int],
               word_width: Callable[[str], int] | None = None, space: int = 0) -> list[str]:
    """Greedy word wrap of `text` to `width` pixels (`measure(s)` gives a width); keeps blank lines;
    words wider than the line are cut by characters (`fitting_prefix`). Linear in the length of
    `text`: each word is measured once with its line, and a long word in pieces of about a line.

    With `word_width` (a word's width, usually remembered) and `space` (the width of a space), a line's
    width is estimated as the sum of its words and spaces, and `measure` is called only where the
    estimate is within a few pixels of `width` (2 px a word join allowed for kerning and rounding): the
    same lines as measuring every candidate (tests/ui/pygame/test_text_wrap_and_preload.py checks it on
    the shipped texts and font) for a fraction of the measures."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            out.append("")
            continue
        line = ""
        line_w = joins = 0  # with word_width: the estimated width of `line`, joins since it was exact
        for word in words:
            candidate = f"{line} {word}" if line else word
            if word_width is not None:
                estimate = line_w + space + word_width(word) if line else word_width(word)
                slack = 2 + 2 * (joins + 1)
                if estimate <= width - slack:
                    line, line_w, joins = candidate, estimate, joins + 1
                    continue
                if estimate <= width + slack:
                    exact = measure(candidate)
                    if exact <= width:
                        line, line_w, joins = candidate, exact, 0
                        continue
            elif measure(candidate) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            start = 0
            while (end := fitting_prefix(word, width, measure, start)) < len(word):
                out.append(word[start:end])
                start = end
            line = word[start:]
            if word_width is not None:
                line_w, joins = (word_width(line) if start == 0 else measure(line)), 0
        out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class Drawn:
    """One piece of text a frame drew (recorded for the layout tests): what it should say, what it
    showed, the room it had (None: not limited) and where it went. `cut`: shortened with an ellipsis;
    `dropped`: not shown at all for want of room."""

    text: str
    shown: str
    room: int | None
    rect: tuple[int, int, int, int]
    cut: bool = False
    dropped: bool = False
    whole: str = ""  # where the whole text can be read when it is cut here (another screen, a tooltip)
    clip: tuple[int, int, int, int] | None = None  # the viewport it was drawn in (a scrolled list)


class TextCache:
    """Fonts by role plus LRU caches of wrapped lines and rendered surfaces."""

    def __init__(self, fonts: FontBook, metrics: Metrics, *, enabled: bool = True) -> None:
        self.fonts = fonts
        self.metrics = metrics
        self.enabled = enabled
        self.history: list[str] = []
        #: When a list, every piece of text drawn is recorded in it (`Drawn`); None in play.
        self.drawn: list[Drawn] | None = None
        self._surfaces: dict[tuple, pygame.Surface] = {}
        self._bytes = 0  # pixel memory held by `_surfaces`
        self._wraps: dict[tuple, tuple[str, ...]] = {}
        self._words: dict[pygame.font.Font, dict[str, int]] = {}  # word widths per font, for wrapping
        self.preload()

    def preload(self) -> None:
        """Open the font of every role now, its common glyphs rendered once (FontBook): done when the
        UI is made and when the sizes change, so no screen's first frame pays for fonts."""
        for role in ROLES:
            self.font(role)

    def set_metrics(self, metrics: Metrics) -> None:
        """New sizes (window resized or text size changed): drop everything cached."""
        if metrics != self.metrics:
            self.metrics = metrics
            self.clear()
            self.preload()

    def clear(self) -> None:
        self._surfaces.clear()
        self._bytes = 0
        self._wraps.clear()
        self._words.clear()

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
            size = font.size
            words = self._words.get(font)
            if words is None or len(words) > WORD_LIMIT:
                words = self._words[font] = {}

            def word_width(word: str) -> int:
                w = words.get(word)
                if w is None:
                    w = words[word] = size(word)[0]
                return w
            lines = tuple(wrap_words(escape_unsafe(text), max(8, width), lambda s: size(s)[0], word_width,
                                     size(" ")[0]))
            self._store(self._wraps, key, lines)
        return lines

    def line(self, text: str, role: str, color: Color) -> pygame.Surface:
        """One line of text, rendered once. A control character shows as an escape (`\\x00` would
        stop pygame); a line wider than `MAX_LINE_PX` is cut with an ellipsis."""
        key = (text, role, color)
        surf = self._hit(key)
        if surf is None:
            shown = escape_unsafe(text)
            if len(shown) > 100:
                shown = self.fit(shown, role, MAX_LINE_PX)
            surf = self.font(role).render(shown, True, color)
            self._note(text)
            self._store_surface(key, surf)
        return surf

    def block(self, text: str, role: str, color: Color, width: int, align: str = "left",
              max_lines: int | None = None, whole: str = "") -> pygame.Surface:
        """`text` wrapped to `width` and rendered as one surface (`align`: left, center or right);
        with `max_lines` (and always past `MAX_BLOCK_PX`), further lines are cut and the last one ends
        with an ellipsis; `whole` says where the whole text can be read then (for the layout tests)."""
        key = ("block", text, role, color, width, align, max_lines)
        surf = self._hit(key)
        if surf is not None and self.drawn is not None and max_lines is not None and \
                len(self.wrap(text, role, width)) > max_lines:
            self.record(text, text + "…", width, (0, 0, width, 0), whole=whole)
        if surf is None:
            lines = list(self.wrap(text, role, width))
            most = max(1, MAX_BLOCK_PX // self.line_height(role))
            max_lines = most if max_lines is None else min(max_lines, most)
            if max_lines is not None and len(lines) > max_lines:
                lines = lines[:max_lines]
                lines[-1] = self.fit(lines[-1] + " …", role, width)
                self.record(text, " ".join(lines), width, (0, 0, width, 0), whole=whole)
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
            self._note(text)
            self._store_surface(key, surf)
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

    def record(self, text: str, shown: str, room: int | None, rect: tuple[int, int, int, int],
               dropped: bool = False, whole: str = "", surface: pygame.Surface | None = None) -> None:
        """Note text drawn (only while `drawn` is a list: the layout tests)."""
        if self.drawn is not None:
            clip = tuple(surface.get_clip()) if surface is not None else None
            self.drawn.append(Drawn(text, shown, room, tuple(rect), shown != escape_unsafe(text) and not dropped,
                                    dropped, whole, clip))

    def rendered_any(self, needles: Iterable[str]) -> bool:
        """True when any of `needles` is part of something rendered (for tests)."""
        return any(n in h for n in needles for h in self.history)

    def _hit(self, key: tuple) -> pygame.Surface | None:
        """A cached surface, now the most recently used; None when not cached (or caching is off)."""
        if not self.enabled:
            return None
        surf = self._surfaces.pop(key, None)
        if surf is not None:
            self._surfaces[key] = surf
        return surf

    def _note(self, text: str) -> None:
        self.history.append(text)
        if len(self.history) > HISTORY_LIMIT:
            del self.history[: len(self.history) - HISTORY_LIMIT // 2]

    def _store_surface(self, key: tuple, surf: pygame.Surface) -> None:
        """Keep `surf`, dropping the least recently used while over LIMIT or SURFACE_BUDGET."""
        if not self.enabled:
            return
        cache = self._surfaces
        self._bytes += surf.get_width() * surf.get_height() * surf.get_bytesize()
        cache[key] = surf
        while len(cache) > 1 and (len(cache) > LIMIT or self._bytes > SURFACE_BUDGET):
            old = cache.pop(next(iter(cache)))
            self._bytes -= old.get_width() * old.get_height() * old.get_bytesize()

    def _store(self, cache: dict, key: tuple, value) -> None:
        if not self.enabled:
            return
        if len(cache) >= LIMIT:
            cache.pop(next(iter(cache)))
        cache[key] = value
