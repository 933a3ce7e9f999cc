"""The report as plain text for a 100-column terminal."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from game.reports.calllog import log_text
from game.reports.fmt import (best_share_text, bin_label, day, filters_line, flags_text, fraction, percent,
                              program_line, scope_line, score, shorten, totals_line)
from game.reports.model import (BIN_COUNT, CHOICE_FLAGS_HELP, CRITICAL_DEFINITION, MARK_COLUMNS, MARK_LABELS,
                                MISS_DEFINITION, SCORE_KEYS, SCORE_LABELS, TRAP_SHARE, VERDICT_DEFINITION, Report,
                                ScenarioChoices, StepStatus, weak_spots)

WIDTH = 100


def week_lines(report: Report) -> list[str]:
    """The campaign weeks (game/reports/weeks.py)."""
    from game.reports.weeks import table_lines
    return table_lines(report)

TOP_RULES = 15


@dataclass(frozen=True, slots=True)
class Col:
    header: str
    width: int
    right: bool = False


def _line(cells: list[str], cols: list[Col]) -> str:
    out = []
    for text, col in zip(cells, cols):
        text = shorten(text, col.width)
        out.append(text.rjust(col.width) if col.right else text.ljust(col.width))
    return " ".join(out).rstrip()


def grid(cols: list[Col], rows: list[list[str]], groups: list[tuple[str, int, int]] = ()) -> list[str]:
    """Aligned rows under a header; `groups` adds a line of labels spanning columns first..last."""
    lines = []
    if groups:
        starts, pos = [], 0
        for col in cols:
            starts.append(pos)
            pos += col.width + 1
        line = ""
        for label, first, last in groups:
            span = starts[last] + cols[last].width - starts[first]
            line = line.ljust(starts[first]) + label.center(span)
        lines.append(line.rstrip())
    lines.append(_line([c.header for c in cols], cols))
    lines.append(_line(["-" * c.width for c in cols], cols))
    lines.extend(_line(row, cols) for row in rows)
    return lines


def _heading(title: str, detail: str = "") -> list[str]:
    text = title.upper() + (f" ({detail})" if detail else "")
    return ["", text, "=" * min(WIDTH, len(text))]


def _scores(values: dict[str, int] | None) -> list[str]:
    return [score(values[k]) if values else "" for k in SCORE_KEYS]


def _score_cols() -> list[Col]:
    return [Col(SCORE_LABELS[k], 3, True) for k in SCORE_KEYS]


def render_table(report: Report) -> str:
    """The whole report as text, at most WIDTH columns wide."""
    lines = ["AR Dojo — trainer report"]
    filters = filters_line(report.scope)
    for text in (program_line(report.scope) + ".", *([filters + "."] if filters else []),
                 f"Generated {report.generated_at} from {report.database}", f"Covers {scope_line(report.scope)}.",
                 totals_line(report) + ".", *(f"Note: {n}." for n in report.notes)):
        lines += textwrap.wrap(text, WIDTH, subsequent_indent="  ", break_on_hyphens=False)
    lines += _trainees(report) + _by_scenario(report) + _scenarios(report) + _program(report) + _standing(report)
    lines += _distribution(report) + _critical(report) + _calls(report) + week_lines(report) + _rules(report)
    lines += _weak_spots(report)
    lines += _choices(report)
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _trainees(report: Report) -> list[str]:
    cols = [Col("Trainee", 18), Col("Calls", 5, True), Col("Done", 5, True), Col("Tried", 6, True),
            Col("Passed", 6, True), *_score_cols(), Col("", 1), *_score_cols(), Col("Last call", 10)]
    rows = [[t.name, f"{t.attempts:,}", f"{t.completed:,}", fraction(t.attempted, t.total),
             fraction(t.passed, t.total), *_scores(t.best), "", *_scores(t.latest), day(t.last_at)]
            for t in report.trainees]
    n = len(SCORE_KEYS)
    return _heading("Trainees") + grid(cols, rows, [("scenarios", 3, 4), ("best", 5, 4 + n),
                                                     ("latest", 6 + n, 5 + 2 * n)]) + [
        "Tried/Passed: scenarios in scope with at least one call / one passed call. Best: the highest score",
        "per column over all completed calls; Latest: the most recent completed call."]


def _standing(report: Report) -> list[str]:
    """Per trainee: group, unfinished and abandoned calls, program status, next suggested, stuck."""
    cols = [Col("Trainee", 18), Col("Group", 10), Col("Unfin", 5, True), Col("Aband", 5, True),
            Col("Program", 11), Col("Next suggested", 22), Col("Stuck", 22)]
    rows = [[t.name, t.group or "", str(t.unfinished), str(t.abandoned), t.program_status or "",
             t.next_suggested or "", "STUCK" if t.stuck else ""] for t in report.trainees]
    lines = _heading("Standing", "unfinished and abandoned calls, who is stuck") + grid(cols, rows)
    for t in report.trainees:
        if t.stuck:
            lines += textwrap.wrap(f"STUCK {t.name}: {t.stuck}.", WIDTH, subsequent_indent="  ")
    return lines + textwrap.wrap(
        "Unfin: calls still in progress; Aband: calls marked abandoned. Next suggested: the next scenario of the "
        "program not yet passed. Stuck: out of attempts on a scenario, or nothing passed for the program's "
        "stuck_after_days (default 7).", WIDTH)


def _scenarios(report: Report) -> list[str]:
    """Per scenario: calls, completed, passed, unfinished, abandoned, trainees."""
    if not report.scenarios:
        return []
    cols = [Col("Scenario", 30), Col("Calls", 6, True), Col("Done", 6, True), Col("Passed", 6, True),
            Col("Unfin", 6, True), Col("Aband", 6, True), Col("Trainees", 8, True)]
    rows = [[s.scenario_id, f"{s.calls:,}", f"{s.completed:,}", f"{s.passed:,}", f"{s.unfinished:,}",
             f"{s.abandoned:,}", f"{s.trainees:,}"] for s in report.scenarios]
    return _heading("Scenarios", "calls per scenario, unfinished and abandoned") + grid(cols, rows)


def _calls(report: Report) -> list[str]:
    """The latest completed calls with their verdicts, each with its call log on the line below."""
    if not report.calls:
        return []
    cols = [Col("Ended", 16), Col("Trainee", 18), Col("Scenario", 26), Col("All", 3, True), Col("Verdict", 10),
            Col("Marks", 20)]
    more = f"latest {len(report.calls):,} of {report.calls_total:,}" if len(report.calls) < report.calls_total else \
        f"{len(report.calls):,}"
    lines = _heading("Calls and their call logs", f"{more} completed calls, newest first") + grid(cols, [])
    for c in reversed(report.calls):
        lines.append(_line([c.ended_at[:16].replace("T", " "), c.trainee, c.scenario_id, score(c.overall),
                            "passed" if c.passed else "not passed", c.marks or "-"], cols))
        lead = "    week · log: " if c.campaign_week_id else "    log: "  # played in a campaign week
        lines.append(lead + shorten(log_text(c.log), WIDTH - len(lead)))
    return lines + textwrap.wrap("log: the call log as written (disposition, amount, date, time or instalments); "
                                 "log N: its review score. week: a call played in a campaign week.", WIDTH)


def _by_scenario(report: Report) -> list[str]:
    cols = [Col("Trainee", 14), Col("Scenario", 22), Col("Calls", 5, True), Col("Done", 4, True),
            Col("Pass", 4, True), *_score_cols(), Col("", 1), *_score_cols(), Col("", 4)]
    rows = []
    for t in report.trainees:
        for i, p in enumerate(t.scenarios):
            mark = "" if p.latest_passed is None else ("pass" if p.latest_passed else "fail")
            name = p.scenario_id if p.in_scope else f"({p.scenario_id})"
            rows.append([t.name if i == 0 else "", name, str(p.attempts), str(p.completed), str(p.passes),
                         *_scores(p.best), "", *_scores(p.latest), mark])
    n = len(SCORE_KEYS)
    return _heading("Progress by scenario") + grid(cols, rows, [("best", 5, 4 + n), ("latest", 6 + n, 6 + 2 * n)]) + [
        "Pass: completed calls that passed. (Scenario in brackets: not in scope.)"] + \
        textwrap.wrap(VERDICT_DEFINITION, WIDTH)


def step_cell(step: StepStatus) -> str:
    """`passed 1/3 88`: grading status, attempts used of allowed, best counted overall score."""
    if step.status == "locked":
        return "locked"
    return f"{step.status} {step.used}/{step.allowed}" + ("" if step.best is None else f" {step.best}")


def _program(report: Report) -> list[str]:
    scope = report.scope
    if not scope.thresholds:
        return []
    cols = [Col("Scenario", 26), Col("Attempts", 8, True), *[Col(MARK_LABELS[k], 4, True) for k in MARK_COLUMNS]]
    rows = [[sid, str(scope.attempts_allowed.get(sid, "")),
             *[str(scope.thresholds[sid].get(k, "")) for k in MARK_COLUMNS]] for sid in scope.scenario_ids]
    lines = _heading(f"Program {scope.program}", scope.program_title or "") + \
        ["Scenarios in order, attempts that count and pass marks (Log: the call log's mark):"] + grid(cols, rows)
    if report.program_rows:
        n = len(scope.scenario_ids)
        width = max(12, min(24, (WIDTH - 16 - 12 - n - 1) // max(n, 1)))
        cols = [Col("Trainee", 16), *[Col(sid, width) for sid in scope.scenario_ids], Col("Program", 11)]
        rows = [[r.trainee, *[step_cell(s) for s in r.steps], r.status] for r in report.program_rows]
        lines += [""] + grid(cols, rows) + textwrap.wrap(
            "Each cell: status by the program's grading (each counted call's stored verdict), counted attempts "
            "used/allowed, best counted overall score. Passed (in the tables above) follows this grading.", WIDTH)
    return lines


def _distribution(report: Report) -> list[str]:
    cols = [Col("Score", 15)] + [Col(bin_label(i), 6, True) for i in range(BIN_COUNT)] + [Col("Mean", 6, True)]
    rows = [[h.key, *[f"{n:,}" for n in h.bins], "" if h.mean is None else f"{h.mean:.1f}"]
            for h in report.histograms]
    return _heading("Score distribution", "completed calls per score band") + grid(cols, rows)


def _critical(report: Report) -> list[str]:
    """Critical errors per rule: how many, in how many calls, by how many trainees."""
    lines = _heading("Critical errors", f"{report.critical_errors:,} in {report.critical_calls:,} of "
                                        f"{report.totals.completed:,} completed calls")
    if not report.critical:
        return lines + ["No critical errors."] + textwrap.wrap(CRITICAL_DEFINITION, WIDTH)
    trainees = report.totals.trainees
    cols = [Col("Rule", 28), Col("Errors", 6, True), Col("Calls", 6, True), Col("Trainees", 10, True),
            Col("Title", 45)]
    rows = [[t.rule_id, f"{t.errors:,}", f"{t.calls:,}", f"{t.trainees} {percent(t.trainees, trainees)}".rstrip(),
             t.title] for t in report.critical]
    return lines + grid(cols, rows) + [""] + textwrap.wrap(CRITICAL_DEFINITION, WIDTH)


def _rules(report: Report) -> list[str]:
    lines = _heading("Rules most often missed", f"{report.misses:,} misses in {report.decisions:,} decisions")
    if not report.rules:
        return lines + ["No misses."] + textwrap.wrap(MISS_DEFINITION, WIDTH)
    trainees = report.totals.trainees
    cols = [Col("Rule", 28), Col("Kind", 4), Col("Misses", 6, True), Col("Broken", 6, True),
            Col("Skipped", 7, True), Col("Trainees", 10, True), Col("Title", 31)]
    rows = [[r.rule_id, r.kind, f"{r.misses:,}", f"{r.broken:,}", f"{r.skipped:,}",
             f"{r.trainees} {percent(r.trainees, trainees)}".rstrip(), r.title] for r in report.rules[:TOP_RULES]]
    more = len(report.rules) - TOP_RULES
    return lines + grid(cols, rows) + ([f"... and {more} more rules"] if more > 0 else []) + [""] + \
        textwrap.wrap(MISS_DEFINITION, WIDTH)


def _weak_spots(report: Report) -> list[str]:
    traps, hidden = weak_spots(report.choices)
    if not traps and not hidden:
        return []
    lines = _heading("Weak spots")
    if traps:
        lines.append(f"Traps: misses picked in {TRAP_SHARE:.0%} or more of the visits, most picked first.")
        lines += ["  " + shorten(f"{w.scenario_id} / {w.node.node_id} #{w.option.index + 1}: {w.option.picks:,} of "
                                 f"{w.node.visits:,} ({w.share:.0%}) \"{w.option.text}\"", WIDTH - 2) for w in traps]
    if hidden:
        lines.append("Best replies nobody picked, at the most visited points first:")
        lines += ["  " + shorten(f"{w.scenario_id} / {w.node.node_id} #{w.option.index + 1} ({w.node.visits:,} "
                                 f"visit{'s' * (w.node.visits != 1)}): \"{w.option.text}\"", WIDTH - 2)
                  for w in hidden]
    return lines


def _choices(report: Report) -> list[str]:
    lines = _heading("Choices per scenario") + textwrap.wrap(
        "How often each option was picked when the call reached that point, and the share of trainees who chose "
        "the best reply there at least once (the grade's own top-reply flag). " + CHOICE_FLAGS_HELP, WIDTH)
    for sc in report.choices:
        lines += _scenario_choices(sc, report.best_reply.get(sc.scenario_id, {}))
    return lines


def _scenario_choices(sc: ScenarioChoices, shares: dict[str, tuple[int, int]] | None = None) -> list[str]:
    shares = shares or {}
    lines = ["", shorten(f"{sc.scenario_id}: {sc.title} ({sc.decisions:,} decisions)", WIDTH),
             "-" * min(WIDTH, len(sc.scenario_id) + 2 + len(sc.title))]
    traps = sc.traps
    lines += textwrap.wrap(
        f"Weak spots: {sc.never_picked} option{'s' * (sc.never_picked != 1)} never picked at reached points; "
        f"{len(traps)} trap{'s' * (len(traps) != 1)}"
        + (": " + ", ".join(f"{n.node_id} #{o.index + 1}" for n, o in traps) if traps else "") + ".", WIDTH)
    unreached = [n.node_id for n in sc.nodes if not n.visits]
    for node in sc.nodes:
        if not node.visits:
            continue
        head = f"{node.node_id} ({node.visits:,} visit{'s' * (node.visits != 1)})"
        lines.append(shorten(head + (f' "{node.client}"' if node.client else ""), WIDTH))
        share = best_share_text(shares.get(node.node_id))
        if share:
            lines.append(f"  {share}")
        for o in node.options:
            share = o.picks / node.visits
            bar = "#" * round(share * 10)
            lines.append(f"  {o.index + 1:>2} {shorten(o.text, 58):<58} {o.picks:>7,} {percent(o.picks, node.visits):>4}"
                         f" {bar:<10} {flags_text(o.flags)}".rstrip())
    if unreached:
        lines += textwrap.wrap("Not reached: " + ", ".join(unreached), WIDTH)
    if sc.older_decisions:
        lines.append(f"({sc.older_decisions:,} decisions from earlier versions of this scenario are not shown.)")
    return lines
