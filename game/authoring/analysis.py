"""`ardojo analyze`: what a scenario allows, computed over its graph and over the states calls can be in.

Per scenario: the number of distinct paths and the best and worst raw totals per dimension (the
graph's outer bounds, linear in its size, `graph_dp`); then, over the (node, meters) states a call can
really be in (`reach`: the engine's own step rule, explored exactly up to a state limit), the playable
calls — best, worst, shortest and longest — and one call of each gaming strategy, each played through
the engine and judged by the real verdict, so every call shown can be replayed with
`ardojo play FILE --text --replay ...`. Above the state limit, the lengths are the graph's bounds
(labelled so by the reports, never shown as calls) and the best call is the bounded best-first
search's (`playable`), replayed in the engine. Also the rules cited, dominated choices, and, when asked
(`gaming_calls`), how fixed strategies fare over many seeded calls (`game.authoring.gaming`). Across
the files analyzed together: the rulebook's rules no choice cites.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

from game.authoring.balance import Balance, measure_all
from game.authoring.gaming import FIRST_SEED, STRATEGIES, LABELS, LibraryGaming, Player, dialogue_passes, measure_library
from game.authoring.graph_dp import Bounds, best_values, bounds, follow, graph_tables
from game.authoring.playable import PlayedPath, best_playable, replay_nodes
from game.authoring.reach import BEST, LONGEST, REACH_LIMIT, SHORTEST, PlayableCall, Reachability, judge, reachability
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
    reach: Reachability | None = None  # the exact exploration (limit 0 when not run)
    calls: tuple[PlayableCall, ...] = ()  # playable calls: best, worst, shortest, longest (exact only), strategies

    @property
    def exact(self) -> bool:
        """True when the calls and lengths come from the exact exploration of the states; False when the
        states exceeded the limit and `shortest`/`longest` are the graph's bounds (not playable calls)."""
        return self.reach is not None and self.reach.exact


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
                     compiled: CompiledScenario | None = None, lookahead_budget: int | None = None,
                     first_seed: int = FIRST_SEED, reach_limit: int | None = None) -> ScenarioAnalysis:
    """Analyze one validated scenario. With `verify`, the best call is replayed in the engine
    (which compiles the scenario's state machine unless `compiled` is given: the slowest part on very
    large scenarios). `budget` bounds the best-playable-call search (`playable.SEARCH_BUDGET`),
    `lookahead_budget` the states the scoring's lookahead explores (default: the engine's own, so the
    scores are the engine's; see `PathScorer`). `reach_limit` bounds the exact exploration of the
    (node, meters) states (`reach`); above it the lengths are the graph's bounds and only the best call
    found by the bounded search and the strategies' calls are given as calls. Without `verify` nor
    `compiled`, or with `lookahead_budget=0`, the engine is left out: no exploration, no calls, the graph's
    bounds only (the bench times the graph passes that way)."""
    tables = graph_tables(scenario)
    graph = bounds(scenario, tables)
    values = best_values(scenario, tables)
    bound_path = _path(scenario.start, follow(scenario.start, values.step))
    engine = (verify or compiled is not None) and lookahead_budget != 0
    if engine:
        compiled = compiled or compile_scenario(scenario)
        reach = reachability(scenario, compiled, REACH_LIMIT if reach_limit is None else reach_limit,
                             endings=False)
    else:
        reach = Reachability(scenario, False, 0, 0)
    if reach.exact:  # the best call by the grade's measure over every state: proven, and played by the engine
        exact_best = reach.calls[BEST]
        played = PlayedPath(exact_best.choices, exact_best.nodes, _value(scenario, exact_best.choices,
                                                                         exact_best.nodes), proven=True)
    else:
        played = best_playable(scenario, tables, values, budget)
    path = CallPath(played.choices, played.nodes)
    replayed = None
    if verify:
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
    if reach.exact:
        shortest = CallPath(reach.calls[SHORTEST].choices, reach.calls[SHORTEST].nodes)
        longest = CallPath(reach.calls[LONGEST].choices, reach.calls[LONGEST].nodes)
        calls = list(reach.calls.values())
    else:  # outer bounds of the graph: labelled as such by the reports, never shown as calls
        shortest = _path(scenario.start, follow(scenario.start, graph.shortest_step))
        longest = _path(scenario.start, follow(scenario.start, graph.longest_step))
        calls = [judge(compiled, BEST, path.choices)] if engine else []
    calls += strategy_calls(compiled, first_seed) if engine else []
    choices = [c for node in scenario.nodes.values() for c in node.choices]
    return ScenarioAnalysis(
        scenario=scenario, nodes=len(scenario.nodes), choices=tables.choices, endings=len(scenario.endings),
        paths=graph.paths, bounds=graph, best=best, shortest=shortest, longest=longest,
        rules_cited=frozen_map(sorted(Counter(r for c in choices for r in c.cited).items())),
        dominated=tuple(dominated_choices(scenario, tables.rows)),
        critical=frozen_map(sorted(Counter(c.critical for c in choices if c.critical).items())),
        reach=reach, calls=tuple(calls),
    )


def _value(scenario: Scenario, choices: tuple[int, ...], nodes: tuple[str, ...]) -> float:
    """A call's value by the grade's measure (`lookahead`): its replies' scores plus the ending's points."""
    from game.content.paths import COMMITMENT_WEIGHT, choice_value

    total = sum(choice_value(scenario.nodes[n].choices[i]) for n, i in zip(nodes, choices))
    return total + scenario.nodes[nodes[-1]].ending.commitment.value_points * COMMITMENT_WEIGHT


def strategy_calls(compiled: CompiledScenario, seed: int = FIRST_SEED) -> list[PlayableCall]:
    """One call per gaming strategy (`gaming.STRATEGIES`), shuffled with `seed` and played through the
    engine, judged as `reach.judge` judges a call (the order shown does not change a call's grade)."""
    player = Player(compiled)
    return [judge(compiled, f"{LABELS[s]} (seed {seed})", player.play(s, seed).choices) for s in STRATEGIES]


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
    compiled = [compile_scenario(s) for s in scenarios]
    results = tuple(analyze_scenario(s, verify=verify, compiled=c, first_seed=first_seed)
                    for s, c in zip(scenarios, compiled))
    cited = {rule for result in results for rule in result.rules_cited}
    from game.campaign.policy import CAMPAIGN_RULES  # taught by a campaign week's checks, not by replies
    never = tuple(r for r in (rulebook.rules if rulebook else ()) if r not in cited and r not in CAMPAIGN_RULES)
    gaming = measure_library(compiled, gaming_calls, first_seed=first_seed, random_calls=random_calls) \
        if gaming_calls > 0 else None
    balance = measure_all(compiled) if gaming_calls > 0 else ()
    return LibraryAnalysis(results, rulebook, never, gaming, balance)
