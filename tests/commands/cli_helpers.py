"""Helpers for the command-line tests: run `ardojo` as a user would (a subprocess), and the real
scenarios folder. Imported by the test modules of this folder (pytest puts it on sys.path)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
RULEBOOK = SCENARIOS / "rulebook.yaml"
BIN = Path(sys.executable).parent


def ardojo(*args: str, cwd: Path | None = None, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `python -m game ARGS` in `cwd`, feeding `stdin`; text output."""
    return subprocess.run([sys.executable, "-m", "game", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=timeout, env=env())


def shell(command: str, cwd: Path, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess:
    """Run a shell command line as written in the docs, with this venv's `ardojo` first on PATH."""
    return subprocess.run(["bash", "-c", command], input=stdin, capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, env=env())


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["PATH"] = f"{BIN}{os.pathsep}{out.get('PATH', '')}"
    out.pop("ARDOJO_SCENARIOS", None)
    out["COLUMNS"] = "100"
    return out
