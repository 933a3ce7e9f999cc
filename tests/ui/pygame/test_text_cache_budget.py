"""The text cache is bounded by the pixel memory it holds, not only by a count: a long session's big
paragraphs (briefs, debriefs) no longer grow the window game by megabytes a call."""

from __future__ import annotations

import pygame

from game.ui.pygame import text as text_module
from game.ui.pygame.assets import FontBook
from game.ui.pygame.text import TextCache
from game.ui.pygame.theme import metrics_for


def test_big_blocks_stay_within_the_budget(monkeypatch) -> None:
    pygame.font.init()
    monkeypatch.setattr(text_module, "SURFACE_BUDGET", 4 * 1024 * 1024)
    cache = TextCache(FontBook(), metrics_for((1280, 720), 1))
    paragraph = "A long paragraph of a brief, wrapped to a wide column, as the debrief renders it. " * 12
    for n in range(200):
        cache.block(f"{n} {paragraph}", "body", (0, 0, 0), 900)
    held = sum(s.get_width() * s.get_height() * s.get_bytesize() for s in cache._surfaces.values())
    assert held == cache._bytes <= 4 * 1024 * 1024
    assert len(cache._surfaces) > 10  # still caching


def test_the_most_recently_used_survive(monkeypatch) -> None:
    pygame.font.init()
    monkeypatch.setattr(text_module, "SURFACE_BUDGET", 2 * 1024 * 1024)
    cache = TextCache(FontBook(), metrics_for((1280, 720), 1))
    kept = cache.block("the line on screen every frame " * 20, "body", (0, 0, 0), 900)
    for n in range(300):
        cache.block(f"{n} other text " * 40, "body", (0, 0, 0), 900)
        assert cache.block("the line on screen every frame " * 20, "body", (0, 0, 0), 900) is kept
