"""Screen 2, scenario select: a card per scenario (archetype, difficulty, persona, best score,
passed mark), a filter by archetype and the trainee's program progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import pygame

from game.content.model import Scenario
from game.records.grading import Progress
from game.ui.pygame import draw, icons
from game.ui.pygame.chrome import TopBar, body_rect
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Scene
from game.ui.pygame.session import CardStatus, RecentCall
from game.ui.pygame.widgets import Button, Widget

ALL = "all"


@dataclass(frozen=True, slots=True)
class Picked:
    scenario_id: str


@dataclass(frozen=True, slots=True)
class FilterChanged:
    archetype: str


def archetype_label(archetype: str) -> str:
    return archetype.replace("-", " ").capitalize()


def dot_radius(ui: UI) -> int:
    """The radius of the difficulty dots."""
    return max(4, round(ui.m.body / 4))


class ScenarioCard(Widget):
    """One scenario: portrait, title, persona, archetype and difficulty, summary, the trainee's status."""

    def __init__(self, scenario: Scenario, status: CardStatus) -> None:
        super().__init__(f"card:{scenario.id}")
        self.scenario = scenario
        self.status = status

    @staticmethod
    def portrait_size(ui: UI) -> int:
        return round(ui.m.body * 5.2)

    @staticmethod
    def natural_height(ui: UI) -> int:
        m, pad = ui.m, ui.m.sp(2)
        return (pad * 2 + ScenarioCard.portrait_size(ui) + pad + ui.text.line_height("h3") * 2 + m.sp(1)
                + ui.text.line_height("small") * 4 + m.sp(2) + ui.text.line_height("small_b") + pad)

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        m, p, s = ui.m, ui.p, self.scenario
        r = self.rect
        radius = round(m.radius * 1.5)
        pad = m.sp(2)
        size = self.portrait_size(ui)
        band = pygame.Rect(r.left, r.top, r.width, size + pad * 2)
        pygame.draw.rect(surface, p.surface, r, border_radius=radius)
        pygame.draw.rect(surface, p.accent_soft, band, border_top_left_radius=radius, border_top_right_radius=radius)
        pygame.draw.rect(surface, p.accent if hovered or focused else p.border, r, 1, border_radius=radius)
        face = ui.portraits.get(s, size, p.muted, p.surface)
        surface.blit(face, (r.left + pad, r.top + pad))
        tx = r.left + pad + size + m.sp(2)
        tw = r.right - pad - tx
        y = r.top + pad + m.sp(0.5)
        chip = draw.chip(surface, ui, archetype_label(s.archetype), (tx, y), p.on_accent, p.accent)
        dot = dot_radius(ui)
        end = icons.dots(surface, chip.right + m.sp(1.5), chip.centery, s.difficulty, 3, dot, p.accent, p.track)
        if end + m.sp(1) + ui.text.width("Difficulty", "small") < r.right - pad:
            draw.text(surface, ui, "difficulty", "small", p.muted, (end + m.sp(1), chip.centery), "midleft")
        y = chip.bottom + m.sp(1.5)
        name = draw.text(surface, ui, s.persona.name, "body_b", p.text, (tx, y), max_width=tw)
        sub = f"{s.persona.role}, {s.persona.company}" if s.persona.role else s.persona.company
        surface.blit(ui.text.block(sub, "small", p.muted, tw, max_lines=2, whole="the brief"),
                     (tx, name.bottom + m.sp(0.3)))
        y = band.bottom + pad
        title = ui.text.block(s.title, "h3", p.text, r.width - 2 * pad, max_lines=2, whole="the brief")
        surface.blit(title, (r.left + pad, y))
        y += title.get_height() + m.sp(1)
        foot_top = r.bottom - pad - ui.text.line_height("small_b") - m.sp(1)
        lines = max(1, (foot_top - m.sp(1) - y) // ui.text.line_height("small"))
        summary = ui.text.block(s.summary, "small", p.muted, r.width - 2 * pad, max_lines=min(4, lines),
                                whole="the brief")
        surface.blit(summary, (r.left + pad, y))
        draw.divider(surface, ui, r.left + pad, r.right - pad, foot_top)
        self._footer(surface, ui, r.left + pad, r.bottom - pad, r.width - 2 * pad)
        if focused:
            draw.focus_ring(surface, ui, r, radius=radius)

    def _footer(self, surface: pygame.Surface, ui: UI, x: int, bottom: int, width: int) -> None:
        m, p, st = ui.m, ui.p, self.status
        h = ui.text.font("small_b").get_height()
        mid = bottom - h // 2
        if st.passed:
            icons.badge(surface, pygame.Rect(x, mid - h // 2, h, h), True, p.surface, p.ok)
            labels, color = [f"Passed · best {st.best}", f"Passed · {st.best}"], p.ok
        elif st.attempts:
            icons.badge(surface, pygame.Rect(x, mid - h // 2, h, h), False, p.surface, p.warn)
            labels, color = [f"Not passed yet · best {st.best}", f"Not passed · {st.best}", f"Best {st.best}"], p.warn
        else:
            pygame.draw.circle(surface, p.track, (x + h // 2, mid), h // 2)
            labels, color = ["Not tried yet", "Not tried"], p.muted
        room = width - h - m.sp(1)
        notes = [n for n in st.notes if n]
        # the longest status that still leaves room for the shortest note (nothing is dropped)
        need = min((ui.text.width(n, "small") for n in notes), default=-m.sp(2)) + m.sp(2)
        label = next((lb for lb in labels if ui.text.width(lb, "small_b") + need <= room), labels[-1])
        left = draw.text(surface, ui, label, "small_b", color, (x + h + m.sp(1), mid), "midleft")
        if notes:
            draw.first_fitting(surface, ui, notes, "small", p.muted, (x + width, mid), "midright",
                               x + width - left.right - m.sp(2))


class SelectScene(Scene):
    name = "select"
    step = "Choose"

    def __init__(self, ui: UI, scenarios: Sequence[Scenario], statuses: Mapping[str, CardStatus],
                 trainee: str, progress: Progress | None = None, archetype: str = ALL,
                 recent: Sequence[RecentCall] = ()) -> None:
        super().__init__(ui)
        self.scenarios = list(scenarios)
        self.statuses = statuses
        self.trainee = trainee
        self.progress = progress
        self.archetype = archetype
        self.recent = list(recent)
        self.recent_rect = pygame.Rect(0, 0, 0, 0)
        self.top = TopBar(ui, self.step, trainee)
        kinds = list(dict.fromkeys(s.archetype for s in self.scenarios))
        self.filters = [Button(f"filter:{ALL}", "All scenarios")] + \
            [Button(f"filter:{k}", archetype_label(k)) for k in kinds]
        self.cards: list[ScenarioCard] = []
        self.columns = 1
        self.grid = pygame.Rect(0, 0, 0, 0)
        self.view = pygame.Rect(0, 0, 0, 0)
        self.header = pygame.Rect(0, 0, 0, 0)
        self.scroll = 0
        self._first = True

    @property
    def visible(self) -> list[Scenario]:
        return [s for s in self.scenarios if self.archetype in (ALL, s.archetype)]

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        head_h = ui.text.font("h1").get_height() + m.sp(0.5) + ui.text.block_height(self.greeting, "body",
                                                                                    self.greeting_width(body.width))
        self.header = pygame.Rect(body.left, body.top, body.width, head_h)
        # the page scrolls as one (heading, filters, cards) when the cards outgrow it: at the largest
        # text on a small screen one card is taller than the room left under the heading
        self.view = pygame.Rect(0, body.top - m.sp(1), self.rect.width, self.rect.bottom - body.top + m.sp(1))
        y = self.header.bottom + m.sp(2.5)
        x = body.left
        h = Button.natural_height(ui) - m.sp(0.5)
        for b in self.filters:  # chips flow onto a second row when the archetypes outgrow the width
            b.selected = b.action == f"filter:{self.archetype}"
            w = min(b.natural_width(ui) - m.sp(1), body.width)
            if x > body.left and x + w > body.right:
                x, y = body.left, y + h + m.sp(1)
            b.rect = pygame.Rect(x, y, w, h)
            x += w + m.sp(1)
        self.grid = pygame.Rect(body.left, y + h + m.sp(2.5), body.width, body.bottom - (y + h + m.sp(2.5)))
        gap = m.sp(2.5)
        self.columns = max(1, min(3, (self.grid.width + gap) // (round(m.body * 19) + gap)))
        card_w = (self.grid.width - gap * (self.columns - 1)) // self.columns
        card_h = ScenarioCard.natural_height(ui)
        old = {c.scenario.id: c for c in self.cards}
        self.cards = []
        for i, s in enumerate(self.visible):
            card = old.get(s.id) or ScenarioCard(s, self.statuses[s.id])
            row, col = divmod(i, self.columns)
            card.rect = pygame.Rect(self.grid.left + col * (card_w + gap), self.grid.top + row * (card_h + gap),
                                    card_w, card_h)
            self.cards.append(card)
        self.card_h, self.gap = card_h, gap
        rows = -(-len(self.cards) // self.columns)
        cards_bottom = self.grid.top + rows * (card_h + gap) - gap
        row_h = ui.text.line_height("body") + m.sp(1.5)
        room = self.grid.bottom - cards_bottom - m.sp(3)
        self.recent_rect = pygame.Rect(0, 0, 0, 0)
        if self.recent and room >= ui.text.line_height("small_b") + m.sp(3) + row_h * 2:
            shown = min(len(self.recent), (room - ui.text.line_height("small_b") - m.sp(3)) // row_h)
            self.recent_rect = pygame.Rect(self.grid.left, cards_bottom + m.sp(3), self.grid.width,
                                           ui.text.line_height("small_b") + m.sp(3) + shown * row_h)
            self.grid.height = cards_bottom - self.grid.top
        self.focus.set([*self.filters, *self.cards, self.top.settings])
        if self._first and self.cards:
            self.focus.focus_action(self.cards[0].action)
        elif not self._first:
            self._keep_visible()
        self._first = False

    @property
    def greeting(self) -> str:
        first = self.trainee.split()[0] if self.trainee else "there"
        return f"Hello {first}. Pick a scenario, read the account brief, then dial."

    def greeting_width(self, width: int) -> int:
        return width - self.progress_width(width) - self.ui.m.sp(4)

    def progress_width(self, width: int) -> int:
        return min(width * 2 // 5, self.ui.m.sp(50))

    def _keep_visible(self) -> None:
        focused = self.focus.focused
        if not isinstance(focused, ScenarioCard):
            return
        top = focused.rect.top - self.scroll
        upper = self.grid.top if focused.rect.height <= self.grid.height else self.view.top + self.ui.m.sp(1)
        if top < upper:
            self.scroll -= upper - top
        elif top + focused.rect.height > self.grid.bottom:
            self.scroll += min(top + focused.rect.height - self.grid.bottom, top - upper)
        self.scroll = max(0, min(self.max_scroll, self.scroll))

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            self._arrow(event.key)
            return True
        if event.type == pygame.MOUSEWHEEL:  # wheel and trackpad: the view moves, the focus stays put
            step = self.ui.text.line_height("body") * 2
            self.scroll = max(0, min(self.max_scroll, self.scroll - round(getattr(event, "precise_y", event.y) * step)))
            return True
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN) and self.scroll:
            event = pygame.event.Event(event.type, {**event.dict, "pos": (event.pos[0], event.pos[1] + self.scroll)}) \
                if self.view.collidepoint(event.pos) else event
        used = super().handle_event(event)
        if event.type == pygame.KEYDOWN:  # only keyboard focus moves bring the focused card into view
            self._keep_visible()
        return used

    @property
    def max_scroll(self) -> int:
        """How far the grid scrolls: its last card's bottom at the grid's bottom."""
        return max(0, max((c.rect.bottom for c in self.cards), default=0) - self.grid.bottom)

    def _page(self) -> list:
        """What scrolls with the page: the filters and the cards (the heading is drawn at `header`)."""
        return [*self.filters, *self.cards]

    def _arrow(self, key: int) -> None:
        focused = self.focus.focused
        if focused in self.cards:
            i = self.cards.index(focused)
            step = {pygame.K_LEFT: -1, pygame.K_RIGHT: 1, pygame.K_UP: -self.columns, pygame.K_DOWN: self.columns}[key]
            j = i + step
            if 0 <= j < len(self.cards):
                self.focus.focus_action(self.cards[j].action)
            elif key == pygame.K_UP:
                self.focus.focus_action(f"filter:{self.archetype}")
        elif focused in self.filters:
            i = self.filters.index(focused)
            if key in (pygame.K_LEFT, pygame.K_RIGHT):
                j = max(0, min(len(self.filters) - 1, i + (1 if key == pygame.K_RIGHT else -1)))
                self.focus.focus_action(self.filters[j].action)
            elif key == pygame.K_DOWN and self.cards:
                self.focus.focus_action(self.cards[0].action)
        elif self.cards:
            self.focus.focus_action(self.cards[0].action)
        self._keep_visible()

    def on_action(self, action: str) -> None:
        if action.startswith("card:"):
            self.emit(Picked(action.split(":", 1)[1]))
        elif action.startswith("filter:"):
            self.archetype = action.split(":", 1)[1]
            self.scroll = 0
            self.emit(FilterChanged(self.archetype))
            self.build()
            self.focus.focus_action(action)
        else:
            super().on_action(action)

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        surface.fill(p.bg)
        self.top.draw(surface)
        self.top.settings.draw(surface, ui, self.top.settings is self.focus.focused,
                               self.top.settings is self.focus.hover)
        clip = surface.get_clip()
        surface.set_clip(self.view)
        page = self._page()
        real = [w.rect for w in page]
        for w in page:
            w.rect = w.rect.move(0, -self.scroll)
        try:
            self._draw_page(surface)
        finally:
            for w, rect in zip(page, real):
                w.rect = rect
        surface.set_clip(clip)
        if self.scroll < self.max_scroll:
            draw.chip(surface, ui, "More below · wheel or arrows", (self.view.centerx, self.view.bottom - m.sp(1)),
                      p.on_accent, p.accent, anchor="midbottom")

    def _draw_page(self, surface: pygame.Surface) -> None:
        """The heading, filters, cards and recent calls, at the page's scroll."""
        ui, m, p = self.ui, self.ui.m, self.ui.p
        h = self.header.move(0, -self.scroll)
        draw.text(surface, ui, "Choose a call", "h1", p.text, h.topleft)
        surface.blit(ui.text.block(self.greeting, "body", p.muted, self.greeting_width(h.width)),
                     (h.left, h.top + ui.text.font("h1").get_height() + m.sp(0.5)))
        pw = self.progress_width(h.width)
        self._progress(surface, pygame.Rect(h.right - pw, h.top, pw, h.height))
        for b in self.filters:
            b.draw(surface, ui, b is self.focus.focused, b is self.focus.hover)
        for card in self.cards:
            if card.rect.bottom < self.view.top or card.rect.top > self.view.bottom:
                continue
            card.draw(surface, ui, card is self.focus.focused, card is self.focus.hover)
        if self.recent_rect.height:
            self._recent(surface, self.recent_rect.move(0, -self.scroll))
        if not self.cards:
            draw.text(surface, ui, "No scenario of this kind.", "body", p.muted, self.grid.midtop, "midtop")

    def _recent(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """The latest completed calls: when, which scenario, the overall score and pass/fail."""
        ui, m, p = self.ui, self.ui.m, self.ui.p
        draw.text(surface, ui, "YOUR RECENT CALLS", "small_b", p.muted, rect.topleft)
        row_h = ui.text.line_height("body") + m.sp(1.5)
        y = rect.top + ui.text.line_height("small_b") + m.sp(1)
        panel = pygame.Rect(rect.left, y, rect.width, rect.bottom - y)
        draw.panel(surface, ui, panel, p.surface, p.border, radius=round(m.radius * 1.5))
        y += m.sp(1)
        when_w = ui.text.width("2026-11-23 10:00", "small") + m.sp(4)
        chip_w = max(draw.chip_width(ui, "Passed"), draw.chip_width(ui, "Not passed"))
        for i, call in enumerate(self.recent[: (panel.height - m.sp(1)) // row_h]):
            mid = y + row_h // 2
            if i:
                draw.divider(surface, ui, panel.left + m.sp(2), panel.right - m.sp(2), y)
            draw.text(surface, ui, call.when, "small", p.muted, (panel.left + m.sp(2), mid), "midleft")
            draw.chip(surface, ui, "Passed" if call.passed else "Not passed", (panel.right - m.sp(2), mid),
                                p.ok if call.passed else p.bad, p.ok_soft if call.passed else p.bad_soft,
                                anchor="midright")
            score = draw.text(surface, ui, f"{call.overall}", "body_b", p.text,
                              (panel.right - m.sp(5) - chip_w, mid), "midright")
            draw.text(surface, ui, call.title, "body", p.text, (panel.left + m.sp(2) + when_w, mid), "midleft",
                      max_width=score.left - panel.left - when_w - m.sp(5))
            y += row_h

    def _progress(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        if self.progress is not None:
            title = self.progress.program.title
            done, total = self.progress.passed, len(self.progress.steps)
        else:
            title = "Your progress"
            done, total = sum(s.passed for s in self.statuses.values()), len(self.statuses)
        draw.text(surface, ui, title, "body_b", p.text, rect.topright, "topright", max_width=rect.width)
        label = draw.text(surface, ui, f"{done} of {total} passed", "small_b", p.muted,
                          (rect.right, rect.bottom), "bottomright")
        track = pygame.Rect(rect.left, 0, label.left - rect.left - m.sp(1.5), max(6, m.sp(1)))
        track.centery = label.centery
        draw.bar(surface, ui, track, done / total if total else 0, p.ok)

    def regions(self) -> list[pygame.Rect]:
        return [self.header, self.recent_rect, *(b.rect for b in self.filters), self.top.settings.rect]
