"""A campaign week really played into a store, as `ardojo campaign` records it (WeekRecorder): the shipped
`first-week` campaign, the best reply at every decision, the call log a careful caller writes."""

from __future__ import annotations

from game.campaign.week import Week
from game.content.campaign_loader import load_campaign
from game.content.library import Library, default_scenarios_dir
from game.engine.scoring import eligible
from game.engine.wrapup import expected_wrapup
from game.records import campaigns as records
from game.records.store import RecordStore


def first_week(library: Library):
    loaded = load_campaign(default_scenarios_dir() / "campaigns" / "first-week.yaml", library.scenarios)
    assert loaded.campaign is not None
    return loaded.campaign


def _best(call) -> int:
    good = {c.index for c in eligible(call.node.choices)}
    options = call.compiled.lookahead.options(call.node.id, call.meters)
    return max(options, key=lambda o: (o.value if o.choice.index in good else float("-inf"),
                                       -o.choice.index)).choice.index


def play_week(store: RecordStore, library: Library, trainee: str, seed: int, days: int | None = None) -> str:
    """Play `days` days (default: all, then finish the week), calling the first accounts that owe money."""
    campaign = first_week(library)
    name = store.sign_in(trainee)
    week = Week(campaign, library.scenarios, seed, library.rule_titles())
    week_id = records.start_week(store, name, week.state)
    recorder = records.WeekRecorder(store, week_id, name)
    for _ in range(days if days is not None else campaign.days):
        while week.slots_left > 0:
            account = next((r.account.id for r in week.worklist() if not r.called_today and r.balance > 0.005), None)
            if account is None:
                break
            call = week.start_call(account)
            recorder.call_started(call)
            while not call.ended:
                call.choose(_best(call))
                recorder.call_step(call)
            recorder.save(week, week.finish_call(call, expected_wrapup(call.scenario, call.node, week.today)))
        week.end_day()
        recorder.save(week)
    if week.finished:
        recorder.finish(week)
    return week_id
