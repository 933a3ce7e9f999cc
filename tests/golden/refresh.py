"""Rewrite the numbers of golden transcripts after a deliberate scenario change: replays each file and
replaces its `expect meters/scores/below/critical/shown/closing` lines with what the engine gives now (choices
and client lines are left alone: a reworded line still needs a human to look at it).

    .venv/bin/python tests/golden/refresh.py                 # every transcript
    .venv/bin/python tests/golden/refresh.py lakeside-brewing-best.transcript

Read the diff before committing: a changed verdict is a change of what the scenario teaches.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from test_transcripts import TRANSCRIPTS, TranscriptFailure, parse_transcript, run_transcript  # noqa: E402

NOW = re.compile(r"^\s*now: (expect (?:meters|scores|below|critical|shown|closing): .*)$", re.M)


def scenarios():
    from game.content.rulebook_loader import load_rulebook
    from game.content.scenario_loader import load_scenario
    from game.engine.machine import compile_scenario

    root = HERE.parents[1] / "scenarios"
    rulebook = load_rulebook(root / "rulebook.yaml").rulebook
    out = {}
    for path in sorted(root.glob("*.yaml")):
        if path.name != "rulebook.yaml":
            scenario = load_scenario(path, rulebook).scenario
            if scenario is not None:
                out[scenario.id] = compile_scenario(scenario)
    return out


def refresh(path: Path, compiled) -> int:
    """Fix the numbers of one transcript, one failing line at a time; returns how many lines changed."""
    changed = 0
    for _ in range(50):
        try:
            run_transcript(parse_transcript(path), compiled)
            return changed
        except TranscriptFailure as exc:
            text = str(exc)
            match = NOW.search(text)
            number = int(text.split(":", 2)[1])
            if not match:
                print(f"{path.name}: needs a human: {text.splitlines()[0]}")
                return changed
            lines = path.read_text(encoding="utf-8").splitlines()
            lines[number - 1] = match.group(1)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            changed += 1
    return changed


def main(names: list[str]) -> int:
    compiled = scenarios()
    for path in (HERE / n for n in names) if names else TRANSCRIPTS:
        n = refresh(path, compiled)
        if n:
            print(f"{path.name}: {n} line(s) updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
