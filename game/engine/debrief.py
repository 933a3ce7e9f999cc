"""The debrief: a data structure explaining a finished call, decision by decision, citing the rules.

Rendering is the UI's job (text in `game.ui.text`, pygame in the game); this module only decides
what to say.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping

from game.content.diagnostics import SourcePos
from game.content.model import DIMENSIONS, Choice, Commitment, Rule, Rulebook
from game.engine.call import Call, Step
from game.engine.machine import predict_target
from game.engine.scoring import CallScore, choice_value
from game.engine.wrapup import WrapUpReview

PRACTICE_COUNT = 3


@dataclass(frozen=True, slots=True)
class RuleCitation:
    """A rule as the debrief shows it: title, kind, summary and its sources."""

    id: str
    kind: str
    title: str
    summary: str
    sources: tuple[str, ...]

    @classmethod
    def of(cls, rule_id: str, rulebook: Rulebook | None) -> "RuleCitation":
        rule: Rule | None = rulebook.get(rule_id) if rulebook else None
        if rule is None:
            return cls(rule_id, "", rule_id, "", ())
        return cls(rule.id, rule.kind, rule.title, rule.summary, tuple(str(s) for s in rule.sources))


@dataclass(frozen=True, slots=True)
class BetterOption:
    say: str
    feedback: str
    score: Mapping[str, int]
    rules: tuple[RuleCitation, ...]


@dataclass(frozen=True, slots=True)
class DecisionReview:
    number: int
    node_id: str
    client_line: str
    said: str
    score: Mapping[str, int]
    mood: Mapping[str, int]
    meters_after: Mapping[str, int]
    feedback: str
    rules: tuple[RuleCitation, ...]
    better: BetterOption | None
    hung_up: bool
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class PracticeItem:
    rule: RuleCitation
    reason: str


@dataclass(frozen=True, slots=True)
class Debrief:
    scenario_id: str
    title: str
    persona: str
    result: CallScore
    ending_id: str
    ending_line: str
    commitment: Commitment
    decisions: tuple[DecisionReview, ...]
    practice: tuple[PracticeItem, ...]
    wrapup: WrapUpReview | None = None

    @property
    def passed(self) -> bool:
        return self.result.passed


def build_debrief(call: Call, rulebook: Rulebook | None, wrapup: WrapUpReview | None = None) -> Debrief:
    """Explain a finished call: scores, each decision with its cited rules and any better option,
    the wrap-up review if the call was documented, and the rules to practise next."""
    scenario = call.scenario
    result = call.score()
    reviews = tuple(_review(call, step, rulebook) for step in call.steps)
    ending = scenario.nodes[call.state.node]
    persona = scenario.persona
    return Debrief(
        scenario_id=scenario.id, title=scenario.title, persona=f"{persona.name}, {persona.company}",
        result=result, ending_id=ending.id, ending_line=ending.client,
        commitment=ending.ending.commitment if ending.ending else Commitment.NONE,
        decisions=reviews, practice=_practice(call, reviews, result, rulebook), wrapup=wrapup,
    )


def _path_value(call: Call, choice: Choice, meters: Mapping[str, int]) -> float:
    target, _ = predict_target(call.scenario, choice, meters)
    return choice_value(choice) + call.compiled.ranges.best_value[target]


def _better_choice(call: Call, step: Step) -> Choice | None:
    """The alternative that leads to the best achievable call from here, if it beats the one taken."""
    taken = _path_value(call, step.choice, step.meters_before)
    best, best_value = None, taken
    for alternative in step.node.choices:
        if alternative.index == step.choice.index:
            continue
        value = _path_value(call, alternative, step.meters_before)
        if value > best_value + 1e-9:
            best, best_value = alternative, value
    return best


def _review(call: Call, step: Step, rulebook: Rulebook | None) -> DecisionReview:
    better = _better_choice(call, step)
    mood = {m: step.meters_after[m] - step.meters_before[m] for m in step.meters_after
            if step.meters_after[m] != step.meters_before[m]}
    return DecisionReview(
        number=step.number, node_id=step.node.id, client_line=step.node.client, said=step.choice.say,
        score=step.choice.score, mood=mood, meters_after=step.meters_after, feedback=step.choice.feedback,
        rules=tuple(RuleCitation.of(r, rulebook) for r in step.choice.rules),
        better=None if better is None else BetterOption(
            better.say, better.feedback, better.score, tuple(RuleCitation.of(r, rulebook) for r in better.rules)),
        hung_up=step.hung_up, pos=step.choice.pos,
    )


def _practice(call: Call, reviews: tuple[DecisionReview, ...], result: CallScore,
              rulebook: Rulebook | None) -> tuple[PracticeItem, ...]:
    """Rank rules by what ignoring them cost: rules of better options missed, and 'dont' rules broken."""
    weight: dict[str, float] = defaultdict(float)
    where: dict[str, list[int]] = defaultdict(list)
    citations: dict[str, RuleCitation] = {}
    for review in reviews:
        total = sum(review.score.values())
        if review.better is not None:
            gap = max(1.0, sum(review.better.score.values()) - total)
            for rule in review.better.rules:
                weight[rule.id] += gap
                where[rule.id].append(review.number)
                citations[rule.id] = rule
        if total < 0:
            for rule in review.rules:
                if rule.kind == "dont" or review.better is None:
                    weight[rule.id] += -total
                    where[rule.id].append(review.number)
                    citations[rule.id] = rule
    ranked = sorted(weight, key=lambda rid: (-weight[rid], rid))[:PRACTICE_COUNT]
    items = [PracticeItem(citations[rid], "missed or broken at decision "
                          + ", ".join(str(n) for n in sorted(set(where[rid])))) for rid in ranked]
    if len(items) < PRACTICE_COUNT and rulebook is not None:
        weakest = min(DIMENSIONS, key=lambda d: result.scores[d])
        cited = {rid for review in reviews for rid in (r.id for r in review.rules)}
        for rule in rulebook.rules.values():
            if len(items) >= PRACTICE_COUNT:
                break
            if weakest in rule.dimensions and rule.id not in weight and rule.id not in cited:
                items.append(PracticeItem(RuleCitation.of(rule.id, rulebook),
                                          f"builds {weakest}, your lowest score this call"))
    return tuple(items)
