"""Work moved off the frame stays correct: the estimated word wrap gives the very lines measuring every
candidate gives, fonts are opened with their glyphs drawn before any frame, and portraits decoded by
the background thread are the files' own (a file changed since is decoded again)."""

from __future__ import annotations

import time
from pathlib import Path

import pygame
import pytest

from game.ui.pygame import assets
from game.ui.pygame.assets import FontBook, _Decoded, _decode_square
from game.ui.pygame.text import ROLES, TextCache, wrap_words
from game.ui.pygame.theme import metrics_for


@pytest.fixture(scope="module")
def texts(library) -> list[str]:
    out = []
    for scenario in library.scenarios.values():
        out.append(scenario.summary or "")
        out.append(scenario.objective)
        for node in scenario.nodes.values():
            out.append(node.client)
            out.extend(choice.say for choice in node.choices)
    return [t for t in out if t][:400]


def test_estimated_wrap_gives_the_same_lines_as_measuring_every_candidate(texts) -> None:
    pygame.font.init()
    fonts = FontBook()
    hostile = ["x" * 300, "a " * 200, "Ünïcödé wörds — with “quotes” and … ellipses", "\n\nblank\n\nlines\n"]
    for size, bold in ((13, False), (19, True), (31, True)):
        font = fonts.get(size, bold)
        widths: dict[str, int] = {}

        def word_width(word: str) -> int:
            return widths.setdefault(word, font.size(word)[0])
        for text in texts + hostile:
            for width in (40, 150, 333, 600):
                exact = wrap_words(text, width, lambda s: font.size(s)[0])
                assert wrap_words(text, width, lambda s: font.size(s)[0], word_width, font.size(" ")[0]) == exact


def test_the_text_cache_opens_every_role_s_font_up_front() -> None:
    pygame.font.init()
    fonts = FontBook()
    cache = TextCache(fonts, _metrics())
    opened = set(fonts._fonts)
    assert {(getattr(cache.metrics, attr), bold) for attr, bold in ROLES.values()} <= opened
    cache.set_metrics(_metrics((1920, 1080)))
    assert {(getattr(cache.metrics, attr), bold) for attr, bold in ROLES.values()} <= set(fonts._fonts)


def _metrics(size=(1280, 720)):
    from game.ui.pygame.settings import Settings
    return metrics_for(size, Settings().text_size)


def _wait(decoded: _Decoded, path: Path) -> tuple[bool, object]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found, image = decoded.get(path)
        if found:
            return found, image
        time.sleep(0.01)
    return decoded.get(path)


def test_background_decoded_portraits_are_the_files_and_a_changed_file_is_not_served(tmp_path: Path) -> None:
    shipped = sorted((assets.ASSETS_DIR / "portraits").glob("*.png"))[:2]
    assert len(shipped) == 2
    folder = tmp_path / "portraits"
    folder.mkdir()
    for src in shipped:
        (folder / src.name).write_bytes(src.read_bytes())
    (folder / "broken.png").write_bytes(b"not a png")
    decoded = _Decoded()
    decoded.start(folder)
    first = folder / shipped[0].name
    found, image = _wait(decoded, first)
    assert found and image is not None
    direct = _decode_square(first)
    assert image.get_size() == direct.get_size()
    assert pygame.image.tobytes(image, "RGBA") == pygame.image.tobytes(direct, "RGBA")
    assert _wait(decoded, folder / "broken.png") == (True, None)  # unreadable: the caller draws a silhouette
    time.sleep(0.01)
    (folder / shipped[0].name).write_bytes(shipped[1].read_bytes())  # changed after it was decoded
    assert decoded.get(first) == (False, None)
    assert decoded.get(folder / "missing.png") == (False, None)
