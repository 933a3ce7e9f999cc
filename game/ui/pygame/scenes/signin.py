"""Screen 1, sign in: type a name or pick a known trainee; with a program roster, pick (or type) a name
from the roster — names not on it are refused here and again by the session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pygame

from game.content.program_model import roster_key
from game.ui.pygame import draw
from game.ui.pygame.chrome import TopBar
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Scene
from game.ui.pygame.widgets import Button, TextField

MAX_NAME = 40


@dataclass(frozen=True, slots=True)
class SignedIn:
    name: str


class SignInScene(Scene):
    name = "signin"

    def __init__(self, ui: UI, known: Sequence[str], notice: str = "", roster: bool = False) -> None:
        super().__init__(ui)
        self.known = list(known)
        self.notice = notice
        self.roster = roster  # `known` is the program's roster: only those names may sign in
        self.top = TopBar(ui)
        self.field = TextField("name", placeholder="Type or pick your name" if roster else "Your name",
                               max_len=MAX_NAME)
        self.submit = Button("sign-in", "Sign in", "primary", hint="Enter")
        self.people = [Button(f"known:{i}", name) for i, name in enumerate(self.known)]
        self.card = pygame.Rect(0, 0, 0, 0)
        self.shown: list[Button] = []
        self.more = 0

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        width = min(self.rect.width - m.sp(6), max(m.sp(60), round(m.body * 30)))
        pad = m.sp(4)
        inner = width - 2 * pad
        field_h = Button.natural_height(ui) + m.sp(0.5)
        y = pad + ui.text.font("h1").get_height() + m.sp(1)
        y += ui.text.block_height(self._tagline, "body", inner) + m.sp(3)
        y += ui.text.font("small_b").get_height() + m.sp(1)
        self.field.rect = pygame.Rect(pad, y, inner, field_h)
        y += field_h + m.sp(1.5)
        self.submit.rect = pygame.Rect(pad, y, inner, Button.natural_height(ui))
        y += self.submit.rect.height
        room_bottom = self.rect.height - m.topbar - m.sp(4)
        self.shown, self.more = [], 0
        if self.people:
            y += m.sp(3) + ui.text.font("small_b").get_height() + m.sp(1)
            x, row_h, gap = pad, Button.natural_height(ui), m.sp(1)
            for i, button in enumerate(self.people):
                w = min(inner, button.natural_width(ui))
                if x > pad and x + w > pad + inner:
                    x, y = pad, y + row_h + gap
                if y + row_h + pad + m.sp(3) > room_bottom:
                    self.more = len(self.people) - i
                    break
                button.rect = pygame.Rect(x, y, w, row_h)
                self.shown.append(button)
                x += w + gap
            y += row_h
        height = y + pad + (m.sp(3) if self.more else 0)
        self.card = pygame.Rect(0, 0, width, height)
        self.card.center = (self.rect.centerx, self.rect.top + m.topbar + (self.rect.height - m.topbar) // 2)
        self.card.top = max(self.card.top, m.topbar + m.sp(2))
        for w in [self.field, self.submit, *self.shown]:
            w.rect.move_ip(self.card.topleft)
        self.focus.set([self.field, self.submit, *self.shown, self.top.settings])
        pygame.key.start_text_input()

    _tagline = "Practise calls about unpaid invoices: prepare from the account brief, take the call, " \
               "document it and learn from a debrief that cites the rules."

    def handle_event(self, event: pygame.event.Event) -> bool:
        focused = self.focus.focused
        if event.type == pygame.TEXTINPUT and focused is not self.field:
            self.focus.focus_action("name")
        if event.type in (pygame.TEXTINPUT, pygame.KEYDOWN) and self.focus.focused is self.field:
            if self.field.handle(event):
                return True
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.on_action("sign-in")
                return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
            self.focus.move(1 if event.key == pygame.K_DOWN else -1)
            return True
        return super().handle_event(event)

    def on_action(self, action: str) -> None:
        if action == "sign-in":
            name = " ".join(self.field.text.split())
            if not name:
                self.field.error = "Type your name, or pick one below." if self.people else "Type your name."
                self.focus.focus_action("name")
                return
            if self.roster:
                match = next((k for k in self.known if roster_key(k) == roster_key(name)), None)
                if match is None:
                    self.field.error = "Not on the roster: pick your name below."
                    self.focus.focus_action("name")
                    return
                name = match
            self.emit(SignedIn(name))
        elif action.startswith("known:"):
            self.emit(SignedIn(self.known[int(action.split(":")[1])]))
        else:
            super().on_action(action)

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        surface.fill(p.bg)
        self.top.draw(surface)
        draw.panel(surface, ui, self.card, p.surface, p.border, radius=m.radius * 2)
        pad = m.sp(4)
        x, y = self.card.left + pad, self.card.top + pad
        inner = self.card.width - 2 * pad
        title = draw.text(surface, ui, "Welcome to AR Dojo", "h1", p.text, (x, y))
        y = title.bottom + m.sp(1)
        tag = ui.text.block(self._tagline, "body", p.muted, inner)
        surface.blit(tag, (x, y))
        draw.text(surface, ui, "YOUR NAME", "small_b", p.muted, (x, self.field.rect.top - m.sp(1)), "bottomleft")
        if self.field.error:
            draw.text(surface, ui, self.field.error, "small_b", p.bad,
                      (self.field.rect.right, self.field.rect.top - m.sp(1)), "bottomright")
        if self.shown:
            draw.text(surface, ui, "PICK YOUR NAME" if self.roster else "OR CONTINUE AS", "small_b", p.muted,
                      (x, self.shown[0].rect.top - m.sp(1)), "bottomleft")
        if self.more:
            draw.text(surface, ui, f"and {self.more} more: type the name to continue", "small", p.muted,
                      (x, self.card.bottom - pad), "bottomleft")
        if self.notice:
            draw.text(surface, ui, self.notice, "small_b", p.warn, (self.card.centerx, self.card.bottom + m.sp(2)),
                      "midtop", max_width=self.rect.width - m.sp(4))
        self.focus.draw(surface, ui)

    def regions(self) -> list[pygame.Rect]:
        return [self.card, *(w.rect for w in self.focus.widgets)]
