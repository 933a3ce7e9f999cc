"""The balance measures (`game.authoring.balance`) as text, JSON and Markdown for `ardojo analyze`."""

from __future__ import annotations

from statistics import mean
from typing import Any, Sequence

from game.authoring.balance import (LEVEL_BOUNDS, LONGEST_TOP_MAX, LONGEST_TOP_MAX_PER_SCENARIO,
                                    PLAUSIBLE_NODES_MIN, SHORTEST_TOP_MIN, Balance, library_cues)

#: What each difficulty measure is called in the reports.
MEASURE_LABELS = {
    "random_pass": "random play passes",
    "passing_share": "share of calls that pass",
    "traps": "critical traps",
    "sink_turn": "one slip sinks the call from",
}


def pct(rate: float) -> str:
    """A share as a percentage with the precision small shares need (0.35%, 4.2%, 38%)."""
    value = rate * 100
    if value == 0:
        return "0%"
    if value < 1:
        return f"{value:.2f}%"
    if value < 10:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


def sink_words(b: Balance) -> str:
    """`decision 3 of 9`, or `never (no single slip)`."""
    d = b.difficulty
    return "never (no single slip)" if d.sink_at is None else f"decision {d.sink_at} of {d.best_length}"


def scenario_lines(b: Balance) -> list[str]:
    """One scenario's measured difficulty and cues, indented for its section of the text report."""
    d, sc = b.difficulty, b.scenario
    how = f"exact over {d.calls:,} playable calls" if d.exact else f"from {d.calls:,} seeded random calls"
    n = len(b.cues)
    flags = []
    if b.share(b.longest_top) > LONGEST_TOP_MAX_PER_SCENARIO:
        flags.append(f"longest-is-top above {pct(LONGEST_TOP_MAX_PER_SCENARIO)}")
    if b.plausible_nodes < PLAUSIBLE_NODES_MIN:
        flags.append(f"fewer than {PLAUSIBLE_NODES_MIN} nodes with three plausible replies")
    if abs(d.level - sc.difficulty) > 1:
        flags.append("measured difficulty more than one level from the label")
    return [f"  difficulty: labelled {sc.difficulty}, measured {d.level} "
            f"(per measure: {', '.join(f'{m} {d.level_of(m)}' for m in LEVEL_BOUNDS)})",
            f"    random play passes {pct(d.random_pass)}; {pct(d.passing_share)} of distinct calls pass ({how})",
            f"    critical traps a call can reach: {d.traps}; one non-critical slip, then the best play, "
            f"sinks the call from {sink_words(b)}",
            f"  cues: the longest reply is a top reply at {b.longest_top} of {n} decision nodes "
            f"({pct(b.share(b.longest_top))}), the shortest at {b.shortest_top} ({pct(b.share(b.shortest_top))}); "
            f"{b.plausible_nodes} node(s) offer three or more plausible replies"
            + (f"  [{'; '.join(flags)}]" if flags else "")]


def _by_level(balances: Sequence[Balance], measure: str) -> dict[int, float]:
    levels = sorted({b.scenario.difficulty for b in balances})
    return {lv: mean(getattr(b.difficulty, measure) for b in balances if b.scenario.difficulty == lv)
            for lv in levels}


def _fmt(measure: str, value: float) -> str:
    if measure in ("random_pass", "passing_share"):
        return pct(value)
    return f"{value:.1f}" if measure == "traps" else f"{value:.2f}"


def library_lines(balances: Sequence[Balance]) -> list[str]:
    """The library's difficulty table and its cue totals against the aims."""
    rows = [["scenario", "label", "measured", "random pass", "calls passing", "traps", "sink from",
             "longest top", "shortest top"]]
    for b in balances:
        d = b.difficulty
        rows.append([b.scenario.id, str(b.scenario.difficulty), str(d.level), pct(d.random_pass),
                     pct(d.passing_share), str(d.traps), "never" if d.sink_at is None else f"{d.sink_at}/{d.best_length}",
                     f"{b.longest_top}/{len(b.cues)}", f"{b.shortest_top}/{len(b.cues)}"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    table = ["  " + "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    nodes, longest, shortest = library_cues(balances)
    out = ["Difficulty, measured (random play exact over every playable call; 'sink from': the first decision "
           "of the best call where one non-critical slip, then the best play, fails the call):", *table,
           "  means by label: " + "; ".join(
               f"{MEASURE_LABELS[m]} " + ", ".join(f"{lv}: {_fmt(m, v)}" for lv, v in _by_level(balances, m).items())
               for m in LEVEL_BOUNDS)]
    if nodes:
        out.append(f"  cues: the longest reply is a top reply at {longest} of {nodes} decision nodes "
                   f"({pct(longest / nodes)}; aim at most {pct(LONGEST_TOP_MAX)}), the shortest at {shortest} "
                   f"({pct(shortest / nodes)}; aim at least {pct(SHORTEST_TOP_MIN)})")
    return out


def to_json(b: Balance) -> dict[str, Any]:
    """One scenario's balance as JSON-ready data."""
    d = b.difficulty
    return {"label": b.scenario.difficulty, "measured": d.level,
            "levels": {m: d.level_of(m) for m in LEVEL_BOUNDS},
            "random_pass": d.random_pass, "passing_share": d.passing_share, "calls": d.calls, "exact": d.exact,
            "traps": d.traps, "sink_turn": d.sink_turn, "sink_at": d.sink_at, "best_length": d.best_length,
            "decision_nodes": len(b.cues), "longest_top": b.longest_top, "shortest_top": b.shortest_top,
            "plausible_nodes": b.plausible_nodes}


def markdown_lines(balances: Sequence[Balance], heading: str) -> list[str]:
    """The difficulty table for docs/library.md."""
    out = [f"{heading} Difficulty, measured", "",
           "Random play is exact over every playable call (each reply equally likely); *calls passing* counts "
           "distinct calls; *traps* are critical replies a call can reach; *sink from* is the first decision of "
           "the best call where one non-critical slip, followed by the best play, fails the call. Each measure "
           "maps to a level by the bounds in `game/authoring/balance.py` (`LEVEL_BOUNDS`); *measured* is their "
           "rounded mean.", "",
           "| scenario | label | measured | random pass | calls passing | traps | sink from | longest top | shortest top |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for b in balances:
        d = b.difficulty
        out.append(f"| `{b.scenario.id}` | {b.scenario.difficulty} | {d.level} | {pct(d.random_pass)} | "
                   f"{pct(d.passing_share)} | {d.traps} | "
                   f"{'never' if d.sink_at is None else f'{d.sink_at}/{d.best_length}'} | "
                   f"{b.longest_top}/{len(b.cues)} | {b.shortest_top}/{len(b.cues)} |")
    nodes, longest, shortest = library_cues(balances)
    out.append("")
    if nodes:
        out += [f"Across the library the longest reply is a top reply at {longest} of {nodes} decision nodes "
                f"({pct(longest / nodes)}) and the shortest at {shortest} ({pct(shortest / nodes)}).", ""]
    return out
