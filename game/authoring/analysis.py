"""`ardojo analyze`: what a scenario allows, computed over its graph without enumerating paths.

Per scenario: the number of distinct paths; best and worst raw totals per dimension; the best call a
trainee can actually play (found with the DP bound, checked by replaying it in the engine, and
compared with the bound); the shortest and longest calls; the rules cited; dominated choices; and,
when asked (`gaming_calls`), how fixed strategies played through the real engine fare
(`game.authoring.gaming`). Across the files analyzed together: the rulebook's rules no choice cites.

The graph figures are linear in the graph's size (`graph_dp`), and the playable-best search is
bounded by a budget linear in it too. The calls reported are scored as the engine scores a call
(decision quality against the replies really available, `game.engine.scoring`), which uses the
engine's lookahead over (node, meters) states: memoised per compiled scenario and bounded by its own
state budget.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from game.authoring.balance import Balance, measure_all
from game.authoring.gaming import FIRST_SEED, LibraryGaming, dialogue_passes, measure_library
from game.authoring.graph_dp import Bounds, best_values, bounds, follow, graph_tables
from game.authoring.playable import best_playable, replay_nodes
from game.content.diagnostics import SourcePos
from game.content.model import Rulebook, Scenario, frozen_map
from game.engine.lookahead import STATE_BUDGET, Lookahead
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore, ScoreRanges, compute_ranges, score_call, score_decision


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

    "Best" is the grade's measure (the value `game.engine.lookahead` gives a call). `score` is what the
    engine gives the call; `passes` the verdict on its dialogue with a correct call log assumed (no
    critical error, every mark of the scenario met). `bound_*` describe the DP's best path over the
    graph (every route counted as possible), scored as if it could be played; `attained` says whether
    the playable call reaches that bound; `proven` whether no playable call is better (False only when
    the search budget ran out); `replayed` whether the engine, replaying `path.choices`, visited
    exactly `path.nodes` (None when not checked); `exact` whether the scores come from the exact
    lookahead (False on a scenario too large for it: the engine then values replies by the DP bound)."""

    path: CallPath
    score: CallScore
    bound_path: CallPath
    bound_score: CallScore
    attained: bool
    proven: bool
    replayed: bool | None
    passes: bool = False
    exact: bool = True


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
    rules_cited: Mapping[str, int]  # per rule: the replies that follow or break it
    dominated: tuple[Dominated, ...]
    critical: Mapping[str, int]  # per rule: the replies marked critical with it


@dataclass(frozen=True, slots=True)
class LibraryAnalysis:
    """The analyses of several scenarios, the rulebook rules none of them cites, and the gaming
    measures (None when not asked for)."""

    scenarios: tuple[ScenarioAnalysis, ...]
    rulebook: Rulebook | None
    never_cited: tuple[str, ...]
    gaming: LibraryGaming | None = None
    balance: tuple[Balance, ...] = ()  # measured difficulty and cues, per scenario (with the gaming measures)


def _path(start: str, steps: list[tuple[str, int, str]]) -> CallPath:
    return CallPath(tuple(index for _, index, _ in steps), (start, *(target for *_, target in steps)))


class PathScorer:
    """Scores calls as the engine does, from one scenario's lookahead: the compiled scenario's own when
    given (so the memo is shared with every call played on it), else a lookahead of its own with the
    engine's state budget (or `lookahead_budget`: 0 scores from the DP bound at once, as the engine
    does for a scenario whose states exceed its budget)."""

    def __init__(self, scenario: Scenario, compiled: CompiledScenario | None = None,
                 lookahead_budget: int | None = None, ranges: ScoreRanges | None = None) -> None:
        self.scenario = scenario
        self.ranges = compiled.ranges if compiled is not None else ranges or compute_ranges(scenario)
        if compiled is not None and lookahead_budget is None:
            self.lookahead = compiled.lookahead
        else:
            self.lookahead = Lookahead(scenario, self.ranges,
                                       STATE_BUDGET if lookahead_budget is None else lookahead_budget)
        self._model: float | None = None

    def score(self, path: CallPath) -> CallScore:
        """The engine's score of `path`: each decision scored against the options at that node with the
        meters the call has there (mood applied along the path, as `predict_target` does). For a
        playable path this is exactly `Call.replay(...).score()`; for a path the meters would route
        elsewhere (the graph bound) it is the score the call would get if it could be played."""
        scenario = self.scenario
        meters = dict(scenario.persona.mood)
        decisions = []
        for number, (node_id, index) in enumerate(zip(path.nodes, path.choices), 1):
            options = self.lookahead.options(node_id, meters)
            decisions.append(score_decision(number, node_id, scenario.nodes[node_id].choices[index], options))
            meters = dict(options[index].meters_after)
        if self._model is None:
            self._model = self.lookahead.model_commitment()
        return score_call(scenario, self.ranges, decisions, path.ending, self._model)


def analyze_scenario(scenario: Scenario, *, verify: bool = True, budget: int | None = None,
                     compiled: CompiledScenario | None = None, lookahead_budget: int | None = None) -> ScenarioAnalysis:
    """Analyze one validated scenario. With `verify`, the best call is replayed in the engine
    (which compiles the scenario's state machine unless `compiled` is given: the slowest part on very
    large scenarios). `budget` bounds the best-playable-call search (`playable.SEARCH_BUDGET`),
    `lookahead_budget` the states the scoring's lookahead explores (default: the engine's own, so the
    scores are the engine's; see `PathScorer`)."""
    tables = graph_tables(scenario)
    graph = bounds(scenario, tables)
    values = best_values(scenario, tables)
    bound_path = _path(scenario.start, follow(scenario.start, values.step))
    played = best_playable(scenario, tables, values, budget)
    path = CallPath(played.choices, played.nodes)
    replayed = None
    if verify:
        compiled = compiled or compile_scenario(scenario)
        visited, ended = replay_nodes(compiled, path.choices)
        replayed = ended and visited == path.nodes
    ranges = None
    if compiled is None:  # the engine's score ranges, from the passes above (= compute_ranges, tested)
        ranges = ScoreRanges(graph.dimensions, frozen_map(best_values(scenario, tables, eligible_only=False).value),
                             graph.paths)
    scorer = PathScorer(scenario, compiled, lookahead_budget, ranges)
    score = scorer.score(path)
    best = BestCall(path, score, bound_path, scorer.score(bound_path),
                    attained=abs(played.value - values.value[scenario.start]) <= 1e-9 * max(1.0, abs(played.value)),
                    proven=played.proven, replayed=replayed, passes=dialogue_passes(scenario, score),
                    exact=scorer.lookahead.exact)
    choices = [c for node in scenario.nodes.values() for c in node.choices]
    return ScenarioAnalysis(
        scenario=scenario, nodes=len(scenario.nodes), choices=tables.choices, endings=len(scenario.endings),
        paths=graph.paths, bounds=graph, best=best,
        shortest=_path(scenario.start, follow(scenario.start, graph.shortest_step)),
        longest=_path(scenario.start, follow(scenario.start, graph.longest_step)),
        rules_cited=frozen_map(sorted(Counter(r for c in choices for r in c.cited).items())),
        dominated=tuple(dominated_choices(scenario, tables.rows)),
        critical=frozen_map(sorted(Counter(c.critical for c in choices if c.critical).items())),
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


def analyze_library(scenarios: Iterable[Scenario], rulebook: Rulebook | None, *, verify: bool = True,
                    gaming_calls: int = 0, first_seed: int = FIRST_SEED,
                    random_calls: int | None = None) -> LibraryAnalysis:
    """Analyze each scenario and find the rulebook's rules that none of them cites. With
    `gaming_calls` > 0, also play the gaming strategies that many seeded calls per scenario
    (`random_calls` for uniform random play, default the same); each scenario is compiled once for
    both."""
    scenarios = list(scenarios)
    compiled = [compile_scenario(s) for s in scenarios] if verify or gaming_calls > 0 else [None] * len(scenarios)
    results = tuple(analyze_scenario(s, verify=verify, compiled=c) for s, c in zip(scenarios, compiled))
    cited = {rule for result in results for rule in result.rules_cited}
    never = tuple(r for r in (rulebook.rules if rulebook else ()) if r not in cited)
    gaming = measure_library(compiled, gaming_calls, first_seed=first_seed, random_calls=random_calls) \
        if gaming_calls > 0 else None
    balance = measure_all(compiled) if gaming_calls > 0 else ()
    return LibraryAnalysis(results, rulebook, never, gaming, balance)
