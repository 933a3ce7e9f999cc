"""The terminal's wrap-up step: document the call (disposition, amount, date, follow-up)."""

from __future__ import annotations

import datetime as _dt

from game.engine.wrapup import Disposition, WrapUp, parse_amount, parse_date
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


def ask_wrapup(term: Terminal, call_date: _dt.date) -> WrapUp:
    """Ask the trainee to document the call; returns what they wrote."""
    options = list(Disposition)
    term.say(f"WRAP-UP — document the call (call date {call_date.isoformat()})")
    for number, disposition in enumerate(options, 1):
        term.say(f"  {number}. {disposition.label}")

    def pick(text: str) -> Disposition:
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1]
        raise ValueError(f"Please type a number from 1 to {len(options)}.")

    disposition = _ask_until(term, f"What was agreed? (1-{len(options)}): ", pick)
    amount = _ask_until(term, "Amount agreed (the total, e.g. 1860.00): ", parse_amount) \
        if disposition.needs_amount else None
    date = _ask_until(term, "Date agreed (payment, first instalment or callback; YYYY-MM-DD): ", parse_date) \
        if disposition.needs_date else None
    follow_up = _ask_until(term, "Follow-up date for your diary (YYYY-MM-DD, Enter for none): ", parse_date,
                           allow_empty=True)
    return WrapUp(disposition, amount, date, follow_up)
