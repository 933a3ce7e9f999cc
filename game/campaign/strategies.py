"""`ardojo campaign analyze`: fixed worklist strategies against the documented policy, with best call play.

Every strategy plays the same week (same campaign, same seed) and the same call play: at every
decision the best reply by the grade's own look-ahead (ties: the first in the file), and the call log a
careful caller writes (`expected_wrapup`). Only the choice of whom to call differs. Strategies pick among
the accounts that owe money and are not waiting on a payment not yet due (the same pool for all): the
largest balance, the oldest, alphabetical, random (seeded), or the policy (`game.campaign.policy`). The
outcome compared is the week's expected recovery: cash collected plus what the open balance is worth
at the end of the week (`game.campaign.ledger`), which no strategy is scored on directly.
"""

from __future__ import annotations

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
from game.engine.wrapup import expected_wrapup

Picker = Callable[[Week, list[str]], list[str]]
POLICY = "policy"


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


def _strategies(seed: int) -> dict[str, Picker]:
    rng = random.Random(f"ardojo-campaign-strategy:{seed}")
    return {
        "largest balance": lambda w, pool: sorted(pool, key=lambda a: (-w.books[a].balance, a)),
        "oldest": lambda w, pool: sorted(pool, key=lambda a: (-w.books[a].days_overdue, a)),
        "alphabetical": lambda w, pool: sorted(pool, key=lambda a: (_company(w, a), a)),
        "random": lambda w, pool: rng.sample(pool, len(pool)),
        POLICY: lambda w, pool: policy_picks(w.books.values(), w.campaign.start, w.today, w.campaign.slots),
    }


def play_week(campaign: Campaign, scenarios: Mapping[str, Scenario], seed: int, pick: Picker,
              compiled: dict | None = None) -> Week:
    """Play a whole week with `pick` choosing whom to call and the best call play."""
    week = Week(campaign, scenarios, seed, compiled=compiled)
    while not week.finished:
        for account_id in pick(week, _pool(week))[:week.campaign.slots]:
            if week.slots_left <= 0:
                break
            call = week.start_call(account_id)
            best_choices(call)
            written = expected_wrapup(call.scenario, call.node, week.today)
            week.finish_call(call, written)
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
        reports = tuple(build_report(play_week(campaign, scenarios, s, _strategies(s)[name], compiled))
                        for s in seeds)
        found.append(StrategyResult(name, reports))
    return sorted(found, key=lambda r: r.name != POLICY)


def policy_beats_all(results: list[StrategyResult]) -> list[str]:
    """The strategies the policy does NOT beat on mean expected recovery ([] = it beats them all)."""
    policy = results[0].mean("expected_recovery")
    return [r.name for r in results[1:] if not policy > r.mean("expected_recovery")]


def analysis_lines(campaign: Campaign, results: list[StrategyResult], seed: int) -> list[str]:
    """The comparison as plain text lines, and whether the policy beats every strategy."""
    lines = [f"Campaign {campaign.id}: worklist strategies with best call play, {len(results[0].reports)} weeks "
             f"drawn from seed {seed} (the same weeks for every strategy); means per week",
             f"  {'strategy':<16} {'expected recovery':>18} {'cash':>11} {'DSO after':>9} {'follow-up':>9}"]
    for r in results:
        lines.append(f"  {r.name:<16} {r.mean('expected_recovery'):>18,.2f} {r.mean('cash_collected'):>11,.2f} "
                     f"{r.mean('dso_after'):>9.1f} {r.mean('follow_up_discipline'):>8.0f}%")
    lost = policy_beats_all(results)
    verdict = "beats every fixed strategy" if not lost else f"does NOT beat: {', '.join(lost)}"
    lines.append(f"The documented policy (do-prioritize-by-matrix) {verdict} on expected recovery "
                 "(cash collected + what the open balance is worth at the end of the week).")
    return lines
