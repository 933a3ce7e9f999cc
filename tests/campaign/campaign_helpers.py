"""Shared set-up for the campaign tests: the shipped library and campaign, and a scripted trainee."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache
from pathlib import Path

from game.content.campaign_loader import load_campaign
from game.content.library import Library, load_library
from game.engine.wrapup import expected_wrapup

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
FIRST_WEEK = SCENARIOS / "campaigns" / "first-week.yaml"


@lru_cache(maxsize=1)
def library() -> Library:
    return load_library([SCENARIOS])


def campaign():
    result = load_campaign(FIRST_WEEK, library().scenarios)
    assert result.campaign is not None, [d.format() for d in result.diagnostics.items]
    return result.campaign


class ScriptedTrainee:
    """Answers the campaign terminal's prompts: calls the worklist in `order` (account ids, the first
    callable each time), takes the best reply at each turn, writes the call log a careful caller writes."""

    def __init__(self, week, order: list[str] | None = None, name: str = "Sam") -> None:
        self.week = week
        self.order = order
        self.name = name
        self.lines: list[str] = []
        self._wrap: list[str] = []
        self.call = None

    def __call__(self, prompt: str) -> str:
        answer = self._answer(prompt)
        self.lines.append(answer)
        return answer

    def _answer(self, prompt: str) -> str:
        from game.engine.scoring import eligible

        if prompt.startswith("Your name"):
            return self.name
        if prompt.startswith("Call which account"):
            rows = self.week.worklist()
            ids = self.order or [r.account.id for r in rows]
            for acc in ids:
                row = next(r for r in rows if r.account.id == acc)
                if not row.called_today and row.balance > 0.005:
                    return acc
            return "e"
        if prompt.startswith("Press Enter"):
            return ""
        if prompt.startswith("Your reply"):
            call = self.week._pending[3]
            good = {c.index for c in eligible(call.node.choices)}
            options = call.compiled.lookahead.options(call.node.id, call.meters)
            best = max(options, key=lambda o: (o.value if o.choice.index in good else float("-inf"),
                                               -o.choice.index))
            return str([c.index for c in call.shown].index(best.choice.index) + 1)
        if prompt.startswith("What was agreed"):
            call = self.week._pending[3] if self.week._pending else None
            call = call or self.call
            from game.engine.wrapup import Disposition
            log = expected_wrapup(call.scenario, call.node, self.week.today)
            self._wrap = _log_lines(log)
            return str(list(Disposition).index(log.disposition) + 1)
        return self._wrap.pop(0) if self._wrap else ""


def _log_lines(log) -> list[str]:
    out = []
    if log.disposition.needs_amount:
        out.append(f"{log.amount:.2f}")
    for p in log.instalments:
        out += [f"{p.amount:.2f}", p.date.isoformat()]
    if log.disposition.needs_instalments:
        out.append("")
    if log.disposition.needs_date:
        out.append(log.date.isoformat())
    if log.disposition.needs_time:
        out.append(log.time)
    if log.disposition.needs_reason:
        out.append("pallets short on delivery")
    out.append(log.follow_up.isoformat() if isinstance(log.follow_up, _dt.date) else "")
    return out
