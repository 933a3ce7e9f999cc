"""What answering in your own words costs on a call (recall mode), as engine state.

In recall mode the trainee types (or says) a reply and `game.recall.match` maps it to one of the node's
options. When the reply is not clear the client asks what they mean. Each such round is recorded with the
decision that finally follows it (`Call.choose(index, ..., unclear=n)`):

- every "what do you mean" round costs `UNCLEAR_MOOD` (patience -5), applied by the shared step
  (`game.engine.states.Stepper.step`) *before* the reply's own mood and route guards, together with any
  manners cost (`game.engine.manners`); the decision is then scored against the replies both before and
  after that cost and earns the smaller share (`score_decision`'s `on_time`), so it can never score higher
  than picking the same reply at once;
- after `MAX_UNCLEAR` unclear rounds the trainee picks from the options (`fallback=True`): that decision
  earns at most `FALLBACK_SHARE` of what was at stake there on every dimension.

Nothing here knows how the text was matched (that is `game.recall`, which the engine never imports);
`RecallReply` only carries what the views show (what was said, what it was taken as, the similarities).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from game.content.model import Scenario, frozen_map
from game.engine.scoring import DecisionScore

#: The mood cost of one "what do you mean?" round.
UNCLEAR_MOOD: Mapping[str, int] = {"patience": -5}
#: Unclear rounds after which the trainee picks from the options.
MAX_UNCLEAR = 2
#: The most of a decision's stake a fallback pick can earn.
FALLBACK_SHARE = 0.5
#: What the client says when a reply is not clear (persona-neutral default).
ASK_AGAIN = "Sorry — what do you mean?"


def unclear_cost(scenario: Scenario, unclear: int) -> dict[str, int]:
    """The mood change of `unclear` rounds of "what do you mean" (only meters the scenario has)."""
    rounds = max(0, int(unclear))
    return {m: d * rounds for m, d in UNCLEAR_MOOD.items() if m in scenario.meters and d and rounds}


def add_costs(*costs: Mapping[str, int]) -> dict[str, int]:
    """Several mood costs added up meter by meter (meters that end at 0 dropped)."""
    out: dict[str, int] = {}
    for cost in costs:
        for meter, delta in cost.items():
            out[meter] = out.get(meter, 0) + delta
    return {m: d for m, d in out.items() if d}


@dataclass(frozen=True, slots=True)
class RecallReply:
    """How a recall decision was understood, for the transcript, the debrief and the records.

    `said` is the reply that was taken (typed, or the words heard when `spoken`); `attempts` the replies
    before it that were not clear (one per "what do you mean" round); `similarities` the match scores of
    `said` per option in file order; `fallback` whether the trainee finally picked from the options."""

    said: str
    similarities: tuple[float, ...] = ()
    attempts: tuple[str, ...] = ()
    fallback: bool = False
    spoken: bool = False

    @property
    def unclear(self) -> int:
        return len(self.attempts)

    def similarity(self, index: int) -> float | None:
        """The match score of option `index` (file order), None when not known."""
        return self.similarities[index] if 0 <= index < len(self.similarities) else None


def fallback_capped(scored: DecisionScore) -> DecisionScore:
    """A fallback pick's score: on every dimension at most FALLBACK_SHARE of the stake."""
    earned = {d: min(e, FALLBACK_SHARE * scored.at_stake.get(d, 0.0)) for d, e in scored.earned.items()}
    return replace(scored, earned=frozen_map(earned))


def without_unclear(cost: Mapping[str, int], unclear: int) -> dict[str, int]:
    """A decision's cost with the "what do you mean" rounds taken out: what its manners alone cost."""
    out = {m: d - UNCLEAR_MOOD.get(m, 0) * max(0, unclear) for m, d in cost.items()}
    return {m: d for m, d in out.items() if d}


def recall_note(reply: RecallReply | None, taken: int, unclear: int, fallback: bool) -> str:
    """How a recall decision was understood, in words, for the debrief ("" when it was not one)."""
    if reply is None and not unclear and not fallback:
        return ""
    parts = []
    rounds = unclear or (reply.unclear if reply else 0)
    if reply is not None and reply.attempts:
        heard = "; ".join(f"\"{a}\"" for a in reply.attempts)
        parts.append(f"Not understood: {heard}")
    if rounds:
        cost = ", ".join(f"{m} {d * rounds:+d}" for m, d in UNCLEAR_MOOD.items())
        parts.append(f"the client asked what you meant ({cost})")
    if fallback:
        parts.append(f"you then picked from the list, so this reply earns at most {int(FALLBACK_SHARE * 100)}% "
                     "of what was at stake")
    elif reply is not None:
        how = "heard" if reply.spoken else "typed"
        sim = reply.similarity(taken)
        parts.append(f"you {how} \"{reply.said}\", taken as this reply"
                     + (f" (match {sim:.2f})" if sim is not None else ""))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."
