"""The debrief: a data structure explaining a finished call, decision by decision, citing the rules.

Order of reading: the verdict and scores first (critical errors named first among the reasons), then
each decision — what was said, its effect, the rules it followed or broke, the feedback, and the better
reply when there was one — then the rules to practise (the rules broken, critical first), and at the
end each rule the call touched (followed or broken by the trainee's replies, or by the call log), once,
with its full text and sources. A reply that cut the client off breaks the listening rule
(`game.engine.manners.LISTEN_RULE`) at that decision, and says what waiting or interrupting cost.

"Better here" uses the grade's own measure (`DecisionScore.top`: the best reply by value from the
meters the call really had) and is never a critical error, a reply that breaks a rule or one that
scores below zero; when the trainee took a top reply there is none. Rendering is the UI's job.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping

from game.content.diagnostics import SourcePos
from game.content.model import Choice, Commitment, Rule, Rulebook
from game.content.paths import choice_value
from game.engine.call import Call, Step
from game.engine.closing import ClosingExchange, closing_exchange
from game.engine.manners import LISTEN_RULE, manners_note
from game.engine.recall_cost import RecallReply, recall_note, without_unclear
from game.engine.scoring import CallScore
from game.engine.verdict import Marks, Verdict, decide
from game.engine.wrapup import WrapUpReview

PRACTICE_COUNT = 5


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
    choice_id: str = ""


@dataclass(frozen=True, slots=True)
class DecisionReview:
    """One decision as the debrief explains it. `followed` and `broke` are the rules this reply followed
    and broke; `critical` is the rule of a critical error. `quality` is 0..1 against the options the
    trainee had (1.0 for a top reply)."""

    number: int
    node_id: str
    client_line: str
    said: str
    score: Mapping[str, int]
    mood: Mapping[str, int]
    meters_after: Mapping[str, int]
    feedback: str
    followed: tuple[RuleCitation, ...]
    broke: tuple[RuleCitation, ...]
    critical: RuleCitation | None
    quality: float
    took_top: bool
    better: BetterOption | None
    hung_up: bool
    pos: SourcePos
    choice_id: str = ""
    position: int = 0
    waited: float | None = None  # seconds the trainee took after the client's line (None: not timed)
    interrupted: bool = False  # the reply cut the client off (the listening rule is then in `broke`)
    manners: str = ""  # what waiting or interrupting cost here, in words ("" when nothing)
    recall: RecallReply | None = None  # recall mode: what was said and how it was understood
    fallback: bool = False  # recall mode: picked from the list after unclear replies (at most half marks)
    unclear: int = 0  # recall mode: "what do you mean" rounds before this reply
    recall_note: str = ""  # recall mode, in words ("" when the reply was picked from the list as usual)

    @property
    def rules(self) -> tuple[RuleCitation, ...]:
        """Every rule this decision touched: followed, then broken."""
        return self.followed + self.broke


@dataclass(frozen=True, slots=True)
class PracticeItem:
    rule: RuleCitation
    reason: str
    critical: bool = False


@dataclass(frozen=True, slots=True)
class Debrief:
    scenario_id: str
    title: str
    persona: str
    result: CallScore
    verdict: Verdict
    ending_id: str
    ending_line: str
    commitment: Commitment
    decisions: tuple[DecisionReview, ...]
    practice: tuple[PracticeItem, ...]
    rules_touched: tuple[RuleCitation, ...]
    wrapup: WrapUpReview | None = None
    closing: ClosingExchange | None = None

    @property
    def passed(self) -> bool:
        return self.verdict.passed


def build_debrief(call: Call, rulebook: Rulebook | None, wrapup: WrapUpReview | None = None,
                  verdict: Verdict | None = None) -> Debrief:
    """Explain a finished call. `verdict` is the call's one verdict (as stored); without one (a preview),
    it is decided here with the scenario's own marks."""
    scenario = call.scenario
    result = call.score()
    titles = {r.id: r.title for r in rulebook.rules.values()} if rulebook else {}
    if verdict is None:
        verdict = decide(result, wrapup, Marks.of_scenario(scenario), titles)
    reviews = tuple(_review(step, rulebook) for step in call.steps)
    ending = scenario.nodes[call.state.node]
    persona = scenario.persona
    touched = dict.fromkeys(r.id for review in reviews for r in review.rules)
    if wrapup is not None:
        touched.update(dict.fromkeys(c.rule for c in wrapup.checks))
    return Debrief(
        scenario_id=scenario.id, title=scenario.title, persona=f"{persona.name}, {persona.company}",
        result=result, verdict=verdict, ending_id=ending.id, ending_line=ending.client,
        commitment=ending.ending.commitment if ending.ending else Commitment.NONE,
        decisions=reviews, practice=_practice(reviews, wrapup, rulebook),
        rules_touched=tuple(RuleCitation.of(rid, rulebook) for rid in touched), wrapup=wrapup,
        closing=closing_exchange(scenario, ending),
    )


def recommendable(choice: Choice) -> bool:
    """A reply a team lead would sign as the better one: no critical error, no broken rule, not negative."""
    return not choice.critical and not choice.breaks and choice_value(choice) >= 0


def better_choice(step: Step) -> Choice | None:
    """The reply the grade counts as best at this decision, when the trainee did not take one."""
    scored = step.scored
    if scored.took_top:
        return None
    tops = [o.choice for o in scored.options if o.choice.index in scored.top and recommendable(o.choice)]
    return max(tops, key=lambda c: (choice_value(c), -c.index)) if tops else None


def _review(step: Step, rulebook: Rulebook | None) -> DecisionReview:
    better = better_choice(step)
    choice = step.choice
    mood = {m: step.meters_after[m] - step.meters_before[m] for m in step.meters_after
            if step.meters_after[m] != step.meters_before[m]}
    broke = choice.breaks + ((LISTEN_RULE,) if step.interrupted and LISTEN_RULE not in choice.breaks else ())
    mannered = step.interrupted or bool(step.cost) or step.fallback
    return DecisionReview(
        number=step.number, node_id=step.node.id, client_line=step.node.client, said=choice.say,
        score=choice.score, mood=mood, meters_after=step.meters_after, feedback=choice.feedback,
        followed=tuple(RuleCitation.of(r, rulebook) for r in choice.rules),
        broke=tuple(RuleCitation.of(r, rulebook) for r in broke),
        critical=RuleCitation.of(choice.critical, rulebook) if choice.critical else None,
        quality=1.0 if step.scored.took_top and not mannered else step.scored.overall_quality,
        took_top=step.scored.took_top,
        better=None if better is None else BetterOption(
            better.say, better.feedback, better.score, tuple(RuleCitation.of(r, rulebook) for r in better.rules),
            better.id),
        hung_up=step.hung_up, pos=choice.pos, choice_id=choice.id, position=step.position,
        waited=step.waited, interrupted=step.interrupted,
        manners=manners_note(step.manners, without_unclear(step.cost, step.unclear)),
        recall=step.reply, fallback=step.fallback, unclear=step.unclear,
        recall_note=recall_note(step.reply, choice.index, step.unclear, step.fallback),
    )


def _practice(reviews: tuple[DecisionReview, ...], wrapup: WrapUpReview | None,
              rulebook: Rulebook | None) -> tuple[PracticeItem, ...]:
    """The rules the trainee broke, critical errors first, then the most often broken; a wrong call log
    adds the documentation or follow-up rule it broke."""
    broken: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    critical: set[str] = set()
    for review in reviews:
        for rule in review.broke:
            broken[rule.id] += 1
            where.setdefault(rule.id, []).append(str(review.number))
        if review.critical is not None:
            critical.add(review.critical.id)
    for check in (wrapup.checks if wrapup else ()):
        if not check.ok:
            broken[check.rule] += 1
            where.setdefault(check.rule, []).append(f"the call log ({check.item})")
    ranked = sorted(broken, key=lambda rid: (rid not in critical, -broken[rid], rid))[:PRACTICE_COUNT]
    out = []
    for rid in ranked:
        places = list(dict.fromkeys(where[rid]))
        numbers = [p for p in places if p.isdigit()]
        others = [p for p in places if not p.isdigit()]
        parts = ([f"decision{'s' if len(numbers) > 1 else ''} {', '.join(numbers)}"] if numbers else []) + others
        reason = ("critical error at " if rid in critical else "broken at ") + " and ".join(parts)
        out.append(PracticeItem(RuleCitation.of(rid, rulebook), reason, rid in critical))
    return tuple(out)
