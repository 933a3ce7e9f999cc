"""The campaign in the terminal: each morning's news and worklist, full graded calls, the day's
prioritisation, and the end-of-week report with a chart.

Plain lines in and out, so a week can be scripted like `play --text`: the name, then per call the
worklist number (or account id), Enter to dial, the replies, the call log; `e` ends the day early.
"""

from __future__ import annotations

from typing import Callable

from game.campaign.policy import CAMPAIGN_RULES
from game.campaign.report import WeekReport, build_report
from game.campaign.week import CallResult, DayRecord, Week, WorklistRow
from game.content.model import DIMENSIONS, Rulebook
from game.engine.debrief import build_debrief
from game.ui.text.render import WIDTH, money, render_brief, render_debrief, wrap
from game.ui.text.terminal import take_call
from game.ui.text.terminal_io import Terminal
from game.ui.text.wrapup_prompt import ask_wrapup

BAR = 30


def bar(value: float, top: float, width: int = BAR) -> str:
    """A text bar of `value` against `top`."""
    filled = 0 if top <= 0 else max(0, min(width, round(width * value / top)))
    return "#" * filled + "." * (width - filled)


def render_worklist(week: Week) -> str:
    """The worklist (CRM) screen as text."""
    c = week.campaign
    lines = ["=" * WIDTH, f"WORKLIST — day {week.day} of {c.days}, {week.today:%A %d %B %Y} — "
             f"{week.slots_left} of {c.slots} call slots left", "=" * WIDTH,
             f"   {'Account':<30}{'Balance':>12} {'Overdue':>8} {'Bucket':>7}  {'Last call':<10}  Next due"]
    for number, row in enumerate(week.worklist(), 1):
        lines.append(_row(number, row))
    return "\n".join(lines)


def _row(number: int, row: WorklistRow) -> str:
    last = row.last_contact.isoformat() if row.last_contact else "-"
    nxt = row.next_follow_up.isoformat() if row.next_follow_up else "-"
    mark = " (called today)" if row.called_today else " (paid)" if row.balance <= 0.005 else ""
    out = [f"{number:2d}. {row.company[:29]:<30}{money(row.balance):>12} {row.days_overdue:>6} d {row.bucket:>7}  "
           f"{last:<10}  {nxt}{mark}"]
    if row.waiting_until:
        out.append(f"      payments due: {money(row.committed)}, next on {row.waiting_until.isoformat()}")
    for flag in row.account.red_flags:
        out.append(wrap(flag, "      RED FLAG: ", "                "))
    for note in row.notes[-3:]:
        out.append(wrap(note, "      note: ", "            "))
    return "\n".join(out)


def pick_account(term: Terminal, week: Week) -> str | None:
    """Ask whom to call; None ends the day."""
    rows = week.worklist()
    while True:
        answer = term.ask(f"Call which account? (1-{len(rows)} or its id; e = end the day): ").strip().lower()
        if answer in ("e", "end"):
            return None
        row = rows[int(answer) - 1] if answer.isdigit() and 1 <= int(answer) <= len(rows) else \
            next((r for r in rows if r.account.id == answer), None)
        if row is None:
            term.say(f"Please type a number from 1 to {len(rows)}, an account id, or e.")
        elif row.called_today:
            term.say("You have already called that client today; pick another.")
        elif row.balance <= 0.005:
            term.say("That client owes nothing now; pick another.")
        else:
            return row.account.id


def _brief(week: Week, scenario) -> str:
    text = render_brief(scenario)
    lines = [f"Call date: {week.today:%A %d %B %Y} (campaign day {week.day}; the account's figures are as "
             "of its last statement)" if line.startswith("Call date:") else line for line in text.splitlines()]
    return "\n".join(lines)


def play_one(term: Terminal, week: Week, account_id: str, rulebook: Rulebook | None,
             recorder: object | None = None) -> CallResult:
    """One call of the week: what to know, the brief, the call, the call log, the debrief. With a
    `recorder` (game.records.campaigns.WeekRecorder), the call is recorded as it is played, like `play`."""
    scenario, notes = week.next_scenario(account_id)
    book = week.books[account_id]
    term.say(f"\nACCOUNT HISTORY — {scenario.persona.company}")
    for note in book.notes:
        term.say(wrap(note, "  - "))
    for note in notes:
        term.say(wrap(note, "  ! "))
    brief = _brief(week, scenario)
    term.say(brief)
    term.ask("Press Enter to dial. ")
    call = week.start_call(account_id)
    if recorder is not None:
        recorder.call_started(call)
    take_call(term, call, brief, recorder.call_step if recorder is not None else None)
    try:
        written = ask_wrapup(term, week.today, scenario)
    except EOFError:
        written = None
    result = week.finish_call(call, written)
    term.say(render_debrief(build_debrief(call, rulebook, result.review, result.verdict),
                            scenario.persona.name.split()[0]))
    term.say(wrap(f"On the ledger: {result.outcome}."))
    if result.lapse:
        term.say(wrap(f"Your diary: {result.lapse}. It counts as a missed follow-up.", "  ! "))
    return result


def render_day(record: DayRecord, week: Week, titles: dict[str, str]) -> str:
    """The day's prioritisation, against the policy, citing its rule."""
    names = {a.id: week.scenarios[a.scenario].persona.company for a in week.campaign.accounts}
    picked = ", ".join(names[a] for a in record.picked) or "nobody"
    lines = [f"\nEND OF DAY {record.day} — prioritisation {record.score}/100", wrap(f"You called: {picked}.", "  ")]
    missed = [a for a in record.wanted if a not in record.picked]
    if missed:
        lines.append("  The priority matrix called first:")
        lines += [wrap(f"{names[a]}: {record.reasons.get(a, '')}", "    - ") for a in record.wanted]
        lines.append(wrap(f"Rule: {titles.get('do-prioritize-by-matrix', 'do-prioritize-by-matrix')}", "  "))
    return "\n".join(lines)


def _late(report: WeekReport) -> str:
    n = report.follow_ups_late
    return f"; {n} dated later than what was agreed allows" if n else ""


def render_report(report: WeekReport, titles: dict[str, str]) -> str:
    """The end-of-week report, with a text chart."""
    lines = ["", "=" * WIDTH, "END OF WEEK REPORT", "=" * WIDTH,
             f"Cash collected:      {money(report.cash_collected)} of {money(report.start_balance)} owed",
             f"Promises:            {report.promises_kept} kept, {report.promises_broken} broken",
             f"DSO:                 {report.dso_before:.1f} days before, {report.dso_after:.1f} after",
             f"  before  {bar(report.dso_before, report.dso_before)} {report.dso_before:.1f}",
             f"  after   {bar(report.dso_after, report.dso_before)} {report.dso_after:.1f}",
             f"Calls made:          {report.calls_made} in {report.slots} slots, {report.calls_passed} passed",
             f"Documentation:       {report.documentation}/100 (mean call-log score)",
             f"Follow-up discipline: {report.follow_up_discipline}/100 ({report.follow_ups_kept} of "
             f"{report.follow_ups_due} kept{_late(report)})",
             f"Prioritisation:      {report.prioritisation}/100 (days: {', '.join(map(str, report.day_scores))})",
             f"Expected recovery:   {money(report.expected_recovery)}", "", "Across the week's calls:"]
    for dim in DIMENSIONS:
        lines.append(f"  {dim:<16}{bar(report.dimensions[dim], 100)} {report.dimensions[dim]:3d}")
    lines += ["", f"The week's checks (week score {report.score}/100):"]
    for check in report.checks:
        lines.append(f"  {check.name:<38}{bar(check.score, 100, 20)} {check.score:3d}")
        lines.append(wrap(check.detail, "      "))
        lines.append(wrap("rules: " + "; ".join(titles.get(r, r) for r in check.rules), "      "))
    return "\n".join(lines)


def run_week(term: Terminal, week: Week, rulebook: Rulebook | None,
             on_change: Callable[[Week, CallResult | None], None] | None = None,
             recorder: object | None = None) -> WeekReport:
    """Play the week to its end; `on_change` runs after every call and every ended day (saving); a
    `recorder` (game.records.campaigns.WeekRecorder) records each call as it is played."""
    titles = {r.id: r.title for r in rulebook.rules.values()} if rulebook else {}
    missing = [r for r in CAMPAIGN_RULES if r not in titles]
    if rulebook is not None and missing:
        term.say(f"(the rulebook lacks {', '.join(missing)}; the report cites their ids)")
    while not week.finished:
        if week.slots_left == week.campaign.slots:  # a new morning
            term.say(f"\nGOOD MORNING — day {week.day}, {week.today:%A %d %B %Y}")
            for event in week.events:
                term.say(wrap(event, "  * "))
        term.say(render_worklist(week))
        account = pick_account(term, week) if week.slots_left > 0 else None
        if account is not None:
            result = play_one(term, week, account, rulebook, recorder)
            if on_change is not None:
                on_change(week, result)
            if week.slots_left > 0:
                continue
        record = week.end_day()
        term.say(render_day(record, week, titles))
        if on_change is not None:
            on_change(week, None)
    report = build_report(week)
    term.say(render_report(report, titles))
    return report
