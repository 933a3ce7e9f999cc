"""The voice as the game sees it: the `VoicePlayer` protocol, a silent stand-in, and `make_voice`.

The real player lives in `game.ui.pygame.voice`; when it is missing or cannot start, the game runs
with captions only and says why once, in settings.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from game.content.model import Voice
from game.ui.pygame.settings import Settings


class VoiceLike(Protocol):
    """What the game needs from a voice player (non-blocking, safe to call every frame)."""

    available: bool
    status: str

    def speak(self, text: str, voice: Voice, key: str) -> None: ...
    def prefetch(self, lines: Sequence[tuple[str, Voice]]) -> None: ...
    def cancel(self) -> None: ...
    def update(self) -> None: ...
    def set_enabled(self, enabled: bool) -> None: ...
    def set_rate(self, rate: float) -> None: ...
    def shutdown(self) -> None: ...
    def is_speaking(self) -> bool: ...


class SilentVoice:
    """Captions only. Remembers what it was asked to say (tests read `spoken`)."""

    def __init__(self, status: str = "Voice off — captions only") -> None:
        self.available = False
        self.status = status
        self.spoken: list[str] = []
        self.prefetched: list[str] = []
        self.enabled = True
        self.volume = 1.0

    def speak(self, text: str, voice: Voice, key: str) -> None:
        self.spoken.append(key)

    def prefetch(self, lines: Sequence[tuple[str, Voice]]) -> None:
        self.prefetched.extend(text for text, _ in lines)

    def cancel(self) -> None:
        pass

    def update(self) -> None:
        pass

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled

    def set_rate(self, rate: float) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def is_speaking(self) -> bool:
        return False


def make_voice(settings: Settings) -> VoiceLike:
    """The real voice player when it can start, else a silent stand-in that says why."""
    try:
        from game.ui.pygame.voice import VoicePlayer
    except ImportError as exc:
        return SilentVoice(f"Voice off: the voice module could not load ({exc.name or exc}) — captions only")
    try:
        try:
            return VoicePlayer(enabled=settings.voice_enabled, rate_scale=settings.voice_rate)
        except TypeError:
            return VoicePlayer(settings)
    except Exception as exc:  # noqa: BLE001 - a voice problem must never stop the game
        return SilentVoice(f"Voice off: {exc} — captions only")
