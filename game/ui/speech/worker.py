"""The speech worker process: pyttsx3 + espeak-ng render client lines to cached WAV files.

Run by `SpeechService` as `python -m game.ui.speech.worker --cache DIR`. Working in its own process
keeps espeak's start-up (40-100 ms), the synthesis and the sample conversion off the game loop, keeps
pyttsx3's "Audio saved to ..." prints off the game's stdout, and a crash in espeak cannot take the
game down. The worker lowers its own CPU priority (`NICENESS`): on a machine with two cores the game,
the X server and espeak-ng would otherwise share them evenly, and a frame would wait for a CPU while
lines are synthesized; at a lower priority espeak gets the time the game leaves over.

Protocol, one JSON object per line. First the worker says `{"ready": true, "voices": N}` or
`{"ready": false, "error": "..."}` (and exits). Then for each request
`{"text", "voice", "rate", "path", "out_rate", "out_channels"}` on stdin it answers
`{"path", "ok": true, "seconds", "ms", "voice"}` or `{"path", "ok": false, "error"}`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, TextIO

from game.ui.speech.cache import AudioFormat, prune
from game.ui.speech.pcm import convert_wav
from game.ui.speech.voices import BASE_VOICE


NICENESS = 10
"""How much the worker lowers its CPU priority (POSIX nice increment; 0 leaves it as it is)."""


def lower_priority(increment: int = NICENESS) -> int:
    """Lower this process's CPU priority by `increment` where the platform allows it; returns the
    niceness now (0 where it cannot be read). Never raises: a worker at normal priority still works."""
    if increment <= 0 or not hasattr(os, "nice"):
        return 0
    try:
        return os.nice(increment)
    except OSError:
        return 0


class SpeechUnavailable(RuntimeError):
    """pyttsx3 or espeak-ng cannot be used on this machine; the message says why in one line."""


def describe_init_error(exc: BaseException) -> str:
    """One line for the player about why pyttsx3 would not start."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "espeak" in text.lower():
        return "espeak-ng is not installed (on Debian/Ubuntu: apt-get install espeak-ng)"
    return f"the speech engine could not start ({text})"


class Synthesizer:
    """One pyttsx3 engine, opened once, that renders lines to WAV files in the mixer's format."""

    finish_timeout = 20.0
    """Seconds to wait for espeak-ng to finish one line before giving up on it."""

    def __init__(self) -> None:
        self._engine: Any = None
        self._known: set[str] = set()
        self._finished = threading.Event()
        self._completed = False
        self._is_playing: Callable[[], Any] | None = None

    def open(self) -> int:
        """Start pyttsx3 (espeak-ng); returns how many voices it has. Raises SpeechUnavailable."""
        try:
            import pyttsx3
        except ImportError as exc:
            raise SpeechUnavailable(f"pyttsx3 is not installed ({exc})") from exc
        try:
            engine = pyttsx3.init()
            voices = engine.getProperty("voices")
        except Exception as exc:  # pyttsx3 raises RuntimeError, OSError or ImportError by platform
            raise SpeechUnavailable(describe_init_error(exc)) from exc
        for voice in voices:
            names = [voice.id, voice.name, *(getattr(voice, "languages", None) or [])]
            self._known.update(str(name).lower() for name in names if name)
        # espeak-ng synthesizes in its own thread: runAndWait() can return before the file is written,
        # so wait for pyttsx3's "finished-utterance", which comes after the WAV file is closed.
        engine.connect("finished-utterance", self._on_finished)
        try:  # the espeak driver's queue state (Linux); other platforms' drivers do not need it
            from pyttsx3.drivers import _espeak
            self._is_playing = _espeak.IsPlaying
        except Exception:
            self._is_playing = None
        self._engine = engine
        return len(voices)

    def select_voice(self, voice_id: str) -> str:
        """The voice to ask espeak-ng for: voice_id, or the base voice with the same variant when
        espeak-ng does not know voice_id's base (pyttsx3 applies voice changes lazily and espeak
        ignores unknown names silently, so this is checked against the voice list up front)."""
        base, plus, variant = voice_id.strip().partition("+")
        if base.lower() not in self._known:
            base = BASE_VOICE
        return base + plus + variant

    def _on_finished(self, completed: bool = True, **_details: Any) -> None:
        self._completed = bool(completed)
        self._finished.set()

    def _settle(self, limit: float = 2.0) -> None:
        """Wait until espeak-ng's queue is idle: when a run starts while espeak still counts as
        playing (its start-up settings, the end of the last line), pyttsx3 cancels the new line."""
        is_playing = self._is_playing
        deadline = time.monotonic() + limit
        while is_playing is not None and is_playing() and time.monotonic() < deadline:
            time.sleep(0.002)

    def _apply(self, voice_id: str, rate: int) -> None:
        """Set the voice and rate, and with espeak-ng let them take effect before the line starts.

        pyttsx3 would queue them and apply them inside runAndWait(), where espeak-ng's own queue is
        then still busy with them; pyttsx3 takes that for speech in progress and cancels it, and the
        cancel resets the rate (seen under load as a line spoken at the default speed). So with the
        espeak driver they go straight to the driver, and espeak's queue is allowed to drain.
        """
        driver = getattr(getattr(self._engine, "proxy", None), "_driver", None)
        if driver is None or self._is_playing is None:
            self._engine.setProperty("voice", voice_id)
            self._engine.setProperty("rate", rate)
            return
        driver.setProperty("voice", voice_id)
        driver.setProperty("rate", rate)
        self._settle()

    def _speak_to_file(self, text: str, raw: Path) -> None:
        """pyttsx3 save_to_file + runAndWait, waiting for the file to be complete (one retry)."""
        for attempt in (1, 2):
            self._settle()
            self._finished.clear()
            self._engine.save_to_file(text, str(raw))
            self._engine.runAndWait()
            if not self._finished.wait(self.finish_timeout):
                raise RuntimeError(f"espeak-ng did not finish the line within {self.finish_timeout:g} s")
            if self._completed and raw.exists():
                return
        raise RuntimeError("espeak-ng was interrupted twice and produced no complete audio")

    def render(self, text: str, voice_id: str, rate: int, path: Path, fmt: AudioFormat) -> tuple[float, str]:
        """Speak text into path (a WAV in fmt), atomically; returns (seconds of audio, voice used)."""
        if self._engine is None:
            raise SpeechUnavailable("the speech engine is not open")
        used = self.select_voice(voice_id)
        self._apply(used, int(rate))
        raw = path.with_name(f".{path.stem}.{os.getpid()}.espeak.wav")
        tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.wav")
        try:
            self._speak_to_file(text, raw)
            seconds = convert_wav(raw, tmp, fmt.rate, fmt.channels)
            os.replace(tmp, path)
        finally:
            for leftover in (raw, tmp):
                leftover.unlink(missing_ok=True)
        return seconds, used


def parse_request(line: str) -> tuple[str, str, int, Path, AudioFormat]:
    """Check one request line; raises ValueError naming what is wrong."""
    try:
        req = json.loads(line)
        text, voice, rate, path = req["text"], req["voice"], req["rate"], req["path"]
        fmt = AudioFormat(int(req.get("out_rate", 22050)), int(req.get("out_channels", 1)))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"bad request: {exc}") from exc
    if not (isinstance(text, str) and isinstance(voice, str) and isinstance(rate, int) and isinstance(path, str)):
        raise ValueError("bad request: text, voice and path must be text and rate a whole number")
    if not 8000 <= fmt.rate <= 192000 or fmt.channels not in (1, 2):
        raise ValueError(f"bad request: unsupported output format {fmt.rate} Hz x {fmt.channels}")
    return text, voice, rate, Path(path), fmt


def claim_stdout() -> TextIO:
    """Keep the real stdout for the protocol and send everything else printed (pyttsx3's
    "Audio saved to ..." lines, espeak's C-level output) to the null device."""
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    return os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1)


def serve(requests: TextIO, replies: TextIO, synth: Synthesizer, cache: Path | None = None) -> int:
    """Open the engine, announce readiness, then answer requests until stdin closes."""

    def send(message: dict[str, Any]) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    try:
        voices = synth.open()
    except SpeechUnavailable as exc:
        send({"ready": False, "error": str(exc)})
        return 0
    send({"ready": True, "voices": voices})
    if cache is not None and cache.is_dir():
        prune(cache)
    for line in requests:
        if not line.strip():
            continue
        path = None
        try:
            text, voice, rate, path, fmt = parse_request(line)
            started = time.perf_counter()
            seconds, used = synth.render(text, voice, rate, path, fmt)
        except Exception as exc:  # one bad line must not stop the worker; the game shows captions
            send({"path": str(path) if path else None, "ok": False, "error": f"{type(exc).__name__}: {exc}"})
            continue
        send({"path": str(path), "ok": True, "seconds": round(seconds, 3),
              "ms": round((time.perf_counter() - started) * 1000, 1), "voice": used})
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the worker process."""
    parser = argparse.ArgumentParser(prog="python -m game.ui.speech.worker")
    parser.add_argument("--cache", type=Path, default=None, help="the speech cache folder to prune")
    args = parser.parse_args(argv)
    lower_priority()
    replies = claim_stdout()
    return serve(sys.stdin, replies, Synthesizer(), args.cache)


if __name__ == "__main__":
    sys.exit(main())
