"""Recall mode in the terminal: the options are hidden and the trainee types a reply in their own words.

The rules of a recall decision are game/recall/turn.py's (`RecallTurn`, shared with the window); this
module only reads and writes lines. A clear match is taken and the transcript shows
`You said: "…" — taken as: "…"`. Otherwise the client asks what they mean (`ASK_AGAIN`; each such
round costs patience, `game.engine.recall_cost`); after the second unclear reply the options are shown and the trainee picks one by number, scored as a fallback. `b` shows the brief.
When the matching model cannot be loaded, one line says so and the trainee picks from the options as
usual (no penalty: recall was not available). With `--speak` (a `Listener`), an empty line starts the
microphone and the next Enter stops it; the words heard are shown and matched the same way; no
microphone is one line, and typing still works.
"""

from __future__ import annotations

from typing import Callable

from game.engine.call import Call, Step
from game.engine.recall_cost import ASK_AGAIN, MAX_UNCLEAR
from game.recall.errors import RecallUnavailable
from game.recall.turn import ASK, EMPTY, TAKEN, UNAVAILABLE, RecallTurn
from game.ui.text.render import wrap
from game.ui.text.terminal_io import Terminal

#: Shown once when recall mode starts.
RECALL_NOTICE = ("Recall mode: the replies are hidden. Type what you would say, in your own words; if the "
                 f"client does not follow, they ask what you mean (it costs patience), and after {MAX_UNCLEAR} "
                 "unclear replies you pick from the list, for at most half the marks.")


def say_options(term: Terminal, call: Call) -> None:
    """The node's replies, numbered in the order this call shows them."""
    for number, choice in enumerate(call.shown, 1):
        term.say(wrap(f"{number}. {choice.say}", "  ", "     "))


def pick_number(term: Terminal, call: Call, brief: str) -> int:
    """Ask for a reply by its number on screen until one is given; returns the 0-based position."""
    shown = call.shown
    while True:
        answer = term.ask(f"Your reply (1-{len(shown)}, b = brief): ").lower()
        if answer == "b":
            term.say(brief)
            say_options(term, call)
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(shown):
            return int(answer) - 1
        term.say(f"Please type a number from 1 to {len(shown)}, or b for the account brief.")


class Listener:
    """Spoken replies in the terminal (`play --text --speak`): Enter starts the microphone, Enter stops it;
    the words heard go through the same matching. `capture` returns 16 kHz mono PCM (tests pass their own);
    by default the microphone is opened on first use (game/ui/mic.py)."""

    def __init__(self, term: Terminal, capture: Callable[[], bytes] | None = None) -> None:
        self.term = term
        self._capture = capture
        self._mic = None
        self.available = True

    def listen(self) -> bytes:
        """Record one reply; raises MicUnavailable when there is no microphone."""
        if self._capture is not None:
            return self._capture()
        from game.ui.mic import Mic
        if self._mic is None:
            self._mic = Mic.open()
        self._mic.start()
        try:
            self.term.ask("Talking... press Enter to stop. ")
        finally:
            pcm = self._mic.stop()
        return pcm

    def hear(self, call: Call) -> str | None:
        """Record and recognise one reply; None (with one line said) when it cannot be used."""
        from game.ui.mic import MicUnavailable
        try:
            pcm = self.listen()
            from game.recall.speech import recognise
            heard = recognise(pcm, call.options)
        except MicUnavailable as exc:
            self.available = False
            self.term.say(f"{exc}")
            return None
        except RecallUnavailable as exc:
            self.available = False
            self.term.say(f"Speech recognition is not available ({exc}); type your reply.")
            return None
        self.term.say(f"Heard: \"{heard}\"" if heard else "Nothing was heard; speak again or type your reply.")
        return heard or None


def ask_recall(term: Terminal, call: Call, brief: str, client: str,
               match: Callable | None = None, listener: Listener | None = None) -> Step:
    """One recall decision at the current node, by the rules of game/recall/turn.py (`RecallTurn`); this
    only reads the trainee's lines and writes the client's. `client` is the persona's short name; `match`
    defaults to game.recall.match.match_reply; with a `listener`, an empty line records a spoken reply.
    Returns the step taken."""
    turn = RecallTurn(call, match)
    while True:
        talking = listener is not None and listener.available
        text = term.ask("You say (Enter = talk, b = brief): " if talking else "You say (b = brief): ")
        spoken = False
        if text.lower() == "b":
            term.say(brief)
            term.say(wrap(f"{client}: \"{call.node.client}\""))
            continue
        if not text and talking:
            heard = listener.hear(call)  # type: ignore[union-attr]
            if heard is None:
                continue
            text, spoken = heard, True
        outcome = turn.submit(text, spoken)
        if outcome.kind == EMPTY:
            term.say("Type what you would say to the client (or b for the account brief).")
            continue
        if outcome.kind == TAKEN:
            term.say(wrap(f"You said: \"{outcome.said}\" — taken as: \"{outcome.taken_as}\"", "   ", "     "))
            return outcome.step  # type: ignore[return-value]
        if outcome.kind == ASK:
            term.say(wrap(f"{client}: \"{ASK_AGAIN}\""))
            continue
        if outcome.kind == UNAVAILABLE:
            term.say(f"Recall is not available ({outcome.problem}); pick your reply from the list.")
        else:
            term.say(f"{client} still does not follow. Pick the reply you meant (a fallback: at most half the marks):")
        say_options(term, call)
        return turn.pick(pick_number(term, call, brief))
