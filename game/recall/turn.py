"""One recall decision, the rules in one place for every front end (terminal and window only do input and
output): the trainee's words are matched to the current node's options; a clear match is taken; an unclear
one makes the client ask what they mean (each round costs patience, game/engine/recall_cost.py); after
MAX_UNCLEAR unclear replies the trainee picks from the options, scored as a fallback. When the matching
model cannot be loaded the trainee picks from the options as usual, without the fallback penalty.

Every decision carries a `RecallReply`: the text said (typed, or the words heard when spoken), the
unclear replies before it, the similarities per option, whether it was a fallback. No UI imports here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from game.engine.call import Call, Step
from game.engine.recall_cost import MAX_UNCLEAR, RecallReply
from game.recall.errors import RecallUnavailable

#: What a submitted reply did (`Outcome.kind`).
TAKEN, ASK, PICK, EMPTY, UNAVAILABLE = "taken", "ask", "pick", "empty", "unavailable"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a submitted reply did: TAKEN (`step` is the decision; `match` how it was understood), ASK (the
    client asks what you mean), PICK (the options must now be shown: call `RecallTurn.pick`), EMPTY (no
    words: nothing happened) or UNAVAILABLE (the model cannot be loaded, `problem` says why: show the
    options and call `RecallTurn.pick`, which then scores a plain pick)."""

    kind: str
    said: str
    step: Step | None = None
    match: object | None = None
    problem: str = ""

    @property
    def taken_as(self) -> str:
        """The authored words the reply was taken as ("" unless TAKEN)."""
        return self.step.choice.say if self.step is not None else ""


class RecallTurn:
    """The recall state of the current node of `call`; it resets itself after each decision. `match`
    defaults to game.recall.match.match_reply (tests pass their own)."""

    def __init__(self, call: Call, match: Callable | None = None) -> None:
        self.call = call
        self._match = match
        self.attempts: list[str] = []
        self.problem = ""  # set when the model could not be loaded at this node

    @property
    def picking(self) -> bool:
        """True once the trainee must pick from the options (a fallback, or recall unavailable)."""
        return bool(self.problem) or len(self.attempts) >= MAX_UNCLEAR

    @property
    def fallback(self) -> bool:
        """True when a pick now is a fallback (scored with the penalty)."""
        return not self.problem and len(self.attempts) >= MAX_UNCLEAR

    def reset(self) -> None:
        """Forget the unclear replies (a new node)."""
        self.attempts = []
        self.problem = ""

    def submit(self, text: str, spoken: bool = False, elapsed: float | None = None) -> Outcome:
        """Match `text` (white space folded) to the current node's options and apply the rule above."""
        text = " ".join(text.split())
        if self.picking:
            return Outcome(UNAVAILABLE if self.problem else PICK, text, problem=self.problem)
        if not text:
            return Outcome(EMPTY, text)
        match = self._match
        try:
            if match is None:
                from game.recall.match import match_reply as match
            found = match(text, self.call.options)
        except RecallUnavailable as exc:
            self.problem = str(exc) or "the matching model cannot be loaded"
            return Outcome(UNAVAILABLE, text, problem=self.problem)
        if found.kind == "clear":
            reply = RecallReply(text, found.similarities, tuple(self.attempts), spoken=spoken)
            step = self.call.choose(found.option_index, elapsed=elapsed, unclear=len(self.attempts), reply=reply)
            self.reset()
            return Outcome(TAKEN, text, step, found)
        self.attempts.append(text)
        return Outcome(PICK if self.picking else ASK, text, match=found)

    def pick(self, position: int, elapsed: float | None = None) -> Step:
        """Take the reply shown at `position`: a fallback after MAX_UNCLEAR unclear replies (at most half
        the marks, the patience of the rounds spent), or a plain pick when recall was unavailable."""
        if not self.picking:
            raise ValueError("no pick is due: the trainee's words have not been unclear twice")
        if self.problem:
            step = self.call.choose_shown(position, elapsed=elapsed)
        else:
            reply = RecallReply("", (), tuple(self.attempts), fallback=True)
            step = self.call.choose_shown(position, elapsed=elapsed, unclear=len(self.attempts), fallback=True,
                                          reply=reply)
        self.reset()
        return step
