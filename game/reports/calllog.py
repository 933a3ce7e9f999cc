"""The call log stored with a call (`calls.wrapup`, JSON), read for the reports: disposition, amount,
dates, instalments, time and the log's review score. A malformed log never breaks a report."""

from __future__ import annotations

import json

from game.reports.model import CallLog


def parse_log(text: object) -> CallLog | None:
    """The stored call log, or None when there is none or it cannot be read."""
    try:
        data = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(data, dict) or "disposition" not in data:
        return None

    def number(value: object) -> float | None:
        return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    def text_of(value: object) -> str | None:
        return str(value) if value not in (None, "") else None

    instalments = tuple((number(p[0]) or 0.0, str(p[1])) for p in data.get("instalments") or ()
                        if isinstance(p, (list, tuple)) and len(p) == 2)
    score = data.get("score")
    passed = data.get("passed")
    return CallLog(str(data.get("disposition")), number(data.get("amount")), text_of(data.get("date")),
                   text_of(data.get("follow_up")), instalments, text_of(data.get("time")),
                   str(data.get("reason") or ""), score if isinstance(score, int) else None,
                   passed if isinstance(passed, bool) else None)


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def instalments_text(log: CallLog) -> str:
    """`500.00 on 2026-03-06; 500.00 on 2026-03-20`."""
    return "; ".join(f"{money(a)} on {d}" for a, d in log.instalments)


def log_text(log: CallLog | None) -> str:
    """The log in one line: `promise to pay 1,250.00 on 2026-03-06 at 10:00 · log 100`."""
    if log is None:
        return "no call log"
    parts = [log.disposition.replace("_", " ")]
    if log.amount is not None:
        parts.append(money(log.amount))
    if log.date:
        parts.append(f"on {log.date}")
    if log.time:
        parts.append(f"at {log.time}")
    if log.instalments:
        parts.append(f"in {len(log.instalments)} instalments ({instalments_text(log)})")
    if log.follow_up:
        parts.append(f"follow up {log.follow_up}")
    text = " ".join(parts)
    return text + (f" · log {log.score}" if log.score is not None else "")
