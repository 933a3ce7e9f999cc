"""Settings say the voice's real state, and carry a test-voice button, a volume and captions on/off,
saved with the other settings; captions off hides only the line the voice is saying."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pygame

from game.ui.pygame.scenes.settings import SettingsScene
from game.ui.pygame.settings import load_settings
from game.ui.pygame.voiceport import SilentVoice
from window_helpers import open_scenario, sign_in


class PlayingVoice(SilentVoice):
    """A voice that can play and says it is speaking (what a sound card gives)."""

    def __init__(self) -> None:
        super().__init__("Voice ready")
        self.available = True
        self.speaking = True

    def is_speaking(self) -> bool:
        return self.speaking


def open_settings(game) -> SettingsScene:
    game.key(pygame.K_F2)
    scene = game.top
    assert isinstance(scene, SettingsScene)
    return scene


def row(scene: SettingsScene, action: str):
    return next(r for r in scene.rows if r.action == action)


def test_an_unavailable_voice_is_never_shown_as_on(game) -> None:
    sign_in(game)
    scene = open_settings(game)
    voice = row(scene, "voice")
    game.ui.text.history.clear()
    game.ui.text.clear()
    game.frames(2)
    assert voice.options[voice.index] == "Unavailable"
    assert "On" not in voice.options
    assert game.rendered("espeak-ng not found") and not scene.test.enabled


def test_volume_and_captions_are_saved_and_the_test_voice_speaks(make, tmp_path: Path) -> None:
    game = make()
    game.ui.voice = PlayingVoice()
    game.ui.persist = True
    sign_in(game)
    scene = open_settings(game)
    assert row(scene, "voice").options == ["On", "Off"]
    volume = row(scene, "volume")
    scene.focus.focus_action("volume")
    game.key(pygame.K_LEFT)
    game.key(pygame.K_LEFT)
    scene.focus.focus_action("captions")
    game.key(pygame.K_RIGHT)
    saved = json.loads((Path(os.environ["XDG_CONFIG_HOME"]) / "ardojo" / "settings.json").read_text())
    assert saved["volume"] == 50 and saved["captions"] is False
    assert load_settings().volume == 50 and game.ui.voice.volume == 0.5
    assert volume.options[volume.index] == "50%"
    scene.build()
    assert scene.test.enabled
    game.click(scene.test)
    assert game.ui.voice.spoken[-1] == "settings/test-voice"


def test_captions_off_hides_only_the_line_being_spoken(make) -> None:
    game = make(ring=False)
    voice = game.ui.voice = PlayingVoice()
    game.ui.settings.captions = False
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    call = game.top
    line = call.call.node.client
    game.ui.text.history.clear()
    game.ui.text.drawn = []
    game.app.draw()
    shown = [d.shown for d in game.ui.text.drawn]
    assert any(s.startswith("Speaking…") for s in shown)
    voice.speaking = False
    before = game.app.screenshot(Path(os.environ["XDG_CONFIG_HOME"]) / "a.png")
    game.ui.text.drawn = []
    game.app.draw()
    assert not any(d.shown.startswith("Speaking…") for d in game.ui.text.drawn)
    assert line in call.transcript.entries[call.transcript.last_client_index()].text and before.exists()
