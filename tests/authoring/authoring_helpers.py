"""Shared helpers for the authoring tests: loading scenarios, small parsers that check the structure of
the Mermaid and DOT diagrams line by line, and an independent brute-force "best playable call".

Imported by the test modules of this folder (pytest puts the folder on sys.path; no __init__.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from game.content.model import Rulebook, Scenario
from game.content.paths import COMMITMENT_WEIGHT
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario
from game.engine.machine import predict_target
from game.engine.scoring import eligible

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
RULEBOOK_PATH = SCENARIOS / "rulebook.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROUTING_LAB = ROOT / "tests" / "engine" / "fixtures" / "routing-lab.yaml"
REAL_FILES = sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "rulebook.yaml")


@lru_cache(maxsize=1)
def rulebook() -> Rulebook:
    result = load_rulebook(RULEBOOK_PATH)
    assert result.rulebook is not None
    return result.rulebook


@lru_cache(maxsize=None)
def load(path: Path) -> Scenario:
    """Load a scenario with the real rulebook; fail with its diagnostics if it has errors."""
    result = load_scenario(path, rulebook())
    assert result.scenario is not None, "\n".join(d.format() for d in result.diagnostics.items)
    return result.scenario


# --- Mermaid -------------------------------------------------------------------------------------

MERMAID_ID = r"n_[a-z0-9_]+"
_MERMAID_LINES = {
    "state": re.compile(rf'^  state "([^"\n]*)" as ({MERMAID_ID})$'),
    "class": re.compile(rf"^  class ({MERMAID_ID}) ([a-z]+)$"),
    "classdef": re.compile(r"^  classDef ([a-z]+) ((?:[a-z-]+:[^,\s]+(?: [^,\s]+)*,?)+)$"),
    "start": re.compile(rf"^  \[\*\] --> ({MERMAID_ID})$"),
    "edge": re.compile(rf"^  ({MERMAID_ID}) --> ({MERMAID_ID}): ([^:\n]+)$"),
    "direction": re.compile(r"^  direction (TB|LR)$"),
}


@dataclass
class MermaidDiagram:
    title: str = ""
    states: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    class_defs: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    start: str = ""


def parse_mermaid(text: str) -> MermaidDiagram:
    """Check every line of a stateDiagram-v2 as the diagram writes it and collect what it declares;
    unknown lines, undeclared ids and duplicate declarations fail the test."""
    lines = text.splitlines()
    assert lines[:1] == ["---"] and lines[2:4] == ["---", "stateDiagram-v2"], lines[:4]
    assert lines[1].startswith("title: "), lines[1]
    diagram = MermaidDiagram(title=json.loads(lines[1][len("title: "):]))  # a JSON string is valid YAML
    for line in lines[4:]:
        kind, match = next(((k, m) for k, rx in _MERMAID_LINES.items() if (m := rx.match(line))), (None, None))
        assert match is not None, f"unexpected Mermaid line: {line!r}"
        if kind == "state":
            assert match.group(2) not in diagram.states, f"declared twice: {line}"
            diagram.states[match.group(2)] = match.group(1)
        elif kind == "class":
            diagram.classes[match.group(1)] = match.group(2)
        elif kind == "classdef":
            diagram.class_defs[match.group(1)] = match.group(2)
        elif kind == "start":
            diagram.start = match.group(1)
        elif kind == "edge":
            diagram.edges.append((match.group(1), match.group(2), match.group(3)))
    used = {diagram.start, *diagram.classes, *(s for s, _, _ in diagram.edges), *(d for _, d, _ in diagram.edges)}
    assert used <= set(diagram.states), used - set(diagram.states)
    assert set(diagram.classes.values()) <= set(diagram.class_defs)
    return diagram


_ENTITY = re.compile(r"#(\d+|quot|lt|gt);")
_NAMED = {"quot": '"', "lt": "<", "gt": ">"}


def mermaid_decode(text: str) -> str:
    """What Mermaid shows for a label: its entity codes decoded."""
    return _ENTITY.sub(lambda m: _NAMED.get(m.group(1)) or chr(int(m.group(1))), text)


# --- DOT -----------------------------------------------------------------------------------------

_DOT_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([A-Za-z_0-9.#]+)|(->|[\[\]=;{}])|(\s+)', re.S)


@dataclass
class DotDiagram:
    name: str = ""
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)
    nodes: dict[str, dict[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)


def _dot_tokens(text: str) -> list[str]:
    tokens, pos = [], 0
    while pos < len(text):
        match = _DOT_TOKEN.match(text, pos)
        assert match, f"bad DOT at {pos}: {text[pos:pos + 40]!r}"
        pos = match.end()
        if match.group(4) is None:
            quoted = match.group(1)
            tokens.append(("Q" + quoted.replace('\\"', '"')) if quoted is not None else
                          ("T" + (match.group(2) or match.group(3))))
    return tokens


def parse_dot(text: str) -> DotDiagram:
    """A strict little reader of `digraph name { stmt* }` with node, edge and default statements."""
    toks = _dot_tokens(text)
    assert toks[0] == "Tdigraph" and toks[2] == "T{" and toks[-1] == "T}", toks[:3]
    diagram = DotDiagram(name=toks[1][1:])
    i = 3

    def attrs() -> dict[str, str]:
        nonlocal i
        found: dict[str, str] = {}
        if toks[i] != "T[":
            return found
        i += 1
        while toks[i] != "T]":
            key, eq, value = toks[i], toks[i + 1], toks[i + 2]
            assert eq == "T=", toks[i:i + 3]
            found[key[1:]] = value[1:]
            i += 3
        i += 1
        return found

    while toks[i] != "T}":
        first = toks[i][1:]
        i += 1
        if toks[i] == "T->":
            second = toks[i + 1][1:]
            i += 2
            diagram.edges.append((first, second, attrs()))
        elif first in ("graph", "node", "edge") and toks[i - 1][0] == "T":
            diagram.defaults[first] = attrs()
        else:
            assert first not in diagram.nodes, f"node {first} declared twice"
            diagram.nodes[first] = attrs()
        if toks[i] == "T;":
            i += 1
    return diagram


# --- brute force ---------------------------------------------------------------------------------

def playable_best_by_brute_force(scenario: Scenario) -> float:
    """The best value (the grade's measure: the replies' score sums plus the ending's commitment points
    × COMMITMENT_WEIGHT, over eligible replies) over every call that can be played: plain recursion over
    (node, meters) with the engine's own `predict_target`, memoized, no bound and no search order, so it
    is independent of the A* search it checks (and of the engine's lookahead)."""
    memo: dict[tuple, float] = {}

    def value(node_id: str, meters: dict[str, int]) -> float:
        key = (node_id, tuple(sorted(meters.items())))
        if key not in memo:
            node = scenario.nodes[node_id]
            if node.ending is not None:
                memo[key] = node.ending.commitment.value_points * COMMITMENT_WEIGHT
            else:
                memo[key] = max(sum(choice.score.values()) + value(*predict_target(scenario, choice, meters))
                                for choice in eligible(node.choices))
        return memo[key]

    return value(scenario.start, dict(scenario.persona.mood))
