"""Helpers for tests that listen to synthesized audio: WAV length and a rough voice pitch."""

from __future__ import annotations

import sys
import wave
from array import array
from pathlib import Path


def wav_seconds(path: Path) -> float:
    """The length of a WAV file in seconds (frames / rate)."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def mono_samples(path: Path) -> tuple[array, int]:
    """The first channel of a 16-bit WAV file as signed samples, and its sample rate."""
    with wave.open(str(path), "rb") as wav:
        rate, channels = wav.getframerate(), wav.getnchannels()
        samples = array("h")
        samples.frombytes(wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples[0::channels], rate


def median_pitch(path: Path, frames: int = 9) -> float:
    """A rough speaking pitch in Hz: autocorrelation peaks (70-400 Hz) over the loudest windows."""
    samples, rate = mono_samples(path)
    step = max(1, rate // 11025)  # work at about 11 kHz
    samples = samples[0::step]
    rate //= step
    window = rate // 25  # 40 ms
    starts = range(0, len(samples) - window, window)
    loud = sorted(starts, key=lambda s: -sum(abs(x) for x in samples[s:s + window]))[:frames]
    pitches = []
    for start in loud:
        chunk = samples[start:start + window]
        best_lag, best = 0, 0.0
        for lag in range(rate // 400, rate // 70):
            score = sum(a * b for a, b in zip(chunk, chunk[lag:])) / (window - lag)
            if score > best:
                best_lag, best = lag, score
        if best_lag:
            pitches.append(rate / best_lag)
    pitches.sort()
    return pitches[len(pitches) // 2] if pitches else 0.0
