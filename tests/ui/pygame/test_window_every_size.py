"""Every screen at every text size × 1024×640, 1280×800 and 1920×1080: every piece of text drawn (the
draw layer records each, `TextCache.drawn`) is shown whole — never dropped for want of room, never cut
with an ellipsis — and inside the window. A screenshot of each is saved in test-artifacts/screens/sizes.
The call's history panel, open over a resumed and ended call, is checked the same way at these sizes and
2560×1440, scrolled to its end and to its top, and every one of its wrapped lines fits its column."""

from __future__ import annotations

import pygame
import pytest

from conftest import SCREENS
from game.ui.pygame.settings import TEXT_SIZES, Settings
from test_window_layout import screens, show

SIZES = [(1024, 640), (1280, 800), (1920, 1080)]


def problems(game, name: str) -> list[str]:
    window = game.app.window.get_rect()
    out = []
    for d in game.ui.text.drawn:
        if d.dropped:
            out.append(f"{name}: dropped {d.text!r} (room {d.room}px)")
        elif d.cut and not d.whole:
            out.append(f"{name}: cut {d.text!r} to {d.shown!r} (room {d.room}px)")
        elif d.rect[2] and not window.contains(d.rect) and (d.clip is None or d.clip == tuple(window)):
            # outside the window, and not in a scrolled viewport (clipped there, scrolled to)
            out.append(f"{name}: {d.text!r} at {d.rect} is outside the window")
    return out


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", range(len(TEXT_SIZES)))
def test_every_screen_shows_all_its_text(make, library, size, text_size) -> None:
    game = make(size=size, settings=Settings(text_size=text_size))
    found = []
    for name, scene in screens(game, library).items():
        game.ui.text.drawn = []
        show(game, scene)
        game.app.draw()
        found += problems(game, name)
        game.app.screenshot(SCREENS / "sizes" / f"{size[0]}x{size[1]}-text{text_size}-{name}.png")
    assert not found, "\n".join(dict.fromkeys(found))


HISTORY_SIZES = [*SIZES, (2560, 1440)]


def history_scene(game, library):
    """A resumed call whose history holds an interruption and its reaction, a wait, and the closing
    exchange (the longest scenario, played to its end), with the history panel open."""
    from game.engine.call import Call
    from game.engine.machine import compile_scenario
    from game.ui.pygame.scenes.call import CallScene

    call = Call(compile_scenario(library.scenarios["sunrise-bakery"]))
    call.choose(0, interrupted=True)
    call.choose(0, waited=120.0)
    while not call.ended:
        call.choose(0)
    return CallScene(game.ui, call, "Sam", resumed=True)


def history_problems(scene, name: str) -> list[str]:
    """Every wrapped line of the history (not only those in view) fits the panel's text column."""
    ui, panel = scene.ui, scene.history
    room = panel.view.width - panel._indent() - ui.m.sp(1.5)
    out = [f"{name}: history line {line.text!r} is {ui.text.width(line.text, line.role)}px in {room}px"
           for row in panel.rows for line in row.lines if ui.text.width(line.text, line.role) > room]
    if not scene.rect.contains(panel.rect) or not panel.rect.contains(panel.view):
        out.append(f"{name}: history panel {panel.rect} / view {panel.view} outside {scene.rect}")
    return out


@pytest.mark.parametrize("size", HISTORY_SIZES)
@pytest.mark.parametrize("text_size", range(len(TEXT_SIZES)))
def test_the_history_panel_shows_all_its_text(make, library, size, text_size) -> None:
    game = make(size=size, settings=Settings(text_size=text_size))
    scene = history_scene(game, library)
    show(game, scene)
    scene.open_history()
    assert scene.history.is_open and scene.history.max_offset > 0
    name = "call-history"
    found = history_problems(scene, name)
    for where, key in (("end", None), ("top", pygame.K_HOME)):
        if key is not None:
            game.key(key)
            game.settle(1.0)
        game.ui.text.drawn = []
        game.app.draw()
        found += problems(game, f"{name} ({where})")
        drawn = [d for d in game.ui.text.drawn if d.clip == tuple(scene.history.view)]
        assert drawn, "the history drew no lines"
        game.app.screenshot(SCREENS / "sizes" / f"{size[0]}x{size[1]}-text{text_size}-{name}-{where}.png")
    assert not found, "\n".join(dict.fromkeys(found))
