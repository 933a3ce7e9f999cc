"""The Ralph venv the xAPI tests use: `.venv-ralph` beside the game's `.venv` (or $ARDOJO_RALPH_VENV),
created on first use from the pinned tests/xapi/ralph-requirements.txt. Standard library only.

`make test` runs `python tests/xapi/ralph_env.py` first; the pytest fixture calls `ensure()` too, so a
plain `pytest` on a fresh checkout builds it as well. When it cannot be built the tests fail with the
reason; they are skipped only when ARDOJO_SKIP_LRS=1 says so.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = Path(__file__).with_name("ralph-requirements.txt")
STAMP_NAME = ".installed"
SKIP_ENV = "ARDOJO_SKIP_LRS"


class RalphEnvError(Exception):
    """The Ralph venv is missing and could not be built; the message says why."""


def venv_dir() -> Path:
    return Path(os.environ.get("ARDOJO_RALPH_VENV") or ROOT / ".venv-ralph")


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _wanted() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def is_ready(venv: Path) -> bool:
    """True when the venv exists and was built from the current requirements file."""
    stamp = venv / STAMP_NAME
    return venv_python(venv).exists() and stamp.exists() and stamp.read_text().strip() == _wanted()


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RalphEnvError(f"{what} failed (exit {done.returncode}): {' '.join(cmd)}\n{tail}")


def ensure(venv: Path | None = None, python: str | None = None) -> Path:
    """The venv's python, building the venv first when it is missing or out of date."""
    venv = venv or venv_dir()
    if is_ready(venv):
        return venv_python(venv)
    if not venv_python(venv).exists():
        _run([python or sys.executable, "-m", "venv", str(venv)], f"creating the Ralph venv {venv}")
    _run([str(venv_python(venv)), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "-r", str(REQUIREMENTS)], f"installing Ralph into {venv} (needs PyPI)")
    (venv / STAMP_NAME).write_text(_wanted() + "\n")
    return venv_python(venv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Create the Ralph venv for the xAPI tests when missing.")
    parser.add_argument("--python", help="the Python to base the venv on (default: this one)")
    args = parser.parse_args(argv)
    if os.environ.get(SKIP_ENV) == "1":
        print(f"{SKIP_ENV}=1: not preparing the Ralph LRS (the xAPI LRS tests will be skipped)", file=sys.stderr)
        return 0
    venv = venv_dir()
    if is_ready(venv):
        return 0
    print(f"preparing the Ralph LRS for the xAPI tests in {venv} (about 30 s, once)", file=sys.stderr)
    try:
        ensure(venv, args.python)
    except RalphEnvError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
