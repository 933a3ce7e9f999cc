"""A small flat-illustration kit on top of pygame.draw, shared by the portrait and icon scripts.

Shapes are given in design units (e.g. 0..256) and drawn `scale` times larger; `finish()` shrinks the
picture with pygame's averaging smoothscale, which anti-aliases every edge. Smooth outlines come
from Catmull-Rom splines through a few points (`blob` for filled shapes, `stroke` for lines with
round ends), so hair, brows and mouths are described by a handful of numbers.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Callable, Iterable, Sequence

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
import pygame  # noqa: E402

Point = tuple[float, float]
Color = tuple[int, ...]


def hex_color(code: str, alpha: int | None = None) -> Color:
    """'#rrggbb' as an (r, g, b) or (r, g, b, a) tuple."""
    code = code.lstrip("#")
    rgb = tuple(int(code[i:i + 2], 16) for i in (0, 2, 4))
    return rgb if alpha is None else (*rgb, alpha)


def mix(a: Color, b: Color, t: float) -> Color:
    """The colour t of the way from a to b (0 = a, 1 = b)."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def catmull_rom(points: Sequence[Point], closed: bool, steps: int = 16) -> list[Point]:
    """Points along a Catmull-Rom spline through `points` (closed loops wrap around)."""
    pts = list(points)
    if len(pts) < 3:
        return pts
    if closed:
        ring = pts[-1:] + pts + pts[:2]
        segments = len(pts)
    else:
        ring = [pts[0]] + pts + [pts[-1]]
        segments = len(pts) - 1
    out: list[Point] = []
    for seg in range(segments):
        p0, p1, p2, p3 = ring[seg], ring[seg + 1], ring[seg + 2], ring[seg + 3]
        for k in range(steps):
            t = k / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(  # type: ignore[arg-type]
                0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3)
                for a, b, c, d in zip(p0, p1, p2, p3)))
    if not closed:
        out.append(pts[-1])
    return out


class Canvas:
    """A drawing surface in design units, `scale` times oversampled for anti-aliasing."""

    def __init__(self, size: int, scale: int = 4, fill: Color = (0, 0, 0, 0), alpha: bool = False) -> None:
        self.size, self.scale = size, scale
        self.zoom, self.pivot = 1.0, (0.0, 0.0)
        flags = pygame.SRCALPHA if alpha else 0
        self.surface = pygame.Surface((size * scale, size * scale), flags, 32)
        self.surface.fill(fill)

    def view(self, zoom: float = 1.0, pivot: Point = (0.0, 0.0)) -> None:
        """Draw what follows `zoom` times larger around `pivot` (1.0 = as given)."""
        self.zoom, self.pivot = zoom, pivot

    def _p(self, point: Point) -> tuple[int, int]:
        (px, py), z, s = self.pivot, self.zoom, self.scale
        return round((px + (point[0] - px) * z) * s), round((py + (point[1] - py) * z) * s)

    def _r(self, value: float) -> int:
        return max(1, round(value * self.zoom * self.scale))

    def circle(self, color: Color, center: Point, radius: float, width: float = 0) -> None:
        """A disc, or a ring `width` units thick."""
        pygame.draw.circle(self.surface, color, self._p(center), self._r(radius), self._r(width) if width else 0)

    def ellipse(self, color: Color, center: Point, width: float, height: float) -> None:
        """A filled ellipse given by its centre and full width/height."""
        rect = pygame.Rect(0, 0, self._r(width), self._r(height))
        rect.center = self._p(center)
        pygame.draw.ellipse(self.surface, color, rect)

    def rect(self, color: Color, box: tuple[float, float, float, float], radius: float = 0) -> None:
        """A filled rectangle (x, y, w, h) with rounded corners of `radius`."""
        x, y, w, h = box
        pygame.draw.rect(self.surface, color, pygame.Rect(*self._p((x, y)), self._r(w), self._r(h)),
                         border_radius=self._r(radius) if radius else 0)

    def polygon(self, color: Color, points: Iterable[Point]) -> None:
        """A filled polygon with straight edges."""
        pygame.draw.polygon(self.surface, color, [self._p(p) for p in points])

    def blob(self, color: Color, points: Sequence[Point]) -> None:
        """A filled shape whose outline is a smooth closed curve through `points`."""
        self.polygon(color, catmull_rom(points, closed=True))

    def stroke(self, color: Color, points: Sequence[Point], width: float) -> None:
        """A smooth line through `points`, `width` units thick, with round ends."""
        curve = catmull_rom(points, closed=False, steps=24)
        radius = width / 2
        dense: list[Point] = []
        for a, b in zip(curve, curve[1:]):
            dist = math.dist(a, b)
            count = max(1, int(dist * self.scale / 2))
            dense.extend((a[0] + (b[0] - a[0]) * i / count, a[1] + (b[1] - a[1]) * i / count) for i in range(count))
        dense.append(curve[-1])
        for point in dense:
            pygame.draw.circle(self.surface, color, self._p(point), self._r(radius))

    def arc(self, color: Color, center: Point, rx: float, ry: float, start_deg: float, end_deg: float,
            width: float) -> None:
        """A stroked elliptical arc (angles in degrees, 0 = right, 90 = down), with round ends."""
        steps = max(8, int(abs(end_deg - start_deg) / 4))
        points = [(center[0] + rx * math.cos(math.radians(start_deg + (end_deg - start_deg) * i / steps)),
                   center[1] + ry * math.sin(math.radians(start_deg + (end_deg - start_deg) * i / steps)))
                  for i in range(steps + 1)]
        self.stroke(color, points, width)

    def finish(self, circle_mask: Point | None = None, mask_radius: float = 0) -> pygame.Surface:
        """The picture at its design size, anti-aliased; with circle_mask, everything outside the
        circle (centre, mask_radius) becomes transparent with a smooth edge."""
        small = pygame.transform.smoothscale(self.surface, (self.size, self.size)).convert_alpha()
        if circle_mask is None:
            return small
        mask = pygame.Surface(self.surface.get_size(), pygame.SRCALPHA, 32)
        mask.fill((255, 255, 255, 0))
        pygame.draw.circle(mask, (255, 255, 255, 255), self._p(circle_mask), self._r(mask_radius))
        small.blit(pygame.transform.smoothscale(mask, (self.size, self.size)), (0, 0),
                   special_flags=pygame.BLEND_RGBA_MULT)
        return small


def init_headless() -> None:
    """Start pygame's display headless (convert_alpha needs a display mode)."""
    pygame.display.init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode((1, 1))


def write_pngs(out_dir: Path, pictures: dict[str, Callable[[], pygame.Surface]]) -> None:
    """Render each picture and save it as out_dir/name (headless; creates the folder)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    init_headless()
    for name, render in pictures.items():
        pygame.image.save(render(), str(out_dir / name))
        print(f"wrote {out_dir / name}")
