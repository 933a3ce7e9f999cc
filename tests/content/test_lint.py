"""Lint warnings (game/content/lint.py): routes the meters never allow or always allow, nodes no play
reaches, a best path without a commitment, duplicate replies; each with its exact position and words.
Then soundness: on every real scenario and fixture, and on 150 random ones, every play the engine can
make is enumerated, and no flagged route or node is ever used."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from content_helpers import BASE, REPO, RULEBOOK_PATH, SCENARIOS, base_dict, dump, edit, line_of, load, rulebook
from game.content.checks import may_hang_up
from game.content.diagnostics import SourcePos
from game.content.library import load_library
from game.content.lint import always_holds, lint_scenario, restrict, subtract
from game.content.model import Clause, Condition
from game.content.scenario_loader import load_scenario
from game.engine.machine import clamp_meter, predict_target

NEVER_HINT = "(hint: change the condition or the mood changes before it, or remove the route)"
ALWAYS_HINT = "(hint: drop its `if` and the routes after it, or change the condition)"


def lint(text: str) -> list[str]:
    result = load(text)
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    return [d.format() for d in lint_scenario(result.scenario)]


def routes(first: str, last: str = "{to: hangs-up}", text: str = BASE) -> str:
    """Choice 2 of 'greeting' ("Pay up.", patience 60 -> 30) with two routes, on lines 32 and 33."""
    return edit("        goto: hangs-up\n", f"        goto:\n          - {first}\n          - {last}\n", text)


def test_the_minimal_scenario_is_clean():
    assert lint(BASE) == []


# -- routes -------------------------------------------------------------------------------------------

def test_route_that_can_never_be_taken():
    assert lint(routes('{if: "patience > 40", to: pays}')) == [
        "s.yaml:32:18: warning: route 1 of choice 2 of node 'greeting' can never be taken: 'patience > 40' never "
        f"holds there (patience 30 after this reply) {NEVER_HINT}"]


UNREACHED_HINT = "(hint: see the route warnings; change a condition or a mood change)"


def test_route_that_always_holds_makes_the_later_routes_dead():
    assert lint(routes('{if: "patience > 10 and trust <= 40", to: pays}')) == [
        "s.yaml:32:18: warning: route 1 of choice 2 of node 'greeting' always holds there (patience 30, trust 40 "
        f"after this reply), so the routes after it are never taken {ALWAYS_HINT}",
        # 'hangs-up' was only reached through the route that is now dead
        "s.yaml:37:3: warning: node 'hangs-up' is never reached in play: no route to it can be taken given the "
        f"meters {UNREACHED_HINT}"]


def test_route_that_sometimes_holds_is_fine():
    mid = """\
  mid:
    client: Go on.
    choices:
      - say: It's due now, so could you pay it today?
        score: {clarity: 1}
        mood: {patience: -20}
        rules: [do-set-clear-expectations]
        feedback: Plain, if blunt.
        goto:
          - {if: "patience > 20", to: pays}
          - {to: hangs-up}
"""
    text = edit("        goto: hangs-up\n", "        goto: mid\n", BASE)
    text = text.replace("        goto: pays\n", "        goto: mid\n")
    text = text.replace("        mood: {trust: 5}\n", "        mood: {trust: 5, patience: -10}\n") + mid
    # 'mid' is reached with patience 50 (choice 1) or 30 (choice 2): 30 or 10 after its 'Pay up.'
    assert lint(text) == []


def test_clamping_is_taken_into_account():
    text = edit("mood: {patience: -30}", "mood: {patience: -30, trust: -70}",
                routes('{if: "trust == 0", to: hangs-up}', "{to: pays}"))  # trust 40 - 70 is clamped to 0
    assert lint(text) == [
        "s.yaml:32:18: warning: route 1 of choice 2 of node 'greeting' always holds there (trust 0 after this "
        f"reply), so the routes after it are never taken {ALWAYS_HINT}"]


def test_not_equal_in_the_middle_of_a_range_is_not_flagged():
    box = {"patience": (10, 30)}
    cond = Condition((Clause("patience", "!=", 20),), SourcePos("s", 1, 1))
    assert restrict(box, cond) == box and not always_holds(box, cond)
    assert restrict({"patience": (20, 20)}, cond) is None
    assert restrict({"patience": (20, 25)}, cond) == {"patience": (21, 25)}


def test_subtract_is_exact_for_one_meter_and_safe_for_two():
    pos = SourcePos("s", 1, 1)
    box = {"patience": (0, 100), "trust": (0, 100)}
    assert subtract(box, Condition((Clause("patience", ">", 20),), pos)) == {"patience": (0, 20), "trust": (0, 100)}
    assert subtract(box, Condition((Clause("patience", ">", 20), Clause("trust", ">", 5)), pos)) == box
    assert subtract({"patience": (30, 40), "trust": (0, 100)},
                    Condition((Clause("patience", ">", 20), Clause("trust", ">", 5)), pos)) == \
        {"patience": (30, 40), "trust": (0, 5)}
    assert subtract(box, Condition((Clause("patience", ">=", 0),), pos)) is None
    narrow = {"patience": (10, 30), "trust": (0, 100)}
    assert subtract(narrow, Condition((Clause("patience", "!=", 20),), pos))["patience"] == (20, 20)
    both = Condition((Clause("patience", ">=", 15), Clause("patience", "!=", 20)), pos)
    assert subtract(narrow, both)["patience"] == (10, 20)  # 10..14 and 20 fail
    assert subtract(narrow, Condition((Clause("patience", "<", 25),), pos))["patience"] == (25, 30)


HANG_UP_RANGE = """\
  mid:
    client: Go on.
    choices:
      - say: It's due now, so I need it paid today.
        score: {clarity: 1}
        mood: {patience: -50}
        rules: [do-set-clear-expectations]
        feedback: Plain, if blunt.
        goto:
          - {if: "patience >= 1", to: pays}
          - {to: hangs-up}
"""


def test_the_hang_up_is_taken_before_the_routes():
    # 'mid' is reached with patience 60 or 40 (40..60 as a range); after -50 that is 0..10, and 0 hangs
    # up first, so the routes only see 1..10: `patience >= 1` always holds.
    text = BASE.replace("        goto: pays\n", "        goto: mid\n")
    text = edit("        goto: hangs-up\n", "        goto: mid\n", text)
    text = edit("mood: {patience: -30}", "mood: {patience: -20}", text) + HANG_UP_RANGE
    assert lint(text) == [
        f"s.yaml:{line_of(text, 'patience >= 1')}:18: warning: route 1 of choice 1 of node 'mid' always holds there "
        f"(patience 1..10 after this reply), so the routes after it are never taken {ALWAYS_HINT}"]


def test_choice_that_always_hangs_up_but_goes_elsewhere():
    text = edit("goto: hangs-up", "goto: pays", edit("mood: {patience: -30}", "mood: {patience: -60}"))
    assert lint(text) == [
        "s.yaml:31:15: warning: choice 2 of node 'greeting' always makes the client hang up, so its goto is never "
        "used (hint: soften its mood change, or send it to the hang-up ending)"]


# -- nodes no play reaches -----------------------------------------------------------------------------

def test_node_behind_a_dead_route_is_reported_once():
    extra = "  extra:\n    client: Hm.\n    choices:\n" \
            "      - {say: Okay., score: {clarity: 1}, rules: [do-follow-up], feedback: Fine., goto: late}\n" \
            "  late:\n    client: Later.\n    end: {commitment: callback}\n"
    text = routes('{if: "patience > 40", to: extra}') + extra
    assert lint(text) == [
        f"s.yaml:32:18: warning: route 1 of choice 2 of node 'greeting' can never be taken: 'patience > 40' never "
        f"holds there (patience 30 after this reply) {NEVER_HINT}",
        f"s.yaml:{line_of(text, 'extra:')}:3: warning: node 'extra' is never reached in play: no route to it can be "
        f"taken given the meters {UNREACHED_HINT}"]


def test_hang_up_ending_no_reply_can_reach():
    text = edit("goto: hangs-up", "goto: pays")  # 'Pay up.' takes patience 60 -> 30: never a hang-up
    assert lint(text) == [
        "s.yaml:35:3: warning: the hang-up ending 'hangs-up' is never reached: no reply brings the client down to "
        "`hang_up_when` (patience 0) (hint: lower a meter further in a poor reply, or raise `hang_up_when`)"]


# -- commitment ----------------------------------------------------------------------------------------

def test_no_ending_with_a_commitment():
    text = edit("end: {commitment: full, days: 3}", "end: {commitment: none}")
    assert lint(text) == [
        "s.yaml:2:5: warning: no ending with a commitment (full, plan, partial or callback) can be reached "
        "(hint: add an ending the caller can earn, and a way to it)"]


def test_best_scoring_path_without_a_commitment():
    text = edit("score: {professionalism: -2}", "score: {professionalism: 9}",
                edit("breaks: [dont-be-aggressive]", "rules: [dont-be-aggressive]"))
    assert lint(text) == [
        "s.yaml:35:3: warning: the best-scoring path ends at 'hangs-up' with no commitment: greeting -> hangs-up "
        "(hint: score the replies that secure a commitment higher than this path)"]


def test_committing_ending_only_behind_a_dead_route():
    text = edit("goto: pays", "goto: hangs-up", routes('{if: "patience > 40", to: pays}'))
    found = lint(text)
    assert found[-1] == ("s.yaml:2:5: warning: no ending with a commitment (full, plan, partial or callback) can be "
                         "reached (hint: add an ending the caller can earn, and a way to it)")


# -- duplicate replies ---------------------------------------------------------------------------------

def test_two_choices_that_say_the_same():
    text = edit("say: Pay up.", "say: '  hi maria, Sam from Northwind   about invoice INV-1.'")
    assert lint(text) == [
        "s.yaml:26:9: warning: choice 2 of node 'greeting' says the same as choice 1 "
        "(hint: the trainee could not tell them apart; reword one)"]


# -- through the library -------------------------------------------------------------------------------

def test_the_library_reports_lint_warnings_only_for_scenarios_without_errors(tmp_path):
    shutil.copy(RULEBOOK_PATH, tmp_path / "rulebook.yaml")
    (tmp_path / "a.yaml").write_text(routes('{if: "patience > 40", to: pays}'), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(edit("id: tiny-call", "id: other", edit("difficulty: 1", "difficulty: 7",
                                     routes('{if: "patience > 40", to: pays}'))), encoding="utf-8")
    library = load_library([tmp_path])
    found = [(Path(d.pos.file).name, d.severity.value, d.code) for d in library.diagnostics.items]
    assert found == [("a.yaml", "warning", "route-never"), ("b.yaml", "error", "range")]
    assert list(library.scenarios) == ["tiny-call"]


# -- soundness on real scenarios ----------------------------------------------------------------------

def all_plays(scenario):
    """Every (node, choice index, route index or 'hang-up') used, and every node visited, over every call
    the engine can play (states are (node, meters); each is expanded once)."""
    used, visited = set(), set()
    seen = set()
    stack = [(scenario.start, tuple(sorted(scenario.persona.mood.items())))]
    while stack:
        node_id, meters = stack.pop()
        if (node_id, meters) in seen:
            continue
        seen.add((node_id, meters))
        visited.add(node_id)
        for choice in scenario.nodes[node_id].choices:
            target, after = predict_target(scenario, choice, dict(meters))
            assert after == {m: clamp_meter(v + choice.mood.get(m, 0)) for m, v in meters}
            if scenario.hang_up_to and may_hang_up(scenario, choice.mood) and scenario.hang_up_due(after):
                used.add((node_id, choice.index, "hang-up"))
            else:
                index = next(i for i, r in enumerate(choice.routes) if r.condition is None or r.condition.holds(after))
                used.add((node_id, choice.index, index))
                assert choice.routes[index].target == target
            stack.append((target, tuple(sorted(after.items()))))
    return used, visited


REAL = sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "rulebook.yaml") + \
    sorted((REPO / "tests" / "engine" / "fixtures").glob("*.yaml"))


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_flagged_routes_and_nodes_are_never_used_in_any_play(path):
    assert_sound(load_scenario(path, rulebook()).scenario)


def assert_sound(scenario) -> None:
    """No route or node the lint flags is used by any play the engine can make."""
    used, visited = all_plays(scenario)
    routes_at = {r.condition.pos: (n.id, c.index, i) for n in scenario.nodes.values() for c in n.choices
                 for i, r in enumerate(c.routes) if r.condition is not None}
    for diag in lint_scenario(scenario):
        if diag.code == "route-never" and diag.pos in routes_at:
            assert routes_at[diag.pos] not in used, diag.format()
        elif diag.code == "route-always":
            node_id, index, route = routes_at[diag.pos]
            later = [u for u in used if u[:2] == (node_id, index) and u[2] != "hang-up" and u[2] > route]
            assert later == [], diag.format()
        elif diag.code == "unreachable-meters":
            assert not any(n.pos == diag.pos for n in scenario.nodes.values() if n.id in visited), diag.format()


def random_scenario(seed: int) -> str:
    """A random valid call: 7 nodes in a line of layers, random moods and conditional routes, 3 endings."""
    rng = random.Random(seed)
    data = base_dict()
    data["persona"]["mood"] = {"patience": rng.randint(20, 90), "trust": rng.randint(0, 100)}
    ends = {"pays": "full", "later": "callback", "hangs-up": "none"}
    inner = [f"n{i}" for i in range(7)]
    nodes = {}
    for i, node_id in enumerate(inner):
        ahead = inner[i + 1:] + list(ends)
        choices = []
        last = inner[i + 1:i + 2] or list(ends)  # fallbacks that keep every node reachable
        for k in range(3 if i == len(inner) - 1 else rng.randint(1, 3)):
            routes = []
            for _ in range(rng.randint(0, 2)):
                meter, op = rng.choice(["patience", "trust"]), rng.choice(["<", "<=", ">", ">=", "==", "!="])
                routes.append({"if": f"{meter} {op} {rng.randint(0, 100)}", "to": rng.choice(ahead)})
            routes.append({"to": last[k] if k < len(last) else rng.choice(ahead)})
            choices.append({"say": f"Reply {k} at {node_id}.", "score": {"clarity": rng.randint(-3, 3)},
                            "mood": {"patience": rng.randint(-40, 20), "trust": rng.randint(-30, 30)},
                            "rules": ["do-follow-up"], "feedback": "Fine.",
                            "goto": routes if len(routes) > 1 else routes[0]["to"]})
        nodes[node_id] = {"client": f"Line {i}.", "choices": choices}
    nodes.update({e: {"client": "Bye.", "end": {"commitment": c}} for e, c in ends.items()})
    data["nodes"], data["start"] = nodes, "n0"
    return dump(data)


@pytest.mark.parametrize("seed", range(150))
def test_flagged_routes_and_nodes_are_never_used_in_random_scenarios(seed):
    result = load(random_scenario(seed))
    if result.scenario is None:  # a few draw a condition that can never hold at all (an error)
        assert {d.code for d in result.diagnostics.errors} == {"condition-never"}
        return
    assert_sound(result.scenario)
