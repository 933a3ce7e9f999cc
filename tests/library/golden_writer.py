"""Writes golden transcripts (tests/golden/README.md) for library scenarios from the engine: the best
call `ardojo analyze` finds, and the worst call a trainee can play.

    .venv/bin/python tests/library/golden_writer.py                  # scenarios with no transcript yet
    .venv/bin/python tests/library/golden_writer.py lakeside-brewing # these scenarios (overwrites)

The expectations come from replaying the call in the engine, so read the result before checking it
in: the comment lines say what the call shows, and a transcript is only as good as that story.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script
    sys.path.insert(0, str(HERE))

from game.content.model import DIMENSIONS  # noqa: E402
from game.engine.call import Call  # noqa: E402
from library_calls import (ROOT, best_choices, call_verdict, compiled, library, playable_calls,  # noqa: E402
                           scenario_ids, worst_call)

GOLDEN = ROOT / "tests" / "golden"
PREFIX = 60  # characters kept of a long line, cut at a word, then `...`
SEED = 20261202  # the on-screen order of the replies in written transcripts (any fixed seed will do)


def short(text: str) -> str:
    """The whole line when short, else its first words (cut at a word) and `...`, which the runner
    reads as "starts with"."""
    if len(text) <= PREFIX + 10:
        return text
    return text[:PREFIX].rsplit(" ", 1)[0].rstrip(",;:.!?") + "..."


def _scores(call: Call) -> str:
    """The scores and the verdict (the scenario's marks, a careful call log), as `expect scores` reads them."""
    result = call.score()
    parts = [f"{d} {result.scores[d]}" for d in DIMENSIONS] + [f"overall {result.overall}"]
    return ", ".join(parts) + (", passed" if call_verdict(call).passed else ", failed")


def transcript(scenario_id: str, label: str, choices: tuple[int, ...], comment: list[str]) -> str:
    """A whole call as transcript text, with the replies shown in the order of `SEED`: every choice
    (by its number in the file) checked by its opening words, every client line by its first sentence,
    then the meters, ending, scores with the verdict, the marks missed and the critical errors."""
    call = Call(compiled(scenario_id), SEED)
    lines = [f"# scenario: {scenario_id}", f"# path: {label}", f"# seed: {SEED}", *(f"# {c}" for c in comment),
             "", f"expect client: {short(call.node.client)}"]
    for index in choices:
        say = call.options[index].say
        lines.append(f"expect shown: {', '.join(str(c.index + 1) for c in call.shown)}")
        step = call.choose(index)
        lines.append(f"choose {index + 1}: {short(say)}")
        if step.hung_up:
            lines.append("expect hung-up")
        lines.append(f"expect client: {short(call.node.client)}")
    assert call.ended, f"{scenario_id}: {choices} does not end the call"
    meters = ", ".join(f"{m} {v}" for m, v in call.state.meters.items())
    verdict = call_verdict(call)
    lines += [f"expect meters: {meters}",
              f"expect ending: {call.state.node} ({call.node.ending.commitment.value})",
              f"expect scores: {_scores(call)}",
              f"expect below: {', '.join(verdict.below) or 'none'}",
              f"expect critical: {', '.join(verdict.critical) or 'none'}"]
    return "\n".join(lines) + "\n"


def write_pair(scenario_id: str) -> list[Path]:
    """Write `<id>-best.transcript` and `<id>-worst.transcript`; returns the paths."""
    scenario = library().scenarios[scenario_id]
    best = best_choices(scenario_id)
    worst = worst_call(scenario_id)
    total = len(playable_calls(scenario_id))
    ending = scenario.nodes[worst.ending]
    how = ("the client hangs up" if worst.ending == scenario.hang_up_to else
           f"it ends at '{worst.ending}' with {ending.ending.commitment.label}")
    nodes = scenario.nodes
    taken = [nodes[n].choices[i] for n, i in zip(worst.nodes, worst.choices)]
    broken = dict.fromkeys(r for c in taken for r in ((c.critical,) if c.critical else ()) + c.breaks)
    out = []
    for label, choices, comment in (
            ("best", best, [f"The model call: the best of the {total:,} calls a trainee can play, as "
                            "`ardojo analyze` finds it.", f"Objective: {scenario.objective}"]),
            ("worst", worst.choices, [f"The worst of the {total:,} playable calls (lowest overall): {how}.",
                                      "The debrief coaches: " + ", ".join(broken) + "."])):
        path = GOLDEN / f"{scenario_id}-{label}.transcript"
        path.write_text(transcript(scenario_id, label, choices, _wrap(comment)), encoding="utf-8")
        out.append(path)
    return out


def _wrap(lines: list[str], width: int = 98) -> list[str]:
    out: list[str] = []
    for line in lines:
        words, current = line.split(), ""
        for word in words:
            if current and len(current) + 1 + len(word) > width:
                out.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        out.append(current)
    return out


def main(argv: list[str]) -> int:
    """Write transcripts for the scenarios named, or for every scenario that has none yet."""
    names = [p.name for p in GOLDEN.glob("*.transcript")]
    covered = {sid for sid in scenario_ids() if any(name.startswith(sid + "-") for name in names)}
    targets = argv or [sid for sid in scenario_ids() if sid not in covered]
    for sid in targets:
        for path in write_pair(sid):
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
