"""The statements built from really played, really stored calls: their shapes, ids, timestamps, the
activity-id scheme and actor mapping, and their validity by Ralph's own strict pydantic model."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from game.content.library import Library
from game.records.store import RecordStore
from game.xapi.scheme import STATEMENT_NAMESPACE, XapiConfig, XapiConfigError, mbox_local_part
from game.xapi.statements import Statement, call_statements, iso_duration
from ralph_server import validate
from xapi_calls import Played, first, last, record_call

ADL = "http://adlnet.gov/expapi/verbs/"
BASE = "https://ardojo.example/xapi"


def built(store: RecordStore, played: Played, config: XapiConfig | None = None) -> list[Statement]:
    return call_statements(store.call(played.call_id), store.decision_rows(played.call_id), config or XapiConfig())


def verbs(statements: list[Statement]) -> list[str]:
    return [s.body["verb"]["id"].removeprefix(ADL) for s in statements]


def test_a_passed_call_yields_attempted_answers_completed_passed(store: RecordStore, library: Library) -> None:
    played = record_call(store, library, "sunrise-bakery", "Sam Lee", first)
    row = store.call(played.call_id)
    decisions = store.decision_rows(played.call_id)
    statements = built(store, played)

    assert row.passed is True
    assert verbs(statements) == ["attempted"] + ["answered"] * len(decisions) + ["completed", "passed"]
    assert [s.seq for s in statements] == list(range(len(statements)))
    start, *answers, completed, passed = [s.body for s in statements]

    assert start["timestamp"] == row.started_at
    assert start["object"]["id"] == f"{BASE}/scenarios/sunrise-bakery"
    assert start["actor"] == {"objectType": "Agent", "name": "Sam Lee",
                              "account": {"homePage": BASE, "name": "Sam Lee"}}
    assert "contextActivities" not in start["context"]  # no program: no grouping

    for body, d in zip(answers, decisions):
        assert body["timestamp"] == d.at
        assert body["object"]["id"] == f"{BASE}/scenarios/sunrise-bakery/nodes/{d.node}"
        assert body["result"]["response"] == d.said
        assert body["result"]["extensions"][f"{BASE}/extensions/scores"] == d.score
        assert body["result"]["extensions"][f"{BASE}/extensions/top"] is d.top  # a top reply there, or not
        ext = body["context"]["extensions"]
        assert ext[f"{BASE}/extensions/node"] == d.node
        assert ext[f"{BASE}/extensions/rules"] == list(d.rules) and d.rules
        # the reply by its stable id, never by where it was shown (that is only the `position` extension)
        assert ext[f"{BASE}/extensions/choice"] == d.choice_id \
            == library.scenarios["sunrise-bakery"].nodes[d.node].choices[d.choice].id
        assert ext[f"{BASE}/extensions/position"] == d.position
        acts = body["context"]["contextActivities"]
        assert acts["parent"][0]["id"] == f"{BASE}/scenarios/sunrise-bakery"
        assert acts["other"][0]["id"] == f"{BASE}/scenarios/sunrise-bakery/nodes/{d.node}/choices/{d.choice_id}"
    assert any(d.top for d in decisions) and all(isinstance(d.top, bool) for d in decisions)
    positions = [d.position for d in decisions]
    assert positions != [1] * len(decisions)  # shuffled: the replies taken (all first in the file) moved

    for body in (completed, passed):
        assert body["timestamp"] == row.ended_at
        result = body["result"]
        assert result["score"] == {"scaled": row.overall / 100, "raw": row.overall, "min": 0, "max": 100}
        assert 0 <= result["score"]["scaled"] <= 1
        assert result["success"] is True and result["completion"] is True
        assert result["duration"] == iso_duration(row.started_at, row.ended_at)
        assert result["extensions"][f"{BASE}/extensions/scores"] == row.scores
        assert result["extensions"][f"{BASE}/extensions/critical"] == []
        assert result["extensions"][f"{BASE}/extensions/marks"] == "scenario"
        assert f"{BASE}/extensions/reasons" not in result["extensions"]
    every = [s.body for s in statements]
    assert {b["context"]["registration"] for b in every} == {played.call_id}


def test_a_poor_call_ends_failed(store: RecordStore, library: Library) -> None:
    played = record_call(store, library, "harbor-logistics", "Ana", last)
    statements = built(store, played)
    row = store.call(played.call_id)
    assert row.passed is False
    assert verbs(statements)[-2:] == ["completed", "failed"]
    result = statements[-1].body["result"]
    assert result["success"] is False
    assert result["extensions"][f"{BASE}/extensions/reasons"] == row.verdict["reasons"] != []


def test_unfinished_calls_yield_what_they_have(store: RecordStore, library: Library) -> None:
    going = record_call(store, library, "crestview-dental", "Ana", first, stop_after=2)
    dropped = record_call(store, library, "crestview-dental", "Ana", first, stop_after=3, abandon=True)
    assert verbs(built(store, going)) == ["attempted", "answered", "answered"]
    ended = built(store, dropped)
    assert verbs(ended) == ["attempted", "answered", "answered", "answered", "suspended", "terminated"]
    last_decision = store.decision_rows(dropped.call_id)[-1].at
    row = store.call(dropped.call_id)
    assert row.abandoned_at == last_decision < row.ended_at  # declined later; the walk-away was at the decision
    for s in ended[-2:]:
        assert s.body["timestamp"] == last_decision and s.seq == 4
        assert s.body["result"]["duration"] == iso_duration(row.started_at, last_decision)
        assert s.body["result"]["completion"] is False
        assert "success" not in s.body["result"] and "score" not in s.body["result"]


def test_ids_are_stable_uuid5_and_bodies_rebuild_byte_for_byte(store: RecordStore, library: Library) -> None:
    played = record_call(store, library, "sunrise-bakery", "Sam", first)
    once, again = built(store, played), built(store, played)
    assert [s.to_json() for s in once] == [s.to_json() for s in again]
    for s in once:
        verb = s.body["verb"]["id"].removeprefix(ADL)
        assert s.id == s.body["id"] == str(uuid.uuid5(STATEMENT_NAMESPACE, f"{played.call_id}/{s.seq}/{verb}"))
        assert uuid.UUID(s.id).version == 5
    assert len({s.id for s in once}) == len(once)
    other = record_call(store, library, "sunrise-bakery", "Sam", first)
    assert not {s.id for s in once} & {s.id for s in built(store, other)}


def test_program_is_the_grouping_and_the_parent_of_the_call(store: RecordStore, library: Library) -> None:
    played = record_call(store, library, "sunrise-bakery", "Sam", first, program_id="ar-onboarding-week-1")
    statements = built(store, played)
    program = f"{BASE}/programs/ar-onboarding-week-1"
    for s in statements:
        acts = s.body["context"]["contextActivities"]
        if s.body["verb"]["id"].endswith("answered"):  # a node of the scenario, within the program
            assert [a["id"] for a in acts["parent"]] == [f"{BASE}/scenarios/sunrise-bakery"]
            assert [a["id"] for a in acts["grouping"]] == [program]
        else:  # the scenario itself, a part of the program
            assert [a["id"] for a in acts["parent"]] == [program] and "grouping" not in acts


def test_activity_base_and_actor_mapping_are_configurable(store: RecordStore, library: Library,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    played = record_call(store, library, "sunrise-bakery", "Ana María Ruiz", first)
    monkeypatch.setenv("ARDOJO_XAPI_BASE", "https://lms.acme.test/xapi/ardojo/")
    config = XapiConfig.make()
    body = built(store, played, config)[1].body
    assert body["object"]["id"].startswith("https://lms.acme.test/xapi/ardojo/scenarios/sunrise-bakery/nodes/")
    assert body["actor"]["account"] == {"homePage": "https://lms.acme.test/xapi/ardojo", "name": "Ana María Ruiz"}
    option = XapiConfig.make("https://other.test/x", homepage="https://sso.acme.test", mbox_domain="Acme.EXAMPLE")
    actor = built(store, played, option)[0].body["actor"]
    assert actor == {"objectType": "Agent", "name": "Ana María Ruiz", "mbox": "mailto:ana.maria.ruiz@acme.example"}
    homepage = XapiConfig.make(homepage="https://sso.acme.test").actor("Sam")["account"]["homePage"]
    assert homepage == "https://sso.acme.test"
    for bad in ("ftp://x.test", "not an iri", "https://x.test/a?b=1"):
        with pytest.raises(XapiConfigError):
            XapiConfig.make(bad)
    with pytest.raises(XapiConfigError):
        XapiConfig.make(mbox_domain="no domain")
    assert mbox_local_part("  O'Brien, Seán ") == "o.brien.sean"
    assert mbox_local_part("李") == "trainee"


def test_odd_ids_are_percent_encoded() -> None:
    config = XapiConfig()
    assert config.node("a b", "n/1") == f"{BASE}/scenarios/a%20b/nodes/n%2F1"


@pytest.mark.parametrize("start, end, expected", [
    ("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "PT0S"),
    ("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:01.250Z", "PT1.25S"),
    ("2026-01-01T00:00:00.000Z", "2026-01-01T00:02:03.400Z", "PT2M3.4S"),
    ("2026-01-01T00:00:00.000Z", "2026-01-01T01:00:00.000Z", "PT1H0S"),
    ("2026-01-01T23:59:00.000Z", "2026-01-02T00:01:30.005Z", "PT2M30.01S"),
])
def test_iso_durations(start: str, end: str, expected: str) -> None:
    assert iso_duration(start, end) == expected


def test_every_statement_is_valid_by_ralphs_model(store: RecordStore, library: Library, ralph_python: Path) -> None:
    """Ralph's LRS accepts almost anything, so each statement is checked by its strict pydantic model."""
    record_call(store, library, "sunrise-bakery", "Sam", first, program_id="ar-onboarding-week-1")
    record_call(store, library, "harbor-logistics", "Ana María Ruiz", last)
    record_call(store, library, "crestview-dental", "Lee", first)
    record_call(store, library, "crestview-dental", "Lee", last, stop_after=2, abandon=True)
    record_call(store, library, "sunrise-bakery", "Lee", first, stop_after=1)
    bodies = [s.body for config in (XapiConfig(), XapiConfig.make(mbox_domain="acme.example"))
              for call in store.calls() for s in call_statements(call, store.decision_rows(call.id), config)]
    verdicts = validate(ralph_python, bodies)
    bad = [(b["id"], v) for b, v in zip(bodies, verdicts) if v != "ok"]
    assert len(verdicts) == len(bodies) and not bad, bad
    # and the validator does reject what it should, so "ok" means something
    broken = json.loads(json.dumps(next(b for b in bodies if "score" in b.get("result", {}))))
    broken["result"]["score"]["scaled"] = 2
    no_verb = {k: v for k, v in bodies[0].items() if k != "verb"}
    assert all(v != "ok" for v in validate(ralph_python, [broken, no_verb]))
