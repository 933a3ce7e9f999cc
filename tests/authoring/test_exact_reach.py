"""Exact reachability (issue 12, item 1): the one step rule shared by the engine, the exploration of the
(node, meters) states, the `validate --strict` errors built on it, and `analyze`'s playable calls, each
replayed through the real CLI."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from authoring_helpers import FIXTURES, REAL_FILES, ROOT, ROUTING_LAB, load, rulebook
from game.authoring.analysis import analyze_library, analyze_scenario
from game.authoring.analysis_report import render_json, render_text
from game.authoring.reach import BEST, reachability
from game.authoring.strict import strict_diagnostics
from game.content.lint import lint_scenario
from game.content.scenario_loader import load_scenario
from game.engine.call import Call
from game.engine.machine import compile_scenario
from game.engine.states import Stepper, explore

TWO_METERS = FIXTURES / "two-meters.yaml"
TRAP = FIXTURES / "trap.yaml"
ALL = [*REAL_FILES, TWO_METERS, TRAP, ROUTING_LAB]


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_move_the_engine_makes_is_the_shared_step_and_back(path: Path) -> None:
    """Random calls through the real Call: each transition taken is the one `Stepper.step` predicts, and
    from every state visited, each reply the step predicts is what the engine does when it is taken."""
    scenario = load(path)
    compiled = compile_scenario(scenario)
    stepper = Stepper(scenario)
    space = explore(scenario)
    rng = random.Random(f"reach:{scenario.id}")
    for _ in range(6):
        call, taken = Call(compiled), []
        while not call.ended:
            state = (call.node_id, stepper.pack(call.meters))
            assert state in space.moves, "the engine reached a state the exploration does not know"
            predicted = dict(space.moves[state])
            index = rng.randrange(len(call.options))
            for other, nxt in predicted.items():  # vice versa: every predicted move is the engine's
                probe = Call.replay(compiled, [*taken, other])
                assert (probe.node_id, stepper.pack(probe.meters)) == (nxt.target, nxt.meters)
                assert probe.steps[-1].hung_up == nxt.hung_up
                assert nxt.hung_up == (nxt.target == scenario.hang_up_to and scenario.hang_up_due(probe.meters))
                probe.close()
            step = call.choose(index)
            taken.append(index)
            nxt = predicted[index]
            assert (step.target, stepper.pack(step.meters_after)) == (nxt.target, nxt.meters)
        call.close()


def test_a_route_needing_two_meters_at_once_is_an_error_where_per_meter_said_ok() -> None:
    scenario = load(TWO_METERS)
    lint = {d.code for d in lint_scenario(scenario)}
    assert not lint & {"route-never", "unreachable-meters"}, "the per-meter check now sees it: fixture is stale"
    items, exact = strict_diagnostics(scenario)
    assert exact
    found = {(d.code, d.pos.line, d.pos.col) for d in items if d.severity.value == "error"}
    text = TWO_METERS.read_text(encoding="utf-8").splitlines()
    route_line = next(n for n, t in enumerate(text, 1) if "patience >= 60 and trust >= 60" in t)
    ending_line = next(n for n, t in enumerate(text, 1) if t.startswith("  full-pay:"))
    assert ("route-unreachable", route_line, text[route_line - 1].index('"patience') + 1) in found
    message = next(d.message for d in items if d.code == "route-unreachable")
    assert "(patience 30..70, trust 30..70 after this reply)" in message  # each meter alone could reach 60
    assert ("ending-unreachable", ending_line, 3) in found
    done = _cli("validate", "--strict", str(TWO_METERS), "--rulebook", str(ROOT / "scenarios" / "rulebook.yaml"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"two-meters.yaml:{route_line}:" in done.stdout and "is taken by no call" in done.stdout
    assert "FAILED" in done.stdout.splitlines()[-1]


def test_best_call_that_cannot_pass_and_blocked_choice_are_errors(tmp_path: Path) -> None:
    text = TWO_METERS.read_text(encoding="utf-8")
    # both openers become critical: every call fails; the soft reply always hangs up the patient client
    text = text.replace("        rules: [do-show-empathy]\n", "        rules: [do-show-empathy]\n"
                        "        critical: dont-overpromise\n")
    text = text.replace("        rules: [do-stay-professional]\n", "        rules: [do-stay-professional]\n"
                        "        critical: dont-overpromise\n")
    text = text.replace('''        score: {clarity: 1}
        rules: [do-follow-up]''', '''        score: {clarity: 1}
        mood: {patience: -80}
        rules: [do-follow-up]''')
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_scenario(path, rulebook())
    assert result.scenario is not None, [str(d) for d in result.diagnostics.items]
    items, exact = strict_diagnostics(result.scenario)
    codes = {d.code for d in items if d.severity.value == "error"}
    assert exact and {"best-fails", "choice-blocked"} <= codes
    blocked = next(d for d in items if d.code == "choice-blocked")
    assert "choice 2 of node 'ask'" in blocked.message


def test_shipped_scenarios_have_only_the_reported_exact_errors() -> None:
    """Every shipped scenario passes the exact checks, except the route the lead was told about."""
    found = []
    for path in REAL_FILES:
        items, exact = strict_diagnostics(load(path))
        assert exact, path
        found += [(path.name, d.code, d.pos.line) for d in items]
    assert found in ([], [("concession-marigold-catering.yaml", "route-unreachable", 390)])


def test_analyze_shows_only_calls_the_cli_replays_as_shown() -> None:
    path = REAL_FILES[0]
    done = _cli("analyze", str(path), "--calls", "0", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)["scenarios"][0]
    assert data["exact"] is True and data["shortest_call"]["bound"] is False
    calls = {c["replay"]: c for c in data["playable_calls"]}
    assert {c["label"].split(" (")[0] for c in data["playable_calls"]} >= {"best", "worst", "shortest", "longest"}
    for command, call in calls.items():
        args = command.split()[1:]  # drop "ardojo"
        played = _cli(*args)
        assert played.returncode == 0, played.stdout + played.stderr
        out = played.stdout
        assert f"ending: '{call['ending']}'" in out and f"scores: overall {call['overall']};" in out
        assert ("PASSED" if call["passed"] else "NOT PASSED") in out.split("verdict")[-1]


def test_every_shown_call_is_the_extreme_it_claims() -> None:
    scenario = load(TWO_METERS)
    calls = reachability(scenario).calls
    assert calls[BEST].ending == "callback" and calls[BEST].verdict.passed
    assert len(calls["shortest"].choices) == 2 and len(calls["longest"].choices) == 2
    assert calls["worst"].ending == "hangs-up" and not calls["worst"].verdict.passed


def test_over_the_state_limit_the_figures_are_labelled_bounds_never_calls() -> None:
    scenario = load(TRAP)
    result = analyze_scenario(scenario, reach_limit=2)
    assert not result.exact and result.reach.states == 2
    report = analyze_library([scenario], rulebook())
    exact_text = render_text(report)
    assert "shortest:" in exact_text and "exact over" in exact_text
    from game.authoring.analysis import LibraryAnalysis

    text = render_text(LibraryAnalysis((result,), rulebook(), ()))
    assert "bounds from the graph (not calls)" in text and "shortest:" not in text and "longest:" not in text
    assert "worst:" not in text and "more than 2 (node, meters) states" in text
    data = json.loads(render_json(LibraryAnalysis((result,), rulebook(), ())))["scenarios"][0]
    assert data["exact"] is False and data["shortest_call"]["bound"] is True
    assert all(c["label"] != "shortest" for c in data["playable_calls"])
    items, exact = strict_diagnostics(scenario, limit=2)
    assert not exact and [d.code for d in items] == ["reach-limit"]


@pytest.mark.parametrize("path", [*REAL_FILES[:4], TWO_METERS, TRAP], ids=lambda p: p.stem)
def test_the_extreme_calls_are_extreme_by_brute_force(path: Path) -> None:
    """Shortest and longest against every call's length; best against the engine's own lookahead."""
    from functools import lru_cache

    from game.authoring.reach import extreme_calls
    from game.content.paths import COMMITMENT_WEIGHT, choice_value

    scenario = load(path)
    space = explore(scenario)
    calls = extreme_calls(scenario, space)

    @lru_cache(maxsize=None)
    def lengths(state) -> tuple[int, int]:  # noqa: ANN001
        moves = space.moves[state]
        if not moves:
            return 0, 0
        found = [lengths((n.target, n.meters)) for _, n in moves]
        return 1 + min(f[0] for f in found), 1 + max(f[1] for f in found)

    assert (len(calls["shortest"]), len(calls["longest"])) == lengths(space.start)
    replayed = Call.replay(compile_scenario(scenario), calls[BEST])
    value = sum(choice_value(s.choice) for s in replayed.steps)
    value += scenario.nodes[replayed.node_id].ending.commitment.value_points * COMMITMENT_WEIGHT
    lookahead = compile_scenario(scenario).lookahead
    assert value == pytest.approx(lookahead.best_from(scenario.start, scenario.persona.mood))


def test_replay_mistakes_are_one_line_and_fail() -> None:
    path = str(TWO_METERS)
    rulebook_args = ("--rulebook", str(ROOT / "scenarios" / "rulebook.yaml"))
    for args, words in ((("--replay", "1,x"), "'x' is not a reply number"),
                        (("--replay", "1"), "the call has not ended"),
                        (("--replay", "1,9"), "there is no choice 9 here"),
                        (("--replay", "1,1,1"), "the call has already ended")):
        done = _cli("play", path, "--text", *args, *rulebook_args)
        out = done.stdout + done.stderr
        assert done.returncode != 0 and words in out and "Traceback" not in out, out
    done = _cli("play", path, "--replay", "1,1", *rulebook_args)
    assert done.returncode == 2 and "add --text" in done.stderr
