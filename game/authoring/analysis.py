"""`ardojo analyze`: what a scenario allows, computed over its graph without enumerating paths.

Per scenario: the number of distinct paths; best and worst raw totals per dimension; the best call a
trainee can actually play (found with the DP bound, checked by replaying it in the engine, and
compared with the bound); the shortest and longest calls; the rules cited; dominated choices. Across
the files analyzed together: the rulebook's rules no choice cites. Everything is linear in the graph's
size (`graph_dp`) except the playable-best search, which is bounded by a budget linear in it too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from game.authoring.graph_dp import Bounds, best_values, bounds, follow, graph_tables, overall_weights
from game.authoring.playable import best_playable, replay_nodes
from game.content.diagnostics import SourcePos
from game.content.model import Rulebook, Scenario, frozen_map
from game.engine.scoring import CallScore, ScoreRanges, score_call


@dataclass(frozen=True, slots=True)
class CallPath:
    """A call through the graph: the choices (0-based) and the nodes visited, start to ending."""

    choices: tuple[int, ...]
    nodes: tuple[str, ...]

    @property
    def decisions(self) -> int:
        return len(self.choices)

    @property
    def ending(self) -> str:
        return self.nodes[-1]


@dataclass(frozen=True, slots=True)
class BestCall:
    """The best playable call and how it compares with the graph's bound.

    `bound_*` describe the DP's best path over the graph (every route counted as possible);
    `attained` says whether the playable call reaches that bound; `proven` whether no playable call
    is better (False only when the search budget ran out); `replayed` whether the engine, replaying
    `path.choices`, visited exactly `path.nodes` (None when not checked)."""

    path: CallPath
    score: CallScore
    bound_path: CallPath
    bound_score: CallScore
    attained: bool
    proven: bool
    replayed: bool | None


@dataclass(frozen=True, slots=True)
class Dominated:
    """A choice that is no better than a sibling on professionalism, empathy and clarity and leads to
    the same node(s); `equal` when the scores are identical (then only the later one is listed)."""

    node: str
    choice: int
    by: int
    equal: bool
    same_mood: bool
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class ScenarioAnalysis:
    """Everything `ardojo analyze` reports about one scenario."""

    scenario: Scenario
    nodes: int
    choices: int
    endings: int
    paths: int
    bounds: Bounds
    best: BestCall
    shortest: CallPath
    longest: CallPath
    rules_cited: Mapping[str, int]
    dominated: tuple[Dominated, ...]


@dataclass(frozen=True, slots=True)
class LibraryAnalysis:
    """The analyses of several scenarios and the rulebook rules none of them cites."""

    scenarios: tuple[ScenarioAnalysis, ...]
    rulebook: Rulebook | None
    never_cited: tuple[str, ...]


def _path(start: str, steps: list[tuple[str, int, str]]) -> CallPath:
    return CallPath(tuple(index for _, index, _ in steps), (start, *(target for *_, target in steps)))


def _score(scenario: Scenario, ranges: ScoreRanges, path: CallPath) -> CallScore:
    nodes = scenario.nodes
    choices = [nodes[nid].choices[index] for nid, index in zip(path.nodes, path.choices)]
    return score_call(scenario, ranges, choices, path.ending)


def analyze_scenario(scenario: Scenario, *, verify: bool = True, budget: int | None = None) -> ScenarioAnalysis:
    """Analyze one validated scenario. With `verify`, the best call is replayed in the engine
    (which compiles the scenario's state machine: the slowest part on very large scenarios)."""
    tables = graph_tables(scenario)
    graph = bounds(scenario, tables)
    values = best_values(scenario, tables, overall_weights(graph.dimensions))
    ranges = ScoreRanges(graph.dimensions, frozen_map(), graph.paths)
    bound_path = _path(scenario.start, follow(scenario.start, values.step))
    played = best_playable(scenario, tables, values, budget)
    path = CallPath(played.choices, played.nodes)
    replayed = None
    if verify:
        from game.engine.machine import compile_scenario

        visited, ended = replay_nodes(compile_scenario(scenario), path.choices)
        replayed = ended and visited == path.nodes
    best = BestCall(path, _score(scenario, ranges, path), bound_path, _score(scenario, ranges, bound_path),
                    attained=abs(played.value - values.value[scenario.start]) <= 1e-9 * max(1.0, abs(played.value)),
                    proven=played.proven, replayed=replayed)
    choices = [c for node in scenario.nodes.values() for c in node.choices]
    return ScenarioAnalysis(
        scenario=scenario, nodes=len(scenario.nodes), choices=tables.choices, endings=len(scenario.endings),
        paths=graph.paths, bounds=graph, best=best,
        shortest=_path(scenario.start, follow(scenario.start, graph.shortest_step)),
        longest=_path(scenario.start, follow(scenario.start, graph.longest_step)),
        rules_cited=frozen_map(sorted(Counter(r for c in choices for r in c.rules).items())),
        dominated=tuple(dominated_choices(scenario, tables.rows)),
    )


def dominated_choices(scenario: Scenario, rows: Mapping[str, tuple]) -> Iterable[Dominated]:
    """Choices no better than a sibling on every scored dimension that lead to the same node(s)."""
    for nid, node_rows in rows.items():
        for index, gains, targets in node_rows:
            for other, other_gains, other_targets in node_rows:
                if other == index or other_gains[0] < gains[0] or other_gains[1] < gains[1] \
                        or other_gains[2] < gains[2] or set(other_targets) != set(targets):
                    continue
                equal = other_gains == gains
                if equal and other > index:
                    continue
                choice, sibling = scenario.nodes[nid].choices[index], scenario.nodes[nid].choices[other]
                yield Dominated(nid, index, other, equal, dict(choice.mood) == dict(sibling.mood), choice.pos)
                break


def analyze_library(scenarios: Iterable[Scenario], rulebook: Rulebook | None, *,
                    verify: bool = True) -> LibraryAnalysis:
    """Analyze each scenario and find the rulebook's rules that none of them cites."""
    results = tuple(analyze_scenario(s, verify=verify) for s in scenarios)
    cited = {rule for result in results for rule in result.rules_cited}
    never = tuple(r for r in (rulebook.rules if rulebook else ()) if r not in cited)
    return LibraryAnalysis(results, rulebook, never)
