"""The wheel (and a trackpad's fine steps) scroll the "Choose a call" grid to its last card and it
stays there when the pointer moves; "More below" is gone at the bottom."""

from __future__ import annotations

import pygame

from game.ui.pygame.settings import Settings
from window_helpers import sign_in


def wheel(game, y: float, pos: tuple[int, int]) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=round(y), precise_x=0.0, precise_y=float(y),
                                         flipped=False, which=0))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 1), buttons=(0, 0, 0)))
    game.frames(1)


def test_the_wheel_reaches_the_last_card_and_stays(make) -> None:
    game = make(size=(1024, 640), settings=Settings(text_size=3))
    sign_in(game)
    scene = game.top
    assert scene.name == "select" and scene.max_scroll > 0, "the grid must overflow at this size for the test"
    focused = scene.focus.focused
    inside = scene.grid.center
    for _ in range(200):  # enough for a long library at the largest text
        wheel(game, -1, inside)
        if scene.scroll == scene.max_scroll:
            break
    assert scene.scroll == scene.max_scroll
    assert scene.focus.focused is focused  # the focus did not move, and did not pull the view back
    last = scene.cards[-1].rect.move(0, -scene.scroll)
    assert scene.view.top <= last.top and last.bottom <= scene.view.bottom
    game.ui.text.history.clear()
    game.ui.text.clear()
    game.frames(2)
    wheel(game, 0, (inside[0] + 5, inside[1] + 5))
    assert scene.scroll == scene.max_scroll
    assert not game.rendered("More below")
    game.click(last.center)  # what is shown under the pointer is what a click opens
    assert game.top.name == "brief" and game.top.scenario.id == scene.cards[-1].scenario.id


def test_trackpad_fine_steps_scroll_a_little_each(make) -> None:
    game = make(size=(1024, 640), settings=Settings(text_size=3))
    sign_in(game)
    scene = game.top
    assert scene.scroll == 0  # the page opens at its heading
    wheel(game, -0.25, scene.grid.center)
    first = scene.scroll
    assert 0 < first < scene.ui.text.line_height("body") * 2
    wheel(game, 0.25, scene.grid.center)
    assert scene.scroll == 0
