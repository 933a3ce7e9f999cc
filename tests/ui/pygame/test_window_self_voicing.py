"""Self-voicing (issue 14): V or Settings switch it, it is announced, every screen's title and every focus
change are spoken, the call's replies are read in their on-screen order after the client's line, the
newest focus wins, UI speech never counts as the client speaking, and with no voice nothing happens but
a line in Settings. A recording speaker stands in for espeak-ng (one test below uses the real one)."""

from __future__ import annotations

import json
import os
import shutil
import time
import wave
from pathlib import Path

import pygame
import pytest

from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.settings import SettingsScene
from game.ui.pygame.self_voice import UI_VOICE_ID, UNAVAILABLE, EspeakSpeaker, NoSpeaker, describe, ui_voice
from game.ui.pygame.settings import Settings, load_settings
from game.ui.pygame.voiceport import SilentVoice
from game.ui.speech.voices import resolve_voice
from window_helpers import open_scenario, sign_in

FRAME = 1 / 60


class RecordingSpeaker:
    """Says each line for `seconds_per_word` of (game) time per word; records what was said and stopped."""

    def __init__(self, clock, seconds_per_word: float = 0.05) -> None:
        self.available = True
        self.status = ""
        self.clock = clock  # () -> the game's time
        self.per_word = seconds_per_word
        self.said: list[str] = []
        self.stopped: list[str] = []
        self.prefetched: list[str] = []
        self._until = -1.0
        self._line = ""

    def say(self, text: str, rate_scale: float) -> None:
        self.stop()
        self.said.append(text)
        self._line = text
        self._until = self.clock() + self.per_word * len(text.split())

    def prefetch(self, texts, rate_scale: float) -> None:
        self.prefetched.extend(texts)

    def stop(self) -> None:
        if self.busy():
            self.stopped.append(self._line)
        self._until = -1.0

    def busy(self) -> bool:
        return self.clock() < self._until

    def update(self) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        pass

    def shutdown(self) -> None:
        self.available = False


class ClientVoice(SilentVoice):
    """A client voice that plays: each line lasts `seconds` of game time (what a sound card gives)."""

    def __init__(self, clock, seconds: float = 1.0) -> None:
        super().__init__("Voice ready")
        self.available = True
        self.clock = clock
        self.seconds = seconds
        self.lines: list[tuple[float, str]] = []
        self._until = -1.0

    def speak(self, text, voice, key) -> None:
        super().speak(text, voice, key)
        self.lines.append((self.clock(), text))
        self._until = self.clock() + self.seconds

    def cancel(self) -> None:
        self._until = -1.0

    def is_speaking(self) -> bool:
        return self.clock() < self._until


def voiced(game, seconds_per_word: float = 0.05) -> RecordingSpeaker:
    speaker = RecordingSpeaker(lambda: game.ui.time, seconds_per_word)
    game.app.self_voice.make_speaker = lambda: speaker
    return speaker


def said_while(game, speaker: RecordingSpeaker, frames: int) -> list[str]:
    """Run frames; the lines the speaker started meanwhile."""
    start = len(speaker.said)
    game.frames(frames)
    return speaker.said[start:]


def to_call(game) -> CallScene:
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)  # Dial
    scene = game.top
    assert isinstance(scene, CallScene)
    return scene


def test_v_switches_it_on_announced_then_the_screen_and_the_focus_are_spoken(make, tmp_path: Path) -> None:
    game = make()
    game.ui.persist = True
    speaker = voiced(game)
    game.key(pygame.K_v, text="v")  # the sign-in screen types anywhere: V is a letter there
    assert game.top.field.text == "v" and not speaker.said and not game.ui.settings.self_voicing
    game.key(pygame.K_BACKSPACE)
    sign_in(game)
    game.key(pygame.K_v, text="v")
    game.frames(120)
    select = game.top
    card = select.focus.focused
    assert speaker.said[:3] == ["Self-voicing on", "Choose a call", describe(card, select)]
    assert card.scenario.title in speaker.said[2] and card.scenario.persona.name in speaker.said[2]
    saved = json.loads((Path(os.environ["XDG_CONFIG_HOME"]) / "ardojo" / "settings.json").read_text())
    assert saved["self_voicing"] is True and load_settings().self_voicing is True
    game.key(pygame.K_RIGHT)
    assert speaker.said[-1] == describe(select.focus.focused, select) != speaker.said[2]
    game.key(pygame.K_v, text="v")
    game.frames(30)
    assert speaker.said[-1] == "Self-voicing off" and not game.ui.settings.self_voicing
    game.key(pygame.K_RIGHT)
    game.frames(30)
    assert speaker.said[-1] == "Self-voicing off"  # off: nothing more is said


def test_the_newest_focus_wins_and_stale_lines_are_dropped(make) -> None:
    game = make()
    speaker = voiced(game, seconds_per_word=0.5)  # slow: every line is still being said at the next key
    sign_in(game)
    game.key(pygame.K_v, text="v")
    game.frames(2)
    select = game.top
    assert speaker.said == ["Self-voicing on"]  # the title and the card wait their turn
    game.key(pygame.K_RIGHT)
    game.key(pygame.K_RIGHT)
    last = describe(select.focus.focused, select)
    game.frames(2)
    assert speaker.said[-1] == last
    assert "Choose a call" not in speaker.said  # queued before the focus moved on: dropped
    game.frames(600)
    assert speaker.said[-1] == last and not game.app.self_voice.queue


def test_the_replies_are_read_in_order_after_the_clients_line(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game)
    client = game.ui.voice = ClientVoice(lambda: game.ui.time, seconds=1.0)
    sign_in(game)
    scene = to_call(game)
    spoken_at: list[tuple[float, str, bool]] = []
    for _ in range(300):
        before = len(speaker.said)
        game.frames(1)
        for text in speaker.said[before:]:
            spoken_at.append((game.ui.time, text, client.is_speaking()))
    texts = [t for _, t, _ in spoken_at]
    persona = scene.call.scenario.persona
    replies = [f"Reply {i + 1}: {c.say}" for i, c in enumerate(scene.call.shown)]
    assert texts[0] == f"Call with {persona.name}, {persona.company}"
    assert texts[-len(replies):] == replies  # in their on-screen order, every one
    first_reply = next(at for at, t, _ in spoken_at if t == replies[0])
    client_line_end = client.lines[-1][0] + client.seconds
    assert first_reply >= client_line_end  # after the client's line, never over it
    assert not any(talking for _, _, talking in spoken_at)
    # a focus change stops the reading: the focused reply, with its number and all its words
    speaker.per_word = 1.0
    game.key(pygame.K_9)  # no such reply: nothing happens
    game.key(pygame.K_DOWN)
    focused = scene.focus.focused
    assert speaker.said[-1] == f"Reply 1 of {len(replies)}: {focused.say}"


def test_reading_stops_for_a_new_focus_and_ui_speech_is_not_the_client(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game, seconds_per_word=0.4)
    client = game.ui.voice = ClientVoice(lambda: game.ui.time, seconds=0.5)
    sign_in(game)
    scene = to_call(game)
    game.frames(240)  # the client's line (0.5 s) and the title (2.8 s) are over; the replies are being read
    assert not client.is_speaking() and speaker.busy() and speaker.said[-1].startswith("Reply 1:")
    assert not scene._client_talking()  # UI speech is not the client speaking
    waited = scene.waited
    game.frames(30)
    assert scene.waited == waited  # the clock holds while the replies are read: listening is not waiting
    game.key(pygame.K_DOWN)
    game.key(pygame.K_DOWN)
    assert speaker.said[-1].startswith("Reply 2 of ")
    assert speaker.stopped[-2].startswith("Reply 1:")  # the reading and the first focus were cut
    queued = [line.text for line in game.app.self_voice.queue]
    assert not any(text.startswith("Reply 3:") for text in queued)  # the rest of the reading: dropped
    game.key(pygame.K_RETURN)  # answer while UI speech plays: not an interruption
    assert scene.call.steps and not scene.call.steps[-1].interrupted


def test_a_resize_does_not_read_the_same_replies_again(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game, seconds_per_word=0.01)
    sign_in(game)
    scene = to_call(game)
    game.frames(120)
    read = list(speaker.said)
    assert read[-1].startswith(f"Reply {len(scene.call.shown)}:")
    game.app.resize((1024, 640))
    assert said_while(game, speaker, 60) == []


def test_settings_rows_and_their_values_are_spoken_and_v_works_there(make) -> None:
    game = make()
    speaker = voiced(game)
    sign_in(game)
    game.key(pygame.K_F2)
    scene = game.top
    assert isinstance(scene, SettingsScene)
    row = scene.rows[-1]
    assert row.action == "self-voicing" and row.options == ["Off", "On"] and row.index == 0
    game.key(pygame.K_v, text="v")
    game.frames(60)
    assert row.index == 1 and game.ui.settings.self_voicing
    assert speaker.said[:3] == ["Self-voicing on", "Settings", "Voice: Unavailable"]
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RIGHT)  # voice speed 1× → 1.15×
    assert speaker.said[-2:] == ["Voice speed: 1 times", "Voice speed: 1.15 times"]
    game.key(pygame.K_ESCAPE)
    game.frames(60)
    assert "Choose a call" in speaker.said[-2:]  # back on the screen below: its title again


def test_with_no_voice_the_toggle_only_says_so_in_settings(make) -> None:
    game = make()
    game.ui.persist = True
    game.app.self_voice.make_speaker = lambda: NoSpeaker("no audio device")
    sign_in(game)
    game.key(pygame.K_v, text="v")  # outside Settings: nothing happens (there is no voice to say it)
    assert not game.ui.settings.self_voicing
    game.key(pygame.K_F2)
    scene = game.top
    scene.focus.focus_action("self-voicing")
    game.key(pygame.K_RIGHT)
    game.ui.text.history.clear()
    game.ui.text.clear()
    game.frames(3)
    row = scene.rows[-1]
    assert row.options[row.index] == "Off" and row.options == ["Off", "Unavailable"]
    assert not game.ui.settings.self_voicing and game.rendered(UNAVAILABLE)
    assert not load_settings().self_voicing
    game.key(pygame.K_v, text="v")
    game.key(pygame.K_ESCAPE)
    game.frames(10)  # and the game goes on


def test_a_saved_setting_starts_it_after_the_first_frame(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game)
    game.frames(30)
    assert speaker.said[:2] == ["Self-voicing on", "Welcome to AR Dojo. Sign in"]
    assert speaker.said[2] == "Your name, text box, empty"


def test_wrapup_fields_say_their_labels(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game, seconds_per_word=0.001)
    sign_in(game)
    scene = to_call(game)
    from window_helpers import best_place, play_to_end
    play_to_end(game, best_place)
    game.frames(30)
    game.key(pygame.K_RETURN)  # Document the call
    game.frames(30)
    wrap = game.top
    assert wrap.name == "wrapup" and "Document the call" in speaker.said
    game.key(pygame.K_DOWN)
    assert "selected" in speaker.said[-1] or "not selected" in speaker.said[-1]
    scene = wrap
    game.key(pygame.K_RETURN)
    focused = scene.focus.focused
    assert speaker.said[-1] == describe(focused, scene) and "text box" in speaker.said[-1]
    assert scene.label(focused) in speaker.said[-1]
    game.key(pygame.K_v, text="v")  # V in a text box is the text box's (this one takes figures only)
    assert game.ui.settings.self_voicing and game.app.self_voice.on


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_real_espeak_speaks_ui_lines_in_a_voice_no_client_has(library, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    speaker = EspeakSpeaker(cache_dir=tmp_path / "speech")
    try:
        if not speaker.available:
            pytest.skip(f"no mixer here: {speaker.status}")
        speaker.say("Reply 1: Hi Maria, it's Sam from Northwind.", 1.0)
        deadline = time.monotonic() + 30
        while speaker.busy() and time.monotonic() < deadline and speaker.available:
            speaker.update()
            time.sleep(0.01)
        assert speaker.available, speaker.status
        files = list((tmp_path / "speech").glob("*.wav"))
        assert len(files) == 1
        with wave.open(str(files[0])) as wav:
            seconds = wav.getnframes() / wav.getframerate()
        assert 1.0 < seconds < 6.0
    finally:
        speaker.shutdown()
    voices = [s.persona.voice for s in library.scenarios.values()]
    client_voices = {resolve_voice(v).voice_id for v in voices}
    assert ui_voice().voice_id == UI_VOICE_ID and all(not vid.startswith(UI_VOICE_ID) for vid in client_voices)
    assert ui_voice().rate > max(resolve_voice(v).rate for v in voices)


def test_the_pointer_on_a_control_speaks_it(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game)
    sign_in(game)
    game.frames(120)
    select = game.top
    card = select.cards[1]
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=card.rect.center, rel=(0, 0), buttons=(0, 0, 0)))
    game.frames(2)
    assert speaker.said[-1] == describe(card, select)


def test_a_voice_that_fails_after_starting_turns_it_off_quietly(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game)
    sign_in(game)
    game.frames(10)
    assert game.app.self_voice.on
    speaker.available = False  # the speech worker could not start espeak-ng
    game.frames(2)
    assert not game.app.self_voice.on and not game.ui.settings.self_voicing
    assert game.app.self_voice.status == UNAVAILABLE
    game.key(pygame.K_F2)
    game.frames(2)
    row = game.top.rows[-1]
    assert row.options == ["Off", "Unavailable"] and row.index == 0



def test_after_an_interruption_the_replies_wait_for_the_reaction_and_the_next_line(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game, seconds_per_word=0.01)
    client = game.ui.voice = ClientVoice(lambda: game.ui.time, seconds=0.5)
    sign_in(game)
    scene = to_call(game)
    game.frames(5)
    assert client.is_speaking()
    game.key(pygame.K_1)  # over the client: they react, then say their next line
    assert scene.call.steps[-1].interrupted
    said: list[tuple[str, bool, bool]] = []
    for _ in range(240):
        before = len(speaker.said)
        game.frames(1)
        said += [(t, client.is_speaking(), scene.lines.pending()) for t in speaker.said[before:]]
    assert len(client.lines) >= 3  # the first line, the reaction, the next line
    reading = [s for s in said if s[0].startswith("Reply ")]
    assert [t for t, _, _ in reading] == [f"Reply {i + 1}: {c.say}" for i, c in enumerate(scene.call.shown)]
    assert not any(talking or pending for _, talking, pending in reading)  # never between the client's lines


def test_a_machine_without_espeak_says_unavailable_after_the_worker_fails(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1] / "speech" / "no_espeak_site"))
    speaker = EspeakSpeaker(cache_dir=tmp_path / "speech")
    try:
        if not speaker.available:
            pytest.skip(f"no mixer here: {speaker.status}")
        speaker.say("Settings", 1.0)
        deadline = time.monotonic() + 20
        while speaker.available and time.monotonic() < deadline:
            speaker.update()
            time.sleep(0.01)
        assert not speaker.available and "espeak-ng is not installed" in speaker.status
        assert not speaker.busy()
    finally:
        speaker.shutdown()


def test_worklist_rows_say_the_account_and_the_title_the_day(library) -> None:
    from game.campaign.week import Week
    from game.content.campaign_loader import load_campaign
    from game.ui.pygame.context import UI
    from game.ui.pygame.scenes.worklist import WorklistScene
    from game.ui.pygame.self_voice import SelfVoicing
    from window_helpers import ROOT

    pygame.display.init()
    pygame.font.init()
    campaign = load_campaign(ROOT / "scenarios" / "campaigns" / "first-week.yaml", library.scenarios).campaign
    ui = UI(Settings(self_voicing=True), (1280, 800), persist=False)
    scene = WorklistScene(ui, Week(campaign, library.scenarios, 1), "Sam")
    scene.layout(pygame.Rect(0, 0, 1280, 800))
    speaker = RecordingSpeaker(lambda: ui.time, seconds_per_word=0.0)
    sv = SelfVoicing(ui, make=lambda: speaker)
    for _ in range(5):
        sv.update(scene)
        ui.time += FRAME
    row = scene.focus.focused.row
    assert speaker.said[0] == "Self-voicing on"
    assert speaker.said[1] == f"Day {scene.week.day} of {campaign.days}, " + f"{scene.week.today:%A %d %B}, " \
        f"{scene.week.slots_left} of {campaign.slots} calls left"
    assert speaker.said[2].startswith(f"{row.company}, {row.balance:,.2f} dollars, {row.days_overdue} days overdue")
    scene.handle_event(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_DOWN, mod=0, unicode=""))
    sv.update(scene)
    assert speaker.said[-1].startswith(scene.focus.focused.row.company)


def test_the_waiting_clock_runs_again_once_the_replies_have_been_read(make) -> None:
    game = make(settings=Settings(self_voicing=True))
    speaker = voiced(game, seconds_per_word=0.05)
    game.ui.voice = ClientVoice(lambda: game.ui.time, seconds=0.5)
    sign_in(game)
    scene = to_call(game)
    reading = game.app.self_voice.reading_replies
    for _ in range(1200):
        game.frames(1)
        if speaker.said and speaker.said[-1].startswith("Reply") and not reading():
            break
    assert not reading()
    waited = scene.waited
    game.frames(60)
    assert scene.waited > waited + 0.9  # after the reading, waiting costs as it always does
