"""The shared figure for the client portraits: a head-and-shoulders person on a coloured disc.

A `Look` gives the colours and the parts that differ (hair behind and in front of the face, clothes,
face, extras such as glasses); `render()` draws the figure with them and cuts the disc out with a
light rim and a smooth, transparent outside. Coordinates are in a 256x256 design space.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from drawkit import Canvas, Color, hex_color, mix, pygame

SIZE = 256
CENTER = (128.0, 128.0)
RADIUS = 124.0
INK = hex_color("#2b2530")
FIGURE_ZOOM, FIGURE_PIVOT = 1.14, (128.0, 150.0)  # the figure fills the disc a little more
WHITE = (255, 255, 255)

Draw = Callable[[Canvas, "Look"], None]
Point = tuple[float, float]

FACE_OUTLINE: tuple[Point, ...] = (
    (86, 104), (90, 80), (104, 63), (128, 57), (152, 63), (166, 80), (170, 104), (167, 128),
    (158, 148), (144, 161), (128, 166), (112, 161), (98, 148), (89, 128))
"""The head, as a smooth closed curve through these points (a softly pointed chin)."""


@dataclass(frozen=True)
class Look:
    """Everything that makes one portrait: colours, and the parts drawn over the base figure."""

    background: Color
    skin: Color
    hair: Color
    shirt: Color
    hair_back: Draw
    hair_front: Draw
    clothes: Draw
    face: Draw
    extras: list[Draw] = field(default_factory=list)
    face_outline: tuple[Point, ...] = FACE_OUTLINE
    neck_width: float = 36

    @property
    def skin_shade(self) -> Color:
        return mix(self.skin, (90, 40, 40), 0.22)


def base_figure(c: Canvas, look: Look) -> None:
    """Background disc, back hair, neck, clothes, head, ears; the face and front hair go on top."""
    c.circle(look.background, CENTER, 130)
    c.circle(mix(look.background, WHITE, 0.16), (128, 112), 96)
    c.view(FIGURE_ZOOM, FIGURE_PIVOT)
    look.hair_back(c, look)
    c.rect(look.skin_shade, (128 - look.neck_width / 2, 146, look.neck_width, 50), radius=10)
    c.ellipse(mix(look.skin_shade, (40, 20, 20), 0.14), (128, 164), look.neck_width, 18)  # shadow under the chin
    look.clothes(c, look)
    c.ellipse(look.skin, (86, 116), 16, 24)
    c.ellipse(look.skin, (170, 116), 16, 24)
    c.ellipse(look.skin_shade, (87, 117), 7, 12)
    c.ellipse(look.skin_shade, (169, 117), 7, 12)
    c.blob(look.skin, look.face_outline)
    look.face(c, look)
    look.hair_front(c, look)
    for extra in look.extras:
        extra(c, look)
    c.view()


def torso(c: Canvas, color: Color, neckline: list[tuple[float, float]] | None = None,
          skin: Color | None = None) -> None:
    """Rounded shoulders filling the bottom of the disc, with an optional V/scoop of skin."""
    c.blob(color, [(24, 300), (30, 222), (58, 196), (100, 182), (128, 180), (156, 182), (198, 196),
                   (226, 222), (232, 300)])
    if neckline and skin:
        c.blob(skin, neckline)


def eyes(c: Canvas, look: Look, gaze: tuple[float, float] = (0, 0), lid: float = 0.0, y: float = 114) -> None:
    """Two eyes: whites, dark irises shifted by `gaze`, highlights, and an upper lid line.
    `lid` (0..1) lowers the upper lids for a sceptical or tired look."""
    for x in (110.0, 146.0):
        c.ellipse(WHITE, (x, y), 17, 13)
        c.circle(INK, (x + gaze[0], y + gaze[1]), 5.2)
        c.circle(WHITE, (x + gaze[0] + 1.8, y + gaze[1] - 1.8), 1.5)
        if lid > 0:
            c.rect(look.skin, (x - 10, y - 9, 20, 3 + 7 * lid))
        c.stroke(INK, [(x - 9, y - 1 + 6 * lid), (x, y - 6.5 + 6 * lid), (x + 9, y - 1 + 6 * lid)], 2.2)


def nose(c: Canvas, look: Look) -> None:
    """A small flat nose: one soft stroke."""
    c.stroke(look.skin_shade, [(129, 122), (125, 135), (131, 138)], 3.2)


def blush(c: Canvas, look: Look, strength: float = 0.35) -> None:
    """Soft cheeks."""
    tone = mix(look.skin, hex_color("#e06a6a"), strength)
    c.ellipse(tone, (100, 134), 16, 9)
    c.ellipse(tone, (156, 134), 16, 9)


def render(look: Look) -> pygame.Surface:
    """One portrait as a 256x256 surface with a transparent outside."""
    c = Canvas(SIZE, scale=4, fill=mix(look.background, WHITE, 0.7))
    base_figure(c, look)
    rim = mix(look.background, WHITE, 0.7)
    c.circle(rim, CENTER, RADIUS + 20, width=24)  # the light rim (and everything outside it)
    return c.finish(circle_mask=CENTER, mask_radius=RADIUS)
