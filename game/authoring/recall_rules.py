"""Options too close to tell apart in recall mode (the trainee answers in their own words): for
`ardojo analyze --recall` and as warnings of `ardojo validate --library` (never errors: a trainer may keep
two near-twin replies on purpose, e.g. the same figures in another order; recall then takes a reply typed
in exactly one option's words, and otherwise asks what the trainee means).

Two options are too close when the embedding similarity of their words reaches
`game.recall.match.TOO_CLOSE` (`game.recall.match.too_close`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from game.content.diagnostics import Diagnostics, SourcePos
from game.content.model import Scenario

#: The diagnostic code of the warning.
CODE = "recall-too-close"


@dataclass(frozen=True, slots=True)
class ClosePair:
    """Two replies of one node a trainee's own words could not tell apart (1-based numbers, file order)."""

    scenario_id: str
    node_id: str
    first: int
    second: int
    similarity: float
    pos: SourcePos
    other_pos: SourcePos
    first_say: str
    second_say: str

    def format(self) -> str:
        return (f"{self.pos}: '{self.node_id}' choices {self.first} and {self.second} are too alike to tell "
                f"apart in recall mode (similarity {self.similarity:.2f}; choice {self.second} at line "
                f"{self.other_pos.line})")


def close_pairs(scenarios: Iterable[Scenario]) -> list[ClosePair]:
    """Every pair of too-close options in `scenarios`, scenario by scenario, node by node.
    Raises RecallUnavailable when the matching model cannot be loaded."""
    from game.recall.match import too_close

    out = []
    for scenario in scenarios:
        for node in scenario.nodes.values():
            for i, j, sim in too_close(node.choices):
                a, b = node.choices[i], node.choices[j]
                out.append(ClosePair(scenario.id, node.id, i + 1, j + 1, sim, a.pos, b.pos, a.say, b.say))
    return out


def recall_warnings(scenarios: Iterable[Scenario]) -> Diagnostics:
    """The too-close pairs as warnings (code `recall-too-close`) at the first reply of each pair; one
    warning saying the check did not run when the matching model is unavailable."""
    from game.recall.errors import RecallUnavailable

    diags = Diagnostics()
    scenarios = list(scenarios)
    try:
        pairs = close_pairs(scenarios)
    except RecallUnavailable as exc:
        pos = scenarios[0].pos if scenarios and hasattr(scenarios[0], "pos") else SourcePos("scenarios", 1, 1)
        diags.warning(pos, f"the recall check did not run: {exc}", code=CODE)
        return diags
    for p in pairs:
        diags.warning(p.pos, f"'{p.node_id}' choices {p.first} and {p.second} are too alike to tell apart in "
                      f"recall mode (similarity {p.similarity:.2f}; choice {p.second} at line {p.other_pos.line})",
                      "reword one so it differs in more than its figures or word order", code=CODE)
    return diags
