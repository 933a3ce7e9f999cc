"""The report as ONE self-contained HTML page: inline CSS, inline SVG charts, no scripts, no links
to fetch. Meant to be opened in a browser and shown in a meeting, or printed."""

from __future__ import annotations

from html import escape

from game.reports import svg
from game.reports.calllog import log_text
from game.reports.fmt import best_share_text, day, filters_line, percent, program_line, scope_line, shorten
from game.reports.html_style import CSS
from game.reports.model import (CHOICE_FLAGS_HELP, CRITICAL_DEFINITION, MARK_COLUMNS, MARK_LABELS, MISS_DEFINITION,
                                SCORE_KEYS, SCORE_LABELS, TRAP_SHARE, VERDICT_DEFINITION, Attempt, CallVerdict,
                                Report, ScenarioChoices, StepStatus, TraineeSummary, WeakSpot, weak_spots)

#: Progress panels drawn at most (the trainees with most completed calls first).
MAX_PANELS = 36
TOP_RULES = 20


WEEK_PILL = ' <span class="pill">week</span>'  # a call played in a campaign week


def week_section(report: Report) -> str:
    """The campaign weeks (game/reports/weeks.py)."""
    from game.reports.weeks import html_section
    return html_section(report)

def _e(value: object) -> str:
    return escape(str(value))


def _score_cell(value: int | None, mark: int, first: bool = False) -> str:
    classes = ["sc"] + (["first"] if first else [])
    if value is not None:
        classes.append("top" if value >= 90 else "ok" if value >= mark else "mid" if value >= mark - 15 else "low")
    return f'<td class="{" ".join(classes)}">{"" if value is None else value}</td>'


def _scores(values: dict[str, int] | None, marks: dict[str, int]) -> str:
    return "".join(_score_cell(values[k] if values else None, marks[k], i == 0) for i, k in enumerate(SCORE_KEYS))


def _meter(share: float, kind: str = "") -> str:
    return f'<div class="meter {kind}"><span style="width:{max(0.0, min(1.0, share)) * 100:.1f}%"></span></div>'


def _share(share: float, kind: str, label: str) -> str:
    """A bar with its figure beside it."""
    return f'<div class="share">{_meter(share, kind)}<span class="small muted">{_e(label)}</span></div>'


def _pills(flags: tuple[str, ...]) -> str:
    return "".join(f'<span class="pill {_e(f)}">{_e(f)}</span>' for f in flags)


def render_html(report: Report) -> str:
    """The whole report as an HTML document."""
    parts = [_header(report), "<main>", _kpis(report), _notes(report), _distributions(report),
             _progress(report), _trainees(report), _standing(report), _by_scenario(report), _scenarios(report),
             _program(report), _critical(report),
             _calls(report), week_section(report), _rules(report), _weak_spots(report), _choices(report), "</main>",
             _footer()]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>AR Dojo trainer report</title><style>{CSS}</style></head><body>"
            + "\n".join(p for p in parts if p) + "</body></html>\n")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _header(report: Report) -> str:
    return (f'<header class="top"><div class="brand">AR Dojo</div><h1>Trainer report</h1>'
            f'<div class="scope"><strong>{_e(program_line(report.scope))}</strong></div>'
            + (f'<div class="scope">{_e(filters_line(report.scope))}</div>' if filters_line(report.scope) else "")
            + f'<div class="scope">{_e(_sentence(scope_line(report.scope)))}</div>'
            f'<div class="meta">Generated {_e(report.generated_at)} from {_e(report.database)}</div></header>')


def _kpi(value: str, label: str, sub: str = "") -> str:
    return (f'<div class="kpi"><div class="label">{_e(label)}</div><div class="value">{_e(value)}</div>'
            f'<div class="sub">{_e(sub)}</div></div>')


def _kpis(report: Report) -> str:
    t = report.totals
    mean = next((h.mean for h in report.histograms if h.key == "overall"), None)
    tried = sum(1 for tr in report.trainees for p in tr.scenarios if p.in_scope)
    return '<section class="kpis">' + "".join([
        _kpi(f"{t.trainees:,}", "Trainees", f"{tried:,} trainee-scenario pairs tried"),
        _kpi(f"{t.calls:,}", "Calls", f"{t.completed:,} completed"),
        _kpi(percent(t.passed, t.completed) or "–", "Pass rate", f"{t.passed:,} of {t.completed:,} completed calls"),
        _kpi("–" if mean is None else f"{mean:.0f}", "Mean overall", f"pass mark {report.pass_marks['overall']}"),
        _kpi(f"{len(report.scope.scenario_ids)}", "Scenarios in scope",
             report.scope.program_title or report.scope.source),
        _kpi(f"{report.critical_errors:,}", "Critical errors",
             f"in {report.critical_calls:,} of {t.completed:,} completed calls"),
        _kpi(percent(report.misses, report.decisions) or "–", "Decisions missed",
             f"{report.misses:,} of {report.decisions:,}"),
    ]) + "</section>"


def _notes(report: Report) -> str:
    if not report.notes:
        return ""
    return '<section class="notes">' + "".join(f"<p>{_e(n[0].upper() + n[1:])}.</p>" for n in report.notes) + "</section>"


def _distributions(report: Report) -> str:
    cards = []
    for h in report.histograms:
        title = h.key.capitalize() if h.key != "overall" else "Overall score"
        mean = "" if h.mean is None else f" · mean {h.mean:.1f}"
        cards.append(f'<div class="card"><h3>{_e(title)}</h3>{svg.histogram(h, report.pass_marks[h.key], title)}'
                     f'<div class="caption">{h.count:,} calls{mean}</div></div>')
    return ('<section><h2>Score distributions</h2><p class="lead">Completed calls per score band. Bands below '
            'the pass mark are orange-red, bands at or above it green; the triangle marks the mean.</p>'
            f'<div class="cards five">{"".join(cards)}</div></section>')


def _progress(report: Report) -> str:
    if not report.attempts:
        return ""
    by_trainee: dict[str, list[Attempt]] = {}
    for a in report.attempts:
        by_trainee.setdefault(a.trainee, []).append(a)
    start, end = svg.time_span(report.attempts)
    names = sorted(by_trainee, key=lambda n: (-len(by_trainee[n]), n.casefold()))[:MAX_PANELS]
    panels = []
    for name in sorted(names, key=str.casefold):
        items = by_trainee[name]
        best = max(a.overall for a in items)
        panels.append(f'<div class="card"><h3>{_e(name)}</h3><div class="caption">{len(items):,} completed '
                      f'call{"s" * (len(items) != 1)} · best {best} · latest {items[-1].overall}</div>'
                      f'{svg.progress(name, items, start, end, report.pass_marks["overall"])}</div>')
    more = len(by_trainee) - len(names)
    extra = f'<p class="muted small">{more} more trainees are in the tables below.</p>' if more > 0 else ""
    return ('<section><h2>Progress over time</h2><p class="lead">Overall score of each completed call by date, one '
            f'panel per trainee on the same time axis (trainees with more than {svg.MAX_DOTS} calls: the mean per '
            'period).</p><div class="legend"><span class="dot" style="background:var(--pass)"></span>passed'
            '<span class="dot" style="background:var(--fail)"></span>not passed<span class="dash"></span>'
            f'pass mark {report.pass_marks["overall"]}</div><div class="panels">{"".join(panels)}</div>{extra}</section>')


def _score_heads(group: str) -> str:
    return "".join(f'<th class="num{" first" if i == 0 else ""}" title="{_e(k)}">{SCORE_LABELS[k]}</th>'
                   for i, k in enumerate(SCORE_KEYS))


def _trainee_row(t: TraineeSummary, marks: dict[str, int]) -> str:
    total = t.total or 0
    share = t.passed / total if total else 0.0
    return (f"<tr><td><strong>{_e(t.name)}</strong></td><td class=\"num\">{t.attempts:,}</td>"
            f"<td class=\"num\">{t.completed:,}</td><td class=\"num\">{t.attempted}{f'/{total}' if total else ''}</td>"
            f"<td>{_share(share, 'pass', f'{t.passed} of {total}' if total else str(t.passed))}</td>"
            f"{_scores(t.best, marks)}{_scores(t.latest, marks)}<td>{_e(day(t.last_at))}</td></tr>")


def _trainees(report: Report) -> str:
    n = len(SCORE_KEYS)
    rows = "".join(_trainee_row(t, report.pass_marks) for t in report.trainees)
    return ('<section><h2>Trainees</h2><p class="lead">Scenarios tried and passed out of those in scope; best = the '
            'highest score per column over all completed calls, latest = the most recent completed call. Pro, Emp, '
            'Cla, Com: professionalism, empathy, clarity, commitment; All: overall.</p>'
            '<table><thead><tr><th rowspan="2">Trainee</th><th rowspan="2" class="num">Calls</th>'
            '<th rowspan="2" class="num">Done</th><th rowspan="2" class="num">Tried</th><th rowspan="2">Passed</th>'
            f'<th colspan="{n}" class="group">Best</th><th colspan="{n}" class="group">Latest</th>'
            f'<th rowspan="2">Last call</th></tr><tr>{_score_heads("best")}{_score_heads("latest")}</tr></thead>'
            f'<tbody>{rows}</tbody></table></section>')


def _standing(report: Report) -> str:
    """Per trainee: group, unfinished and abandoned calls, program status, next suggested, stuck and why."""
    if not report.trainees:
        return ""
    rows = "".join(
        f'<tr class="{"stuck" if t.stuck else ""}"><td><strong>{_e(t.name)}</strong></td><td>{_e(t.group or "")}</td>'
        f'<td class="num">{t.unfinished}</td><td class="num">{t.abandoned}</td><td>{_e(t.program_status)}</td>'
        f'<td>{_e(t.next_suggested or "")}</td><td>'
        + (f'<span class="pill miss">stuck</span> <span class="small">{_e(t.stuck)}</span>' if t.stuck else "")
        + "</td></tr>" for t in report.trainees)
    stuck = sum(1 for t in report.trainees if t.stuck)
    return (f'<section><h2>Standing</h2><p class="lead">{stuck} of {len(report.trainees)} trainees stuck. Unfinished: '
            'calls still in progress; abandoned: calls marked abandoned. Next suggested: the next scenario of the '
            'program not yet passed. Stuck: out of attempts on a scenario, or nothing passed for the program\'s '
            'stuck_after_days (default 7).</p><table><thead><tr><th>Trainee</th><th>Group</th>'
            '<th class="num">Unfinished</th><th class="num">Abandoned</th><th>Program</th><th>Next suggested</th>'
            f'<th>Stuck</th></tr></thead><tbody>{rows}</tbody></table></section>')


def _scenarios(report: Report) -> str:
    """Per scenario: calls, completed, passed, unfinished, abandoned and trainees."""
    if not report.scenarios:
        return ""
    rows = "".join(f'<tr><td>{_e(x.title)} <span class="small muted">{_e(x.scenario_id)}</span></td>'
                   f'<td class="num">{x.calls:,}</td><td class="num">{x.completed:,}</td><td class="num">{x.passed:,}</td>'
                   f'<td class="num">{x.unfinished:,}</td><td class="num">{x.abandoned:,}</td>'
                   f'<td class="num">{x.trainees:,}</td></tr>' for x in report.scenarios)
    return ('<section><h2>Scenarios</h2><p class="lead">Each scenario across the trainees: calls started, completed '
            'and passed, still unfinished, and abandoned.</p><table><thead><tr><th>Scenario</th><th class="num">Calls'
            '</th><th class="num">Completed</th><th class="num">Passed</th><th class="num">Unfinished</th>'
            f'<th class="num">Abandoned</th><th class="num">Trainees</th></tr></thead><tbody>{rows}</tbody></table>'
            '</section>')


def _by_scenario(report: Report) -> str:
    rows = []
    for t in report.trainees:
        for i, p in enumerate(t.scenarios):
            name = "" if i else f'<td rowspan="{len(t.scenarios)}"><strong>{_e(t.name)}</strong></td>'
            verdict = "" if p.latest_passed is None else \
                f'<span class="pill {"best" if p.latest_passed else "miss"}">{"pass" if p.latest_passed else "fail"}</span>'
            scope = "" if p.in_scope else ' <span class="pill">not in scope</span>'
            rows.append(f'<tr class="{"" if i else "split"}">{name}<td>{_e(p.title)}{scope}</td>'
                        f'<td class="num">{p.attempts}</td><td class="num">{p.completed}</td>'
                        f'<td class="num">{p.passes}</td>{_scores(p.best, report.pass_marks)}'
                        f'{_scores(p.latest, report.pass_marks)}<td>{verdict}</td></tr>')
    n = len(SCORE_KEYS)
    return ('<section><h2>Progress by scenario</h2><p class="lead">Each trainee on each scenario: calls started, '
            'completed and passed, best and latest scores, and whether the latest completed call passed. '
            f'{_e(VERDICT_DEFINITION)}</p>'
            '<table><thead><tr><th rowspan="2">Trainee</th><th rowspan="2">Scenario</th>'
            '<th rowspan="2" class="num">Calls</th><th rowspan="2" class="num">Done</th>'
            f'<th rowspan="2" class="num">Passed</th><th colspan="{n}" class="group">Best</th>'
            f'<th colspan="{n}" class="group">Latest</th><th rowspan="2">Latest</th></tr>'
            f'<tr>{_score_heads("best")}{_score_heads("latest")}</tr></thead><tbody>{"".join(rows)}</tbody>'
            '</table></section>')


def _step_cell(step: StepStatus) -> str:
    kind = {"passed": "best", "failed": "miss", "open": "do", "locked": "never"}.get(step.status, "")
    detail = "" if step.status == "locked" else f' <span class="small muted">{step.used}/{step.allowed}' + (
        "" if step.best is None else f" · best {step.best}") + "</span>"
    return f'<td><span class="pill {kind}">{_e(step.status)}</span>{detail}</td>'


def _program(report: Report) -> str:
    scope = report.scope
    if not scope.thresholds:
        return ""
    rows = "".join(f'<tr><td>{_e(sid)}</td><td class="num">{_e(scope.attempts_allowed.get(sid, ""))}</td>'
                   + "".join(f'<td class="num">{_e(scope.thresholds[sid].get(k, ""))}</td>' for k in MARK_COLUMNS)
                   + "</tr>" for sid in scope.scenario_ids)
    heads = "".join(f'<th class="num" title="{_e(k)}">{MARK_LABELS[k]}</th>' for k in MARK_COLUMNS)
    standing = ""
    if report.program_rows:
        status_kind = {"complete": "best", "failed": "miss"}
        body = "".join(f'<tr><td><strong>{_e(r.trainee)}</strong></td>{"".join(_step_cell(s) for s in r.steps)}'
                       f'<td><span class="pill {status_kind.get(r.status, "")}">{_e(r.status)}</span></td></tr>'
                       for r in report.program_rows)
        standing = ('<h3 style="margin-top:16px">Where each trainee stands</h3><p class="lead">By the program\'s '
                    'grading (each counted call\'s stored verdict): counted attempts used of allowed and the best '
                    'counted overall score.</p>'
                    f'<table><thead><tr><th>Trainee</th>{"".join(f"<th>{_e(s)}</th>" for s in scope.scenario_ids)}'
                    f'<th>Program</th></tr></thead><tbody>{body}</tbody></table>')
    return (f'<section><h2>Program: {_e(scope.program_title or scope.program)}</h2><p class="lead">'
            f'{_e(scope.program)} — the scenarios in order, the attempts that count and the pass marks (Log: the '
            'call log\'s mark).</p>'
            f'<table><thead><tr><th>Scenario</th><th class="num">Attempts</th>{heads}</tr></thead>'
            f'<tbody>{rows}</tbody></table>{standing}</section>')


def _critical(report: Report) -> str:
    head = (f'<section><h2>Critical errors</h2><p class="lead">{report.critical_errors:,} critical errors in '
            f'{report.critical_calls:,} of {report.totals.completed:,} completed calls. {_e(CRITICAL_DEFINITION)}</p>')
    if not report.critical:
        return head + '<p class="muted">No critical errors.</p></section>'
    top = report.critical[0].errors or 1
    cohort = report.totals.trainees
    rows = "".join(
        f'<tr><td><strong>{_e(t.title)}</strong><br><span class="small muted">{_e(t.rule_id)}</span></td>'
        f'<td style="width:22%">{_meter(t.errors / top, "miss")}</td><td class="num">{t.errors:,}</td>'
        f'<td class="num">{t.calls:,}</td>'
        f'<td class="num">{t.trainees} <span class="muted small">({percent(t.trainees, cohort)})</span></td></tr>'
        for t in report.critical)
    return (head + '<table><thead><tr><th>Rule</th><th></th><th class="num">Errors</th><th class="num">Calls</th>'
            f'<th class="num">Trainees</th></tr></thead><tbody>{rows}</tbody></table></section>')


def _reasons(call: CallVerdict) -> str:
    if call.legacy:
        return '<span class="small muted">stored before verdicts were; judged by its scores</span>'
    if not call.reasons:
        return '<span class="small muted">every mark met</span>'
    critical = len(call.critical)  # the reasons list the critical errors first
    return '<ul class="reasons">' + "".join(
        f'<li class="{"critical" if i < critical else ""}">{_e(r)}</li>' for i, r in enumerate(call.reasons)) + "</ul>"


def _calls(report: Report) -> str:
    if not report.calls:
        return ""
    rows = "".join(
        f'<tr><td>{_e(c.ended_at[:16].replace("T", " "))}</td><td><strong>{_e(c.trainee)}</strong></td>'
        f'<td>{_e(c.scenario_id)}{WEEK_PILL if c.campaign_week_id else ""}</td>'
        f'<td class="num">{_e("" if c.overall is None else c.overall)}</td>'
        f'<td><span class="pill {"best" if c.passed else "miss"}">{"passed" if c.passed else "not passed"}</span></td>'
        f'<td class="small">{_e(c.marks or "–")}</td><td class="small">{_e(log_text(c.log))}</td>'
        f'<td>{_reasons(c)}</td></tr>'
        for c in reversed(report.calls))
    shown = len(report.calls)
    more = (f' The latest {shown:,} of {report.calls_total:,} completed calls are listed; the CSV has them all.'
            if shown < report.calls_total else "")
    return ('<section><h2>Calls and their verdicts</h2><p class="lead">Each completed call, newest first, with the '
            'verdict stored when it ended, the marks in force (the scenario\'s, or the program\'s it counted for), '
            'the call log as written (disposition, amount, date, time or instalments; log N: its review score) '
            'and why it did not pass, critical errors first; <em>week</em>: played in a campaign week.'
            f'{_e(more)}</p><table><thead><tr><th>Ended</th>'
            '<th>Trainee</th><th>Scenario</th><th class="num">All</th><th>Verdict</th><th>Marks</th><th>Call log</th><th>Reasons</th>'
            f'</tr></thead><tbody>{rows}</tbody></table></section>')


def _rules(report: Report) -> str:
    head = (f'<section><h2>Rules most often missed</h2><p class="lead">{report.misses:,} misses in '
            f'{report.decisions:,} decisions. {_e(MISS_DEFINITION)}</p>')
    if not report.rules:
        return head + '<p class="muted">No misses.</p></section>'
    top = report.rules[0].misses or 1
    cohort = report.totals.trainees
    rows = "".join(
        f'<tr><td><strong>{_e(r.title)}</strong><br><span class="small muted">{_e(r.rule_id)}</span></td>'
        f'<td><span class="pill {_e(r.kind)}">{_e(r.kind or "?")}</span></td>'
        f'<td style="width:22%">{_meter(r.misses / top, "miss")}</td><td class="num">{r.misses:,}</td>'
        f'<td class="num">{r.broken:,}</td><td class="num">{r.skipped:,}</td>'
        f'<td class="num">{r.trainees} <span class="muted small">({percent(r.trainees, cohort)})</span></td></tr>'
        for r in report.rules[:TOP_RULES])
    more = len(report.rules) - TOP_RULES
    extra = f'<p class="muted small">… and {more} more rules (see the CSV).</p>' if more > 0 else ""
    return (head + '<table><thead><tr><th>Rule</th><th>Kind</th><th></th><th class="num">Misses</th>'
            '<th class="num">Broken</th><th class="num">Skipped</th><th class="num">Trainees</th></tr></thead>'
            f'<tbody>{rows}</tbody></table>{extra}</section>')


def _scenario_choices(sc: ScenarioChoices, shares: dict[str, tuple[int, int]] | None = None) -> str:
    shares = shares or {}
    traps = sc.traps
    spots = [f'<span class="pill never">{sc.never_picked} never picked</span>',
             f'<span class="pill trap">{len(traps)} trap{"s" * (len(traps) != 1)}</span>']
    rows = []
    for node in sc.nodes:
        if not node.visits:
            continue
        client = f' <span class="client">“{_e(shorten(node.client, 150))}”</span>' if node.client else ""
        share = best_share_text(shares.get(node.node_id))
        best = f'<div class="small best-share">{_e(share[:1].upper() + share[1:])}</div>' if share else ""
        rows.append(f'<tr class="node"><td colspan="5"><strong>{_e(node.node_id)}</strong> '
                    f'<span class="muted small">({node.visits:,} visit{"s" * (node.visits != 1)})</span>{client}{best}</td></tr>')
        for o in node.options:
            share = o.picks / node.visits
            kind = "trap" if "trap" in o.flags else "never" if "never" in o.flags else ""
            meter = "miss" if "miss" in o.flags else "pass" if "best" in o.flags else ""
            rows.append(f'<tr class="{kind}"><td class="num">{o.index + 1}</td><td class="reply" title="{_e(o.text)}">'
                        f'{_e(shorten(o.text, 120))}</td><td class="num">{o.picks:,}</td>'
                        f'<td style="width:18%">{_share(share, meter, percent(o.picks, node.visits))}</td>'
                        f'<td>{_pills(o.flags)}</td></tr>')
    unreached = [n.node_id for n in sc.nodes if not n.visits]
    tail = f'<p class="small muted">Not reached: {_e(", ".join(unreached))}</p>' if unreached else ""
    if sc.older_decisions:
        tail += f'<p class="small muted">{sc.older_decisions:,} decisions from earlier versions are not shown.</p>'
    return (f'<div class="scenario"><h3>{_e(sc.title)} <span class="muted small">{_e(sc.scenario_id)} · '
            f'{sc.decisions:,} decisions</span></h3><p>{"".join(spots)}</p><table><thead><tr><th class="num">#</th>'
            '<th>Reply</th><th class="num">Picks</th><th>Share of visits</th><th>Flags</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>{tail}</div>')


def _spot(w: WeakSpot, detail: str, kind: str) -> str:
    return (f'<tr><td class="reply" title="{_e(w.option.text)}"><div class="small muted">{_e(w.scenario_id)} › '
            f'<strong>{_e(w.node.node_id)}</strong> #{w.option.index + 1}</div>{_e(shorten(w.option.text, 110))}</td>'
            f'<td style="width:30%">{_share(w.share, kind, detail)}</td></tr>')


def _weak_spots(report: Report) -> str:
    traps, hidden = weak_spots(report.choices)
    if not traps and not hidden:
        return ""
    parts = ['<section><h2>Weak spots</h2><p class="lead">Where the scenarios teach most: traps many fall into, '
             'and the best replies nobody finds.</p><div class="cards two">']
    if traps:
        rows = "".join(_spot(w, f"{w.option.picks:,} of {w.node.visits:,}", "miss") for w in traps)
        parts.append(f'<div class="card"><h3>Traps</h3><p class="caption">Misses picked in {TRAP_SHARE:.0%} or more '
                     f'of the visits, most picked first.</p><table class="plain"><tbody>{rows}</tbody></table></div>')
    if hidden:
        rows = "".join(_spot(w, f"0 of {w.node.visits:,}", "pass") for w in hidden)
        parts.append('<div class="card"><h3>Best replies nobody picked</h3><p class="caption">At the most visited '
                     f'points first.</p><table class="plain"><tbody>{rows}</tbody></table></div>')
    return "".join(parts) + "</div></section>"


def _choices(report: Report) -> str:
    if not report.choices:
        return ""
    return ('<section><h2>Choices per scenario</h2><p class="lead">How often each option was picked when the call '
            'reached that point — options nobody picks and traps many fall into — and, under each point, the share '
            'of trainees who chose the best reply there at least once (the top-reply flag the grade stored with each '
            f'decision). {_e(CHOICE_FLAGS_HELP)}</p>'
            + "".join(_scenario_choices(sc, report.best_reply.get(sc.scenario_id)) for sc in report.choices)
            + "</section>")


def _footer() -> str:
    return ('<footer>AR Dojo trainer report. Scores are 0–100 per call; attempts count every call started, scores '
            'only completed calls, and the choice statistics every recorded decision.</footer>')
