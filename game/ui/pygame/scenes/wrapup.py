"""Screen 5, the wrap-up: document the call — the disposition, the amount and date agreed, and the
follow-up date. The entry is scored by `game.engine.wrapup` (by the Director), not here."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import pygame

from game.content.model import Scenario
from game.engine.wrapup import Disposition, WrapUp, parse_amount, parse_date
from game.ui.pygame import draw
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.doc import Doc
from game.ui.pygame.scene import Scene
from game.ui.pygame.scenes.brief import long_date
from game.ui.pygame.widgets import Button, TextField, Widget
from game.ui.text.render import money

DATE_CHARS = set("0123456789-")
AMOUNT_CHARS = set("0123456789.,$")
NEXT_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
SUBTITLE = "Write the call log: what was agreed and when you will follow up. It is checked against what " \
           "happened in the call."


@dataclass(frozen=True, slots=True)
class WrapUpDone:
    wrapup: WrapUp


class Radio(Widget):
    """One disposition; only the chosen one (or the first) takes Tab focus, arrows move the choice."""

    def __init__(self, disposition: Disposition) -> None:
        super().__init__(f"disposition:{disposition.value}")
        self.disposition = disposition
        self.selected = False
        self.focusable = False

    @staticmethod
    def _label_width(ui: UI, width: int) -> int:
        return width - ui.m.sp(4.5) - max(6, ui.m.body // 2) * 2

    def height_for(self, ui: UI, width: int) -> int:
        """The row height this option needs at `width` (its label wraps onto two lines at most)."""
        lines = min(2, len(ui.text.wrap(self.disposition.label, "body_b", self._label_width(ui, width))))
        return ui.text.line_height("body") * (lines - 1) + ui.text.font("body").get_height() + ui.m.sp(2.25)

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        m, p, r = ui.m, ui.p, self.rect
        fill = p.accent_soft if self.selected or hovered else p.surface
        pygame.draw.rect(surface, fill, r, border_radius=m.radius)
        pygame.draw.rect(surface, p.accent if self.selected else p.border, r, 1, border_radius=m.radius)
        rad = max(6, m.body // 2)
        c = (r.left + m.sp(1.5) + rad, r.centery)
        pygame.draw.circle(surface, p.accent if self.selected else p.muted, c, rad, 2)
        if self.selected:
            pygame.draw.circle(surface, p.accent, c, rad - 4)
        label = ui.text.block(self.disposition.label, "body_b" if self.selected else "body", p.text,
                              self._label_width(ui, r.width), max_lines=2)
        surface.blit(label, label.get_rect(midleft=(c[0] + rad + m.sp(1.5), r.centery)))
        if focused:
            draw.focus_ring(surface, ui, r)


class WrapUpScene(Scene):
    name = "wrapup"
    step = "Document"

    def __init__(self, ui: UI, scenario: Scenario, ending_line: str, trainee: str = "") -> None:
        super().__init__(ui)
        self.scenario = scenario
        self.ending_line = ending_line
        self.call_date = scenario.account.call_date()
        self.top = TopBar(ui, self.step, trainee)
        self.radios = [Radio(d) for d in Disposition]
        self.radios[0].focusable = True
        self.amount = TextField("amount", placeholder="e.g. 1,860.00", max_len=14, allow=AMOUNT_CHARS.__contains__)
        self.date = TextField("date", placeholder="YYYY-MM-DD", max_len=10, allow=DATE_CHARS.__contains__)
        self.follow = TextField("follow-up", placeholder="YYYY-MM-DD", max_len=10, allow=DATE_CHARS.__contains__)
        self.save = Button("save", "Save the call log", "primary", hint="Enter")
        self.error = ""
        self.header = self.form = self.side = pygame.Rect(0, 0, 0, 0)
        self.compact = False
        self.summary: pygame.Surface | None = None

    @property
    def disposition(self) -> Disposition | None:
        return next((r.disposition for r in self.radios if r.selected), None)

    def fields(self) -> list[tuple[TextField, str]]:
        return [(self.amount, "Amount agreed"), (self.date, "Date agreed"), (self.follow, "Follow-up date")]

    # -- layout ---------------------------------------------------------------------------------
    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        self.compact = body.height < round(m.body * 27)
        head_h = ui.text.font("h1").get_height()
        if not self.compact:
            head_h += m.sp(0.6) + ui.text.block_height(SUBTITLE, "body", body.width)
        self.header = pygame.Rect(body.left, body.top, body.width, head_h)
        foot_h = Button.natural_height(ui) + m.sp(1)
        footer = pygame.Rect(body.left, body.bottom - foot_h, body.width, foot_h)
        place_row(ui, [self.save], footer)
        top = self.header.bottom + m.sp(3)
        side_w = max(round(body.width * 0.3), round(m.body * 14))
        self.form = pygame.Rect(body.left, top, body.width - side_w - m.sp(4), footer.top - top - m.sp(2))
        self.side = pygame.Rect(self.form.right + m.sp(4), top, side_w, self.form.height)
        label_h = ui.text.line_height("small_b")
        field_h = Button.natural_height(ui)
        details = m.sp(2.5) + label_h * 2 + m.sp(1.25) + field_h + m.sp(0.75) + ui.text.line_height("small") * 2
        gap = m.sp(1)
        rows = len(self.radios)
        row_h = max(r.height_for(ui, self.form.width) for r in self.radios)
        if label_h + m.sp(0.75) + rows * (row_h + gap) + details > self.form.height:
            rows = (rows + 1) // 2  # two columns of outcomes when the window is short
        cols = -(-len(self.radios) // rows)
        col_w = (self.form.width - m.sp(1.5) * (cols - 1)) // cols
        row_h = max(r.height_for(ui, col_w) for r in self.radios)
        y0 = self.form.top + label_h + m.sp(0.75)
        for i, radio in enumerate(self.radios):
            col, row = divmod(i, rows)
            radio.rect = pygame.Rect(self.form.left + col * (col_w + m.sp(1.5)), y0 + row * (row_h + gap), col_w, row_h)
        y = y0 + rows * (row_h + gap) + m.sp(2.5) + label_h * 2 + m.sp(1.25)
        gap = m.sp(2)
        w = (self.form.width - 2 * gap) // 3
        for i, (field, _) in enumerate(self.fields()):
            field.rect = pygame.Rect(self.form.left + i * (w + gap), y, w, field_h)
        self._sync()
        self.summary = self._summary(self.side.width - m.sp(4)).render(ui.p.surface, bottom_pad=0)
        self.side.height = min(self.side.height, self.summary.get_height() + m.sp(4))
        self.focus.set([*self.radios, *(f for f, _ in self.fields()), self.save, self.top.settings])

    def _summary(self, width: int) -> Doc:
        ui, p, s = self.ui, self.ui.p, self.scenario
        doc = Doc(ui, width)
        doc.label("The call ended with")
        doc.text(f"{s.persona.name.split()[0]}: “{self.ending_line}”", "body", p.text, after=1.5)
        doc.pairs([("Call date", long_date(self.call_date)), ("Total due", money(s.account.total_due))])
        doc.gap(0.5)
        doc.table(["Invoice", "Amount"], [[inv.number, money(inv.amount)] for inv in s.account.invoices], "lr", [1, 1])
        return doc

    def _sync(self) -> None:
        """Enable the fields the chosen disposition needs."""
        d = self.disposition
        self.amount.enabled = d is not None and d.needs_amount
        self.date.enabled = d is not None and d.needs_date

    # -- input ----------------------------------------------------------------------------------
    def select(self, radio: Radio) -> None:
        for r in self.radios:
            r.selected = r.focusable = r is radio
        self.error = ""
        self._sync()
        self.focus.focus_action(radio.action)

    def handle_event(self, event: pygame.event.Event) -> bool:
        focused = self.focus.focused
        if isinstance(focused, TextField) and focused.enabled and focused.handle(event):
            return True
        if event.type == pygame.KEYDOWN:
            if isinstance(focused, Radio) and event.key in (pygame.K_UP, pygame.K_DOWN):
                i = self.radios.index(focused) + (1 if event.key == pygame.K_DOWN else -1)
                self.select(self.radios[i % len(self.radios)])
                return True
            if focused in (self.date, self.follow) and event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP,
                                                                     pygame.K_PAGEDOWN):
                days = {pygame.K_UP: 1, pygame.K_DOWN: -1, pygame.K_PAGEUP: 7, pygame.K_PAGEDOWN: -7}[event.key]
                self._shift(focused, days)
                return True
            if event.key in NEXT_KEYS and isinstance(focused, (Radio, TextField)):
                if isinstance(focused, Radio) and not focused.selected:
                    self.select(focused)
                self.focus.move(1)
                return True
        return super().handle_event(event)

    def _shift(self, field: TextField, days: int) -> None:
        try:
            day = parse_date(field.text)
        except ValueError:
            day = self.call_date
        field.text = (day + _dt.timedelta(days=days)).isoformat()
        field.error = ""

    def on_action(self, action: str) -> None:
        if action.startswith("disposition:"):
            self.select(next(r for r in self.radios if r.action == action))
        elif action == "save":
            self.submit()
        elif action in ("amount", "date", "follow-up"):
            pass
        else:
            super().on_action(action)

    def submit(self) -> None:
        """Check the entries; emit the wrap-up, or show what is missing."""
        d = self.disposition
        if d is None:
            self.error = "Pick what the call ended with."
            self.focus.focus_action(self.radios[0].action)
            return
        values: dict[str, object] = {}
        for field, key, parse, needed in ((self.amount, "amount", parse_amount, d.needs_amount),
                                          (self.date, "date", parse_date, d.needs_date),
                                          (self.follow, "follow_up", parse_date, True)):
            field.error = ""
            if not needed or (key == "follow_up" and not field.text.strip()):
                continue
            try:
                values[key] = parse(field.text)
            except ValueError as exc:
                field.error = str(exc)
        bad = next((f for f, _ in self.fields() if f.error), None)
        if bad is not None:
            self.error = "Fix the highlighted entry."
            self.focus.focus_action(bad.action)
            return
        self.emit(WrapUpDone(WrapUp(d, values.get("amount"), values.get("date"), values.get("follow_up"))))

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        surface.fill(p.bg)
        self.top.draw(surface)
        h = self.header
        draw.text(surface, ui, "Document the call", "h1", p.text, h.topleft)
        if not self.compact:
            surface.blit(ui.text.block(SUBTITLE, "body", p.muted, h.width),
                         (h.left, h.top + ui.text.font("h1").get_height() + m.sp(0.6)))
        draw.text(surface, ui, "WHAT DID THE CALL END WITH?", "small_b", p.muted, self.form.topleft)
        first = self.amount.rect
        label_y = first.top - m.sp(0.5) - ui.text.line_height("small_b")
        draw.text(surface, ui, "THE DETAILS", "small_b", p.muted, (first.left, label_y - m.sp(0.75)), "bottomleft")
        for field, label in self.fields():
            color = p.text if field.enabled else p.muted
            draw.text(surface, ui, label, "small_b", color, (field.rect.left, field.rect.top - m.sp(0.5)),
                      "bottomleft", max_width=field.rect.width)
            hint, hint_color = self._hint(field)
            surface.blit(ui.text.block(hint, "small", hint_color, field.rect.width, max_lines=2),
                         (field.rect.left, field.rect.bottom + m.sp(0.75)))
        draw.panel(surface, ui, self.side, p.surface, p.border, radius=m.radius * 1.5)
        if self.summary is not None:
            surface.blit(self.summary, (self.side.left + m.sp(2), self.side.top + m.sp(2)),
                         pygame.Rect(0, 0, self.side.width - m.sp(4), self.side.height - m.sp(4)))
        if self.error:
            draw.text(surface, ui, self.error, "body_b", p.bad, (self.form.left, self.save.rect.centery), "midleft",
                      max_width=self.save.rect.left - self.form.left - m.sp(2))
        else:
            draw.first_fitting(surface, ui, ["Up/Down pick the outcome or change a date by a day · Tab next field",
                                             "Up/Down change · Tab next field"], "small", p.muted,
                               (self.form.left, self.save.rect.centery), "midleft",
                               self.save.rect.left - self.form.left - m.sp(2))
        self.focus.draw(surface, ui)

    def _hint(self, field: TextField) -> tuple[str, tuple[int, int, int]]:
        p = self.ui.p
        if field.error:
            return field.error, p.bad
        if not field.enabled:
            return "Not needed here", p.muted
        if field is self.amount:
            return f"Total due {money(self.scenario.account.total_due)}", p.muted
        try:
            day = parse_date(field.text)
        except ValueError:
            return ("Always plan one" if field is self.follow else "YYYY-MM-DD, or Up/Down"), p.muted
        delta = (day - self.call_date).days
        when = "the call date" if delta == 0 else f"{abs(delta)} day{'s' if abs(delta) != 1 else ''} " \
                                                   f"{'after' if delta > 0 else 'before'} the call"
        return f"{day:%a} {day.day} {day:%b} · {when}", p.muted

    def regions(self) -> list[pygame.Rect]:
        return [self.header, self.form, self.side, *(w.rect for w in self.focus.widgets)]
