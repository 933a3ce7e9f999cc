"""A campaign week really played and recorded as `ardojo campaign` records it (each call a full record
through `WeekRecorder`), for the report and xAPI tests: the shipped campaign, the best reply at every
decision, the call log a careful caller writes."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from game.campaign.week import Week
from game.content.campaign_loader import load_campaign
from game.content.library import load_library
from game.engine.wrapup import expected_wrapup
from game.records import campaigns as records
from game.records.store import RecordStore

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FIRST_WEEK = SCENARIOS / "campaigns" / "first-week.yaml"


def library_and_campaign():
    library = load_library([SCENARIOS])
    loaded = load_campaign(FIRST_WEEK, library.scenarios)
    assert loaded.campaign is not None
    return library, loaded.campaign


def record_week(db: Path, trainee: str, seed: int, *, days: int | None = None, key: bytes | None = None,
                clock: Callable[[], str] | None = None, calls_a_day: int | None = None) -> str:
    """Play `days` days (default: the whole week, then finish it) of the shipped campaign for `trainee`,
    recorded call by call; returns the week's id."""
    library, campaign = library_and_campaign()
    kwargs = {"clock": clock} if clock is not None else {}
    with RecordStore.open(db, key=key, **kwargs) as store:
        name = store.sign_in(trainee)
        week = Week(campaign, library.scenarios, seed, library.rule_titles())
        week_id = records.start_week(store, name, week.state)
        recorder = records.WeekRecorder(store, week_id, name)
        for _ in range(days if days is not None else campaign.days):
            for _ in range(calls_a_day if calls_a_day is not None else campaign.slots):
                account = next((r.account.id for r in week.worklist() if not r.called_today and r.balance > 0.005),
                               None)
                if account is None or week.slots_left <= 0:
                    break
                call = week.start_call(account)
                recorder.call_started(call)
                while not call.ended:
                    chosen = best_choices_step(call)
                    call.choose(chosen)
                    recorder.call_step(call)
                result = week.finish_call(call, expected_wrapup(call.scenario, call.node, week.today))
                recorder.save(week, result)
            week.end_day()
            recorder.save(week)
        if week.finished:
            recorder.finish(week)
    return week_id


def best_choices_step(call) -> int:
    """The reply `best_choices` would take at this point (one decision)."""
    from game.engine.scoring import eligible

    good = {c.index for c in eligible(call.node.choices)}
    options = call.compiled.lookahead.options(call.node.id, call.meters)
    return max(options, key=lambda o: (o.value if o.choice.index in good else float("-inf"),
                                       -o.choice.index)).choice.index
