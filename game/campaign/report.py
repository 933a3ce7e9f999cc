"""The end-of-week report: cash, promises, DSO before and after, calls, documentation, follow-up
discipline, prioritisation and the four dimension scores across every call, each week check citing
the rule it grades (every campaign rule is cited by at least two checks)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.campaign.policy import (DOCUMENT_RULE, DSO_RULE, FOLLOW_UP_RULE, PRIORITY_RULE, RECORDS_RULE,
                                  TIME_RULE)
from game.campaign.week import Week
from game.content.model import DIMENSIONS

#: The week's targets: a tenth of what is owed collected, and DSO a tenth lower.
CASH_TARGET = DSO_TARGET = 0.10


@dataclass(frozen=True, slots=True)
class WeekCheck:
    """One graded item of the week, 0..100, with the rules it stands for and a line explaining it."""

    name: str
    score: int
    rules: tuple[str, ...]
    detail: str


@dataclass(frozen=True, slots=True)
class WeekReport:
    campaign_id: str
    seed: int
    cash_collected: float
    start_balance: float
    end_balance: float
    expected_recovery: float
    promises_kept: int
    promises_broken: int
    dso_before: float
    dso_after: float
    calls_made: int
    slots: int
    calls_passed: int
    documentation: int
    follow_ups_due: int
    follow_ups_kept: int
    prioritisation: int
    dimensions: dict[str, int]
    checks: tuple[WeekCheck, ...]
    day_scores: tuple[int, ...]
    follow_ups_late: int = 0  # diary dates later than what was agreed allows (each counted as missed)

    @property
    def follow_up_discipline(self) -> int:
        return 100 if not self.follow_ups_due else round(100 * self.follow_ups_kept / self.follow_ups_due)

    @property
    def score(self) -> int:
        """The week's own grade: the mean of its checks."""
        return round(sum(c.score for c in self.checks) / len(self.checks)) if self.checks else 0

    def to_dict(self) -> dict[str, Any]:
        return {"campaign_id": self.campaign_id, "seed": self.seed, "cash_collected": self.cash_collected,
                "start_balance": self.start_balance, "end_balance": self.end_balance,
                "expected_recovery": self.expected_recovery, "promises_kept": self.promises_kept,
                "promises_broken": self.promises_broken, "dso_before": self.dso_before, "dso_after": self.dso_after,
                "calls_made": self.calls_made, "slots": self.slots, "calls_passed": self.calls_passed,
                "documentation": self.documentation, "follow_ups_due": self.follow_ups_due,
                "follow_ups_kept": self.follow_ups_kept, "follow_ups_late": self.follow_ups_late,
                "follow_up_discipline": self.follow_up_discipline,
                "prioritisation": self.prioritisation, "dimensions": dict(self.dimensions),
                "day_scores": list(self.day_scores), "score": self.score,
                "checks": [{"name": c.name, "score": c.score, "rules": list(c.rules), "detail": c.detail}
                           for c in self.checks]}


def _pct(part: float, whole: float, empty: int = 100) -> int:
    return empty if whole <= 0 else max(0, min(100, round(100 * part / whole)))


def build_report(week: Week) -> WeekReport:
    """The report of a week (finished or not: it reports the days ended so far)."""
    campaign, books, results = week.campaign, week.books.values(), week.results
    start_balance = round(sum(b.start_balance for b in books), 2)
    end_balance = round(sum(b.balance for b in books), 2)
    end = week.today if not week.finished else campaign.end
    expected = round(week.cash + sum(b.expected_value(campaign.start, end) for b in books), 2)
    fus = [f for b in books for f in b.follow_ups if f.status in ("kept", "missed") and not f.late]
    kept_fu = sum(f.status == "kept" for f in fus)
    late = sum(f.late for b in books for f in b.follow_ups)  # a lapse when written, inside the week or after
    due = len(fus) + week.undiaried + late
    logs = [r.review.score if r.review is not None else 0 for r in results]
    documentation = round(sum(logs) / len(logs)) if logs else 0
    dims = {d: round(sum(r.score.scores[d] for r in results) / len(results)) if results else 0 for d in DIMENSIONS}
    days = week.days
    prioritisation = round(sum(d.score for d in days) / len(days)) if days else 0
    slots = campaign.slots * max(1, len(days))
    calls = len(results)
    wasted = sum(1 for r in results if any(p.set_day < r.entry.day and p.date > r.date and p.status == "replaced"
                                           for p in week.books[r.entry.account].payments))
    clean = sum(1 for r in results if r.review is not None and not r.review.contradictions
                and any(c.item == "follow-up" and c.ok for c in r.review.checks))
    broken_chased = sum(1 for b in books for f in b.follow_ups if f.reason.startswith("broken") and f.status == "kept")
    broken_due = sum(1 for b in books for f in b.follow_ups if f.reason.startswith("broken")
                     and f.status in ("kept", "missed"))
    dso_before = round(start_balance / campaign.daily_sales, 1)
    dso_after = round(end_balance / campaign.daily_sales, 1)
    checks = (
        WeekCheck("prioritisation", prioritisation, (PRIORITY_RULE,),
                  "share of each day's slots spent on the accounts the priority matrix ranks first"),
        WeekCheck("broken promises chased the same day", _pct(broken_chased, broken_due),
                  (PRIORITY_RULE, FOLLOW_UP_RULE),
                  f"{broken_chased} of {broken_due} broken promises called about on the day they broke"),
        WeekCheck("follow-up discipline", _pct(kept_fu, due), (FOLLOW_UP_RULE,),
                  f"{kept_fu} of {due} follow-ups kept on or before their date (a call with no follow-up in its "
                  f"log counts as one missed, and so does each of the {late} dated later than what was agreed "
                  "allows, inside the week or after it)"),
        WeekCheck("documentation", documentation, (DOCUMENT_RULE, RECORDS_RULE),
                  "mean call-log score across the week's calls (no log = 0)"),
        WeekCheck("records current", _pct(clean, calls, 0), (RECORDS_RULE,),
                  f"{clean} of {calls} calls left a log with no contradiction and a dated next step"),
        WeekCheck("slots used", _pct(calls - wasted, slots), (TIME_RULE,),
                  f"{calls} calls in {slots} slots, {wasted} spent on clients waiting on a payment not due yet"),
        WeekCheck("cash against the balance", _pct(week.cash, start_balance * CASH_TARGET), (DSO_RULE, TIME_RULE),
                  f"{week.cash:,.2f} collected; the week's target is a tenth of the {start_balance:,.2f} owed"),
        WeekCheck("DSO moved", _pct(dso_before - dso_after, dso_before * DSO_TARGET), (DSO_RULE,),
                  f"DSO {dso_before:.1f} → {dso_after:.1f} days (balance ÷ {campaign.daily_sales:,.2f} daily sales); "
                  "target: a tenth lower"),
    )
    promises = [p for b in books for p in b.payments]
    return WeekReport(campaign.id, week.seed, week.cash, start_balance, end_balance, expected,
                      sum(p.status == "kept" for p in promises), sum(p.status == "broken" for p in promises),
                      dso_before, dso_after, calls, slots, sum(r.verdict.passed for r in results), documentation,
                      due, kept_fu, prioritisation, dims, checks, tuple(d.score for d in days), late)
