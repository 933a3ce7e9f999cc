"""The terminal's call-log prompts: each entry a disposition needs, re-asked with a clear message when
typed wrong (never a traceback), with examples from the account on screen."""

from __future__ import annotations

import datetime as _dt
import io

from game.content.library import default_scenarios_dir, load_library
from game.engine.wrapup import Disposition, Payment
from game.ui.text.terminal_io import Terminal
from game.ui.text.wrapup_prompt import ask_wrapup

SCENARIO = load_library([default_scenarios_dir()]).scenarios["sunrise-bakery"]
DAY = _dt.date(2026, 11, 23)


def ask(*answers: str) -> tuple[object, str, list[str]]:
    queue, prompts = list(answers), []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        if not queue:
            raise EOFError
        return queue.pop(0)

    out = io.StringIO()
    written = ask_wrapup(Terminal(out, read), DAY, SCENARIO)
    return written, out.getvalue(), prompts


def number(disposition: Disposition) -> str:
    return str(list(Disposition).index(disposition) + 1)


def test_a_plan_takes_each_instalment_and_rejects_bad_amounts_and_dates() -> None:
    written, out, prompts = ask(number(Disposition.PLAN), "", "abc", "2,000", "2026-13-01", "2026-11-27",
                                "3275.50", "2026-12-27", "", "2026-11-28")
    assert written.disposition is Disposition.PLAN
    assert written.instalments == (Payment(2000.0, _dt.date(2026, 11, 27)), Payment(3275.5, _dt.date(2026, 12, 27)))
    assert written.follow_up == _dt.date(2026, 11, 28)
    assert "Type an amount such as 5,275.50" in out          # the empty first amount and "abc"
    assert "Type a date as YYYY-MM-DD" in out
    assert any("e.g. 5,275.50" in p for p in prompts)


def test_a_callback_needs_its_time() -> None:
    written, out, _ = ask(number(Disposition.CALLBACK), "2026-11-25", "25:00", "9:30", "")
    assert (written.date, written.time, written.follow_up) == (_dt.date(2026, 11, 25), "09:30", None)
    assert "Type a time as HH:MM, e.g. 14:30" in out


def test_a_dispute_is_not_logged_without_its_reason() -> None:
    written, _, prompts = ask(number(Disposition.DISPUTE), "", "  ", "Says the October pallets arrived damaged",
                              "2026-11-26")
    assert written.reason == "Says the October pallets arrived damaged"
    assert sum(p.startswith("What is disputed") for p in prompts) == 3


def test_a_partial_payment_takes_an_amount_and_a_date() -> None:
    written, out, _ = ask("9", number(Disposition.PARTIAL), "-5", "1860",
                          "2026-11-27", "2026-11-28")
    assert "Please type a number from 1 to 6." in out
    assert "The amount must be more than zero" in out
    assert (written.disposition, written.amount, written.date) == (Disposition.PARTIAL, 1860.0, _dt.date(2026, 11, 27))
