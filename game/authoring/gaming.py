"""Can the grade be gamed? Fixed strategies played through the real engine, with the shuffle.

Each strategy plays `calls` seeded calls of a scenario (`Call(compiled, seed)`: the replies are shown
in that call's shuffled order, and the strategy picks by what is on screen, `call.shown` /
`call.choose_shown`), and each call is graded as the engine grades it (`CallScore`), with a correct
call log assumed: it passes when it has no critical error and meets every pass mark of the scenario.

The strategies:

- `first`: always the first reply on screen;
- `longest`: always the longest reply (ties: the first on screen);
- `shortest`: always the shortest reply (ties: the first on screen);
- `mood`: always the reply that raises the meters most (the sum of its `mood`; ties: first on screen);
- `random`: a uniformly random reply (seeded per call);
- `best`: the control, always a top reply by the grade's own measure (`DecisionScore.top`; ties:
  first on screen). It must pass every call.

A fixed strategy "passes a scenario" when it passes at least half of its calls (`PASS_SHARE`). The
library's aim (issue 9): every fixed strategy passes at most one scenario, random play passes each
scenario in at most 5 % of its calls, `best` passes all of them.

Also measured per scenario: the decision points (every (node, meters) state a call can reach, with at
least two replies) where a longest reply is among the top replies, i.e. where "pick the longest"
cannot go wrong.

The scenario is compiled once; the engine's lookahead is memoised per compiled scenario, and the
model call's commitment (which `Call.score` recomputes per call) is computed once per scenario, so a
call costs about a millisecond.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

from game.content.model import Choice, Scenario, frozen_map
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario, predict_target
from game.engine.scoring import CallScore, score_call, score_decision

#: Seeded calls per strategy and scenario unless told otherwise.
DEFAULT_CALLS = 200
#: The seed of the first call (call i uses FIRST_SEED + i).
FIRST_SEED = 1
#: A fixed strategy passes a scenario when it passes at least this share of its calls.
PASS_SHARE = 0.5
#: The most a uniformly random caller may pass a scenario (share of calls).
RANDOM_MAX = 0.05
#: Decision points explored per scenario at most (the engine's lookahead has the same kind of budget).
STATE_LIMIT = 50_000

FIRST, LONGEST, SHORTEST, MOOD, RANDOM, BEST = "first", "longest", "shortest", "mood", "random", "best"
#: Every strategy, in report order; FIXED are the gaming strategies (always the same rule).
STRATEGIES: tuple[str, ...] = (FIRST, LONGEST, SHORTEST, MOOD, RANDOM, BEST)
FIXED: tuple[str, ...] = (FIRST, LONGEST, SHORTEST, MOOD)
LABELS: Mapping[str, str] = frozen_map({
    FIRST: "first on screen", LONGEST: "longest reply", SHORTEST: "shortest reply", MOOD: "most mood", RANDOM: "uniform random",
    BEST: "best reply (control)",
})


def dialogue_passes(scenario: Scenario, score: CallScore) -> bool:
    """The verdict on the dialogue alone, a correct call log assumed: no critical error and no score
    below the scenario's marks."""
    return not score.critical and not score.below(scenario.pass_thresholds)


# --- strategies: a reply's place on screen, from what the call shows -----------------------------

def _first_max(shown: Sequence[Choice], key: Callable[[Choice], float]) -> int:
    best, where = None, 0
    for position, choice in enumerate(shown):
        value = key(choice)
        if best is None or value > best:
            best, where = value, position
    return where


def reply_length(choice: Choice) -> int:
    """What "the longest reply" measures: the characters of what the caller says."""
    return len(choice.say.strip())


def mood_gain(choice: Choice) -> int:
    """What "raises the meters most" measures: the sum of the reply's mood changes."""
    return sum(choice.mood.values())


def pick(strategy: str, call: Call, rng: random.Random) -> int:
    """The place on screen (0-based) that `strategy` picks at the call's current decision."""
    shown = call.shown
    if strategy == FIRST:
        return 0
    if strategy == LONGEST:
        return _first_max(shown, reply_length)
    if strategy == SHORTEST:
        return _first_max(shown, lambda c: -reply_length(c))
    if strategy == MOOD:
        return _first_max(shown, mood_gain)
    if strategy == RANDOM:
        return rng.randrange(len(shown))
    if strategy == BEST:
        top = set(top_replies(call.compiled, call.node_id, call.meters))
        return next(p for p, c in enumerate(shown) if c.index in top)
    raise ValueError(f"unknown strategy '{strategy}' (known: {', '.join(STRATEGIES)})")


def top_replies(compiled: CompiledScenario, node_id: str, meters: Mapping[str, int]) -> tuple[int, ...]:
    """The file indices of the top replies at this decision, by the grade's own measure."""
    options = compiled.lookahead.options(node_id, meters)
    return score_decision(0, node_id, options[0].choice, options).top


# --- playing ----------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class PlayedCall:
    """One call a strategy played: its seed, the choices (file indices), the score and the verdict."""

    seed: int
    choices: tuple[int, ...]
    score: CallScore
    passed: bool


class Player:
    """Plays strategies on one compiled scenario; shares the model call's commitment between calls."""

    def __init__(self, compiled: CompiledScenario) -> None:
        self.compiled = compiled
        self.scenario = compiled.scenario
        self._model: float | None = None

    @property
    def model_commitment(self) -> float:
        if self._model is None:
            self._model = self.compiled.lookahead.model_commitment()
        return self._model

    def play(self, strategy: str, seed: int) -> PlayedCall:
        """One seeded call through the real engine, `strategy` choosing by what is on screen."""
        call = Call(self.compiled, seed)
        rng = random.Random(f"ardojo-gaming:{self.scenario.id}:{seed}")
        try:
            while not call.ended:
                call.choose_shown(pick(strategy, call, rng))
        finally:
            call.close()
        score = self.score(call)
        return PlayedCall(seed, tuple(d.choice for d in call.state.decisions), score,
                          dialogue_passes(self.scenario, score))

    def score(self, call: Call) -> CallScore:
        """`call.score()`, with the model call's commitment computed once per scenario."""
        return score_call(self.scenario, self.compiled.ranges, [s.scored for s in call.steps], call.state.node,
                          self.model_commitment)


@dataclass(frozen=True, slots=True)
class StrategyResult:
    """How one strategy did on one scenario over its seeded calls."""

    strategy: str
    calls: int
    passed: int
    mean_overall: float
    critical: int  # calls with at least one critical error

    @property
    def rate(self) -> float:
        return self.passed / self.calls if self.calls else 0.0

    @property
    def passes(self) -> bool:
        """The strategy "passes the scenario": it passes at least PASS_SHARE of its calls."""
        return self.calls > 0 and self.rate >= PASS_SHARE


@dataclass(frozen=True, slots=True)
class DecisionPoints:
    """The decision points of a scenario (reachable (node, meters) states with two or more replies)
    and how many of them have a longest reply among the top replies. `complete` is False when the
    states exceeded STATE_LIMIT (the counts then cover the states explored)."""

    total: int
    longest_best: int
    complete: bool = True

    @property
    def share(self) -> float:
        return self.longest_best / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class ScenarioGaming:
    """The gaming measures of one scenario."""

    scenario: Scenario
    calls: int
    results: Mapping[str, StrategyResult]
    points: DecisionPoints


@dataclass(frozen=True, slots=True)
class LibraryGaming:
    """The gaming measures of several scenarios, and across them."""

    scenarios: tuple[ScenarioGaming, ...]
    calls: int
    strategies: tuple[str, ...]

    def passed_by(self, strategy: str) -> tuple[str, ...]:
        """The ids of the scenarios `strategy` passes (at least PASS_SHARE of its calls)."""
        return tuple(g.scenario.id for g in self.scenarios if strategy in g.results and g.results[strategy].passes)

    def rate(self, strategy: str) -> float:
        """The share of all `strategy`'s calls across the scenarios that passed."""
        runs = [g.results[strategy] for g in self.scenarios if strategy in g.results]
        calls = sum(r.calls for r in runs)
        return sum(r.passed for r in runs) / calls if calls else 0.0

    @property
    def points(self) -> DecisionPoints:
        return DecisionPoints(sum(g.points.total for g in self.scenarios),
                              sum(g.points.longest_best for g in self.scenarios),
                              all(g.points.complete for g in self.scenarios))


def run_strategy(player: Player, strategy: str, calls: int, first_seed: int = FIRST_SEED) -> StrategyResult:
    """`calls` seeded calls of one strategy (seeds first_seed, first_seed + 1, ...)."""
    passed = critical = 0
    total = 0.0
    for i in range(calls):
        played = player.play(strategy, first_seed + i)
        passed += played.passed
        critical += bool(played.score.critical)
        total += played.score.overall
    return StrategyResult(strategy, calls, passed, total / calls if calls else 0.0, critical)


def decision_points(compiled: CompiledScenario, limit: int = STATE_LIMIT) -> DecisionPoints:
    """Every (node, meters) state a call can reach with two or more replies, and those where a longest
    reply is a top reply (`DecisionScore.top`, from the meters the call really has there)."""
    scenario = compiled.scenario
    nodes = scenario.nodes
    start = (scenario.start, tuple(sorted(scenario.persona.mood.items())))
    seen = {start}
    stack = [start]
    total = longest_best = 0
    while stack:
        node_id, key = stack.pop()
        node = nodes[node_id]
        if node.is_ending:
            continue
        meters = dict(key)
        if len(node.choices) > 1:
            total += 1
            top = set(top_replies(compiled, node_id, meters))
            longest = max(reply_length(c) for c in node.choices)
            longest_best += any(reply_length(c) == longest and c.index in top for c in node.choices)
        for choice in node.choices:
            target, after = predict_target(scenario, choice, meters)
            state = (target, tuple(sorted(after.items())))
            if state not in seen:
                if len(seen) >= limit:
                    return DecisionPoints(total, longest_best, complete=False)
                seen.add(state)
                stack.append(state)
    return DecisionPoints(total, longest_best)


def measure_scenario(scenario: Scenario | CompiledScenario, calls: int = DEFAULT_CALLS,
                     strategies: Iterable[str] = STRATEGIES, first_seed: int = FIRST_SEED,
                     random_calls: int | None = None) -> ScenarioGaming:
    """Every strategy on one scenario (compiled here unless given compiled). `random_calls` plays
    the random strategy with more (or fewer) calls than the fixed ones."""
    compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)
    player = Player(compiled)
    results = {}
    for strategy in strategies:
        n = random_calls if strategy == RANDOM and random_calls is not None else calls
        results[strategy] = run_strategy(player, strategy, n, first_seed)
    return ScenarioGaming(compiled.scenario, calls, frozen_map(results), decision_points(compiled))


def measure_library(scenarios: Iterable[Scenario | CompiledScenario], calls: int = DEFAULT_CALLS,
                    strategies: Sequence[str] = STRATEGIES, first_seed: int = FIRST_SEED,
                    random_calls: int | None = None) -> LibraryGaming:
    """Every strategy on each scenario."""
    strategies = tuple(strategies)
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise ValueError(f"unknown strategies {unknown} (known: {', '.join(STRATEGIES)})")
    return LibraryGaming(tuple(measure_scenario(s, calls, strategies, first_seed, random_calls) for s in scenarios),
                         calls, strategies)
