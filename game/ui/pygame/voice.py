"""Spoken client lines for the pygame game: VoicePlayer (pyttsx3 + espeak-ng) and NullVoice (captions only).

The scene calls `speak()` when a client line appears, `prefetch()` with the lines that may come next,
`cancel()` when the call moves on, and `update()` once per frame. Synthesis happens in a worker
process (see game.ui.speech.service); the WAV files are cached in `$XDG_CACHE_HOME/ardojo/speech/`
already in the mixer's format, and the pygame Sound is built in the service's thread, so starting
playback in `update()` is a single `Sound.play()` (about 0.02 ms). A line that is not ready in time
is spoken when it is, unless the call moved on (a newer `speak()`, `cancel()`) or more than
`late_limit` seconds passed. When speech cannot work (no espeak-ng, no audio device) or is switched
off, every method is a no-op and `status` says why, in one line, for the settings screen.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game.content.model import Voice  # noqa: E402
from game.ui.speech.cache import AudioFormat, default_cache_dir, line_path  # noqa: E402
from game.ui.speech.service import LineReady, SpeechJob, SpeechService, State  # noqa: E402
from game.ui.speech.voices import clamp_rate_scale, resolve_voice  # noqa: E402
from game.ui.pygame.quiet_audio import open_mixer  # noqa: E402

CAPTIONS = "client lines are shown as captions"
STATUS_OFF = f"Voice off: {CAPTIONS}."
STATUS_STARTING = "Voice starting…"
STATUS_READY = "Voice on: client lines are spoken (espeak-ng)."


def unavailable_status(reason: str) -> str:
    """The one-line status shown in settings when speech cannot work."""
    return f"Voice unavailable: {reason}; {CAPTIONS}."


class NullVoice:
    """The VoicePlayer interface with no sound at all: the game shows captions only."""

    def __init__(self, status: str = STATUS_OFF) -> None:
        self.available = False
        self.status = status
        self.volume = 1.0

    def speak(self, text: str, voice: Voice, key: str) -> None:
        """Nothing is spoken."""

    def prefetch(self, lines: list[tuple[str, Voice]]) -> None:
        """Nothing is prepared."""

    def cancel(self) -> None:
        """Nothing to cancel."""

    def update(self) -> None:
        """Nothing to do."""

    def is_speaking(self) -> bool:
        """Never speaking."""
        return False

    def set_enabled(self, enabled: bool) -> None:
        """Captions only, whatever is asked."""

    def set_rate(self, rate_scale: float) -> None:
        """No voice to speed up."""

    def shutdown(self) -> None:
        """Nothing to stop."""


@dataclass(slots=True)
class _Wanted:
    """The line the scene last asked to hear."""

    token: str
    job: SpeechJob
    asked: float
    sound: pygame.mixer.Sound | None = None


class VoicePlayer:
    """Speaks client lines in each persona's voice without blocking the game loop (module docstring).

    `available` is True while lines will be spoken (voice on, nothing known to be broken; it turns
    False if the worker reports that espeak-ng cannot start). `status` is the one line for settings.
    """

    late_limit = 10.0
    """A line ready more than this many seconds after speak() is skipped (the caption was read)."""

    def __init__(self, enabled: bool = True, rate_scale: float = 1.0, cache_dir: Path | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.rate_scale = clamp_rate_scale(rate_scale)
        self._volume = 1.0
        self.enabled = bool(enabled)
        self.available = False
        self.status = STATUS_OFF
        self._service: SpeechService | None = None
        self._seen_state: State | None = None
        self._fmt = AudioFormat()
        self._raw_buffers = True
        self._want: _Wanted | None = None
        self._sound: pygame.mixer.Sound | None = None
        self._channel: pygame.mixer.Channel | None = None
        self._tokens = itertools.count(1)
        self._jobs: dict[tuple[str, Voice, float, AudioFormat], SpeechJob] = {}
        if self.enabled:
            self._start()

    # -- the interface the scenes use ---------------------------------------------------------
    def speak(self, text: str, voice: Voice, key: str) -> None:
        """Speak `text` in `voice` as soon as it is ready (stops the line playing now). Non-blocking."""
        self._stop_playback()
        self._want = None
        if not self.available or self._service is None or not text.strip():
            return
        job = self._job(text, voice)
        self._want = _Wanted(f"{key}#{next(self._tokens)}", job, time.monotonic())
        self._service.say(self._want.token, job)

    def prefetch(self, lines: list[tuple[str, Voice]]) -> None:
        """Synthesize these lines ahead, in order, while nothing is waiting to be spoken."""
        if not self.available or self._service is None:
            return
        # No look at the cache here: the service's thread skips lines already cached, so the frame
        # that asks does not stat a file per line.
        self._service.prefetch([self._job(text, voice) for text, voice in lines if text.strip()])

    def cancel(self) -> None:
        """The call moved on: stop speaking, drop the waiting line and the prefetch list."""
        self._stop_playback()
        self._want = None
        if self._service is not None:
            self._service.clear()

    def update(self) -> None:
        """Call once per frame: notices the worker's state and starts lines that became ready."""
        service = self._service
        if service is None:
            return
        if service.state is not self._seen_state:
            self._on_state(service.state)
        want = self._want
        for result in service.take_results():
            if want is not None and result.token == want.token:
                if isinstance(result, LineReady) and isinstance(result.audio, pygame.mixer.Sound):
                    want.sound = result.audio
                else:
                    self._want = want = None
        if want is not None and want.sound is not None:
            self._want = None
            if time.monotonic() - want.asked <= self.late_limit:
                self._play(want)

    def is_speaking(self) -> bool:
        """True while a client line is playing (not while it is still being synthesized)."""
        channel = self._channel
        return channel is not None and channel.get_busy() and channel.get_sound() is self._sound

    def set_enabled(self, enabled: bool) -> None:
        """Switch speech on (retrying a failed start) or off (captions only)."""
        enabled = bool(enabled)
        if enabled == self.enabled and (not enabled or self.available):
            return
        self.enabled = enabled
        if enabled:
            self._start()
        else:
            self._stop()
            self.status = STATUS_OFF

    @property
    def volume(self) -> float:
        """Loudness 0..1 of the lines spoken (set it: the line playing follows at once)."""
        return self._volume

    @volume.setter
    def volume(self, volume: float) -> None:
        self._volume = max(0.0, min(1.0, float(volume)))
        if getattr(self, "_channel", None) is not None:
            self._channel.set_volume(self._volume)

    def set_rate(self, rate_scale: float) -> None:
        """Speaking speed relative to each persona's own rate (0.5..2.0); applies to the next lines."""
        self.rate_scale = clamp_rate_scale(rate_scale)

    def shutdown(self) -> None:
        """Stop speaking and stop the worker (waits up to a second for it to exit)."""
        service = self._service
        self._stop()
        if service is not None:
            service.close(wait=1.0)

    # -- internals ----------------------------------------------------------------------------
    def _job(self, text: str, voice: Voice) -> SpeechJob:
        """The synthesis job (and cache file) for a line; remembered, as scenes ask for the same lines."""
        memo_key = (text, voice, self.rate_scale, self._fmt)
        job = self._jobs.get(memo_key)
        if job is None:
            if len(self._jobs) > 1024:
                self._jobs.clear()
            spoken = resolve_voice(voice, self.rate_scale)
            job = SpeechJob(text.strip(), spoken, line_path(self.cache_dir, text, spoken, self._fmt), self._fmt)
            self._jobs[memo_key] = job
        return job

    def _start(self) -> None:
        if importlib.util.find_spec("pyttsx3") is None:
            self._unavailable("pyttsx3 is not installed")
            return
        problem = open_mixer(say=False) if pygame.mixer.get_init() is None else None
        if problem is not None:
            self._unavailable(f"no audio device ({problem})")
            return
        rate, size, channels = pygame.mixer.get_init()
        self._raw_buffers = size == -16 and channels in (1, 2)
        self._fmt = AudioFormat(rate, channels) if self._raw_buffers else AudioFormat()
        self._service = SpeechService(self.cache_dir, prepare=self._make_sound)
        self._seen_state = State.STARTING
        self._service.start()
        self.available = True
        self.status = STATUS_STARTING

    def _stop(self) -> None:
        self.cancel()
        if self._service is not None:
            self._service.close()
            self._service = None
        self.available = False

    def _unavailable(self, reason: str) -> None:
        self.available = False
        self.status = unavailable_status(reason)

    def _on_state(self, state: State) -> None:
        self._seen_state = state
        if state is State.READY:
            self.status = STATUS_READY
        elif state is State.FAILED and self._service is not None:
            reason = self._service.error
            self._stop()
            self._unavailable(reason)

    def _make_sound(self, frames: bytes, path: Path) -> pygame.mixer.Sound:
        """Runs in the speech service's thread: the Sound for a finished line."""
        if self._raw_buffers:
            return pygame.mixer.Sound(buffer=frames)
        return pygame.mixer.Sound(file=str(path))  # an unusual mixer format: SDL converts the file

    def _play(self, want: _Wanted) -> None:
        sound = want.sound
        try:
            self._channel = sound.play() if sound is not None else None
            if self._channel is not None:
                self._channel.set_volume(self._volume)
        except pygame.error:
            self._channel = None
        self._sound = sound if self._channel is not None else None

    def _stop_playback(self) -> None:
        if self.is_speaking() and self._channel is not None:
            self._channel.stop()
        self._channel = None
        self._sound = None
