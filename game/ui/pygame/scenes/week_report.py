"""The end-of-week report screen: cash, promises, DSO before and after as a bar chart, calls, follow-up
discipline, documentation, prioritisation, the four dimension scores across the week's calls and the
week's checks (each with the rules it grades). Reads a `WeekReport`; emits Back when closed."""

from __future__ import annotations

import pygame

from game.campaign.report import WeekReport
from game.content.model import DIMENSIONS
from game.ui.pygame import draw
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.widgets import Button
from game.ui.text.render import money


class WeekReportScene(Scene):
    name = "week-report"
    step = "Debrief"

    def __init__(self, ui: UI, report: WeekReport, titles: dict[str, str], trainee: str = "") -> None:
        super().__init__(ui)
        self.report = report
        self.titles = titles
        self.top = TopBar(ui, self.step, trainee)
        self.done = Button("done", "Close the week", "primary", hint="Enter")
        self.area = pygame.Rect(0, 0, 0, 0)

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        foot_h = Button.natural_height(ui) + m.sp(1)
        place_row(ui, [self.done], pygame.Rect(body.left, body.bottom - foot_h, body.width, foot_h))
        self.area = pygame.Rect(body.left, body.top, body.width, body.height - foot_h - m.sp(1))
        self.focus.set([self.done, self.top.settings])

    def on_action(self, action: str) -> None:
        if action == "done":
            self.emit(Back())
        else:
            super().on_action(action)

    def lines(self) -> list[str]:
        r = self.report
        return [f"Cash collected {money(r.cash_collected)} of {money(r.start_balance)} owed",
                f"Promises {r.promises_kept} kept, {r.promises_broken} broken",
                f"Calls {r.calls_made} in {r.slots} slots, {r.calls_passed} passed",
                f"Follow-up discipline {r.follow_up_discipline}/100 ({r.follow_ups_kept} of {r.follow_ups_due}"
                f"{f', {r.follow_ups_late} dated too late' if r.follow_ups_late else ''})",
                f"Documentation {r.documentation}/100 · prioritisation {r.prioritisation}/100",
                f"Expected recovery {money(r.expected_recovery)} · week score {r.score}/100"]

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p, r = self.ui, self.ui.m, self.ui.p, self.report
        surface.fill(p.bg)
        self.top.draw(surface)
        a = self.area
        y = draw.text(surface, ui, "End of the week", "h1", p.text, a.topleft, max_width=a.width).bottom + m.sp(1.5)
        half = a.width // 2 - m.sp(2)
        line_h = ui.text.line_height("body")
        for line in self.lines():
            draw.text(surface, ui, line, "body", p.text, (a.left, y), max_width=half)
            y += line_h
        # the chart: DSO before and after, then the four dimensions across the week's calls
        x, cy = a.left + half + m.sp(4), a.top + ui.text.line_height("h1") + m.sp(1.5)
        label_w, bar_h = round(m.body * 9), max(8, round(m.body * 0.8))
        bars = [(f"DSO before {r.dso_before:.1f}", 1.0, p.muted),
                (f"DSO after {r.dso_after:.1f}", r.dso_after / r.dso_before if r.dso_before else 0, p.accent)]
        bars += [(f"{d} {r.dimensions[d]}", r.dimensions[d] / 100, p.ok) for d in DIMENSIONS]
        for label, fraction, color in bars:
            draw.text(surface, ui, label, "small", p.text, (x, cy), max_width=label_w)
            draw.bar(surface, ui, pygame.Rect(x + label_w, cy + m.sp(0.3), a.right - x - label_w, bar_h),
                     max(0.0, min(1.0, fraction)), color)
            cy += line_h
        y = max(y, cy) + m.sp(2)
        for check in r.checks:
            if y + line_h > a.bottom:
                break
            rules = ", ".join(self.titles.get(rule, rule) for rule in check.rules)
            draw.text(surface, ui, f"{check.score:3d}  {check.name} — {rules}", "small", p.text, (a.left, y),
                      max_width=a.width)
            y += ui.text.line_height("small")
        self.focus.draw(surface, ui)
