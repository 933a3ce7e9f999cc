"""The terminal's wrap-up step: document the call (disposition, amount, date, follow-up)."""

from __future__ import annotations

import datetime as _dt

from game.content.model import Scenario
from game.engine.wrapup import (Disposition, Payment, WrapUp, amount_example, parse_amount, parse_date,
                                parse_time)
from game.ui.text.terminal_io import Terminal


def _ask_until(term: Terminal, prompt: str, parse, allow_empty: bool = False):
    while True:
        answer = term.ask(prompt)
        if not answer and allow_empty:
            return None
        try:
            return parse(answer)
        except ValueError as exc:
            term.say(f"  {exc}")


MAX_INSTALMENTS = 12


def _ask_instalments(term: Terminal, example: str) -> tuple[Payment, ...]:
    """Each instalment of a plan, amount then date, until an empty amount (at least one)."""
    out: list[Payment] = []
    while len(out) < MAX_INSTALMENTS:
        number = len(out) + 1
        amount = _ask_until(term, f"Instalment {number} amount (e.g. {example}; Enter when done): ",
                            lambda t: parse_amount(t, example), allow_empty=bool(out))
        if amount is None:
            break
        date = _ask_until(term, f"Instalment {number} date (YYYY-MM-DD): ", parse_date)
        out.append(Payment(amount, date))
    return tuple(out)


def ask_wrapup(term: Terminal, call_date: _dt.date, scenario: Scenario | None = None) -> WrapUp:
    """Ask the trainee to document the call; returns what they wrote. Amount examples come from the
    account on screen."""
    example = amount_example(scenario)
    options = list(Disposition)
    term.say(f"WRAP-UP — document the call (call date {call_date.isoformat()})")
    for number, disposition in enumerate(options, 1):
        term.say(f"  {number}. {disposition.label}")

    def pick(text: str) -> Disposition:
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        raise ValueError(f"Please type a number from 1 to {len(options)}.")

    disposition = _ask_until(term, f"What was agreed? (1-{len(options)}): ", pick)
    amount = _ask_until(term, f"Amount agreed (e.g. {example}): ", lambda t: parse_amount(t, example)) \
        if disposition.needs_amount else None
    instalments = _ask_instalments(term, example) if disposition.needs_instalments else ()
    date = _ask_until(term, "Date agreed (payment or callback; YYYY-MM-DD): ", parse_date) \
        if disposition.needs_date else None
    time = _ask_until(term, "Callback time (HH:MM): ", parse_time) if disposition.needs_time else None
    reason = ""
    while disposition.needs_reason and not reason:
        reason = " ".join(term.ask("What is disputed, and why: ").split())
    follow_up = _ask_until(term, "Follow-up date for your diary (YYYY-MM-DD, Enter for none): ", parse_date,
                           allow_empty=True)
    return WrapUp(disposition, amount, date, follow_up, instalments, reason, time)
