"""Warnings for a scenario that loads but should not ship as it is.

Run on every scenario that loaded without errors (`game.content.library` calls `lint_scenario`):

- route-never: a conditional route whose condition cannot hold given the meter ranges that can reach
  that choice; found by forward interval analysis over the dialogue DAG (each meter's possible range per
  node, with the choice's mood changes clamped to 0..100 and the hang-up taken first);
- route-always: a route whose condition always holds there, so the routes after it are dead;
- unreachable-meters: a node the graph reaches but no play does (every way in is a dead route, or the
  hang-up ending when no reply can bring a meter down to `hang_up_when`); only the first such node on
  a branch is reported, not everything behind it;
- no-commitment: no ending with a commitment can be reached, or the highest-scoring path (the engine's
  best value over the routes that can be taken, through the replies a team lead could recommend) ends
  with no commitment;
- duplicate-say: two choices of one node say the same thing;
- critical-scores: a reply marked `critical` scores above zero in total (the debrief would praise what
  fails the call); a rule that is critical in one reply and merely broken in another is fine;
- no-good-reply: every reply of a node is critical, breaks a rule or scores below zero, so the grade can
  only rank lesser evils there and "Better here" has nothing to offer;
- ending-time: an ending other than a callback has a `time` (only a callback's is used).

The ranges over-approximate what play can reach, so every warning here is certain, never a guess.
`schema_line_warnings` checks the `# yaml-language-server: $schema=...` line `ardojo validate` wants.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

from game.content.checks import may_hang_up
from game.content.diagnostics import Diagnostic, Diagnostics, SourcePos
from game.content.model import METER_MAX, METER_MIN, OPERATORS, Choice, Clause, Commitment, Condition, Node, Scenario
from game.content.schema import schema_path
from game.content.paths import COMMITMENT_WEIGHT, choice_value, topological_order

Box = dict[str, tuple[int, int]]  # meter -> (lowest, highest) value possible
SCHEMA_PREFIX = "# yaml-language-server: $schema="


def lint_scenario(scenario: Scenario) -> list[Diagnostic]:
    """Every lint warning for a scenario that loaded without errors."""
    diags = Diagnostics()
    order = topological_order(scenario)
    reach = _Reach(scenario, diags)
    reach.run(order)
    _check_unreached(scenario, reach, diags)
    _check_commitment(scenario, reach, order, diags)
    _check_duplicate_say(scenario, diags)
    _check_rules_broken(scenario, diags)
    _check_ending_time(scenario, diags)
    return diags.items


def recommendable(choice: Choice) -> bool:
    """A reply a team lead could recommend: not critical, breaks no rule, scores zero or more in total (the
    engine's `eligible`; the content layer does not import the engine)."""
    return not choice.critical and not choice.breaks and choice_value(choice) >= 0


def _good_choices(node: Node) -> tuple[Choice, ...]:
    """The replies the grade takes as the best candidates: the recommendable ones, else all of them."""
    return tuple(c for c in node.choices if recommendable(c)) or node.choices


# -- meter ranges -----------------------------------------------------------------------------------

def _clamp(value: int) -> int:
    return max(METER_MIN, min(METER_MAX, value))


def _clause_range(clause: Clause, lo: int, hi: int) -> tuple[int, int] | None:
    """The values of [lo, hi] where the clause holds, as a range (a `!=` inside it keeps the range)."""
    op, v = clause.op, clause.value
    if op in ("<", "<="):
        hi = min(hi, v - 1 if op == "<" else v)
    elif op in (">", ">="):
        lo = max(lo, v + 1 if op == ">" else v)
    elif op == "==":
        lo, hi = max(lo, v), min(hi, v)
    elif lo == v:
        lo += 1
    elif hi == v:
        hi -= 1
    return (lo, hi) if lo <= hi else None


def restrict(box: Box, condition: Condition) -> Box | None:
    """The part of `box` where `condition` can hold, or None when it never does."""
    out = dict(box)
    for clause in condition.clauses:
        narrowed = _clause_range(clause, *out[clause.meter])
        if narrowed is None:
            return None
        out[clause.meter] = narrowed
    return out


def _clause_always(clause: Clause, lo: int, hi: int) -> bool:
    if clause.op == "!=":
        return not lo <= clause.value <= hi
    # the other operators hold on an interval of values: checking both ends is enough
    test = OPERATORS[clause.op]
    return test(lo, clause.value) and test(hi, clause.value)


def always_holds(box: Box, condition: Condition) -> bool:
    """True when `condition` holds for every value in `box`."""
    return all(_clause_always(clause, *box[clause.meter]) for clause in condition.clauses)


def subtract(box: Box, condition: Condition) -> Box | None:
    """A box holding every point of `box` where `condition` fails (exact when only one meter decides)."""
    open_clauses = [c for c in condition.clauses if not _clause_always(c, *box[c.meter])]
    if not open_clauses:
        return None
    meters = {c.meter for c in open_clauses}
    if len(meters) > 1:
        return dict(box)
    meter = meters.pop()
    hull = _failing_hull(open_clauses, *box[meter])
    return {**box, meter: hull} if hull else None


def _failing_hull(clauses: list[Clause], lo: int, hi: int) -> tuple[int, int] | None:
    """The lowest and highest value of [lo, hi] where some clause (all on one meter) fails."""
    a, b = lo, hi
    for clause in clauses:
        if clause.op != "!=":
            narrowed = _clause_range(clause, a, b)
            if narrowed is None:
                return lo, hi
            a, b = narrowed
    holes = sorted(c.value for c in clauses if c.op == "!=" and a <= c.value <= b)
    # the failing values are [lo, a-1], the holes, and [b+1, hi]
    first = lo if lo < a else holes[0] if holes else b + 1 if b < hi else None
    last = hi if b < hi else holes[-1] if holes else a - 1 if lo < a else None
    return None if first is None else (first, last)


def _join(a: Box | None, b: Box) -> Box:
    if a is None:
        return dict(b)
    return {m: (min(a[m][0], b[m][0]), max(a[m][1], b[m][1])) for m in a}


def _ranges(box: Box, condition: Condition) -> str:
    """The ranges of the meters a condition tests, e.g. `patience 20..30, trust 40`."""
    meters = dict.fromkeys(c.meter for c in condition.clauses)
    return ", ".join(f"{m} {box[m][0]}" if box[m][0] == box[m][1] else f"{m} {box[m][0]}..{box[m][1]}"
                     for m in meters)


class _Reach:
    """Forward interval analysis: the meter box at each node and the targets each choice can really reach."""

    def __init__(self, scenario: Scenario, diags: Diagnostics) -> None:
        self.scenario = scenario
        self.diags = diags
        self.boxes: dict[str, Box | None] = dict.fromkeys(scenario.nodes)
        self.targets: dict[tuple[str, int], tuple[str, ...]] = {}
        self.stays = Condition(tuple(Clause(m, ">", limit) for m, limit in scenario.hang_up_when.items()
                                     if m in scenario.persona.mood), scenario.pos)  # no hang-up

    def run(self, order: list[str]) -> None:
        """Propagate the meter ranges from the start, in topological `order`."""
        s = self.scenario
        self.boxes[s.start] = {m: (v, v) for m, v in s.persona.mood.items()}
        for node_id in order:
            box = self.boxes[node_id]
            if box is not None:
                for choice in s.nodes[node_id].choices:
                    self.targets[(node_id, choice.index)] = self.choice(node_id, choice, box)

    def reach(self, node_id: str, box: Box, found: list[str]) -> None:
        self.boxes[node_id] = _join(self.boxes[node_id], box)
        found.append(node_id)

    def choice(self, node_id: str, choice: Choice, box: Box) -> tuple[str, ...]:
        """Where `choice` can lead from `box`, reporting routes it can never or always take."""
        s = self.scenario
        found: list[str] = []
        mood = choice.mood
        rest: Box | None = {m: (_clamp(lo + mood.get(m, 0)), _clamp(hi + mood.get(m, 0)))
                            for m, (lo, hi) in box.items()} if mood else box  # boxes are never changed in place
        if s.hang_up_to in s.nodes and may_hang_up(s, choice.mood) and not always_holds(rest, self.stays):
            self.reach(s.hang_up_to, rest, found)
            rest = restrict(rest, self.stays)
            if rest is None and any(r.target != s.hang_up_to for r in choice.routes):
                self.diags.warning(choice.routes[0].pos, f"{_where(node_id, choice)} always makes the client hang "
                                   "up, so its goto is never used",
                                   "soften its mood change, or send it to the hang-up ending", code="route-never")
        for index, route in enumerate(choice.routes):
            if rest is None:
                break
            cond = route.condition
            if cond is None:
                self.reach(route.target, rest, found)
                break
            holds = restrict(rest, cond)
            if holds is None:
                self.diags.warning(cond.pos, f"route {index + 1} of {_where(node_id, choice)} can never be taken: "
                                   f"'{cond}' never holds there ({_ranges(rest, cond)} after this reply)",
                                   "change the condition or the mood changes before it, or remove the route",
                                   code="route-never")
                continue
            self.reach(route.target, holds, found)
            if always_holds(rest, cond):
                if index < len(choice.routes) - 1:
                    self.diags.warning(cond.pos, f"route {index + 1} of {_where(node_id, choice)} always holds "
                                       f"there ({_ranges(rest, cond)} after this reply), so the routes after it "
                                       "are never taken", "drop its `if` and the routes after it, or change the "
                                       "condition", code="route-always")
                break
            rest = subtract(rest, cond)
        return tuple(dict.fromkeys(found))


def _where(node_id: str, choice: Choice) -> str:
    return f"choice {choice.index + 1} of node '{node_id}'"


def _check_unreached(scenario: Scenario, reach: _Reach, diags: Diagnostics) -> None:
    """Nodes no play reaches, at the frontier: some node leading to them is reached."""
    fed: set[str] = set()  # nodes a choice of a reached node may lead to
    targeted: set[str] = set()  # nodes some goto names
    for node_id, node in scenario.nodes.items():
        for choice in node.choices:
            targeted.update(choice.targets)
            if reach.boxes[node_id] is not None:
                fed.update(choice.targets)
                if may_hang_up(scenario, choice.mood) and scenario.hang_up_to:
                    fed.add(scenario.hang_up_to)
    for node_id, node in scenario.nodes.items():
        if reach.boxes[node_id] is not None or node_id not in fed:
            continue
        if node_id == scenario.hang_up_to and node_id not in targeted:
            limits = ", ".join(f"{m} {v}" for m, v in scenario.hang_up_when.items())
            diags.warning(node.pos, f"the hang-up ending '{node_id}' is never reached: no reply brings the "
                          f"client down to `hang_up_when` ({limits})",
                          "lower a meter further in a poor reply, or raise `hang_up_when`", code="unreachable-meters")
            continue
        diags.warning(node.pos, f"node '{node_id}' is never reached in play: no route to it can be taken given the "
                      "meters", "see the route warnings; change a condition or a mood change",
                      code="unreachable-meters")


def _check_commitment(scenario: Scenario, reach: _Reach, order: list[str], diags: Diagnostics) -> None:
    """The best-scoring path over the routes that can be taken should end with a commitment."""
    best: dict[str, tuple[float, int, str | None]] = {}  # node -> (value, commitment points, next node)
    for node_id in reversed(order):
        node = scenario.nodes[node_id]
        if reach.boxes[node_id] is None:
            continue
        if node.ending is not None:
            points = node.ending.commitment.value_points
            best[node_id] = (points * COMMITMENT_WEIGHT, points, None)
            continue
        options = [(choice_value(c) + best[t][0], best[t][1], t) for c in _good_choices(node)
                   for t in reach.targets.get((node_id, c.index), ()) if t in best]
        if options:
            best[node_id] = max(options, key=lambda o: (o[0], o[1]))
    committed = [n for n in scenario.endings if reach.boxes[n.id] is not None and n.ending.commitment is not
                 Commitment.NONE]
    pos = scenario.id_pos or scenario.pos
    if not committed:
        diags.warning(pos, "no ending with a commitment (full, plan, partial or callback) can be reached",
                      "add an ending the caller can earn, and a way to it", code="no-commitment")
        return
    if scenario.start not in best or best[scenario.start][1] > 0:
        return
    path = [scenario.start]
    while best[path[-1]][2] is not None:
        path.append(best[path[-1]][2])
    diags.warning(scenario.nodes[path[-1]].pos, f"the best-scoring path ends at '{path[-1]}' with no commitment: "
                  f"{' -> '.join(path)}", "score the replies that secure a commitment higher than this path",
                  code="no-commitment")


def _check_duplicate_say(scenario: Scenario, diags: Diagnostics) -> None:
    for node in scenario.nodes.values():
        seen: dict[str, int] = {}
        for choice in node.choices:
            key = " ".join(choice.say.split()).casefold()
            if key in seen:
                diags.warning(choice.pos, f"choice {choice.index + 1} of node '{node.id}' says the same as choice "
                              f"{seen[key] + 1}", "the trainee could not tell them apart; reword one",
                              code="duplicate-say")
            seen.setdefault(key, choice.index)


def _check_rules_broken(scenario: Scenario, diags: Diagnostics) -> None:
    for node in scenario.nodes.values():
        for choice in node.choices:
            total = choice_value(choice)
            if choice.critical and total > 0:
                diags.warning(choice.pos, f"{_where(node.id, choice)} is a critical error ('{choice.critical}') but "
                              f"scores {total:+g} in total", "a reply that fails the call should not earn points: "
                              "give it a score below zero", code="critical-scores")
        if node.choices and not any(recommendable(c) for c in node.choices):
            diags.warning(node.pos, f"every reply of node '{node.id}' is critical, breaks a rule or scores below "
                          "zero", "add a reply a team lead would recommend here, so the trainee can recover",
                          code="no-good-reply")


def _check_ending_time(scenario: Scenario, diags: Diagnostics) -> None:
    for node in scenario.endings:
        ending = node.ending
        if ending.callback_time and ending.commitment is not Commitment.CALLBACK:
            diags.warning(ending.pos, f"the ending of node '{node.id}' has a `time`, but only a callback's time is "
                          f"used (this one is '{ending.commitment.value}')", "remove `time`, or make it "
                          "`commitment: callback`", code="ending-time")


# -- the schema line --------------------------------------------------------------------------------

def schema_line(path: Path) -> str:
    """The `# yaml-language-server: $schema=...` line for a scenario file at `path` (a relative path to the
    checked-in schema when there is one, else a file URI)."""
    target = schema_path("scenario")
    try:
        ref = Path(os.path.relpath(target, Path(path).resolve().parent)).as_posix()
    except ValueError:  # another drive
        ref = target.as_uri()
    return SCHEMA_PREFIX + ref


def schema_line_warnings(path: Path, display: str) -> list[Diagnostic]:
    """A warning when a scenario file does not start with a schema line that points at the scenario schema."""
    diags = Diagnostics()
    with open(path, "rb") as handle:
        first = handle.readline(4096).removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace").rstrip("\r\n")
    expected = schema_line(path)
    if not first.startswith(SCHEMA_PREFIX):
        diags.warning(SourcePos(display, 1, 1), "the file does not start with a schema line",
                      f"make `{expected}` its first line, so editors check it as you type (docs/authoring.md)",
                      code="schema-line")
        return diags.items
    ref = first[len(SCHEMA_PREFIX):].strip()
    pos = SourcePos(display, 1, len(SCHEMA_PREFIX) + 1)
    if re.match(r"^[a-z]+://", ref) and not ref.startswith("file://"):
        good = ref.endswith("/" + schema_path("scenario").name)
    else:
        local = Path(ref.removeprefix("file://"))
        good = (Path(path).parent / local).is_file() and local.name == schema_path("scenario").name
    if not good:
        diags.warning(pos, f"the schema line points at '{ref}', which is not the scenario schema from here",
                      f"make the first line `{expected}`", code="schema-line")
    return diags.items


def schema_warnings_for(scenarios: Mapping[str, Scenario]) -> list[Diagnostic]:
    """Schema-line warnings for every loaded scenario (their paths are as displayed, relative to here)."""
    out: list[Diagnostic] = []
    for scenario in scenarios.values():
        out.extend(schema_line_warnings(Path(scenario.path), scenario.path))
    return out
