"""A small document builder: text, bullets, tables, chips and cards laid out top to bottom at one
width, then rendered once into a surface for a ScrollPane. Used by the brief and the debrief.

A document is at most `MAX_HEIGHT` pixels tall: what would go below is left out and a last line says
so. Valid content can be long (a scenario may hold many texts of 10,000 characters), and a taller
surface would cost hundreds of megabytes and overflow the 16-bit coordinates of pygame's drawing."""

from __future__ import annotations

from typing import Callable, Sequence

import pygame

from game.ui.pygame import draw, icons
from game.ui.pygame.context import UI
from game.ui.pygame.theme import Color

Op = Callable[[pygame.Surface, int, int], None]
MAX_HEIGHT = 16_000
CUT_NOTE = "… (the rest is too long to show here)"


class Doc:
    """Lay content out top to bottom in `width` pixels; `render()` draws it all into one surface."""

    def __init__(self, ui: UI, width: int) -> None:
        self.ui = ui
        self.width = width
        self.height = 0
        self.ops: list[Op] = []
        self.spans: list[tuple[int, int]] = []  # each op's top and height, for drawing only what shows
        self.anchors: dict[str, int] = {}
        self.cut = False  # something was left out: it would have gone below MAX_HEIGHT

    # -- layout primitives ----------------------------------------------------------------------
    def _place(self, height: int, op: Op) -> None:
        y = self.height
        if self.cut or y + height > MAX_HEIGHT:
            self.cut = True
            return
        self.ops.append(lambda surf, ox, oy, y=y: op(surf, ox, oy + y))
        self.spans.append((y, height))
        self.height += height

    def gap(self, units: float = 1.0) -> "Doc":
        self.height = min(self.height + self.ui.m.sp(units), MAX_HEIGHT)
        return self

    def anchor(self, name: str) -> None:
        self.anchors[name] = self.height

    def text(self, value: str, role: str = "body", color: Color | None = None, indent: int = 0,
             after: float = 0.5) -> "Doc":
        """A wrapped paragraph."""
        color = color or self.ui.p.text
        width = self.width - indent
        text = self.ui.text  # measured now, rendered when first drawn (a long document opens at once)
        self._place(text.block_height(value, role, width),
                    lambda s, x, y: s.blit(text.block(value, role, color, width), (x + indent, y)))
        return self.gap(after)

    def label(self, value: str, color: Color | None = None) -> "Doc":
        """A small bold section label."""
        return self.text(value.upper(), "small_b", color or self.ui.p.muted, after=0.6)

    def bullets(self, items: Sequence[str], role: str = "body", color: Color | None = None) -> "Doc":
        ui = self.ui
        dot = max(3, ui.m.body // 6)
        indent = ui.m.sp(2)
        for item in items:
            block = ui.text.block(item, role, color or ui.p.text, self.width - indent)
            mid = ui.text.font(role).get_height() // 2

            def op(s, x, y, block=block, mid=mid) -> None:
                icons.disc(s, ui.p.muted, (x + indent // 2 - 2, y + mid), dot)
                s.blit(block, (x + indent, y))
            self._place(block.get_height(), op)
            self.gap(0.5)
        return self

    def media(self, image: pygame.Surface, lines: Sequence[tuple[str, str, Color]], after: float = 1.5) -> "Doc":
        """An image with lines of text beside it (role and colour per line), vertically centred."""
        ui = self.ui
        gap = ui.m.sp(2)
        width = self.width - image.get_width() - gap
        blocks = [ui.text.block(t, role, color, width) for t, role, color in lines]
        text_h = sum(b.get_height() for b in blocks) + ui.m.sp(0.4) * (len(blocks) - 1)
        height = max(image.get_height(), text_h)

        def op(s, x, y) -> None:
            s.blit(image, (x, y + (height - image.get_height()) // 2))
            ty = y + (height - text_h) // 2
            for b in blocks:
                s.blit(b, (x + image.get_width() + gap, ty))
                ty += b.get_height() + ui.m.sp(0.4)
        self._place(height, op)
        return self.gap(after)

    def pairs(self, rows: Sequence[tuple[str, str]]) -> "Doc":
        """Label/value rows: the label muted on the left and the value beside it, or the label above the
        value when the labels would take too much of a narrow width."""
        ui = self.ui
        key_width = max(ui.text.width(k, "small_b") for k, _ in rows) + ui.m.sp(2)
        stacked = key_width > self.width * 0.42
        for key, value in rows:
            k = ui.text.line(key, "small_b", ui.p.muted)
            if stacked:
                self._place(k.get_height(), lambda s, x, y, k=k: s.blit(k, (x, y)))
                self.text(value, "body", ui.p.text, after=0.6)
                continue
            v = ui.text.block(value, "body", ui.p.text, self.width - key_width)
            dy = (ui.text.font("body").get_ascent() - ui.text.font("small_b").get_ascent())

            def op(s, x, y, k=k, v=v, dy=dy) -> None:
                s.blit(k, (x, y + dy))
                s.blit(v, (x + key_width, y))
            self._place(max(k.get_height(), v.get_height()), op)
            self.gap(0.6)
        return self

    def chips(self, items: Sequence[tuple[str, Color, Color]], after: float = 0.8) -> "Doc":
        """A row of chips (label, text colour, fill), wrapping onto more rows when needed."""
        ui = self.ui
        gap = ui.m.sp(0.75)
        x, row, rows = 0, [], []
        for label, fg, bg in items:
            w = draw.chip_width(ui, label)
            if row and x + w > self.width:
                rows.append(row)
                x, row = 0, []
            row.append((x, label, fg, bg))
            x += w + gap
        if row:
            rows.append(row)
        h = ui.text.font("small_b").get_height() + ui.m.sp(0.6)
        for row in rows:
            self._place(h, lambda s, ox, oy, row=row: [draw.chip(s, ui, label, (ox + cx, oy), fg, bg)
                                                       for cx, label, fg, bg in row])
            self.gap(0.5)
        return self.gap(after - 0.5)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], aligns: str,
              weights: Sequence[float], strong_last: bool = False) -> "Doc":
        """A table with a header row, zebra rows and per-column alignment (`aligns`: l or r each)."""
        ui = self.ui
        total = sum(weights)
        pad = ui.m.sp(1)
        widths = [int(self.width * w / total) for w in weights]
        line_h = ui.text.font("body").get_height() + ui.m.sp(1.2)

        def row_op(cells: Sequence[str], role: str, color: Color, fill: Color | None) -> Op:
            def op(s, x, y) -> None:
                if fill is not None:
                    pygame.draw.rect(s, fill, (x, y, self.width, line_h), border_radius=ui.m.radius // 2)
                cx = x
                for cell, w, align in zip(cells, widths, aligns):
                    surf = ui.text.line(ui.text.fit(cell, role, w - pad * 2), role, color)
                    ty = y + (line_h - surf.get_height()) // 2
                    s.blit(surf, (cx + pad if align == "l" else cx + w - pad - surf.get_width(), ty))
                    cx += w
            return op
        self._place(line_h, row_op(headers, "small_b", ui.p.muted, None))
        self._place(1, lambda s, x, y: draw.divider(s, ui, x, x + self.width, y))
        for i, cells in enumerate(rows):
            last = strong_last and i == len(rows) - 1
            fill = ui.p.accent_soft if last else (ui.p.surface_alt if i % 2 else None)
            self._place(line_h, row_op(cells, "body_b" if last else "body", ui.p.text, fill))
        return self.gap(1)

    def card(self, build: Callable[["Doc"], None], fill: Color | None = None, border: Color | None = None,
             stripe: Color | None = None, pad: float = 2.0, after: float = 1.5) -> "Doc":
        """A rounded box holding a nested document; `stripe` draws a coloured bar down its left edge."""
        ui = self.ui
        p = ui.m.sp(pad)
        stripe_w = ui.m.sp(0.5) if stripe else 0
        inner = Doc(ui, self.width - 2 * p - stripe_w)
        build(inner)
        inner.height = max(0, inner.height - ui.m.sp(0.5))
        h = inner.height + 2 * p
        for name, y in inner.anchors.items():
            self.anchors[name] = self.height + y

        def op(s, x, y) -> None:
            rect = pygame.Rect(x, y, self.width, h)
            draw.panel(s, ui, rect, fill or ui.p.surface, border or ui.p.border)
            if stripe:
                bar = pygame.Rect(x, y, stripe_w + ui.m.radius, h)
                outer = s.get_clip()
                s.set_clip(pygame.Rect(x, y, stripe_w, h).clip(outer))
                pygame.draw.rect(s, stripe, bar, border_radius=ui.m.radius)
                s.set_clip(outer)
            inner.draw_into(s, x + p + stripe_w, y + p)
        self._place(h, op)
        return self.gap(after)

    def columns(self, builders: Sequence[tuple[float, Callable[["Doc"], None]]], gap: float = 3.0) -> "Doc":
        """Side-by-side columns with relative widths."""
        g = self.ui.m.sp(gap)
        total = sum(w for w, _ in builders)
        avail = self.width - g * (len(builders) - 1)
        docs, x = [], 0
        for weight, build in builders:
            sub = Doc(self.ui, int(avail * weight / total))
            build(sub)
            docs.append((x, sub))
            x += sub.width + g
        height = max(d.height for _, d in docs)
        self._place(height, lambda s, ox, oy: [d.draw_into(s, ox + dx, oy) for dx, d in docs])
        return self

    # -- output ---------------------------------------------------------------------------------
    def draw_into(self, surface: pygame.Surface, ox: int, oy: int) -> None:
        for op in self.ops:
            op(surface, ox, oy)

    def draw_window(self, surface: pygame.Surface, ox: int, oy: int, top: int, bottom: int) -> None:
        """Draw only the ops between document rows `top` and `bottom` (a scrolled view), at (ox, oy)."""
        for op, (y, h) in zip(self.ops, self.spans):
            if y + h >= top and y <= bottom:
                op(surface, ox, oy)

    def full_height(self, bottom_pad: float = 2.0) -> int:
        """The height `render` gives: the document, the cut note when something was left out, a pad."""
        note = self.ui.text.block_height(CUT_NOTE, "small", self.width) if self.cut else 0
        return max(1, self.height + note + self.ui.m.sp(bottom_pad))

    def render(self, fill: Color, bottom_pad: float = 2.0) -> pygame.Surface:
        """The whole document on one opaque surface (ending with `CUT_NOTE` when something was left out)."""
        note = self.ui.text.block(CUT_NOTE, "small", self.ui.p.muted, self.width) if self.cut else None
        note_h = note.get_height() if note is not None else 0
        surf = pygame.Surface((max(1, self.width), max(1, self.height + note_h + self.ui.m.sp(bottom_pad))))
        surf.fill(fill)
        self.draw_into(surf, 0, 0)
        if note is not None:
            surf.blit(note, (0, self.height))
        return surf
