"""The JSON Schemas: regenerating gives the checked-in files, every real file validates, broken files are
refused, and the schema agrees with the loader key by key and bound by bound (so an editor never
underlines what `ardojo validate` accepts, and underlines the shape mistakes it refuses)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any, Callable

import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker

from content_helpers import REPO, SCENARIOS, base_dict, dump, load
from game.content import json_schema
from game.content.json_schema import SchemaDrift, condition_pattern, render
from game.content.rulebook_loader import load_rulebook
from game.content.schema import SCHEMA_FILES, schema_path
from game.records.programs import load_program

KINDS = tuple(SCHEMA_FILES)
SCENARIO_FILES = sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "rulebook.yaml") + \
    sorted((REPO / "tests" / "engine" / "fixtures").glob("*.yaml"))


def plain(data: Any) -> Any:
    """YAML data as an editor's YAML 1.2 reader sees it: dates are strings."""
    if isinstance(data, dict):
        return {str(k): plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def problems(kind: str, data: Any) -> list[str]:
    """Schema errors as `path: message`, sorted."""
    errors = validator(kind).iter_errors(plain(data))
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


# -- generated, checked in, well-formed -------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_checked_in_schema_is_what_the_loaders_generate(kind):
    assert schema_path(kind).read_text(encoding="utf-8") == render(kind), \
        f"{schema_path(kind)} is out of date: run `ardojo schema --write`"


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_a_valid_draft_2020_12_schema(kind):
    schema = json.loads(schema_path(kind).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


#: Keywords that mean the same in draft-07, which editors' YAML language server implements fully, and in
#: 2020-12 (plus `$defs`, whose `#/$defs/...` references resolve as plain JSON pointers in both).
PORTABLE = {"$schema", "$comment", "$defs", "$ref", "title", "description", "examples", "defaultSnippets", "type",
            "properties", "additionalProperties", "propertyNames", "required", "minProperties", "items", "minItems",
            "maxItems", "enum", "const", "minimum", "maximum", "pattern", "format", "anyOf", "oneOf",
            "patternErrorMessage", "errorMessage"}  # the last two: yaml-language-server's messages


def keywords(schema: Any) -> set[str]:
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key in ("properties", "$defs"):
            for sub in value.values():
                found |= keywords(sub)
        elif key in ("items", "additionalProperties", "propertyNames"):
            found |= keywords(value)
        elif key in ("anyOf", "oneOf"):
            for sub in value:
                found |= keywords(sub)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_schema_uses_only_keywords_editors_understand(kind):
    assert keywords(json.loads(schema_path(kind).read_text(encoding="utf-8"))) <= PORTABLE


def test_a_key_added_to_a_loader_table_without_a_schema_entry_fails_generation(monkeypatch):
    monkeypatch.setattr(json_schema, "CHOICE_KEYS", json_schema.CHOICE_KEYS + ("tone",))
    with pytest.raises(SchemaDrift, match="choice: the loader's keys"):
        json_schema.scenario_schema()


@pytest.mark.parametrize("key", ["rules", "breaks", "critical"])
def test_rule_ids_are_offered_as_completions(key):
    rules = load_rulebook(SCENARIOS / "rulebook.yaml").rulebook
    schema = json.loads(schema_path("scenario").read_text(encoding="utf-8"))
    prop = schema["$defs"]["choice"]["properties"][key]
    rule_id = prop["anyOf"][0] if "anyOf" in prop else prop
    assert rule_id["examples"] == sorted(rules.rules)


# -- every real file validates ----------------------------------------------------------------------

@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.name)
def test_every_real_scenario_validates(path):
    assert problems("scenario", yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", sorted((SCENARIOS / "programs").glob("*.yaml")), ids=lambda p: p.name)
def test_every_real_program_validates(path):
    assert problems("program", yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_the_rulebook_validates():
    assert problems("rulebook", yaml.safe_load((SCENARIOS / "rulebook.yaml").read_text(encoding="utf-8"))) == []


# -- broken files are refused -----------------------------------------------------------------------

def test_broken_scenario_is_refused_at_each_mistake():
    data = base_dict()
    data["difficulty"] = 4
    data["persona"]["mood"] = {"patience": 60}
    choice = data["nodes"]["greeting"]["choices"][0]
    choice["feedbak"] = choice.pop("feedback")
    choice["score"]["professionalism"] = 11
    data["nodes"]["pays"]["end"]["commitment"] = "maybe"
    data["nodes"]["hangs-up"]["choices"] = []
    assert problems("scenario", data) == [
        "difficulty: 4 is greater than the maximum of 3",
        "nodes/greeting/choices/0/score/professionalism: 11 is greater than the maximum of 10",
        "nodes/greeting/choices/0: Additional properties are not allowed ('feedbak' was unexpected)",
        "nodes/hangs-up/choices: [] should be non-empty",
        "nodes/hangs-up: {'client': 'Bye.', 'end': {'commitment': 'none'}, 'choices': []} is valid under each "
        "of {'required': ['end']}, {'required': ['choices']}",
        "nodes/pays/end/commitment: 'maybe' is not one of ['full', 'plan', 'partial', 'callback', 'none']",
        "persona/mood: 'trust' is a required property",
    ]


def test_broken_program_and_rulebook_are_refused():
    assert problems("program", {"format": 2, "id": "Week 1", "title": "W", "scenarios": [], "atempts": 3}) == [
        ": Additional properties are not allowed ('atempts' was unexpected)",
        "format: 1 was expected",
        "id: 'Week 1' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        "scenarios: [] should be non-empty",
    ]
    rule = {"id": "do-x", "kind": "maybe", "title": "X", "summary": "S", "dimensions": ["tone"], "sources": []}
    assert problems("rulebook", {"format": 1, "rules": [rule]}) == [
        "rules/0/dimensions/0: 'tone' is not one of ['professionalism', 'empathy', 'clarity', 'commitment']",
        "rules/0/kind: 'maybe' is not one of ['do', 'dont']",
        "rules/0/sources: [] should be non-empty",
    ]


# -- the schema agrees with the loader ---------------------------------------------------------------

def full_scenario() -> dict:
    """The minimal scenario with every optional key written too."""
    data = base_dict()
    data["summary"] = "A short call."
    data["persona"].update(role="Owner", voice={"rate": 165, "gender": "female", "id": "gmw/en-US"})
    data["account"].update(as_of=dt.date(2026, 11, 23), history=["Paid late twice"], contact="Maria",
                           notes=["Prefers mornings"])
    data["account"]["invoices"][0]["note"] = "Flour"
    data.update(hang_up_when={"patience": 0}, hang_up_to="hangs-up",
                **{"pass": {"overall": 70, "professionalism": 50, "empathy": 50, "clarity": 50, "commitment": 50,
                            "wrapup": 75}})
    data["nodes"]["pays"]["end"]["amount"] = 100.0
    data["nodes"]["greeting"]["choices"][0]["id"] = "opening"
    choice = data["nodes"]["greeting"]["choices"][1]
    choice["goto"] = [{"if": "patience > 20", "to": "hangs-up"}, {"to": "pays"}]
    choice["critical"] = "dont-be-aggressive"
    data["nodes"]["greeting"]["choices"].append({
        "say": "Could we split it in two?", "score": {"clarity": 1}, "rules": ["do-offer-payment-plan"],
        "breaks": ["do-secure-dated-commitment"], "feedback": "A plan, if a vague one.",
        "goto": [{"if": "trust > 50", "to": "plan"}, {"to": "callback"}]})
    data["nodes"]["plan"] = {"client": "Two payments, then.", "end": {
        "commitment": "plan", "amount": 100.0, "days": 7,
        "instalments": [{"amount": 50.0, "days": 7}, {"amount": 50.0, "days": 21}]}}
    data["nodes"]["callback"] = {"client": "Call me tomorrow.",
                                 "end": {"commitment": "callback", "days": 1, "time": "14:30"}}
    return data


def key_paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every mapping key in `data` as a path of keys and list indices (nodes and meters left out: their
    keys are names, not fields)."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            path = prefix + (key,)
            if not (prefix[-1:] in (("nodes",), ("mood",), ("hang_up_when",)) or key in ("mood",)):
                out.append(path)
            out.extend(key_paths(value, path))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.extend(key_paths(value, prefix + (index,)))
    return out


def without(data: dict, path: tuple) -> dict:
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    return data


def loader_accepts(data: dict) -> bool:
    return not load(dump(data)).diagnostics.has_errors


def test_full_scenario_is_accepted_by_both():
    data = full_scenario()
    assert loader_accepts(data) and problems("scenario", data) == []


@pytest.mark.parametrize("path", key_paths(full_scenario()), ids=lambda p: "/".join(map(str, p)))
def test_each_key_is_required_by_the_schema_exactly_when_the_loader_requires_it(path):
    data = without(full_scenario(), path)
    if path[-1] in ("end", "choices"):
        pytest.skip("a node needs one of `choices` and `end`; covered by the broken-file test")
    if path[-1] == "if":
        pytest.skip("only the last route may lack `if`: a rule across list items that a schema cannot state")
    assert loader_accepts(data) == (problems("scenario", data) == []), problems("scenario", data)


def setter(path: tuple, value: Any) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value
    return apply


CHOICE = ("nodes", "greeting", "choices", 0)
POOR = ("nodes", "greeting", "choices", 1)
PLAN = ("nodes", "plan", "end")
BOUNDS = [
    (("pass", "wrapup"), [-1, 0, 75, 100, 101]),
    (CHOICE + ("id",), ["opening", "open-2", "", None, 3, "Opening", "open_2", "-open"]),
    (POOR + ("breaks",), [["dont-be-aggressive"], "dont-be-aggressive", [], None, 3, [3]]),
    (POOR + ("critical",), ["dont-be-aggressive", None, "", 3, ["dont-be-aggressive"]]),
    (POOR + ("rules",), [["do-stay-professional"], [], None]),
    (PLAN + ("instalments",), [[], None, [{"amount": 100.0, "days": 7}], "two",
                               [{"amount": 0, "days": 7}, {"amount": 100.0, "days": 21}],
                               [{"amount": 50.0, "days": 7}, {"amount": 50.0, "days": 3651}],
                               [{"amount": 50.0, "days": 7}, {"amount": 50.0}],
                               [{"amount": 50.0, "days": 7}, {"amount": 50.0, "days": 21, "note": "x"}]]),
    (("nodes", "pays", "end", "instalments"), [None, [{"amount": 100.0, "days": 3}]]),
    (("nodes", "callback", "end", "time"), ["14:30", "00:00", "23:59", "9:30", "24:00", "14:60", "noon", 870,
                                            None]),
    (("difficulty",), [0, 1, 3, 4]),
    (("persona", "voice", "rate"), [79, 80, 400, 401]),
    (("persona", "voice", "gender"), ["female", "other"]),
    (("persona", "mood", "patience"), [-1, 1, 100, 101]),  # 0 is refused as a hang-up before the call starts
    (("persona", "mood", "trust"), [-1, 0, 100, 101]),
    (("persona", "mood", "calm_level"), [50]),
    (("persona", "mood", "Calm"), [50]),
    (("account", "invoices", 0, "amount"), [0, 0.01, 2450.5, "$20"]),
    (("account", "invoices", 0, "due"), [dt.date(2026, 9, 1), "2026-09-01 10:00", "soon"]),
    (("account", "history"), [[], ["a", 3], "one line"]),
    (("pass", "overall"), [-1, 0, 100, 101]),
    (("hang_up_to",), [None, ""]),
    (("summary",), [None, "", 42]),
    (("title",), ["", " ", 2024, True]),
    (("id",), ["tiny-call", "Tiny_Call", "tiny-"]),
    (("format",), [1, 2]),
    (CHOICE + ("score", "clarity"), [-11, -10, 10, 11]),
    (CHOICE + ("score",), [{}, {"commitment": 1}]),
    (CHOICE + ("mood", "trust"), [-101, -100, 100, 101]),
    (CHOICE + ("rules",), [["do-stay-professional"], "do-stay-professional", []]),
    (CHOICE + ("feedback",), [None, ""]),
    (CHOICE + ("goto",), ["pays", [{"to": "pays"}], [], 3]),
    (("nodes", "greeting", "choices", 1, "goto", 0, "if"),
     ["patience > 20", "patience>=0 and trust != 100", "patience > 101", "patience => 20", "patience > -0",
      "patience > 20 or trust > 5", "patience >= 007"]),
    (("nodes", "pays", "end", "days"), [-1, 0, 3650, 3651]),
    (("nodes", "pays", "end", "amount"), [-1, 0]),
    (("nodes", "pays", "end", "commitment"), ["partial", "half"]),
]
CASES = [(path, value) for path, values in BOUNDS for value in values]


@pytest.mark.parametrize("path,value", CASES, ids=[f"{'/'.join(map(str, p))}={v!r}" for p, v in CASES])
def test_schema_and_loader_agree_on_values(path, value):
    data = full_scenario()
    setter(path, value)(data)
    assert loader_accepts(data) == (problems("scenario", data) == []), problems("scenario", data)


def test_condition_pattern_matches_the_condition_grammar():
    import re
    pattern = re.compile(condition_pattern())
    assert pattern.match("patience > 20 and trust >= 40")
    assert pattern.match("  trust==100 ")
    assert not pattern.match("patience > 20 and")
    assert not pattern.match("patience > 20 or trust > 5")
    assert not pattern.match("patience > 101")


def test_starter_scenarios_validate_against_the_schema(tmp_path):
    from game.authoring.starters import STARTERS
    from game.authoring.templates import render_starter
    for archetype in list(STARTERS) + ["angry"]:
        text = render_starter(archetype, "my-call", tmp_path / "my-call.yaml", dt.date(2026, 11, 23))
        assert problems("scenario", yaml.safe_load(text)) == [], archetype


def test_program_schema_agrees_with_the_loader(tmp_path):
    def program_ok(data: dict) -> bool:
        path = tmp_path / "p.yaml"
        path.write_text(dump(data), encoding="utf-8")
        return not load_program(path, ["sunrise-bakery", "harbor-logistics"]).diagnostics.has_errors

    good = {"format": 1, "id": "week-1", "title": "Week 1", "summary": None, "attempts": 3, "pass": {"overall": 70},
            "scenarios": ["sunrise-bakery", {"id": "harbor-logistics", "requires": "sunrise-bakery", "attempts": 2,
                                             "pass": {"empathy": 60}}]}
    assert program_ok(good) and problems("program", good) == []
    for key in ("format", "id", "title", "scenarios"):
        bad = without(good, (key,))
        assert not program_ok(bad) and problems("program", bad) != [], key
    for key in ("summary", "attempts", "pass"):
        assert program_ok(without(good, (key,))) and problems("program", without(good, (key,))) == [], key
    for value, ok in ((0, False), (1, True), (99, True), (100, False)):
        data = copy.deepcopy(good)
        data["attempts"] = value
        assert program_ok(data) == ok == (problems("program", data) == []), value
