"""Decisions, tallied: per-choice statistics of each scenario and the rules most often missed.

Every recorded decision counts (finished calls or not). For the current version of each library
scenario one query reads the decisions per trainee and scenario in index order, with no sort (the
decisions_by_call index covers them); decisions in other versions are grouped by a second query with
the text, rules and score stored with them. Each recorded option is judged once (see `misses`),
never each decision.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.content.library import Library
from game.content.model import Scenario
from game.records.store import RecordStore
from game.reports.misses import NodeJudgement, judge, judge_scenario
from game.reports.model import TRAP_SHARE, NodeStat, OptionStat, RuleTally, ScenarioChoices, Scope

if TYPE_CHECKING:
    from game.reports.gather import Filter


@dataclass
class _Pick:
    """Running totals of one option of one node."""

    text: str
    score: int
    rules: tuple[str, ...]
    miss: bool
    best: bool | None
    picks: int = 0
    who: set[int] = field(default_factory=set)
    seq: int = 1 << 30

    @property
    def trainees(self) -> int:
        return len(self.who)


@dataclass
class _ScenarioTotals:
    picks: dict[tuple[str, int], _Pick] = field(default_factory=dict)
    decisions: int = 0
    older: int = 0


@dataclass(frozen=True, slots=True)
class Tallied:
    rules: tuple[RuleTally, ...]
    choices: tuple[ScenarioChoices, ...]
    misses: int
    decisions: int
    notes: list[str]


#: Separates the values GROUP_CONCAT joins (node ids never contain it).
SEP = "\x1f"


def _current_rows(store: RecordStore, flt: "Filter", versions: list[tuple[str, str]]) -> list[tuple]:
    """Decisions in the current versions of library scenarios: one row per trainee and scenario, read
    in index order (no sort), with the group's nodes and options joined by GROUP_CONCAT in the same
    order: (trainee, scenario, nodes, options)."""
    if not versions:
        return []
    pairs = ", ".join("(?, ?)" for _ in versions)
    return store.query(
        f"SELECT c.trainee_id, c.scenario_id, GROUP_CONCAT(d.node, '{SEP}'), GROUP_CONCAT(d.choice, '{SEP}') "
        f"FROM calls c JOIN decisions d ON d.call_id = c.id"
        f"{flt.where(f'(c.scenario_id, c.scenario_hash) IN (VALUES {pairs})')} GROUP BY c.trainee_id, c.scenario_id",
        (*flt.params, *(v for version in versions for v in version)))


def _other_rows(store: RecordStore, flt: "Filter", versions: list[tuple[str, str]]) -> list[tuple]:
    """Decisions in any other scenario version (edited since, or not in the library), with the text,
    rules and score stored with them: (scenario, version, trainee, option, node, count, said, rules,
    score, first seq). CROSS JOIN keeps the calls as the outer loop, so that calls in current versions
    are passed over before any of their decisions is read."""
    pairs = ", ".join("(?, ?)" for _ in versions)
    other = (f"(c.scenario_id, c.scenario_hash) NOT IN (VALUES {pairs})",) if versions else ()
    return store.query(
        "SELECT c.scenario_id, c.scenario_hash, c.trainee_id, d.choice, d.node, COUNT(*), MIN(d.said), MIN(d.rules), "
        f"MIN(d.score), MIN(d.seq) FROM calls c CROSS JOIN decisions d ON d.call_id = c.id{flt.where(*other)} "
        "GROUP BY 1, 2, 3, 4, 5", (*flt.params, *(v for version in versions for v in version)))


@dataclass
class _Option:
    """One option of one scenario version as recorded: what it says, scores and cites, and its picks."""

    scenario_id: str
    node: str
    index: int
    text: str
    total: int
    rules: tuple[str, ...]
    judged: NodeJudgement | None
    shown: bool
    seq: int = 1 << 30
    breaks: tuple[str, ...] = ()
    picks: int = 0
    who: set[int] = field(default_factory=set)


def _collect(store: RecordStore, flt: "Filter", scenarios: dict[str, Scenario],
             judged: dict[str, dict[str, NodeJudgement]]) -> list[_Option]:
    """Every recorded option with its picks and pickers: current versions counted from the
    concatenated groups, other versions from their grouped rows."""
    versions = [(s.id, s.content_hash) for s in scenarios.values()]
    current: dict[tuple[str, str, str], _Option] = {}
    for tid, sid, nodes, choices in _current_rows(store, flt, versions):
        for (node, choice), count in Counter(zip(nodes.split(SEP), choices.split(SEP))).items():
            option = current.get((sid, node, choice))
            if option is None:
                option = current[(sid, node, choice)] = _current_option(scenarios[sid], judged[sid], node, int(choice))
            option.picks += count
            option.who.add(tid)
    other: dict[tuple[str, str, str, int], _Option] = {}
    for sid, digest, tid, choice, node, count, said, rules_json, score_json, seq in _other_rows(store, flt, versions):
        option = other.get((sid, digest, node, choice))
        if option is None:
            total, rules = _parse(rules_json, score_json)
            option = other[(sid, digest, node, choice)] = _Option(sid, node, choice, said or "", total, rules, None,
                                                                  sid not in scenarios)
        option.picks += count
        option.who.add(tid)
        option.seq = min(option.seq, seq or 0)
    return [*current.values(), *other.values()]


def _current_option(scenario: Scenario, judged: dict[str, NodeJudgement], node_id: str, index: int) -> _Option:
    node = scenario.nodes.get(node_id)
    if node is None or index >= len(node.choices):  # not with this content hash; counted rather than lost
        return _Option(scenario.id, node_id, index, "", 0, (), None, False)
    choice = node.choices[index]
    return _Option(scenario.id, node_id, index, choice.say, sum(choice.score.values()), tuple(choice.cited),
                   judged.get(node_id), True, breaks=tuple(choice.breaks))


def tally_decisions(store: RecordStore, flt: "Filter", library: Library | None, scope: Scope) -> Tallied:
    """Tally the decisions of the filtered calls, judging each recorded option once."""
    scenarios = library.scenarios if library is not None else {}
    rules_book = library.rulebook.rules if library is not None and library.rulebook is not None else {}
    kinds = {r.id: r.kind for r in rules_book.values()}
    judged = {sid: judge_scenario(s) for sid, s in scenarios.items()}
    per_scenario: dict[str, _ScenarioTotals] = defaultdict(_ScenarioTotals)
    broken: dict[str, int] = defaultdict(int)
    skipped: dict[str, int] = defaultdict(int)
    who: dict[str, set[int]] = defaultdict(set)
    misses = decisions = 0
    for option in _collect(store, flt, scenarios, judged):
        verdict = judge(option.judged, option.index, option.total, option.rules, kinds, option.breaks)
        decisions += option.picks
        totals = per_scenario[option.scenario_id]
        totals.decisions += option.picks
        if option.shown:
            pick = totals.picks.setdefault((option.node, option.index), _Pick(
                option.text, option.total, option.rules, verdict.miss, verdict.best))
            pick.picks += option.picks
            pick.who |= option.who
            pick.seq = min(pick.seq, option.seq)
        else:
            totals.older += option.picks
        if verdict.miss:
            misses += option.picks
            for rule in verdict.broken:
                broken[rule] += option.picks
                who[rule] |= option.who
            for rule in verdict.skipped:
                skipped[rule] += option.picks
                who[rule] |= option.who
    rule_tallies = sorted((RuleTally(r, kinds.get(r, ""), rules_book[r].title if r in rules_book else r,
                                     broken.get(r, 0), skipped.get(r, 0), len(who[r])) for r in who),
                          key=lambda t: (-t.misses, -t.trainees, t.rule_id))
    notes = []
    if not rules_book:
        notes.append("the rulebook could not be loaded, so no rule counts as a 'dont' rule")
    older = sum(t.older for t in per_scenario.values())
    if older:
        notes.append(f"{older:,} decisions were made in earlier versions of scenarios that have changed since; "
                     "they count in the misses but not in the per-choice statistics")
    ordered = [sid for sid in scenarios if sid in per_scenario] + sorted(set(per_scenario) - set(scenarios))
    choices = tuple(_choices(sid, scenarios.get(sid), per_scenario[sid], judged, kinds) for sid in ordered)
    unplayed = [sid for sid in scope.scenario_ids if sid not in per_scenario]
    if unplayed and per_scenario:
        notes.append(f"not played yet within these filters: {', '.join(unplayed)}")
    return Tallied(tuple(rule_tallies), choices, misses, decisions, notes)


def _parse(rules_json: str, score_json: str) -> tuple[int, tuple[str, ...]]:
    """A stored decision's score total and cited rules (an unreadable value counts as nothing)."""
    try:
        rules = tuple(str(r) for r in json.loads(rules_json))
    except (ValueError, TypeError):
        rules = ()
    try:
        total = int(sum(json.loads(score_json).values()))
    except (ValueError, TypeError, AttributeError):
        total = 0
    return total, rules


def _flags(pick: _Pick, visits: int) -> tuple[str, ...]:
    flags = []
    if pick.best:
        flags.append("best")
    if pick.miss:
        flags.append("miss")
        if visits and pick.picks / visits >= TRAP_SHARE:
            flags.append("trap")
    if visits and not pick.picks:
        flags.append("never")
    return tuple(flags)


def _choices(scenario_id: str, scenario: Scenario | None, totals: _ScenarioTotals,
             judged_all: dict[str, dict[str, NodeJudgement]], kinds: dict[str, str]) -> ScenarioChoices:
    """Per-node option statistics: every option of the current scenario, or the picked ones otherwise."""
    picks = totals.picks
    nodes: list[NodeStat] = []
    if scenario is not None:
        judged = judged_all.get(scenario_id) or judge_scenario(scenario)
        for node in scenario.nodes.values():
            if not node.choices:
                continue
            options = []
            for c in node.choices:
                pick = picks.get((node.id, c.index))
                if pick is None:
                    verdict = judge(judged.get(node.id), c.index, sum(c.score.values()), c.cited, kinds, c.breaks)
                    pick = _Pick(c.say, sum(c.score.values()), c.cited, verdict.miss, verdict.best)
                options.append(pick)
            visits = sum(p.picks for p in options)
            nodes.append(NodeStat(node.id, node.client, tuple(
                OptionStat(c.index, c.say, p.picks, p.trainees, p.score, p.rules, _flags(p, visits))
                for c, p in zip(node.choices, options))))
        title = scenario.title
    else:
        by_node: dict[str, list[tuple[int, _Pick]]] = defaultdict(list)
        for (node_id, index), pick in sorted(picks.items()):
            by_node[node_id].append((index, pick))
        for node_id, items in sorted(by_node.items(), key=lambda kv: (min(p.seq for _, p in kv[1]), kv[0])):
            visits = sum(p.picks for _, p in items)
            nodes.append(NodeStat(node_id, "", tuple(OptionStat(i, p.text, p.picks, p.trainees, p.score, p.rules,
                                                               _flags(p, visits)) for i, p in items)))
        title = f"{scenario_id} (not in the scenario library)"
    return ScenarioChoices(scenario_id, title, scenario is not None, totals.decisions, totals.older, tuple(nodes))
