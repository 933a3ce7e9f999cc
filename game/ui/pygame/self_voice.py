"""Self-voicing (Settings → "Self-voicing", or the V key): the interface read aloud, like Ren'Py's, for
a trainee who cannot read the screen well.

When it is on, entering a screen speaks its title; moving the focus (keys, a click, or the pointer
coming onto a control) speaks that control (a button's label, a settings row and its value, a reply's
number and full text, a scenario card, an account row, a wrap-up field or outcome); in the call, the
replies are read in their on-screen order once the client's line has finished. The newest focus wins:
a focus change stops what is being said and drops whatever was still queued.

UI speech is kept apart from the client's voice. It has its own voice (`UI_VOICE_ID`: British English
and faster, where every client speaks American English), its own speech worker (a `SpeechService` of
its own, started only when self-voicing is switched on) and its own reserved mixer channel, so
`ui.voice.is_speaking()` — which the call scene uses to decide whether the client is still talking (the
interruption and the waiting clock of game/engine/manners.py) — never sees it. It also leaves the
client the floor: no UI line starts while the client's line plays or more of theirs is to come (the
call scene's `lines.pending()`), and a UI line the client starts over is stopped and said again after.

It is hooked centrally: `App` calls `SelfVoicing.update(top_scene)` once a frame, which reads the top
scene's `FocusGroup` (what is focused or hovered, which replies are shown) — the scenes are unchanged.
A widget may say more about itself with `Widget.spoken()`, a scene with `Scene.spoken_title()`.
"""

from __future__ import annotations

import collections
import importlib.util
import itertools
import math
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

import pygame

from game.ui.pygame.settings import save_settings
from game.ui.pygame.widgets import TextField, Widget
from game.ui.speech.voices import SpokenVoice, clamp_rate_scale

UI_VOICE_ID = "gmw/en-GB-x-rp"
"""The espeak-ng voice of the interface: British English (Received Pronunciation); personas use en-US."""
UI_RATE = 205
"""Words per minute of UI speech at the player's 1× speed (clients default to 175)."""
UNAVAILABLE = "Self-voicing unavailable: no voice"
"""What Settings says when self-voicing cannot speak."""
CLIENT_START_GRACE = 2.0
"""Seconds the replies wait for a client line that is still being synthesized before being read anyway."""
TYPES_ANYWHERE = frozenset({"signin"})
"""Scenes where any typed letter goes into their text box: V types there, it does not toggle."""


def ui_voice(rate_scale: float = 1.0) -> SpokenVoice:
    """The espeak-ng voice and rate of UI speech at the player's speed setting."""
    return SpokenVoice(UI_VOICE_ID, min(450, max(80, round(UI_RATE * clamp_rate_scale(rate_scale)))))


def speakable(text: str) -> str:
    """Screen text as it should be spoken: symbols espeak reads oddly become words or pauses."""
    for sign, word in (("×", " times"), ("·", ","), ("—", ","), ("–", " to "), ("…", "."), ("\n", " ")):
        text = text.replace(sign, word)
    return re.sub(r"\s+([,.;:])", r"\1", " ".join(text.lstrip("+ ").split()))


# -- what is said about a screen and a control ---------------------------------------------------
TITLES = {"signin": "Welcome to AR Dojo. Sign in", "select": "Choose a call", "wrapup": "Document the call",
          "settings": "Settings", "week-report": "End of the week"}


def scene_title(scene: object) -> str:
    """What is said on entering `scene`: its title (with what the screen is about, where it says)."""
    own = getattr(scene, "spoken_title", None)
    said = own() if callable(own) else ""
    if said:
        return said
    name = getattr(scene, "name", "")
    call = getattr(scene, "call", None)
    if name == "call" and call is not None:
        persona = call.scenario.persona
        return f"Call with {persona.name}, {persona.company}"
    scenario = getattr(scene, "scenario", None)
    if name == "brief" and scenario is not None:
        return f"Account brief: {scenario.title}"
    debrief = getattr(scene, "debrief", None)
    if name == "debrief" and debrief is not None:
        return sentences(f"Debrief: {debrief.title}", "Passed" if debrief.passed else "Not passed")
    title = getattr(scene, "title", None)
    if isinstance(title, str) and title:
        message = getattr(scene, "message", "")
        return sentences(title, message if isinstance(message, str) else "")
    return TITLES.get(name, name.replace("-", " ").capitalize())


def reply_widgets(scene: object) -> list[Widget]:
    """The call's replies on screen, top to bottom (widgets with a place `index` and the words `say`)."""
    focus = getattr(scene, "focus", None)
    widgets = getattr(focus, "widgets", ())
    replies = [w for w in widgets
               if isinstance(getattr(w, "say", None), str) and isinstance(getattr(w, "index", None), int)]
    return sorted(replies, key=lambda w: w.index)


def _field_label(widget: TextField, scene: object) -> str:
    label = getattr(scene, "label", None)
    said = label(widget) if callable(label) else ""
    if said:
        return said
    kind, _, number = widget.action.partition(":")
    if kind.startswith("instalment-") and number.isdigit():
        return f"Instalment {int(number) + 1} {kind.split('-', 1)[1]}"
    return widget.placeholder or kind.replace("-", " ")


def sentences(*parts: str) -> str:
    """Parts joined as sentences ("Co." ends one without a second full stop); empty parts left out."""
    out = ""
    for part in (p.strip() for p in parts):
        if part:
            out += ("" if not out else " " if out[-1] in ".!?:" else ". ") + part
    return out


def _card(widget: object) -> str:
    s, st = widget.scenario, widget.status  # type: ignore[attr-defined]
    who = f"{s.persona.name}, {s.persona.role + ', ' if s.persona.role else ''}{s.persona.company}"
    state = "Locked" if st.locked else f"Passed, best {st.best}" if st.passed else \
        f"Not passed yet, best {st.best}" if st.attempts else "Not tried yet"
    kind = f"{s.archetype.replace('-', ' ')}, difficulty {s.difficulty} of 3"
    return sentences(s.title, who, kind, state, st.notes[0] if st.notes else "")


def _account(widget: object) -> str:
    row = widget.row  # type: ignore[attr-defined]
    status = "called today" if row.called_today else "paid" if row.balance <= 0.005 else ""
    due = f", follow-up due {row.next_follow_up.isoformat()}" if row.next_follow_up else ""
    return sentences(f"{row.company}, {row.balance:,.2f} dollars, {row.days_overdue} days overdue, {row.bucket}{due}",
                     f"Contact {row.contact}", status)


def describe(widget: Widget | None, scene: object) -> str:
    """What self-voicing says when `widget` takes the focus on `scene` ("" for nothing). A widget's own
    `spoken()` wins; the scenes' own widgets (replies, settings rows, cards, accounts, outcomes) are
    recognised by what they hold, so the scenes need no change."""
    if widget is None:
        return ""
    if isinstance(widget, TextField):
        said = f"{_field_label(widget, scene)}, text box, " + (widget.text if widget.text else "empty")
        return speakable(said + (f". {widget.error}" if widget.error else ""))
    kind, _, number = widget.action.partition(":")
    said = widget.spoken() if not number.isdigit() or kind != "remove-instalment" else ""
    if said:
        pass
    elif kind == "remove-instalment":
        said = f"Remove instalment {int(number) + 1}"
    elif isinstance(getattr(widget, "say", None), str) and isinstance(getattr(widget, "index", None), int):
        count = len(reply_widgets(scene))
        said = f"Reply {widget.index + 1} of {count}: {widget.say}"  # type: ignore[attr-defined]
    elif isinstance(getattr(widget, "options", None), list) and isinstance(getattr(widget, "index", None), int):
        options, index = widget.options, widget.index  # type: ignore[attr-defined]
        said = f"{getattr(widget, 'label', '')}: {options[index] if 0 <= index < len(options) else ''}"
    elif hasattr(widget, "scenario") and hasattr(widget, "status"):
        said = _card(widget)
    elif hasattr(getattr(widget, "row", None), "company"):
        said = _account(widget)
    elif hasattr(widget, "disposition"):
        said = f"{getattr(widget, 'label', '')}, " + ("selected" if getattr(widget, "selected", False) else
                                                      "not selected")
    else:
        said = str(getattr(widget, "label", "") or widget.action.replace("-", " "))
    if not widget.enabled:
        said += ", unavailable"
    return speakable(said)


def _focus_key(scene: object, widget: Widget | None) -> tuple:
    """What, when it changes, is a new focus to speak (a text box's typing is not)."""
    if widget is None:
        return (None,)
    if isinstance(widget, TextField):
        return (widget.action, widget.error)
    return (getattr(scene, "focus").index, describe(widget, scene))


# -- the speakers --------------------------------------------------------------------------------
class Speaker(Protocol):
    """What self-voicing needs to say a line (non-blocking, safe to call every frame)."""

    available: bool
    status: str

    def say(self, text: str, rate_scale: float) -> None: ...
    def prefetch(self, texts: Sequence[str], rate_scale: float) -> None: ...
    def stop(self) -> None: ...
    def busy(self) -> bool: ...
    def update(self) -> None: ...
    def set_volume(self, volume: float) -> None: ...
    def shutdown(self) -> None: ...


class NoSpeaker:
    """No voice: self-voicing stays off and Settings says why."""

    def __init__(self, reason: str) -> None:
        self.available = False
        self.status = reason

    def say(self, text: str, rate_scale: float) -> None:
        """Nothing is said."""

    def prefetch(self, texts: Sequence[str], rate_scale: float) -> None:
        """Nothing is prepared."""

    def stop(self) -> None:
        """Nothing to stop."""

    def busy(self) -> bool:
        return False

    def update(self) -> None:
        """Nothing to do."""

    def set_volume(self, volume: float) -> None:
        """No sound."""

    def shutdown(self) -> None:
        """Nothing to stop."""


class EspeakSpeaker:
    """UI lines through a speech worker of their own (game.ui.speech.service), played on a reserved
    mixer channel that client lines never use. `say` replaces whatever was being said or prepared."""

    late_limit = 6.0
    """A line ready more than this many seconds after `say` is skipped (the focus has long moved)."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        from game.ui.pygame.quiet_audio import open_mixer
        from game.ui.speech.cache import AudioFormat, default_cache_dir
        from game.ui.speech.service import SpeechService

        self.available = False
        self.status = ""
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._service = None
        self._want: tuple[str, float] | None = None
        self._tokens = itertools.count(1)
        self._volume = 1.0
        self._sound: pygame.mixer.Sound | None = None  # the UI line playing, and where
        self._playing: pygame.mixer.Channel | None = None
        if importlib.util.find_spec("pyttsx3") is None:
            self.status = "pyttsx3 is not installed"
            return
        problem = open_mixer(say=False) if pygame.mixer.get_init() is None else None
        if problem is not None:
            self.status = f"no audio device ({problem})"
            return
        rate, size, channels = pygame.mixer.get_init()
        self._raw = size == -16 and channels in (1, 2)
        self._fmt = AudioFormat(rate, channels) if self._raw else AudioFormat()
        if pygame.mixer.get_num_channels() < 2:
            pygame.mixer.set_num_channels(8)
        pygame.mixer.set_reserved(1)  # channel 0: UI speech only (Sound.play() never picks it)
        self._channel = pygame.mixer.Channel(0)
        self._service = SpeechService(self.cache_dir, prepare=self._make_sound)
        self._service.start()
        self.available = True

    def _job(self, text: str, rate_scale: float):
        from game.ui.speech.cache import line_path
        from game.ui.speech.service import SpeechJob

        voice = ui_voice(rate_scale)
        return SpeechJob(text, voice, line_path(self.cache_dir, text, voice, self._fmt), self._fmt)

    def say(self, text: str, rate_scale: float) -> None:
        """Stop what is being said and say `text` as soon as it is ready."""
        self.stop()
        if not self.available or self._service is None or not text.strip():
            return
        token = f"ui#{next(self._tokens)}"
        self._want = (token, time.monotonic())
        self._service.say(token, self._job(text.strip(), rate_scale))

    def prefetch(self, texts: Sequence[str], rate_scale: float) -> None:
        """Synthesize these lines ahead (the replies, while the client speaks)."""
        if self.available and self._service is not None:
            jobs = (self._job(t.strip(), rate_scale) for t in texts if t.strip())
            self._service.prefetch([job for job in jobs if not job.path.exists()])

    def stop(self) -> None:
        """Silence now and forget the line being prepared."""
        self._want = None
        if self._speaking() and self._playing is not None:
            self._playing.stop()
        self._playing = self._sound = None
        if self._service is not None:
            self._service.clear()

    def _speaking(self) -> bool:
        channel = self._playing
        return channel is not None and channel.get_busy() and channel.get_sound() is self._sound

    def busy(self) -> bool:
        """True while a line is being prepared or played."""
        return self._want is not None or self._speaking()

    def _play(self, sound: pygame.mixer.Sound) -> None:
        """On the reserved channel; should a sound from before the reservation still hold it (a ring),
        on any free channel rather than cutting it."""
        channel: pygame.mixer.Channel | None = self._channel
        if channel is not None and channel.get_busy():
            channel = pygame.mixer.find_channel()
        try:
            if channel is not None:
                channel.play(sound)
                channel.set_volume(self._volume)
        except pygame.error:
            channel = None
        self._playing, self._sound = channel, sound if channel is not None else None

    def update(self) -> None:
        """Once a frame: notice a failed worker, start a line that became ready."""
        from game.ui.speech.service import LineReady, State

        service = self._service
        if service is None:
            return
        if service.state is State.FAILED:
            self.status = service.error or "the speech engine could not start"
            self.available = False
            self._want = None
            return
        for result in service.take_results():
            want = self._want
            if want is None or result.token != want[0]:
                continue
            self._want = None
            if isinstance(result, LineReady) and isinstance(result.audio, pygame.mixer.Sound) and \
                    time.monotonic() - want[1] <= self.late_limit:
                self._play(result.audio)

    def set_volume(self, volume: float) -> None:
        """Loudness 0..1 of UI speech (the player's volume setting); the line playing follows."""
        volume = max(0.0, min(1.0, float(volume)))
        if volume != self._volume:
            self._volume = volume
            if self._speaking() and self._playing is not None:
                self._playing.set_volume(volume)

    def shutdown(self) -> None:
        """Stop speaking and stop the worker."""
        service = self._service
        self.stop()
        self._service = None
        if service is not None:
            service.close(wait=1.0)
        self.available = False

    def _make_sound(self, frames: bytes, path: Path) -> pygame.mixer.Sound:
        """Runs in the speech service's thread: the Sound for a finished line."""
        if self._raw:
            return pygame.mixer.Sound(buffer=frames)
        return pygame.mixer.Sound(file=str(path))


def make_speaker() -> Speaker:
    """The espeak-ng speaker when it can start, else a `NoSpeaker` that says why."""
    try:
        return EspeakSpeaker()
    except Exception as exc:  # noqa: BLE001 - a voice problem must never stop the game
        return NoSpeaker(str(exc) or type(exc).__name__)


# -- the mode ------------------------------------------------------------------------------------
@dataclass(slots=True)
class Line:
    """One UI line to say; `hold`: wait until the client's line has been spoken (the replies)."""

    text: str
    hold: bool = False
    queued: float = 0.0
    announce: bool = False  # "Self-voicing on/off": not dropped by a new screen or focus


def client_voice_active(ui) -> bool:
    """The client's voice can play (so the replies wait for its line)."""
    return bool(getattr(ui.voice, "available", False) and ui.settings.voice_enabled)


def client_talking(ui) -> bool:
    """The client's line is playing: the call scene's own test (CallScene._client_talking)."""
    return client_voice_active(ui) and bool(ui.voice.is_speaking())


def client_to_come(ui, scene: object) -> bool:
    """The client has more to say on `scene`: a line of theirs being prepared, or the next of a sequence
    (the call scene's `lines`, game/ui/pygame/scenes/call_voice.py, read through its public `pending()`)."""
    pending = getattr(getattr(scene, "lines", None), "pending", None)
    return client_voice_active(ui) and callable(pending) and bool(pending())


class SelfVoicing:
    """The mode: follows the setting, watches the top scene's focus, and feeds one speaker in order.

    `spoken` lists the latest lines started, in order (tests and a curious player read it). `status` is "" or the line Settings
    shows when it cannot speak (`UNAVAILABLE`).
    """

    def __init__(self, ui, make: Callable[[], Speaker] = make_speaker) -> None:
        self.ui = ui
        self.make_speaker = make
        self.speaker: Speaker | None = None
        self.on = False
        self.status = ""
        self.queue: collections.deque[Line] = collections.deque()
        self.current: Line | None = None
        self.spoken: collections.deque[str] = collections.deque(maxlen=256)  # the latest lines started
        self._scene: int | None = None
        self._focus: tuple = ()
        self._replies: tuple = ()
        self._relaid = False
        self._hover: object | None = None
        self._client_seen = -math.inf

    # -- switching -----------------------------------------------------------------------------
    def set_enabled(self, on: bool) -> bool:
        """Switch the mode on (saying so, then the screen and the focus) or off (saying so). False when
        it cannot come on: `status` then says why and nothing else happens. The setting is the caller's."""
        if on == self.on:
            return True
        if on:
            if self.speaker is None or not self.speaker.available:
                if self.speaker is not None:
                    self.speaker.shutdown()
                self.speaker = self.make_speaker()
            if not self.speaker.available:
                self.status = UNAVAILABLE
                return False
            self.status = ""
            self.on = True
            self._scene = None  # the next frame speaks the screen's title and its focus
            self._flush(everything=True)
            self._add("Self-voicing on", announce=True)
        else:
            self._flush(everything=True)
            self._add("Self-voicing off", announce=True)
            self.on = False
        return True

    def toggle(self) -> None:
        """The V key: switch the mode and save the setting (nothing changes when there is no voice)."""
        settings = self.ui.settings
        want = not self.on
        if self.set_enabled(want):
            settings.self_voicing = want
            if getattr(self.ui, "persist", False):
                self.ui.notice = save_settings(settings) or ""

    def relayout(self) -> None:
        """Every scene was laid out again (resize, text size): the same replies, rebuilt, are not new."""
        self._relaid = True

    def shutdown(self) -> None:
        """Stop speaking and stop the speaker's worker."""
        if self.speaker is not None:
            self.speaker.shutdown()
        self.queue.clear()
        self.current = None

    def reading_replies(self) -> bool:
        """The replies of the turn are being read out (or wait their turn to be): the call's waiting clock
        holds meanwhile, so a trainee who listens to the options is not charged for the time a reading
        trainee saves (the reading of a focused reply afterwards is thinking time, and counts)."""
        if not self.on:
            return False
        return bool(self.current is not None and self.current.hold) or any(line.hold for line in self.queue)

    # -- once a frame --------------------------------------------------------------------------
    def update(self, scene: object | None, started: bool = True) -> None:
        """Follow the setting (once the first frame is drawn), watch `scene`, say what is due."""
        ui = self.ui
        if started and bool(getattr(ui.settings, "self_voicing", False)) != self.on and not self.status:
            if not self.set_enabled(not self.on):
                ui.settings.self_voicing = False
        speaker = self.speaker
        if speaker is None:
            return
        speaker.update()
        if not speaker.available:
            if self.on:
                self.on = False
                self.status = UNAVAILABLE
                ui.settings.self_voicing = False
            self.queue.clear()
            self.current = None
            return
        speaker.set_volume(ui.settings.volume / 100)
        if self.on and scene is not None:
            self.observe(scene)
        self._advance(scene)

    def observe(self, scene: object) -> None:
        """Queue what the top scene's focus calls for: its title on entry, a new focus, new replies."""
        focus = getattr(scene, "focus", None)
        focused = getattr(focus, "focused", None)
        key = _focus_key(scene, focused)
        replies = reply_widgets(scene)
        replies_key = tuple(id(w) for w in replies)
        hover = getattr(focus, "hover", None)
        if id(scene) != self._scene:
            self._scene, self._focus, self._replies, self._relaid = id(scene), key, replies_key, False
            self._hover = hover
            self._flush()
            self._add(scene_title(scene))
            if focused is not None:
                self._add(describe(focused, scene))
            elif replies:
                self._read(replies, scene)
            return
        if self._relaid:
            self._relaid = False
            self._replies = replies_key
        if replies_key != self._replies:
            self._replies, self._focus = replies_key, key
            self._flush(everything=True)  # what was said about the last turn is stale
            if replies:
                self._read(replies, scene)
            elif focused is not None:
                self._add(describe(focused, scene))
            return
        if key != self._focus:
            self._focus = key
            if focused is not None:
                self._flush(everything=True)  # the newest focus wins, over everything
                self._add(describe(focused, scene))
        if hover is not self._hover:  # the pointer came onto a control (as Ren'Py: hovering focuses)
            self._hover = hover
            if hover is not None and hover is not focused:
                self._flush(everything=True)
                self._add(describe(hover, scene))

    # -- the queue -----------------------------------------------------------------------------
    def _rate(self) -> float:
        return float(getattr(self.ui.settings, "voice_rate", 1.0))

    def _add(self, text: str, hold: bool = False, announce: bool = False) -> None:
        text = speakable(text)
        if text:
            self.queue.append(Line(text, hold, self.ui.time, announce))

    def _read(self, replies: Iterable[Widget], scene: object) -> None:
        """The replies in their on-screen order, after the client's line."""
        lines = [f"Reply {w.index + 1}: {w.say}" for w in replies]  # type: ignore[attr-defined]
        for text in lines:
            self._add(text, hold=True)
        if self.speaker is not None:
            self.speaker.prefetch([speakable(t) for t in lines], self._rate())

    def _flush(self, everything: bool = False) -> None:
        """Drop what is queued and stop what is being said: the newest focus wins (the "Self-voicing
        on/off" announcement stays unless `everything`)."""
        kept = [] if everything else [line for line in self.queue if line.announce]
        self.queue = collections.deque(kept)
        if self.current is not None and (everything or not self.current.announce):
            if self.speaker is not None:
                self.speaker.stop()
            self.current = None

    def _advance(self, scene: object | None) -> None:
        speaker, ui, now = self.speaker, self.ui, self.ui.time
        assert speaker is not None
        talking = client_talking(ui)
        if talking:
            self._client_seen = now
        if self.current is not None:
            if not speaker.busy():
                self.current = None
            elif talking:  # the client has the floor: stop, and say it again after their line
                speaker.stop()
                self.queue.appendleft(self.current)
                self.current = None
        if self.current is not None or not self.queue or talking or client_to_come(ui, scene):
            return
        line = self.queue[0]
        if line.hold and client_voice_active(ui) and self._client_seen < line.queued and \
                now - line.queued < CLIENT_START_GRACE:
            return  # the client's line is still being prepared: it goes first
        self.queue.popleft()
        self.current = line
        self.spoken.append(line.text)
        speaker.say(line.text, self._rate())


def self_voice_of(ui) -> SelfVoicing | None:
    """The App's self-voicing, as the Settings scene reaches it (None outside a window)."""
    return getattr(ui, "self_voice", None)


def typing(scene: object) -> bool:
    """True when a V typed on `scene` is a letter (a text box has the focus, or the screen types anywhere)."""
    focus = getattr(scene, "focus", None)
    return isinstance(getattr(focus, "focused", None), TextField) or getattr(scene, "name", "") in TYPES_ANYWHERE

