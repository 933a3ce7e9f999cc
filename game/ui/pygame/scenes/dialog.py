"""A small modal dialog: a title, a message and two or three buttons. Hands on which was chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pygame

from game.ui.pygame import draw
from game.ui.pygame.chrome import place_row
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Scene
from game.ui.pygame.widgets import Button


@dataclass(frozen=True, slots=True)
class Chosen:
    """The dialog `tag` was answered with `action` (Esc answers with the `cancel` action)."""

    tag: str
    action: str


class DialogScene(Scene):
    modal = True
    name = "dialog"

    def __init__(self, ui: UI, tag: str, title: str, message: str, buttons: Sequence[tuple[str, str, str]],
                 cancel: str) -> None:
        """`buttons`: (action, label, variant); focus starts on the last one."""
        super().__init__(ui)
        self.tag = tag
        self.title = title
        self.message = message
        self.cancel = cancel
        self.buttons = [Button(action, label, variant) for action, label, variant in buttons]
        self.card = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        width = min(self.rect.width - m.sp(6), round(m.body * 34))
        pad = m.sp(3)
        inner = width - 2 * pad
        height = pad * 2 + ui.text.block_height(self.title, "h2", inner) + m.sp(1.5) + \
            ui.text.block_height(self.message, "body", inner) + m.sp(3) + Button.natural_height(ui)
        self.card = pygame.Rect(0, 0, width, height)
        self.card.center = self.rect.center
        row = pygame.Rect(self.card.left + pad, self.card.bottom - pad - Button.natural_height(ui), inner,
                          Button.natural_height(ui))
        place_row(ui, self.buttons, row)
        self.focus.set(self.buttons, keep=False)
        self.focus.index = len(self.buttons) - 1

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.focus.move(1 if event.key == pygame.K_RIGHT else -1)
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.emit(Chosen(self.tag, self.cancel))
            return True
        super().handle_event(event)
        return True  # a modal dialog swallows everything

    def on_action(self, action: str) -> None:
        self.emit(Chosen(self.tag, action))

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        draw.panel(surface, ui, self.card, p.surface, p.border, radius=m.radius * 2)
        pad = m.sp(3)
        inner = self.card.width - 2 * pad
        title = ui.text.block(self.title, "h2", p.text, inner)
        surface.blit(title, (self.card.left + pad, self.card.top + pad))
        body = ui.text.block(self.message, "body", p.muted, inner)
        surface.blit(body, (self.card.left + pad, self.card.top + pad + title.get_height() + m.sp(1.5)))
        self.focus.draw(surface, ui)

    def regions(self) -> list[pygame.Rect]:
        return [self.card, *(b.rect for b in self.buttons)]
