"""`ardojo analyze` output: plain text for a terminal, JSON for tools, Markdown for docs/library.md.
The gaming measures (`game.authoring.gaming`) come per scenario and as a library table when asked for."""

from __future__ import annotations

import json
from typing import Any

from game.authoring import balance_report
from game.authoring.analysis import BestCall, CallPath, Dominated, LibraryAnalysis, ScenarioAnalysis
from game.authoring.reach import PlayableCall
from game.authoring.gaming import (BEST, FIXED, LABELS, PASS_SHARE, RANDOM, RANDOM_MAX, DecisionPoints, LibraryGaming,
                                   ScenarioGaming, StrategyResult)
from game.content.model import DIMENSIONS

FORMATS = ("text", "json", "markdown")
#: Paths longer than this are shortened in text and Markdown (JSON always has them whole).
PATH_SHOWN = 24


def count(n: int) -> str:
    """A path count for people: exact with separators below 10^15, else scientific."""
    return f"{n:,}" if n < 10**15 else f"{n:.3e}"


def choice_numbers(path: CallPath) -> str:
    """The choices of a call as the trainee types them: `1 1 2 1`."""
    numbers = [str(i + 1) for i in path.choices]
    if len(numbers) > PATH_SHOWN:
        numbers = numbers[:PATH_SHOWN // 2] + [f"…({len(numbers) - PATH_SHOWN} more)…"] + numbers[-PATH_SHOWN // 2:]
    return " ".join(numbers)


def node_trail(path: CallPath) -> str:
    """The nodes of a call: `greeting → mail-claim → … → full-thursday`."""
    nodes = list(path.nodes)
    if len(nodes) > PATH_SHOWN:
        nodes = nodes[:PATH_SHOWN // 2] + [f"…({len(nodes) - PATH_SHOWN} more)…"] + nodes[-PATH_SHOWN // 2:]
    return " → ".join(nodes)


def call_lengths(result: ScenarioAnalysis) -> str:
    """`3 to 12 decisions`, or `1 decision` when every call is as long."""
    low, high = result.shortest.decisions, result.longest.decisions
    return f"{low} to {high} decisions" if low != high else f"{low} decision{'' if low == 1 else 's'}"


def bound_note(best: BestCall) -> str:
    """One sentence on how the best playable call compares with the graph's bound."""
    if best.attained:
        note = "the graph's best path is playable: this call reaches the bound"
    else:
        note = (f"the graph's best path (overall {best.bound_score.overall} if it could be played) is a bound, not a "
                "call: its routes depend on the meters; "
                + ("this is the best playable call" if best.proven else
                   "this is the best call found within the search budget (not proven optimal)"))
    if best.replayed is not None:
        note += "; replayed in the engine: " + ("same nodes" if best.replayed else "DIFFERENT NODES (please report)")
    return note


def dominated_line(item: Dominated) -> str:
    """`file:line:col: node 'x': choice 2 is ... choice 1 ...`."""
    relation = "scores the same as" if item.equal else "is no better than"
    mood = "" if item.same_mood else " (their mood effects differ)"
    return (f"{item.pos}: node '{item.node}': choice {item.choice + 1} {relation} choice {item.by + 1} on "
            f"professionalism, empathy and clarity, and leads to the same node(s){mood}")


def replay_command(result: ScenarioAnalysis, call: PlayableCall) -> str:
    """The command that replays a call through the engine (reply numbers as in the file)."""
    return f"ardojo play {result.scenario.path} --text --replay {call.replay}"


def calls_lines(result: ScenarioAnalysis) -> list[str]:
    """The playable calls of a scenario, each with the command that replays it."""
    reach = result.reach
    if result.exact:
        head = (f"  playable calls (exact over {reach.states:,} (node, meters) states; each played through the "
                "engine, a correct call log assumed):")
    else:
        states = f"more than {reach.limit:,}" if reach is not None and reach.limit else "unexplored"
        head = (f"  playable calls ({states} (node, meters) states: worst, shortest and longest are left out, "
                "the figures above are the graph's bounds; each call below is played through the engine):")
    out = [head]
    for call in result.calls:
        score = call.score
        n = len(call.choices)
        out.append(f"    {call.label}: overall {score.overall}, {call.verdict.label}, {n} decision{'' if n == 1 else 's'}, "
                   f"ending '{call.ending}'")
        out.append(f"      {replay_command(result, call)}")
    return out


def lengths_lines(result: ScenarioAnalysis) -> list[str]:
    """The call lengths: the shortest and longest playable calls, or the graph's bounds when not exact."""
    if not result.exact:
        return [f"  calls: bounds from the graph (not calls): at least {result.shortest.decisions} and at most "
                f"{result.longest.decisions} decisions"]
    return [f"  calls: {call_lengths(result)}",
            *([f"    shortest: {node_trail(result.shortest)}", f"    longest:  {node_trail(result.longest)}"]
              if result.shortest != result.longest else [f"    e.g.: {node_trail(result.shortest)}"])]


def _rules(result: ScenarioAnalysis) -> str:
    return ", ".join(f"{rule} ×{n}" for rule, n in result.rules_cited.items())


def verdict_words(best: BestCall) -> str:
    """`passes` / `does not pass`, with why when the scores come from the DP bound."""
    words = "passes with a correct call log" if best.passes else "does not pass, even with a correct call log"
    return words if best.exact else words + "; scored with the graph bound: too many states for the exact lookahead"


def percent(rate: float) -> str:
    """A pass rate for people: `0%`, `3.5%`, `100%`."""
    value = rate * 100
    return f"{value:.0f}%" if value >= 10 or abs(value - round(value)) < 1e-9 else f"{value:.1f}%"


def strategy_flag(result: StrategyResult) -> str:
    """Why a strategy's result matters: a fixed strategy that passes, random play above RANDOM_MAX,
    the control failing some calls."""
    if result.strategy in FIXED and result.passes:
        return "PASSES"
    if result.strategy == RANDOM and result.rate > RANDOM_MAX:
        return f"> {percent(RANDOM_MAX)}"
    if result.strategy == BEST and result.passed < result.calls:
        return "FAILS SOME"
    return ""


def points_line(points: DecisionPoints) -> str:
    """`the best reply is the longest at 40 of 45 decision points (89%)`."""
    note = "" if points.complete else " (states over the limit: the counts cover those explored)"
    if not points.total:
        return "no decision point offers two replies" + note
    return (f"a longest reply is a best reply at {points.longest_best:,} of {points.total:,} decision points "
            f"({percent(points.share)}){note}")


def gaming_lines(item: ScenarioGaming) -> list[str]:
    """One scenario's gaming table, indented for its section of the text report."""
    calls = {r.calls for r in item.results.values()}
    many = f"{calls.pop()}" if len(calls) == 1 else "/".join(str(r.calls) for r in item.results.values())
    out = [f"  gaming ({many} shuffled calls per strategy, through the engine; a correct call log assumed):",
           f"    {'strategy':<22}{'passed':>8}{'rate':>7}{'mean overall':>14}{'critical':>10}"]
    for result in item.results.values():
        flag = strategy_flag(result)
        out.append(f"    {LABELS[result.strategy]:<22}{result.passed:>8}{percent(result.rate):>7}"
                   f"{result.mean_overall:>14.0f}{result.critical:>10}" + (f"  {flag}" if flag else ""))
    out.append(f"    {points_line(item.points)}")
    return out


def _table(rows: list[list[str]], first_left: bool = True) -> list[str]:
    """Rows of cells as aligned text: the first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  " + "  ".join(cell.ljust(w) if i == 0 and first_left else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(row, widths))).rstrip() for row in rows]


def _short_label(strategy: str) -> str:
    return {BEST: "best reply"}.get(strategy, LABELS[strategy])


def _flagged(strategy: str, result: StrategyResult) -> bool:
    return (strategy in FIXED and result.passes) or (strategy == RANDOM and result.rate > RANDOM_MAX)


def _calls_words(gaming: LibraryGaming) -> str:
    """`200 shuffled calls`, or `200 shuffled calls (random play: 400)` when random play had more."""
    others = {r.calls for g in gaming.scenarios for s, r in g.results.items() if s == RANDOM} - {gaming.calls}
    return f"{gaming.calls} shuffled calls" + (f" (random play: {'/'.join(map(str, sorted(others)))})" if others else "")


def library_gaming_lines(gaming: LibraryGaming) -> list[str]:
    """The library's gaming table: a row per scenario, a column per strategy, then the verdicts."""
    strategies = gaming.strategies
    n = len(gaming.scenarios)
    rows = [["scenario", *(_short_label(s) + " " for s in strategies), "longest is best"]]
    for g in gaming.scenarios:
        rows.append([g.scenario.id, *(percent(g.results[s].rate) + ("*" if _flagged(s, g.results[s]) else " ")
                                      for s in strategies),
                     f"{g.points.longest_best}/{g.points.total}"])
    rows.append(["all calls", *(percent(gaming.rate(s)) + " " for s in strategies),
                 f"{gaming.points.longest_best}/{gaming.points.total}"])
    rows.append(["scenarios passed", *((f"{len(gaming.passed_by(s))}/{n}" if s != RANDOM else "-") + " "
                                       for s in strategies), ""])
    out = [f"Gaming: pass rate per strategy and scenario ({_calls_words(gaming)} each, played through the "
           "engine, a correct call log assumed). * = a fixed strategy that passes the scenario (at least "
           f"{percent(PASS_SHARE)} of its calls), or random play above {percent(RANDOM_MAX)}.", *_table(rows)]
    verdicts = []
    for s in FIXED:
        if s in strategies:
            passed = gaming.passed_by(s)
            verdicts.append(f"{LABELS[s]} passes {len(passed)} scenario{'' if len(passed) == 1 else 's'}"
                            + (" (aim: at most 1)" if len(passed) > 1 else ""))
    if RANDOM in strategies:
        over = [g.scenario.id for g in gaming.scenarios if g.results[RANDOM].rate > RANDOM_MAX]
        verdicts.append(f"uniform random passes more than {percent(RANDOM_MAX)} of the calls of {len(over)} "
                        f"scenario{'' if len(over) == 1 else 's'}" + (f" ({', '.join(over)})" if over else ""))
    if BEST in strategies:
        short = [g.scenario.id for g in gaming.scenarios if g.results[BEST].passed < g.results[BEST].calls]
        verdicts.append("the best reply passes every call" if not short else
                        f"the best reply FAILS some calls of {', '.join(short)}")
    out += [f"  - {line}" for line in verdicts] + [f"  - across the library, {points_line(gaming.points)}"]
    return out

def render_text(report: LibraryAnalysis) -> str:
    """The analysis as plain text."""
    out: list[str] = []
    gaming = _gaming_by_id(report)
    balances = {b.scenario.id: b for b in report.balance}
    for r in report.scenarios:
        sc, best = r.scenario, r.best
        out += [f"{sc.id} — {sc.title}", f"  file: {sc.path}",
                f"  graph: {r.nodes} nodes, {r.choices} choices, {r.endings} endings; "
                f"{count(r.paths)} distinct paths",
                *lengths_lines(r),
                "  totals over the graph (raw points; every route counted as possible):",
                f"    {'dimension':<16}{'worst':>7}{'best':>7}"]
        out += [f"    {d:<16}{r.bounds.dimensions[d].worst:>+7g}{r.bounds.dimensions[d].best:>+7g}" for d in DIMENSIONS]
        score = best.score
        out += [f"  best call: overall {score.overall} ({verdict_words(best)}), "
                f"ending '{best.path.ending}' ({sc.nodes[best.path.ending].ending.commitment.value})",
                f"    choices: {choice_numbers(best.path)}",
                f"    path: {node_trail(best.path)}",
                "    scores: " + ", ".join(f"{d} {score.scores[d]}" for d in DIMENSIONS),
                f"    bound: {bound_note(best)}"]
        out += calls_lines(r)
        out.append(f"  dominated choices: {len(r.dominated) or 'none'}")
        out += [f"    {dominated_line(d)}" for d in r.dominated]
        out.append(f"  critical replies: "
                   + (", ".join(f"{rule} ×{n}" for rule, n in r.critical.items()) if r.critical else "none"))
        out.append(f"  rules cited ({len(r.rules_cited)}): {_rules(r)}")
        out += gaming_lines(gaming[sc.id]) if sc.id in gaming else []
        out += balance_report.scenario_lines(balances[sc.id]) if sc.id in balances else []
        out.append("")
    out += _never_cited_lines(report)
    if report.gaming is not None:
        out += [""] + library_gaming_lines(report.gaming)
    if report.balance:
        out += [""] + balance_report.library_lines(report.balance)
    return "\n".join(out) + "\n"


def _gaming_by_id(report: LibraryAnalysis) -> dict[str, ScenarioGaming]:
    return {g.scenario.id: g for g in report.gaming.scenarios} if report.gaming is not None else {}


def _never_cited_lines(report: LibraryAnalysis) -> list[str]:
    if report.rulebook is None:
        return ["(no rulebook: rules not checked)"]
    many = f"these {len(report.scenarios)} scenarios" if len(report.scenarios) != 1 else "this scenario"
    if not report.never_cited:
        return [f"Every rule of the rulebook is cited by {many}."]
    return [f"Rules of the rulebook never cited by {many} ({len(report.never_cited)}): "
            + ", ".join(report.never_cited)]


def _path_json(path: CallPath) -> dict[str, Any]:
    return {"decisions": path.decisions, "choices": [i + 1 for i in path.choices], "nodes": list(path.nodes)}


def to_json(report: LibraryAnalysis) -> dict[str, Any]:
    """The analysis as JSON-ready data (choices are 1-based, as the trainee types them)."""
    scenarios = []
    gaming = _gaming_by_id(report)
    balances = {b.scenario.id: b for b in report.balance}
    for r in report.scenarios:
        best = r.best
        scenarios.append({
            "id": r.scenario.id, "title": r.scenario.title, "file": r.scenario.path,
            "nodes": r.nodes, "choices": r.choices, "endings": r.endings, "paths": r.paths,
            "dimensions": {d: {"worst": rng.worst, "best": rng.best} for d, rng in r.bounds.dimensions.items()},
            "best_call": {**_path_json(best.path), "ending": best.path.ending,
                          "commitment": r.scenario.nodes[best.path.ending].ending.commitment.value,
                          "raw": dict(best.score.raw), "scores": dict(best.score.scores),
                          "overall": best.score.overall, "passed": best.passes,
                          "critical": [e.rule for e in best.score.critical], "exact": best.exact,
                          "bound_attained": best.attained, "proven_best": best.proven,
                          "replayed": best.replayed,
                          "bound": {**_path_json(best.bound_path), "overall": best.bound_score.overall,
                                    "raw": dict(best.bound_score.raw)}},
            "exact": r.exact, "states": r.reach.states if r.reach is not None else None,
            "shortest_call": {**_path_json(r.shortest), "bound": not r.exact},
            "longest_call": {**_path_json(r.longest), "bound": not r.exact},
            "playable_calls": [{"label": c.label, "choices": [i + 1 for i in c.choices], "nodes": list(c.nodes),
                                "ending": c.ending, "overall": c.score.overall, "scores": dict(c.score.scores),
                                "passed": c.verdict.passed, "replay": replay_command(r, c)} for c in r.calls],
            "rules_cited": dict(r.rules_cited), "critical_replies": dict(r.critical),
            **({"gaming": _gaming_json(gaming[r.scenario.id])} if r.scenario.id in gaming else {}),
            **({"difficulty": balance_report.to_json(balances[r.scenario.id])}
               if r.scenario.id in balances else {}),
            "dominated": [{"node": d.node, "choice": d.choice + 1, "by": d.by + 1, "equal": d.equal,
                           "same_mood": d.same_mood, "file": d.pos.file, "line": d.pos.line, "col": d.pos.col}
                          for d in r.dominated],
        })
    out = {"scenarios": scenarios, "rulebook": report.rulebook.path if report.rulebook else None,
           "rules_never_cited": list(report.never_cited)}
    if report.gaming is not None:
        lib = report.gaming
        out["gaming"] = {
            "calls": lib.calls, "pass_share": PASS_SHARE, "random_max": RANDOM_MAX,
            "strategies": {s: {"label": LABELS[s], "rate": lib.rate(s), "scenarios_passed": list(lib.passed_by(s))}
                           for s in lib.strategies},
            "decision_points": _points_json(lib.points),
        }
    return out


def _points_json(points: DecisionPoints) -> dict[str, Any]:
    return {"total": points.total, "longest_best": points.longest_best, "share": points.share,
            "complete": points.complete}


def _gaming_json(item: ScenarioGaming) -> dict[str, Any]:
    return {"strategies": {s: {"calls": r.calls, "passed": r.passed, "rate": r.rate, "passes": r.passes,
                               "mean_overall": r.mean_overall, "critical": r.critical}
                           for s, r in item.results.items()},
            "decision_points": _points_json(item.points)}


def render_json(report: LibraryAnalysis) -> str:
    """The analysis as indented JSON text."""
    return json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(report: LibraryAnalysis, heading: str = "###") -> str:
    """The analysis as Markdown: a section per scenario (for docs/library.md), then the unused rules."""
    out: list[str] = []
    for r in report.scenarios:
        sc, best = r.scenario, r.best
        ending = sc.nodes[best.path.ending].ending
        out += [f"{heading} {sc.title}", "",
                f"`{sc.id}` · {sc.archetype} · difficulty {sc.difficulty} · `{sc.path}`", "",
                "| measure | value |", "|---|---|",
                f"| graph | {r.nodes} nodes, {r.choices} choices, {r.endings} endings |",
                f"| distinct paths | {count(r.paths)} |",
                f"| call length | {call_lengths(r).replace(' to ', '–')} |",
                f"| best call | overall **{best.score.overall}**, {ending.commitment.label} (`{best.path.ending}`); "
                f"choices {_cell(choice_numbers(best.path))} |",
                f"| graph bound | {_cell(bound_note(best))} |",
                f"| dominated choices | {len(r.dominated)} |", "",
                "| dimension | worst | best | best call |", "|---|---:|---:|---:|"]
        out += [f"| {d} | {r.bounds.dimensions[d].worst:+g} | {r.bounds.dimensions[d].best:+g} | "
                f"{best.score.scores[d]} |" for d in DIMENSIONS]
        out.append("")
        if r.dominated:
            out += ["Dominated choices:", ""] + [f"- {_cell(dominated_line(d))}" for d in r.dominated] + [""]
        out += ["Rules cited: " + ", ".join(f"`{rule}` ({n})" for rule, n in r.rules_cited.items()), ""]
    out += [f"{heading} Rules never cited", ""]
    out += [f"- `{rule}`" for rule in report.never_cited] or _never_cited_lines(report)
    if report.gaming is not None:
        out += ["", *_gaming_markdown(report.gaming, heading)]
    if report.balance:
        out += balance_report.markdown_lines(report.balance, heading)
    return "\n".join(out) + "\n"


def _gaming_markdown(gaming: LibraryGaming, heading: str) -> list[str]:
    strategies = gaming.strategies
    out = [f"{heading} Gaming", "",
           f"Pass rate of each strategy over {_calls_words(gaming)} per scenario, played through the engine "
           f"with a correct call log assumed; **bold**: a fixed strategy passing (≥ {percent(PASS_SHARE)} of its "
           f"calls) or random play above {percent(RANDOM_MAX)}.", "",
           "| scenario | " + " | ".join(LABELS[s] for s in strategies) + " | longest is best |",
           "|---|" + "---:|" * (len(strategies) + 1)]
    for g in gaming.scenarios:
        cells = []
        for s in strategies:
            r = g.results[s]
            text = percent(r.rate)
            cells.append(f"**{text}**" if (s in FIXED and r.passes) or (s == RANDOM and r.rate > RANDOM_MAX) else text)
        pts = g.points
        cells.append(f"{pts.longest_best}/{pts.total}")
        out.append(f"| `{g.scenario.id}` | " + " | ".join(cells) + " |")
    n = len(gaming.scenarios)
    out.append("| all calls | " + " | ".join(percent(gaming.rate(s)) for s in strategies)
               + f" | {gaming.points.longest_best}/{gaming.points.total} |")
    out.append("| scenarios passed | " + " | ".join(f"{len(gaming.passed_by(s))}/{n}" if s != RANDOM else "–"
                                                   for s in strategies) + " | – |")
    return out + ["", "*longest is best*: decision points (the (node, meters) states a call can reach with two "
                  "replies or more) where a longest reply is a top reply by the grade's measure.", ""]


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
