"""The campaign worklist (a CRM-like screen): this morning's news, every account with its balance, days
overdue, aging bucket, last contact, next follow-up due, payments expected, red flags and the latest
note; pick an account to call, or end the day. It reads a `game.campaign.week.Week` and emits what the
trainee chose (`CallAccount`, `EndDay`); it never starts a call itself (game/ui/pygame/campaign_flow.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.campaign.week import Week, WorklistRow
from game.ui.pygame import draw
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Scene
from game.ui.pygame.widgets import Button, Widget
from game.ui.text.render import money


@dataclass(frozen=True, slots=True)
class CallAccount:
    account_id: str


@dataclass(frozen=True, slots=True)
class EndDay:
    """End the day (unused slots stay unused)."""


class AccountRow(Widget):
    """One account of the worklist; disabled once called today or paid."""

    def __init__(self, row: WorklistRow) -> None:
        super().__init__(f"account:{row.account.id}", enabled=not row.called_today and row.balance > 0.005)
        self.row = row

    @staticmethod
    def natural_height(ui: UI) -> int:
        return ui.text.line_height("body_b") + ui.text.line_height("small") * 2 + ui.m.sp(2)

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        m, p, r, row = ui.m, ui.p, self.rect, self.row
        fill = p.surface if self.enabled else p.surface_alt
        draw.panel(surface, ui, r, fill, p.accent if (hovered or focused) and self.enabled else p.border)
        pad = m.sp(1.5)
        x, y, w = r.left + pad, r.top + m.sp(1), r.width - 2 * pad
        cols = (0.0, 0.42, 0.58, 0.68, 0.80)
        cells = (row.company, money(row.balance), f"{row.days_overdue} days", row.bucket,
                 f"next {row.next_follow_up.isoformat()}" if row.next_follow_up else "no follow-up due")
        for frac, cell, role in zip(cols, cells, ("body_b", "body_b", "body", "body", "small")):
            draw.text(surface, ui, cell, role, p.text if self.enabled else p.muted, (x + round(w * frac), y),
                      max_width=round(w * 0.16) if frac else round(w * 0.4))
        y += ui.text.line_height("body_b")
        last = f"last call {row.last_contact.isoformat()}" if row.last_contact else "not called yet"
        status = "called today" if row.called_today else "paid" if row.balance <= 0.005 else \
            f"waiting on {money(row.committed)} due {row.waiting_until.isoformat()}" if row.waiting_until else ""
        draw.text(surface, ui, f"{row.contact} · {last}" + (f" · {status}" if status else ""), "small", p.muted,
                  (x, y), max_width=w)
        y += ui.text.line_height("small")
        if row.account.red_flags:
            draw.text(surface, ui, "RED FLAG: " + "; ".join(row.account.red_flags), "small_b", p.bad, (x, y),
                      max_width=w)
        elif row.notes:
            draw.text(surface, ui, row.notes[-1], "small", p.muted, (x, y), max_width=w)
        if focused:
            draw.focus_ring(surface, ui, r)


class WorklistScene(Scene):
    name = "worklist"
    step = "Choose"

    def __init__(self, ui: UI, week: Week, trainee: str = "") -> None:
        super().__init__(ui)
        self.week = week
        self.top = TopBar(ui, self.step, trainee)
        self.rows = [AccountRow(r) for r in week.worklist()]
        self.end_day = Button("end-day", "End the day", "primary", hint="E")
        self.header = self.list_area = pygame.Rect(0, 0, 0, 0)
        self.first = 0
        self.visible = len(self.rows)

    @property
    def title(self) -> str:
        w, c = self.week, self.week.campaign
        return f"Day {w.day} of {c.days} — {w.today:%A %d %B} — {w.slots_left} of {c.slots} calls left"

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        news = " ".join(self.week.events) or "No payments were due this morning."
        head_h = ui.text.font("h2").get_height() + m.sp(0.5) + ui.text.block_height(news, "small", body.width)
        self.header = pygame.Rect(body.left, body.top, body.width, head_h)
        foot_h = Button.natural_height(ui) + m.sp(1)
        place_row(ui, [self.end_day], pygame.Rect(body.left, body.bottom - foot_h, body.width, foot_h))
        self.list_area = pygame.Rect(body.left, self.header.bottom + m.sp(2), body.width,
                                     body.bottom - foot_h - m.sp(1) - self.header.bottom - m.sp(2))
        row_h, gap = AccountRow.natural_height(ui), m.sp(1)
        self.visible = max(1, (self.list_area.height + gap) // (row_h + gap))
        self._place(row_h, gap)
        self.focus.set([*self.rows, self.end_day, self.top.settings])

    def _place(self, row_h: int, gap: int) -> None:
        focused = self.focus.focused
        if isinstance(focused, AccountRow):  # keep the focused row in view
            index = self.rows.index(focused)
            self.first = min(max(self.first, index - self.visible + 1), index)
        self.first = max(0, min(self.first, len(self.rows) - self.visible))
        for i, row in enumerate(self.rows):
            shown = self.first <= i < self.first + self.visible
            y = self.list_area.top + (i - self.first) * (row_h + gap)
            row.rect = pygame.Rect(self.list_area.left, y, self.list_area.width, row_h) if shown else \
                pygame.Rect(-10_000, -10_000, 0, 0)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_e:
            self.emit(EndDay())
            return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_UP, pygame.K_DOWN):
            self.focus.move(-1 if event.key == pygame.K_UP else 1)
            self._place(AccountRow.natural_height(self.ui), self.ui.m.sp(1))
            return True
        used = super().handle_event(event)
        if used and event.type == pygame.KEYDOWN:
            self._place(AccountRow.natural_height(self.ui), self.ui.m.sp(1))
        return used

    def on_action(self, action: str) -> None:
        if action.startswith("account:"):
            row = next(r for r in self.rows if r.action == action)
            if row.enabled:
                self.emit(CallAccount(row.row.account.id))
        elif action == "end-day":
            self.emit(EndDay())
        else:
            super().on_action(action)

    def regions(self) -> list[pygame.Rect]:
        return [w.rect for w in self.focus.widgets if w.rect.width > 0]

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        surface.fill(p.bg)
        self.top.draw(surface)
        title = draw.text(surface, ui, self.title, "h2", p.text, self.header.topleft, max_width=self.header.width)
        news = " ".join(self.week.events) or "No payments were due this morning."
        surface.blit(ui.text.block(news, "small", p.muted, self.header.width),
                     (self.header.left, title.bottom + m.sp(0.5)))
        focused, hover = self.focus.focused, self.focus.hover
        for w in self.focus.widgets:
            if w.rect.width > 0:
                w.draw(surface, ui, w is focused, w is hover)
        if self.first + self.visible < len(self.rows):
            draw.text(surface, ui, f"{len(self.rows) - self.first - self.visible} more below (arrow keys)", "small",
                      p.muted, (self.list_area.left, self.end_day.rect.centery), "midleft")
