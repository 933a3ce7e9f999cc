"""xAPI statements about campaign weeks (docs/xapi.md, Campaign weeks).

Each call of a week is an ordinary call record (records schema 9), so it yields the statements of any call
(game/xapi/statements.py); its context names the week: the call's own statements (attempted, completed,
passed/failed, suspended...) have the **week** as `contextActivities.parent` and the **campaign** as
`grouping`; its answers keep the scenario as parent, with the week and the campaign as `grouping`.

The week itself yields, with its own registration (the week's id):

* `initialized` the week activity, when it started (once it has a call record);
* `completed` the week activity, when it ended, with `result.score` the week's score (the mean of its
  checks, scaled 0..1), `success` (the week met both its targets: a tenth of the balance collected and
  DSO a tenth lower, game/campaign/report.py), `completion: true`, `duration`, and in `result.extensions`
  cash collected, the balance owed at the start, DSO before and after, promises kept and broken, calls
  made and passed, prioritisation, follow-up discipline, documentation and the four dimension scores.

The outbox keys statements by call, so a week's statements are queued under one of its calls (the first
for `initialized`, the last graded for `completed`) with seq from WEEK_SEQ, after that call's own. Ids are
stable (scheme.week_statement_id), so they are queued once and sent once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from game.records.store import RecordStore
from game.xapi.catalog import Catalog
from game.xapi.scheme import LANGUAGE, XapiConfig, verb, week_statement_id
from game.xapi.statements import PLATFORM, Statement, activity, iso_duration

#: The `seq` of week statements in the outbox: after a call's own (and apart from program statements).
WEEK_SEQ = 2_000_000


@dataclass(frozen=True, slots=True)
class WeekLink:
    """What a call's statements need of the week it was played in."""

    week_id: str
    campaign_id: str
    seed: int | None


def week_links(store: RecordStore) -> dict[str, WeekLink]:
    """Every stored week by id ({} before records schema 6)."""
    tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "campaign_weeks" not in tables:
        return {}
    return {r[0]: WeekLink(r[0], r[1], r[2]) for r in store.query("SELECT id, campaign_id, seed FROM campaign_weeks")}


def campaign_activity(config: XapiConfig, campaign_id: str, catalog: Catalog) -> dict[str, Any]:
    """The campaign as a course activity: its title and summary when the library holds it."""
    campaign = catalog.campaign(campaign_id)
    title = getattr(campaign, "title", None)
    out = activity(config.campaign(campaign_id), "course", title or f"AR Dojo campaign {campaign_id}")
    summary = getattr(campaign, "summary", None)
    if title and isinstance(summary, str) and summary.strip():
        out["definition"]["description"] = {LANGUAGE: " ".join(summary.split())}
    return out


def week_activity(config: XapiConfig, link: WeekLink, catalog: Catalog) -> dict[str, Any]:
    """One trainee's week of a campaign (its seed in the name)."""
    campaign = catalog.campaign(link.campaign_id)
    title = getattr(campaign, "title", None) or link.campaign_id
    seed = f" (seed {link.seed})" if link.seed is not None else ""
    return {"objectType": "Activity", "id": config.campaign_week(link.campaign_id, link.week_id),
            "definition": {"type": config.activity_type("campaign-week"),
                           "name": {LANGUAGE: f"{title}: a week{seed}"}}}


def week_result(report: dict[str, Any], started: str, ended: str, config: XapiConfig) -> dict[str, Any]:
    """The `completed` statement's result from the stored end-of-week report."""
    from game.campaign.report import CASH_TARGET, DSO_TARGET

    score = int(report.get("score") or 0)
    cash, owed = float(report.get("cash_collected") or 0), float(report.get("start_balance") or 0)
    before, after = float(report.get("dso_before") or 0), float(report.get("dso_after") or 0)
    success = cash >= owed * CASH_TARGET and before - after >= before * DSO_TARGET
    ext = config.extension
    extensions = {ext("cash-collected"): cash, ext("start-balance"): owed, ext("dso-before"): before,
                  ext("dso-after"): after, ext("promises-kept"): report.get("promises_kept"),
                  ext("promises-broken"): report.get("promises_broken"), ext("calls-made"): report.get("calls_made"),
                  ext("calls-passed"): report.get("calls_passed"), ext("prioritisation"): report.get("prioritisation"),
                  ext("follow-up-discipline"): report.get("follow_up_discipline"),
                  ext("documentation"): report.get("documentation"), ext("scores"): report.get("dimensions") or {}}
    return {"score": {"scaled": round(score / 100, 4), "raw": score, "min": 0, "max": 100}, "success": success,
            "completion": True, "duration": iso_duration(started, ended),
            "extensions": {k: v for k, v in extensions.items() if v is not None}}


def week_statements(store: RecordStore, config: XapiConfig, catalog: Catalog,
                    queued: set[str] | None = None) -> Iterator[Statement]:
    """`initialized` for every week with a call record, `completed` for every completed one; a statement
    whose id is in `queued` is skipped."""
    links = week_links(store)
    if not links:
        return
    rows = store.query("SELECT w.id, t.name, w.started_at, w.ended_at, w.status, w.report FROM campaign_weeks w "
                       "JOIN trainees t ON t.id = w.trainee_id ORDER BY w.started_at, w.id")
    for week_id, trainee, started, ended, status, report_text in rows:
        link = links[week_id]
        calls = [r[0] for r in store.query("SELECT id FROM calls WHERE campaign_week_id = ? ORDER BY started_at, id",
                                           (week_id,))]
        if not calls or not started:
            continue
        actor = config.actor(trainee, catalog.member(trainee, None))
        obj = week_activity(config, link, catalog)
        context: dict[str, Any] = {"registration": week_id, "platform": PLATFORM, "language": LANGUAGE,
                                   "contextActivities": {"grouping": [campaign_activity(config, link.campaign_id,
                                                                                        catalog)]}}
        if link.seed is not None:
            context["extensions"] = {config.extension("seed"): link.seed}
        sid = week_statement_id(week_id, "initialized")
        if queued is None or sid not in queued:
            yield Statement(sid, calls[0], WEEK_SEQ, {"id": sid, "actor": actor, "verb": verb("initialized"),
                                                      "object": obj, "context": context, "timestamp": started})
        if status != "completed" or not ended:
            continue
        try:
            report = json.loads(report_text) if report_text else None
        except ValueError:
            report = None
        if not isinstance(report, dict):
            continue  # an unreadable report: `verify` names it
        graded = [r[0] for r in store.query("SELECT call_id FROM campaign_calls WHERE week_id = ? AND call_id IS NOT "
                                            "NULL ORDER BY seq DESC LIMIT 1", (week_id,))]
        anchor = graded[0] if graded and graded[0] in calls else calls[-1]
        sid = week_statement_id(week_id, "completed")
        if queued is None or sid not in queued:
            yield Statement(sid, anchor, WEEK_SEQ + 1, {
                "id": sid, "actor": actor, "verb": verb("completed"), "object": obj, "context": context,
                "timestamp": ended, "result": week_result(report, started, ended, config)})
