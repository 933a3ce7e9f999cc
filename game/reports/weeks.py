"""Campaign weeks in the trainer report: one row per week of the trainees and dates in the report's filter
(`--trainee`, `--group`, `--since`/`--until`, on the day the week started; a `--program` does not narrow
weeks, which belong to no program), read from `campaign_weeks` and their stored end-of-week reports.

Every call of a week is also an ordinary call (records schema 9), so it counts in the report's call
sections too; those calls are marked as played in a week there (`week` in the table and the HTML,
`campaign_week` in JSON and the CSV rows).

The same rows feed the table, the HTML section, the JSON `weeks` list and `--rows weeks`.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from game.content.model import DIMENSIONS
from game.records.store import RecordStore
from game.reports.model import Report, WeekSummary

WEEK_COLUMNS = ("week_id", "trainee", "campaign", "seed", "status", "started", "ended", "days", "calls",
                "calls_passed", "cash_collected", "start_balance", "promises_kept", "promises_broken", "dso_before",
                "dso_after", "prioritisation", "follow_up", "documentation", *DIMENSIONS, "week_score", "completed")
WEEK_NOTE = ("Cash: collected in the week; kept/broken: promises; DSO: days sales outstanding before → after; "
             "Pri, Fol, Doc: prioritisation, follow-up discipline and documentation (0-100); Week: the week's own "
             "score (mean of its checks). An unfinished week has no report yet.")


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def week_summaries(store: RecordStore, where: str, params: tuple) -> tuple[WeekSummary, ...]:
    """The weeks matching `where` (a `gather.Filter` clause on `c`, here `campaign_weeks c`), oldest first."""
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "campaign_weeks" not in tables:
        return ()
    counted = {r[0]: r[1] for r in store.query("SELECT week_id, COUNT(*) FROM campaign_calls GROUP BY week_id")}
    rows = store.query(
        "SELECT c.id, t.name, c.campaign_id, c.seed, c.status, c.started_at, c.ended_at, c.state, c.report "
        f"FROM campaign_weeks c JOIN trainees t ON t.id = c.trainee_id{where} ORDER BY c.started_at, c.id", params)
    out = []
    for week_id, name, campaign_id, seed, status, started, ended, state_text, report_text in rows:
        state = _loads(state_text)
        report = _loads(report_text) if status == "completed" else {}
        days = len(report["day_scores"]) if isinstance(report.get("day_scores"), list) else \
            max(0, (_int(state.get("day")) or 1) - 1)
        calls = _int(report.get("calls_made"))
        if calls is None:
            calls = len(state["calls"]) if isinstance(state.get("calls"), list) else counted.get(week_id, 0)
        dims = report.get("dimensions")
        out.append(WeekSummary(
            week_id, name, campaign_id, _int(seed), status or "in_progress", started or "", ended or "", days, calls,
            _int(report.get("calls_passed")), _num(report.get("cash_collected")), _num(report.get("start_balance")),
            _int(report.get("promises_kept")), _int(report.get("promises_broken")), _num(report.get("dso_before")),
            _num(report.get("dso_after")), _int(report.get("prioritisation")),
            _int(report.get("follow_up_discipline")), _int(report.get("documentation")),
            {d: _int(dims.get(d)) for d in DIMENSIONS} if isinstance(dims, dict) else None,
            _int(report.get("score"))))
    return tuple(out)


def _loads(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def week_data(w: WeekSummary) -> dict[str, Any]:
    """One week as JSON-ready data (the report's `weeks` list)."""
    return {"week_id": w.week_id, "trainee": w.trainee, "campaign": w.campaign_id, "seed": w.seed,
            "status": w.status, "completed": w.completed, "started": w.started_at or None,
            "ended": w.ended_at or None, "days": w.days, "calls": w.calls, "calls_passed": w.calls_passed,
            "cash_collected": w.cash_collected, "start_balance": w.start_balance, "promises_kept": w.promises_kept,
            "promises_broken": w.promises_broken, "dso_before": w.dso_before, "dso_after": w.dso_after,
            "prioritisation": w.prioritisation, "follow_up": w.follow_up, "documentation": w.documentation,
            "dimensions": w.dimensions, "week_score": w.score}


def week_rows(report: Report):
    """One dict per week (`--rows weeks`), columns WEEK_COLUMNS."""
    for w in report.weeks:
        data = week_data(w)
        dims = w.dimensions or {}
        row = {k: ("" if data.get(k) is None else data[k]) for k in WEEK_COLUMNS if k in data}
        row.update({"campaign": w.campaign_id, "started": w.started_at, "ended": w.ended_at,
                    "completed": int(w.completed), **{d: "" if dims.get(d) is None else dims[d] for d in DIMENSIONS}})
        yield row


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _dso(w: WeekSummary) -> str:
    return "" if w.dso_before is None or w.dso_after is None else f"{w.dso_before:.1f}→{w.dso_after:.1f}"


def _promises(w: WeekSummary) -> str:
    return "" if w.promises_kept is None else f"{w.promises_kept}/{w.promises_broken}"


def _score(value: int | None) -> str:
    return "" if value is None else str(value)


def _dims(w: WeekSummary) -> str:
    if not w.dimensions:
        return "no report yet (unfinished week)"
    return ", ".join(f"{d} {_score(w.dimensions.get(d))}" for d in DIMENSIONS)


def table_lines(report: Report) -> list[str]:
    """The weeks section of the text table ([] when there are none)."""
    from game.reports.table import Col, _heading, _line, grid

    if not report.weeks:
        return []
    cols = [Col("Trainee", 14), Col("Campaign", 13), Col("Seed", 6, True), Col("Days", 4, True),
            Col("Cash", 11, True), Col("Kp/Br", 5, True), Col("DSO", 11, True), Col("Pri", 3, True),
            Col("Fol", 3, True), Col("Doc", 3, True), Col("Week", 4, True), Col("Status", 11)]
    done = sum(w.completed for w in report.weeks)
    lines = _heading("Campaign weeks", f"{len(report.weeks):,} weeks, {done:,} completed") + grid(cols, [])
    for w in report.weeks:
        lines.append(_line([w.trainee, w.campaign_id, _score(w.seed), str(w.days), _money(w.cash_collected),
                            _promises(w), _dso(w), _score(w.prioritisation), _score(w.follow_up),
                            _score(w.documentation), _score(w.score), "completed" if w.completed else "in progress"],
                           cols))
        lines.append(f"    {w.calls} calls" + (f", {w.calls_passed} passed" if w.calls_passed is not None else "")
                     + f"; {_dims(w)}")
    import textwrap
    return lines + textwrap.wrap(WEEK_NOTE + " Each week's calls are in the call sections too, marked 'week'.", 100)


def html_section(report: Report) -> str:
    """The weeks section of the HTML report ("" when there are none)."""
    if not report.weeks:
        return ""
    heads = ["Trainee", "Campaign", "Seed", "Status", "Days", "Calls", "Cash collected", "Kept / broken",
             "DSO before → after", "Prioritisation", "Follow-up", "Documentation",
             *[d.capitalize() for d in DIMENSIONS],
             "Week score"]
    body = []
    for w in report.weeks:
        dims = w.dimensions or {}
        cells = [f"<strong>{escape(w.trainee)}</strong>", escape(w.campaign_id), _score(w.seed),
                 "completed" if w.completed else "in progress", str(w.days),
                 str(w.calls) + (f" ({w.calls_passed} passed)" if w.calls_passed is not None else ""),
                 _money(w.cash_collected), _promises(w), escape(_dso(w)), _score(w.prioritisation),
                 _score(w.follow_up), _score(w.documentation), *[_score(dims.get(d)) for d in DIMENSIONS],
                 _score(w.score)]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return ('<section><h2>Campaign weeks</h2><p class="lead">' + escape(WEEK_NOTE) + " Each week's calls are "
            "listed with the other calls too, marked <em>week</em>.</p><table><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr></thead><tbody>" + "".join(body)
            + "</tbody></table></section>")
