"""Persona voice hints become distinct espeak-ng voices and rates."""

from __future__ import annotations

from game.content.model import Voice
from game.ui.speech.voices import BASE_VOICE, DEFAULT_RATE, SpokenVoice, clamp_rate_scale, resolve_voice


def test_gender_picks_a_variant_so_female_and_male_differ() -> None:
    female = resolve_voice(Voice(rate=165, gender="female"))
    male = resolve_voice(Voice(rate=165, gender="male"))
    assert female == SpokenVoice(f"{BASE_VOICE}+f3", 165)
    assert male == SpokenVoice(f"{BASE_VOICE}+m3", 165)


def test_no_hints_use_the_base_voice_at_the_default_rate() -> None:
    assert resolve_voice(Voice()) == SpokenVoice(BASE_VOICE, DEFAULT_RATE)


def test_an_explicit_id_wins_and_takes_the_gender_variant_unless_it_names_one() -> None:
    assert resolve_voice(Voice(id="gmw/en-gb-scotland", gender="male")).voice_id == "gmw/en-gb-scotland+m3"
    assert resolve_voice(Voice(id="gmw/en-us+f4", gender="female")).voice_id == "gmw/en-us+f4"
    assert resolve_voice(Voice(id="gmw/en")).voice_id == "gmw/en"


def test_the_speed_setting_scales_the_persona_rate_within_limits() -> None:
    assert resolve_voice(Voice(rate=160), 1.25).rate == 200
    assert resolve_voice(Voice(rate=400), 2.0).rate == 450
    assert resolve_voice(Voice(rate=80), 0.1).rate == 80
    assert clamp_rate_scale(9) == 2.0 and clamp_rate_scale(0) == 0.5
