"""The closing exchange of an ending: the caller's closing line and the client's goodbye.

Every ending has one, shown after the client's last line and before the wrap-up. An ending may author
it (`closing: {caller: ..., client: ...}`, either line optional); otherwise it is generated from the
ending: the caller recaps the commitment in their own words (kind, amount, date, as the call log will
record it) and says goodbye. When the client hung up there is no goodbye.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from game.content.model import Commitment, Node, Scenario


@dataclass(frozen=True, slots=True)
class ClosingExchange:
    """What the caller says to close the call, and the client's goodbye ("" when there is none)."""

    caller: str
    client: str


def _day(call_date: _dt.date, days: int | None, by: str = "by") -> str:
    """`by Friday 27 November` ("today" for the day of the call; "by the agreed date" without days)."""
    if days is None:
        return f"{by} the agreed date"
    if days == 0:
        return "today"
    day = call_date + _dt.timedelta(days=days)
    return f"{by} {day.strftime('%A')} {day.day} {day.strftime('%B')}"


def _money(value: float | None) -> str:
    return "the balance" if value is None else f"{value:,.2f}"


def generated_closing(scenario: Scenario, ending: Node, call_date: _dt.date) -> ClosingExchange:
    """The closing exchange generated from an ending's commitment."""
    end = ending.ending
    if ending.id == scenario.hang_up_to or end is None:
        return ClosingExchange("Hello? ... The line has gone dead: the client hung up.", "")
    kind, by = end.commitment, _day(call_date, end.days)
    amount = end.amount if end.amount is not None or kind is not Commitment.FULL else scenario.account.total_due
    if kind is Commitment.FULL:
        line = f"To confirm: {_money(amount)} {by}. I'll email you a confirmation today."
    elif kind is Commitment.PLAN:
        first = end.instalments[0].amount if end.instalments else None
        start = f"the first payment of {_money(first)} {by}" if first is not None else \
            f"starting {_day(call_date, end.days, 'on')}"
        line = f"To confirm: a payment plan for {_money(amount)}, {start}. I'll email you the schedule today."
    elif kind is Commitment.PARTIAL:
        line = (f"To confirm: {_money(amount)} {by}, and we'll agree the rest then. I'll email you a confirmation "
                "today.")
    elif kind is Commitment.CALLBACK:
        at = f" at {end.callback_time}" if end.callback_time else ""
        line = f"To confirm: I'll call you back {_day(call_date, end.days, 'on')}{at}. I'll put it in my calendar now."
    else:
        line = "Thank you for your time. I'll follow up in writing today, so you have the details."
        return ClosingExchange(f"{line} Goodbye.", "Goodbye.")
    return ClosingExchange(f"{line} Thank you, goodbye.", "Thanks. Goodbye." if kind is not Commitment.CALLBACK
                           else "Talk then. Goodbye.")


def closing_exchange(scenario: Scenario, ending: Node, call_date: _dt.date | None = None) -> ClosingExchange:
    """The ending's closing exchange: its authored lines, each missing one generated."""
    made = generated_closing(scenario, ending, call_date or scenario.account.call_date())
    authored = ending.ending.closing if ending.ending is not None else None
    if authored is None:
        return made
    return ClosingExchange(authored.caller or made.caller, authored.client or made.client)
