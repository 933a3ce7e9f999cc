"""`ardojo campaign analyze`: fixed worklist strategies against the documented policy, with best call play.

Every strategy plays the same week (same campaign, same seed) and the same call play: at every
decision the best reply by the grade's own look-ahead (ties: the first in the file), and the call log a
careful caller writes (`expected_wrapup`). Only the choice of whom to call differs (but for the
one strategy below, which differs only in its call logs). Strategies pick among
the accounts that owe money and are not waiting on a payment not yet due (the same pool for all): the
largest balance, the oldest, alphabetical, random (seeded), or the policy (`game.campaign.policy`). The
outcome compared is the week's expected recovery: cash collected plus what the open balance is worth
at the end of the week (`game.campaign.ledger`), which no strategy is scored on directly.

One more strategy games the grade instead of the worklist: "follow-ups after the week" calls whom the
policy calls but dates every follow-up in the log as late as the call's own review accepts (14 days after
what was agreed), after the week's last day, so that none would come due inside the week. The week counts
each such date as a lapse (`policy.follow_up_limit`), so it must not beat the policy's week score.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from typing import Callable, Mapping

from game.campaign.policy import policy_picks
from game.campaign.report import WeekReport, build_report
from game.campaign.week import Week
from game.content.campaign_model import Campaign
from game.content.model import Scenario
from game.engine.call import Call
from game.engine.scoring import eligible
from game.engine.wrapup import MAX_FOLLOW_UP_DAYS, WrapUp, expected_wrapup

Picker = Callable[[Week, list[str]], list[str]]
#: Writes the call log of an ended call: (week, call) -> the log.
Writer = Callable[[Week, Call], WrapUp]
POLICY = "policy"
AFTER_THE_WEEK = "follow-ups after the week"


def best_choices(call: Call) -> list[int]:
    """Play the model call: the best recommendable reply at every decision (ties: first in the file)."""
    lookahead = call.compiled.lookahead
    while not call.ended:
        good = {c.index for c in eligible(call.node.choices)}
        options = lookahead.options(call.node.id, call.meters)
        best = max(options, key=lambda o: (o.value if o.choice.index in good else float("-inf"), -o.choice.index))
        call.choose(best.choice.index)
    return [s.choice.index for s in call.steps]


def _pool(week: Week) -> list[str]:
    today = week.today
    out = []
    for acc in week.campaign.accounts:
        book = week.books[acc.id]
        waiting = book.waiting_until()
        if book.balance > 0.005 and not (waiting is not None and waiting > today and not book.due_follow_ups(today)):
            out.append(acc.id)
    return out


def _company(week: Week, account_id: str) -> str:
    return week.scenarios[week.campaign.account(account_id).scenario].persona.company.casefold()


def careful_log(week: Week, call: Call) -> WrapUp:
    """The call log a careful caller writes (what was agreed, the follow-up the day after it)."""
    return expected_wrapup(call.scenario, call.node, week.today)


def after_the_week_log(week: Week, call: Call) -> WrapUp:
    """The careful log, but its follow-up dated as late as the call's review accepts (`MAX_FOLLOW_UP_DAYS`
    after what was agreed, or after the call), and never before the day after the week's last day."""
    log = careful_log(week, call)
    latest = (log.date or week.today) + _dt.timedelta(days=MAX_FOLLOW_UP_DAYS)
    follow = max(latest, week.campaign.end + _dt.timedelta(days=1))
    return WrapUp(log.disposition, log.amount, log.date, follow, log.instalments, log.reason, log.time)


def _policy(week: Week, pool: list[str]) -> list[str]:
    return policy_picks(week.books.values(), week.campaign.start, week.today, week.campaign.slots)


def _strategies(seed: int) -> dict[str, tuple[Picker, Writer]]:
    rng = random.Random(f"ardojo-campaign-strategy:{seed}")
    return {
        "largest balance": (lambda w, pool: sorted(pool, key=lambda a: (-w.books[a].balance, a)), careful_log),
        "oldest": (lambda w, pool: sorted(pool, key=lambda a: (-w.books[a].days_overdue, a)), careful_log),
        "alphabetical": (lambda w, pool: sorted(pool, key=lambda a: (_company(w, a), a)), careful_log),
        "random": (lambda w, pool: rng.sample(pool, len(pool)), careful_log),
        AFTER_THE_WEEK: (_policy, after_the_week_log),
        POLICY: (_policy, careful_log),
    }


def play_week(campaign: Campaign, scenarios: Mapping[str, Scenario], seed: int, pick: Picker,
              compiled: dict | None = None, write: Writer = careful_log) -> Week:
    """Play a whole week with `pick` choosing whom to call, the best call play and `write` writing the
    call logs."""
    week = Week(campaign, scenarios, seed, compiled=compiled)
    while not week.finished:
        for account_id in pick(week, _pool(week))[:week.campaign.slots]:
            if week.slots_left <= 0:
                break
            call = week.start_call(account_id)
            best_choices(call)
            week.finish_call(call, write(week, call))
        week.end_day()
    return week


#: Weeks each strategy plays (their seeds drawn from the one given): kept and broken promises are
#: chance, so a strategy is judged on the mean of many weeks, never on one lucky draw.
WEEKS = 12


@dataclass(frozen=True, slots=True)
class StrategyResult:
    """A strategy's weeks: the mean of the outcomes, and every week's report."""

    name: str
    reports: tuple[WeekReport, ...]

    def mean(self, field: str) -> float:
        values = [getattr(r, field) for r in self.reports]
        return sum(values) / len(values)


def week_seeds(seed: int, weeks: int = WEEKS) -> list[int]:
    """The seeds of the weeks an analysis plays, drawn from `seed`."""
    rng = random.Random(f"ardojo-campaign-analysis:{seed}")
    return [rng.getrandbits(31) for _ in range(weeks)]


def analyze_campaign(campaign: Campaign, scenarios: Mapping[str, Scenario], seed: int | None = None,
                     weeks: int = WEEKS) -> list[StrategyResult]:
    """Every strategy over the same `weeks` weeks (seeds drawn from `seed`, the campaign's own by
    default), the policy first."""
    seed = campaign.seed if seed is None else seed
    compiled: dict = {}
    seeds = week_seeds(seed, weeks)
    found = []
    for name in _strategies(seed):
        reports = []
        for week_seed in seeds:
            pick, write = _strategies(week_seed)[name]
            reports.append(build_report(play_week(campaign, scenarios, week_seed, pick, compiled, write)))
        found.append(StrategyResult(name, tuple(reports)))
    return sorted(found, key=lambda r: r.name != POLICY)


#: What each strategy is judged on against the policy: the worklist strategies on expected recovery (the
#: outcome), the strategy that games the call logs on the week's score (the grade it games; it calls whom
#: the policy calls, so its recovery is the policy's own).
JUDGED_ON: dict[str, str] = {AFTER_THE_WEEK: "score"}


def judged_on(name: str) -> str:
    """The mean a strategy is compared with the policy on: `expected_recovery` or the week's `score`."""
    return JUDGED_ON.get(name, "expected_recovery")


def policy_beats_all(results: list[StrategyResult]) -> list[str]:
    """The strategies the policy does NOT beat ([] = it beats them all): on mean expected recovery, or on
    the mean week score for the strategy that games the call logs (`JUDGED_ON`)."""
    policy = results[0]
    return [r.name for r in results[1:] if not policy.mean(judged_on(r.name)) > r.mean(judged_on(r.name))]


def analysis_lines(campaign: Campaign, results: list[StrategyResult], seed: int) -> list[str]:
    """The comparison as plain text lines, and whether the policy beats every strategy."""
    lines = [f"Campaign {campaign.id}: worklist strategies with best call play, {len(results[0].reports)} weeks "
             f"drawn from seed {seed} (the same weeks for every strategy); means per week",
             f"  {'strategy':<26} {'expected recovery':>18} {'cash':>11} {'DSO after':>9} {'follow-up':>9} "
             f"{'week score':>10}"]
    for r in results:
        lines.append(f"  {r.name:<26} {r.mean('expected_recovery'):>18,.2f} {r.mean('cash_collected'):>11,.2f} "
                     f"{r.mean('dso_after'):>9.1f} {r.mean('follow_up_discipline'):>8.0f}% {r.mean('score'):>10.1f}")
    lost = policy_beats_all(results)
    verdict = "beats every fixed strategy" if not lost else f"does NOT beat: {', '.join(lost)}"
    lines.append(f"The documented policy (do-prioritize-by-matrix) {verdict}: the worklist strategies on expected "
                 "recovery (cash collected + what the open balance is worth at the end of the week), "
                 f"'{AFTER_THE_WEEK}' (the policy's calls, every follow-up dated after the week) on the week "
                 "score, since each date later than what was agreed allows is a lapse (do-follow-up-on-time).")
    return lines
