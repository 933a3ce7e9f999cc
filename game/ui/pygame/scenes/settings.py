"""Screen 7, settings (F2 from any screen): voice on/off, speed and volume, captions, text size, high
contrast, self-voicing (V here and on every screen; game/ui/pygame/self_voice.py) and a "Test voice"
button. Changes apply at once and are saved; the voice and self-voicing rows show the real state (never
"On" when nothing can play) and the status line says why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import pygame

from game.ui.pygame import draw
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.self_voice import self_voice_of
from game.content.model import Voice
from game.ui.pygame.settings import TEXT_SIZES, VOICE_RATES, VOLUMES
from game.ui.pygame.widgets import Button, Widget


@dataclass(frozen=True, slots=True)
class SettingsChanged:
    """Sizes or colours changed: every scene must lay itself out again."""


class Choice(Widget):
    """A labelled row of mutually exclusive options; Left/Right or a click picks one."""

    def __init__(self, action: str, label: str, options: Sequence[str], index: int) -> None:
        super().__init__(action)
        self.label = label
        self.options = list(options)
        self.index = index
        self.segments: list[pygame.Rect] = []

    def layout(self, ui: UI, rect: pygame.Rect, label_w: int) -> None:
        self.rect = rect
        x = rect.left + label_w
        widths = [ui.text.width(o, "body_b") + ui.m.sp(3) for o in self.options]
        scale = min(1.0, (rect.right - x) / max(1, sum(widths)))
        self.segments = []
        for w in widths:
            w = int(w * scale)
            self.segments.append(pygame.Rect(x, rect.top, w, rect.height))
            x += w

    def pick_at(self, pos: tuple[int, int]) -> bool:
        for i, seg in enumerate(self.segments):
            if seg.collidepoint(pos):
                self.index = i
                return True
        return False

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        m, p = ui.m, ui.p
        draw.text(surface, ui, self.label, "body_b", p.text, (self.rect.left, self.rect.centery), "midleft",
                  max_width=self.segments[0].left - self.rect.left - m.sp(1) if self.segments else None)
        group = self.segments[0].unionall(self.segments[1:]) if self.segments else self.rect
        pygame.draw.rect(surface, p.surface_alt, group, border_radius=m.radius)
        for i, (seg, option) in enumerate(zip(self.segments, self.options)):
            on = i == self.index
            if on:
                pygame.draw.rect(surface, p.accent, seg, border_radius=m.radius)
            label = ui.text.fit(option, "body_b" if on else "body", seg.width - m.sp(1))
            draw.text(surface, ui, label, "body_b" if on else "body", p.on_accent if on else p.text, seg.center,
                      "center")
        pygame.draw.rect(surface, p.border, group, 1, border_radius=m.radius)
        if focused:
            draw.focus_ring(surface, ui, group)


TEST_LINE = "Hello, this is the test voice. If you can hear me, client lines will be spoken."


#: The recall row: replies picked from the list, or typed / said in one's own words (docs/recall.md); the
#: third also keeps the spoken replies' audio (never kept unless chosen here).
RECALL_OPTIONS = ("Off", "On", "On, keep recordings")


def voice_options(ui: UI) -> list[str]:
    """The voice row's words for its real state: "On" only when the voice can play."""
    return ["On", "Off"] if ui.voice.available or not ui.settings.voice_enabled else ["Unavailable", "Off"]


def self_voicing_options(ui: UI) -> list[str]:
    """The self-voicing row's words: "Unavailable" in place of "On" once it could not start."""
    sv = self_voice_of(ui)
    return ["Off", "Unavailable"] if sv is not None and sv.status else ["Off", "On"]


def self_voicing_status(ui: UI) -> str:
    """The line the status shows about self-voicing ("" while it can speak, or was never tried)."""
    sv = self_voice_of(ui)
    return sv.status if sv is not None else ""


class SettingsScene(Scene):
    modal = True
    name = "settings"

    def __init__(self, ui: UI) -> None:
        super().__init__(ui)
        s = ui.settings
        self.rows = [
            Choice("voice", "Voice", voice_options(ui), 0 if s.voice_enabled else 1),
            Choice("rate", "Voice speed", [f"{r:g}×" for r in VOICE_RATES], VOICE_RATES.index(s.voice_rate)),
            Choice("text", "Text size", [label for label, _ in TEXT_SIZES], s.text_size),
            Choice("contrast", "High contrast", ["Off", "On"], 1 if s.high_contrast else 0),
            Choice("volume", "Volume", [f"{v}%" for v in VOLUMES], VOLUMES.index(s.volume)),
            Choice("captions", "Captions", ["On", "Off"], 0 if s.captions else 1),
            Choice("timing", "Practice timing", ["On", "Off"], 0 if s.timing else 1),
            Choice("recall", "Answer in my own words", list(RECALL_OPTIONS),
                   (2 if s.keep_recordings else 1) if s.recall else 0),
            Choice("self-voicing", "Self-voicing", self_voicing_options(ui), 1 if s.self_voicing else 0),
        ]
        self.done = Button("done", "Done", "primary", hint="Esc")
        self.test = Button("test-voice", "Test voice")
        self.card = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        width = min(self.rect.width - m.sp(6), round(m.body * 44))
        pad = m.sp(3)
        row_h = Button.natural_height(ui)
        status_h = max(ui.text.line_height("small") * 2,
                       ui.text.block_height(ui.voice.status, "small", width - 2 * pad) + m.sp(0.5),
                       ui.text.block_height(self.status_text(), "small", width - 2 * pad) + m.sp(0.5))
        fixed = pad * 2 + ui.text.font("h2").get_height() + m.sp(3) + len(self.rows) * row_h + status_h + \
            m.sp(2) + row_h
        room = self.rect.height - m.sp(2)
        # the rows close up (down to half a step apart) before anything would overlap on a short window
        gap = max(m.sp(0.5), min(m.sp(2), (room - fixed) // len(self.rows)))
        self.card = pygame.Rect(0, 0, width, min(fixed + len(self.rows) * gap, room))
        self.card.center = self.rect.center
        label_w = max(ui.text.width(r.label, "body_b") for r in self.rows) + m.sp(3)
        y = self.card.top + pad + ui.text.font("h2").get_height() + m.sp(3)
        for row in self.rows:
            row.layout(ui, pygame.Rect(self.card.left + pad, y, width - 2 * pad, row_h), label_w)
            y += row_h + gap
        self.status_y = y
        self.done.rect = pygame.Rect(0, 0, self.done.natural_width(ui), row_h)
        self.done.rect.bottomright = (self.card.right - pad, self.card.bottom - pad)
        self.test.rect = pygame.Rect(0, 0, self.test.natural_width(ui), row_h)
        self.test.rect.bottomright = (self.done.rect.left - m.sp(1.5), self.done.rect.bottom)
        self.test.enabled = self.ui.voice.available and self.ui.settings.voice_enabled
        self.focus.set([*self.rows, self.test, self.done])

    def handle_event(self, event: pygame.event.Event) -> bool:
        focused = self.focus.focused
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_F2):
                self.emit(Back())
                return True
            if event.key in (pygame.K_UP, pygame.K_DOWN):
                self.focus.move(1 if event.key == pygame.K_DOWN else -1)
                return True
            if event.key == pygame.K_v and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META):
                row = self.rows[-1]  # self-voicing, from anywhere on this screen
                row.index = 0 if row.index == 1 else 1
                self.apply()
                return True
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT) and isinstance(focused, Choice):
                step = 1 if event.key == pygame.K_RIGHT else -1
                focused.index = max(0, min(len(focused.options) - 1, focused.index + step))
                self.apply()
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for row in self.rows:
                if row.pick_at(event.pos):
                    self.focus.focus_action(row.action)
                    self.apply()
                    return True
        super().handle_event(event)
        return True

    def on_action(self, action: str) -> None:
        if action == "done":
            self.emit(Back())
            return
        if action == "test-voice":
            self.ui.voice.cancel()
            self.ui.voice.speak(TEST_LINE, Voice(), "settings/test-voice")
            return
        row = next((r for r in self.rows if r.action == action), None)
        if row is not None:  # Enter or Space steps through the options
            row.index = (row.index + 1) % len(row.options)
            self.apply()

    def apply(self) -> None:
        s = self.ui.settings
        voice, rate, text, contrast, volume, captions, timing, recall, self_voicing = (r.index for r in self.rows)
        s.recall, s.keep_recordings = recall > 0, recall == 2
        s.timing = timing == 0  # waiting and interrupting cost in practice (program calls: always)
        s.voice_enabled = voice == 0
        s.voice_rate = VOICE_RATES[rate]
        s.volume = VOLUMES[volume]
        s.captions = captions == 0
        s.text_size = text
        s.high_contrast = contrast == 1
        self._apply_self_voicing(self_voicing == 1)
        self.ui.apply_settings()
        self.rows[0].options = voice_options(self.ui)
        self.test.enabled = self.ui.voice.available and s.voice_enabled
        self.emit(SettingsChanged())

    def _apply_self_voicing(self, want: bool) -> None:
        """Switch self-voicing; without a voice it stays off and the status says so (nothing else)."""
        s, row, sv = self.ui.settings, self.rows[-1], self_voice_of(self.ui)
        if sv is not None and want != sv.on:
            want = sv.set_enabled(want) and want
        s.self_voicing = want
        row.options = self_voicing_options(self.ui)
        row.index = 1 if s.self_voicing else 0

    def status_text(self) -> str:
        """The status line: the voice's real state, then self-voicing's when it cannot speak."""
        ui, voice = self.ui, self.ui.voice
        if not ui.settings.voice_enabled:
            status = "Voice switched off — captions only"
        elif not voice.available:
            status = voice.status
        else:
            status = "Voice ready" + ("" if ui.settings.captions else " · captions off while the voice plays")
        sv = self_voicing_status(ui)
        return f"{status} · {sv}" if sv else status

    def update(self, dt: float) -> None:
        """Self-voicing may fail after it started (the speech worker cannot run): the row follows."""
        row = self.rows[-1]
        options = self_voicing_options(self.ui)
        if row.options != options or row.index != (1 if self.ui.settings.self_voicing else 0):
            row.options, row.index = options, 1 if self.ui.settings.self_voicing else 0

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        draw.panel(surface, ui, self.card, p.surface, p.border, radius=m.radius * 2)
        pad = m.sp(3)
        draw.text(surface, ui, "Settings", "h2", p.text, (self.card.left + pad, self.card.top + pad))
        voice = ui.voice
        status = self.status_text()
        warn = (ui.settings.voice_enabled and not voice.available) or bool(self_voicing_status(ui))
        status_block = ui.text.block(status, "small", p.warn if warn else p.muted, self.card.width - 2 * pad)
        surface.blit(status_block, (self.card.left + pad, self.status_y))
        room = self.test.rect.left - self.card.left - pad - m.sp(1)
        if ui.notice:
            surface.blit(ui.text.block(ui.notice, "small", p.bad, room),
                         (self.card.left + pad, self.done.rect.bottom + m.sp(0.5) - self.done.rect.height))
        else:
            draw.first_fitting(surface, ui, ["Up/Down pick a setting · Left/Right change it · V self-voicing · "
                                             "saved automatically",
                                             "Up/Down pick a setting · Left/Right change it · saved automatically",
                                             "Up/Down · Left/Right · V self-voicing · saved automatically",
                                             "Up/Down · Left/Right · saved automatically", "Saved automatically"],
                               "small", p.muted, (self.card.left + pad, self.done.rect.centery), "midleft", room,
                               whole="the rows themselves (a click changes them too)")
        self.focus.draw(surface, ui)

    def regions(self) -> list[pygame.Rect]:
        return [self.card, *(w.rect for w in self.focus.widgets)]
