"""The ledger of a campaign week: one `Book` per account (balance, open payments, follow-ups, notes), and
the documented numbers the week is valued with (docs/campaign.md, "How the week is simulated").

- An open payment (a promise, a partial payment, each instalment of a plan) is kept on its date with
  probability `solidity`, which depends on how solid the commitment was: dated and confirmed beats vague;
  a call that did not pass, a log that got the amount or date wrong, a red flag or an earlier broken
  promise each make it less solid.
- At the end of the week the balance still open is valued like an aging allowance: by aging bucket
  (`COLLECTABLE`), less for red flags nobody raised and broken promises nobody chased; an open payment is
  worth its amount × the larger of its solidity and that collectability.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from game.content.model import Commitment

#: Aging buckets (upper bound of days overdue, label) and the share of a balance in them that is collected.
BUCKETS: tuple[tuple[int, str], ...] = ((30, "0-30"), (60, "31-60"), (90, "61-90"), (10 ** 6, "90+"))
COLLECTABLE: dict[str, float] = {"0-30": 0.95, "31-60": 0.85, "61-90": 0.70, "90+": 0.50}
#: Solidity of a fresh commitment (the chance its payment arrives on the date).
SOLID_DATED = {Commitment.FULL: 0.92, Commitment.PARTIAL: 0.88, Commitment.PLAN: 0.85}
SOLID_VAGUE = 0.30
SOLID_PRIOR = {True: 0.85, False: 0.35}
#: Multipliers: a call that did not pass, a log that misstates the amount/date, a red flag, a promise
#: already broken this week.
FAILED_CALL, WRONG_LOG, RED_FLAG, BROKEN_BEFORE = 0.6, 0.7, 0.8, 0.85
#: Collectability multipliers at the end of the week: a red flag nobody called about, a broken promise
#: not chased by the next working day.
FLAG_IGNORED, BROKEN_UNCHASED = 0.75, 0.6


def bucket(days_overdue: int) -> str:
    """The aging bucket of an age in days: 0-30, 31-60, 61-90 or 90+."""
    return next(label for limit, label in BUCKETS if days_overdue <= limit)


@dataclass(slots=True)
class Payment:
    """One payment a client agreed to: `amount` on `date`, kept with probability `solidity`.
    `status`: open, kept or broken."""

    amount: float
    date: _dt.date
    solidity: float
    dated: bool
    set_day: int
    status: str = "open"


@dataclass(slots=True)
class FollowUp:
    """A call owed to the client by `due` (a diary date, an agreed callback, a broken promise to chase).
    `status`: open, kept, missed or dropped (nothing left to follow up). `late`: a diary date later than
    what was agreed allows (`policy.follow_up_limit`): counted once as a lapse when it was written, never
    again as kept or missed."""

    due: _dt.date
    reason: str
    set_day: int
    status: str = "open"
    late: bool = False


@dataclass(slots=True)
class Book:
    """Everything the desk knows about one account during the week."""

    account_id: str
    balance: float
    start_balance: float
    days_overdue: int  # on day 1
    red_flags: tuple[str, ...]
    notes: list[str] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    calls: list[int] = field(default_factory=list)  # days it was called
    last_contact: _dt.date | None = None
    broken: int = 0
    kept: int = 0
    missed_noticed: list[_dt.date] = field(default_factory=list)  # missed follow-ups the client will mention
    broken_unchased: bool = False

    def age_on(self, start: _dt.date, date: _dt.date) -> int:
        """Days overdue of the oldest invoice on `date`."""
        return self.days_overdue + (date - start).days

    @property
    def open_payments(self) -> list[Payment]:
        return [p for p in self.payments if p.status == "open"]

    @property
    def committed(self) -> float:
        return round(sum(p.amount for p in self.open_payments), 2)

    def waiting_until(self) -> _dt.date | None:
        """The next date a payment is due, when one is open (a call before it is wasted)."""
        return min((p.date for p in self.open_payments), default=None)

    def due_follow_ups(self, date: _dt.date) -> list[FollowUp]:
        return [f for f in self.follow_ups if f.status == "open" and f.due <= date]

    def collectable(self, start: _dt.date, date: _dt.date) -> float:
        """The share of the uncommitted balance expected to be collected, as of `date`."""
        share = COLLECTABLE[bucket(self.age_on(start, date))]
        if self.red_flags and not self.calls:
            share *= FLAG_IGNORED
        if self.broken_unchased:
            share *= BROKEN_UNCHASED
        return share

    def expected_value(self, start: _dt.date, date: _dt.date) -> float:
        """What the open balance is worth on `date`: open payments at max(solidity, collectability), the
        rest at the collectability."""
        share = self.collectable(start, date)
        committed = min(self.committed, self.balance)
        paid = sum(min(p.amount, self.balance) * max(p.solidity, share) for p in self.open_payments)
        return round(min(paid, committed * 1.0) + (self.balance - committed) * share, 2)
