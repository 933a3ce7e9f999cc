"""Run the speech worker process from the game without ever blocking the caller.

`SpeechService` owns one worker process (`python -m game.ui.speech.worker`) and one background
thread that talks to it. The game thread only touches a lock-guarded queue of pending work and a
deque of finished lines, so `say`, `prefetch`, `clear` and `take_results` return in microseconds.
The line to be spoken now always goes before prefetching; a newer `say` replaces an older one that
has not started. This module does not import pygame: a finished line is handed back as its raw
frames, or as whatever the caller's `prepare` function makes of them (the pygame player builds its
Sound there, so the 0.3-0.7 ms buffer copy happens in this thread and not in the game's frame).
"""

from __future__ import annotations

import collections
import enum
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable

from game.ui.speech.cache import AudioFormat
from game.ui.speech.pcm import read_wav
from game.ui.speech.voices import SpokenVoice

_REPO_ROOT = Path(__file__).resolve().parents[3]


class State(enum.Enum):
    """Where the worker is: starting up, ready for lines, failed (see `error`), or closed."""

    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class SpeechJob:
    """One line to synthesize into `path` (its cache file) in the mixer's format."""

    text: str
    voice: SpokenVoice
    path: Path
    fmt: AudioFormat


@dataclass(frozen=True, slots=True)
class LineReady:
    """A line asked for with `say` is ready: `audio` is `prepare(frames)` (the raw frames by default)."""

    token: str
    path: Path
    audio: object


@dataclass(frozen=True, slots=True)
class LineFailed:
    """A line asked for with `say` could not be made; the game keeps its caption."""

    token: str
    error: str


class SpeechService:
    """The worker process plus the thread that feeds it; see the module docstring."""

    def __init__(self, cache_dir: Path, prepare: Callable[[bytes, Path], object] | None = None,
                 python: str | None = None) -> None:
        self.cache_dir = cache_dir
        self._prepare = prepare
        self._python = python or sys.executable
        self._cond = threading.Condition()
        self._urgent: tuple[str, SpeechJob] | None = None
        self._ahead: collections.deque[SpeechJob] = collections.deque()
        self._closing = False
        self._results: collections.deque[LineReady | LineFailed] = collections.deque()
        self._thread: threading.Thread | None = None
        self._proc: subprocess.Popen[str] | None = None
        self.state = State.STARTING
        self.error = ""
        self.synthesized = 0
        """How many lines the worker has rendered (cache hits do not count)."""

    # -- called from the game thread; none of these wait on the worker -----------------------
    def start(self) -> None:
        """Start the worker in the background (returns at once; `state` says how it went)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ardojo-speech", daemon=True)
            self._thread.start()

    def say(self, token: str, job: SpeechJob) -> None:
        """Make `job` the next line to deliver (as LineReady/LineFailed tagged with `token`)."""
        with self._cond:
            self._urgent = (token, job)
            self._cond.notify()

    def prefetch(self, jobs: Iterable[SpeechJob]) -> None:
        """Replace the lines to synthesize ahead (in order) when nothing more urgent waits."""
        with self._cond:
            self._ahead = collections.deque(jobs)
            self._cond.notify()

    def clear(self) -> None:
        """Forget the pending line and the prefetch list (a line being synthesized still finishes)."""
        with self._cond:
            self._urgent = None
            self._ahead.clear()

    def take_results(self) -> list[LineReady | LineFailed]:
        """The lines finished since the last call (usually none)."""
        results = self._results
        if not results:
            return []
        taken = []
        while results:
            taken.append(results.popleft())
        return taken

    def close(self, wait: float = 0.0) -> None:
        """Stop the worker. With wait > 0, block up to that many seconds for it to exit."""
        with self._cond:
            self._closing = True
            self._urgent = None
            self._ahead.clear()
            self._cond.notify()
        if self._thread is None:
            self.state = State.CLOSED
        elif wait > 0:
            self._thread.join(wait)
            proc = self._proc
            if proc is not None and proc.poll() is None:
                proc.kill()

    # -- the background thread ----------------------------------------------------------------
    def _fail(self, message: str) -> None:
        self.error = message
        self.state = State.FAILED

    def _spawn(self, log: IO[str] | int) -> subprocess.Popen[str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_REPO_ROOT), env.get("PYTHONPATH", "")) if p)
        return subprocess.Popen(
            [self._python, "-m", "game.ui.speech.worker", "--cache", str(self.cache_dir)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, encoding="utf-8",
            bufsize=1, env=env, close_fds=True)

    def _run(self) -> None:
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            log: IO[str] | int = open(self.cache_dir / "worker.log", "w", encoding="utf-8")
        except OSError as exc:
            self._fail(f"the speech cache folder {self.cache_dir} cannot be written ({exc.strerror or exc})")
            return
        try:
            self._proc = self._spawn(log)
            self._serve(self._proc)
        except OSError as exc:
            self._fail(f"the speech worker could not start ({exc})")
        finally:
            self._stop_process()
            log.close()
            if self.state is not State.FAILED:
                self.state = State.CLOSED

    def _serve(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        hello = self._read_reply(proc)
        if hello is None:
            return
        if not hello.get("ready"):
            self._fail(str(hello.get("error") or "the speech engine could not start"))
            return
        self.state = State.READY
        while True:
            with self._cond:
                while not self._closing and self._urgent is None and not self._ahead:
                    self._cond.wait()
                if self._closing:
                    return
                if self._urgent is not None:
                    (token, job), self._urgent = self._urgent, None
                else:
                    token, job = "", self._ahead.popleft()
            if token:
                self._deliver(proc, token, job)
            elif not job.path.exists():
                self._synthesize(proc, job)
            if self.state is State.FAILED:
                return

    def _deliver(self, proc: subprocess.Popen[str], token: str, job: SpeechJob) -> None:
        if job.path.exists():
            try:
                os.utime(job.path)  # recently used: pruned last
            except OSError:
                pass
        else:
            ok, error = self._synthesize(proc, job)
            if not ok:
                self._results.append(LineFailed(token, error))
                return
        try:
            frames, _rate, _channels = read_wav(job.path)
            audio = self._prepare(frames, job.path) if self._prepare is not None else frames
        except Exception as exc:  # a bad file or a mixer error: this line stays a caption
            self._results.append(LineFailed(token, f"cannot play {job.path.name}: {exc}"))
            return
        self._results.append(LineReady(token, job.path, audio))

    def _synthesize(self, proc: subprocess.Popen[str], job: SpeechJob) -> tuple[bool, str]:
        request = {"text": job.text, "voice": job.voice.voice_id, "rate": job.voice.rate, "path": str(job.path),
                   "out_rate": job.fmt.rate, "out_channels": job.fmt.channels}
        try:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(request) + "\n")
            proc.stdin.flush()
        except (OSError, ValueError):
            self._fail("the speech worker stopped")
            return False, self.error
        reply = self._read_reply(proc)
        if reply is None:
            return False, self.error
        if reply.get("ok"):
            self.synthesized += 1
            return True, ""
        return False, str(reply.get("error") or "synthesis failed")

    def _read_reply(self, proc: subprocess.Popen[str]) -> dict | None:
        assert proc.stdout is not None
        try:
            line = proc.stdout.readline()
        except (OSError, ValueError):
            line = ""
        if not line:
            if not self._closing:
                self._fail("the speech worker stopped (see worker.log in the speech cache folder)")
            return None
        try:
            reply = json.loads(line)
        except json.JSONDecodeError:
            self._fail(f"the speech worker said something unexpected: {line.strip()[:80]}")
            return None
        return reply if isinstance(reply, dict) else {}

    def _stop_process(self) -> None:
        proc = self._proc
        if proc is None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()  # the worker exits at the end of its input
        except OSError:
            pass
        try:
            proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
