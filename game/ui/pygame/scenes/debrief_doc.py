"""The debrief's scrolling document, in the terminal's order: the verdict and its reasons, the outcome,
each decision, the call log, "Practise next" and the rules this call touched (full text, once)."""

from __future__ import annotations

from game.engine.debrief import Debrief, DecisionReview, RuleCitation
from game.ui.pygame.context import UI
from game.ui.pygame.doc import Doc
from game.ui.pygame.theme import Color

Chip = tuple[str, Color, Color]
CRITICAL_PREFIX = "critical error at "


def critical_text(reason: str) -> str:
    """A critical reason without its prefix (a chip says it): `Decision 1: Don't overpromise`."""
    if reason.startswith(CRITICAL_PREFIX):
        reason = reason[len(CRITICAL_PREFIX):]
    return reason[0].upper() + reason[1:]


class DebriefDoc:
    """Builds the document for one debrief at a width."""

    def __init__(self, ui: UI, debrief: Debrief, marks_label: str) -> None:
        self.ui = ui
        self.debrief = debrief
        self.marks_label = marks_label
        self.first = debrief.persona.split()[0]

    def build(self, width: int) -> Doc:
        ui, p, d = self.ui, self.ui.p, self.debrief
        doc = Doc(ui, width)
        doc.anchor("verdict")
        doc.card(self._verdict, p.surface, stripe=p.ok if d.passed else p.bad)
        doc.card(lambda c: (c.label(f"Outcome: {d.commitment.label}"),
                            c.text(f"{self.first}: “{d.ending_line}”", "body", p.text, after=0)),
                 p.surface, stripe=p.ok if d.commitment.value != "none" else p.bad)
        doc.label(f"Your decisions, one by one ({len(d.decisions)})")
        for review in d.decisions:
            doc.anchor(f"decision-{review.number:03d}")
            doc.card(lambda c, r=review: self._decision(c, r), p.surface, stripe=self._stripe(review))
        doc.anchor("call-log")
        doc.card(self._wrapup, p.surface, stripe=p.ok if "wrapup" not in d.verdict.below else p.bad)
        doc.anchor("practice")
        doc.label("Practise next")
        if not d.practice:
            doc.card(lambda c: c.text("No rule broken this call.", "body_b", p.ok, after=0), p.surface_alt, p.border,
                     pad=1.5, after=1)
        for n, item in enumerate(d.practice, 1):
            def practice(c: Doc, it=item, n=n) -> None:
                if it.critical:
                    c.chips([self._chip("CRITICAL", p.bad, p.bad_soft, c.width)], after=0.4)
                c.text(f"{n}. {it.rule.title}", "body_b", p.bad if it.critical else p.text, after=0.3)
                c.text(it.reason.capitalize(), "small", p.muted, after=0)
            doc.card(practice, p.surface_alt, p.bad if item.critical else p.border, pad=1.5, after=1)
        doc.gap(1)
        doc.anchor("rules")
        doc.label("Rules this call touched")
        for rule in d.rules_touched:
            doc.card(lambda c, r=rule: self._rule(c, r), p.surface, pad=1.5, after=1)
        return doc

    # -- pieces ---------------------------------------------------------------------------------
    def _chip(self, label: str, fg: Color, bg: Color, width: int) -> Chip:
        """A chip whose label is cut to fit `width`."""
        return self.ui.text.fit(label, "small_b", width - self.ui.m.sp(2)), fg, bg

    def _stripe(self, review: DecisionReview) -> Color:
        p = self.ui.p
        if review.critical is not None:
            return p.bad
        if review.took_top:
            return p.ok
        return p.warn if review.quality >= 0.5 else p.bad

    def _verdict(self, doc: Doc) -> None:
        """PASSED or NOT PASSED, whose marks, and every reason (critical errors first, in red)."""
        ui, p, v = self.ui, self.ui.p, self.debrief.verdict
        doc.text(v.label, "h2", p.ok if v.passed else p.bad, after=0.3)
        doc.text(f"Judged by {self.marks_label}.", "small", p.muted, after=0.8)
        if v.passed:
            doc.text("Every score meets its mark, no critical error, and the call log agrees with the call.",
                     "body", p.text, after=0)
            return
        critical = len(v.critical)
        for i, reason in enumerate(v.reasons):
            if i < critical:
                doc.chips([self._chip("CRITICAL ERROR", p.bad, p.bad_soft, doc.width)], after=0.3)
                doc.text(critical_text(reason) + ". This alone fails the call.", "body_b", p.bad, after=0.6)
            else:
                doc.bullets([reason[0].upper() + reason[1:]], "body", p.bad)
        doc.gap(-0.5)

    def _decision(self, doc: Doc, r: DecisionReview) -> None:
        p = self.ui.p
        if r.critical is not None:
            effect = ("critical error: this alone fails the call", p.bad, p.bad_soft)
        elif r.took_top and r.quality >= 0.999:
            effect = ("best reply available", p.ok, p.ok_soft)
        else:
            fair = r.quality >= 0.5
            effect = (f"{round(r.quality * 100)}% of the best reply", p.warn if fair else p.bad,
                      p.warn_soft if fair else p.bad_soft)
        doc.chips([(f"DECISION {r.number}", p.muted, p.track), self._chip(*effect, doc.width)], after=0.5)
        doc.text(f"{self.first}: “{r.client_line}”", "body", p.muted)
        doc.text(f"You: “{r.said}”", "body_b", p.text)
        chips = [self._chip(f"followed · {rule.title}", p.ok, p.ok_soft, doc.width) for rule in r.followed]
        for rule in r.broke:
            word = "critical" if r.critical is not None and rule.id == r.critical.id else "broke"
            chips.append(self._chip(f"{word} · {rule.title}", p.bad, p.bad_soft, doc.width))
        if chips:
            doc.chips(chips, after=0.6)
        meters = [(f"{k} {v:+d}", p.muted, p.track) for k, v in r.mood.items() if v]
        if r.hung_up:
            meters.append((f"{self.first} hung up", p.bad, p.bad_soft))
        if meters:
            doc.chips(meters, after=0.6)
        if r.manners:  # waiting or interrupting cost (game/engine/manners.py)
            doc.text(r.manners, "body", p.bad if r.interrupted else p.text, after=0.6)
        if r.recall_note:  # recall mode: what was said and how it was understood (game/engine/recall_cost.py)
            doc.text(r.recall_note, "body", p.bad if r.fallback else p.text, after=0.6)
        if r.feedback:
            doc.text(r.feedback, "body", p.text, after=1)
        if r.better is not None:
            b = r.better

            def better(c: Doc) -> None:
                c.label("Better here", p.ok)
                c.text(f"“{b.say}”", "body_b", p.text)
                if b.rules:
                    c.chips([self._chip(f"follows · {rule.title}", p.ok, p.surface, c.width) for rule in b.rules],
                            after=0.5)
                if b.feedback:
                    c.text(b.feedback, "body", p.text, after=0)
            doc.card(better, p.ok_soft, p.ok_soft, pad=1.5, after=0.8)
        where = f"scenario line {r.pos.line}" + (f" · shown as reply {r.position}" if r.position else "")
        doc.text(where, "small", p.muted, after=0)

    def _wrapup(self, doc: Doc) -> None:
        """The call log's score against its mark, and each item checked."""
        p, w = self.ui.p, self.debrief.wrapup
        need = self.debrief.verdict.marks.values.get("wrapup", 0)
        if w is None:
            doc.label("Your call log", p.bad)
            doc.text("Not written: a call that is not documented cannot pass.", "body_b", p.bad, after=0)
            return
        doc.label(f"Your call log · {w.score} / 100 · mark {need}")
        for check in w.checks:
            if check.ok:
                mark, color, role = "Right", p.ok, "body"
            elif check.contradiction:
                mark, color, role = "Contradicts the call", p.bad, "body_b"
            else:
                mark, color, role = "Missing or incomplete", p.bad, "body_b"
            detail = f"You wrote {check.written}" + ("." if check.ok else f"; expected {check.expected}.")
            doc.text(f"{check.item.capitalize()}: {mark}. {detail}", role, color, after=0.3)
        doc.gap(-0.3)

    def _rule(self, doc: Doc, rule: RuleCitation) -> None:
        """A rule's full text: what the trainee did with it this call ("followed" / "broke", as chips),
        its title and summary, and its sources as plain reading (nothing here is a link)."""
        p = self.ui.p
        doc.chips([self._chip(*chip, doc.width) for chip in self.rule_chips(rule)], after=0.4)
        doc.text(rule.title, "body_b", p.text, after=0.3)
        if rule.summary:
            doc.text(rule.summary, "small", p.text, after=0.3)
        for source in rule.sources:
            doc.text(f"Source: {source}", "small", p.muted, after=0.3)
        doc.gap(-0.3)

    def rule_chips(self, rule: RuleCitation) -> list[Chip]:
        """`followed` / `broke` with how often, from this call's decisions and its call log."""
        p, d = self.ui.p, self.debrief
        followed = sum(1 for r in d.decisions for x in r.followed if x.id == rule.id)
        broke = sum(1 for r in d.decisions for x in r.broke if x.id == rule.id)
        if not broke and any(item.rule.id == rule.id for item in d.practice):
            broke = 1  # broken by the call log
        chips: list[Chip] = []
        if followed:
            chips.append((f"you followed it{f' {followed}×' if followed > 1 else ''}", p.ok, p.ok_soft))
        if broke:
            chips.append((f"you broke it{f' {broke}×' if broke > 1 else ''}", p.bad, p.bad_soft))
        return chips or [("touched by this call", p.muted, p.track)]
