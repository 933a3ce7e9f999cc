"""Recall mode on the call screen ("Answer in my own words" in the settings): a text box instead of the
reply buttons. Enter sends the typed words; hold F3 (or Space while the box is empty) to talk, and the
words heard are shown and sent the same way. Not understood: the client asks what you mean; a second time,
the reply buttons appear and you pick one (a fallback, game/engine/recall_cost.py).

No microphone or no audio device: one line says so under the box, and typing still works. Audio is kept
in memory only, unless the trainee turned recording on (`Settings.keep_recordings`, off by default).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pygame

from game.engine.recall_cost import ASK_AGAIN
from game.recall.errors import RecallUnavailable
from game.ui.pygame import draw
from game.ui.pygame.transcript import CLIENT, NOTE, YOU, Entry
from game.ui.pygame.widgets import TextField
from game.recall.turn import ASK, EMPTY, PICK, TAKEN, UNAVAILABLE, RecallTurn

if TYPE_CHECKING:
    from game.ui.pygame.scenes.call import CallScene

TALK_KEYS = (pygame.K_F3,)


def recordings_folder() -> Path:
    """Where spoken replies are kept when the trainee turned recording on: a folder per call session under
    $XDG_DATA_HOME/ardojo/recordings (else ~/.local/share/ardojo/recordings)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "ardojo" / "recordings" / time.strftime("%Y%m%d-%H%M%S")
PLACEHOLDER = "Type what you would say, then Enter (hold F3 to talk)"


class RecallInput:
    """The text box, the push-to-talk microphone and the recall state of one call scene."""

    def __init__(self, scene: "CallScene", capture: Callable[[], object] | None = None,
                 recordings: Path | None = None) -> None:
        self.scene = scene
        self.turn = RecallTurn(scene.call)
        self.box = TextField("recall:box", placeholder=PLACEHOLDER, max_len=400)
        self.status = ""
        self.problem = ""  # why speaking does not work (shown once the trainee tries)
        self._open_mic = capture  # tests pass a fake: () -> object with start()/stop() -> bytes
        self._mic = None
        self._talk_key: int | None = None
        self.recordings = recordings  # a folder when the trainee turned recording on; else audio is never stored
        self._kept = 0

    @property
    def picking(self) -> bool:
        return self.turn.picking

    # -- input ----------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> bool:
        """Typing, Enter to send, the talk key held and released; True when the event was used."""
        if event.type == pygame.KEYDOWN and self._talk_key is None and (
                event.key in TALK_KEYS or (event.key == pygame.K_SPACE and not self.box.text)):
            self._start_talking(event.key)
            return True
        if event.type == pygame.KEYUP and event.key == self._talk_key:
            self._stop_talking()
            return True
        if self._talk_key is not None and event.type == pygame.TEXTINPUT:
            return True  # the Space held to talk types nothing
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            text, self.box.text = self.box.text, ""
            if text.strip():
                self.submit(text)
            return True
        return self.box.handle(event)

    def _start_talking(self, key: int) -> None:
        from game.ui.mic import Mic, MicUnavailable
        try:
            if self._mic is None:
                self._mic = self._open_mic() if self._open_mic is not None else Mic.open()
            self._mic.start()
        except MicUnavailable as exc:
            self.problem = self.status = str(exc)
            return
        self._talk_key = key
        self.status = "Listening… release the key when you have finished."

    def _stop_talking(self) -> None:
        self._talk_key = None
        pcm = self._mic.stop() if self._mic is not None else b""
        if self.recordings is not None and pcm:
            from game.ui.mic import save_wav
            self._kept += 1
            save_wav(pcm, self.recordings / f"reply-{self._kept}.wav")
        try:
            from game.recall.speech import recognise
            heard = recognise(pcm, self.scene.call.options)
        except RecallUnavailable as exc:
            self.problem = self.status = f"Speech recognition is not available ({exc}). Type your reply."
            return
        if not heard:
            self.status = "Nothing was heard. Hold the key while you speak, or type your reply."
            return
        self.status = f"Heard: \"{heard}\""
        self.submit(heard, spoken=True)

    # -- matching -------------------------------------------------------------------------------
    def submit(self, text: str, spoken: bool = False) -> None:
        """Show what `RecallTurn` (game/recall/turn.py, the rules) made of the words: taken, asked what they
        mean, or the replies shown to pick from."""
        scene = self.scene
        if self.picking or scene.call.ended:
            return
        outcome = self.turn.submit(text, spoken, elapsed=scene.elapsed)
        if outcome.kind == EMPTY:
            return
        if outcome.kind == UNAVAILABLE:  # straight to the reply buttons; RecallTurn scores a plain pick
            self.problem = self.status = f"Recall is not available ({outcome.problem}). Pick your reply."
            scene.rebuild_replies()
            return
        scene.transcript.add(Entry(YOU, outcome.said, "You"))
        persona = scene.call.scenario.persona
        if outcome.kind == TAKEN:
            scene.transcript.add(Entry(NOTE, f"taken as: {outcome.taken_as}"))
            self.status = ""
            scene.after_step(outcome.step, echo=False)
        elif outcome.kind == ASK:
            scene.transcript.add(Entry(CLIENT, ASK_AGAIN, persona.name))
            scene.ui.voice.speak(ASK_AGAIN, persona.voice, f"{scene.call.scenario.id}/ask-again")
            self.status = f"{scene.first_name} did not follow. Say it another way."
        elif outcome.kind == PICK:
            scene.transcript.add(Entry(NOTE, f"{scene.first_name} still does not follow: pick the reply you meant "
                                             "(at most half the marks)"))
            self.status = f"Pick the reply you meant: 1–{len(scene.call.options)} or click."
            scene.rebuild_replies()

    def pick(self, position: int):
        """The fallback pick from the reply buttons."""
        return self.turn.pick(position, elapsed=self.scene.elapsed)

    def close(self) -> None:
        if self._mic is not None:
            self._mic.close()
            self._mic = None

    # -- drawing --------------------------------------------------------------------------------
    def height(self) -> int:
        ui = self.scene.ui
        return round(ui.m.body * 2.6) + ui.m.sp(1) + ui.text.line_height("small") * 2

    def place(self, rect: pygame.Rect) -> None:
        """Lay the box out at the top of `rect` (the reply area below its heading)."""
        self.box.rect = pygame.Rect(rect.left, rect.top, rect.width, round(self.scene.ui.m.body * 2.6))

    def draw(self, surface: pygame.Surface, focused: bool) -> None:
        ui, p = self.scene.ui, self.scene.ui.p
        self.box.draw(surface, ui, focused, False)
        line = self.status or "Hold F3 (or Space in an empty box) to talk."
        colour = p.bad if self.status and self.status == self.problem else p.muted
        draw.text(surface, ui, line, "small", colour, (self.box.rect.left, self.box.rect.bottom + ui.m.sp(1)),
                  "topleft", max_width=self.box.rect.width)
