"""Drawing helpers shared by the scenes: panels, chips, the focus ring, progress bars, text placement."""

from __future__ import annotations

import pygame

from game.ui.pygame.context import UI
from game.ui.pygame.theme import Color


def panel(surface: pygame.Surface, ui: UI, rect: pygame.Rect, fill: Color | None = None,
          border: Color | None = None, radius: int | None = None, width: int = 1) -> None:
    """A rounded card with a 1px border."""
    r = round(ui.m.radius if radius is None else radius)
    pygame.draw.rect(surface, fill or ui.p.surface, rect, border_radius=r)
    if border is not None or fill is None:
        pygame.draw.rect(surface, border or ui.p.border, rect, width, border_radius=r)


def focus_ring(surface: pygame.Surface, ui: UI, rect: pygame.Rect, radius: int | None = None) -> None:
    """The keyboard focus highlight: a thick ring just outside `rect`."""
    w = ui.m.focus_width
    ring = rect.inflate(w * 2 + 2, w * 2 + 2)
    pygame.draw.rect(surface, ui.p.focus, ring, w, border_radius=round(ui.m.radius if radius is None else radius) + w)


def text(surface: pygame.Surface, ui: UI, value: str, role: str, color: Color, pos: tuple[int, int],
         anchor: str = "topleft", max_width: int | None = None) -> pygame.Rect:
    """One line of cached text placed by `anchor`; cut with an ellipsis beyond `max_width`."""
    shown = ui.text.fit(value, role, max_width) if max_width is not None else value
    surf = ui.text.line(shown, role, color)
    rect = surf.get_rect(**{anchor: pos})
    surface.blit(surf, rect)
    ui.text.record(value, shown, max_width, rect, surface=surface)
    return rect


def chip(surface: pygame.Surface, ui: UI, label: str, pos: tuple[int, int], fg: Color, bg: Color,
         role: str = "small_b", anchor: str = "topleft") -> pygame.Rect:
    """A small rounded label; returns its rect."""
    surf = ui.text.line(label, role, fg)
    pad_x, pad_y = ui.m.sp(0.9), ui.m.sp(0.3)
    rect = pygame.Rect(0, 0, surf.get_width() + pad_x * 2, surf.get_height() + pad_y * 2)
    setattr(rect, anchor, pos)
    ui.text.record(label, label, None, rect, surface=surface)
    pygame.draw.rect(surface, bg, rect, border_radius=rect.height // 2)
    surface.blit(surf, (rect.x + pad_x, rect.y + pad_y))
    return rect


def chip_width(ui: UI, label: str, role: str = "small_b") -> int:
    return ui.text.width(label, role) + ui.m.sp(0.9) * 2


def bar(surface: pygame.Surface, ui: UI, rect: pygame.Rect, fraction: float, color: Color,
        marker: float | None = None) -> None:
    """A rounded progress bar filled to `fraction` (0..1), with an optional threshold marker."""
    radius = rect.height // 2
    pygame.draw.rect(surface, ui.p.track, rect, border_radius=radius)
    fill = rect.copy()
    fill.width = round(rect.width * max(0.0, min(1.0, fraction)))
    if fill.width >= rect.height // 2:
        pygame.draw.rect(surface, color, fill, border_radius=radius)
    if marker is not None:
        x = rect.left + round(rect.width * marker)
        pygame.draw.line(surface, ui.p.text, (x, rect.top - 3), (x, rect.bottom + 2), 2)


def divider(surface: pygame.Surface, ui: UI, left: int, right: int, y: int) -> None:
    pygame.draw.line(surface, ui.p.border, (left, y), (right, y), 1)


def key_hint(surface: pygame.Surface, ui: UI, key: str, pos: tuple[int, int], fg: Color | None = None,
             border: Color | None = None, anchor: str = "midleft") -> pygame.Rect:
    """A keycap label such as `Tab` or `1`."""
    surf = ui.text.line(key, "small_b", fg or ui.p.muted)
    pad = ui.m.sp(0.5)
    rect = pygame.Rect(0, 0, max(surf.get_width() + pad * 2, surf.get_height() + pad), surf.get_height() + pad)
    setattr(rect, anchor, pos)
    pygame.draw.rect(surface, border or ui.p.border, rect, 1, border_radius=max(3, ui.m.radius // 2))
    surface.blit(surf, surf.get_rect(center=rect.center))
    return rect


def key_hint_width(ui: UI, key: str) -> int:
    surf_w = ui.text.width(key, "small_b")
    h = ui.text.font("small_b").get_height()
    pad = ui.m.sp(0.5)
    return max(surf_w + pad * 2, h + pad)


def first_fitting(surface: pygame.Surface, ui: UI, options: list[str], role: str, color: Color,
                  pos: tuple[int, int], anchor: str, max_width: int, whole: str = "") -> pygame.Rect | None:
    """Draw the first of `options` (longest first) that fits in `max_width`; nothing when none does
    (`whole`: where the same is shown otherwise, for the layout tests)."""
    for option in options:
        if option and ui.text.width(option, role) <= max_width:
            return text(surface, ui, option, role, color, pos, anchor)
    ui.text.record(options[0] if options else "", "", max_width, (*pos, 0, 0), dropped=not whole, whole=whole)
    return None


def title(surface: pygame.Surface, ui: UI, value: str, color: Color, pos: tuple[int, int], max_width: int,
          anchor: str = "topleft", roles: tuple[str, ...] = ("h1", "h2")) -> pygame.Rect:
    """A heading in the largest role that fits on one line (the last role cut with an ellipsis)."""
    role = next((r for r in roles if ui.text.width(value, r) <= max_width), roles[-1])
    return text(surface, ui, value, role, color, pos, anchor, max_width=max_width)
