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
