"""Draw the UI icons as 64x64 white-on-transparent PNGs in assets/icons/.

    python assets/tools/make_icons.py [OUT_DIR]

Icons are white so the game can tint them to any theme colour (for example by blitting with
pygame.BLEND_RGBA_MULT) and scale them down; they are drawn 8 times larger and averaged down.
"""

from __future__ import annotations

import functools
import math
import sys
from pathlib import Path
from typing import Callable, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from drawkit import Canvas, Point, pygame, write_pngs  # noqa: E402

SIZE = 64
OUT_DIR = Path(__file__).resolve().parents[1] / "icons"
INK = (255, 255, 255, 255)
CLEAR = (255, 255, 255, 0)  # pygame.draw writes this as-is on an alpha surface: it cuts holes


def rotate(points: Sequence[Point], degrees: float, center: Point = (32, 32)) -> list[Point]:
    """The points turned by `degrees` (clockwise on screen) around `center`."""
    a = math.radians(degrees)
    cx, cy = center
    return [(cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a),
             cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a)) for x, y in points]


def gear(c: Canvas) -> None:
    """Settings: an eight-tooth gear with a round hole."""
    teeth = 8
    for k in range(teeth):
        angle = 360 * k / teeth
        c.polygon(INK, rotate([(27.5, 32 - 22), (36.5, 32 - 22), (38.5, 32 - 12), (25.5, 32 - 12)], angle))
    c.circle(INK, (32, 32), 17)
    c.circle(CLEAR, (32, 32), 7.5)


def speaker(c: Canvas) -> None:
    """The loudspeaker shared by both speaker icons."""
    c.rect(INK, (7, 24, 11, 16), radius=2)
    c.blob(INK, [(16, 24), (30, 12), (32, 14), (32, 50), (30, 52), (16, 40)])


def speaker_on(c: Canvas) -> None:
    """Voice on: a speaker with two sound waves."""
    speaker(c)
    c.arc(INK, (31, 32), 10, 10, -48, 48, 4.2)
    c.arc(INK, (31, 32), 19, 19, -50, 50, 4.2)


def speaker_off(c: Canvas) -> None:
    """Voice off: a speaker with a cross."""
    speaker(c)
    c.stroke(INK, [(40, 24), (56, 40)], 4.6)
    c.stroke(INK, [(56, 24), (40, 40)], 4.6)


def handset(c: Canvas, degrees: float) -> None:
    """A telephone handset, drawn with its handle arching up and then turned by `degrees`."""
    handle = [(6 + 52 * t, 34 - 14 * math.sin(math.pi * t)) for t in (i / 12 for i in range(13))]
    ear = rotate([(12.5 + 10 * math.cos(2 * math.pi * k / 16), 37 + 7.5 * math.sin(2 * math.pi * k / 16))
                  for k in range(16)], -18, (12.5, 37))
    mouth = [(64 - x, y) for x, y in ear]
    c.stroke(INK, rotate(handle, degrees), 9)
    c.blob(INK, rotate(ear, degrees))
    c.blob(INK, rotate(mouth, degrees))


def phone(c: Canvas) -> None:
    """Call / dial: the handset tilted like a phone being picked up."""
    handset(c, -40)


def phone_hang_up(c: Canvas) -> None:
    """Hang up: the handset lying flat."""
    handset(c, 0)


ICONS: dict[str, Callable[[Canvas], None]] = {
    "settings.png": gear,
    "speaker-on.png": speaker_on,
    "speaker-off.png": speaker_off,
    "phone.png": phone,
    "phone-hang-up.png": phone_hang_up,
}


def render(draw: Callable[[Canvas], None]) -> pygame.Surface:
    """One icon as a 64x64 white-on-transparent surface."""
    c = Canvas(SIZE, scale=8, fill=CLEAR, alpha=True)
    draw(c)
    return c.finish()


def main(argv: list[str]) -> int:
    """Write every icon into OUT_DIR (default assets/icons/)."""
    out_dir = Path(argv[0]) if argv else OUT_DIR
    write_pngs(out_dir, {name: functools.partial(render, draw) for name, draw in ICONS.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
