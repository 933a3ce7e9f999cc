"""Cross-reference and graph checks on a built scenario: targets, hang-up, reachability, loops, dead ends."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from game.content.diagnostics import Diagnostics, did_you_mean
from game.content.model import Commitment, Rulebook, Scenario

if TYPE_CHECKING:
    from game.content.fields import Fields


def check_graph(scenario: Scenario, top: "Fields", diags: Diagnostics, rulebook: Rulebook | None,
                incomplete: Iterable[str] = ()) -> Scenario:
    """Report broken references and graph problems; return the scenario with `hang_up_to` resolved.
    `incomplete` names nodes whose ways out are not all known (an error was reported inside them): the
    graph checks then say nothing that a fix of that error could change (one mistake, one error)."""
    nodes = scenario.nodes
    ids = tuple(nodes)
    unknown_ways = set(incomplete)
    if scenario.start and scenario.start not in nodes:
        diags.error(top.map.get("start").pos, f"'start' names the node '{scenario.start}', which does not exist",
                    did_you_mean(scenario.start, ids) or "use one of the ids under `nodes:`", code="missing-node")
    for node in nodes.values():
        for choice in node.choices:
            for route in choice.routes:
                if route.target not in nodes:
                    meant = did_you_mean(route.target, ids)
                    if meant:  # a misspelt id: the node it names is not orphaned, only misnamed
                        unknown_ways.add(node.id)
                    diags.error(route.pos, f"choice {choice.index + 1} of node '{node.id}' goes to '{route.target}', "
                                "which does not exist", meant or "add that node or fix the id", code="missing-node")
    if scenario.hang_up_when and scenario.hang_up_due(scenario.persona.mood):
        diags.error(top.key_pos("persona"), "the persona starts with a meter at or below `hang_up_when`: the "
                    "client would hang up before the call starts", "raise the starting mood or lower the threshold",
                    code="hang-up")
    hang_up_to = _resolve_hang_up(scenario, top, diags)
    scenario = dataclasses.replace(scenario, hang_up_to=hang_up_to)
    if scenario.start in nodes:
        succ = successor_map(scenario)
        _check_reachability(scenario, succ, diags, unknown_ways)
        _check_cycles(scenario, succ, diags)
        _check_dead_ends(scenario, succ, diags, unknown_ways)
    return scenario


def _resolve_hang_up(scenario: Scenario, top: "Fields", diags: Diagnostics) -> str | None:
    nodes = scenario.nodes
    if scenario.hang_up_to is not None:
        target = nodes.get(scenario.hang_up_to)
        if target is None:
            diags.error(top.map.get("hang_up_to").pos, f"'hang_up_to' names the node '{scenario.hang_up_to}', "
                        "which does not exist", did_you_mean(scenario.hang_up_to, nodes), code="missing-node")
        elif not target.is_ending:
            diags.error(top.map.get("hang_up_to").pos, f"'hang_up_to' must name an ending, but "
                        f"'{scenario.hang_up_to}' offers choices", "point it at a node with `end:`", code="hang-up")
        return scenario.hang_up_to if target is not None and target.is_ending else None
    for node in nodes.values():
        if node.ending is not None and node.ending.commitment is Commitment.NONE:
            return node.id
    if scenario.hang_up_when and nodes:
        diags.error(top.key_pos("nodes"), "no ending with `commitment: none` for the client to hang up to",
                    "add a hang-up ending, e.g. `hangs-up: {client: \"...\", end: {commitment: none}}`",
                    code="hang-up")
    return None


def choice_targets(scenario: Scenario, choice) -> tuple[str, ...]:
    """Every existing node a choice may lead to, including the hang-up ending when the choice lowers a
    meter the client hangs up on."""
    targets = [t for t in choice.targets if t in scenario.nodes]
    if scenario.hang_up_to in scenario.nodes and may_hang_up(scenario, choice.mood):
        targets.append(scenario.hang_up_to)
    return tuple(dict.fromkeys(targets))


def successor_map(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """Every node's successors, computed once (the graph checks and scoring walk it many times)."""
    return {node_id: successors(scenario, node_id) for node_id in scenario.nodes}


def successors(scenario: Scenario, node_id: str) -> tuple[str, ...]:
    """Every node some choice at `node_id` may lead to."""
    out: list[str] = []
    for choice in scenario.nodes[node_id].choices:
        out.extend(choice_targets(scenario, choice))
    return tuple(dict.fromkeys(out))


def may_hang_up(scenario: Scenario, mood) -> bool:
    """A choice can trigger a hang-up only when it lowers a meter the client hangs up on."""
    return any(mood.get(meter, 0) < 0 for meter in scenario.hang_up_when)


def closure(starts: Iterable[str], neighbours: Mapping[str, Sequence[str]]) -> set[str]:
    """Every node reachable from `starts` by following `neighbours` (the starts included)."""
    seen = set(starts)
    stack = list(seen)
    while stack:
        for nxt in neighbours[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _check_reachability(scenario: Scenario, succ: dict[str, tuple[str, ...]], diags: Diagnostics,
                        unknown_ways: set[str]) -> None:
    seen = closure([scenario.start], succ)
    if not unknown_ways.isdisjoint(seen):
        return  # a node on the way has ways out that were not read: what it leads to is not known
    for node in scenario.nodes.values():
        if node.id not in seen:
            diags.error(node.pos, f"node '{node.id}' can never be reached from the start node '{scenario.start}'",
                        "point a choice's goto at it, or delete it", code="unreachable")


def _check_cycles(scenario: Scenario, succ: dict[str, tuple[str, ...]], diags: Diagnostics) -> None:
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(scenario.nodes, white)
    reported: set[frozenset[str]] = set()
    for root in scenario.nodes:
        if colour[root] != white:
            continue
        path: list[str] = [root]
        iters = [iter(succ[root])]
        colour[root] = grey
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                iters.pop()
                continue
            if colour[nxt] == grey:
                loop = path[path.index(nxt):] + [nxt]
                key = frozenset(loop)
                if key not in reported:
                    reported.add(key)
                    diags.error(scenario.nodes[nxt].pos, f"the dialogue loops: {' -> '.join(loop)}",
                                "every call must move toward an ending; send one of these choices elsewhere",
                                code="loop")
            elif colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                iters.append(iter(succ[nxt]))


def _check_dead_ends(scenario: Scenario, succ: dict[str, tuple[str, ...]], diags: Diagnostics,
                     unknown_ways: set[str]) -> None:
    preds: dict[str, list[str]] = {n: [] for n in scenario.nodes}
    for node_id in scenario.nodes:
        for nxt in succ[node_id]:
            preds[nxt].append(node_id)
    # Nodes that lead nowhere at all (no `end`, no usable choice) were reported by the shape checks;
    # counting them as endings here avoids blaming every node before them as well.
    alive = closure((n.id for n in scenario.nodes.values() if n.is_ending or not succ[n.id] or n.id in unknown_ways),
                    preds)
    for node in scenario.nodes.values():
        if node.id not in alive:
            diags.error(node.pos, f"node '{node.id}' has no way to an ending: every call through it would never end",
                        "route one of its choices toward an ending", code="dead-end")
