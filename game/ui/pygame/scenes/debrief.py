"""Screen 6, the debrief: the four scores as bars with pass marks, then the wrap-up review and every
decision with its effect, feedback, cited rule and source, and the better option; "Replay this call"
and "Next suggested scenario"."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.content.model import DIMENSIONS, Rulebook, Scenario
from game.engine.debrief import Debrief, DecisionReview, RuleCitation
from game.ui.pygame import draw, icons
from game.ui.pygame.chrome import TopBar, body_rect, place_row
from game.ui.pygame.context import UI
from game.ui.pygame.doc import Doc
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.widgets import Button, ScrollPane


@dataclass(frozen=True, slots=True)
class Replay:
    scenario_id: str


@dataclass(frozen=True, slots=True)
class PlayNext:
    scenario_id: str


class DebriefScene(Scene):
    name = "debrief"
    step = "Debrief"

    def __init__(self, ui: UI, debrief: Debrief, suggestion: Scenario | None, trainee: str = "",
                 rulebook: Rulebook | None = None) -> None:
        super().__init__(ui)
        self.debrief = debrief
        self.rulebook = rulebook
        self.suggestion = suggestion
        self.top = TopBar(ui, self.step, trainee)
        self.pane = ScrollPane()
        self.back = Button("back", "All scenarios", hint="Esc")
        self.replay = Button("replay", "Replay this call")
        self.next = Button("next", "Next suggested scenario", "primary", enabled=suggestion is not None)
        self.header = self.scores = pygame.Rect(0, 0, 0, 0)
        self.anchors: list[int] = []

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
        side_w = max(round(m.body * 15), round(body.width * 0.3))
        self.scores = pygame.Rect(body.left, top, side_w, footer.top - top - m.sp(2))
        self.pane.rect = pygame.Rect(self.scores.right + m.sp(3), top, body.width - side_w - m.sp(3),
                                     self.scores.height)
        doc = self._document(self.pane.rect.width - m.sp(2))
        self.anchors = [y for name, y in sorted(doc.anchors.items(), key=lambda kv: kv[1])]
        self.pane.set_content(doc.render(ui.p.bg), keep=True)
        self.focus.set([self.next, self.replay, self.back, self.top.settings])
        if self.focus.focused is self.next and not self.next.enabled:
            self.focus.focus_action("replay")

    def _document(self, width: int) -> Doc:
        ui, p, d = self.ui, self.ui.p, self.debrief
        doc = Doc(ui, width)
        first = d.persona.split()[0]
        doc.card(lambda c: (c.label(f"Outcome: {d.commitment.label}"),
                            c.text(f"{first}: “{d.ending_line}”", "body", p.text, after=0)),
                 p.surface, stripe=p.ok if d.commitment.value != "none" else p.bad)
        if d.wrapup is not None:
            doc.card(self._wrapup, p.surface)
        doc.label(f"Your decisions, one by one ({len(d.decisions)})")
        for review in d.decisions:
            doc.anchor(f"decision-{review.number:03d}")
            doc.card(lambda c, r=review: self._decision(c, r), p.surface,
                     stripe=p.ok if sum(review.score.values()) > 0 else p.bad if sum(review.score.values()) < 0
                     else p.muted)
        if d.practice:
            doc.anchor("practice")
            doc.label("Practise next")
            for item in d.practice:
                doc.card(lambda c, it=item: (self._rule(c, it.rule), c.text(it.reason.capitalize(), "small",
                                                                            p.muted, after=0)),
                         p.surface_alt, p.border, pad=1.5, after=1)
        return doc

    def _wrapup(self, doc: Doc) -> None:
        p, w = self.ui.p, self.debrief.wrapup
        doc.label(f"Your call log · {w.score} / 100")
        for check in w.checks:
            mark = "Right" if check.ok else "Not right"
            doc.text(f"{check.item.capitalize()}: {mark}. You wrote {check.written}; expected {check.expected}.",
                     "body_b" if not check.ok else "body", p.ok if check.ok else p.bad, after=0.3)
        doc.gap(0.7)
        for rule_id in dict.fromkeys(c.rule for c in w.checks):
            self._rule(doc, RuleCitation.of(rule_id, self.rulebook))

    def _decision(self, doc: Doc, r: DecisionReview) -> None:
        p = self.ui.p
        first = self.debrief.persona.split()[0]
        doc.label(f"Decision {r.number}")
        doc.text(f"{first}: “{r.client_line}”", "body", p.muted)
        doc.text(f"You: “{r.said}”", "body_b", p.text)
        chips = [(f"{k} {v:+d}", p.ok if v > 0 else p.bad, p.ok_soft if v > 0 else p.bad_soft)
                 for k, v in r.score.items() if v]
        chips += [(f"{k} {v:+d}", p.ok if v > 0 else p.bad, p.ok_soft if v > 0 else p.bad_soft)
                  for k, v in r.mood.items() if v]
        if r.hung_up:
            chips.append((f"{first} hung up", p.bad, p.bad_soft))
        doc.chips(chips or [("no effect", p.muted, p.track)])
        if r.feedback:
            doc.text(r.feedback, "body", p.text, after=1)
        for rule in r.rules:
            self._rule(doc, rule)
        if r.better is not None:
            b = r.better

            def better(c: Doc) -> None:
                c.label("Better here", p.ok)
                c.text(f"“{b.say}”", "body_b", p.text)
                c.chips([(f"{k} {v:+d}", p.ok if v > 0 else p.bad, p.ok_soft if v > 0 else p.bad_soft)
                         for k, v in b.score.items() if v] or [("no change", p.muted, p.track)], after=0.5)
                if b.feedback:
                    c.text(b.feedback, "body", p.text, after=0.5)
                for rule in b.rules:
                    self._rule(c, rule)
            doc.card(better, p.ok_soft, p.ok_soft, pad=1.5, after=0.5)
        doc.text(f"scenario line {r.pos.line}", "small", p.muted, after=0)

    def _rule(self, doc: Doc, rule: RuleCitation) -> None:
        p = self.ui.p
        kind = {"do": ("DO", p.ok, p.ok_soft), "dont": ("DON'T", p.bad, p.bad_soft)}.get(rule.kind)
        chips = [kind] if kind else []
        doc.chips(chips + [(rule.id, p.muted, p.track)], after=0.4)
        doc.text(rule.title, "body_b", p.text, after=0.3)
        if rule.summary:
            doc.text(rule.summary, "small", p.text, after=0.3)
        for source in rule.sources:
            doc.text(f"Source: {source}", "small", p.accent, after=0.3)
        doc.gap(0.7)

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
        """Scroll to the next (1) or previous (-1) decision."""
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

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p, d = self.ui, self.ui.m, self.ui.p, self.debrief
        surface.fill(p.bg)
        self.top.draw(surface)
        h = self.header
        draw.text(surface, ui, f"DEBRIEF · {d.persona.upper()}", "small_b", p.accent, h.topleft, max_width=h.width)
        verdict = "Passed" if d.passed else "Not passed yet"
        chip_w = draw.chip_width(ui, verdict, "body_b")
        title = draw.title(surface, ui, d.title, p.text, (h.left, h.bottom), h.width - chip_w - m.sp(3),
                           "bottomleft")
        draw.chip(surface, ui, verdict, (h.right, title.centery), p.ok if d.passed else p.bad,
                  p.ok_soft if d.passed else p.bad_soft, role="body_b", anchor="midright")
        self._scores(surface)
        self.pane.draw(surface, ui)
        draw.first_fitting(surface, ui, ["Up/Down scroll · Left/Right previous or next decision",
                                         "Left/Right: decisions"], "small", p.muted, (h.left, self.back.rect.centery),
                           "midleft", self.back.rect.left - h.left - m.sp(2))
        self.focus.draw(surface, ui)

    def _scores(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        result = self.debrief.result
        r = self.scores
        draw.panel(surface, ui, r, p.surface, p.border, radius=m.radius * 1.5)
        pad = m.sp(2)
        x, w = r.left + pad, r.width - 2 * pad
        big = draw.text(surface, ui, f"{result.overall}", "h1", p.text, (x, r.top + pad))
        draw.text(surface, ui, f"overall · pass at {result.thresholds['overall']}", "small", p.muted,
                  (big.right + m.sp(1), big.bottom - m.sp(0.5)), "bottomleft", max_width=r.right - big.right - pad)
        y = big.bottom + m.sp(2)
        bar_h = max(8, m.sp(1.25))
        for dim in DIMENSIONS:
            score, need = result.scores[dim], result.thresholds[dim]
            y = self._score_row(surface, x, y, w, dim.capitalize(), score, need) + m.sp(2)
            if y > r.bottom - pad:
                return
        wrapup = self.debrief.wrapup
        if wrapup is not None and y + ui.text.line_height("small_b") + bar_h + m.sp(3) < r.bottom - pad:
            draw.divider(surface, ui, x, x + w, y)
            y = self._score_row(surface, x, y + m.sp(2), w, "Call log", wrapup.score, 100,
                                ok=wrapup.passed) + m.sp(2)
        practice = self.debrief.practice
        line = ui.text.line_height("small")
        if practice and y + ui.text.line_height("small_b") + line * 2 + m.sp(2) < r.bottom - pad:
            draw.divider(surface, ui, x, x + w, y)
            y += m.sp(2)
            draw.text(surface, ui, "PRACTISE NEXT", "small_b", p.muted, (x, y))
            y += ui.text.line_height("small_b") + m.sp(0.5)
            for n, item in enumerate(practice, 1):
                lines = (r.bottom - pad - y) // line
                if lines < 1:
                    break
                block = ui.text.block(f"{n}. {item.rule.title}", "small", p.text, w, max_lines=min(2, lines))
                surface.blit(block, (x, y))
                y += block.get_height() + m.sp(0.75)

    def _score_row(self, surface: pygame.Surface, x: int, y: int, w: int, label: str, score: int, need: int,
                   ok: bool | None = None) -> int:
        """A label with a pass/fail badge, the score, and a bar with the pass mark; returns the bottom."""
        ui, m, p = self.ui, self.ui.m, self.ui.p
        ok = score >= need if ok is None else ok
        size = ui.text.font("small_b").get_height()
        icons.badge(surface, pygame.Rect(x, y, size, size), ok, p.surface, p.ok if ok else p.bad)
        draw.text(surface, ui, label, "small_b", p.text, (x + size + m.sp(1), y))
        draw.text(surface, ui, f"{score}", "small_b", p.text, (x + w, y), "topright")
        bar = pygame.Rect(x, y + ui.text.line_height("small_b") + m.sp(0.5), w, max(8, m.sp(1.25)))
        draw.bar(surface, ui, bar, score / 100, p.ok if ok else p.bad, marker=need / 100 if need < 100 else None)
        return bar.bottom

    def regions(self) -> list[pygame.Rect]:
        return [self.header, self.scores, self.pane.rect, *(w.rect for w in self.focus.widgets)]
