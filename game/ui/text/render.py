"""Plain-text rendering of the account brief, the call and the debrief."""

from __future__ import annotations

import datetime as _dt
import textwrap
from typing import Mapping

from game.content.model import DIMENSIONS, Scenario
from game.engine.debrief import Debrief, DecisionReview, RuleCitation

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


def _citation(rule: RuleCitation, indent: str) -> list[str]:
    kind = {"do": "DO", "dont": "DON'T"}.get(rule.kind, "")
    lines = [wrap(f"Rule ({kind}): {rule.title} [{rule.id}]", indent)]
    if rule.summary:
        lines.append(wrap(rule.summary, indent + "  "))
    for source in rule.sources:
        lines.append(wrap(f"Source: {source}", indent + "  "))
    return lines


def _decision(review: DecisionReview, persona: str) -> list[str]:
    lines = [
        f"{review.number}. {persona}: \"{review.client_line}\"",
        wrap(f"You: \"{review.said}\"", "   "),
        wrap(f"Effect: {signed(review.score)}; meters {signed(review.mood)}"
             + ("  -> the client hung up" if review.hung_up else ""), "   "),
    ]
    if review.feedback:
        lines.append(wrap(f"Why: {review.feedback}", "   "))
    for rule in review.rules:
        lines += _citation(rule, "   ")
    if review.better:
        lines.append(wrap(f"Better here: \"{review.better.say}\" ({signed(review.better.score)})", "   "))
        if review.better.feedback:
            lines.append(wrap(review.better.feedback, "     "))
        for rule in review.better.rules:
            lines += _citation(rule, "     ")
    lines.append(f"   (scenario line {review.pos.line})")
    return lines


def render_debrief(debrief: Debrief, persona_short: str) -> str:
    """The whole debrief as text: scores with pass marks, every decision, and what to practise."""
    result = debrief.result
    verdict = "PASSED" if result.passed else "NOT PASSED"
    lines = ["=" * WIDTH, f"DEBRIEF — {debrief.title}: {verdict}", "=" * WIDTH]
    for dim in DIMENSIONS:
        score, need = result.scores[dim], result.thresholds[dim]
        mark = "ok " if score >= need else "LOW"
        lines.append(f"  {dim.capitalize():<16} {_bar(score)} {score:3d}  {mark} (pass >= {need})")
    lines.append(f"  {'Overall':<16} {_bar(result.overall)} {result.overall:3d}  "
                 f"{'ok ' if result.overall >= result.thresholds['overall'] else 'LOW'} "
                 f"(pass >= {result.thresholds['overall']})")
    lines += ["", wrap(f"Outcome: {debrief.commitment.label}. {persona_short}: \"{debrief.ending_line}\""), "",
              "Your decisions, one by one:", ""]
    for review in debrief.decisions:
        lines += _decision(review, persona_short) + [""]
    if debrief.wrapup is not None:
        lines.append(f"Wrap-up (call documentation): {debrief.wrapup.score}/100")
        for check in debrief.wrapup.checks:
            mark = "ok  " if check.ok else "MISS"
            detail = f"wrote {check.written}" + ("" if check.ok else f"; expected {check.expected}")
            lines.append(wrap(f"{mark} {check.item}: {detail} [{check.rule}]", "  ", "       "))
        lines.append("")
    lines.append("Practise next:")
    for number, item in enumerate(debrief.practice, 1):
        lines.append(wrap(f"{number}. {item.rule.title} [{item.rule.id}] — {item.reason}", "  ", "     "))
        if item.rule.summary:
            lines.append(wrap(item.rule.summary, "     "))
    return "\n".join(lines) + "\n"
