"""A campaign week in play: the worklist each morning, full graded calls, and what they set in motion.

Every call is a real call of the library (`Call` with a seed drawn from the week's seed, scored by the
engine, its call log reviewed, its one verdict decided with the scenario's marks). What it agreed and
what the log says decide the account's next steps: payments that will be kept or broken on their dates
(`game.campaign.ledger`), follow-ups owed, and which scenario the next call with that client plays.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from typing import Mapping

from game.campaign import ledger
from game.campaign.ledger import Book, FollowUp, Payment
from game.campaign.policy import FOLLOW_UP_RULE, Urgency, day_score, follow_up_limit, policy_picks, urgency
from game.campaign.state import CallEntry, WeekError, WeekState
from game.content.campaign_model import Campaign, CampaignAccount
from game.content.model import Commitment, Scenario
from game.engine.call import Call, CallError
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore
from game.engine.verdict import Marks, Verdict, decide
from game.engine.wrapup import WrapUp, WrapUpReview, expected_wrapup, review_wrapup
from game.records.grading import marks_for

MONEY_ITEMS = ("amount", "date", "instalments", "plan total", "first instalment")


def next_working(date: _dt.date) -> _dt.date:
    """`date`, or the Monday after it when it falls on a weekend."""
    while date.weekday() >= 5:
        date += _dt.timedelta(days=1)
    return date


@dataclass(frozen=True, slots=True)
class WorklistRow:
    """One line of the worklist (the CRM screen) this morning."""

    account: CampaignAccount
    company: str
    contact: str
    balance: float
    days_overdue: int
    bucket: str
    last_contact: _dt.date | None
    next_follow_up: _dt.date | None
    waiting_until: _dt.date | None
    committed: float
    notes: tuple[str, ...]
    urgency: Urgency
    called_today: bool


@dataclass(frozen=True, slots=True)
class CallResult:
    """One finished call of the week, graded like a single call, and what it set in motion."""

    entry: CallEntry
    scenario: Scenario
    call: Call
    score: CallScore
    review: WrapUpReview | None
    verdict: Verdict
    date: _dt.date
    outcome: str  # what was agreed, in words
    lapse: str = ""  # the follow-up date written was later than what was agreed allows (rule cited); else ""


@dataclass(frozen=True, slots=True)
class DayRecord:
    """One ended day: who was called, who the policy would have called, and the score."""

    day: int
    date: _dt.date
    picked: tuple[str, ...]
    wanted: tuple[str, ...]
    score: int
    reasons: Mapping[str, str]  # account -> why the policy ranks it (for the debrief)


class Week:
    """One week of a campaign. Drive it with `start_call(account)` → play the Call → `finish_call(call,
    log)`, and `end_day()`; read `worklist()`, `events`, `days`, `results`; `finished` after the last day."""

    def __init__(self, campaign: Campaign, scenarios: Mapping[str, Scenario], seed: int | None = None,
                 rule_titles: Mapping[str, str] | None = None,
                 compiled: dict[str, CompiledScenario] | None = None) -> None:
        self.campaign = campaign
        self.scenarios = scenarios
        self.rule_titles = dict(rule_titles or {})
        self.state = WeekState(campaign.id, campaign.content_hash, campaign.seed if seed is None else seed)
        self.books: dict[str, Book] = {}
        for acc in campaign.accounts:
            sc = scenarios[acc.scenario]
            book = Book(acc.id, sc.account.total_due, sc.account.total_due, acc.days_overdue, acc.red_flags,
                        notes=list(acc.notes), last_contact=acc.last_contact)
            if acc.promise is not None:
                book.payments.append(Payment(acc.promise.amount, campaign.day_date(acc.promise.day),
                                             ledger.SOLID_PRIOR[acc.promise.firm], acc.promise.firm, 0))
                how = "dated and confirmed" if acc.promise.firm else 'vague: "I will try"'
                book.notes.append(f"Promised {acc.promise.amount:,.2f} for "
                                  f"{campaign.day_date(acc.promise.day).isoformat()} ({how})")
            self.books[acc.id] = book
        self.results: list[CallResult] = []
        self.days: list[DayRecord] = []
        self.events: list[str] = []  # this morning's news
        self.all_events: list[tuple[int, str]] = []
        self.cash = 0.0
        self.undiaried = 0  # calls that left a balance with no follow-up in the log
        self._compiled: dict[str, CompiledScenario] = {} if compiled is None else compiled  # shareable
        self._pending: tuple[str, Scenario, int, Call] | None = None
        self._wanted: list[str] = []
        self._reasons: dict[str, str] = {}
        self._morning()

    # -- time ------------------------------------------------------------------------------------
    @property
    def seed(self) -> int:
        return self.state.seed

    @property
    def day(self) -> int:
        return self.state.day

    @property
    def today(self) -> _dt.date:
        return self.campaign.day_date(min(self.state.day, self.campaign.days))

    @property
    def finished(self) -> bool:
        return self.state.day > self.campaign.days

    def called_today(self) -> list[str]:
        return [c.account for c in self.state.calls if c.day == self.state.day]

    @property
    def slots_left(self) -> int:
        return 0 if self.finished else self.campaign.slots - len(self.called_today())

    def _rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(["ardojo-campaign", str(self.state.seed), *map(str, parts)]))

    def _morning(self) -> None:
        """Payments due by today arrive or not; follow-ups left past their date are missed."""
        today, self.events = self.today, []
        for acc_id, book in sorted(self.books.items()):
            for fu in book.follow_ups:  # yesterday's calls not made are missed before today's news
                if fu.status == "open" and fu.due < today:
                    self._miss(book, fu)
            for index, pay in enumerate(book.payments):
                if pay.status != "open" or pay.date > today:
                    continue
                if self._rng(acc_id, "payment", index).random() < pay.solidity:
                    paid = round(min(pay.amount, book.balance), 2)
                    pay.status, book.balance = "kept", round(book.balance - paid, 2)
                    book.kept += 1
                    for fu in book.follow_ups:  # the check on this payment is done: it arrived
                        if fu.status == "open" and fu.set_day == pay.set_day and pay.set_day > 0:
                            fu.status = "dropped"
                    self.cash = round(self.cash + paid, 2)
                    self._event(f"{self._company(acc_id)}: the payment of {paid:,.2f} due {pay.date.isoformat()} "
                                "arrived.")
                else:
                    pay.status = "broken"
                    book.broken += 1
                    book.follow_ups.append(FollowUp(today, f"broken promise of {pay.amount:,.2f}", self.day))
                    book.notes.append(f"{today.isoformat()}: the payment of {pay.amount:,.2f} promised for "
                                      f"{pay.date.isoformat()} did not arrive")
                    self._event(f"{self._company(acc_id)}: the payment of {pay.amount:,.2f} due "
                                f"{pay.date.isoformat()} did NOT arrive: a broken promise to chase today.")
            if book.balance <= 0.005:
                for fu in book.follow_ups:
                    if fu.status == "open":
                        fu.status = "dropped"
        self._wanted = policy_picks(self.books.values(), self.campaign.start, today, self.campaign.slots)
        self._reasons = {b.account_id: urgency(b, self.campaign.start, today).reason for b in self.books.values()}

    def _miss(self, book: Book, fu: FollowUp) -> None:
        fu.status = "missed"
        book.missed_noticed.append(fu.due)
        if fu.reason.startswith("broken promise"):
            book.broken_unchased = True
        self._event(f"{self._company(book.account_id)}: nobody called on {fu.due.isoformat()} ({fu.reason}).")

    def _event(self, text: str) -> None:
        self.events.append(text)
        self.all_events.append((self.day, text))

    def _company(self, account_id: str) -> str:
        return self.scenarios[self.campaign.account(account_id).scenario].persona.company

    def end_day(self) -> DayRecord:
        """End today (unused slots stay unused), score today's prioritisation and move to the next morning."""
        if self.finished:
            raise WeekError("the week is already over")
        if self._pending is not None:
            raise WeekError("finish the call in progress before ending the day")
        picked = tuple(self.called_today())
        record = DayRecord(self.day, self.today, picked, tuple(self._wanted),
                           day_score(picked, self._wanted, self.campaign.slots), dict(self._reasons))
        self.days.append(record)
        self.state.day += 1
        if not self.finished:
            self._morning()
        else:
            end = self.campaign.end
            for book in self.books.values():
                for fu in book.follow_ups:
                    if fu.status == "open" and fu.due <= end:
                        self._miss(book, fu)
        return record

    # -- the worklist ----------------------------------------------------------------------------
    def worklist(self) -> list[WorklistRow]:
        """This morning's worklist, in the campaign's order (the trainee decides the order of calls)."""
        start, today, called = self.campaign.start, self.today, set(self.called_today())
        rows = []
        for acc in self.campaign.accounts:
            book, sc = self.books[acc.id], self.scenarios[acc.scenario]
            age = book.age_on(start, today)
            open_fu = [f.due for f in book.follow_ups if f.status == "open"]
            rows.append(WorklistRow(acc, sc.persona.company, f"{sc.persona.name}, {sc.persona.role}", book.balance,
                                    age, ledger.bucket(age), book.last_contact, min(open_fu, default=None),
                                    book.waiting_until(), book.committed, tuple(book.notes),
                                    urgency(book, start, today), acc.id in called))
        return rows

    def next_scenario(self, account_id: str) -> tuple[Scenario, list[str]]:
        """The scenario the next call with this client plays, and what the caller should know before it."""
        acc = self.campaign.account(account_id)
        if acc is None:
            raise WeekError(f"no account '{account_id}' in this campaign")
        book = self.books[account_id]
        notes: list[str] = []
        if not book.calls:
            scenario_id = acc.scenario
        else:
            broken = any(p.status == "broken" and p.set_day >= book.calls[-1] for p in book.payments)
            scenario_id = acc.broken_promise if broken else acc.follow_up
            previous = self.results_for(account_id)[-1].scenario.id
            if scenario_id == previous:
                notes.append(f"The library has no follow-up call for this client yet: this call replays "
                             f"\"{self.scenarios[scenario_id].title}\" as the next conversation.")
        for missed in book.missed_noticed:
            notes.append(f"{self.scenarios[scenario_id].persona.name.split()[0]}: \"Nobody called me back on "
                         f"{missed.strftime('%A %d %B')}, like you said you would.\"")
        return self.scenarios[scenario_id], notes

    def results_for(self, account_id: str) -> list[CallResult]:
        return [r for r in self.results if r.entry.account == account_id]

    # -- calls -----------------------------------------------------------------------------------
    def compiled(self, scenario: Scenario) -> CompiledScenario:
        if scenario.id not in self._compiled:
            self._compiled[scenario.id] = compile_scenario(scenario)
        return self._compiled[scenario.id]

    def start_call(self, account_id: str) -> Call:
        """Dial an account: a new graded Call of its next scenario, its reply order seeded from the week."""
        if self.finished:
            raise WeekError("the week is over: no more calls")
        if self._pending is not None:
            raise WeekError("a call is already in progress")
        if self.slots_left <= 0:
            raise WeekError(f"all {self.campaign.slots} call slots of today are used: end the day")
        if account_id in self.called_today():
            raise WeekError(f"'{account_id}' was already called today")
        if self.books.get(account_id) is None:
            raise WeekError(f"no account '{account_id}' in this campaign")
        if self.books[account_id].balance <= 0.005:
            raise WeekError(f"'{account_id}' owes nothing: no call needed")
        scenario, _ = self.next_scenario(account_id)
        seed = self._rng("call", len(self.state.calls)).getrandbits(32)
        call = Call(self.compiled(scenario), seed)
        self._pending = (account_id, scenario, seed, call)
        return call

    def finish_call(self, call: Call, written: WrapUp | None) -> CallResult:
        """Grade the ended call (score, call log review, one verdict) and apply what it agreed."""
        if self._pending is None or self._pending[3] is not call:
            raise WeekError("this call was not started by the week")
        if not call.ended:
            raise WeekError("the call has not ended yet")
        account_id, scenario, seed, _ = self._pending
        self._pending = None
        today, book = self.today, self.books[account_id]
        score = call.score()
        review = review_wrapup(scenario, call.node, today, written) if written is not None else None
        marks: Marks = marks_for(None, scenario)
        verdict = decide(score, review, marks, self.rule_titles)
        entry = CallEntry(self.day, account_id, scenario.id, seed, [s.choice.index for s in call.steps],
                          written.to_dict() if written is not None else None)
        self.state.calls.append(entry)
        outcome, lapse = self._apply(book, scenario, call, review, verdict, written)
        result = CallResult(entry, scenario, call, score, review, verdict, today, outcome, lapse)
        self.results.append(result)
        return result

    def _apply(self, book: Book, scenario: Scenario, call: Call, review: WrapUpReview | None, verdict: Verdict,
               written: WrapUp | None) -> tuple[str, str]:
        """Apply what the call agreed and what its log says to the book; (outcome in words, lapse or "")."""
        today, day = self.today, self.day
        for fu in book.follow_ups:
            if fu.status == "open":
                fu.status = "kept" if fu.due <= today else "dropped"
        book.calls.append(day)
        book.last_contact = today
        book.missed_noticed.clear()
        book.broken_unchased = False
        ending = call.node.ending
        commitment = ending.commitment if ending else Commitment.NONE
        expected = expected_wrapup(scenario, call.node, today)
        factor = book.balance / scenario.account.total_due if scenario.account.total_due else 0.0
        solidity = self._solidity(book, commitment, ending is not None and ending.days is not None, review, verdict)
        payments: list[tuple[float, _dt.date]] = []
        if commitment in (Commitment.FULL, Commitment.PARTIAL):
            whole = scenario.account.total_due
            amount = ending.amount if ending.amount is not None else (whole if commitment is Commitment.FULL
                                                                      else whole / 2)
            payments = [(amount * factor, expected.date or today + _dt.timedelta(days=7))]
        elif commitment is Commitment.PLAN:
            payments = [(p.amount * factor, p.date) for p in expected.instalments] or \
                [(book.balance, expected.date or today + _dt.timedelta(days=7))]
        if payments:
            for pay in book.open_payments:
                pay.status = "replaced"
            left = book.balance
            for amount, date in payments:
                amount = round(min(amount, left), 2)
                if amount > 0:
                    book.payments.append(Payment(amount, date, solidity, ending.days is not None, day))
                    left -= amount
        if commitment is Commitment.CALLBACK and expected.date is not None:
            book.follow_ups.append(FollowUp(next_working(expected.date), "callback agreed", day))
        late = ""
        if written is not None and written.follow_up is not None:
            due, limit = next_working(written.follow_up), follow_up_limit(today, expected.date)
            book.follow_ups.append(FollowUp(due, "follow-up in your diary", day, late=due > limit))
            if due > limit:
                late = (f"follow-up dated {due.isoformat()}, after {limit.isoformat()}, the latest what was "
                        f"agreed allows: a lapse ({FOLLOW_UP_RULE})")
        else:
            self.undiaried += 1
        outcome = commitment.label if not payments else f"{commitment.label}: " + ", ".join(
            f"{p.amount:,.2f} on {p.date.isoformat()}" for p in book.open_payments)
        logged = "no call log" if written is None else f"log {review.score}"
        book.notes.append(f"{today.isoformat()}: {outcome} ({'passed' if verdict.passed else 'not passed'}, "
                          f"{logged}{'; ' + late if late else ''})")
        return outcome, late

    @staticmethod
    def _solidity(book: Book, commitment: Commitment, dated: bool, review: WrapUpReview | None,
                  verdict: Verdict) -> float:
        """How likely the payment agreed is kept on its date (docs/campaign.md)."""
        if commitment not in ledger.SOLID_DATED:
            return 0.0
        value = ledger.SOLID_DATED[commitment] if dated else ledger.SOLID_VAGUE
        if not verdict.passed:
            value *= ledger.FAILED_CALL
        if review is None or any(not c.ok for c in review.checks if c.item in MONEY_ITEMS):
            value *= ledger.WRONG_LOG
        if book.red_flags:
            value *= ledger.RED_FLAG
        if book.broken:
            value *= ledger.BROKEN_BEFORE
        return round(value, 4)

    # -- replay ----------------------------------------------------------------------------------
    def play(self, account_id: str, choices: list[int], written: WrapUp | None) -> CallResult:
        """Make a whole call at once: dial, take `choices` (file indices), write `written`."""
        call = self.start_call(account_id)
        try:
            for index in choices:
                call.choose(index)
        except Exception:
            self._pending = None
            raise
        return self.finish_call(call, written)

    @classmethod
    def replay(cls, campaign: Campaign, scenarios: Mapping[str, Scenario], state: WeekState,
               rule_titles: Mapping[str, str] | None = None) -> "Week":
        """Rebuild a saved week from its decisions; refuses one that does not match the campaign."""
        if state.campaign_id != campaign.id:
            raise WeekError(f"saved week is for campaign '{state.campaign_id}', not '{campaign.id}'")
        if state.campaign_hash != campaign.content_hash:
            raise WeekError(f"campaign '{campaign.id}' has changed since this week was saved")
        week = cls(campaign, scenarios, state.seed, rule_titles)
        for entry in state.calls:
            while week.day < entry.day:
                week.end_day()
            try:
                written = WrapUp.from_dict(entry.wrapup) if entry.wrapup is not None else None
                result = week.play(entry.account, entry.choices, written)
            except (ValueError, KeyError, CallError) as exc:
                raise WeekError(f"saved call on day {entry.day} cannot be replayed: {exc}") from None
            if result.entry.scenario != entry.scenario or result.entry.seed != entry.seed:
                raise WeekError(f"saved call on day {entry.day} does not match the week (was it edited?)")
        while week.day < state.day:
            week.end_day()
        return week
