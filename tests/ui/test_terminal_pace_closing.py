"""The terminal and time: it says once that it does not simulate waiting or interrupting, never charges
for either, and shows every ending's closing exchange before the wrap-up (a real subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTICE = "In the terminal the client never waits or gets interrupted; the window simulates both."


def _play(scenario_id: str, pick: str, tmp_path: Path) -> str:
    script = "\n" + "\n".join([pick] * 30) + "\n"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", "--text", scenario_id, "--name", "Ana",
                           "--practice", "--db", str(tmp_path / "records.sqlite3")], input=script,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout


@pytest.mark.parametrize("scenario_id, pick", [("sunrise-bakery", "1"), ("harbor-logistics", "2")])
def test_terminal_states_what_it_does_not_simulate_and_closes_the_call(scenario_id, pick, tmp_path) -> None:
    from game.content.library import load_library
    from game.engine.closing import closing_exchange

    out = _play(scenario_id, pick, tmp_path)
    assert out.count(NOTICE) == 1
    assert "cut them off" not in out and "left the client waiting" not in out
    ended = out.index("-- The call has ended. --")
    scenario = load_library([ROOT / "scenarios"]).scenarios[scenario_id]
    shown = " ".join(out[:ended].split())  # the client's whole last line (wrapped on screen), not its first word
    ending = next(e for e in scenario.endings if f"Outcome: {e.ending.commitment.label}." in out
                  and " ".join(e.client.split()) in shown)
    closing = closing_exchange(scenario, ending)
    said = out.index('You: "' + closing.caller.split()[0])
    assert said < ended < out.index("WRAP-UP"), "the closing exchange comes before the wrap-up"
    assert " ".join(out[said:ended].split()).startswith(f'You: "{" ".join(closing.caller.split()[:4])}')
