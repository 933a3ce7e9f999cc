"""Speak text with espeak-ng into a WAV file (22.05 kHz as espeak-ng writes it; recognise() converts)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

VOICES = ("en-us", "en-us+f3", "en-gb")


def espeak_available() -> bool:
    """True when the espeak-ng program is on PATH."""
    return shutil.which("espeak-ng") is not None


def speak_to_wav(text: str, path: Path, voice: str = "en-us") -> Path:
    """Write `text` spoken by espeak-ng `voice` to `path`; returns the path."""
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    return path


def spoken_subset(cases, count: int) -> list:
    """`count` cases to speak: per node in file order, each option's own words, then one paraphrase each,
    spread over the nodes so the subset spans scenarios. Returns (text, case) pairs; no-match cases and the
    deliberately hard "-reworded" files are left out (bench_recall.py measures those separately)."""
    by_node: dict = {}
    for case in cases:
        if case.expected is not None and not case.source.endswith("-reworded"):
            by_node.setdefault((case.scenario, case.node), []).append(case)
    firsts, seconds = [], []
    for group in by_node.values():
        seen: set = set()
        for case in group:
            if case.expected not in seen:
                seen.add(case.expected)
                firsts.append((case.options[case.expected].say, case))
                seconds.append((case.text, case))
    picked = []
    # spread: alternate verbatim and paraphrase, stepping through nodes
    step = max(1, len(firsts) // max(1, count // 2))
    for i in range(0, len(firsts), step):
        picked += [firsts[i], seconds[i]]
    return picked[:count]
