"""Settings from any screen (F2), applied at once and kept between runs; the voice is told; and the
game refuses to open a window where there is no display, in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pygame

from game.ui.pygame.display import display_problem
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.settings import SettingsScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from game.ui.pygame.settings import load_settings, settings_path

from window_helpers import ROOT, open_scenario, play_to_end, sign_in


def test_settings_open_from_any_screen_apply_at_once_and_persist(game) -> None:
    game.key(pygame.K_F2)  # even on the sign-in screen, where letters go to the name field
    assert isinstance(game.top, SettingsScene)
    game.key(pygame.K_ESCAPE)
    sign_in(game)
    game.key(pygame.K_F2)
    settings = game.top
    assert isinstance(settings, SettingsScene)
    body = game.ui.m.body
    game.key(pygame.K_DOWN)
    game.key(pygame.K_DOWN)  # text size
    game.key(pygame.K_RIGHT)
    game.key(pygame.K_RIGHT)
    assert game.ui.settings.text_size == 3 and game.ui.m.body > body
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RIGHT)  # high contrast on
    assert game.ui.settings.high_contrast and game.ui.p.bg == (0, 0, 0)
    game.shot("7-settings-high-contrast")
    game.key(pygame.K_UP)
    game.key(pygame.K_UP)
    game.key(pygame.K_RIGHT)  # voice speed up one step
    game.key(pygame.K_UP)
    game.key(pygame.K_RIGHT)  # voice off
    assert game.voice.enabled is False
    saved = json.loads(settings_path().read_text())
    assert saved == {"high_contrast": True, "text_size": 3, "voice_enabled": False, "voice_rate": 1.15,
                     "volume": 100, "captions": True, "timing": True, "recall": False, "keep_recordings": False,
                     "self_voicing": False}
    assert load_settings().text_size == 3
    game.key(pygame.K_ESCAPE)
    assert game.top.name == "select"


def test_settings_over_the_call_keep_the_call(game) -> None:
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    call = game.top
    game.key(pygame.K_1)
    game.click(call.top.settings)
    assert isinstance(game.top, SettingsScene) and game.app.stack[-2] is call
    game.shot("7-settings")
    game.click(game.top.rows[2].segments[0])  # text size: small, by mouse
    assert game.ui.settings.text_size == 0
    game.key(pygame.K_ESCAPE)
    assert game.top is call and len(call.call.steps) == 1 and call.transcript.rect.width > 0


def test_a_settings_file_that_cannot_be_read_gives_the_defaults(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert load_settings(path).text_size == 1
    path.write_text(json.dumps({"text_size": 99, "voice_rate": 7, "evil": "x", "high_contrast": "yes"}))
    loaded = load_settings(path)
    assert loaded.text_size == 3 and loaded.voice_rate == 1.3 and not loaded.high_contrast


def test_every_client_line_is_spoken_and_the_next_ones_prefetched(game) -> None:
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)
    call = game.top
    play_to_end(game)
    nodes = [s.node.id for s in call.call.steps] + [call.call.node.id]
    assert game.voice.spoken == [f"sunrise-bakery/{n}" for n in nodes]
    assert all(game.rendered(call.call.scenario.node(n).client) for n in nodes)  # every line captioned


def test_a_call_ended_but_not_documented_resumes_at_the_wrap_up(make) -> None:
    first = make()
    sign_in(first, "Ivo")
    open_scenario(first, "sunrise-bakery")
    first.key(pygame.K_RETURN)
    play_to_end(first)
    first.app.running = False
    again = make()
    sign_in(again, "ivo")  # names match whatever the case
    again.key(pygame.K_RETURN)  # resume
    assert isinstance(again.top, WrapUpScene)
    assert not isinstance(again.top, CallScene)


def test_no_display_is_one_line_and_suggests_text_mode() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")}
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "play"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "ardojo play --text" in done.stderr and "Traceback" not in done.stderr
    assert display_problem({}, "linux") and display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"SDL_VIDEODRIVER": "dummy"}, "linux") is None and display_problem({}, "win32") is None
