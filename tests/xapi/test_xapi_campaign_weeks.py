"""xAPI for campaign weeks: every call of a week carries the week as its parent activity and the campaign
as grouping; the week itself is `initialized` and, once finished, `completed` with the week report's score,
success, cash, DSO and promises; all queued in the outbox once, synced by `ardojo xapi sync`'s code to the
real Ralph LRS and valid by its strict model."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from game.content.library import Library
from game.records import campaigns as records
from game.records.store import RecordStore
from game.xapi.campaign_statements import WEEK_SEQ
from game.xapi.catalog import Catalog
from game.xapi.lrs import LrsClient
from game.xapi.outbox import export_lines, queue_new
from game.xapi.scheme import ADL_VERBS, XapiConfig, week_statement_id
from game.xapi.sync import sync
from ralph_server import RalphServer, validate
from xapi_weeks import first_week, play_week


def catalog_for(library: Library) -> Catalog:
    campaign = first_week(library)
    return Catalog(library.scenarios, {}, {campaign.id: campaign})


def statements(store: RecordStore, config: XapiConfig, catalog: Catalog) -> list[dict]:
    return [json.loads(line) for line in export_lines(store, config, catalog)]


def test_campaign_calls_name_their_week_and_the_week_reports_itself(store: RecordStore, library: Library):
    week_id = play_week(store, library, "Ana Ruiz", 21)
    config, catalog = XapiConfig(), catalog_for(library)
    ours = statements(store, config, catalog)
    week = f"{config.activity_base}/campaigns/first-week/weeks/{week_id}"
    campaign = f"{config.activity_base}/campaigns/first-week"
    calls = [c for c in store.calls() if c.campaign_week_id == week_id]
    assert len(calls) == 10
    for call in calls:
        own = [s for s in ours if s["context"]["registration"] == call.id]
        assert [s["verb"]["display"]["en-US"] for s in own][:1] == ["attempted"]
        for s in own:
            ctx = s["context"]["contextActivities"]
            if s["verb"]["id"] == ADL_VERBS + "answered":
                assert [a["id"] for a in ctx["parent"]] == [config.scenario(call.scenario_id)]
                assert [a["id"] for a in ctx["grouping"]] == [week, campaign]
            else:
                assert [a["id"] for a in ctx["parent"]] == [week] and [a["id"] for a in ctx["grouping"]] == [campaign]
    about_week = [s for s in ours if s["context"]["registration"] == week_id]
    assert [s["verb"]["id"] for s in about_week] == [ADL_VERBS + "initialized", ADL_VERBS + "completed"]
    assert all(s["object"]["id"] == week and s["object"]["definition"]["name"]["en-US"].startswith(
        "First week on the collections desk") for s in about_week)
    report = records.weeks(store, "Ana Ruiz")[0].report
    result = about_week[1]["result"]
    ext = {k.rsplit("/", 1)[1]: v for k, v in result["extensions"].items()}
    assert result["score"]["raw"] == report["score"] and result["completion"] is True
    assert (ext["cash-collected"], ext["dso-before"], ext["dso-after"]) == (
        report["cash_collected"], report["dso_before"], report["dso_after"])
    assert (ext["promises-kept"], ext["promises-broken"]) == (report["promises_kept"], report["promises_broken"])
    targets_met = report["cash_collected"] >= report["start_balance"] / 10 and \
        report["dso_before"] - report["dso_after"] >= report["dso_before"] / 10
    assert result["success"] is targets_met
    assert about_week[1]["id"] == week_statement_id(week_id, "completed")


def test_week_statements_are_queued_once_and_an_unfinished_week_only_starts(store: RecordStore, library: Library):
    config, catalog = XapiConfig(), catalog_for(library)
    week_id = play_week(store, library, "Ben Okafor", 22, days=1)
    assert queue_new(store, config, catalog) > 0
    queued = store.query("SELECT id, seq FROM xapi_outbox WHERE seq >= ?", (WEEK_SEQ,))
    assert queued == [(week_statement_id(week_id, "initialized"), WEEK_SEQ)]
    assert queue_new(store, config, catalog) == 0  # nothing new, nothing rebuilt


def test_a_week_synced_to_the_real_lrs(lrs: RalphServer, ralph_python: Path, store: RecordStore, library: Library):
    week_id = play_week(store, library, "Chloé Martin", 23)
    other = play_week(store, library, "Dev Patel", 24, days=2)
    config = XapiConfig.make(f"https://weeks-{uuid.uuid4().hex[:8]}.example/xapi")
    catalog = catalog_for(library)
    client = LrsClient(lrs.endpoint, lrs.user, lrs.password)
    done = sync(store, client, config, catalog=catalog)
    assert done.problem is None and done.pending == 0
    assert sync(store, client, config, catalog=catalog).sent == 0  # idempotent
    ours = statements(store, config, catalog)
    assert validate(ralph_python, ours) == ["ok"] * len(ours)
    assert {s["id"] for s in ours} <= set(lrs.stored_ids())
    completed = lrs.statement(week_statement_id(week_id, "completed"))
    report = records.weeks(store, "Chloé Martin")[0].report
    assert completed is not None and completed["result"]["score"]["raw"] == report["score"]
    assert completed["result"]["extensions"][config.extension("cash-collected")] == report["cash_collected"]
    assert lrs.statement(week_statement_id(other, "initialized")) is not None
    assert lrs.statement(week_statement_id(other, "completed")) is None  # Dev's week is not over
