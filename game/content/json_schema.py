"""JSON Schemas (draft 2020-12) for scenario, program and rulebook files, generated from the loaders.

The keys come from the loaders' key tables (`SCENARIO_KEYS`, `CHOICE_KEYS`, `PROGRAM_KEYS`, ...), the
enums and ranges from the content model (`Commitment`, `DIMENSIONS`, `METER_MIN`..`METER_MAX`, the
condition operators), so the schemas cannot drift from what `ardojo validate` accepts: a key added to a
table without a description here makes generation fail. The generated files are checked in under
`game/content/schema/` for editors (VS Code's YAML extension reads the `# yaml-language-server:
$schema=...` line at the top of a scenario); a test regenerates them and compares.

The schemas declare draft 2020-12 but use only keywords that mean the same in draft-07, the draft the
YAML language server behind editors implements fully (a test checks the list). They never reject what
the loader accepts (an optional key may be left empty, text may be a number); what they cannot express
(goto targets, whether a rule id exists, the graph, leading zeros in numbers) is left to `ardojo validate`
(docs/authoring.md lists it). Every `pattern` carries a `patternErrorMessage` in words (from
`schema_text.PATTERN_MESSAGES`), which yaml-language-server shows instead of the regular expression.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Mapping

from game.content.data_dirs import scenarios_dir
from game.content.fields import KEBAB
from game.content.model import (CHOICE_DIMENSIONS, DIMENSIONS, FORMAT_VERSION, MARK_KEYS, METER_MAX, METER_MIN,
                                OPERATORS, REQUIRED_METERS, Commitment)
from game.content.rulebook_loader import RULE_KEYS, SOURCE_KEYS, load_rulebook
from game.content.schema import SCHEMA_DIR, SCHEMA_FILES, schema_path
from game.content.scenario_loader import (CLOSING_KEYS, INTERRUPTED_KEYS, PACE_KEYS, PACE_MOOD, PACE_WAIT)
from game.content.scenario_loader import (ACCOUNT_KEYS, CHOICE_KEYS, END_KEYS, INSTALMENT_KEYS, INVOICE_KEYS,
                                          MAX_CHOICES, METER_NAME, NODE_KEYS, PERSONA_KEYS, ROUTE_KEYS, SCENARIO_KEYS,
                                          SCORE_LIMIT, TIME, VOICE_KEYS)
from game.content.schema_text import DESCRIPTIONS, PATTERN_MESSAGES, SNIPPETS, TEXT_ERROR_MESSAGE
from game.content.program_loader import (MAX_ABANDON_MINUTES, MAX_ATTEMPTS, MAX_STUCK_DAYS, PROGRAM_FORMAT, PROGRAM_KEYS,
                                         REQUIRED_KEYS, STEP_KEYS, THRESHOLD_KEYS)
from game.content.program_roster import ORGANISATION_KEYS, ROSTER_ACCOUNT_KEYS, ROSTER_KEYS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NONBLANK = r"\S"
DATE = r"^\d{4}-\d{2}-\d{2}$"
URL = r"^https?://\S+$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: The rulebook whose rule ids are offered as completions for `rules:` (the project's own).
RULEBOOK = scenarios_dir() / "rulebook.yaml"

# Ranges the loaders check inline (kept here in one place; tests/content/test_json_schema.py checks each
# boundary against the loader).
DIFFICULTY = (1, 3)
VOICE_RATE = (80, 400)
VOICE_GENDERS = ("female", "male")
END_DAYS = (0, 3650)
INVOICE_MIN_AMOUNT = 0.01
INSTALMENT_MIN_AMOUNT = 0.01
THRESHOLD_RANGE = (0, 100)
MOOD_CHANGE = (-100, 100)
RULE_KINDS = ("do", "dont")


class SchemaDrift(Exception):
    """A loader's key table and the schema descriptions disagree (a developer error, not a user one)."""


# -- building blocks ------------------------------------------------------------------------------

def _describe(schema: dict[str, Any], where: str) -> dict[str, Any]:
    """`schema` with the description of `where` (replacing a more general one it had)."""
    if where not in DESCRIPTIONS:
        raise SchemaDrift(f"no description for '{where}' in game/content/schema_text.py")
    return {"description": DESCRIPTIONS[where], **{k: v for k, v in schema.items() if k != "description"}}


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    """The loader treats an optional key left empty (`key:`) as absent, so null is allowed too, and
    optional text may be blank."""
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**{k: v for k, v in schema.items() if (k, v) != ("pattern", NONBLANK)}, "type": kinds + ["null"]}
    if set(schema) == {"anyOf"}:
        return {"anyOf": schema["anyOf"] + [{"type": "null"}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _text() -> dict[str, Any]:
    # The loader reads text, and numbers as text, but not blank text where the key is required.
    return {"type": ["string", "number"], "pattern": NONBLANK, "errorMessage": TEXT_ERROR_MESSAGE}


def _integer(lo: int, hi: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": lo, "maximum": hi}


def _date() -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": DATE}


def _text_list() -> dict[str, Any]:
    return {"type": "array", "items": {"type": ["string", "number"]}}


def _meters(lo: int, hi: int, required: Iterable[str] = ()) -> dict[str, Any]:
    """A mapping of meter name -> integer (patience and trust listed for completion)."""
    value = _integer(lo, hi)
    schema: dict[str, Any] = {"type": "object", "properties": {m: value for m in REQUIRED_METERS},
                              "propertyNames": {"pattern": METER_NAME.pattern}, "additionalProperties": value}
    if required:
        schema["required"] = list(required)
    return schema


def _object(where: str, keys: tuple[str, ...], props: Mapping[str, dict[str, Any]],
            required: Iterable[str], **extra: Any) -> dict[str, Any]:
    """An object with exactly the loader's keys (in its order), each described; others are refused."""
    required = tuple(required)
    if set(keys) != set(props) or not set(required) <= set(keys):
        raise SchemaDrift(f"{where}: the loader's keys {sorted(keys)} and the schema's {sorted(props)} differ")
    properties = {}
    for key in keys:
        schema = props[key] if key in required else _optional(props[key])
        properties[key] = _describe(schema, f"{where}.{key}")
    out = {"type": "object", "properties": properties, "additionalProperties": False, **extra}
    if required:
        out["required"] = list(required)
    return _describe(out, where)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def condition_pattern() -> str:
    """The condition grammar as a regular expression: `meter op number` joined by `and`, numbers 0..100."""
    ops = "|".join(sorted(OPERATORS, key=len, reverse=True))
    assert (METER_MIN, METER_MAX) == (0, 100), "the number pattern below spells out 0..100"
    number = r"(?:-0+|0*(?:100|[1-9]?[0-9]))"
    clause = rf"[A-Za-z_][A-Za-z0-9_]*\s*(?:{ops})\s*{number}"
    return rf"^\s*{clause}(?:\s+and\s+{clause})*\s*$"


def _rule_ids(rulebook: Path | None) -> list[str]:
    if rulebook is None or not rulebook.is_file():
        return []
    loaded = load_rulebook(rulebook).rulebook
    return sorted(loaded.rules) if loaded is not None else []


def patterns() -> dict[str, str]:
    """Every pattern the schemas use -> its name in `schema_text.PATTERN_MESSAGES`."""
    return {NONBLANK: "nonblank", DATE: "date", METER_NAME.pattern: "meter", condition_pattern(): "condition",
            KEBAB.pattern: "kebab", f"^$|{KEBAB.pattern}": "choice-id", TIME.pattern: "time", URL: "url",
            EMAIL: "email"}


def _with_messages(schema: Any, names: dict[str, str]) -> Any:
    """`schema` with a `patternErrorMessage` beside every `pattern`, so an editor says what to write
    instead of showing the regular expression."""
    if isinstance(schema, list):
        return [_with_messages(item, names) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _with_messages(value, names) if key not in ("enum", "const", "examples", "defaultSnippets")
           else value for key, value in schema.items()}
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        name = names.get(pattern)
        if name is None or name not in PATTERN_MESSAGES:
            raise SchemaDrift(f"no message for the pattern {pattern!r} in game/content/schema_text.py")
        out["patternErrorMessage"] = PATTERN_MESSAGES[name].format(operators=" ".join(sorted(OPERATORS)))
    return out


def _document(kind: str, title: str, root: dict[str, Any], defs: dict[str, Any] | None = None) -> dict[str, Any]:
    names = patterns()
    root = _with_messages(root, names)
    defs = _with_messages(defs, names) if defs else defs
    doc = {"$schema": DRAFT, "$comment": f"Generated by `ardojo schema --write` from the {kind} loader; "
                                          "do not edit by hand.",
           "title": title, **root}
    if defs:
        doc["$defs"] = defs
    return doc


# -- the three schemas ----------------------------------------------------------------------------

def scenario_schema(rulebook: Path | None = RULEBOOK) -> dict[str, Any]:
    """The schema of a scenario file (see docs/scenario-format.md)."""
    kebab = {"type": "string", "pattern": KEBAB.pattern}
    rule_id = {**kebab, **({"examples": _rule_ids(rulebook)} if rulebook else {})}
    voice = _object("voice", VOICE_KEYS, {
        "rate": _integer(*VOICE_RATE), "gender": {"enum": list(VOICE_GENDERS)}, "id": _text()}, ())
    persona = _object("persona", PERSONA_KEYS, {
        "name": _text(), "company": _text(), "role": _text(), "voice": voice,
        "mood": _meters(METER_MIN, METER_MAX, REQUIRED_METERS)}, ("name", "company", "mood"))
    invoice = _object("invoice", INVOICE_KEYS, {
        "number": _text(), "amount": {"type": "number", "minimum": INVOICE_MIN_AMOUNT},
        "issued": _date(), "due": _date(), "note": _text()}, ("number", "amount", "issued", "due"))
    account = _object("account", ACCOUNT_KEYS, {
        "terms": _text(), "as_of": _date(), "invoices": {"type": "array", "minItems": 1, "items": invoice},
        "history": _text_list(), "contact": _text(), "notes": _text_list()}, ("terms", "invoices"))
    thresholds = _object("pass", MARK_KEYS, dict.fromkeys(MARK_KEYS, _integer(*THRESHOLD_RANGE)), ())
    score = _object("score", CHOICE_DIMENSIONS, dict.fromkeys(CHOICE_DIMENSIONS, _integer(-SCORE_LIMIT, SCORE_LIMIT)),
                    (), minProperties=1)
    route = _object("route", ROUTE_KEYS, {
        "if": {"type": "string", "pattern": condition_pattern()}, "to": _text()}, ("to",))
    rule_list = {"anyOf": [rule_id, {"type": "array", "items": rule_id}]}
    # a choice's id may be left blank (the default id is used) and may be a plain number
    choice_id = {"type": ["string", "integer"], "pattern": f"^$|{KEBAB.pattern}", "minimum": 0}
    choice = _object("choice", CHOICE_KEYS, {
        "id": choice_id, "say": _text(), "score": score, "mood": _meters(*MOOD_CHANGE),
        "rules": rule_list, "breaks": rule_list, "critical": rule_id,
        "feedback": _text(),
        "goto": {"anyOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": route}]},
    }, ("say", "score", "goto"), defaultSnippets=SNIPPETS["choice"],
        # `rules` (at least one) is required unless the reply lists what it breaks or is critical
        anyOf=[{"required": ["rules"], "properties": {"rules": {"anyOf": [
                   rule_id, {"type": "array", "minItems": 1, "items": rule_id}]}}},
               {"required": ["breaks"]}, {"required": ["critical"]}])
    instalment = _object("instalment", INSTALMENT_KEYS, {
        "amount": {"type": "number", "minimum": INSTALMENT_MIN_AMOUNT}, "days": _integer(*END_DAYS)},
        INSTALMENT_KEYS)
    ending = _object("end", END_KEYS, {
        "commitment": {"enum": [c.value for c in Commitment]}, "amount": {"type": "number", "minimum": 0},
        "days": _integer(*END_DAYS), "instalments": {"type": "array", "minItems": 1, "items": instalment},
        "time": {"type": "string", "pattern": TIME.pattern},
        "closing": _object("closing", CLOSING_KEYS, {"caller": _text(), "client": _text()}, ())}, ("commitment",),
        # instalments belong to a plan
        anyOf=[{"properties": {"instalments": {"type": "null"}}},
               {"properties": {"commitment": {"const": Commitment.PLAN.value}}}])
    node = _object("node", NODE_KEYS, {
        "client": _text(), "choices": {"type": "array", "minItems": 1, "maxItems": MAX_CHOICES,
                                       "items": _ref("choice")},
        "end": ending}, ("client",), oneOf=[{"required": ["choices"]}, {"required": ["end"]}],
        defaultSnippets=SNIPPETS["node"])
    root = _object("scenario", SCENARIO_KEYS, {
        "format": {"const": FORMAT_VERSION}, "id": kebab, "title": _text(), "archetype": _text(),
        "difficulty": _integer(*DIFFICULTY), "summary": _text(), "persona": persona, "account": account,
        "objective": _text(), "start": _text(), "hang_up_when": _meters(METER_MIN, METER_MAX),
        "hang_up_to": _text(), "pass": thresholds,
        "pace": _object("pace", PACE_KEYS, {
            "wait": _integer(*PACE_WAIT), "mood": _meters(*PACE_MOOD),
            "interrupted": _object("pace.interrupted", INTERRUPTED_KEYS, {
                "say": _text(), "mood": _meters(*PACE_MOOD)}, ())}, ()),
        "nodes": {"type": "object", "minProperties": 1, "propertyNames": {"pattern": KEBAB.pattern},
                  "additionalProperties": _ref("node")},
    }, ("format", "id", "title", "archetype", "difficulty", "persona", "account", "objective", "start", "nodes"))
    return _document("scenario", "AR Dojo scenario", root, {"node": node, "choice": choice})


def program_schema() -> dict[str, Any]:
    """The schema of an onboarding program file (see docs/programs.md)."""
    thresholds = _object("program.pass", THRESHOLD_KEYS, dict.fromkeys(THRESHOLD_KEYS, _integer(*THRESHOLD_RANGE)),
                         ())
    required_id = {"type": "string", "pattern": NONBLANK}
    step = _object("program.step", STEP_KEYS, {
        "id": _text(), "attempts": _integer(1, MAX_ATTEMPTS), "pass": thresholds, "recall": {"type": "boolean"},
        "requires": {"anyOf": [required_id, {"type": "array", "items": required_id}]}}, ("id",))
    account = _object("program.member.account", ROSTER_ACCOUNT_KEYS, {
        "name": _text(), "home_page": {"type": "string", "pattern": URL}}, ROSTER_ACCOUNT_KEYS)
    member = _object("program.member", ROSTER_KEYS, {
        "name": _text(), "email": {"type": "string", "pattern": EMAIL},
        "account": account, "group": _text()}, ("name",))
    organisation = _object("program.organisation", ORGANISATION_KEYS, dict.fromkeys(ORGANISATION_KEYS, _text()),
                           ("name",))
    root = _object("program", PROGRAM_KEYS, {
        "format": {"const": PROGRAM_FORMAT}, "id": {"type": "string", "pattern": KEBAB.pattern}, "title": _text(),
        "summary": _text(), "attempts": _integer(1, MAX_ATTEMPTS), "pass": thresholds,
        "stuck_after_days": _integer(1, MAX_STUCK_DAYS), "abandon_after_minutes": _integer(1, MAX_ABANDON_MINUTES),
        "organisation": organisation, "roster": {"type": "array", "items": member},
        "scenarios": {"type": "array", "minItems": 1, "items": {"anyOf": [{"type": "string"}, step]}},
    }, REQUIRED_KEYS)
    return _document("program", "AR Dojo onboarding program", root)


def rulebook_schema() -> dict[str, Any]:
    """The schema of the rulebook (scenarios/rulebook.yaml)."""
    source = _object("rule.source", SOURCE_KEYS, {"article": _text(), "section": _text()}, SOURCE_KEYS)
    rule = _object("rule", RULE_KEYS, {
        "id": {"type": "string", "pattern": KEBAB.pattern}, "kind": {"enum": list(RULE_KINDS)},
        "title": _text(), "summary": _text(),
        "dimensions": {"type": "array", "minItems": 1, "items": {"enum": list(DIMENSIONS)}},
        "sources": {"type": "array", "minItems": 1, "items": source}}, RULE_KEYS)
    root = _object("rulebook", ("format", "rules"), {
        "format": _integer(1, FORMAT_VERSION), "rules": {"type": "array", "items": rule}}, ("format", "rules"))
    return _document("rulebook", "AR Dojo rulebook", root)


GENERATORS = {"scenario": scenario_schema, "program": program_schema, "rulebook": rulebook_schema}


def render(kind: str) -> str:
    """The text of one schema file, as checked in (stable key order, two-space indent)."""
    return json.dumps(GENERATORS[kind](), indent=2, ensure_ascii=False) + "\n"


def stale_files() -> list[Path]:
    """The checked-in schema files that differ from what the loaders generate now."""
    return [schema_path(kind) for kind in SCHEMA_FILES
            if not schema_path(kind).is_file() or schema_path(kind).read_text(encoding="utf-8") != render(kind)]


def write_all() -> list[Path]:
    """Regenerate every schema file; returns the files that changed."""
    changed = stale_files()
    SCHEMA_DIR.mkdir(exist_ok=True)
    for path in changed:
        kind = next(k for k, name in SCHEMA_FILES.items() if name == path.name)
        path.write_text(render(kind), encoding="utf-8")
    return changed
