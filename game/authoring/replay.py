"""`ardojo play --text --replay 1,3,2`: play a call given as reply numbers through the engine, and show
where it went, its scores and its verdict with a correct call log. Nothing is recorded.

The numbers are each reply's place in the scenario file under its node (1 = the first `say:` listed),
not the place on screen: screens shuffle the replies, the file does not. `ardojo analyze` prints its
calls in this form.
"""

from __future__ import annotations

from typing import TextIO

from game.authoring.reach import judge
from game.content.model import DIMENSIONS, Scenario
from game.engine.call import Call, CallError
from game.engine.machine import compile_scenario


def parse_replay(text: str) -> tuple[int, ...]:
    """`1,3,2` (or `1 3 2`) as 0-based file indices; ValueError with a readable message otherwise."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise ValueError("--replay needs reply numbers, e.g. --replay 1,3,2")
    out = []
    for part in parts:
        if not part.isdigit() or int(part) < 1:
            raise ValueError(f"--replay: '{part}' is not a reply number (1, 2, 3, ...)")
        out.append(int(part) - 1)
    return tuple(out)


def replay_call(scenario: Scenario, choices: tuple[int, ...], out: TextIO) -> int:
    """Play `choices` (0-based file indices) and print the call; 0 when it ends with the last one."""
    compiled = compile_scenario(scenario)
    call = Call(compiled)
    print(f"replaying '{scenario.id}' — {scenario.title} (reply numbers as in the file; nothing is recorded)",
          file=out)
    try:
        for index in choices:
            node = call.node
            step = call.choose(index)
            print(f"  {step.number}. {node.id}: reply {index + 1} \"{step.choice.say}\" → {step.target}"
                  + (" (the client hangs up)" if step.hung_up else ""), file=out)
    except CallError as exc:
        print(f"error: after {len(call.steps)} replies, at node '{call.node_id}': {exc}", file=out)
        return 1
    finally:
        call.close()
    if not call.ended:
        print(f"error: the call has not ended: at node '{call.node_id}' pick 1 to {len(call.options)}", file=out)
        return 1
    judged = judge(compiled, "replay", choices)
    ending = scenario.nodes[judged.ending].ending
    score = judged.score
    print(f"ending: '{judged.ending}' ({ending.commitment.value}) after {len(choices)} decisions", file=out)
    print(f"scores: overall {score.overall}; " + ", ".join(f"{d} {score.scores[d]}" for d in DIMENSIONS), file=out)
    print(f"verdict with a correct call log: {judged.verdict.label}"
          + (f" ({'; '.join(judged.verdict.reasons)})" if judged.verdict.reasons else ""), file=out)
    return 0
