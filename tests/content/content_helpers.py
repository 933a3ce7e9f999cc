"""Shared helpers for the content-layer tests: a valid minimal scenario (as hand-written YAML text with
known line numbers, and as a dict to dump), the real rulebook loaded once, and shortcuts that load a
scenario text and return its diagnostics formatted as `file:line:col: severity: message (hint: ...)`.

Imported by the test modules of this folder (pytest puts the folder on sys.path; there is no __init__.py).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from pathlib import Path

import yaml

from game.content.model import Rulebook
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import ScenarioResult, load_scenario_text

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"
RULEBOOK_PATH = SCENARIOS / "rulebook.yaml"
FILE = "s.yaml"

# A valid minimal scenario. Tests below hard-code line numbers of this text, so keep it stable:
#  1 format           10 account          17 greeting         26 say (choice 2)   32 pays
#  2 id               11 terms            18 client           27 score            33 client
#  3 title            12 invoices         19 choices          28 mood             34 end (full)
#  4 archetype        13 - invoice        20 say (choice 1)   29 breaks           35 hangs-up
#  5 difficulty       14 objective        21 score            30 feedback         36 client
#  6 persona          15 start            22 mood             31 goto hangs-up    37 end (none)
#  7 name             16 nodes            23 rules
#  8 company                              24 feedback
#  9 mood                                 25 goto pays
BASE = """\
format: 1
id: tiny-call
title: Tiny call
archetype: cash-strapped
difficulty: 1
persona:
  name: Maria Lopez
  company: Sunrise Bakery LLC
  mood: {patience: 60, trust: 40}
account:
  terms: Net 30
  invoices:
    - {number: INV-1, amount: 100.0, issued: 2026-08-01, due: 2026-08-31}
objective: Get a dated commitment
start: greeting
nodes:
  greeting:
    client: Hello?
    choices:
      - say: Hi Maria, Sam from Northwind about invoice INV-1.
        score: {professionalism: 1, clarity: 1}
        mood: {trust: 5}
        rules: [do-stay-professional]
        feedback: Named yourself and the reason.
        goto: pays
      - say: Pay up.
        score: {professionalism: -2}
        mood: {patience: -30}
        breaks: [dont-be-aggressive]
        feedback: Hostile.
        goto: hangs-up
  pays:
    client: Fine, Friday.
    end: {commitment: full, days: 3}
  hangs-up:
    client: Bye.
    end: {commitment: none}
"""


@functools.cache
def rulebook() -> Rulebook:
    """The project's real rulebook, loaded once."""
    result = load_rulebook(RULEBOOK_PATH)
    assert result.rulebook is not None, [d.format() for d in result.diagnostics.items]
    return result.rulebook


def edit(old: str, new: str, text: str = BASE) -> str:
    """`text` with the one occurrence of `old` replaced by `new` (fails if `old` is not unique)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def load(text: str, file: str = FILE) -> ScenarioResult:
    return load_scenario_text(text, file, rulebook())


def diagnose(text: str) -> list[str]:
    """Every diagnostic for a scenario text, formatted, in the order they were found."""
    return [d.format() for d in load(text).diagnostics.items]


def only(text: str) -> str:
    """The single diagnostic for a scenario text, formatted (fails if there are none or several)."""
    found = diagnose(text)
    assert len(found) == 1, "\n".join(found) or "no diagnostics"
    return found[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the only line of `text` containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} is on lines {hits}"
    return hits[0]


def base_dict() -> dict:
    """The same minimal scenario as BASE, as plain data (a fresh deep copy each call)."""
    return copy.deepcopy(_BASE_DICT)


def dump(data: dict) -> str:
    """Scenario data as YAML text, keys in insertion order."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


_BASE_DICT = {
    "format": 1,
    "id": "tiny-call",
    "title": "Tiny call",
    "archetype": "cash-strapped",
    "difficulty": 1,
    "persona": {"name": "Maria Lopez", "company": "Sunrise Bakery LLC", "mood": {"patience": 60, "trust": 40}},
    "account": {
        "terms": "Net 30",
        "invoices": [{"number": "INV-1", "amount": 100.0, "issued": dt.date(2026, 8, 1),
                      "due": dt.date(2026, 8, 31)}],
    },
    "objective": "Get a dated commitment",
    "start": "greeting",
    "nodes": {
        "greeting": {
            "client": "Hello?",
            "choices": [
                {"say": "Hi Maria, Sam from Northwind about invoice INV-1.",
                 "score": {"professionalism": 1, "clarity": 1}, "mood": {"trust": 5},
                 "rules": ["do-stay-professional"], "feedback": "Named yourself and the reason.", "goto": "pays"},
                {"say": "Pay up.", "score": {"professionalism": -2}, "mood": {"patience": -30},
                 "breaks": ["dont-be-aggressive"], "feedback": "Hostile.", "goto": "hangs-up"},
            ],
        },
        "pays": {"client": "Fine, Friday.", "end": {"commitment": "full", "days": 3}},
        "hangs-up": {"client": "Bye.", "end": {"commitment": "none"}},
    },
}
