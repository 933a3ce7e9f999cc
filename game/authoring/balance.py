"""Is a scenario balanced and how hard is it, measured: reply-length cues and difficulty figures.

Two groups of measures, both computed through the engine's own scoring (`score_decision`,
`Lookahead`), so they describe the calls a trainee can really play:

**Cues** (can the right reply be spotted without knowing collections?). For each decision node with
two or more replies, over every meter state a call can reach it with, the node counts as
"longest is top" when the longest reply (by the characters of `say`) is a top reply at half or more
of those states; "shortest is top" likewise. A node has "plausible options" when three or more of its
replies follow at least one rule (they sound right to a novice, whatever they also break).
The library aims: longest-is-top at no more than 35 % of decision nodes and shortest-is-top at 20 %
or more; per scenario longest-is-top at no more than 50 %; two or more nodes with three plausible
options per scenario.

**Difficulty** (all exact, from every playable call, when the calls fit in PATH_LIMIT; otherwise from
RANDOM_SAMPLE seeded random calls):

- `random_pass`: the probability that a caller picking uniformly at random passes (a correct call log
  assumed): the sum over passing calls of the product of 1/(replies offered) along them;
- `passing_share`: the share of distinct playable calls that pass;
- `traps`: critical replies a call can reach;
- `sink_turn`: how early one wrong reply sinks the call: along the best call, the first decision
  where a single non-critical reply that is not top, followed by the best play from there, fails the
  call, as a fraction of the best call's length (1.0 when no single slip sinks it).

`measured_level` maps them to 1..3 (LEVEL_BOUNDS, documented in docs/library.md); a library test
checks that each measure's mean is ordered by the label and that no scenario is more than one level
from its label.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from statistics import mean
from typing import Iterable, Mapping, Sequence

from game.authoring.gaming import Player, dialogue_passes, reply_length
from game.content.model import Scenario, frozen_map
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import DecisionScore, score_call, score_decision

#: Playable calls enumerated exactly at most; above it the figures come from a random sample.
PATH_LIMIT = 60_000
#: Seeded random calls used when a scenario has more playable calls than PATH_LIMIT.
RANDOM_SAMPLE = 4_000
#: Library aims for the cues (shares of decision nodes).
LONGEST_TOP_MAX = 0.35
SHORTEST_TOP_MIN = 0.20
LONGEST_TOP_MAX_PER_SCENARIO = 0.50
PLAUSIBLE_NODES_MIN = 2
#: Bounds that map each difficulty measure to a level: (easier than this is 1, harder than that is 3).
#: random_pass and passing_share and sink_turn fall with difficulty; traps rises.
LEVEL_BOUNDS: Mapping[str, tuple[float, float]] = frozen_map({
    "random_pass": (0.02, 0.007),
    "passing_share": (0.20, 0.08),
    "traps": (3, 5),
    "sink_turn": (0.6, 0.3),
})


@dataclass(frozen=True, slots=True)
class NodeCue:
    """One decision node's cues: is the longest / shortest reply top, how many replies are plausible."""

    node: str
    replies: int
    longest_top: bool
    shortest_top: bool
    plausible: int


@dataclass(frozen=True, slots=True)
class Difficulty:
    """The measured difficulty figures of one scenario (see the module docstring)."""

    random_pass: float
    passing_share: float
    calls: int
    exact: bool
    traps: int
    sink_turn: float
    sink_at: int | None  # the 1-based decision of the first sinking slip on the best call, None if none
    best_length: int

    def level_of(self, measure: str) -> int:
        """1..3 for one measure by LEVEL_BOUNDS."""
        easy, hard = LEVEL_BOUNDS[measure]
        value = getattr(self, measure)
        if measure == "traps":
            return 1 if value < easy else 3 if value > hard else 2
        return 1 if value > easy else 3 if value < hard else 2

    @property
    def level(self) -> int:
        """The measured level: the rounded mean of the four measures' levels."""
        levels = [self.level_of(m) for m in LEVEL_BOUNDS]
        return int(round(mean(levels) + 1e-9))


@dataclass(frozen=True, slots=True)
class Balance:
    """The cues and difficulty of one scenario."""

    scenario: Scenario
    cues: tuple[NodeCue, ...]
    difficulty: Difficulty

    @property
    def longest_top(self) -> int:
        return sum(c.longest_top for c in self.cues)

    @property
    def shortest_top(self) -> int:
        return sum(c.shortest_top for c in self.cues)

    @property
    def plausible_nodes(self) -> int:
        return sum(c.plausible >= 3 for c in self.cues)

    def share(self, count: int) -> float:
        return count / len(self.cues) if self.cues else 0.0


# --- cues -----------------------------------------------------------------------------------------

def reachable_states(compiled: CompiledScenario) -> dict[str, list[dict[str, int]]]:
    """Per decision node, the meter states a call can reach it with (every reply at every step)."""
    scenario = compiled.scenario
    start = (scenario.start, tuple(sorted(scenario.persona.mood.items())))
    seen = {start}
    stack = [start]
    states: dict[str, list[dict[str, int]]] = {}
    while stack:
        node_id, key = stack.pop()
        if scenario.nodes[node_id].is_ending:
            continue
        meters = dict(key)
        states.setdefault(node_id, []).append(meters)
        for option in compiled.lookahead.options(node_id, meters):
            state = (option.target, tuple(sorted(option.meters_after.items())))
            if state not in seen:
                seen.add(state)
                stack.append(state)
    return states


def node_cues(compiled: CompiledScenario) -> tuple[NodeCue, ...]:
    """The cues of every reachable decision node with two or more replies, in file order."""
    scenario = compiled.scenario
    states = reachable_states(compiled)
    cues = []
    for node_id, node in scenario.nodes.items():
        if node_id not in states or len(node.choices) < 2:
            continue
        lengths = [reply_length(c) for c in node.choices]
        longest = {i for i, n in enumerate(lengths) if n == max(lengths)}
        shortest = {i for i, n in enumerate(lengths) if n == min(lengths)}
        long_hits = short_hits = 0
        for meters in states[node_id]:
            options = compiled.lookahead.options(node_id, meters)
            top = set(score_decision(0, node_id, options[0].choice, options).top)
            long_hits += bool(top & longest)
            short_hits += bool(top & shortest)
        n = len(states[node_id])
        cues.append(NodeCue(node_id, len(node.choices), long_hits * 2 >= n, short_hits * 2 >= n,
                            sum(bool(c.rules) for c in node.choices)))
    return tuple(cues)


# --- difficulty -------------------------------------------------------------------------------------

class _Walker:
    """Plays calls through the engine's scoring without the state machine (the meters and routes are
    the engine's own `predict_target`, via the lookahead's options)."""

    def __init__(self, compiled: CompiledScenario) -> None:
        self.compiled = compiled
        self.scenario = compiled.scenario
        self.player = Player(compiled)

    def passes(self, decisions: Sequence[DecisionScore], ending: str) -> bool:
        score = score_call(self.scenario, self.compiled.ranges, decisions, ending, self.player.model_commitment)
        return dialogue_passes(self.scenario, score)

    def enumerate(self, limit: int) -> tuple[float, int, int] | None:
        """(random-pass probability, passing calls, calls) over every playable call, or None when
        there are more than `limit`."""
        scenario = self.scenario
        look = self.compiled.lookahead
        totals = [0.0, 0, 0]

        def walk(node_id: str, meters: Mapping[str, int], decisions: list[DecisionScore], weight: float) -> bool:
            if scenario.nodes[node_id].is_ending:
                totals[2] += 1
                if self.passes(decisions, node_id):
                    totals[0] += weight
                    totals[1] += 1
                return totals[2] <= limit
            options = look.options(node_id, meters)
            share = weight / len(options)
            for option in options:
                decisions.append(score_decision(len(decisions) + 1, node_id, option.choice, options))
                going = walk(option.target, option.meters_after, decisions, share)
                decisions.pop()
                if not going:
                    return False
            return True

        if not walk(scenario.start, dict(scenario.persona.mood), [], 1.0):
            return None
        return totals[0], int(totals[1]), int(totals[2])

    def sample(self, calls: int) -> tuple[float, int, int]:
        """Seeded uniformly random calls: (pass share, passing calls, calls)."""
        passed = 0
        rng = random.Random(f"ardojo-balance:{self.scenario.id}")
        look = self.compiled.lookahead
        for _ in range(calls):
            node_id, meters, decisions = self.scenario.start, dict(self.scenario.persona.mood), []
            while not self.scenario.nodes[node_id].is_ending:
                options = look.options(node_id, meters)
                option = options[rng.randrange(len(options))]
                decisions.append(score_decision(len(decisions) + 1, node_id, option.choice, options))
                node_id, meters = option.target, dict(option.meters_after)
            passed += self.passes(decisions, node_id)
        return passed / calls, passed, calls

    def best_play(self, node_id: str, meters: Mapping[str, int],
                  decisions: list[DecisionScore]) -> tuple[list[tuple[str, Mapping[str, int]]], str]:
        """Top replies (first in file order) from here to an ending; appends to `decisions`. Returns
        the (node, meters) of each decision taken and the ending."""
        trail = []
        while not self.scenario.nodes[node_id].is_ending:
            options = self.compiled.lookahead.options(node_id, meters)
            top = score_decision(0, node_id, options[0].choice, options).top
            option = options[top[0]]
            trail.append((node_id, meters))
            decisions.append(score_decision(len(decisions) + 1, node_id, option.choice, options))
            node_id, meters = option.target, option.meters_after
        return trail, node_id

    def sink(self) -> tuple[int | None, int]:
        """(first decision where one non-critical slip sinks the best call, the best call's length)."""
        scenario = self.scenario
        look = self.compiled.lookahead
        best: list[DecisionScore] = []
        trail, _ = self.best_play(scenario.start, dict(scenario.persona.mood), best)
        for k, (node_id, meters) in enumerate(trail):
            options = look.options(node_id, meters)
            top = set(score_decision(0, node_id, options[0].choice, options).top)
            for i, option in enumerate(options):
                if i in top or option.choice.critical:
                    continue
                decisions = list(best[:k])
                decisions.append(score_decision(k + 1, node_id, option.choice, options))
                _, ending = self.best_play(option.target, option.meters_after, decisions)
                if not self.passes(decisions, ending):
                    return k + 1, len(trail)
        return None, len(trail)


def difficulty(compiled: CompiledScenario, path_limit: int = PATH_LIMIT) -> Difficulty:
    """The measured difficulty of one compiled scenario."""
    walker = _Walker(compiled)
    exact = walker.enumerate(path_limit)
    rate, passed, calls = exact if exact is not None else walker.sample(RANDOM_SAMPLE)
    sink_at, length = walker.sink()
    states = reachable_states(compiled)
    traps = sum(1 for node_id in states for c in compiled.scenario.nodes[node_id].choices if c.critical)
    sink_turn = 1.0 if sink_at is None or not length else (sink_at - 1) / length
    return Difficulty(rate, passed / calls if calls else 0.0, calls, exact is not None, traps, sink_turn,
                      sink_at, length)


def measure(scenario: Scenario | CompiledScenario, path_limit: int = PATH_LIMIT) -> Balance:
    """Cues and difficulty of one scenario (compiled here unless given compiled)."""
    compiled = scenario if isinstance(scenario, CompiledScenario) else compile_scenario(scenario)
    return Balance(compiled.scenario, node_cues(compiled), difficulty(compiled, path_limit))


def measure_all(scenarios: Iterable[Scenario | CompiledScenario]) -> tuple[Balance, ...]:
    """`measure` for each scenario."""
    return tuple(measure(s) for s in scenarios)


def library_cues(balances: Sequence[Balance]) -> tuple[int, int, int]:
    """(decision nodes, longest-is-top nodes, shortest-is-top nodes) across scenarios."""
    return (sum(len(b.cues) for b in balances), sum(b.longest_top for b in balances),
            sum(b.shortest_top for b in balances))
