"""The client's voice on the call screen, line after line: their line, and — spoken after it, not over it —
their reaction when the trainee cut them off and the goodbye of the closing exchange.

Everything goes through the voice port's public calls (`speak`, `is_speaking`, `cancel`), the same path
as the client's normal lines, so the voice, volume and rate settings apply alike. A sequence is spoken one
line at a time: the next starts when the voice has finished the one before (or when that one has not
started within `START_LIMIT` seconds: the voice skipped it). A silent beat (a line with no text: the
caller's closing line, which the trainee says) holds for about the time it takes to say.

With no voice (no device, voice off) only the line marked `primary` is handed to the voice, exactly as
before, and every caption shows at once. With the voice on and captions off, each line's transcript
entries appear when it starts (and the transcript hides the line being said until it is said).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Callable, Sequence

from game.content.model import Voice
from game.ui.pygame.context import UI
from game.ui.pygame.transcript import Entry

#: A line the voice has not started playing this long after it was asked for is taken as skipped.
START_LIMIT = 12.0
#: Words a second when the trainee's own closing line is "said" (a silent beat in the sequence).
WORDS_PER_SECOND = 2.8


def beat_seconds(text: str) -> float:
    """About how long a line takes to say (a silent beat for the trainee's closing line), 0.8-6 s."""
    return min(6.0, max(0.8, len(text.split()) / WORDS_PER_SECOND))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a sequence: `text` spoken (empty: a silent beat of `hold` seconds), `key` for the voice
    cache, the transcript `entries` it shows, and whether it is the `primary` line (the client's line of
    the node: the one handed to the voice even when there is none, as always)."""

    text: str
    key: str = ""
    entries: tuple[Entry, ...] = ()
    primary: bool = False
    hold: float = 0.0


class ClientVoice:
    """Speaks sequences of client lines in order; `show(entry)` puts an entry in the transcript."""

    def __init__(self, ui: UI, voice: Voice, show: Callable[[Entry], None]) -> None:
        self.ui = ui
        self.voice = voice
        self.show = show
        self._queue: deque[Line] = deque()
        self._current: Line | None = None
        self._started = False  # the current line has been heard playing
        self._age = 0.0  # seconds since the current line was asked for (or the beat began)
        self._played = False  # some line of this sequence has played
        self.changed = False  # entries were shown since the last frame (the scene redraws)

    def live(self) -> bool:
        """The voice really speaks (a device, voice on): lines follow one another."""
        return bool(self.ui.voice.available and self.ui.settings.voice_enabled)

    def say(self, lines: Sequence[Line]) -> None:
        """Speak `lines` in order (stopping whatever is being said)."""
        self.cancel(flush=True)
        voice = self.ui.voice
        voice.cancel()
        if not self.live():
            for line in lines:
                for entry in line.entries:
                    self.show(entry)
            primary = next((line for line in lines if line.primary), None)
            if primary is not None:
                voice.speak(primary.text, self.voice, primary.key)
            return
        captions = self.ui.settings.captions
        if captions:  # every caption at once, as always; the voice follows in order
            for line in lines:
                for entry in line.entries:
                    self.show(entry)
        self._queue = deque(lines if not captions else [Line(ln.text, ln.key, (), ln.primary, ln.hold)
                                                       for ln in lines])
        self._played = False
        self._next()

    def _next(self) -> None:
        self._current, self._started, self._age = None, False, 0.0
        if not self._queue:
            return
        line = self._current = self._queue.popleft()
        for entry in line.entries:
            self.show(entry)
            self.changed = True
        if line.text.strip():
            self.ui.voice.speak(line.text, self.voice, line.key)

    def update(self, dt: float) -> None:
        """Move on to the next line when the voice finished (or skipped) this one."""
        line = self._current
        if line is None:
            return
        self._age += dt
        if not line.text.strip():
            if self._age >= line.hold:
                self._next()
            return
        if self.ui.voice.is_speaking():
            self._started = self._played = True
        elif self._started or self._age > START_LIMIT or not self.live():
            self._next()

    def talking(self) -> bool:
        """The client is still saying this sequence: a line playing, or more to come after one played."""
        if self.ui.voice.is_speaking():
            return True
        return self._played and self._current is not None

    def pending(self) -> bool:
        """Lines of the sequence still to come."""
        return self._current is not None

    def cancel(self, flush: bool = True) -> None:
        """Stop the sequence (the voice is stopped by whoever speaks next). With `flush`, the entries of
        lines not reached are shown now, so the transcript stays whole."""
        rest = list(self._queue)
        self._queue.clear()
        self._current = None
        self._started = self._played = False
        if flush:
            for line in rest:
                for entry in line.entries:
                    self.show(entry)
                    self.changed = True
