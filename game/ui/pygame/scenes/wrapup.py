"""Screen 5, the wrap-up: document the call — what it ended with and what that needs (the amount and
date of a promise or a partial payment, each instalment of a plan, the reason of a dispute, the date
and time of a callback), and the follow-up date. The log is checked by `game.engine.wrapup` (through
the Session), not here. Amount examples come from the account on screen (`amount_example`)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Callable

import pygame

from game.content.model import Scenario
from game.engine.wrapup import Disposition, Payment, WrapUp, amount_example, parse_amount, parse_date, parse_time
from game.ui.pygame import draw
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.doc import Doc
from game.ui.pygame.scene import Scene
from game.ui.pygame.scenes.brief import long_date
from game.ui.pygame.scenes.wrapup_parts import (MAX_INSTALMENTS, TIME_CHARS, InstalmentRow, Radio, amount_field,
                                                date_field, date_hint, shift_date, shift_time, short_label, when)
from game.ui.pygame.theme import Color
from game.ui.pygame.widgets import Button, TextField, Widget
from game.ui.text.render import money

NEXT_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
DAY_KEYS = {pygame.K_UP: 1, pygame.K_DOWN: -1, pygame.K_PAGEUP: 7, pygame.K_PAGEDOWN: -7}
SUBTITLE = "Write the call log: what was agreed and when you will follow up. It is checked against what " \
           "happened in the call, and a log that contradicts the call cannot pass."
FIRST_ROWS = 2  # a plan starts with two instalment rows (more with "Add instalment")


@dataclass(frozen=True, slots=True)
class WrapUpDone:
    wrapup: WrapUp


class WrapUpScene(Scene):
    name = "wrapup"
    step = "Document"

    def __init__(self, ui: UI, scenario: Scenario, ending_line: str, trainee: str = "") -> None:
        super().__init__(ui)
        self.scenario = scenario
        self.ending_line = ending_line
        self.call_date = scenario.account.call_date()
        self.example = amount_example(scenario)
        self.top = TopBar(ui, self.step, trainee)
        self.radios = [Radio(d) for d in Disposition]
        self.radios[0].focusable = True
        self.amount = amount_field("amount", self.example)
        self.date = date_field("date")
        self.time = TextField("time", placeholder="HH:MM", max_len=5, allow=TIME_CHARS.__contains__)
        self.reason = TextField("reason", placeholder="What is disputed, and why", max_len=160)
        self.follow = date_field("follow-up")
        self.rows = [InstalmentRow(i, self.example) for i in range(FIRST_ROWS)]
        self.first_row = 0  # the first instalment row in view (the list scrolls when it is long)
        self.visible_rows = FIRST_ROWS
        self._revealed: Widget | None = None  # the focused widget `_reveal` last scrolled to
        self.add = Button("add-instalment", "+ Add instalment")
        self.save = Button("save", "Save the call log", "primary", hint="Enter")
        self.error = ""
        self.header = self.form = self.side = self.details = self.main = pygame.Rect(0, 0, 0, 0)
        self.compact = False
        self.summary: pygame.Surface | None = None

    @property
    def disposition(self) -> Disposition | None:
        return next((r.disposition for r in self.radios if r.selected), None)

    def single_fields(self) -> list[TextField]:
        """The one-line entries the chosen disposition needs (not a plan's rows, not the follow-up)."""
        d = self.disposition
        if d is None or d.needs_instalments:
            return []
        wanted = ((self.amount, d.needs_amount), (self.date, d.needs_date), (self.time, d.needs_time),
                  (self.reason, d.needs_reason))
        return [f for f, needed in wanted if needed]

    def detail_widgets(self) -> list[Widget]:
        """Every widget of the details in Tab order, the follow-up date last."""
        d = self.disposition
        if d is not None and d.needs_instalments:
            return [w for row in self.rows for w in row.widgets] + [self.add, self.follow]
        return [*self.single_fields(), self.follow]

    def label(self, field: TextField) -> str:
        d = self.disposition
        if field is self.amount:
            return "Amount of the part payment" if d is Disposition.PARTIAL else "Amount promised"
        if field is self.date:
            return "Callback date" if d is Disposition.CALLBACK else "Payment date"
        return {"time": "Callback time", "reason": "What is disputed, and why",
                "follow-up": "Follow-up date"}.get(field.action, "")

    # -- layout ---------------------------------------------------------------------------------
    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        self.compact = body.height < round(m.body * 30)
        head_h = ui.text.font("h1").get_height()
        if not self.compact:
            head_h += m.sp(0.6) + ui.text.block_height(SUBTITLE, "body", body.width)
        self.header = pygame.Rect(body.left, body.top, body.width, head_h)
        foot_h = Button.natural_height(ui) + m.sp(1)
        footer = pygame.Rect(body.left, body.bottom - foot_h, body.width, foot_h)
        place_row(ui, [self.save], footer)
        top = self.header.bottom + m.sp(2 if self.compact else 3)
        side_w = max(round(body.width * 0.28), round(m.body * 14))
        self.form = pygame.Rect(body.left, top, body.width - side_w - m.sp(4), footer.top - top - m.sp(1.5))
        self.side = pygame.Rect(self.form.right + m.sp(4), top, side_w, self.form.height)
        self._place_radios()
        self._place_details()
        self.summary = self._summary(self.side.width - m.sp(4)).render(ui.p.surface, bottom_pad=0)
        self.side.height = min(self.side.height, self.summary.get_height() + m.sp(4))
        self._refocus()

    def _place_radios(self) -> None:
        """The six outcomes in three columns when their names fit on two lines, else in two."""
        ui, m = self.ui, self.ui.m
        gap = m.sp(1)
        for cols in (3, 2):
            col_w = (self.form.width - m.sp(1.5) * (cols - 1)) // cols
            if cols == 2 or all(r.lines_at(ui, col_w) <= 2 for r in self.radios):
                break
        rows = -(-len(self.radios) // cols)
        row_h = max(r.height_for(ui, col_w) for r in self.radios)
        y0 = self.form.top + ui.text.line_height("small_b") + m.sp(0.75)
        for i, radio in enumerate(self.radios):
            row, col = divmod(i, cols)
            radio.rect = pygame.Rect(self.form.left + col * (col_w + m.sp(1.5)), y0 + row * (row_h + gap), col_w,
                                     row_h)
        top = y0 + rows * (row_h + gap) + m.sp(1.5)
        self.details = pygame.Rect(self.form.left, top, self.form.width, self.form.bottom - top)

    def _place_details(self) -> None:
        """The entries the disposition needs on the left two thirds, the follow-up date on the right."""
        ui, m = self.ui, self.ui.m
        label_h = ui.text.line_height("small_b")
        field_h = Button.natural_height(ui)
        gap = m.sp(2)
        third = (self.details.width - 2 * gap) // 3
        content = self.details.top + label_h + m.sp(1)
        self.main = pygame.Rect(self.details.left, content, third * 2 + gap, self.details.bottom - content)
        field_top = content + label_h + m.sp(0.5)
        self.follow.rect = pygame.Rect(self.main.right + gap, field_top, third, field_h)
        for w in (self.amount, self.date, self.time, self.reason, self.add):
            w.rect = pygame.Rect(0, 0, 0, 0)
        for row in self.rows:
            row.hide()
        d = self.disposition
        if d is not None and d.needs_instalments:
            self._place_rows()
            return
        x = self.main.left
        for field in self.single_fields():
            w = self.main.width if field is self.reason else third
            field.rect = pygame.Rect(x, field_top, w, field_h)
            x += w + gap

    def _place_rows(self) -> None:
        """A plan: a row per instalment (amount, date, remove), scrolled when they do not all fit, then
        "Add instalment" with a status beside it (the total so far, or what is wrong with a row)."""
        ui, m = self.ui, self.ui.m
        field_h = Button.natural_height(ui)
        row_h = field_h + m.sp(1)
        top = self.main.top + ui.text.line_height("small_b") + m.sp(0.5)
        room = self.main.bottom - top - field_h
        self.visible_rows = max(1, room // row_h)
        self.first_row = max(0, min(self.first_row, len(self.rows) - self.visible_rows))
        number_w = ui.text.width("12.", "body_b") + m.sp(1)
        inner = m.sp(1.5)
        field_w = (self.main.width - number_w - field_h - 2 * inner) // 2
        y = top
        for i, row in enumerate(self.rows):
            if not self.first_row <= i < self.first_row + self.visible_rows:
                row.hide()
                continue
            row.visible = True
            x = self.main.left + number_w
            row.amount.rect = pygame.Rect(x, y, field_w, field_h)
            row.date.rect = pygame.Rect(x + field_w + inner, y, field_w, field_h)
            row.remove.rect = pygame.Rect(row.date.rect.right + inner, y, field_h, field_h)
            y += row_h
        self.add.enabled = len(self.rows) < MAX_INSTALMENTS
        self.add.rect = pygame.Rect(self.main.left + number_w, y, self.add.natural_width(ui), field_h)

    def _summary(self, width: int) -> Doc:
        ui, p, s = self.ui, self.ui.p, self.scenario
        doc = Doc(ui, width)
        doc.label("The call ended with")
        doc.text(f"{s.persona.name.split()[0]}: “{self.ending_line}”", "body", p.text, after=1.5)
        doc.pairs([("Call date", long_date(self.call_date)), ("Total due", money(s.account.total_due))])
        doc.gap(0.5)
        doc.table(["Invoice", "Amount"], [[inv.number, money(inv.amount)] for inv in s.account.invoices], "lr", [1, 1])
        return doc

    def _refocus(self) -> None:
        """The widgets in Tab order for the disposition chosen (focus stays where it was)."""
        self.focus.set([*self.radios, *self.detail_widgets(), self.save, self.top.settings])

    def _reveal(self) -> None:
        """Scroll the instalment rows so the focused one is in view (when the focus has moved: the wheel
        may scroll it out of view)."""
        focused = self.focus.focused
        if focused is self._revealed:
            return
        self._revealed = focused
        row = next((r for r in self.rows if focused in r.widgets), None)
        if row is None or row.visible:
            return
        i = self.rows.index(row)
        self.first_row = i if i < self.first_row else i - self.visible_rows + 1
        self._place_details()

    # -- input ----------------------------------------------------------------------------------
    def select(self, radio: Radio) -> None:
        for r in self.radios:
            r.selected = r.focusable = r is radio
        self.error = ""
        self._place_details()
        self._refocus()
        self.focus.focus_action(radio.action)

    def handle_event(self, event: pygame.event.Event) -> bool:
        used = self._handle(event)
        self._reveal()
        return used

    def _handle(self, event: pygame.event.Event) -> bool:
        focused = self.focus.focused
        if isinstance(focused, TextField) and focused.handle(event):
            return True
        if event.type == pygame.MOUSEWHEEL and len(self.rows) > self.visible_rows and \
                self.main.collidepoint(self.ui.mouse_pos()):
            self.first_row = max(0, self.first_row - event.y)
            self._place_details()
            return True
        if event.type == pygame.KEYDOWN:
            if isinstance(focused, Radio) and event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
                step = 1 if event.key in (pygame.K_DOWN, pygame.K_RIGHT) else -1
                self.select(self.radios[(self.radios.index(focused) + step) % len(self.radios)])
                return True
            if isinstance(focused, TextField) and event.key in DAY_KEYS and self._step_field(focused, event.key):
                return True
            if event.key in NEXT_KEYS and isinstance(focused, (Radio, TextField)):
                if isinstance(focused, Radio) and not focused.selected:
                    self.select(focused)
                self._next_entry()
                return True
        return super().handle_event(event)

    def _step_field(self, field: TextField, key: int) -> bool:
        """Up/Down (PageUp/PageDown: a week) on a date, Up/Down on the time; False for other fields."""
        if field is self.time:
            if key in (pygame.K_UP, pygame.K_DOWN):
                field.text = shift_time(field.text, 1 if key == pygame.K_UP else -1)
                field.error = ""
            return True
        if field is not self.date and field is not self.follow and not any(field is r.date for r in self.rows):
            return False
        field.text = shift_date(field.text, DAY_KEYS[key], self._date_start(field))
        field.error = ""
        return True

    def _date_start(self, field: TextField) -> _dt.date:
        """Where Up/Down start on an empty date: the previous instalment's date, else the call date."""
        index = next((i for i, r in enumerate(self.rows) if r.date is field), 0)
        for row in reversed(self.rows[:index]):
            try:
                return parse_date(row.date.text)
            except ValueError:
                continue
        return self.call_date

    def _next_entry(self) -> None:
        """Enter: on to the next entry (never onto a row's remove button)."""
        self.focus.move(1)
        if self.focus.focused is not None and self.focus.focused.action.startswith("remove-instalment:"):
            self.focus.move(1)

    def on_action(self, action: str) -> None:
        if action.startswith("disposition:"):
            self.select(next(r for r in self.radios if r.action == action))
        elif action == "add-instalment":
            self.add_instalment()
        elif action.startswith("remove-instalment:"):
            self.remove_instalment(int(action.split(":")[1]))
        elif action == "save":
            self.submit()
        elif action == "settings":
            super().on_action(action)

    def add_instalment(self) -> None:
        """A new empty row at the end of the plan, focused."""
        if len(self.rows) >= MAX_INSTALMENTS:
            return
        self.rows.append(InstalmentRow(len(self.rows), self.example))
        self.first_row = len(self.rows)  # scrolled to the end by the placing
        self._place_details()
        self._refocus()
        self.focus.focus_action(self.rows[-1].amount.action)

    def remove_instalment(self, index: int) -> None:
        """Take a row out (the last one left is emptied instead)."""
        if len(self.rows) == 1:
            row = self.rows[0]
            row.amount.text = row.date.text = row.amount.error = row.date.error = ""
        else:
            del self.rows[index]
            for i, row in enumerate(self.rows):
                row.renumber(i)
        self._place_details()
        self._refocus()
        self.focus.focus_action(self.rows[min(index, len(self.rows) - 1)].amount.action)

    # -- the log --------------------------------------------------------------------------------
    def _parse(self, field: TextField, parse: Callable[[str], object]) -> object:
        try:
            return parse(field.text)
        except ValueError as exc:
            field.error = str(exc)
            return None

    def _parse_date(self, text: str) -> _dt.date:
        try:
            return parse_date(text)
        except ValueError:
            example = self.call_date + _dt.timedelta(days=1)
            raise ValueError(f"Type a date as YYYY-MM-DD, e.g. {example.isoformat()}") from None

    def _instalments(self) -> tuple[Payment, ...]:
        """The plan's rows as payments (blank rows left out; errors marked on the fields)."""
        out = []
        filled = [r for r in self.rows if not r.blank] or self.rows[:1]
        for row in filled:
            amount = self._parse(row.amount, lambda t: parse_amount(t, self.example))
            day = self._parse(row.date, self._parse_date)
            if amount is not None and day is not None:
                out.append(Payment(amount, day))
        return tuple(out)

    def submit(self) -> None:
        """Check the entries; emit the wrap-up, or show what is missing."""
        d = self.disposition
        if d is None:
            self.error = "Pick what the call ended with."
            self.focus.focus_action(self.radios[0].action)
            return
        fields = [self.amount, self.date, self.time, self.reason, self.follow] + \
            [f for r in self.rows for f in (r.amount, r.date)]
        for field in fields:
            field.error = ""
        amount = self._parse(self.amount, lambda t: parse_amount(t, self.example)) if d.needs_amount else None
        day = self._parse(self.date, self._parse_date) if d.needs_date else None
        time = self._parse(self.time, parse_time) if d.needs_time else None
        reason = " ".join(self.reason.text.split()) if d.needs_reason else ""
        if d.needs_reason and not reason:
            self.reason.error = "Say what the client disputes, and why"
        instalments = self._instalments() if d.needs_instalments else ()
        follow = self._parse(self.follow, self._parse_date) if self.follow.text.strip() else None
        bad = next((w for w in self.detail_widgets() if isinstance(w, TextField) and w.error), None)
        if bad is not None:
            self.error = "Fix the highlighted entry."
            self.focus.focus_action(bad.action)
            self._revealed = None
            self._reveal()
            return
        self.emit(WrapUpDone(WrapUp(d, amount, day, follow, instalments, reason, time)))

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
        self._draw_details(surface)
        draw.panel(surface, ui, self.side, p.surface, p.border, radius=m.radius * 1.5)
        if self.summary is not None:
            surface.blit(self.summary, (self.side.left + m.sp(2), self.side.top + m.sp(2)),
                         pygame.Rect(0, 0, self.side.width - m.sp(4), self.side.height - m.sp(4)))
        left = self.form.left
        room = self.save.rect.left - left - m.sp(2)
        if self.error:
            draw.text(surface, ui, self.error, "body_b", p.bad, (left, self.save.rect.centery), "midleft",
                      max_width=room)
        else:
            draw.first_fitting(surface, ui, ["Up/Down pick the outcome or change a date by a day · Tab next field",
                                             "Up/Down change · Tab next field"], "small", p.muted,
                               (left, self.save.rect.centery), "midleft", room)
        focused = self.focus.focused
        for w in self.focus.widgets:
            if w.rect.width:
                w.draw(surface, ui, w is focused, w is self.focus.hover)

    def _draw_details(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        d = self.disposition
        title = "THE DETAILS" + (f" · {short_label(d).upper()}" if d is not None else "")
        shown = [r for r in self.rows if r.visible]
        if d is not None and d.needs_instalments and len(self.rows) > len(shown) and \
                ui.text.width(title, "small_b") + ui.text.width(f"{len(self.rows)}–{len(self.rows)} of "
                                                                f"{len(self.rows)}", "small_b") + m.sp(2) > self.main.width:
            title = "THE DETAILS"  # room for which rows show (the outcome is the radio picked above)
        self._title_w = draw.text(surface, ui, title, "small_b", p.muted, self.details.topleft,
                                  max_width=self.details.width).width
        self._cell(surface, self.follow)
        if d is not None and d.needs_instalments:
            self._draw_rows(surface)
            return
        for field in self.single_fields():
            self._cell(surface, field)
        if not self.single_fields():
            note = "Pick what the call ended with: the entries it needs appear here." if d is None else \
                "Nothing was agreed: log it as such, and say when you will try again."
            surface.blit(ui.text.block(note, "body", p.muted, self.main.width, max_lines=3),
                         (self.main.left, self.follow.rect.top + m.sp(0.5)))

    def _cell(self, surface: pygame.Surface, field: TextField) -> None:
        """A field's label above it and its hint (or error) below."""
        ui, m, p = self.ui, self.ui.m, self.ui.p
        r = field.rect
        draw.text(surface, ui, self.label(field), "small_b", p.text, (r.left, r.top - m.sp(0.5)), "bottomleft",
                  max_width=r.width)
        hint, color = self._hint(field)
        lines = max(1, (self.details.bottom - r.bottom - m.sp(0.75)) // ui.text.line_height("small"))
        surface.blit(ui.text.block(hint, "small", color, r.width, max_lines=min(2, lines)),
                     (r.left, r.bottom + m.sp(0.75)))

    def _hint(self, field: TextField) -> tuple[str, Color]:
        p, total = self.ui.p, money(self.scenario.account.total_due)
        if field.error:
            return field.error, p.bad
        if field is self.amount:
            return (f"Part of the {total} due" if self.disposition is Disposition.PARTIAL else
                    f"Total due {total}"), p.muted
        if field is self.time:
            return ("e.g. 14:30 (24-hour) · Up/Down ±15 min" if not field.text.strip() else
                    f"Call back at {field.text}"), p.muted
        if field is self.reason:
            return "Which invoice, what the client says is wrong, what they asked for", p.muted
        empty = "Always plan one" if field is self.follow else "YYYY-MM-DD, or Up/Down"
        return date_hint(field.text, self.call_date, empty), p.muted

    def _draw_rows(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        shown = [r for r in self.rows if r.visible]
        first = shown[0]
        y = first.amount.rect.top - m.sp(0.5)
        draw.first_fitting(surface, ui, ["Instalment amount", "Amount"], "small_b", p.text,
                           (first.amount.rect.left, y), "bottomleft", first.amount.rect.width)
        draw.text(surface, ui, "Due date", "small_b", p.text, (first.date.rect.left, y), "bottomleft",
                  max_width=first.date.rect.width)
        for row in shown:
            draw.text(surface, ui, f"{row.number + 1}.", "body_b", p.muted,
                      (row.amount.rect.left - m.sp(1), row.amount.rect.centery), "midright")
        text, color = self._rows_status()
        if len(self.rows) > len(shown):
            span = f"{self.first_row + 1}–{self.first_row + len(shown)} of {len(self.rows)}"
            title_w = getattr(self, "_title_w", 0)
            draw.first_fitting(surface, ui, [f"Rows {span} · Tab or scroll", f"Rows {span}", span], "small_b",
                               p.accent, (self.main.right, self.details.top), "topright",
                               self.main.width - title_w - m.sp(2), whole="the rows, which Tab and the wheel scroll")
        x = self.add.rect.right + m.sp(1.5) if self.add.rect.width else self.main.left
        if not self.add.enabled:
            text = f"{MAX_INSTALMENTS} instalments at most · " + text
        block = ui.text.block(text, "small", color, self.main.right - x, max_lines=2)
        surface.blit(block, (x, self.add.rect.centery - block.get_height() // 2))

    def _rows_status(self) -> tuple[str, Color]:
        """What is wrong with a row, what the focused date means, or the plan's total so far."""
        p = self.ui.p
        for row in self.rows:
            for field in (row.amount, row.date):
                if field.error:
                    return f"Instalment {row.number + 1}: {field.error}", p.bad
        focused = self.focus.focused
        row = next((r for r in self.rows if focused is r.date), None)
        if row is not None:
            try:
                return f"Instalment {row.number + 1}: {when(parse_date(row.date.text), self.call_date)}", p.muted
            except ValueError:
                return f"Instalment {row.number + 1}: YYYY-MM-DD, or Up/Down", p.muted
        total = 0.0
        for r in self.rows:
            try:
                total += parse_amount(r.amount.text)
            except ValueError:
                pass
        due = money(self.scenario.account.total_due)
        width = self.main.right - self.add.rect.right - self.ui.m.sp(1.5)
        texts = [f"Total so far {money(total)} of {due} due", f"Total {money(total)} of {due}", money(total)]
        return next((t for t in texts if len(self.ui.text.wrap(t, "small", width)) <= 2), texts[-1]), p.muted

    def regions(self) -> list[pygame.Rect]:
        return [self.header, self.form, self.side, *(w.rect for w in self.focus.widgets if w.rect.width)]
