"""Colours and sizes: a calm default palette, a high-contrast one, and metrics scaled to the window."""

from __future__ import annotations

from dataclasses import dataclass

from game.ui.pygame.settings import TEXT_SIZES

Color = tuple[int, int, int]

#: The window size the layout is designed at; other sizes scale type and spacing from it.
DESIGN_SIZE = (1280, 720)
#: The smallest window the layout is checked at.
MIN_SIZE = (1024, 640)


@dataclass(frozen=True, slots=True)
class Palette:
    """Every colour the game draws with, by role."""

    bg: Color
    surface: Color
    surface_alt: Color
    border: Color
    text: Color
    muted: Color
    accent: Color
    on_accent: Color
    accent_soft: Color
    focus: Color
    ok: Color
    ok_soft: Color
    bad: Color
    bad_soft: Color
    warn: Color
    warn_soft: Color
    topbar: Color
    on_topbar: Color
    topbar_muted: Color
    client_bubble: Color
    you_bubble: Color
    track: Color
    shadow: Color
    dim: tuple[int, int, int, int]


CALM = Palette(
    bg=(239, 242, 246), surface=(255, 255, 255), surface_alt=(246, 248, 251), border=(214, 220, 228),
    text=(28, 37, 50), muted=(92, 104, 120), accent=(29, 95, 160), on_accent=(255, 255, 255),
    accent_soft=(226, 236, 248), focus=(232, 140, 20), ok=(30, 122, 78), ok_soft=(223, 242, 231),
    bad=(184, 50, 42), bad_soft=(250, 228, 225), warn=(166, 108, 10), warn_soft=(252, 241, 218),
    topbar=(22, 42, 68), on_topbar=(244, 247, 250), topbar_muted=(160, 178, 200),
    client_bubble=(244, 246, 249), you_bubble=(226, 236, 248), track=(226, 231, 237), shadow=(205, 212, 222),
    dim=(16, 24, 36, 150),
)

HIGH_CONTRAST = Palette(
    bg=(0, 0, 0), surface=(12, 12, 12), surface_alt=(24, 24, 24), border=(235, 235, 235),
    text=(255, 255, 255), muted=(225, 225, 225), accent=(90, 200, 255), on_accent=(0, 0, 0),
    accent_soft=(0, 44, 70), focus=(255, 221, 0), ok=(90, 230, 120), ok_soft=(0, 56, 20),
    bad=(255, 120, 110), bad_soft=(72, 0, 0), warn=(255, 200, 60), warn_soft=(64, 44, 0),
    topbar=(0, 0, 0), on_topbar=(255, 255, 255), topbar_muted=(230, 230, 230),
    client_bubble=(20, 20, 20), you_bubble=(0, 44, 70), track=(70, 70, 70), shadow=(0, 0, 0),
    dim=(0, 0, 0, 200),
)


def palette_for(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else CALM


@dataclass(frozen=True, slots=True)
class Metrics:
    """Sizes for one window size and text size: font sizes in pixels and a spacing unit."""

    width: int
    height: int
    body: int
    unit: int

    @property
    def small(self) -> int:
        return max(12, round(self.body * 0.86))

    @property
    def h3(self) -> int:
        return round(self.body * 1.15)

    @property
    def h2(self) -> int:
        return round(self.body * 1.4)

    @property
    def h1(self) -> int:
        return round(self.body * 1.9)

    @property
    def radius(self) -> int:
        return max(6, round(self.unit * 1.0))

    @property
    def topbar(self) -> int:
        return round(self.body * 2.2 + self.unit * 1.5)

    @property
    def focus_width(self) -> int:
        return max(2, round(self.unit / 3))

    def sp(self, n: float) -> int:
        """`n` spacing units in pixels."""
        return round(self.unit * n)


def window_scale(size: tuple[int, int]) -> float:
    """How much bigger than the design size the window is, clamped to 0.9..1.4."""
    w, h = size
    return min(1.4, max(0.9, min(w / DESIGN_SIZE[0], h / DESIGN_SIZE[1])))


def metrics_for(size: tuple[int, int], text_size: int) -> Metrics:
    """The metrics for a window of `size` and the text size step `text_size`."""
    scale = window_scale(size)
    body = round(TEXT_SIZES[text_size][1] * scale)
    return Metrics(size[0], size[1], body, max(6, round(8 * scale)))
