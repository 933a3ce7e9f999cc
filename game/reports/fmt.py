"""Small formatting helpers shared by the report renderers."""

from __future__ import annotations

from game.reports.model import BIN_COUNT, Report, Scope


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis when longer."""
    flat = " ".join(text.split())
    if width <= 0:
        return ""
    return flat if len(flat) <= width else flat[:width - 1].rstrip() + "…"


def day(stamp: str) -> str:
    """The date part of a stored ISO timestamp (`2026-03-02T09:00:00Z` -> `2026-03-02`)."""
    return stamp[:10]


def percent(part: int | float, whole: int | float) -> str:
    """`part` of `whole` as a whole percentage, or an empty string when `whole` is zero."""
    return f"{part / whole:.0%}" if whole else ""


def score(value: int | None) -> str:
    return "" if value is None else str(value)


def fraction(part: int, whole: int | None) -> str:
    """`3/5`, or just `3` when the total is unknown."""
    return f"{part}/{whole}" if whole else str(part)


def bin_label(index: int) -> str:
    """The label of histogram bin `index` (`0-9` ... `90-100`)."""
    low = index * 10
    return f"{low}-100" if index == BIN_COUNT - 1 else f"{low}-{low + 9}"


def scope_line(scope: Scope) -> str:
    """What the report covers, in one sentence."""
    who = f"trainee {scope.trainee}" if scope.trainee else "all trainees"
    what = f"program '{scope.program}'" + (f" ({scope.program_title})" if scope.program_title else "") \
        if scope.program else "all calls"
    count = len(scope.scenario_ids)
    scenarios = f"{count} scenario{'s' * (count != 1)}"
    against = f"its {scenarios}" if scope.program and scope.source.startswith("program") else \
        f"{scope.source} ({scenarios})"
    return f"{who}, {what}; completion counted against {against}"


def totals_line(report: Report) -> str:
    t = report.totals
    rate = f" ({percent(t.passed, t.completed)} of completed)" if t.completed else ""
    span = f"; {day(t.first_at)} to {day(t.last_at)}" if t.first_at else ""
    return (f"{t.calls:,} calls by {t.trainees:,} trainee{'s' * (t.trainees != 1)}: {t.completed:,} completed, "
            f"{t.passed:,} passed{rate}{span}")


def flags_text(flags: tuple[str, ...]) -> str:
    return " ".join(flags)


def program_line(scope: Scope) -> str:
    """Which program the report covers and how it was chosen, in one sentence."""
    if scope.program is None:
        return "Program: none (every recorded call, counted against the whole scenario library)"
    title = f" ({scope.program_title})" if scope.program_title else ""
    how = ("default: the program the records hold calls for; --program P for another, --all-scenarios for the "
           "whole library") if scope.default else "chosen with --program; --all-scenarios for the whole library"
    return f"Program: {scope.program}{title} ({how})"


def filters_line(scope: Scope) -> str:
    """The trainee, group and date filters in force, or "" when there are none."""
    parts = []
    if scope.group:
        parts.append(f"group {scope.group}")
    if scope.trainees:
        parts.append(f"trainee{'s' * (len(scope.trainees) != 1)} {', '.join(scope.trainees)}")
    if scope.since or scope.until:
        parts.append(f"calls started {scope.since or '…'} to {scope.until or '…'}")
    return ("Filters: " + "; ".join(parts)) if parts else ""


def best_share_text(counts: tuple[int, int] | None) -> str:
    """`best reply: 3 of 5 trainees (60%)`, or "" when nobody decided there (with a stored flag)."""
    if not counts or not counts[1]:
        return ""
    chose, who = counts
    return f"best reply chosen by {chose} of {who} trainee{'s' * (who != 1)} ({chose / who:.0%})"
