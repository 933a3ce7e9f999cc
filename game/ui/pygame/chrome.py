"""The frame around every page: the top bar (brand, session steps, trainee, settings) and the
footer's button row."""

from __future__ import annotations

from typing import Sequence

import pygame

from game.ui.pygame import draw
from game.ui.pygame.context import UI
from game.ui.pygame.widgets import Button

STEPS: tuple[str, ...] = ("Choose", "Prepare", "Call", "Document", "Debrief")


class TopBar:
    """Brand on the left, where the trainee is in the session, their name and a settings button."""

    def __init__(self, ui: UI, step: str = "", trainee: str = "") -> None:
        self.ui = ui
        self.step = step
        self.trainee = trainee
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.settings = Button("settings", "Settings", "topbar", hint="F2", icon="settings")

    def layout(self, width: int) -> None:
        m = self.ui.m
        self.rect = pygame.Rect(0, 0, width, m.topbar)
        bw = self.settings.natural_width(self.ui)
        bh = Button.natural_height(self.ui) - m.sp(0.5)
        self.settings.rect = pygame.Rect(0, 0, bw, bh)
        self.settings.rect.midright = (width - m.sp(2), self.rect.centery)

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        pygame.draw.rect(surface, p.topbar, self.rect)
        if p.topbar == p.bg:
            draw.divider(surface, ui, 0, self.rect.right, self.rect.bottom - 1)
        mark = pygame.Rect(m.sp(2), 0, round(m.topbar * 0.56), round(m.topbar * 0.56))
        mark.centery = self.rect.centery
        pygame.draw.rect(surface, p.accent, mark, border_radius=m.radius)
        draw.text(surface, ui, "AR", "small_b", p.on_accent, mark.center, "center")
        brand = draw.text(surface, ui, "AR Dojo", "h3", p.on_topbar, (mark.right + m.sp(1), self.rect.centery),
                          "midleft")
        right = self.settings.rect.left - m.sp(2)
        if self.trainee:
            name = draw.text(surface, ui, self.trainee, "small_b", p.topbar_muted, (right, self.rect.centery),
                             "midright", max_width=max(40, right - brand.right - m.sp(4)))
            right = name.left - m.sp(2)
        if self.step:
            self._stepper(surface, brand.right + m.sp(4), right)

    def _stepper(self, surface: pygame.Surface, left: int, right: int) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        gap = m.sp(2.5)
        widths = [draw.chip_width(ui, s) for s in STEPS]
        total = sum(widths) + gap * (len(STEPS) - 1)
        if total > right - left:
            ui.text.record(" · ".join(STEPS), "", right - left, (left, 0, 0, 0), dropped=True)
            return
        x = left + (right - left - total) // 2
        current = STEPS.index(self.step) if self.step in STEPS else -1
        for i, (label, w) in enumerate(zip(STEPS, widths)):
            if i == current:
                draw.chip(surface, ui, label, (x, self.rect.centery), p.topbar, p.on_topbar, anchor="midleft")
            else:
                color = p.on_topbar if i < current else p.topbar_muted
                draw.text(surface, ui, label, "small_b", color, (x + m.sp(0.9), self.rect.centery), "midleft")
            if i < len(STEPS) - 1:
                cx = x + w + gap // 2
                pygame.draw.circle(surface, p.topbar_muted, (cx, self.rect.centery), 2)
            x += w + gap


def body_rect(ui: UI, rect: pygame.Rect) -> pygame.Rect:
    """The page area under the top bar, inside the side margins."""
    m = ui.m
    margin = max(m.sp(3), (rect.width - 1600) // 2)
    return pygame.Rect(rect.left + margin, rect.top + m.topbar + m.sp(2.5),
                       rect.width - 2 * margin, rect.height - m.topbar - m.sp(2.5) - m.sp(2))


def place_row(ui: UI, buttons: Sequence[Button], area: pygame.Rect, align: str = "right") -> None:
    """Size buttons to their labels and line them up in `area` (vertically centred)."""
    gap = ui.m.sp(1.5)
    h = Button.natural_height(ui)
    widths = [b.natural_width(ui) for b in buttons]
    total = sum(widths) + gap * (len(buttons) - 1)
    if total > area.width:  # squeeze evenly rather than spill out of the window
        widths = [max(40, (area.width - gap * (len(buttons) - 1)) // len(buttons))] * len(buttons)
        total = area.width
    x = {"right": area.right - total, "left": area.left, "center": area.centerx - total // 2}[align]
    for button, w in zip(buttons, widths):
        button.rect = pygame.Rect(x, area.centery - h // 2, w, h)
        x += w + gap
