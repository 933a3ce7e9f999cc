"""Plain-text rendering of the account brief, the call and the debrief."""

from __future__ import annotations

import datetime as _dt
import textwrap
from typing import Mapping

from game.content.model import DIMENSIONS, Scenario
from game.engine.debrief import Debrief, DecisionReview

WIDTH = 78
BAR = 20


def wrap(text: str, indent: str = "", hanging: str | None = None, width: int = WIDTH) -> str:
    """Word-wrap `text`; continuation lines use `hanging` (default: as wide as `indent`)."""
    hanging = " " * len(indent) if hanging is None else hanging
    return textwrap.fill(" ".join(text.split()), width=width, initial_indent=indent, subsequent_indent=hanging)


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def signed(values: Mapping[str, int]) -> str:
    """`professionalism +2, empathy -1`, or `no change`."""
    parts = [f"{k} {v:+d}" for k, v in values.items() if v]
    return ", ".join(parts) if parts else "no change"


def render_brief(scenario: Scenario, today: _dt.date | None = None) -> str:
    """The account brief a prepared caller reads before dialling."""
    p, a = scenario.persona, scenario.account
    today = a.call_date(today)
    lines = [
        "=" * WIDTH,
        f"ACCOUNT BRIEF — {scenario.title}",
        "=" * WIDTH,
        f"Client:    {p.name}{', ' + p.role if p.role else ''} — {p.company}",
        f"Situation: {scenario.archetype}, difficulty {scenario.difficulty}/3",
        f"Terms:     {a.terms}",
        f"Call date: {today:%A %d %B %Y}",
    ]
    if a.contact:
        lines.append(f"Contact:   {a.contact}")
    lines += ["", f"  {'Invoice':<14}{'Amount':>12}  {'Issued':<11} {'Due':<11} {'Overdue':>8}"]
    for inv in a.invoices:
        lines.append(f"  {inv.number:<14}{money(inv.amount):>12}  {inv.issued.isoformat():<11} "
                     f"{inv.due.isoformat():<11} {inv.days_overdue(today):>5} d")
        if inv.note:
            lines.append(wrap(inv.note, "      note: ", "            "))
    lines.append(f"  {'Total':<14}{money(a.total_due):>12}")
    if a.history:
        lines += ["", "Payment history:"] + [wrap(h, "  - ") for h in a.history]
    if a.notes:
        lines += ["", "Notes:"] + [wrap(n, "  - ") for n in a.notes]
    lines += ["", wrap(f"Objective: {scenario.objective}"), ""]
    return "\n".join(lines)


def render_meters(meters: Mapping[str, int]) -> str:
    return "  ".join(f"[{name} {value:3d}]" for name, value in meters.items())


def _bar(score: int) -> str:
    filled = round(score / 100 * BAR)
    return "#" * filled + "." * (BAR - filled)


def _rule_marks(review: DecisionReview) -> list[str]:
    """`followed: Title; broke: Title (critical)` for one decision."""
    parts = []
    if review.followed:
        parts.append("followed: " + "; ".join(r.title for r in review.followed))
    if review.broke:
        parts.append("broke: " + "; ".join(r.title + (" (CRITICAL)" if review.critical and r.id == review.critical.id
                                                       else "") for r in review.broke))
    return [wrap("Rules — " + " | ".join(parts), "   ")] if parts else []


def _decision(review: DecisionReview, persona: str) -> list[str]:
    mark = "best reply" if review.took_top and review.quality >= 0.999 else \
        f"{round(review.quality * 100)}% of the best available"
    client = review.client_line if len(review.client_line) <= 64 else review.client_line[:61].rsplit(" ", 1)[0] + "…"
    lines = [
        f"{review.number}. {persona}: \"{client}\"",
        wrap(f"You: \"{review.said}\"", "   "),
        wrap(f"Effect: {mark}; meters {signed(review.mood)}" + ("  -> the client hung up" if review.hung_up else ""),
             "   "),
    ]
    if review.critical is not None:
        lines.append(wrap(f"CRITICAL ERROR: {review.critical.title}. This alone fails the call.", "   "))
    if review.recall_note:
        lines.append(wrap(review.recall_note, "   "))
    if review.manners:
        lines.append(wrap(review.manners, "   "))
    lines += _rule_marks(review)
    if review.feedback:
        lines.append(wrap(f"Why: {review.feedback}", "   "))
    if review.better:
        lines.append(wrap(f"Better here: \"{review.better.say}\"", "   "))
        if review.better.feedback:
            lines.append(wrap(review.better.feedback, "     "))
    return lines


def _scores(debrief: Debrief) -> list[str]:
    result, marks = debrief.result, debrief.verdict.marks.values
    lines = []
    for dim in DIMENSIONS:
        score, need = result.scores[dim], marks.get(dim, 0)
        lines.append(f"  {dim.capitalize():<16} {_bar(score)} {score:3d}  {'ok ' if score >= need else 'LOW'} "
                     f"(pass >= {need})")
    need = marks.get("overall", 0)
    lines.append(f"  {'Overall':<16} {_bar(result.overall)} {result.overall:3d}  "
                 f"{'ok ' if result.overall >= need else 'LOW'} (pass >= {need})")
    wrapup = debrief.wrapup
    need = marks.get("wrapup", 0)
    if wrapup is None:
        lines.append(f"  {'Call log':<16} {'not written':<{BAR}}        MISSING (pass >= {need})")
    else:
        ok = wrapup.score >= need and not wrapup.contradictions
        lines.append(f"  {'Call log':<16} {_bar(wrapup.score)} {wrapup.score:3d}  {'ok ' if ok else 'LOW'} "
                     f"(pass >= {need}{', no contradiction' if wrapup.contradictions else ''})")
    return lines


def render_debrief(debrief: Debrief, persona_short: str) -> str:
    """The whole debrief as text: the verdict and why, scores against the marks in force, every
    decision, the call log, what to practise, and each rule the call touched (once, at the end)."""
    verdict = debrief.verdict
    source = verdict.marks.source
    marks_from = f"marks of program {source.split(':', 1)[1]}" if source.startswith("program:") else \
        "the scenario's marks"
    lines = ["=" * WIDTH, f"DEBRIEF — {debrief.title}: {verdict.label}", "=" * WIDTH]
    if not verdict.passed:
        lines += [wrap(f"- {reason}", "  ", "    ") for reason in verdict.reasons]
    lines += [f"  Scores ({marks_from}):"] + _scores(debrief)
    lines += ["", wrap(f"Outcome: {debrief.commitment.label}. {persona_short}: \"{debrief.ending_line}\""), "",
              "Your decisions, one by one:", ""]
    for review in debrief.decisions:
        lines += _decision(review, persona_short) + [""]
    if debrief.wrapup is not None:
        lines.append(f"Call log: {debrief.wrapup.score}/100")
        for check in debrief.wrapup.checks:
            mark = "ok  " if check.ok else ("WRONG" if check.contradiction else "MISS")
            detail = f"wrote {check.written}" + ("" if check.ok else f"; expected {check.expected}")
            lines.append(wrap(f"{mark} {check.item}: {detail}", "  ", "       "))
        lines.append("")
    lines.append("Practise next:")
    if not debrief.practice:
        lines.append("  No rule broken this call.")
    for number, item in enumerate(debrief.practice, 1):
        lines.append(wrap(f"{number}. {item.rule.title} — {item.reason}", "  ", "     "))
    lines += ["", "Rules this call touched:"]
    articles: dict[str, int] = {}
    for rule in debrief.rules_touched:
        kind = {"do": "Do", "dont": "Don't"}.get(rule.kind, "Rule")
        cited = []
        for src in rule.sources:
            article, _, section = src.partition(" — ")
            number = articles.setdefault(article, len(articles) + 1)
            cited.append(f"[{number}] {section or article}")
        lines.append(wrap(f"- {rule.title} ({kind}; {rule.id}). Sources: " + "; ".join(cited), "  ", "    "))
        if rule.summary:
            lines.append(wrap(rule.summary, "    "))
    if articles:
        lines += ["", "Articles cited:"] + [wrap(f"[{n}] {title}", "  ", "      ") for title, n in articles.items()]
    return "\n".join(lines) + "\n"
