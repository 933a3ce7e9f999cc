"""The campaign model: a week on the collections desk, as frozen dataclasses built by
`game.content.campaign_loader` (format in docs/campaign.md).

A campaign is a portfolio of client accounts, each pointing at library scenarios (the first call, and
the calls that follow up or chase a broken promise), worked over a number of working days with a
number of call slots per day. The engine (`game.campaign`) plays it; nothing here changes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from game.content.diagnostics import Diagnostics, SourcePos

CAMPAIGN_FORMAT = 1
MIN_ACCOUNTS, MAX_ACCOUNTS = 8, 15


@dataclass(frozen=True, slots=True)
class PriorPromise:
    """A promise made before the week starts: `amount` due on working day `day`; `firm` when it was
    dated and confirmed in writing (a vague "I'll try" is not firm)."""

    amount: float
    day: int
    firm: bool
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class CampaignAccount:
    """One client of the worklist. The balance is the first scenario's invoices (so what is said on the
    call matches the ledger); `days_overdue` is the age of its oldest invoice on the first day."""

    id: str
    scenario: str
    follow_up: str
    broken_promise: str
    days_overdue: int
    red_flags: tuple[str, ...]
    notes: tuple[str, ...]
    last_contact: _dt.date | None
    promise: PriorPromise | None
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Campaign:
    """A week on the desk: `days` working days from `start`, `slots` calls a day, `daily_sales` the
    average credit sales per day (what DSO divides by)."""

    id: str
    title: str
    summary: str
    start: _dt.date
    days: int
    slots: int
    daily_sales: float
    seed: int
    accounts: tuple[CampaignAccount, ...]
    path: str
    content_hash: str
    pos: SourcePos

    def account(self, account_id: str) -> CampaignAccount | None:
        return next((a for a in self.accounts if a.id == account_id), None)

    def day_date(self, day: int) -> _dt.date:
        """The date of working day `day` (1 = `start`), skipping Saturdays and Sundays."""
        date, left = self.start, day - 1
        while left > 0:
            date += _dt.timedelta(days=1)
            if date.weekday() < 5:
                left -= 1
        return date

    @property
    def end(self) -> _dt.date:
        return self.day_date(self.days)


@dataclass(frozen=True, slots=True)
class CampaignResult:
    """One campaign file loaded: the campaign (None when it has errors) and what was found."""

    campaign: Campaign | None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
