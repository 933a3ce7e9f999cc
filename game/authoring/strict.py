"""`validate --strict`: the checks that need the states a call can really be in (`game.authoring.reach`).

Errors (each at the route, choice, ending or scenario id it is about):

- `route-unreachable`: a route of a choice that calls do offer, which no call ever takes (its condition
  never holds after the reply's mood, or an earlier route always wins, or the client always hangs up);
- `choice-blocked`: a choice whose every route is blocked: every call that takes it hangs up;
- `ending-unreachable`: an ending that some offered choice names but no call reaches;
- `best-fails`: the scenario's best playable call (the grade's measure) does not pass, even with a
  correct call log: no trainee can pass it;
- `commitment-unpassable`: an ending of the scenario's highest commitment that calls reach, but no
  passing call: its best call (by the grade's measure, among the calls that end there) does not pass,
  and not because of a critical reply (that is a trap by design).

Warnings: `dominated` (a choice no better than a sibling that leads to the same nodes,
`analysis.dominated_choices`) and `trap-unreached` (a reply marked critical at a node no call reaches:
the trap is never sprung). When the states exceed the limit, one `reach-limit` warning says the exact
checks were not made and the interval checks of `game.content.lint` stand.

With the exact checks made, the interval warnings they replace (`route-never`, `route-always`,
`unreachable-meters`) are dropped: they follow each meter separately and can only miss problems.
"""

from __future__ import annotations

from typing import Iterable

from game.authoring.graph_dp import graph_tables
from game.authoring.reach import BEST, REACH_LIMIT, Reachability, reachability
from game.content.diagnostics import Diagnostic, Diagnostics
from game.content.model import Commitment, Scenario

#: Lint codes the exact checks supersede.
REPLACED = frozenset({"route-never", "route-always", "unreachable-meters"})


def strict_diagnostics(scenario: Scenario, limit: int = REACH_LIMIT) -> tuple[list[Diagnostic], bool]:
    """The exact-reachability errors and warnings of one valid scenario, and whether they are exact."""
    from game.authoring.analysis import dominated_choices  # analysis imports reach; keep this light

    reach = reachability(scenario, limit=limit)
    diags = Diagnostics()
    if not reach.exact:
        diags.warning(scenario.id_pos or scenario.pos, f"more than {limit:,} (node, meters) states: the exact "
                      "reachability checks were not made (the per-meter checks stand)",
                      "split the scenario, or use fewer meter values", code="reach-limit")
        return diags.items, False
    _check_routes(scenario, reach, diags)
    _check_best(scenario, reach, diags)
    _check_commitments(scenario, reach, diags)
    for item in dominated_choices(scenario, graph_tables(scenario).rows):
        if item.node in reach.nodes:
            relation = "scores the same as" if item.equal else "is no better than"
            diags.warning(item.pos, f"choice {item.choice + 1} of node '{item.node}' {relation} choice "
                          f"{item.by + 1} on professionalism, empathy and clarity, and leads to the same node(s)",
                          "make it better or worse in some way, or lead it elsewhere", code="dominated")
    for node in scenario.nodes.values():
        if node.id in reach.nodes:
            continue
        for choice in node.choices:
            if choice.critical:
                diags.warning(choice.pos, f"choice {choice.index + 1} of node '{node.id}' is a trap "
                              f"('{choice.critical}'), but no call reaches node '{node.id}'",
                              "lead a call into this node, or move the trap where calls go", code="trap-unreached")
    return diags.items, True


def _check_routes(scenario: Scenario, reach: Reachability, diags: Diagnostics) -> None:
    fed: set[str] = set()
    for node_id in reach.nodes:
        node = scenario.nodes[node_id]
        for choice in node.choices:
            hangs = bool(scenario.hang_up_to) and (node_id, choice.index) in reach.hang_ups
            # a route to the hang-up ending is as good as taken when the reply hangs up
            taken = [k for k, route in enumerate(choice.routes) if (node_id, choice.index, k) in reach.routes
                     or (hangs and route.target == scenario.hang_up_to)]
            fed.update(choice.targets)
            if hangs:
                fed.add(scenario.hang_up_to)
            if not taken:
                diags.error(choice.pos, f"choice {choice.index + 1} of node '{node_id}': every route is blocked; "
                            "every call that takes it hangs up", "soften its mood change, or send it to the "
                            "hang-up ending on purpose", code="choice-blocked")
                continue
            for k, route in enumerate(choice.routes):
                if k not in taken:
                    why = (f"'{route.condition}' never holds after this reply in any call "
                           f"({_seen(reach, node_id, choice.index, route.condition)} after this reply)"
                           if route.condition is not None and not any(j < k for j in taken)
                           else "an earlier route (or the hang-up) is always taken first")
                    pos = route.condition.pos if route.condition is not None else route.pos
                    diags.error(pos, f"route {k + 1} of choice {choice.index + 1} of node '{node_id}' "
                                f"(to '{route.target}') is taken by no call: {why}",
                                "change the condition or the mood changes before it, or remove the route",
                                code="route-unreachable")
    for node in scenario.endings:
        if node.id in fed and node.id not in reach.nodes:
            diags.error(node.pos, f"no call reaches the ending '{node.id}'", "see the route errors that lead "
                        "to it; change a condition or a mood change", code="ending-unreachable")


def _seen(reach: Reachability, node_id: str, index: int, condition) -> str:  # noqa: ANN001 - Condition
    """The values the meters a condition tests take after a reply, over every call: `patience 20..30`."""
    names = reach.scenario.meters
    values = reach.after.get((node_id, index), frozenset())
    parts = []
    for meter in dict.fromkeys(c.meter for c in condition.clauses):
        i = names.index(meter)
        seen = sorted({v[i] for v in values})
        parts.append(f"{meter} {seen[0]}" if len(seen) == 1 else f"{meter} {seen[0]}..{seen[-1]}")
    return ", ".join(parts)


def _reasons(call) -> str:  # noqa: ANN001 - PlayableCall
    return "; ".join(call.verdict.reasons) or "it fails"


def _check_best(scenario: Scenario, reach: Reachability, diags: Diagnostics) -> None:
    best = reach.calls[BEST]
    if not best.verdict.passed:
        diags.error(scenario.id_pos or scenario.pos, f"the best call a trainee can play does not pass, even "
                    f"with a correct call log ({_reasons(best)}); choices {best.replay}",
                    "lower the marks, or make a passing call playable", code="best-fails")


def _check_commitments(scenario: Scenario, reach: Reachability, diags: Diagnostics) -> None:
    """The endings of the scenario's highest commitment are the goal of the call: each one calls reach
    must be reachable by a passing call. One whose best call fails on a critical reply is a trap by
    design (e.g. a payment taken off the record) and is left alone; so are lesser endings, which many
    scenarios keep as near misses."""
    top = max((n.ending.commitment.value_points for n in scenario.endings), default=0)
    for node in scenario.endings:
        if node.ending.commitment is Commitment.NONE or node.id not in reach.ending_best:
            continue
        call = reach.ending_best[node.id]
        if node.ending.commitment.value_points < top or call.score.critical:
            continue
        if not call.verdict.passed:
            diags.error(node.pos, f"the ending '{node.id}' ({node.ending.commitment.value}) is reached by no "
                        f"passing call: the best call ending there does not pass ({_reasons(call)}); "
                        f"choices {call.replay}", "make a passing way to this ending, or change its commitment",
                        code="commitment-unpassable")


def apply_strict(scenarios: Iterable[Scenario], items: list[Diagnostic], limit: int = REACH_LIMIT) -> list[Diagnostic]:
    """The diagnostics of a strict run: `items` (the loader's and lint's) with the interval warnings of
    each exactly checked scenario replaced by its exact ones."""
    out = list(items)
    for scenario in scenarios:
        found, exact = strict_diagnostics(scenario, limit)
        if exact:
            out = [d for d in out if not (d.code in REPLACED and d.pos.file == scenario.path)]
        out.extend(found)
    return out
