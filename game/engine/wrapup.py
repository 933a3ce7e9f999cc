"""The wrap-up: documenting the call after hanging up, checked against what actually happened.

The trainee picks a disposition (what was agreed) and fills in what it needs: the amount and date of a
promise or a partial payment, each instalment of a plan, the reason of a dispute, the date and time of a
callback; and a follow-up date for the diary. Each item is checked against the ending the call reached
and cites the rulebook's documentation and follow-up rules. An item that states something other than
what was agreed (wrong disposition, amount, date or instalments; a follow-up on or before the call day)
is a *contradiction*: a call whose log contradicts it cannot pass. Pure engine logic: the terminal and
the pygame game both use it.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Mapping

from game.content.model import Commitment, Node, Scenario, frozen_map

DOCUMENT_RULE = "dont-skip-documentation"
FOLLOW_UP_RULE = "do-follow-up"
MAX_FOLLOW_UP_DAYS = 14
#: The time a model log writes for a callback whose ending names none (any time is accepted then).
DEFAULT_CALLBACK_TIME = "10:00"
TIME = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])$")


class Disposition(str, Enum):
    """What the call log says happened."""

    PROMISE = "promise"
    PARTIAL = "partial"
    PLAN = "plan"
    DISPUTE = "dispute"
    CALLBACK = "callback"
    NO_CONTACT = "no-contact"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]

    @property
    def needs_amount(self) -> bool:
        return self in (Disposition.PROMISE, Disposition.PARTIAL)

    @property
    def needs_date(self) -> bool:
        return self in (Disposition.PROMISE, Disposition.PARTIAL, Disposition.CALLBACK)

    @property
    def needs_instalments(self) -> bool:
        return self is Disposition.PLAN

    @property
    def needs_reason(self) -> bool:
        return self is Disposition.DISPUTE

    @property
    def needs_time(self) -> bool:
        return self is Disposition.CALLBACK


DISPOSITION_LABELS: Mapping[Disposition, str] = frozen_map({
    Disposition.PROMISE: "Promise to pay in full (amount and date)",
    Disposition.PARTIAL: "Partial payment promised (amount and date)",
    Disposition.PLAN: "Payment plan agreed (each instalment)",
    Disposition.DISPUTE: "Dispute logged (with its reason)",
    Disposition.CALLBACK: "Callback scheduled (date and time)",
    Disposition.NO_CONTACT: "No commitment / client hung up",
})

#: Which dispositions truthfully describe each ending (the first is the one a careful caller writes).
MATCHING: Mapping[Commitment, tuple[Disposition, ...]] = frozen_map({
    Commitment.FULL: (Disposition.PROMISE,),
    Commitment.PARTIAL: (Disposition.PARTIAL, Disposition.DISPUTE),
    Commitment.PLAN: (Disposition.PLAN,),
    Commitment.CALLBACK: (Disposition.CALLBACK, Disposition.DISPUTE),
    Commitment.NONE: (Disposition.NO_CONTACT,),
})


@dataclass(frozen=True, slots=True)
class Payment:
    """One dated amount in a call log (a plan's instalment)."""

    amount: float
    date: _dt.date


@dataclass(frozen=True, slots=True)
class WrapUp:
    """What the trainee wrote in the call log."""

    disposition: Disposition
    amount: float | None = None
    date: _dt.date | None = None
    follow_up: _dt.date | None = None
    instalments: tuple[Payment, ...] = ()
    reason: str = ""
    time: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"disposition": self.disposition.value, "amount": self.amount,
                "date": self.date.isoformat() if self.date else None,
                "follow_up": self.follow_up.isoformat() if self.follow_up else None,
                "instalments": [[p.amount, p.date.isoformat()] for p in self.instalments],
                "reason": self.reason, "time": self.time}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "WrapUp":
        """Rebuild a stored log (ValueError when it is malformed)."""
        def day(value: Any) -> _dt.date | None:
            return _dt.date.fromisoformat(value) if value else None

        try:
            return cls(Disposition(data["disposition"]),
                       None if data.get("amount") is None else float(data["amount"]), day(data.get("date")),
                       day(data.get("follow_up")),
                       tuple(Payment(float(a), _dt.date.fromisoformat(d)) for a, d in data.get("instalments") or ()),
                       str(data.get("reason") or ""), data.get("time") or None)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"the stored call log is malformed: {exc}") from None


@dataclass(frozen=True, slots=True)
class WrapUpCheck:
    """One checked item: what was expected, what was written, whether it matched, and the rule.
    `contradiction` marks a wrong item that states something other than what was agreed."""

    item: str
    ok: bool
    expected: str
    written: str
    rule: str
    contradiction: bool = False


@dataclass(frozen=True, slots=True)
class WrapUpReview:
    checks: tuple[WrapUpCheck, ...]
    score: int  # 0..100, the share of items right

    @property
    def passed(self) -> bool:
        """Every item right (the verdict uses the score against a mark, and the contradictions)."""
        return all(c.ok for c in self.checks)

    @property
    def contradictions(self) -> tuple[WrapUpCheck, ...]:
        return tuple(c for c in self.checks if c.contradiction)


def amount_example(scenario: Scenario | None) -> str:
    """An example amount for prompts, from the account on screen (never another scenario's figures)."""
    total = scenario.account.total_due if scenario is not None and scenario.account.invoices else 0
    return f"{total:,.2f}" if total else "1,000.00"


def parse_amount(text: str, example: str = "1,000.00") -> float:
    """`1,860.00`, `$1860` or `1860.5` as a positive amount; ValueError with a readable message."""
    try:
        value = float(text.replace(",", "").replace("$", "").strip())
    except ValueError:
        raise ValueError(f"Type an amount such as {example}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"Type an amount such as {example}")
    if value <= 0:
        raise ValueError("The amount must be more than zero")
    return round(value, 2)


def parse_date(text: str) -> _dt.date:
    """A date written YYYY-MM-DD; ValueError with a readable message."""
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("Type a date as YYYY-MM-DD, e.g. 2026-11-27") from None


def parse_time(text: str) -> str:
    """A time written HH:MM (24-hour) as `HH:MM`; ValueError with a readable message."""
    match = TIME.match(text.strip())
    if not match:
        raise ValueError("Type a time as HH:MM, e.g. 14:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def expected_wrapup(scenario: Scenario, ending: Node, call_date: _dt.date) -> WrapUp:
    """The call log a careful caller would write for this ending."""
    end = ending.ending
    commitment = end.commitment if end else Commitment.NONE
    disposition = MATCHING[commitment][0]
    date = call_date + _dt.timedelta(days=end.days) if end and end.days is not None else None
    instalments: tuple[Payment, ...] = ()
    if end is not None and end.instalments:
        instalments = tuple(Payment(i.amount, call_date + _dt.timedelta(days=i.days)) for i in end.instalments)
    elif disposition.needs_instalments and end is not None and end.amount and date is not None:
        # the ending gives only the total and the first date: any split with those is right
        first = round(end.amount / 2, 2)
        instalments = (Payment(first, date), Payment(round(end.amount - first, 2), date + _dt.timedelta(days=30)))
    time = (end.callback_time or DEFAULT_CALLBACK_TIME) if disposition.needs_time and end else None
    return WrapUp(disposition, end.amount if end else None, date, suggested_follow_up(date, call_date),
                  instalments, "", time)


def suggested_follow_up(agreed: _dt.date | None, call_date: _dt.date) -> _dt.date:
    """Follow up the working day after an agreed date, or two days after the call when nothing was dated."""
    return (agreed or call_date) + _dt.timedelta(days=1 if agreed else 2)


def _money(value: float | None) -> str:
    return "nothing" if value is None else f"{value:,.2f}"


def _plan_checks(expected: WrapUp, written: WrapUp) -> list[WrapUpCheck]:
    """A plan's instalments: each one when the ending lists them, else their total and the first date."""
    got = ", ".join(f"{p.amount:,.2f} on {p.date.isoformat()}" for p in written.instalments) or "nothing"
    if expected.instalments:
        want = ", ".join(f"{p.amount:,.2f} on {p.date.isoformat()}" for p in expected.instalments)
        ok = len(written.instalments) == len(expected.instalments) and all(
            abs(a.amount - b.amount) < 0.005 and a.date == b.date
            for a, b in zip(written.instalments, expected.instalments))
        return [WrapUpCheck("instalments", ok, want, got, DOCUMENT_RULE, contradiction=not ok)]
    checks = []
    if expected.amount is not None:
        total = round(sum(p.amount for p in written.instalments), 2) if written.instalments else None
        ok = total is not None and abs(total - expected.amount) < 0.005
        checks.append(WrapUpCheck("plan total", ok, _money(expected.amount), _money(total), DOCUMENT_RULE,
                                  contradiction=not ok))
    if expected.date is not None:
        first = min((p.date for p in written.instalments), default=None)
        ok = first == expected.date
        checks.append(WrapUpCheck("first instalment", ok, expected.date.isoformat(),
                                  first.isoformat() if first else "nothing", DOCUMENT_RULE, contradiction=not ok))
    if len(written.instalments) < 2:
        checks.append(WrapUpCheck("instalments", False, "every instalment of the plan, with its date",
                                  f"{len(written.instalments)} instalment(s)", DOCUMENT_RULE))
    return checks


def review_wrapup(scenario: Scenario, ending: Node, call_date: _dt.date, written: WrapUp) -> WrapUpReview:
    """Check a wrap-up against the ending the call reached."""
    expected = expected_wrapup(scenario, ending, call_date)
    end = ending.ending
    allowed = MATCHING[end.commitment if end else Commitment.NONE]
    right = written.disposition in allowed
    checks = [WrapUpCheck("disposition", right, " or ".join(d.label for d in allowed),
                          written.disposition.label, DOCUMENT_RULE, contradiction=not right)]
    if right and written.disposition.needs_instalments:
        checks += _plan_checks(expected, written)
    if right and expected.amount is not None and written.disposition.needs_amount:
        ok = written.amount is not None and abs(written.amount - expected.amount) < 0.005
        checks.append(WrapUpCheck("amount", ok, _money(expected.amount), _money(written.amount), DOCUMENT_RULE,
                                  contradiction=not ok))
    if right and expected.date is not None and written.disposition.needs_date:
        ok = written.date == expected.date
        checks.append(WrapUpCheck("date", ok, expected.date.isoformat(),
                                  written.date.isoformat() if written.date else "nothing", DOCUMENT_RULE,
                                  contradiction=not ok))
    if right and written.disposition.needs_time:
        agreed = end.callback_time if end else None
        ok = bool(written.time) and (agreed is None or written.time == agreed)
        checks.append(WrapUpCheck("callback time", ok, agreed or "the time agreed for the callback",
                                  written.time or "nothing", DOCUMENT_RULE,
                                  contradiction=bool(written.time) and not ok))
    if right and written.disposition.needs_reason:
        ok = len(written.reason.split()) >= 2
        checks.append(WrapUpCheck("dispute reason", ok, "what the client disputes and why",
                                  written.reason or "nothing", DOCUMENT_RULE))
    latest = (expected.date or call_date) + _dt.timedelta(days=MAX_FOLLOW_UP_DAYS)
    earliest = call_date + _dt.timedelta(days=1)
    follow = written.follow_up
    ok = follow is not None and earliest <= follow <= latest
    checks.append(WrapUpCheck("follow-up", ok, f"between {earliest.isoformat()} and {latest.isoformat()}",
                              follow.isoformat() if follow else "nothing", FOLLOW_UP_RULE,
                              contradiction=follow is not None and follow < earliest))
    score = round(100 * sum(c.ok for c in checks) / len(checks))
    return WrapUpReview(tuple(checks), score)
