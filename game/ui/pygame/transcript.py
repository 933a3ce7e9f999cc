"""The call transcript: client and trainee lines as word-wrapped bubbles (names and notes wrap too),
each rendered once and kept, drawn by blitting only the bubbles in view. Scrolls with the wheel and
PageUp/PageDown and follows new lines while it is at the bottom. The whole conversation, at any time and
after a resume, is the history panel's (game/ui/pygame/scenes/history.py)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import pygame

from game.ui.pygame import draw
from game.ui.pygame.context import UI

CLIENT, YOU, NOTE = "client", "you", "note"


@dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    text: str
    speaker: str = ""


class Transcript:
    """Bubbles laid out top to bottom at one width; `set_width` re-lays them out only when it changes."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.entries: list[Entry] = []
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._bubbles: list[tuple[int, pygame.Surface, int]] = []  # (top y, surface, x offset)
        self._tops: list[int] = []
        self.height = 0
        self.offset = 0.0
        self.target = 0.0
        self._width = -1

    # -- content --------------------------------------------------------------------------------
    def add(self, entry: Entry) -> None:
        at_bottom = self.target >= self.max_offset - 2
        self.entries.append(entry)
        if self._width > 0:
            self._append(entry)
        if at_bottom:
            self.target = self.max_offset

    def last_client_index(self) -> int:
        return next((i for i in range(len(self.entries) - 1, -1, -1) if self.entries[i].kind == CLIENT), -1)

    def set_rect(self, rect: pygame.Rect, force: bool = False) -> None:
        """Place the transcript; bubbles are rebuilt only when the width (or the look) changed."""
        self.rect = rect.copy()
        if rect.width != self._width or force:
            self._width = rect.width
            self._bubbles, self._tops, self.height = [], [], 0
            for entry in self.entries:
                self._append(entry)
        self.target = self.offset = self.max_offset

    @property
    def max_offset(self) -> int:
        return max(0, self.height - self.rect.height)

    def _append(self, entry: Entry) -> None:
        m = self.ui.m
        gap = m.sp(1.5)
        surf = self._render(entry)
        if entry.kind == YOU:
            x = self._width - surf.get_width() - m.sp(1.5)
        elif entry.kind == NOTE:
            x = (self._width - surf.get_width()) // 2
        else:
            x = 0
        y = self.height + (gap if self._bubbles else m.sp(0.5))
        self._bubbles.append((y, surf, x))
        self._tops.append(y)
        self.height = y + surf.get_height()

    def _render(self, entry: Entry) -> pygame.Surface:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        if entry.kind == NOTE:  # a pill; a long note wraps (centred) rather than run past the panel
            room = max(40, self._width - m.sp(3) - m.sp(3))
            label = ui.text.block(entry.text, "small_b", p.muted, room, align="center") \
                if ui.text.width(entry.text, "small_b") > room else ui.text.line(entry.text, "small_b", p.muted)
            surf = pygame.Surface((label.get_width() + m.sp(3), label.get_height() + m.sp(1)), pygame.SRCALPHA)
            radius = min(surf.get_height() // 2, m.radius * 2)
            pygame.draw.rect(surf, p.track, surf.get_rect(), border_radius=radius)
            surf.blit(label, label.get_rect(center=surf.get_rect().center))
            return surf
        pad_x, pad_y = m.sp(2), m.sp(1.25)
        max_w = round(self._width * 0.8) - m.sp(1.5)
        block = ui.text.block(entry.text, "body", p.text, max_w - 2 * pad_x)
        name = ui.text.block(entry.speaker, "small_b", p.accent if entry.kind == CLIENT else p.muted,
                             max_w - 2 * pad_x)  # a long name wraps too
        w = max(block.get_width(), name.get_width()) + 2 * pad_x
        h = pad_y * 2 + name.get_height() + m.sp(0.5) + block.get_height()
        surf = pygame.Surface((w, h), pygame.SRCALPHA)
        fill = p.client_bubble if entry.kind == CLIENT else p.you_bubble
        pygame.draw.rect(surf, fill, surf.get_rect(), border_radius=m.radius * 2)
        pygame.draw.rect(surf, p.border, surf.get_rect(), 1, border_radius=m.radius * 2)
        surf.blit(name, (pad_x, pad_y))
        surf.blit(block, (pad_x, pad_y + name.get_height() + m.sp(0.5)))
        return surf.convert_alpha() if pygame.display.get_surface() else surf

    # -- scrolling ------------------------------------------------------------------------------
    def scroll_by(self, dy: float) -> None:
        self.target = max(0.0, min(float(self.max_offset), self.target + dy))

    def handle(self, event: pygame.event.Event) -> bool:
        line = self.ui.text.line_height("body")
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * line * 3)
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.scroll_by((self.rect.height - line) * (-1 if event.key == pygame.K_PAGEUP else 1))
            return True
        return False

    @property
    def moving(self) -> bool:
        """True while a smooth scroll is under way."""
        return self.offset != self.target

    def update(self, dt: float) -> None:
        delta = self.target - self.offset
        self.offset = self.target if abs(delta) < 0.5 else self.offset + delta * min(1.0, dt * 12)

    # -- captions -------------------------------------------------------------------------------
    def hide_caption(self) -> bool:
        """Captions off: the line being spoken is heard, not shown, until the voice has said it. Only
        while the voice really plays: without a voice every line is always shown."""
        ui = self.ui
        return not ui.settings.captions and ui.voice.available and ui.settings.voice_enabled and \
            ui.voice.is_speaking()

    def _hidden(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The live bubble while captions are off: its frame and "speaking" instead of the words."""
        ui, p = self.ui, self.ui.p
        pygame.draw.rect(surface, p.client_bubble, rect, border_radius=ui.m.radius * 2)
        pygame.draw.rect(surface, p.border, rect, 1, border_radius=ui.m.radius * 2)
        draw.first_fitting(surface, ui, ["Speaking… (captions off: the words show once said)", "Speaking…"], "small",
                           p.muted, (rect.left + ui.m.sp(2), rect.centery), "midleft", rect.width - ui.m.sp(4),
                           whole="this bubble, once the line is said")

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, live: bool = False) -> pygame.Rect | None:
        """Blit the bubbles in view; returns the on-screen rect of the latest client line, if shown.
        With `live`, that line is outlined as the current caption."""
        r = self.rect
        top = round(self.offset)
        clip = surface.get_clip()
        surface.set_clip(r)
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last_client = self.last_client_index()
        caption = None
        for i in range(first, len(self._bubbles)):
            y, surf, x = self._bubbles[i]
            if y - top > r.height:
                break
            pos = (r.left + x, r.top + y - top)
            if i == last_client and live and self.hide_caption():
                self._hidden(surface, pygame.Rect(pos, surf.get_size()))
            else:
                surface.blit(surf, pos)
            if i == last_client:
                caption = pygame.Rect(pos, surf.get_size())
        if live and caption is not None:
            pygame.draw.rect(surface, self.ui.p.accent, caption, 2, border_radius=self.ui.m.radius * 2)
        surface.set_clip(clip)
        if self.height > r.height:
            track = pygame.Rect(r.right - 5, r.top, 4, r.height)
            pygame.draw.rect(surface, self.ui.p.track, track, border_radius=2)
            thumb_h = max(24, r.height * r.height // self.height)
            thumb_y = r.top + (r.height - thumb_h) * self.offset / max(1, self.max_offset)
            pygame.draw.rect(surface, self.ui.p.muted, (track.left, round(thumb_y), 4, thumb_h), border_radius=2)
        if self.offset < self.max_offset - 4:
            draw.chip(surface, self.ui, "More below · PgDn", (r.centerx, r.bottom - self.ui.m.sp(1)),
                      self.ui.p.on_accent, self.ui.p.accent, anchor="midbottom")
        return caption
