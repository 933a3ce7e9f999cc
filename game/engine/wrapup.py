"""The wrap-up: documenting the call after hanging up, scored against what actually happened.

The trainee picks a disposition (what was agreed), the amount and date where they apply, and a
follow-up date. Each item is checked against the ending the call reached and cites the rulebook's
documentation and follow-up rules. Pure engine logic: the terminal and the pygame game both use it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import Enum
from typing import Mapping

from game.content.model import Commitment, Node, Scenario, frozen_map

DOCUMENT_RULE = "dont-skip-documentation"
FOLLOW_UP_RULE = "do-follow-up"
MAX_FOLLOW_UP_DAYS = 14


class Disposition(str, Enum):
    """What the call log says happened."""

    PROMISE = "promise"
    PLAN = "plan"
    DISPUTE = "dispute"
    CALLBACK = "callback"
    NO_CONTACT = "no-contact"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]

    @property
    def needs_amount(self) -> bool:
        return self in (Disposition.PROMISE, Disposition.PLAN)

    @property
    def needs_date(self) -> bool:
        return self in (Disposition.PROMISE, Disposition.PLAN, Disposition.CALLBACK)


DISPOSITION_LABELS: Mapping[Disposition, str] = frozen_map({
    Disposition.PROMISE: "Promise to pay (amount and date)",
    Disposition.PLAN: "Payment plan agreed",
    Disposition.DISPUTE: "Dispute logged",
    Disposition.CALLBACK: "Callback scheduled",
    Disposition.NO_CONTACT: "No commitment / client hung up",
})

#: Which dispositions truthfully describe each ending.
MATCHING: Mapping[Commitment, tuple[Disposition, ...]] = frozen_map({
    Commitment.FULL: (Disposition.PROMISE,),
    Commitment.PARTIAL: (Disposition.PROMISE, Disposition.DISPUTE),
    Commitment.PLAN: (Disposition.PLAN,),
    Commitment.CALLBACK: (Disposition.CALLBACK, Disposition.DISPUTE),
    Commitment.NONE: (Disposition.NO_CONTACT,),
})


@dataclass(frozen=True, slots=True)
class WrapUp:
    """What the trainee wrote in the call log."""

    disposition: Disposition
    amount: float | None = None
    date: _dt.date | None = None
    follow_up: _dt.date | None = None

    def to_dict(self) -> dict[str, object]:
        return {"disposition": self.disposition.value, "amount": self.amount,
                "date": self.date.isoformat() if self.date else None,
                "follow_up": self.follow_up.isoformat() if self.follow_up else None}


@dataclass(frozen=True, slots=True)
class WrapUpCheck:
    """One checked item: what was expected, what was written, whether it matched, and the rule."""

    item: str
    ok: bool
    expected: str
    written: str
    rule: str


@dataclass(frozen=True, slots=True)
class WrapUpReview:
    checks: tuple[WrapUpCheck, ...]
    score: int  # 0..100, the share of items right

    @property
    def passed(self) -> bool:
        return all(c.ok for c in self.checks)


def parse_amount(text: str) -> float:
    """`1,860.00`, `$1860` or `1860.5` as a positive amount; ValueError with a readable message."""
    try:
        value = float(text.replace(",", "").replace("$", "").strip())
    except ValueError:
        raise ValueError("Type an amount such as 1,860.00") from None
    if value <= 0:
        raise ValueError("The amount must be more than zero")
    return round(value, 2)


def parse_date(text: str) -> _dt.date:
    """A date written YYYY-MM-DD; ValueError with a readable message."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("Type a date as YYYY-MM-DD, e.g. 2026-11-27") from None


def expected_wrapup(scenario: Scenario, ending: Node, call_date: _dt.date) -> WrapUp:
    """The call log a careful caller would write for this ending."""
    end = ending.ending
    commitment = end.commitment if end else Commitment.NONE
    disposition = MATCHING[commitment][0]
    date = call_date + _dt.timedelta(days=end.days) if end and end.days is not None else None
    return WrapUp(disposition, end.amount if end else None, date, suggested_follow_up(date, call_date))


def suggested_follow_up(agreed: _dt.date | None, call_date: _dt.date) -> _dt.date:
    """Follow up the working day after an agreed date, or two days after the call when nothing was dated."""
    return (agreed or call_date) + _dt.timedelta(days=1 if agreed else 2)


def review_wrapup(scenario: Scenario, ending: Node, call_date: _dt.date, written: WrapUp) -> WrapUpReview:
    """Check a wrap-up against the ending the call reached."""
    expected = expected_wrapup(scenario, ending, call_date)
    end = ending.ending
    allowed = MATCHING[end.commitment if end else Commitment.NONE]
    checks = [WrapUpCheck("disposition", written.disposition in allowed, " or ".join(d.label for d in allowed),
                          written.disposition.label, DOCUMENT_RULE)]
    if expected.amount is not None and written.disposition.needs_amount:
        ok = written.amount is not None and abs(written.amount - expected.amount) < 0.005
        checks.append(WrapUpCheck("amount", ok, f"{expected.amount:,.2f}",
                                  "nothing" if written.amount is None else f"{written.amount:,.2f}", DOCUMENT_RULE))
    if expected.date is not None and written.disposition.needs_date:
        checks.append(WrapUpCheck("date", written.date == expected.date, expected.date.isoformat(),
                                  written.date.isoformat() if written.date else "nothing", DOCUMENT_RULE))
    latest = (expected.date or call_date) + _dt.timedelta(days=MAX_FOLLOW_UP_DAYS)
    earliest = call_date + _dt.timedelta(days=1)
    ok = written.follow_up is not None and earliest <= written.follow_up <= latest
    checks.append(WrapUpCheck("follow-up", ok, f"between {earliest.isoformat()} and {latest.isoformat()}",
                              written.follow_up.isoformat() if written.follow_up else "nothing", FOLLOW_UP_RULE))
    score = round(100 * sum(c.ok for c in checks) / len(checks))
    return WrapUpReview(tuple(checks), score)
