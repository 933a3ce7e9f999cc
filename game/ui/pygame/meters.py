"""The client's patience and trust as bars that ease towards their new value and flash the change."""

from __future__ import annotations

import pygame

from game.content.model import METER_MAX
from game.ui.pygame import draw
from game.ui.pygame.context import UI

EASE = 5.0        # per second
FLASH_SECONDS = 2.5


class Meter:
    def __init__(self, name: str, value: int) -> None:
        self.name = name
        self.value = value
        self.shown = float(value)
        self.delta = 0
        self.flash = 0.0

    def set(self, value: int) -> None:
        if value != self.value:
            self.delta = value - self.value
            self.flash = FLASH_SECONDS
            self.value = value

    @property
    def moving(self) -> bool:
        return abs(self.shown - self.value) > 0.2 or self.flash > 0

    def update(self, dt: float) -> None:
        gap = self.value - self.shown
        self.shown = float(self.value) if abs(gap) < 0.2 else self.shown + gap * min(1.0, dt * EASE)
        self.flash = max(0.0, self.flash - dt)

    def color(self, ui: UI) -> tuple[int, int, int]:
        v = self.shown
        return ui.p.bad if v < 30 else ui.p.warn if v < 55 else ui.p.ok

    def height(self, ui: UI) -> int:
        return ui.text.line_height("small_b") + max(8, ui.m.sp(1.25)) + ui.m.sp(0.5)

    def draw(self, surface: pygame.Surface, ui: UI, rect: pygame.Rect) -> None:
        """Label and value on one line, the bar under it, the last change as a chip while it flashes."""
        p, m = ui.p, ui.m
        label = draw.text(surface, ui, self.name.capitalize(), "small_b", p.text, rect.topleft)
        draw.text(surface, ui, f"{round(self.shown)}", "small_b", p.text, (rect.right, rect.top), "topright")
        if self.flash > 0 and self.delta:
            good = self.delta > 0
            draw.chip(surface, ui, f"{self.delta:+d}", (label.right + m.sp(1), label.centery),
                      p.ok if good else p.bad, p.ok_soft if good else p.bad_soft, anchor="midleft")
        bar = pygame.Rect(rect.left, label.bottom + m.sp(0.5), rect.width, max(8, m.sp(1.25)))
        draw.bar(surface, ui, bar, self.shown / METER_MAX, self.color(ui))
