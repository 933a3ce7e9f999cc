"""Screen 3, the account brief: who you are calling, the terms, the invoices, the history and the
objective. "Dial" starts the call; during the call the same brief opens over it with Tab."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import pygame

from game.content.model import Scenario
from game.ui.pygame import draw, icons
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.doc import Doc
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.scenes.select import archetype_label, dot_radius
from game.ui.pygame.widgets import Button, ScrollPane
from game.ui.text.render import money

TWO_COLUMNS_FROM = 55  # two columns when the page is at least this many times the body text size wide


@dataclass(frozen=True, slots=True)
class Dial:
    scenario_id: str


def long_date(day: _dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


class BriefScene(Scene):
    """`peek=True`: shown over the call (Tab or Esc closes it), without the Dial button."""

    name = "brief"
    step = "Prepare"

    def __init__(self, ui: UI, scenario: Scenario, trainee: str = "", note: str = "", peek: bool = False) -> None:
        super().__init__(ui)
        self.scenario = scenario
        self.note = note
        self.peek = peek
        self.modal = peek
        self.top = TopBar(ui, "Call" if peek else self.step, trainee)
        self.pane = ScrollPane()
        self.dial = Button("dial", "Dial", "primary", hint="Enter", icon="phone")
        self.back = Button("back", "Back to the call" if peek else "Back", hint="Tab" if peek else "Esc")
        self.frame = pygame.Rect(0, 0, 0, 0)
        self.header = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        if self.peek:
            body = body.inflate(-m.sp(4), -m.sp(2))
        self.frame = body
        head_h = ui.text.font("h1").get_height() + m.sp(1) + ui.text.font("small_b").get_height() + m.sp(0.6)
        self.header = pygame.Rect(body.left, body.top, body.width, head_h)
        foot_h = Button.natural_height(ui) + m.sp(2)
        footer = pygame.Rect(body.left, body.bottom - foot_h, body.width, foot_h)
        buttons = [self.back] if self.peek else [self.back, self.dial]
        place_row(ui, buttons, footer.inflate(-m.sp(2) if self.peek else 0, 0))
        self.pane.rect = pygame.Rect(body.left, self.header.bottom + m.sp(2), body.width,
                                     footer.top - self.header.bottom - m.sp(3))
        if self.peek:
            self.pane.rect.inflate_ip(-m.sp(4), 0)
        self.pane.set_doc(self._document(self.pane.rect.width - m.sp(2)), self._fill, keep=True)
        self.focus.set([*buttons, self.top.settings] if not self.peek else buttons)
        if not self.peek:
            self.focus.focus_action("dial")

    @property
    def _fill(self):
        return self.ui.p.surface if self.peek else self.ui.p.bg

    def _document(self, width: int) -> Doc:
        doc = Doc(self.ui, width)
        if self.note:
            doc.card(lambda d: d.text(self.note, "body_b", self.ui.p.warn, after=0), self.ui.p.warn_soft,
                     self.ui.p.warn_soft, pad=1.5, after=2)
        if width >= TWO_COLUMNS_FROM * self.ui.m.body:
            doc.columns([(0.42, self._client), (0.58, self._account)])
        else:
            self._client(doc, situation=False)
            self._account(doc)
            self._situation(doc)
        return doc

    def _situation(self, doc: Doc) -> None:
        if self.scenario.summary:
            doc.label("Situation")
            doc.text(self.scenario.summary, "body", self.ui.p.text, after=1.5)

    def _client(self, doc: Doc, situation: bool = True) -> None:
        ui, p, s = self.ui, self.ui.p, self.scenario
        persona, account = s.persona, s.account
        face = ui.portraits.get(s, round(ui.m.body * 4.4), p.muted, p.accent_soft)

        def who(d: Doc) -> None:
            d.media(face, [(persona.name, "h2", p.text),
                           (f"{persona.role}, {persona.company}" if persona.role else persona.company, "body", p.muted)])
            rows = [("Terms", account.terms), ("Call date", long_date(account.call_date())),
                    ("Total due", money(account.total_due))]
            if account.contact:
                rows.insert(0, ("Contact", account.contact))
            d.pairs(rows)
        doc.card(who, p.surface)
        doc.card(lambda d: (d.label("Your objective", p.accent), d.text(s.objective, "body_b", p.text, after=0)),
                 p.accent_soft, p.accent_soft, stripe=p.accent)
        if situation:
            self._situation(doc)

    def _account(self, doc: Doc) -> None:
        p, account = self.ui.p, self.scenario.account
        today = account.call_date()
        doc.label("Open invoices")
        rows = [[inv.number, money(inv.amount), inv.issued.isoformat(), inv.due.isoformat(),
                 f"{inv.days_overdue(today)} days"] for inv in account.invoices]
        rows.append(["Total", money(account.total_due), "", "", ""])
        doc.table(["Invoice", "Amount", "Issued", "Due", "Overdue"], rows, "lrllr", [1.1, 1.1, 1.1, 1.1, 0.9],
                  strong_last=True)
        notes = [f"{inv.number}: {inv.note}" for inv in account.invoices if inv.note]
        if notes:
            doc.bullets(notes, "small", p.muted)
            doc.gap(1)
        if account.history:
            doc.label("Payment history")
            doc.bullets(account.history)
            doc.gap(1)
        if account.notes:
            doc.label("Notes")
            doc.bullets(account.notes)
            doc.gap(1)

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN:
            if self.peek and event.key in (pygame.K_TAB, pygame.K_ESCAPE):
                self.emit(Back())
                return True
            if self.pane.handle_key(event.key, self.ui.text.line_height("body")):
                return True
        if self.pane.handle_wheel(event, self.ui.text.line_height("body")):
            return True
        return super().handle_event(event)

    def on_action(self, action: str) -> None:
        if action == "dial":
            self.emit(Dial(self.scenario.id))
        elif action == "back":
            self.emit(Back())
        else:
            super().on_action(action)

    def update(self, dt: float) -> None:
        self.pane.update(dt)

    def animating(self) -> bool:
        return self.pane.moving

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p, s = self.ui, self.ui.m, self.ui.p, self.scenario
        if self.peek:
            draw.panel(surface, ui, self.frame.inflate(m.sp(2), m.sp(2)), p.surface, p.border, radius=m.radius * 2)
        else:
            surface.fill(p.bg)
            self.top.draw(surface)
        h = self.header.inflate(-m.sp(4), 0) if self.peek else self.header
        label = "ACCOUNT BRIEF" + (" · the call is on hold while you read" if self.peek else "")
        draw.text(surface, ui, label, "small_b", p.accent, h.topleft)
        title = draw.title(surface, ui, s.title, p.text, (h.left, h.top + ui.text.font("small_b").get_height()
                                                          + m.sp(0.6)), h.width * 2 // 3)
        chip = draw.chip(surface, ui, archetype_label(s.archetype), (h.right, title.centery), p.accent,
                         p.accent_soft, anchor="midright")
        dot = dot_radius(ui)
        x = chip.left - m.sp(2) - dot * 8
        icons.dots(surface, x, title.centery, s.difficulty, 3, dot, p.accent, p.track)
        draw.text(surface, ui, "Difficulty", "small", p.muted, (x - m.sp(1), title.centery), "midright")
        self.pane.draw(surface, ui)
        self.focus.draw(surface, ui)
        if not self.peek:
            draw.first_fitting(surface, ui, ["Arrow keys scroll · Enter dials · Esc goes back", "Enter dials"],
                               "small", p.muted, (self.frame.left, self.back.rect.centery), "midleft",
                               self.back.rect.left - self.frame.left - m.sp(2))

    def regions(self) -> list[pygame.Rect]:
        return [self.header, self.pane.rect, *(w.rect for w in self.focus.widgets)]
