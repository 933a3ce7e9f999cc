"""Every screen at every text size × 1024×640, 1280×800 and 1920×1080: every piece of text drawn (the
draw layer records each, `TextCache.drawn`) is shown whole — never dropped for want of room, never cut
with an ellipsis — and inside the window. A screenshot of each is saved in test-artifacts/screens/sizes."""

from __future__ import annotations

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
