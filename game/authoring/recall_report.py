"""`ardojo analyze --recall`: the replies of each node too alike to tell apart in recall mode, as text,
JSON or Markdown (game/authoring/recall_rules.py finds them)."""

from __future__ import annotations

import json
from typing import Iterable

from game.authoring.recall_rules import ClosePair, close_pairs
from game.content.model import Scenario


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def render_recall(scenarios: Iterable[Scenario], fmt: str = "text") -> str:
    """The report in `fmt` ("text", "json" or "markdown"). Raises RecallUnavailable without the model."""
    from game.recall.match import TOO_CLOSE

    scenarios = list(scenarios)
    pairs = close_pairs(scenarios)
    if fmt == "json":
        return json.dumps({"threshold": TOO_CLOSE, "scenarios": len(scenarios), "pairs": [_as_dict(p) for p in pairs]},
                          indent=2, ensure_ascii=False) + "\n"
    head = (f"Recall: replies too alike to tell apart (embedding similarity >= {TOO_CLOSE}), "
            f"{len(pairs)} pair{'' if len(pairs) == 1 else 's'} in {len(scenarios)} scenario"
            f"{'' if len(scenarios) == 1 else 's'}.")
    if fmt == "markdown":
        lines = [f"# {head}", "", "| scenario | node | choices | similarity | where |", "|---|---|---|---|---|"]
        lines += [f"| {p.scenario_id} | {p.node_id} | {p.first} and {p.second} | {p.similarity:.2f} | {p.pos} |"
                  for p in pairs]
        return "\n".join(lines) + "\n"
    lines = [head]
    if pairs:
        lines.append("Reword one reply of each pair so a trainee's own words can tell them apart "
                     "(until then recall asks what they mean unless they use one reply's exact words).")
    for p in pairs:
        lines += [p.format(), f"    {p.first}. {_short(p.first_say)}", f"    {p.second}. {_short(p.second_say)}"]
    return "\n".join(lines) + "\n"


def _as_dict(p: ClosePair) -> dict:
    return {"scenario": p.scenario_id, "node": p.node_id, "choices": [p.first, p.second],
            "similarity": p.similarity, "file": p.pos.file, "line": p.pos.line, "col": p.pos.col,
            "other_line": p.other_pos.line, "says": [p.first_say, p.second_say]}
