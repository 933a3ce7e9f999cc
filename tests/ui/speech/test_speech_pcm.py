"""Sample conversion to the mixer's format keeps the length and the shape of the sound."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

from game.ui.speech.pcm import convert_wav, read_wav, resample_mono, to_channels, write_wav


def tone(rate: int, seconds: float, freq: float = 220.0) -> array:
    return array("h", (int(8000 * math.sin(2 * math.pi * freq * i / rate)) for i in range(int(rate * seconds))))


def test_doubling_the_rate_interpolates_between_neighbours() -> None:
    out = resample_mono(array("h", [0, 100, -100]), 22050, 44100)
    assert list(out) == [0, 50, 100, 0, -100, -100]


def test_other_ratios_keep_the_duration() -> None:
    src = tone(22050, 0.5)
    for rate in (48000, 16000, 32000):
        assert abs(len(resample_mono(src, 22050, rate)) - rate * 0.5) <= 2


def test_channels_are_interleaved_copies() -> None:
    assert list(to_channels(array("h", [1, 2, 3]), 2)) == [1, 1, 2, 2, 3, 3]


def test_convert_wav_writes_the_mixer_format(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.wav", tmp_path / "out.wav"
    write_wav(src, tone(22050, 1.0).tobytes(), 22050, 1)
    assert abs(convert_wav(src, dst, 44100, 2) - 1.0) < 0.001
    frames, rate, channels = read_wav(dst)
    assert (rate, channels) == (44100, 2) and len(frames) == 44100 * 2 * 2
