"""The documented prioritisation policy (rule `do-prioritize-by-matrix`, docs/campaign.md) and its score.

Each morning the policy ranks the accounts that need a call:

1. promises and follow-ups due today (a payment that did not arrive, a callback agreed, a diary date)
   come first, whatever their size;
2. then the rest by amount × days overdue, doubled for an account with red flags;
3. an account waiting on a payment that is not due yet, or with nothing owed, needs no call today.

A day's prioritisation score is the share of the day's slots that went to accounts the policy would
also have called that day (100 = the same accounts; the order within the day does not matter).

The follow-up a call log diaries must be a reasonable date for what was agreed (`follow_up_limit`, rule
`do-follow-up-on-time`): by the first working day after the date the call agreed (a payment, the first
instalment, a callback), or within three working days of a call that dated nothing. A later date is a
lapse in follow-up discipline wherever it falls, inside the week or after it, so dating every follow-up
after the week's last day does not take it out of the count.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Iterable, Sequence

from game.campaign.ledger import Book

PRIORITY_RULE = "do-prioritize-by-matrix"
FOLLOW_UP_RULE = "do-follow-up-on-time"
RECORDS_RULE = "do-keep-records-current"
TIME_RULE = "do-manage-your-time"
DSO_RULE = "do-measure-with-dso"
DOCUMENT_RULE = "dont-skip-documentation"
#: The rules the week adds on top of the calls' own (each is cited by at least two week checks).
CAMPAIGN_RULES: tuple[str, ...] = (PRIORITY_RULE, FOLLOW_UP_RULE, RECORDS_RULE, TIME_RULE, DSO_RULE)
RED_FLAG_FACTOR = 2.0
#: Working days a diary date may fall after the date agreed, and after a call that dated nothing.
FOLLOW_UP_GRACE, FOLLOW_UP_WINDOW = 1, 3


@dataclass(frozen=True, slots=True)
class Urgency:
    """Why an account ranks where it does today."""

    account_id: str
    due_today: bool
    weight: float  # amount × days overdue (× 2 for red flags); 0 = needs no call today
    reason: str

    @property
    def key(self) -> tuple:
        return (not self.due_today, -self.weight, self.account_id)


def urgency(book: Book, start: _dt.date, today: _dt.date) -> Urgency:
    """How urgent a call to this account is this morning."""
    if book.balance <= 0.005:
        return Urgency(book.account_id, False, 0.0, "nothing owed")
    age = book.age_on(start, today)
    weight = round(book.balance * age * (RED_FLAG_FACTOR if book.red_flags else 1.0), 2)
    due = book.due_follow_ups(today)
    if due:
        return Urgency(book.account_id, True, weight, f"{due[0].reason} (due {due[0].due.isoformat()})")
    waiting = book.waiting_until()
    if waiting is not None and waiting > today:
        return Urgency(book.account_id, False, 0.0, f"waiting on a payment due {waiting.isoformat()}")
    flag = ", red flags" if book.red_flags else ""
    return Urgency(book.account_id, False, weight, f"{book.balance:,.2f} × {age} days{flag}")


def ranking(books: Iterable[Book], start: _dt.date, today: _dt.date) -> list[Urgency]:
    """Every account that needs a call today, most urgent first."""
    found = [urgency(b, start, today) for b in books]
    return sorted((u for u in found if u.due_today or u.weight > 0), key=lambda u: u.key)


def policy_picks(books: Iterable[Book], start: _dt.date, today: _dt.date, slots: int) -> list[str]:
    """The accounts the policy calls today."""
    return [u.account_id for u in ranking(books, start, today)[:slots]]


def day_score(picked: Sequence[str], wanted: Sequence[str], slots: int) -> int:
    """0..100: the share of the day's slots spent on accounts the policy also picks. With fewer accounts
    needing a call than slots, only those many slots count."""
    need = min(slots, len(wanted))
    if need == 0:
        return 100
    return round(100 * len(set(picked) & set(wanted)) / need)


def add_working_days(date: _dt.date, days: int) -> _dt.date:
    """The working day `days` working days after `date` (Saturdays and Sundays skipped)."""
    left = days
    while left > 0:
        date += _dt.timedelta(days=1)
        if date.weekday() < 5:
            left -= 1
    return date


def follow_up_limit(call_date: _dt.date, agreed: _dt.date | None) -> _dt.date:
    """The latest reasonable follow-up for a call on `call_date` that agreed `agreed` (a payment's date, the
    first instalment, a callback; None when nothing was dated): `FOLLOW_UP_GRACE` working days after the
    agreed date, else `FOLLOW_UP_WINDOW` working days after the call. Rule `do-follow-up-on-time`."""
    if agreed is not None:
        return add_working_days(max(agreed, call_date), FOLLOW_UP_GRACE)
    return add_working_days(call_date, FOLLOW_UP_WINDOW)
