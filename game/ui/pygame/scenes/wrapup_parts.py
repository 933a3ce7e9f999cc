"""The pieces of the wrap-up form: a disposition radio, a plan's instalment row, and the hints under
the fields (what a typed date means, what an entry is for)."""

from __future__ import annotations

import datetime as _dt

import pygame

from game.engine.wrapup import Disposition, parse_date, parse_time
from game.ui.pygame import draw
from game.ui.pygame.context import UI
from game.ui.pygame.widgets import Button, TextField, Widget

DATE_CHARS = set("0123456789-")
AMOUNT_CHARS = set("0123456789.,$")
TIME_CHARS = set("0123456789:")
#: The most instalments a plan can list.
MAX_INSTALMENTS = 12
#: Up/Down on a time field moves it by this many minutes.
TIME_STEP = 15


def short_label(disposition: Disposition) -> str:
    """The disposition's name without what it needs: `Payment plan agreed`."""
    return disposition.label.split(" (")[0]


def date_field(action: str) -> TextField:
    return TextField(action, placeholder="YYYY-MM-DD", max_len=10, allow=DATE_CHARS.__contains__)


def amount_field(action: str, example: str) -> TextField:
    return TextField(action, placeholder=f"e.g. {example}", max_len=14, allow=AMOUNT_CHARS.__contains__)


def when(day: _dt.date, call_date: _dt.date) -> str:
    """`Fri 27 Nov · 4 days after the call`."""
    delta = (day - call_date).days
    rel = "the call date" if delta == 0 else f"{abs(delta)} day{'s' if abs(delta) != 1 else ''} " \
                                              f"{'after' if delta > 0 else 'before'} the call"
    return f"{day:%a} {day.day} {day:%b} · {rel}"


def date_hint(text: str, call_date: _dt.date, empty: str) -> str:
    """What a date field's text means, or `empty` while it is not a date yet."""
    try:
        return when(parse_date(text), call_date)
    except ValueError:
        return empty


def shift_date(text: str, days: int, start: _dt.date) -> str:
    """The date in `text` moved by `days` (from `start` when `text` is not a date yet)."""
    try:
        day = parse_date(text)
    except ValueError:
        day = start
    return (day + _dt.timedelta(days=days)).isoformat()


def shift_time(text: str, steps: int) -> str:
    """The time in `text` moved by `steps` quarter hours (09:00 when `text` is not a time yet)."""
    try:
        hours, minutes = (int(x) for x in parse_time(text).split(":"))
    except ValueError:
        return "09:00"
    total = (hours * 60 + minutes + steps * TIME_STEP) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


class Radio(Widget):
    """One disposition; only the chosen one (or the first) takes Tab focus, arrows move the choice."""

    def __init__(self, disposition: Disposition) -> None:
        super().__init__(f"disposition:{disposition.value}")
        self.disposition = disposition
        self.label = short_label(disposition)
        self.selected = False
        self.focusable = False

    @staticmethod
    def _label_width(ui: UI, width: int) -> int:
        return width - ui.m.sp(4.5) - max(6, ui.m.body // 2) * 2

    def lines_at(self, ui: UI, width: int) -> int:
        """How many lines the label takes at `width`."""
        return len(ui.text.wrap(self.label, "body_b", self._label_width(ui, width)))

    def height_for(self, ui: UI, width: int) -> int:
        """The row height this option needs at `width` (its label wraps onto two lines at most)."""
        lines = min(2, self.lines_at(ui, width))
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
        label = ui.text.block(self.label, "body_b" if self.selected else "body", p.text,
                              self._label_width(ui, r.width), max_lines=2)
        surface.blit(label, label.get_rect(midleft=(c[0] + rad + m.sp(1.5), r.centery)))
        if focused:
            draw.focus_ring(surface, ui, r)


class InstalmentRow:
    """One instalment of a plan: its amount, its date and a button that takes the row out."""

    def __init__(self, number: int, example: str, amount: str = "", date: str = "") -> None:
        self.amount = amount_field("", example)
        self.date = date_field("")
        self.remove = Button("", "×")
        self.amount.text, self.date.text = amount, date
        self.visible = True
        self.renumber(number)

    def renumber(self, number: int) -> None:
        """Name the row's widgets after its place in the plan (0-based)."""
        self.number = number
        self.amount.action = f"instalment-amount:{number}"
        self.date.action = f"instalment-date:{number}"
        self.remove.action = f"remove-instalment:{number}"

    @property
    def widgets(self) -> tuple[Widget, Widget, Widget]:
        return self.amount, self.date, self.remove

    @property
    def blank(self) -> bool:
        return not self.amount.text.strip() and not self.date.text.strip()

    def hide(self) -> None:
        """Scrolled out of view: nothing to click or draw."""
        self.visible = False
        for w in self.widgets:
            w.rect = pygame.Rect(0, 0, 0, 0)
