"""Small icons drawn with pygame primitives (no image files needed): check, cross, speaker, phone,
gear, chevron and difficulty dots. Each draws centred in `rect` in `color`."""

from __future__ import annotations

import math

import pygame
import pygame.gfxdraw

from game.ui.pygame.theme import Color


def disc(surface: pygame.Surface, color: Color, center: tuple[int, int], radius: int) -> None:
    """A filled circle with a smooth edge."""
    x, y = round(center[0]), round(center[1])
    pygame.gfxdraw.aacircle(surface, x, y, radius, color)
    pygame.gfxdraw.filled_circle(surface, x, y, radius, color)


def check(surface: pygame.Surface, rect: pygame.Rect, color: Color) -> None:
    w = max(2, rect.width // 7)
    pts = [(rect.left + rect.width * 0.18, rect.top + rect.height * 0.52),
           (rect.left + rect.width * 0.42, rect.top + rect.height * 0.76),
           (rect.left + rect.width * 0.84, rect.top + rect.height * 0.26)]
    pygame.draw.lines(surface, color, False, pts, w)


def cross(surface: pygame.Surface, rect: pygame.Rect, color: Color) -> None:
    w = max(2, rect.width // 7)
    inset = rect.inflate(-rect.width * 0.45, -rect.height * 0.45)
    pygame.draw.line(surface, color, inset.topleft, inset.bottomright, w)
    pygame.draw.line(surface, color, inset.topright, inset.bottomleft, w)


def badge(surface: pygame.Surface, rect: pygame.Rect, ok: bool, fg: Color, bg: Color) -> None:
    """A filled disc with a check (ok) or a cross."""
    disc(surface, bg, rect.center, min(rect.width, rect.height) // 2)
    (check if ok else cross)(surface, rect.inflate(-rect.width // 5, -rect.height // 5), fg)


def speaker(surface: pygame.Surface, rect: pygame.Rect, color: Color, waves: int = 2, phase: float = 0.0) -> None:
    """A speaker with `waves` sound arcs (0 = muted, drawn with a slash); `phase` animates the arcs."""
    h = rect.height
    box = pygame.Rect(rect.left, rect.centery - h // 6, h // 4, h // 3)
    cone = [(box.right, box.top), (box.right + h // 4, rect.top + h // 8), (box.right + h // 4, rect.bottom - h // 8),
            (box.right, box.bottom)]
    pygame.draw.rect(surface, color, box)
    pygame.draw.polygon(surface, color, cone)
    cx = box.right + h // 4
    if waves == 0:
        pygame.draw.line(surface, color, (rect.left, rect.bottom - 1), (cx + h // 3, rect.top + 1), 2)
        return
    for i in range(waves):
        r = h // 5 + i * h // 6 + int(2 * math.sin(phase * 6 + i))
        arc = pygame.Rect(0, 0, r * 2, r * 2)
        arc.center = (cx, rect.centery)
        pygame.draw.arc(surface, color, arc, -0.8, 0.8, 2)


def phone(surface: pygame.Surface, rect: pygame.Rect, color: Color) -> None:
    """A telephone handset."""
    w, h = rect.width, rect.height
    t = max(3, w // 5)
    arc = pygame.Rect(rect.left + w * 0.1, rect.top + h * 0.2, w * 0.8, h * 0.9)
    pygame.draw.arc(surface, color, arc, math.radians(20), math.radians(160), t)
    for side in (0.12, 0.66):
        ear = pygame.Rect(rect.left + w * side, rect.top + h * 0.45, w * 0.24, h * 0.3)
        pygame.draw.rect(surface, color, ear, border_radius=max(2, t // 2))


def gear(surface: pygame.Surface, rect: pygame.Rect, color: Color, hole: Color) -> None:
    cx, cy = rect.center
    r = min(rect.width, rect.height) // 2
    for i in range(8):
        a = i * math.pi / 4
        tooth = pygame.Rect(0, 0, max(3, r // 2), max(3, r // 2))
        tooth.center = (cx + math.cos(a) * r * 0.78, cy + math.sin(a) * r * 0.78)
        pygame.draw.rect(surface, color, tooth)
    pygame.draw.circle(surface, color, (cx, cy), round(r * 0.72))
    pygame.draw.circle(surface, hole, (cx, cy), round(r * 0.3))


def chevron(surface: pygame.Surface, rect: pygame.Rect, color: Color, direction: str = "right") -> None:
    x0, x1 = rect.left + rect.width * 0.35, rect.left + rect.width * 0.65
    y0, y1, ym = rect.top + rect.height * 0.25, rect.bottom - rect.height * 0.25, rect.centery
    pts = [(x0, y0), (x1, ym), (x0, y1)] if direction == "right" else [(x1, y0), (x0, ym), (x1, y1)]
    pygame.draw.lines(surface, color, False, pts, max(2, rect.width // 8))


def dots(surface: pygame.Surface, left: int, centery: int, filled: int, total: int, radius: int,
         on: Color, off: Color) -> int:
    """`total` dots, the first `filled` in `on`; returns the x after the last dot."""
    x = left + radius
    for i in range(total):
        disc(surface, on if i < filled else off, (x, centery), radius)
        x += radius * 3
    return x - radius * 2
