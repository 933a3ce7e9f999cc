"""The microphone, for spoken replies (the window: hold a key to talk; the terminal: Enter to start and
to stop): SDL2 audio capture through pygame, 16 kHz mono 16-bit, kept in memory only and never written to
disk unless the trainee turned recording on (off by default; then `save_wav` writes the reply's WAV).

No capture device, or no audio subsystem at all: `Mic.open()` raises MicUnavailable with one line to show;
typed replies keep working.
"""

from __future__ import annotations

import os
import threading
import wave
from pathlib import Path
from typing import Any

RATE = 16000
#: The longest reply kept (seconds); capture stops adding audio after it.
MAX_SECONDS = 30


class MicUnavailable(RuntimeError):
    """No microphone can be used; the message is one line for the window."""


class Mic:
    """Push-to-talk capture: `start()` when the key goes down, `stop()` when it comes up (returns the PCM)."""

    def __init__(self, device: Any) -> None:
        self._device = device
        self._chunks: list[bytes] = []
        self._size = 0
        self._lock = threading.Lock()
        self.recording = False

    @classmethod
    def open(cls, name: str | None = None) -> "Mic":
        """Open the named (else the first) capture device at 16 kHz mono 16-bit; raises MicUnavailable."""
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        try:
            import pygame
            from pygame._sdl2 import audio as sdl_audio
        except ImportError as exc:  # pragma: no cover - pygame always ships _sdl2
            raise MicUnavailable(f"No microphone: audio capture is not available ({exc}). Type your reply.") from exc
        try:
            if not pygame.get_init():
                pygame.init()
            names = sdl_audio.get_audio_device_names(True)
        except Exception as exc:  # noqa: BLE001 - pygame.error, or _sdl2's own error: no audio subsystem
            raise MicUnavailable(f"No audio device ({exc}). Type your reply instead.") from exc
        if not names:
            raise MicUnavailable("No microphone found. Type your reply instead.")
        mic = cls(None)
        try:
            mic._device = sdl_audio.AudioDevice(
                devicename=name or names[0], iscapture=True, frequency=RATE, audioformat=sdl_audio.AUDIO_S16,
                numchannels=1, chunksize=1024, allowed_changes=0, callback=mic._take)
        except Exception as exc:  # noqa: BLE001 - SDL refuses the device for its own reasons
            raise MicUnavailable(f"The microphone could not be opened ({exc}). Type your reply instead.") from exc
        return mic

    def _take(self, _device: Any, memory: Any) -> None:
        if not self.recording:
            return
        data = bytes(memory)
        with self._lock:
            if self._size + len(data) <= MAX_SECONDS * RATE * 2:
                self._chunks.append(data)
                self._size += len(data)

    def start(self) -> None:
        """Start capturing (clears what was captured before)."""
        with self._lock:
            self._chunks, self._size = [], 0
        self.recording = True
        self._device.pause(0)

    def stop(self) -> bytes:
        """Stop capturing; the 16 kHz mono 16-bit PCM captured since `start`."""
        self.recording = False
        self._device.pause(1)
        with self._lock:
            data = b"".join(self._chunks)
            self._chunks, self._size = [], 0
        return data

    def close(self) -> None:
        self.recording = False
        try:
            self._device.close()
        except Exception:  # noqa: BLE001 - closing a device that is already gone
            pass


def save_wav(pcm: bytes, path: Path) -> None:
    """Write 16 kHz mono 16-bit PCM as a WAV file (only when the trainee turned recording on)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)
