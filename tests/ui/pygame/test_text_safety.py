"""The window's text layer with text no screen should get: control characters are shown as escapes
(a NUL used to stop pygame), long words and long texts are cut in bounded time and into surfaces of
bounded size, and a document too tall to draw ends with a note instead of overflowing."""

from __future__ import annotations

import time

import pygame
import pytest

from game.ui.pygame.assets import FontBook, portrait_file
from game.ui.pygame.doc import CUT_NOTE, MAX_HEIGHT, Doc
from game.ui.pygame.text import MAX_BLOCK_PX, MAX_LINE_PX, TextCache, fitting_prefix, wrap_words
from game.ui.pygame.theme import metrics_for

BLACK = (0, 0, 0)


@pytest.fixture
def cache() -> TextCache:
    pygame.font.init()
    return TextCache(FontBook(), metrics_for((1280, 720), 1))


@pytest.mark.parametrize("text", ["Hel\x00lo", "\x1b[2J\x1b]0;owned\x07", "evil\u202e", "tab\there", "\ud800"])
def test_control_characters_are_drawn_as_escapes(cache: TextCache, text: str) -> None:
    surface = cache.line(text, "body", BLACK)
    assert surface.get_width() > 0
    assert cache.block(text, "body", BLACK, 300).get_height() > 0
    assert cache.width(text, "body") > 0 and cache.fit(text * 50, "body", 200).endswith("…")
    assert cache.rendered_any([text])  # what was asked for is what the history records


def test_a_very_long_line_is_cut_to_a_bounded_surface(cache: TextCache) -> None:
    start = time.perf_counter()
    surface = cache.line("W" * 100_000, "body", BLACK)
    assert surface.get_width() <= MAX_LINE_PX and time.perf_counter() - start < 0.5


def test_a_very_long_text_is_cut_to_a_bounded_block(cache: TextCache) -> None:
    text = " ".join(["word"] * 50_000)
    start = time.perf_counter()
    block = cache.block(text, "body", BLACK, 300)
    assert block.get_height() <= MAX_BLOCK_PX and time.perf_counter() - start < 2.0
    assert cache.block_height(text, "body", 300) <= MAX_BLOCK_PX


def test_fit_cuts_a_long_text_in_a_few_measures(cache: TextCache) -> None:
    font = cache.font("body")
    measured = []
    text = "x" * 20_000
    original = font.size

    class Counting:
        def size(self, s: str):
            measured.append(len(s))
            return original(s)
    cache.font = lambda role: Counting()  # type: ignore[method-assign]
    fitted = cache.fit(text, "body", 400)
    assert fitted.endswith("…") and original(fitted)[0] <= 400
    assert original(fitted[:-1] + "x…")[0] > 400  # as long as fits
    assert len(measured) < 40


def test_fitting_prefix_finds_the_longest_piece_that_fits() -> None:
    def measure(s: str) -> int:
        return 10 * len(s)
    assert fitting_prefix("abcdefghij", 35, measure) == 3
    assert fitting_prefix("abcdefghij", 35, measure, start=8) == 10
    assert fitting_prefix("abcdefghij", 5, measure) == 1  # at least one character
    assert fitting_prefix("abcdefghij", 1000, measure) == 10


def test_wrap_words_keeps_every_character_and_each_line_fits() -> None:
    def measure(s: str) -> int:
        return 7 * len(s)
    text = "short words then " + "L" * 1000 + " and more\n\nafter a blank line"
    lines = wrap_words(text, 200, measure)
    assert all(measure(line) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    assert "" in lines  # the blank line is kept


def test_a_document_taller_than_the_cap_ends_with_a_note(game) -> None:
    doc = Doc(game.ui, 400)
    for _ in range(400):
        doc.bullets([" ".join(["many words here"] * 40)])
    assert doc.cut and doc.height <= MAX_HEIGHT
    surface = doc.render((255, 255, 255))
    assert surface.get_height() <= MAX_HEIGHT + 200
    assert game.ui.text.rendered_any([CUT_NOTE])


@pytest.mark.parametrize("archetype", ["../../../etc/passwd", "x" * 5000, "Cash Strapped", "evasive\x00"])
def test_an_archetype_never_names_a_file_outside_the_portraits(archetype: str) -> None:
    found = portrait_file(archetype)
    assert found is None or found.parent.name == "portraits" and found.stem == "default"
