"""The call's history (like Ren'Py's history screen): everything said so far on this call, in order, with
who said it — the client's lines, the trainee's replies (in recall mode what was typed or said and what it
was taken as, with the "what do you mean" rounds), interruptions and the client's reaction, waiting, the
closing exchange.

`conversation(call)` derives it from the engine's own record of the call (`Call.steps`, which a resumed
call rebuilds from the saved decisions and their stored recall replies), so it is whole after a resume,
not only what this window saw. `HistoryPanel` shows it over the call screen: H (or the History button)
opens it, Up/Down, PageUp/PageDown, Home/End and the wheel scroll it, Esc or H closes it. Every line is
word-wrapped to the panel, so nothing is ever cut; only the lines in view are drawn.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, Sequence

import pygame

from game.engine.call import Call, Step
from game.engine.closing import closing_exchange
from game.engine.manners import pace_of
from game.engine.recall_cost import ASK_AGAIN
from game.ui.pygame import draw
from game.ui.pygame.context import UI
from game.ui.pygame.transcript import CLIENT, NOTE, YOU, Entry
from game.ui.pygame.widgets import Button

TITLE = "What was said on this call"
KEYS = "Up/Down, PgUp/PgDn, Home/End or the wheel to scroll · Esc or H to close · the call goes on meanwhile"


def changes(cost) -> str:
    """A manners cost in words: "patience -5, trust -5"."""
    return ", ".join(f"{meter} {delta:+d}" for meter, delta in cost.items()) or "no change"


def _you(step: Step) -> str:
    return "You (spoken)" if step.reply is not None and step.reply.spoken else "You"


def asked_again(attempts: Iterable[str], client: str, picking: bool, first_name: str) -> list[Entry]:
    """Recall rounds not understood: each reply and the client asking what it means; then, after the last
    round, the note that the trainee picks from the replies."""
    out: list[Entry] = []
    for attempt in attempts:
        out += [Entry(YOU, attempt, "You"), Entry(CLIENT, ASK_AGAIN, client)]
    if picking:
        out.append(Entry(NOTE, f"{first_name} still did not follow: you picked the reply you meant "
                               "(at most half the marks)"))
    return out


def turn_entries(call: Call, step: Step) -> list[Entry]:
    """One decision as it was said: the client's line, any unclear rounds, the reply (in recall mode the
    words and what they were taken as), and what it led to (cut off, kept waiting, hung up)."""
    persona = call.scenario.persona
    first = persona.name.split()[0]
    out = [Entry(CLIENT, step.node.client, persona.name)]
    reply = step.reply
    attempts = reply.attempts if reply is not None else ()
    out += asked_again(attempts, persona.name, step.fallback, first)
    if step.unclear and len(attempts) < step.unclear:
        out.append(Entry(NOTE, f"{step.unclear - len(attempts)} reply not understood (words not kept)"))
    if reply is not None and reply.said and not step.fallback:
        out += [Entry(YOU, reply.said, _you(step)), Entry(NOTE, f"taken as: {step.choice.say}")]
    else:
        out.append(Entry(YOU, step.choice.say, "You"))
    if step.interrupted:
        out += [Entry(CLIENT, pace_of(call.scenario).interrupt_say, persona.name),
                Entry(NOTE, f"You cut {first} off ({changes(step.cost)})")]
    elif step.cost and not step.unclear:
        out.append(Entry(NOTE, f"{first} was kept waiting ({changes(step.cost)})"))
    if step.hung_up:
        out.append(Entry(NOTE, f"{first} hung up"))
    return out


def closing_entries(call: Call) -> list[Entry]:
    """The closing exchange of an ended call: the caller's closing line, the client's goodbye."""
    closing = closing_exchange(call.scenario, call.node)
    out = [Entry(YOU, closing.caller, "You")]
    if closing.client:
        out.append(Entry(CLIENT, closing.client, call.scenario.persona.name))
    return out + [Entry(NOTE, "Call ended")]


def conversation(call: Call, connected: bool = True, pending: Sequence[str] = (), picking: bool = False) -> list[Entry]:
    """Everything said so far on `call`, from the engine's record of it: every decision, then the client's
    current line (once `connected`), the unclear recall replies of this turn (`pending`, and `picking`
    once the reply buttons are shown), and the closing exchange of an ended call."""
    out: list[Entry] = []
    for step in call.steps:
        out += turn_entries(call, step)
    if not connected and not call.steps:
        return out
    persona = call.scenario.persona
    out.append(Entry(CLIENT, call.node.client, persona.name))
    if call.ended:
        return out + closing_entries(call)
    return out + asked_again(pending, persona.name, picking, persona.name.split()[0])


@dataclass(frozen=True, slots=True)
class _Line:
    dy: int
    text: str
    role: str
    color: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class _Row:
    top: int
    height: int
    kind: str
    lines: tuple[_Line, ...]


class HistoryPanel:
    """The history over the call screen. `open(entries)` shows it scrolled to the latest line; `handle`
    returns True for every event while open (the call underneath gets none) and closes it on Esc, H, the
    Close button or a click outside; `draw` blits only the lines in view."""

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.is_open = False
        self.entries: list[Entry] = []
        self.area = pygame.Rect(0, 0, 0, 0)
        self.rect = pygame.Rect(0, 0, 0, 0)  # the panel
        self.view = pygame.Rect(0, 0, 0, 0)  # the scrolled viewport inside it
        self.close_button = Button("history:close", "Close", hint="Esc")
        self.hover = False
        self.rows: list[_Row] = []
        self._tops: list[int] = []
        self.height = 0
        self.offset = 0.0
        self.target = 0.0
        self._laid: tuple | None = None
        self._dim: pygame.Surface | None = None

    # -- content --------------------------------------------------------------------------------
    def open(self, entries: Sequence[Entry]) -> None:
        """Show `entries`, scrolled to the end (the latest line)."""
        self.entries = list(entries)
        self.is_open = True
        self._laid = None
        self.layout(self.area)
        self.offset = self.target = float(self.max_offset)

    def close(self) -> None:
        self.is_open = False
        self.hover = False

    # -- layout ---------------------------------------------------------------------------------
    def layout(self, area: pygame.Rect) -> None:
        """Place the panel inside `area` (the page under the top bar); rows are wrapped again only when the
        width, the text size or the entries changed."""
        ui, m = self.ui, self.ui.m
        self.area = area.copy()
        width = max(80, min(area.width - m.sp(4), round(m.body * 48)))
        self.rect = pygame.Rect(0, 0, width, max(80, area.height - m.sp(2)))
        self.rect.center = area.center
        pad = m.sp(2.5)
        inner = self.rect.width - 2 * pad
        bh = Button.natural_height(ui)
        self.close_button.rect = pygame.Rect(0, 0, min(self.close_button.natural_width(ui), inner // 2), bh)
        self.close_button.rect.topright = (self.rect.right - pad, self.rect.top + pad)
        title_h = max(bh, ui.text.block_height(TITLE, "h3", self._title_width()))
        keys_top = self.rect.top + pad + title_h + m.sp(1)
        keys_h = ui.text.block_height(KEYS, "small", inner)
        top = keys_top + keys_h + m.sp(1.5)
        self.view = pygame.Rect(self.rect.left + pad, top, inner, max(1, self.rect.bottom - pad - top))
        key = (self.view.width, m, len(self.entries), id(self.entries))
        if key != self._laid:
            self._laid = key
            self._wrap()
        self.target = min(self.target, float(self.max_offset))
        self.offset = min(self.offset, float(self.max_offset))

    def _title_width(self) -> int:
        return max(40, self.close_button.rect.left - self.rect.left - self.ui.m.sp(2.5) - self.ui.m.sp(2))

    def _wrap(self) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        text_w = max(40, self.view.width - self._indent() - m.sp(1.5))
        rows, tops, y = [], [], 0
        for entry in self.entries:
            lines: list[_Line] = []
            dy = 0
            if entry.kind == NOTE:
                for text in ui.text.wrap(entry.text, "small", text_w):
                    lines.append(_Line(dy, text, "small", p.muted))
                    dy += ui.text.line_height("small")
            else:
                color = p.accent if entry.kind == CLIENT else p.muted
                for text in ui.text.wrap(entry.speaker or ("You" if entry.kind == YOU else ""), "small_b", text_w):
                    lines.append(_Line(dy, text, "small_b", color))
                    dy += ui.text.line_height("small_b")
                dy += m.sp(0.25)
                for text in ui.text.wrap(entry.text, "body", text_w):
                    lines.append(_Line(dy, text, "body", p.text))
                    dy += ui.text.line_height("body")
            height = max(1, dy)
            rows.append(_Row(y, height, entry.kind, tuple(lines)))
            tops.append(y)
            y += height + m.sp(1.5)
        self.rows, self._tops, self.height = rows, tops, max(0, y - m.sp(1.5))

    def _indent(self) -> int:
        return self.ui.m.sp(2)

    @property
    def max_offset(self) -> int:
        return max(0, self.height - self.view.height)

    # -- input ----------------------------------------------------------------------------------
    def scroll_to(self, y: float) -> None:
        self.target = max(0.0, min(float(self.max_offset), y))

    def handle(self, event: pygame.event.Event) -> bool:
        """Scroll or close; True for every event while open."""
        if not self.is_open:
            return False
        line = self.ui.text.line_height("body")
        if event.type == pygame.KEYDOWN:
            page = max(line, self.view.height - line * 2)
            moves = {pygame.K_UP: -line, pygame.K_DOWN: line, pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}
            if event.key in (pygame.K_ESCAPE, pygame.K_h):
                self.close()
            elif event.key in moves:
                self.scroll_to(self.target + moves[event.key])
            elif event.key == pygame.K_HOME:
                self.scroll_to(0)
            elif event.key == pygame.K_END:
                self.scroll_to(self.max_offset)
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE) and self.hover:
                self.close()
        elif event.type == pygame.MOUSEWHEEL:
            self.scroll_to(self.target - event.y * line * 3)
        elif event.type == pygame.MOUSEMOTION:
            self.hover = self.close_button.rect.collidepoint(event.pos)
        elif event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 1) == 1:
            if self.close_button.rect.collidepoint(event.pos) or not self.rect.collidepoint(event.pos):
                self.close()
        return True

    @property
    def moving(self) -> bool:
        return self.is_open and self.offset != self.target

    def update(self, dt: float) -> None:
        delta = self.target - self.offset
        self.offset = self.target if abs(delta) < 0.5 else self.offset + delta * min(1.0, dt * 14)

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        """The dimmed call, the panel, its title and keys, and the lines in view."""
        if not self.is_open:
            return
        ui, m, p = self.ui, self.ui.m, self.ui.p
        if self._dim is None or self._dim.get_size() != surface.get_size():
            self._dim = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            self._dim.fill(p.dim)
        surface.blit(self._dim, (0, 0))
        draw.panel(surface, ui, self.rect, p.surface, p.border, radius=m.radius * 2)
        pad = m.sp(2.5)
        title = ui.text.block(TITLE, "h3", p.text, self._title_width())
        surface.blit(title, (self.rect.left + pad, self.rect.top + pad))
        ui.text.record(TITLE, TITLE, self._title_width(), (self.rect.left + pad, self.rect.top + pad,
                                                           *title.get_size()), surface=surface)
        self.close_button.draw(surface, ui, self.hover, self.hover)
        keys = ui.text.block(KEYS, "small", p.muted, self.view.width)
        keys_at = (self.view.left, self.view.top - m.sp(1.5) - keys.get_height())
        surface.blit(keys, keys_at)
        ui.text.record(KEYS, KEYS, self.view.width, (*keys_at, *keys.get_size()), surface=surface)
        draw.divider(surface, ui, self.rect.left + pad, self.rect.right - pad, self.view.top - m.sp(0.75))
        self._draw_rows(surface)

    def _draw_rows(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        view, top = self.view, round(self.offset)
        clip = surface.get_clip()
        surface.set_clip(view.clip(clip))
        indent = self._indent()
        room = view.width - indent - m.sp(1.5)
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        for row in self.rows[first:]:
            y = view.top + row.top - top
            if y > view.bottom:
                break
            if row.kind != NOTE:
                bar = p.accent if row.kind == CLIENT else p.border
                pygame.draw.rect(surface, bar, (view.left, y, m.sp(0.5), row.height), border_radius=2)
            for line in row.lines:
                ly = y + line.dy
                if ly > view.bottom or ly + ui.text.line_height(line.role) < view.top:
                    continue
                x = view.left + indent + (m.sp(1) if row.kind == NOTE else 0)
                surf = ui.text.line(line.text, line.role, line.color)
                surface.blit(surf, (x, ly))
                ui.text.record(line.text, line.text, room, (x, ly, *surf.get_size()), surface=surface)
        surface.set_clip(clip)
        if self.height > view.height:
            track = pygame.Rect(view.right - 4, view.top, 4, view.height)
            pygame.draw.rect(surface, p.track, track, border_radius=2)
            thumb_h = max(24, view.height * view.height // self.height)
            thumb_y = view.top + (view.height - thumb_h) * self.offset / max(1, self.max_offset)
            pygame.draw.rect(surface, p.muted, (track.left, round(thumb_y), 4, thumb_h), border_radius=2)

    def visible_text(self) -> list[str]:
        """The lines in view now (for tests and the self-voicing mode)."""
        top, out = round(self.offset), []
        for row in self.rows:
            for line in row.lines:
                if top <= row.top + line.dy and row.top + line.dy + self.ui.text.line_height(line.role) <= \
                        top + self.view.height:
                    out.append(line.text)
        return out
