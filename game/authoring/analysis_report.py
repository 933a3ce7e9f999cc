"""`ardojo analyze` output: plain text for a terminal, JSON for tools, Markdown for docs/library.md."""

from __future__ import annotations

import json
from typing import Any

from game.authoring.analysis import BestCall, CallPath, Dominated, LibraryAnalysis, ScenarioAnalysis
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
        note = (f"the graph's best path (overall {best.bound_score.overall}, choices {choice_numbers(best.bound_path)}) "
                "cannot be played as drawn, because its routes depend on the meters; "
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


def _rules(result: ScenarioAnalysis) -> str:
    return ", ".join(f"{rule} ×{n}" for rule, n in result.rules_cited.items())


def render_text(report: LibraryAnalysis) -> str:
    """The analysis as plain text."""
    out: list[str] = []
    for r in report.scenarios:
        sc, best = r.scenario, r.best
        out += [f"{sc.id} — {sc.title}", f"  file: {sc.path}",
                f"  graph: {r.nodes} nodes, {r.choices} choices, {r.endings} endings; "
                f"{count(r.paths)} distinct paths",
                f"  calls: {call_lengths(r)}",
                *([f"    shortest: {node_trail(r.shortest)}", f"    longest:  {node_trail(r.longest)}"]
                  if r.shortest != r.longest else [f"    e.g.: {node_trail(r.shortest)}"]),
                "  totals over the graph (raw points; every route counted as possible):",
                f"    {'dimension':<16}{'worst':>7}{'best':>7}"]
        out += [f"    {d:<16}{r.bounds.dimensions[d].worst:>+7g}{r.bounds.dimensions[d].best:>+7g}" for d in DIMENSIONS]
        score = best.score
        out += [f"  best call: overall {score.overall} ({'passes' if score.passed else 'does not pass'}), "
                f"ending '{best.path.ending}' ({sc.nodes[best.path.ending].ending.commitment.value})",
                f"    choices: {choice_numbers(best.path)}",
                f"    path: {node_trail(best.path)}",
                "    scores: " + ", ".join(f"{d} {score.scores[d]}" for d in DIMENSIONS),
                f"    bound: {bound_note(best)}"]
        out.append(f"  dominated choices: {len(r.dominated) or 'none'}")
        out += [f"    {dominated_line(d)}" for d in r.dominated]
        out += [f"  rules cited ({len(r.rules_cited)}): {_rules(r)}", ""]
    out += _never_cited_lines(report)
    return "\n".join(out) + "\n"


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
    for r in report.scenarios:
        best = r.best
        scenarios.append({
            "id": r.scenario.id, "title": r.scenario.title, "file": r.scenario.path,
            "nodes": r.nodes, "choices": r.choices, "endings": r.endings, "paths": r.paths,
            "dimensions": {d: {"worst": rng.worst, "best": rng.best} for d, rng in r.bounds.dimensions.items()},
            "best_call": {**_path_json(best.path), "ending": best.path.ending,
                          "commitment": r.scenario.nodes[best.path.ending].ending.commitment.value,
                          "raw": dict(best.score.raw), "scores": dict(best.score.scores),
                          "overall": best.score.overall, "passed": best.score.passed,
                          "bound_attained": best.attained, "proven_best": best.proven,
                          "replayed": best.replayed,
                          "bound": {**_path_json(best.bound_path), "overall": best.bound_score.overall,
                                    "raw": dict(best.bound_score.raw)}},
            "shortest_call": _path_json(r.shortest), "longest_call": _path_json(r.longest),
            "rules_cited": dict(r.rules_cited),
            "dominated": [{"node": d.node, "choice": d.choice + 1, "by": d.by + 1, "equal": d.equal,
                           "same_mood": d.same_mood, "file": d.pos.file, "line": d.pos.line, "col": d.pos.col}
                          for d in r.dominated],
        })
    return {"scenarios": scenarios, "rulebook": report.rulebook.path if report.rulebook else None,
            "rules_never_cited": list(report.never_cited)}


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
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
