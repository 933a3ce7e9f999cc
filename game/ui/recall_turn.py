"""One recall decision as a small state machine the window drives (typed or spoken replies): submit the
trainee's words; a clear match is taken, an unclear one makes the client ask what they mean, and after
MAX_UNCLEAR unclear replies the trainee picks from the options (a fallback). No drawing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from game.engine.call import Call, Step
from game.engine.recall_cost import MAX_UNCLEAR, RecallReply

TAKEN, ASK, PICK = "taken", "ask", "pick"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a submitted reply did: TAKEN (`step` is the decision), ASK (the client asks what you mean)
    or PICK (the options are now shown: call `RecallTurn.pick`)."""

    kind: str
    said: str
    step: Step | None = None


class RecallTurn:
    """The recall state of the current node of `call` (call `reset()` after each decision)."""

    def __init__(self, call: Call, match: Callable | None = None) -> None:
        self.call = call
        self._match = match
        self.attempts: list[str] = []

    @property
    def picking(self) -> bool:
        """True once the trainee must pick from the options."""
        return len(self.attempts) >= MAX_UNCLEAR

    def reset(self) -> None:
        self.attempts = []

    def submit(self, text: str, spoken: bool = False, elapsed: float | None = None) -> Outcome:
        """Match `text` to the current node's options. Raises RecallUnavailable without the model."""
        text = " ".join(text.split())
        if self.picking or not text:
            return Outcome(PICK if self.picking else ASK, text)
        match = self._match
        if match is None:
            from game.recall.match import match_reply as match
        found = match(text, self.call.options)
        if found.kind == "clear":
            reply = RecallReply(text, found.similarities, tuple(self.attempts), spoken=spoken)
            step = self.call.choose(found.option_index, elapsed=elapsed, unclear=len(self.attempts), reply=reply)
            self.reset()
            return Outcome(TAKEN, text, step)
        self.attempts.append(text)
        return Outcome(PICK if self.picking else ASK, text)

    def pick(self, position: int, elapsed: float | None = None) -> Step:
        """The fallback: take the reply shown at `position` after the unclear replies."""
        reply = RecallReply("", (), tuple(self.attempts), fallback=True)
        step = self.call.choose_shown(position, elapsed=elapsed, unclear=len(self.attempts), fallback=True,
                                      reply=reply)
        self.reset()
        return step
