"""16-bit PCM helpers: convert espeak's mono output to the audio mixer's rate and channel count.

Conversion happens in the speech worker process, so the game can hand the samples to the mixer as a
raw buffer (about 0.03 ms) instead of letting SDL decode and resample a WAV file (10-20 ms).
"""

from __future__ import annotations

import sys
import wave
from array import array
from pathlib import Path


def resample_mono(samples: array, src_rate: int, dst_rate: int) -> array:
    """Resample signed 16-bit mono samples from src_rate to dst_rate.

    Whole-number factors (22,050 -> 44,100) interpolate linearly between neighbours; any other ratio
    first does the whole-number part that way, then picks the nearest sample for the small remainder.
    """
    if src_rate == dst_rate or len(samples) < 2:
        return array("h", samples)
    factor = dst_rate // src_rate
    if factor >= 2:
        samples = _upsample(samples, factor)
        src_rate *= factor
        if src_rate == dst_rate:
            return samples
    ratio = src_rate / dst_rate
    count = int(len(samples) / ratio)
    return array("h", map(samples.__getitem__, [int(i * ratio) for i in range(count)]))


def _upsample(samples: array, factor: int) -> array:
    """Insert factor-1 linearly interpolated samples after each sample."""
    out = array("h", bytes(2 * len(samples) * factor))
    out[0::factor] = samples
    following = samples[1:] + samples[-1:]
    for step in range(1, factor):
        out[step::factor] = array("h", [a + (b - a) * step // factor for a, b in zip(samples, following)])
    return out


def to_channels(samples: array, channels: int) -> array:
    """Interleave mono samples into `channels` identical channels (1 returns a copy)."""
    if channels <= 1:
        return array("h", samples)
    out = array("h", bytes(2 * len(samples) * channels))
    for channel in range(channels):
        out[channel::channels] = samples
    return out


def read_wav(path: Path) -> tuple[bytes, int, int]:
    """The raw frames, sample rate and channel count of a 16-bit WAV file."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit samples, got {8 * wav.getsampwidth()}-bit")
        return wav.readframes(wav.getnframes()), wav.getframerate(), wav.getnchannels()


def write_wav(path: Path, frames: bytes, rate: int, channels: int) -> None:
    """Write 16-bit frames as a WAV file."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)


def convert_wav(src: Path, dst: Path, rate: int, channels: int) -> float:
    """Rewrite a 16-bit mono WAV as `rate` Hz with `channels` channels; returns its length in seconds."""
    frames, src_rate, src_channels = read_wav(src)
    samples = array("h")
    samples.frombytes(frames)
    if sys.byteorder == "big":  # WAV samples are little-endian
        samples.byteswap()
    if src_channels != 1:
        samples = samples[0::src_channels]
    out = to_channels(resample_mono(samples, src_rate, rate), channels)
    if sys.byteorder == "big":
        out.byteswap()
    write_wav(dst, out.tobytes(), rate, channels)
    return len(out) / channels / rate
