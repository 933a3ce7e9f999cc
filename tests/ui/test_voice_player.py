"""VoicePlayer end to end, headless (SDL_AUDIODRIVER=dummy): real pyttsx3 + espeak-ng synthesis in the
worker process, playback through pygame.mixer, the cache, cancelling, and captions-only fallbacks."""

from __future__ import annotations

import gc
import inspect
import os
import time
import wave
from pathlib import Path
from typing import Callable, Iterator

import pytest

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game.content.model import Voice  # noqa: E402
from game.ui.pygame.voice import STATUS_OFF, STATUS_READY, NullVoice, VoicePlayer  # noqa: E402
from game.ui.speech.service import State  # noqa: E402

MARIA = Voice(rate=165, gender="female")
DAN = Voice(rate=175, gender="male")
GREETING = "Sunrise Bakery, this is Maria. Sorry, it's a little crazy here, it's pie week."
LONG = " ".join([
    "Look, I hear you, and I want to sort this out properly, because we have worked together for years.",
    "The problem is that my biggest customer is paying me sixty days late, and until that money lands",
    "I am juggling payroll, flour deliveries and the rent on the second shop all in the same week.",
])


@pytest.fixture(autouse=True)
def _headless_audio(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    mixer_was_on = pygame.mixer.get_init() is not None
    yield
    if not mixer_was_on:
        pygame.mixer.quit()


@pytest.fixture
def players() -> Iterator[Callable[..., VoicePlayer]]:
    made: list[VoicePlayer] = []

    def make(**kwargs: object) -> VoicePlayer:
        player = VoicePlayer(**kwargs)  # type: ignore[arg-type]
        made.append(player)
        return player

    yield make
    for player in made:
        player.shutdown()


def pump(player: VoicePlayer, until: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Call update() like a game loop at ~500 fps until `until()` holds (or time runs out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        player.update()
        if until():
            return True
        time.sleep(0.002)
    return False


def wav_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.wav"))


def test_a_real_line_is_synthesized_cached_and_played_headless(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech")
    assert player.available and player.status == "Voice starting…"
    player.speak(GREETING, MARIA, "sunrise-bakery:greeting")
    assert pump(player, player.is_speaking), player.status
    assert player.status == STATUS_READY
    [cached] = wav_files(tmp_path / "speech")
    with wave.open(str(cached)) as wav:
        seconds = wav.getnframes() / wav.getframerate()
        rate, _size, channels = pygame.mixer.get_init()
        assert (wav.getframerate(), wav.getnchannels()) == (rate, channels)  # stored in the mixer's format
    assert 1.0 <= seconds <= 8.0
    player.cancel()
    assert not player.is_speaking()


def test_cache_hits_do_not_synthesize_again(players, tmp_path: Path) -> None:
    first = players(cache_dir=tmp_path / "speech")
    first.speak(GREETING, MARIA, "k")
    assert pump(first, first.is_speaking)
    assert first._service is not None and first._service.synthesized == 1
    first.shutdown()
    before = {p: p.stat().st_size for p in wav_files(tmp_path / "speech")}

    second = players(cache_dir=tmp_path / "speech")
    second.speak(GREETING, MARIA, "k")
    assert pump(second, second.is_speaking)
    second.speak(GREETING, MARIA, "k")  # replaying the same line
    assert pump(second, second.is_speaking)
    assert second._service is not None and second._service.synthesized == 0
    assert {p: p.stat().st_size for p in wav_files(tmp_path / "speech")} == before


def test_prefetch_prepares_the_next_lines_and_personas_get_different_files(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech")
    player.prefetch([(GREETING, MARIA), (GREETING, DAN), ("Which invoices are we talking about?", MARIA)])
    assert pump(player, lambda: len(wav_files(tmp_path / "speech")) == 3)
    player.speak("Which invoices are we talking about?", MARIA, "k2")
    assert pump(player, player.is_speaking, timeout=2.0)
    assert player._service is not None and player._service.synthesized == 3  # the spoken line was ready


def test_speak_and_update_never_wait_for_synthesis(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech")
    assert pump(player, lambda: player.status == STATUS_READY)
    gc.disable()
    try:
        started = time.perf_counter()
        player.speak(LONG, MARIA, "long")
        speak_took = time.perf_counter() - started
        updates: list[float] = []
        while not player.is_speaking() and time.perf_counter() - started < 20:
            tick = time.perf_counter()
            player.update()
            updates.append(time.perf_counter() - tick)
            time.sleep(0.001)
        ready_after = time.perf_counter() - started
    finally:
        gc.enable()
    assert player.is_speaking()
    assert ready_after > 0.02, "the long line should take the worker a while"  # so the calls overlapped it
    assert speak_took < 0.002
    updates.sort()
    # every frame of the wait under 2 ms; the very worst gets 10 ms of slack for a busy CI machine's scheduler
    assert updates[int(len(updates) * 0.95)] < 0.002 and updates[-1] < 0.010, updates[-5:]


def test_a_newer_line_or_cancel_skips_a_line_that_is_not_ready(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech")
    assert pump(player, lambda: player.status == STATUS_READY)
    player.speak(LONG, MARIA, "old")
    player.speak(GREETING, MARIA, "new")  # the call moved on before the old line was ready
    assert pump(player, player.is_speaking)
    assert player._sound is not None and abs(player._sound.get_length() - 5.5) < 1.5  # the greeting, not LONG

    player.speak(LONG + " Again.", MARIA, "cancelled")
    player.cancel()
    assert not pump(player, player.is_speaking, timeout=1.5)


def test_a_line_ready_too_late_is_skipped(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech")
    player.late_limit = 0.0
    player.speak(GREETING, MARIA, "late")
    assert not pump(player, player.is_speaking, timeout=2.0)


def test_without_espeak_the_game_gets_captions_only_and_a_status(players, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # the worker process imports a pyttsx3 whose init() fails as the real one does without espeak-ng
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent / "speech" / "no_espeak_site"))
    player = players(cache_dir=tmp_path / "speech")
    assert pump(player, lambda: not player.available)
    assert player.status == ("Voice unavailable: espeak-ng is not installed (on Debian/Ubuntu: apt-get install "
                             "espeak-ng); client lines are shown as captions.")
    player.speak(GREETING, MARIA, "k")  # a no-op, not an error
    player.prefetch([(GREETING, MARIA)])
    player.update()
    assert not player.is_speaking() and wav_files(tmp_path / "speech") == []


def test_no_audio_device_means_captions_only(players, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_device(*args: object, **kwargs: object) -> None:
        raise pygame.error("No available audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    player = players(cache_dir=tmp_path / "speech")
    assert not player.available and player._service is None
    assert player.status == ("Voice unavailable: no audio device (No available audio device); client lines are "
                             "shown as captions.")
    player.speak(GREETING, MARIA, "k")
    player.update()
    assert not player.is_speaking()


def test_switching_voice_off_and_on(players, tmp_path: Path) -> None:
    player = players(enabled=False, cache_dir=tmp_path / "speech")
    assert not player.available and player.status == STATUS_OFF and player._service is None
    player.speak(GREETING, MARIA, "k")
    assert not (tmp_path / "speech").exists()
    player.set_enabled(True)
    player.speak(GREETING, MARIA, "k")
    assert pump(player, player.is_speaking)
    player.set_enabled(False)
    assert not player.is_speaking() and player.status == STATUS_OFF and not player.available


def test_the_speed_setting_changes_the_spoken_length(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech", rate_scale=0.6)
    player.speak(GREETING, MARIA, "slow")
    assert pump(player, player.is_speaking)
    slow = player._sound.get_length() if player._sound else 0
    player.set_rate(1.6)
    player.speak(GREETING, MARIA, "fast")
    assert pump(player, player.is_speaking)
    fast = player._sound.get_length() if player._sound else 0
    assert slow > 1.8 * fast > 0


def test_nothing_is_printed_on_stdout(players, tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    player = players(cache_dir=tmp_path / "speech")
    player.speak(GREETING, MARIA, "k")
    assert pump(player, player.is_speaking)
    player.shutdown()
    assert player._service is None
    assert capfd.readouterr().out == ""


def test_shutdown_stops_the_worker_process(players, tmp_path: Path) -> None:
    player = players(cache_dir=tmp_path / "speech")
    service = player._service
    assert service is not None and pump(player, lambda: service.state is State.READY)
    proc = service._proc
    player.shutdown()
    assert proc is not None and proc.poll() is not None
    assert service.state is State.CLOSED


def test_null_voice_has_the_same_interface() -> None:
    public = {name for name, _ in inspect.getmembers(VoicePlayer, inspect.isfunction) if not name.startswith("_")}
    assert public == {"speak", "prefetch", "cancel", "update", "is_speaking", "set_enabled", "set_rate", "shutdown"}
    null = NullVoice()
    for name in public:
        assert inspect.signature(getattr(NullVoice, name)) == inspect.signature(getattr(VoicePlayer, name)), name
    null.speak(GREETING, MARIA, "k")
    null.prefetch([(GREETING, MARIA)])
    null.update()
    assert not null.available and not null.is_speaking() and null.status == STATUS_OFF
