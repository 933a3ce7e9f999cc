"""Screen 6, the debrief, on the terminal's plan (game/ui/text/render.py): the one verdict first with its
reasons (critical errors first, in red) and the scores against the marks in force (the program's or
the scenario's, said which), the call log among them; then each decision — what was said, its effect
against the best reply available, "followed"/"broke" per rule, the feedback, the better reply if any —
the call log's checks, "Practise next" (the rules broken, critical first) and, at the end, each rule
the call touched with its full text, once. "Replay this call" and "Next suggested scenario"."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.content.model import DIMENSIONS, Rulebook, Scenario
from game.engine.debrief import Debrief
from game.ui.pygame import draw, icons
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.doc import Doc
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.scenes.debrief_doc import DebriefDoc
from game.ui.pygame.widgets import Button, ScrollPane


@dataclass(frozen=True, slots=True)
class Replay:
    scenario_id: str


@dataclass(frozen=True, slots=True)
class PlayNext:
    scenario_id: str


def marks_words(debrief: Debrief) -> str:
    """Whose marks the verdict used, from the verdict itself: `the marks of program X` or the scenario's."""
    source = debrief.verdict.marks.source
    if source.startswith("program:"):
        return f"the marks of program {source.split(':', 1)[1]}"
    return "this scenario's own marks"


class DebriefScene(Scene):
    name = "debrief"
    step = "Debrief"

    def __init__(self, ui: UI, debrief: Debrief, suggestion: Scenario | None, trainee: str = "",
                 rulebook: Rulebook | None = None, marks_label: str = "") -> None:
        super().__init__(ui)
        self.debrief = debrief
        self.rulebook = rulebook  # the rules' text comes with the debrief (`rules_touched`); kept for callers
        self.suggestion = suggestion
        self.marks_label = marks_label or marks_words(debrief)
        self.top = TopBar(ui, self.step, trainee)
        self.pane = ScrollPane()
        self.back = Button("back", "All scenarios", hint="Esc")
        self.replay = Button("replay", "Replay this call")
        self.next = Button("next", "Next suggested scenario", "primary", enabled=suggestion is not None)
        self.header = self.scores = pygame.Rect(0, 0, 0, 0)
        self.anchors: list[int] = []
        self.named: dict[str, int] = {}

    # -- layout ---------------------------------------------------------------------------------
    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        head_h = ui.text.font("small_b").get_height() + m.sp(0.6) + ui.text.font("h1").get_height()
        self.header = pygame.Rect(body.left, body.top, body.width, head_h)
        foot_h = Button.natural_height(ui) + m.sp(1)
        footer = pygame.Rect(body.left, body.bottom - foot_h, body.width, foot_h)
        if self.suggestion is not None:
            short = self.suggestion.title.split(":")[0]
            room = footer.width - self.back.natural_width(ui) - self.replay.natural_width(ui) - m.sp(3) - m.sp(20)
            for label in (f"Next suggested: {short}", f"Next: {short}", "Next suggested scenario"):
                self.next.label = label
                if self.next.natural_width(ui) <= room:
                    break
        place_row(ui, [self.back, self.replay, self.next], footer)
        top = self.header.bottom + m.sp(2.5)
        side_w = max(round(m.body * 15), round(body.width * 0.28))
        self.scores = pygame.Rect(body.left, top, side_w, footer.top - top - m.sp(2))
        self.pane.rect = pygame.Rect(self.scores.right + m.sp(3), top, body.width - side_w - m.sp(3),
                                     self.scores.height)
        doc = self._document(self.pane.rect.width - m.sp(2))
        self.named = dict(doc.anchors)
        self.anchors = [y for name, y in sorted(doc.anchors.items(), key=lambda kv: kv[1])]
        self.pane.set_doc(doc, ui.p.bg, keep=True)
        self.focus.set([self.next, self.replay, self.back, self.top.settings])
        if self.focus.focused is self.next and not self.next.enabled:
            self.focus.focus_action("replay")

    def _document(self, width: int) -> Doc:
        return DebriefDoc(self.ui, self.debrief, self.marks_label).build(width)

    # -- input ----------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        line = self.ui.text.line_height("body")
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
                self.jump(1 if event.key == pygame.K_RIGHT else -1)
                return True
            if self.pane.handle_key(event.key, line * 2):
                return True
        if self.pane.handle_wheel(event, line):
            return True
        return super().handle_event(event)

    def jump(self, direction: int) -> None:
        """Scroll to the next (1) or previous (-1) section: a decision, the call log, practice, the rules."""
        here = self.pane.target + 2
        if direction > 0:
            target = next((y for y in self.anchors if y > here), None)
        else:
            target = next((y for y in reversed(self.anchors) if y < here - 4), 0)
        if target is not None:
            self.pane.scroll_to(target)

    def on_action(self, action: str) -> None:
        if action == "back":
            self.emit(Back())
        elif action == "replay":
            self.emit(Replay(self.debrief.scenario_id))
        elif action == "next" and self.suggestion is not None:
            self.emit(PlayNext(self.suggestion.id))
        else:
            super().on_action(action)

    def update(self, dt: float) -> None:
        self.pane.update(dt)

    def animating(self) -> bool:
        return self.pane.moving

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p, d = self.ui, self.ui.m, self.ui.p, self.debrief
        surface.fill(p.bg)
        self.top.draw(surface)
        h = self.header
        draw.text(surface, ui, f"DEBRIEF · {d.persona.upper()}", "small_b", p.accent, h.topleft, max_width=h.width)
        verdict = d.verdict.label
        chip_w = draw.chip_width(ui, verdict, "body_b")
        title = draw.title(surface, ui, d.title, p.text, (h.left, h.bottom), h.width - chip_w - m.sp(3),
                           "bottomleft")
        draw.chip(surface, ui, verdict, (h.right, title.centery), p.ok if d.passed else p.bad,
                  p.ok_soft if d.passed else p.bad_soft, role="body_b", anchor="midright")
        self._scores(surface)
        self.pane.draw(surface, ui)
        draw.first_fitting(surface, ui, ["Up/Down scroll · Left/Right previous or next decision",
                                         "Left/Right: decisions", "Arrows: scroll"], "small", p.muted,
                           (h.left, self.back.rect.centery), "midleft", self.back.rect.left - h.left - m.sp(2),
                           whole="the footer buttons (the keys only add shortcuts)")
        self.focus.draw(surface, ui)

    def _scores(self, surface: pygame.Surface) -> None:
        """The scores against the marks in force, the call log's among them; then what to practise."""
        ui, m, p = self.ui, self.ui.m, self.ui.p
        result, marks = self.debrief.result, self.debrief.verdict.marks.values
        r = self.scores
        draw.panel(surface, ui, r, p.surface, p.border, radius=m.radius * 1.5)
        pad = m.sp(2)
        x, w = r.left + pad, r.width - 2 * pad
        source = ui.text.block(f"Marks: {self.marks_label}. The line across each bar is its pass mark.", "small",
                               p.muted, w)
        surface.blit(source, (x, r.top + pad))
        y = r.top + pad + source.get_height() + m.sp(1)
        need = marks.get("overall", 0)
        big = draw.text(surface, ui, f"{result.overall}", "h1", p.text if result.overall >= need else p.bad, (x, y))
        draw.text(surface, ui, f"overall · mark {need}", "small", p.muted,
                  (big.right + m.sp(1), big.bottom - m.sp(0.5)), "bottomleft", max_width=r.right - big.right - pad)
        y = big.bottom + m.sp(1.5)
        bar_h = max(8, m.sp(1.25))
        row_h = ui.text.line_height("small_b") + m.sp(0.5) + bar_h + m.sp(1.5)
        for dim in DIMENSIONS:
            if y + row_h > r.bottom - pad:
                self._see_below(surface, x, y, w)
                return
            y = self._score_row(surface, x, y, w, dim.capitalize(), result.scores[dim], marks.get(dim, 0)) + m.sp(1.5)
        if y + row_h + m.sp(1.5) > r.bottom - pad:
            self._see_below(surface, x, y, w)
            return
        draw.divider(surface, ui, x, x + w, y)
        y += m.sp(1.5)
        wrapup, need = self.debrief.wrapup, marks.get("wrapup", 0)
        if wrapup is None:
            draw.text(surface, ui, "Call log: not written", "small_b", p.bad, (x, y), max_width=w)
            y += row_h
        else:
            ok = wrapup.score >= need and not wrapup.contradictions
            y = self._score_row(surface, x, y, w, "Call log", wrapup.score, need, ok) + m.sp(1.5)
        self._practice(surface, x, y, w, r.bottom - pad)

    def _practice(self, surface: pygame.Surface, x: int, y: int, w: int, bottom: int) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        line = ui.text.line_height("small")
        if y + ui.text.line_height("small_b") + line * 2 + m.sp(2) > bottom:
            self._see_below(surface, x, y, w)
            return
        draw.divider(surface, ui, x, x + w, y)
        y += m.sp(1.5)
        draw.text(surface, ui, "PRACTISE NEXT", "small_b", p.muted, (x, y))
        y += ui.text.line_height("small_b") + m.sp(0.5)
        if not self.debrief.practice:
            draw.text(surface, ui, "No rule broken", "small_b", p.ok, (x, y), max_width=w)
            return
        for n, item in enumerate(self.debrief.practice, 1):
            lines = (bottom - y) // line
            if lines < 1:
                break
            text = f"{n}. {item.rule.title}" + (" (critical)" if item.critical else "")
            block = ui.text.block(text, "small_b" if item.critical else "small", p.bad if item.critical else p.text,
                                  w, max_lines=min(2, lines), whole="Practise next, in the notes")
            surface.blit(block, (x, y))
            y += block.get_height() + m.sp(0.75)

    def _see_below(self, surface: pygame.Surface, x: int, y: int, w: int) -> None:
        """Where the panel runs out of room: the rest (every score, "Practise next") is in the notes."""
        ui, p = self.ui, self.ui.p
        if y + ui.text.font("small_b").get_height() <= self.scores.bottom - ui.m.sp(1):
            draw.first_fitting(surface, ui, ["Call log, Practise next: in the notes →", "More in the notes →",
                                             "More →"], "small_b", p.accent, (x, y), "topleft", w)

    def _score_row(self, surface: pygame.Surface, x: int, y: int, w: int, label: str, score: int, need: int,
                   ok: bool | None = None) -> int:
        """A label with a pass/fail badge, the score and its mark, and a bar with the mark; the bottom."""
        ui, m, p = self.ui, self.ui.m, self.ui.p
        ok = score >= need if ok is None else ok
        size = ui.text.font("small_b").get_height()
        icons.badge(surface, pygame.Rect(x, y, size, size), ok, p.surface, p.ok if ok else p.bad)
        value = draw.text(surface, ui, f"{score}", "small_b", p.text if ok else p.bad, (x + w, y), "topright")
        left = value.left
        style = self._mark_style(w)
        if style:
            left = draw.text(surface, ui, style.format(need), "small", p.muted, (value.left - m.sp(0.75), y),
                             "topright").left
        draw.text(surface, ui, label, "small_b", p.text, (x + size + m.sp(1), y), max_width=left - x - size - m.sp(2))
        bar = pygame.Rect(x, y + ui.text.line_height("small_b") + m.sp(0.5), w, max(8, m.sp(1.25)))
        if not style:  # no room beside the label: the mark goes at the end of a shorter bar
            bar.width -= ui.text.width("≥100", "small") + m.sp(1)
            draw.text(surface, ui, f"≥{need}", "small", p.muted, (x + w, bar.centery), "midright")
        draw.bar(surface, ui, bar, score / 100, p.ok if ok else p.bad, marker=need / 100 if 0 < need < 100 else None)
        return bar.bottom

    def _mark_style(self, width: int) -> str:
        """How a row states its mark, the same for every row: `mark 50 ·` when the longest label fits
        beside it, else `≥50 ·`, else nothing (the bar's tick still shows it)."""
        ui, m = self.ui, self.ui.m
        room = width - ui.text.font("small_b").get_height() - m.sp(3.75) - ui.text.width("100", "small_b") - \
            ui.text.width("Professionalism", "small_b")
        return next((s for s in ("mark {} ·", "≥{} ·") if ui.text.width(s.format(100), "small") <= room), "")

    def regions(self) -> list[pygame.Rect]:
        return [self.header, self.scores, self.pane.rect, *(w.rect for w in self.focus.widgets)]

