"""Score ranges by dynamic programming over the dialogue graph, and the scoring of a finished call.

A scenario can have billions of paths, so best and worst totals are computed per node in reverse
topological order (linear in nodes + choices), never by enumerating paths. Conditional routes are
all treated as possible, so the ranges are the outer bounds the graph allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from game.content.checks import choice_targets
from game.content.paths import COMMITMENT_WEIGHT, choice_value, topological_order  # noqa: F401 (re-exported)
from game.content.model import CHOICE_DIMENSIONS, DIMENSIONS, Choice, Scenario, frozen_map


def eligible(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """Replies a team lead could recommend: no critical error, no rule broken, no negative score.
    (All of them when a node offers none such: then the grade ranks the lesser evils.)"""
    good = tuple(c for c in choices if not c.critical and not c.breaks and choice_value(c) >= 0)
    return good or tuple(choices)


@dataclass(frozen=True, slots=True)
class Range:
    worst: float
    best: float

    def normalize(self, raw: float) -> int:
        """Map a raw total to 0..100 within this range (100 when the range is a single value)."""
        if self.best == self.worst:
            return 100
        value = (raw - self.worst) / (self.best - self.worst) * 100
        return int(round(min(100.0, max(0.0, value))))


@dataclass(frozen=True, slots=True)
class ScoreRanges:
    """Per-dimension best/worst totals from the start, and per-node best path values."""

    dimensions: Mapping[str, Range]
    best_value: Mapping[str, float]
    paths: int


def compute_ranges(scenario: Scenario) -> ScoreRanges:
    """Best and worst achievable totals per dimension, and each node's best path value.

    One pass over the nodes in reverse topological order; each choice is visited once."""
    choice_dims = CHOICE_DIMENSIONS
    targets_of = {nid: [choice_targets(scenario, c) for c in node.choices] for nid, node in scenario.nodes.items()}
    succ = {nid: tuple(dict.fromkeys(t for ts in lists for t in ts)) for nid, lists in targets_of.items()}
    # per node: (best per dimension, worst per dimension) as lists in DIMENSIONS order
    best: dict[str, list[float]] = {}
    worst: dict[str, list[float]] = {}
    value: dict[str, float] = {}
    paths: dict[str, int] = {}
    for nid in reversed(topological_order(scenario, succ)):
        node = scenario.nodes[nid]
        if node.ending is not None:
            points = float(node.ending.commitment.value_points)
            best[nid] = [0.0] * len(choice_dims) + [points]
            worst[nid] = [0.0] * len(choice_dims) + [points]
            value[nid] = points * COMMITMENT_WEIGHT
            paths[nid] = 1
            continue
        node_best = [float("-inf")] * len(DIMENSIONS)
        node_worst = [float("inf")] * len(DIMENSIONS)
        node_value = float("-inf")
        node_paths = 0
        for choice, targets in zip(node.choices, targets_of[nid]):
            gains = [choice.score.get(d, 0) for d in choice_dims] + [0]
            for i, gain in enumerate(gains):
                hi = max(best[t][i] for t in targets) if len(targets) > 1 else best[targets[0]][i]
                lo = min(worst[t][i] for t in targets) if len(targets) > 1 else worst[targets[0]][i]
                if gain + hi > node_best[i]:
                    node_best[i] = gain + hi
                if gain + lo < node_worst[i]:
                    node_worst[i] = gain + lo
            node_value = max(node_value, sum(gains) + max(value[t] for t in targets))
            node_paths += sum(paths[t] for t in targets)
        best[nid], worst[nid], value[nid], paths[nid] = node_best, node_worst, node_value, node_paths
    start = scenario.start
    dims = {d: Range(worst[start][i], best[start][i]) for i, d in enumerate(DIMENSIONS)}
    return ScoreRanges(frozen_map(dims), frozen_map(value), paths[start])


@dataclass(frozen=True, slots=True)
class DecisionScore:
    """How good one decision was against the replies the trainee really had there.

    `top` are the best replies (file indices) by value among those a team lead could recommend;
    `at_stake[d]` is how far the best reply beats the worst one on dimension d at this decision (only
    dimensions where it does), and `earned[d]` how much of that the chosen reply got (all of it when a
    top reply was taken)."""

    number: int
    node_id: str
    choice: Choice
    options: tuple  # OptionValue, file order
    top: tuple[int, ...]
    earned: Mapping[str, float]
    at_stake: Mapping[str, float]
    interrupted: bool = False  # the reply cut the client off (breaks the listening rule)
    cost: Mapping[str, int] = field(default_factory=frozen_map)  # the manners cost applied before the reply (game.engine.manners)
    ceiling: float | None = None  # with a cost: the most commitment points the reply on time could lead to

    @property
    def took_top(self) -> bool:
        return self.choice.index in self.top

    def quality(self, dimension: str) -> float | None:
        """0..1 on one dimension, or None when that dimension was not at stake here."""
        stake = self.at_stake.get(dimension)
        return None if not stake else self.earned[dimension] / stake

    @property
    def overall_quality(self) -> float:
        """0..1 over the dimensions at stake (1.0 when nothing was at stake)."""
        stake = sum(self.at_stake.values())
        return 1.0 if not stake else sum(self.earned.values()) / stake


@dataclass(frozen=True, slots=True)
class CriticalError:
    """A reply marked `critical`: the call cannot pass."""

    number: int
    node_id: str
    rule: str
    say: str
    pos: object


@dataclass(frozen=True, slots=True)
class CallScore:
    """The 0..100 scores of a finished call, how each decision scored, and any critical errors.

    The pass/fail verdict is not here: it also needs the call log and the marks in force
    (`game.engine.verdict`)."""

    scores: Mapping[str, int]
    overall: int
    decisions: tuple[DecisionScore, ...]
    critical: tuple[CriticalError, ...]
    raw: Mapping[str, float]

    def below(self, thresholds: Mapping[str, int]) -> tuple[str, ...]:
        """The marks this call's scores miss: `overall` first, then the dimensions in order."""
        below = tuple(d for d in DIMENSIONS if self.scores[d] < thresholds.get(d, 0))
        return (("overall",) if self.overall < thresholds.get("overall", 0) else ()) + below


def score_decision(number: int, node_id: str, choice: Choice, options: Sequence,
                   on_time: Sequence | None = None, interrupted: bool = False,
                   cost: Mapping[str, int] | None = None, ceiling: float | None = None) -> DecisionScore:
    """Score one decision from its options (each with `.choice` and `.value`, as `Lookahead.options`).

    With a manners cost (`game.engine.manners`), `options` are the replies as they stand after the cost
    and `on_time` as they stood when the client finished: the stake is what was at stake then, and on
    each dimension the reply earns the smaller of its two shares, so a cost can never make a decision
    (nor, on the same path, a call) score higher. An interrupting
    reply earns at most `INTERRUPT_SHARE` of the stake on every dimension at stake. `ceiling` (the most
    commitment points the reply given on time could lead to) caps the call's commitment (`score_call`)."""
    plain = _score_plain(number, node_id, choice, options)
    if on_time is None and not interrupted:
        return plain
    from game.engine.manners import INTERRUPT_SHARE

    earned, at_stake = dict(plain.earned), dict(plain.at_stake)
    if on_time is not None:
        before = _score_plain(number, node_id, choice, on_time)
        at_stake, earned = dict(before.at_stake), {}
        for dim, stake in at_stake.items():
            share = min(1.0 if plain.quality(dim) is None else plain.quality(dim),  # type: ignore[operator]
                        before.quality(dim))  # type: ignore[type-var]
            earned[dim] = share * stake
    if interrupted:
        earned = {d: min(e, INTERRUPT_SHARE * at_stake[d]) for d, e in earned.items()}
    return DecisionScore(number, node_id, choice, plain.options, plain.top, frozen_map(earned),
                         frozen_map(at_stake), interrupted, frozen_map(cost or {}), ceiling)


def _score_plain(number: int, node_id: str, choice: Choice, options: Sequence) -> DecisionScore:
    """`score_decision` with no manners: the replies as they are."""
    good = {c.index for c in eligible(tuple(o.choice for o in options))}
    pool = [o for o in options if o.choice.index in good]
    best_value = max(o.value for o in pool)
    top = tuple(o.choice.index for o in pool if o.value >= best_value - 1e-9)
    earned, at_stake = {}, {}
    took_top = choice.index in top
    for dim in CHOICE_DIMENSIONS:
        worst = min(o.choice.score.get(dim, 0) for o in options)
        ref = max(o.choice.score.get(dim, 0) for o in options if o.choice.index in top)
        if ref > worst:
            at_stake[dim] = float(ref - worst)
            got = ref if took_top else min(ref, choice.score.get(dim, 0))
            # a critical error earns nothing, however polished it sounds
            earned[dim] = 0.0 if choice.critical and not took_top else float(got - worst)
    return DecisionScore(number, node_id, choice, tuple(options), top, frozen_map(earned), frozen_map(at_stake))


def score_call(scenario: Scenario, ranges: ScoreRanges, decisions: Sequence[DecisionScore],
               ending_id: str, model_commitment: float | None = None) -> CallScore:
    """Score a finished call from its scored decisions and the ending reached.

    Each of professionalism, empathy and clarity is 100 × (what the chosen replies earned) ÷ (what was
    at stake), summed over the decisions where that dimension was at stake; 100 when it never was.
    A critical reply earns nothing at its decision.
    Commitment is the ending's value between the worst ending of the scenario and the ending a model
    call reaches (`model_commitment`; the best ending in the graph when not given), capped at 100.
    When a decision had a manners cost (`game.engine.manners`), the ending's points count at most as
    many as the same reply given on time could have led to (`DecisionScore.ceiling`): a cost that sends
    the call down another route can never earn a better commitment. Overall is their mean."""
    scores: dict[str, int] = {}
    raw: dict[str, float] = {}
    for dim in CHOICE_DIMENSIONS:
        stake = sum(d.at_stake.get(dim, 0.0) for d in decisions)
        earned = sum(d.earned.get(dim, 0.0) for d in decisions)
        raw[dim] = earned
        raw[f"{dim}_at_stake"] = stake
        scores[dim] = 100 if stake <= 0 else int(round(100 * earned / stake))
    ending = scenario.nodes[ending_id].ending
    raw["commitment"] = float(ending.commitment.value_points if ending else 0)
    ceilings = [d.ceiling for d in decisions if d.ceiling is not None]
    if ceilings:
        raw["commitment"] = min([raw["commitment"], *ceilings])
    span = ranges.dimensions["commitment"]
    reference = span.best if model_commitment is None else model_commitment
    scores["commitment"] = Range(span.worst, max(reference, span.worst)).normalize(raw["commitment"])
    overall = int(round(sum(scores[d] for d in DIMENSIONS) / len(DIMENSIONS)))
    critical = tuple(CriticalError(d.number, d.node_id, d.choice.critical, d.choice.say, d.choice.pos)
                     for d in decisions if d.choice.critical)
    return CallScore(frozen_map(scores), overall, tuple(decisions), critical, frozen_map(raw))
