"""Generate the game's phone sounds by synthesis: 22,050 Hz mono 16-bit WAV files in assets/sounds/.

    python assets/tools/make_sounds.py [OUT_DIR]

Everything is computed here (sines, envelopes, seeded noise), so the output is the same on every run
and machine. The tones follow the North American call-progress plan (dial tone 350+440 Hz, ringback
440+480 Hz, busy 480+620 Hz); the clicks are short filtered noise bursts over a low thump.
"""

from __future__ import annotations

import math
import random
import sys
import wave
from array import array
from pathlib import Path
from typing import Callable

RATE = 22050
OUT_DIR = Path(__file__).resolve().parents[1] / "sounds"


def silence(seconds: float) -> list[float]:
    """seconds of zeros."""
    return [0.0] * round(seconds * RATE)


def tones(freqs: tuple[float, ...], seconds: float, level: float, fade: float = 0.015) -> list[float]:
    """A sum of sines (each at `level`), with raised-cosine fades at both ends to avoid clicks."""
    count = round(seconds * RATE)
    out = [level * sum(math.sin(2 * math.pi * f * i / RATE) for f in freqs) for i in range(count)]
    return apply_fades(out, fade, fade)


def apply_fades(samples: list[float], fade_in: float, fade_out: float) -> list[float]:
    """Raised-cosine fade-in and fade-out of the given lengths in seconds."""
    n_in, n_out = round(fade_in * RATE), round(fade_out * RATE)
    for i in range(min(n_in, len(samples))):
        samples[i] *= 0.5 - 0.5 * math.cos(math.pi * i / n_in)
    for i in range(min(n_out, len(samples))):
        samples[-1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / n_out)
    return samples


def click(seconds: float, level: float, brightness: float, thump_hz: float, seed: int) -> list[float]:
    """A mechanical click: low-passed noise with a fast decay over a short decaying low sine."""
    rng = random.Random(seed)
    count = round(seconds * RATE)
    out, smooth = [], 0.0
    for i in range(count):
        t = i / RATE
        smooth += brightness * (rng.uniform(-1.0, 1.0) - smooth)  # one-pole low-pass
        noise = smooth * math.exp(-t / 0.004)
        thump = 0.6 * math.sin(2 * math.pi * thump_hz * t) * math.exp(-t / 0.018)
        out.append(level * (noise + thump))
    return apply_fades(out, 0.0005, 0.01)


def mix_at(base: list[float], extra: list[float], at: float) -> list[float]:
    """Add `extra` into `base` starting `at` seconds in (base grows if needed)."""
    start = round(at * RATE)
    if len(base) < start + len(extra):
        base.extend([0.0] * (start + len(extra) - len(base)))
    for i, value in enumerate(extra):
        base[start + i] += value
    return base


def ring() -> list[float]:
    """Ringback, as the caller hears it: 2 s of 440+480 Hz, then 2 s quiet (loops every 4 s)."""
    return tones((440.0, 480.0), 2.0, 0.22, fade=0.02) + silence(2.0)


def dial_tone() -> list[float]:
    """Dial tone, 350+440 Hz for 2 s. Both sines complete whole cycles every 0.1 s, so it loops seamlessly."""
    count = 2 * RATE
    return [0.2 * (math.sin(2 * math.pi * 350 * i / RATE) + math.sin(2 * math.pi * 440 * i / RATE))
            for i in range(count)]


def pick_up() -> list[float]:
    """The client lifts the handset: a soft click and a brief rattle."""
    sound = click(0.12, 0.45, 0.35, 140.0, seed=11)
    return mix_at(sound, click(0.06, 0.18, 0.5, 220.0, seed=12), 0.035) + silence(0.05)


def hang_up() -> list[float]:
    """The handset goes down: a firm clack, a second smaller one as it settles."""
    sound = click(0.16, 0.7, 0.3, 110.0, seed=21)
    return mix_at(sound, click(0.1, 0.3, 0.4, 160.0, seed=22), 0.045) + silence(0.05)


def busy() -> list[float]:
    """The line after the client hung up: three 480+620 Hz beeps, 0.25 s on, 0.25 s off."""
    beep = tones((480.0, 620.0), 0.25, 0.18, fade=0.01)
    return (beep + silence(0.25)) * 3


SOUNDS: dict[str, Callable[[], list[float]]] = {
    "ring.wav": ring,
    "dial-tone.wav": dial_tone,
    "pick-up.wav": pick_up,
    "hang-up.wav": hang_up,
    "busy.wav": busy,
}


def write_wav(path: Path, samples: list[float]) -> None:
    """Write float samples (-1..1) as 22,050 Hz mono 16-bit little-endian PCM."""
    pcm = array("h", (max(-32767, min(32767, round(s * 32767))) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())


def main(argv: list[str]) -> int:
    """Write every sound into OUT_DIR (default assets/sounds/)."""
    out_dir = Path(argv[0]) if argv else OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, make in SOUNDS.items():
        write_wav(out_dir / name, make())
        print(f"wrote {out_dir / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
