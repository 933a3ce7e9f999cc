"""The speech worker gives the game the CPU first: it lowers its own priority (worker.NICENESS), so on
two cores espeak-ng synthesizing lines does not make a frame wait for a CPU."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.ui.speech import worker
from game.ui.speech.service import SpeechService, State

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(not hasattr(os, "nice"), reason="POSIX only")
def test_lower_priority_raises_the_niceness_of_its_process() -> None:
    code = "import os; from game.ui.speech.worker import lower_priority; before = os.nice(0); " \
           "print(lower_priority(3) - before)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) == min(3, 19 - os.nice(0))
    assert worker.lower_priority(0) == 0  # nothing asked: nothing changed (and this process untouched)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX only")
def test_the_service_worker_runs_at_a_lower_priority_than_the_game(tmp_path: Path) -> None:
    service = SpeechService(tmp_path / "cache")
    service.start()
    try:
        deadline = time.monotonic() + 30
        while service.state is State.STARTING and time.monotonic() < deadline:
            time.sleep(0.02)
        if service.state is not State.READY:
            pytest.skip(f"the speech worker cannot start here: {service.error}")
        worker_nice = os.getpriority(os.PRIO_PROCESS, service._proc.pid)
        assert worker_nice >= min(19, os.getpriority(os.PRIO_PROCESS, 0) + worker.NICENESS)
    finally:
        service.close(wait=2.0)
