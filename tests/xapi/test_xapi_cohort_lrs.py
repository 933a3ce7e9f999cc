"""A cohort with a roster synced to the real Ralph LRS, then read back the way an LRS dashboard would:
who completed or failed the program (and got a certificate), who walked away from a call and when, and
the share of trainees who chose the best reply at each decision — the same figures the records give
(game/records/grading.py, game/reports/best_reply.py). Every statement is valid by Ralph's strict model."""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest

from game.content.library import Library
from game.content.program_loader import load_program
from game.records.certificates import issue
from game.records.grading import trainee_progress
from game.records.store import RecordStore
from game.reports.best_reply import best_reply_shares
from game.xapi.catalog import Catalog
from game.xapi.lrs import LrsClient
from game.xapi.outbox import export_lines
from game.xapi.scheme import EARNED_VERB, XapiConfig
from game.xapi.sync import sync
from ralph_server import RalphServer, validate
from xapi_calls import first, last, record_call

ADL = "http://adlnet.gov/expapi/verbs/"
LMS = "https://lms.example.org"
ROSTER = {  # name -> (email, account name)
    "Ana Ruiz": ("ana.ruiz@example.org", None),
    "Ben Okafor": (None, "ben.okafor"),
    "Chloé Martin": ("chloe.martin@example.org", None),
    "Dev Patel": ("dev.patel@example.org", None),
    "Eun-ji Seo": (None, "eunji.seo"),
}


def program_file(folder: Path, program_id: str) -> Path:
    lines = [f"format: 1\nid: {program_id}\ntitle: Cohort week\nsummary: Two calls, one attempt each.\n"
             "attempts: 1\nabandon_after_minutes: 30\nroster:"]
    for name, (email, account) in ROSTER.items():
        lines.append(f"  - name: {name}\n    group: cohort-a")
        lines.append(f"    email: {email}" if email else f"    account: {{name: {account}, home_page: {LMS}}}")
    lines.append("scenarios:\n  - id: sunrise-bakery\n  - id: harbor-logistics\n    requires: [sunrise-bakery]\n")
    path = folder / f"{program_id}.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def agent_key(actor: dict) -> str:
    return actor.get("mbox") or json.dumps(actor.get("account"), sort_keys=True)


def expected_agent(name: str) -> dict:
    email, account = ROSTER[name]
    return {"mbox": f"mailto:{email}"} if email else {"account": {"homePage": LMS, "name": account}}


def fetch(lrs: RalphServer, **params: str) -> list[dict]:
    """GET /statements with these filters, following `more` links."""
    out: list[dict] = []
    path = "statements?" + urlencode({**params, "limit": 100})
    while path:
        status, data = lrs.request("GET", path)
        assert status == 200, (status, data)
        out.extend(data["statements"])
        more = data.get("more") or ""
        path = more.split("/xAPI/", 1)[1] if "/xAPI/" in more else ""
    return out


class Dashboard:
    """What the LRS holds under one activity base, read back over its statements API. Ralph 5.1.0's file
    backend ignores no filter but matches none on `verb` or `activity` (it compares an IRI model with a
    string), so those two are applied here, as a dashboard reading the LRS would; `registration` and
    paging are Ralph's own."""

    def __init__(self, lrs: RalphServer, base: str) -> None:
        self.lrs = lrs
        self.held = [s for s in fetch(lrs) if s["object"]["id"].startswith(base + "/")]

    def query(self, verb: str | None = None, activity: str | None = None,
              registration: str | None = None) -> list[dict]:
        found = fetch(self.lrs, registration=registration) if registration else self.held
        return [s for s in found if (verb is None or s["verb"]["id"] == verb)
                and (activity is None or s["object"]["id"] == activity)]


@pytest.fixture
def cohort(tmp_path: Path, library: Library, store: RecordStore) -> tuple[Catalog, str, dict[str, str]]:
    """Five trainees through a two-call program: Ana and Eun-ji complete it, Ben fails the first call,
    Chloé the second, Dev walks away mid-call; Ana also plays a practice call."""
    program_id = f"cohort-{uuid.uuid4().hex[:8]}"
    loaded = load_program(program_file(tmp_path, program_id), library.scenarios)
    assert loaded.program is not None, [d.format() for d in loaded.diagnostics.items]
    catalog = Catalog(library.scenarios, {program_id: loaded.program})
    calls = {}
    for name, picks in (("Ana Ruiz", (first, first)), ("Ben Okafor", (last,)), ("Chloé Martin", (first, last)),
                        ("Eun-ji Seo", (first, first))):
        for scenario_id, pick in zip(("sunrise-bakery", "harbor-logistics"), picks):
            record_call(store, library, scenario_id, name, pick, program_id=program_id)
    record_call(store, library, "crestview-dental", "Ana Ruiz", first)  # practice: no program
    calls["Dev Patel"] = record_call(store, library, "sunrise-bakery", "Dev Patel", first, program_id=program_id,
                                     stop_after=2).call_id
    for name in ("Ana Ruiz", "Eun-ji Seo"):
        issue(store, loaded.program, library.scenarios, name, None)
    store.clock.now += _dt.timedelta(minutes=45)  # Dev's call is now idle past the program's 30 minutes
    return catalog, program_id, calls


def test_a_cohort_in_the_lrs_gives_the_records_figures(lrs: RalphServer, ralph_python: Path, store: RecordStore,
                                                       library: Library, cohort) -> None:
    catalog, program_id, calls = cohort
    program = catalog.programs[program_id]
    config = XapiConfig.make(f"https://cohort-{uuid.uuid4().hex[:8]}.example/xapi")
    client = LrsClient(lrs.endpoint, lrs.user, lrs.password)

    report = sync(store, client, config, catalog=catalog)
    assert report.problem is None and report.pending == 0 and report.abandoned == 1
    again = sync(store, client, config, catalog=catalog)  # idempotent: nothing new, nothing re-sent
    assert (again.queued, again.sent, again.abandoned) == (0, 0, 0)

    ours = [json.loads(line) for line in export_lines(store, config, catalog)]
    lrs_view = Dashboard(lrs, config.activity_base)
    assert sorted(s["id"] for s in lrs_view.held) == sorted(s["id"] for s in ours)
    assert validate(ralph_python, ours) == ["ok"] * len(ours)
    assert len({s["id"] for s in ours}) == len(ours) == report.sent

    # identity: every statement names the roster's mbox or account, never only the typed name
    for s in ours:
        assert "mbox" in s["actor"] or s["actor"]["account"]["homePage"] == LMS, s["actor"]
    mine = {agent_key(expected_agent(n)): n for n in ROSTER}
    assert {mine[agent_key(s["actor"])] for s in ours} == set(ROSTER)

    # completion the LMS can see: passed/failed for the program activity = the program's grading
    activity = config.program(program_id)
    verdicts = {}
    for verb in ("passed", "failed"):
        for s in lrs_view.query(verb=ADL + verb, activity=activity):
            verdicts[mine[agent_key(s["actor"])]] = verb
            assert s["result"]["completion"] is True and s["result"]["success"] is (verb == "passed")
    expected = {}
    for name in ROSTER:
        progress = trainee_progress(store, program, library.scenarios, name)
        if progress.complete or progress.failed:
            expected[name] = "passed" if progress.complete else "failed"
    assert verdicts == expected == {"Ana Ruiz": "passed", "Eun-ji Seo": "passed", "Ben Okafor": "failed",
                                    "Chloé Martin": "failed"}
    completed = lrs_view.query(verb=ADL + "completed", activity=activity)
    assert sorted(mine[agent_key(s["actor"])] for s in completed) == sorted(expected)
    when = {mine[agent_key(s["actor"])]: s["timestamp"] for s in completed}
    deciding = {"Ana Ruiz": "harbor-logistics", "Eun-ji Seo": "harbor-logistics", "Ben Okafor": "sunrise-bakery",
                "Chloé Martin": "harbor-logistics"}  # the call that completed it, or used up the last attempt
    for name, scenario_id in deciding.items():
        ended = next(r.ended_at for r in store.calls(trainee=name, program_id=program_id)
                     if r.scenario_id == scenario_id)
        assert _dt.datetime.fromisoformat(when[name].replace("Z", "+00:00")) == \
            _dt.datetime.fromisoformat(ended.replace("Z", "+00:00")), name
    earned = lrs_view.query(verb=EARNED_VERB)
    assert sorted(mine[agent_key(s["actor"])] for s in earned if s["object"]["id"].startswith(activity)) == \
        ["Ana Ruiz", "Eun-ji Seo"]
    assert all(s["result"]["extensions"][config.extension("certificate-code")] in store.certificate_codes()
               for s in earned if s["object"]["id"].startswith(activity))

    # the walk-away: abandoned as of its last decision, terminated at that time
    row = store.call(calls["Dev Patel"])
    last_decision = store.decision_rows(row.id)[-1].at
    assert row.status == "abandoned" and row.abandoned_at == last_decision and row.ended_at is None
    ended = [s for s in lrs_view.query(verb=ADL + "terminated", registration=row.id)]
    assert len(ended) == 1 and mine[agent_key(ended[0]["actor"])] == "Dev Patel"
    stamp = _dt.datetime.fromisoformat(ended[0]["timestamp"].replace("Z", "+00:00"))
    assert stamp == _dt.datetime.fromisoformat(last_decision.replace("Z", "+00:00"))

    # "% chose the best reply at node X", the dashboard way: response in correctResponsesPattern
    scenario_id = "sunrise-bakery"
    shares = best_reply_shares(store, scenario_id)
    assert len(shares) >= 3 and any(0 < chose < total for chose, total in shares.values())
    for node_id, (chose, total) in shares.items():
        answers = lrs_view.query(verb=ADL + "answered", activity=config.node(scenario_id, node_id))
        deciders, best = set(), set()
        for s in answers:
            definition = s["object"]["definition"]
            assert definition["interactionType"] == "choice"
            assert [c["id"] for c in definition["choices"]] == \
                [c.id for c in library.scenarios[scenario_id].nodes[node_id].choices]
            right = s["result"]["response"] in definition["correctResponsesPattern"]
            assert right is s["result"]["success"]
            deciders.add(agent_key(s["actor"]))
            if right:
                best.add(agent_key(s["actor"]))
        assert (len(best), len(deciders)) == (chose, total), node_id
