"""Inline SVG charts for the HTML report, drawn here in Python: no JavaScript, nothing fetched."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from html import escape

from game.reports.fmt import bin_label
from game.reports.model import Attempt, Histogram

PASS_COLOR = "#1b998b"
FAIL_COLOR = "#e4572e"
MIXED_COLOR = "#f3a712"
MUTED = "#8a94a6"
GRID = "#e3e7ee"
INK = "#2b3445"
#: A trainee with more attempts than this is drawn as the mean of each of PERIODS periods.
MAX_DOTS = 80
PERIODS = 60


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(label)}" class="chart">' + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 10, fill: str = MUTED,
          weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" '
            f'font-weight="{weight}">{escape(text)}</text>')


def histogram(hist: Histogram, pass_mark: int, title: str) -> str:
    """Completed calls per score band as bars; bands below the pass mark in the warning colour, the
    pass mark as a dashed line and the mean as a marker under the axis."""
    width, height = 220, 162
    x0, x1, top, bottom = 26, 212, 20, 122
    peak = max(hist.bins) or 1
    step = (x1 - x0) / len(hist.bins)
    body = [f'<line x1="{x0}" y1="{bottom}" x2="{x1}" y2="{bottom}" stroke="{INK}" stroke-width="1"/>',
            f'<line x1="{x0}" y1="{top}" x2="{x1}" y2="{top}" stroke="{GRID}"/>',
            _text(x0 - 5, top + 4, f"{peak:,}", "end"), _text(x0 - 5, bottom + 3, "0", "end")]
    for i, count in enumerate(hist.bins):
        h = (bottom - top) * count / peak
        low, high = i * 10, 100 if i == len(hist.bins) - 1 else i * 10 + 9
        color = PASS_COLOR if low >= pass_mark else FAIL_COLOR if high < pass_mark else MIXED_COLOR
        if count:
            body.append(f'<rect x="{x0 + i * step + 1.5:.1f}" y="{bottom - h:.1f}" width="{step - 3:.1f}" '
                        f'height="{h:.1f}" rx="2" fill="{color}">'
                        f'<title>{escape(bin_label(i))}: {count:,} call{"s" * (count != 1)}</title></rect>')
    for value, anchor in ((0, "start"), (50, "middle"), (100, "end")):
        body.append(_text(x0 + (x1 - x0) * value / 100 + {"start": -2, "middle": 0, "end": 2}[anchor], bottom + 13,
                          str(value), anchor))
    px = x0 + (x1 - x0) * pass_mark / 100
    anchor = "end" if pass_mark > 70 else "start"
    body += [f'<line x1="{px:.1f}" y1="{top - 8}" x2="{px:.1f}" y2="{bottom}" stroke="{INK}" '
             f'stroke-dasharray="3 3" stroke-width="1"/>',
             _text(px + (-4 if anchor == "end" else 4), top - 9, f"pass {pass_mark}", anchor, fill=INK)]
    if hist.mean is not None:
        mx = x0 + (x1 - x0) * hist.mean / 100
        body += [f'<path d="M{mx:.1f} {bottom + 17} l-4.5 7 h9 z" fill="{INK}"/>',
                 _text(mx, bottom + 35, f"mean {hist.mean:.0f}", size=10, fill=INK, weight="600")]
    return _svg(width, height, body, f"{title}: distribution of {hist.count} scores")


def _when(stamp: str) -> float:
    try:
        return _dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


@dataclass(frozen=True, slots=True)
class Dot:
    at: float
    score: float
    passed: bool
    label: str


def dots(attempts: list[Attempt], start: float, end: float, pass_mark: int) -> list[Dot]:
    """One dot per attempt, or per period (the mean of its attempts) for a trainee with many."""
    if len(attempts) <= MAX_DOTS:
        return [Dot(_when(a.at), a.overall, a.passed, f"{a.at[:10]} {a.scenario_id}: {a.overall}"
                    + (" (passed)" if a.passed else " (not passed)")) for a in attempts]
    span = max(end - start, 1.0)
    buckets: dict[int, list[Attempt]] = {}
    for a in attempts:
        buckets.setdefault(min(PERIODS - 1, int((_when(a.at) - start) / span * PERIODS)), []).append(a)
    out = []
    for _, group in sorted(buckets.items()):
        mean = sum(a.overall for a in group) / len(group)
        at = sum(_when(a.at) for a in group) / len(group)
        out.append(Dot(at, mean, mean >= pass_mark, f"{group[0].at[:10]} to {group[-1].at[:10]}: mean {mean:.0f} "
                       f"over {len(group)} calls"))
    return out


def progress(name: str, attempts: list[Attempt], start: float, end: float, pass_mark: int) -> str:
    """One trainee's overall score per attempt over time, on an axis shared by every trainee."""
    width, height = 300, 142
    x0, x1, top, bottom = 28, 290, 10, 108
    span = max(end - start, 1.0)

    def x(at: float) -> float:
        return x0 + (x1 - x0) * (at - start) / span

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / 100

    body = []
    for value in (0, 50, 100):
        body += [f'<line x1="{x0}" y1="{y(value):.1f}" x2="{x1}" y2="{y(value):.1f}" stroke="{GRID}"/>',
                 _text(x0 - 4, y(value) + 3, str(value), "end")]
    body += [f'<line x1="{x0}" y1="{y(pass_mark):.1f}" x2="{x1}" y2="{y(pass_mark):.1f}" stroke="{PASS_COLOR}" '
             f'stroke-dasharray="4 3" stroke-width="1"/>']
    first, last = _dt.datetime.fromtimestamp(start, _dt.timezone.utc), _dt.datetime.fromtimestamp(end, _dt.timezone.utc)
    body += [_text(x0, bottom + 16, first.strftime("%d %b"), "start"),
             _text(x1, bottom + 16, last.strftime("%d %b"), "end")]
    points = dots(attempts, start, end, pass_mark)
    if len(points) > 1:
        path = " ".join(f"{x(d.at):.1f},{y(d.score):.1f}" for d in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{MUTED}" stroke-width="1.3" '
                    f'stroke-linejoin="round" opacity="0.7"/>')
    radius = 3.6 if len(points) <= 30 else 2.4
    for d in points:
        body.append(f'<circle cx="{x(d.at):.1f}" cy="{y(d.score):.1f}" r="{radius}" '
                    f'fill="{PASS_COLOR if d.passed else FAIL_COLOR}" stroke="#fff" stroke-width="1">'
                    f'<title>{escape(d.label)}</title></circle>')
    return _svg(width, height, body, f"{name}: overall score per call over time")


def time_span(attempts: tuple[Attempt, ...]) -> tuple[float, float]:
    """The first and last moments of the attempts (a one-day window when they are all at once)."""
    moments = [_when(a.at) for a in attempts if a.at]
    if not moments:
        return 0.0, 86400.0
    start, end = min(moments), max(moments)
    if end - start < 86400:
        mid = (start + end) / 2
        start, end = mid - 43200, mid + 43200
    return start, end
