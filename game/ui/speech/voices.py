"""From a persona's voice hints (rate, gender, explicit id) to the espeak-ng voice and rate to use."""

from __future__ import annotations

from dataclasses import dataclass

from game.content.model import Voice

BASE_VOICE = "gmw/en-us"
"""The espeak-ng voice used when a persona names none (American English)."""

GENDER_VARIANTS = {"female": "f3", "male": "m3"}
"""espeak-ng voice variants appended as `+variant`, so female and male personas sound different."""

DEFAULT_RATE = 175
"""Words per minute when a persona gives no rate (espeak-ng's own default is a brisk 175)."""

RATE_LIMITS = (80, 450)
RATE_SCALE_LIMITS = (0.5, 2.0)


@dataclass(frozen=True, slots=True)
class SpokenVoice:
    """What the synthesizer is asked for: an espeak-ng voice id (with variant) and words per minute."""

    voice_id: str
    rate: int


def clamp_rate_scale(scale: float) -> float:
    """The player's speed setting, kept within 0.5x..2x."""
    low, high = RATE_SCALE_LIMITS
    return min(high, max(low, float(scale)))


def resolve_voice(voice: Voice, rate_scale: float = 1.0) -> SpokenVoice:
    """The espeak-ng voice and rate for a persona's hints, at the player's speed setting.

    An explicit id wins; if it names no variant (`+f3`), the gender's variant is added. Without an
    id, the base American English voice takes the gender's variant.
    """
    variant = GENDER_VARIANTS.get(voice.gender or "")
    base = (voice.id or "").strip() or BASE_VOICE
    voice_id = f"{base}+{variant}" if variant and "+" not in base else base
    low, high = RATE_LIMITS
    rate = round((voice.rate or DEFAULT_RATE) * clamp_rate_scale(rate_scale))
    return SpokenVoice(voice_id, min(high, max(low, rate)))
