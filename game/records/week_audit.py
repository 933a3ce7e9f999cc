"""What `verify` checks of each campaign week (game/records/verify.py runs it with the library's campaigns).

A week is stored as its decisions (`campaign_weeks.state`), its graded calls (`campaign_calls`) and, once
finished, its report; each call of it is also an ordinary call record (`calls.campaign_week_id`), which
`verify` re-plays and re-decides like any other. Here the week itself is checked against them:

* its saved decisions re-play through the campaign (`Week.replay`: same campaign file, same seed);
* each re-played call is the call stored for it: the same scenario, reply-order seed, replies, call log,
  scores and verdict as the call's own (signed) record, and that record names this week and is finished;
* no finished call names the week without being one of its calls, and none is counted twice;
* a completed week's stored report is the report its re-played decisions give (cash, promises, DSO,
  scores), and its days are all ended.

With the signing key, a week's signature (seal.week_signature: its columns and its graded calls) must
match, and a completed week must carry one. Weeks are read one at a time; a campaign (or a scenario it
plays) missing from the library, or changed since the week, is reported instead of re-played.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator, Mapping

from game.campaign.state import WeekError, WeekState
from game.content.model import Scenario
from game.records.rows import RecordsError
from game.records.store import RecordStore
from game.records import seal
from game.records.verify import BAD_SIGNATURE, CAMPAIGN_CHANGED, CAMPAIGN_MISSING, UNSIGNED, WEEK, Problem

_LOG_KEYS = ("disposition", "amount", "date", "follow_up", "instalments", "reason", "time")


def campaigns_in(scenarios_dir: Path, scenarios: Mapping[str, Scenario]) -> dict[str, Any]:
    """The campaigns kept with a scenarios folder (its `campaigns/`), id -> Campaign; files with errors
    are left out (`ardojo validate` names them)."""
    from game.content.campaign_loader import campaigns_dir, load_campaign

    folder = campaigns_dir(Path(scenarios_dir))
    out: dict[str, Any] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.y*ml")):
        try:
            loaded = load_campaign(path, scenarios)
        except (OSError, ValueError):
            continue
        if loaded.campaign is not None:
            out.setdefault(loaded.campaign.id, loaded.campaign)
    return out


def _same(a: object, b: object) -> bool:
    return json.loads(json.dumps(a, sort_keys=True)) == json.loads(json.dumps(b, sort_keys=True))


#: How a problem about a week starts its detail (`verify --sign` signs weeks found only unsigned).
WEEK_PREFIX = "campaign week "


def week_problems(store: RecordStore, campaigns: Mapping[str, Any], scenarios: Mapping[str, Scenario],
                  key: bytes | None = None) -> Iterator[Problem]:
    """Every problem with the stored campaign weeks (see the module docstring)."""
    from game.records.campaigns import signed_week

    try:
        weeks = store.query("SELECT w.id, t.name, w.campaign_id, w.seed, w.started_at, w.status, w.state, w.report,"
                            " w.signature FROM campaign_weeks w LEFT JOIN trainees t ON t.id = w.trainee_id "
                            "ORDER BY w.started_at, w.id")
    except RecordsError:
        return
    for week_id, trainee, campaign_id, seed, started, status, state_text, report_text, signature in weeks:
        trainee = trainee or ""
        about = f"{WEEK_PREFIX}{week_id} ({campaign_id}, seed {seed})"

        def problem(kind: str, detail: str) -> Problem:
            return Problem("", trainee, "", kind, f"{about}: {detail}", started or "")

        if key is not None and not signature and status == "completed":
            yield problem(UNSIGNED, "no signature, so it cannot be trusted (recorded without the signing key, or "
                                    "the signature was removed)")
        elif key is not None and signature:
            week, calls = signed_week(store, week_id)
            if not seal.valid(seal.week_signature(key, week, calls), signature):
                yield problem(BAD_SIGNATURE, "the signature does not match the week (its decisions, report or "
                                             "graded calls changed after it was signed, or another key)")

        try:
            state = WeekState.from_json(state_text or "")
        except WeekError as exc:
            yield problem(WEEK, f"its saved decisions are unreadable ({exc})")
            continue
        if state.campaign_id != campaign_id or state.seed != seed:
            yield problem(WEEK, "its saved decisions name another campaign or seed than the week (edited?)")
            continue
        campaign = campaigns.get(campaign_id)
        if campaign is None:
            yield problem(CAMPAIGN_MISSING, f"campaign '{campaign_id}' is not in the library's campaigns/ folder; "
                                            "the week cannot be re-played")
            continue
        if campaign.content_hash != state.campaign_hash:
            yield problem(CAMPAIGN_CHANGED, f"campaign '{campaign_id}' has changed since this week; it cannot be "
                                            "re-played")
            continue
        changed = sorted({e.scenario for e in state.calls if e.scenario not in scenarios})
        if changed:
            yield problem(CAMPAIGN_MISSING, f"scenario(s) {', '.join(changed)} of the week are not in the library")
            continue
        yield from (problem(WEEK, d) for d in _differences(store, week_id, trainee, status, state, report_text,
                                                           campaign, scenarios))


def _differences(store: RecordStore, week_id: str, trainee: str, status: str | None, state: WeekState,
                 report_text: str | None, campaign: Any, scenarios: Mapping[str, Scenario]) -> list[str]:
    from game.campaign.report import build_report
    from game.campaign.week import Week

    try:
        week = Week.replay(campaign, scenarios, state)
    except WeekError as exc:
        return [f"its saved decisions do not re-play: {exc}"]
    out: list[str] = []
    graded = store.query("SELECT seq, call_id FROM campaign_calls WHERE week_id = ? ORDER BY seq", (week_id,))
    if len(graded) != len(state.calls):
        out.append(f"{len(graded)} graded call(s) stored for {len(state.calls)} call(s) in its decisions")
    linked = {r[0]: r[1] for r in store.query("SELECT id, status FROM calls WHERE campaign_week_id = ?", (week_id,))}
    named = [call_id for _, call_id in graded if call_id is not None]
    if len(set(named)) != len(named):
        out.append("a call is counted twice among its graded calls")
    for call_id, call_status in sorted(linked.items()):
        if call_status == "completed" and call_id not in named:
            out.append(f"call {call_id} names the week but is not one of its graded calls")
    for (seq, call_id), result in zip(graded, week.results):
        if call_id is None:
            continue  # graded before calls were full records (records schema 9)
        row = store.call(call_id)
        where = f"call {seq} (day {result.entry.day}, {result.entry.account})"
        if row is None:
            out.append(f"{where}: its record {call_id} is not in the records (deleted?)")
            continue
        diff = _call_differences(store, row, result, week_id, trainee)
        if diff:
            out.append(f"{where}: " + "; ".join(diff))
    if status == "completed":
        if not week.finished:
            out.append(f"it is stored as completed but its decisions end on day {week.day} of {campaign.days}")
        try:
            stored = json.loads(report_text) if report_text else None
        except ValueError:
            stored = None
        if not isinstance(stored, dict):
            out.append("its stored report is missing or unreadable")
        elif not _same(stored, build_report(week).to_dict()):
            rebuilt = build_report(week).to_dict()
            fields = [k for k in sorted(set(stored) | set(rebuilt)) if not _same(stored.get(k), rebuilt.get(k))]
            out.append("its stored report is not what its decisions give: " + ", ".join(fields[:5])
                       + (f" (+{len(fields) - 5} more)" if len(fields) > 5 else ""))
    return out


def _call_differences(store: RecordStore, row: Any, result: Any, week_id: str, trainee: str) -> list[str]:
    """Where a call's own record says something else than the week's re-play of it."""
    entry, out = result.entry, []
    if row.campaign_week_id != week_id:
        out.append("its record does not name this week")
    if row.trainee.casefold() != trainee.casefold():
        out.append(f"its record is {row.trainee}'s, the week {trainee}'s")
    if row.status != "completed":
        out.append(f"its record is {row.status.replace('_', ' ')}, not completed")
    if row.scenario_id != entry.scenario or row.seed != entry.seed:
        out.append("another scenario or reply-order seed than the week's")
    if [d.choice for d in store.decisions(row.id)] != list(entry.choices):
        out.append("other replies than the week's")
    log = {k: v for k, v in (row.wrapup or {}).items() if k in _LOG_KEYS}
    if entry.wrapup is not None and not _same(log, {k: v for k, v in entry.wrapup.items() if k in _LOG_KEYS}):
        out.append("another call log than the week's")
    if entry.wrapup is None and log:
        out.append("a call log the week does not have")
    if row.status == "completed" and (row.overall != result.score.overall or row.passed != result.verdict.passed):
        out.append(f"overall {row.overall} {'passed' if row.passed else 'not passed'} stored, "
                   f"{result.score.overall} {'passed' if result.verdict.passed else 'not passed'} in the week")
    return out
