"""`ardojo analyze`: the DP against the engine's own scoring and brute force, the best playable call
against the engine's replay, dominated choices, rules, and the three output formats."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from authoring_helpers import FIXTURES, REAL_FILES, ROUTING_LAB, load, playable_best_by_brute_force, rulebook
from game.authoring.analysis import CallPath, PathScorer, analyze_library, analyze_scenario
from game.authoring.analysis_report import render_markdown, render_text, to_json
from game.authoring.gaming import dialogue_passes
from game.authoring.graph_dp import VALUE_WEIGHTS, best_values, graph_tables
from game.authoring.playable import Router, best_playable
from game.campaign.policy import CAMPAIGN_RULES
from game.cli import main
from game.content.checks import choice_targets
from game.content.model import CHOICE_DIMENSIONS
from game.content.scenario_loader import load_scenario_text
from game.engine.call import Call
from game.engine.machine import compile_scenario, predict_target
from game.engine.scoring import compute_ranges

LABEL_LAB, TRAP, GAMING_LAB = FIXTURES / "label-lab.yaml", FIXTURES / "trap.yaml", FIXTURES / "gaming-lab.yaml"
ALL_FILES = [*REAL_FILES, LABEL_LAB, TRAP, GAMING_LAB, ROUTING_LAB]


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_bounds_and_paths_match_the_engines_dp(path: Path) -> None:
    scenario = load(path)
    tables = graph_tables(scenario)
    for nid, rows in tables.rows.items():
        assert [targets for _, _, targets in rows] == [choice_targets(scenario, c) for c in scenario.nodes[nid].choices]
    analysis = analyze_scenario(scenario, verify=False)
    ranges = compute_ranges(scenario)
    assert dict(analysis.bounds.dimensions) == dict(ranges.dimensions)
    assert analysis.paths == ranges.paths
    # without compiling, the analysis scores with these values as the engine's `best_value`
    assert dict(best_values(scenario, tables, eligible_only=False).value) == dict(ranges.best_value)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_the_best_call_is_what_the_engine_scores_when_it_is_played(path: Path) -> None:
    scenario = load(path)
    compiled = compile_scenario(scenario)
    best = analyze_scenario(scenario).best
    call = Call.replay(compiled, best.path.choices)
    assert call.ended and best.replayed is True
    assert (scenario.start, *(s.target for s in call.steps)) == best.path.nodes
    engine = call.score()
    assert dict(engine.scores) == dict(best.score.scores) and engine.overall == best.score.overall
    assert dict(engine.raw) == dict(best.score.raw) and engine.critical == best.score.critical
    assert [(d.top, dict(d.earned), dict(d.at_stake)) for d in engine.decisions] == \
        [(d.top, dict(d.earned), dict(d.at_stake)) for d in best.score.decisions]
    assert best.passes == dialogue_passes(scenario, engine)
    # the best call takes a top reply at every decision: 100 on every dimension a reply scores
    assert best.exact and all(d.took_top for d in engine.decisions)
    assert all(best.score.scores[d] == 100 for d in CHOICE_DIMENSIONS)
    if best.attained:
        assert best.bound_path == best.path or best.bound_score.overall == best.score.overall


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_paths_are_scored_like_the_engine_without_compiling(path: Path) -> None:
    """`verify=False` scores with a lookahead of its own: the same scores as the engine's, and the same
    as replaying each of a few playable calls."""
    scenario = load(path)
    compiled = compile_scenario(scenario)
    assert analyze_scenario(scenario, verify=False).best.score == analyze_scenario(scenario).best.score
    scorer = PathScorer(scenario)
    for seed in range(5):
        call = Call(compiled, seed)
        rng = random.Random(seed)
        while not call.ended:
            call.choose_shown(rng.randrange(len(call.shown)))
        path = CallPath(tuple(d.choice for d in call.state.decisions),
                        (scenario.start, *(s.target for s in call.steps)))
        assert scorer.score(path) == call.score()


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_the_best_call_is_the_best_playable_one(path: Path) -> None:
    """Against an independent recursion over every (node, meters) state a call can reach, and the
    engine's own lookahead."""
    scenario = load(path)
    analysis = analyze_scenario(scenario, verify=False)
    brute = playable_best_by_brute_force(scenario)
    played = analysis.best.path
    nodes = scenario.nodes
    value = sum(nodes[n].choices[i].score.get(d, 0) * w for n, i in zip(played.nodes, played.choices)
                for d, w in zip(CHOICE_DIMENSIONS, VALUE_WEIGHTS))
    value += nodes[played.ending].ending.commitment.value_points * VALUE_WEIGHTS[3]
    assert analysis.best.proven
    assert value == pytest.approx(brute, abs=1e-9)
    lookahead = compile_scenario(scenario).lookahead
    assert lookahead.best_from(scenario.start, scenario.persona.mood) == pytest.approx(brute, abs=1e-9)


def test_an_unplayable_bound_is_reported_as_not_attained() -> None:
    best = analyze_scenario(load(TRAP)).best
    assert [i + 1 for i in best.bound_path.choices] == [1, 1] and best.bound_path.ending == "full-pay"
    assert not best.attained and best.proven and best.replayed
    assert [i + 1 for i in best.path.choices] == [2, 1] and best.path.ending == "full-pay"
    # greeting 2 is the top reply there (it leads to payment in full): nothing is lost on professionalism
    assert dict(best.score.scores) == {"professionalism": 100, "empathy": 100, "clarity": 100, "commitment": 100}
    assert best.score.overall == 100 and best.passes
    text = render_text(analyze_library([load(TRAP)], rulebook()))
    assert "is a bound, not a call" in text and "this is the best playable call" in text
    assert "overall 100 (passes with a correct call log)" in text


def test_a_critical_best_call_does_not_pass() -> None:
    """When every reply of a node is critical the best call has to take one: it cannot pass."""
    text = GAMING_LAB.read_text(encoding="utf-8")
    start = text.index("  close:")
    rest = text[start:]
    cut = rest.index("      - say: \"Pay me later!\"")
    only_critical = text[:start] + "  close:\n    client: \"Fine, I can pay.\"\n    choices:\n" + rest[cut:]
    result = load_scenario_text(only_critical, "critical-only.yaml", rulebook())
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    analysis = analyze_scenario(result.scenario)
    assert [e.rule for e in analysis.best.score.critical] == ["dont-overpromise"]
    assert not analysis.best.passes
    assert "does not pass, even with a correct call log" in render_text(analyze_library([result.scenario], rulebook()))


def test_a_spent_search_budget_falls_back_to_a_playable_call_and_says_so() -> None:
    scenario = load(TRAP)
    tables = graph_tables(scenario)
    values = best_values(scenario, tables)
    found = best_playable(scenario, tables, values, budget=0)
    assert not found.proven
    call = Call.replay(compile_scenario(scenario), found.choices)
    assert call.ended and (scenario.start, *(s.target for s in call.steps)) == found.nodes


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_the_router_routes_like_the_engine(path: Path) -> None:
    scenario = load(path)
    router = Router(scenario)
    rng = random.Random(7)
    names = router.names
    samples = [tuple(scenario.persona.mood[m] for m in names)]
    samples += [tuple(rng.choice((0, 1, 5, 19, 20, 21, 50, 99, 100)) for _ in names) for _ in range(12)]
    for node in scenario.nodes.values():
        for choice, meters in itertools.product(node.choices, samples):
            expected, after = predict_target(scenario, choice, dict(zip(names, meters)))
            assert router.route(node.id, choice.index, meters) == (expected, tuple(after[m] for m in names))


def test_shortest_and_longest_calls() -> None:
    analysis = analyze_scenario(load(LABEL_LAB))
    assert analysis.paths == 10
    # playable calls now (the exact exploration): either one-decision ending is a shortest call
    assert analysis.exact and analysis.shortest.decisions == 1 and analysis.shortest.ending in ("walks-off", "hangs-up")
    assert analysis.longest.decisions == 2 and analysis.longest.ending == "pays"
    assert analysis.longest.nodes == ("greeting", "ask", "pays")


def test_dominated_and_equal_choices() -> None:
    analysis = analyze_scenario(load(LABEL_LAB), verify=False)
    found = {(d.node, d.choice + 1, d.by + 1, d.equal, d.same_mood) for d in analysis.dominated}
    assert found == {("greeting", 2, 1, False, True),   # P1 vs P2 C1, same node, same mood
                     ("greeting", 3, 1, False, False),  # also dominated; its mood differs
                     ("ask", 2, 1, True, True)}         # identical scores: only the later one is listed
    # choice 4 scores worse than all, but it may also hang up or walk off: not the same nodes
    line = render_text(analyze_library([load(LABEL_LAB)], rulebook()))
    assert "label-lab.yaml:29:9: node 'greeting': choice 2 is no better than choice 1" in line


def test_rules_cited_and_never_cited_across_files() -> None:
    report = analyze_library([load(LABEL_LAB), load(TRAP)], rulebook(), verify=False)
    lab, trap = report.scenarios
    assert dict(lab.rules_cited) == {"do-secure-dated-commitment": 2, "do-state-purpose-clearly": 1,
                                     "do-stay-professional": 3, "dont-be-aggressive": 1}
    assert "do-follow-up" in trap.rules_cited
    cited = set(lab.rules_cited) | set(trap.rules_cited)
    campaign = set(CAMPAIGN_RULES)  # taught by a campaign week's checks, which no single reply can cite
    assert campaign and campaign <= set(rulebook().rules)
    assert set(report.never_cited) == set(rulebook().rules) - cited - campaign
    assert list(report.never_cited) == [r for r in rulebook().rules if r not in cited | campaign]  # rulebook order


def test_json_and_markdown_reports() -> None:
    report = analyze_library([load(LABEL_LAB), load(TRAP)], rulebook())
    data = json.loads(json.dumps(to_json(report)))
    trap = data["scenarios"][1]
    assert trap["id"] == "trap" and trap["paths"] == 4
    assert trap["best_call"]["choices"] == [2, 1] and trap["best_call"]["overall"] == 100
    assert trap["best_call"]["passed"] is True and trap["best_call"]["critical"] == []
    assert trap["best_call"]["bound_attained"] is False and trap["best_call"]["replayed"] is True
    assert trap["best_call"]["bound"]["choices"] == [1, 1]
    assert data["scenarios"][0]["dominated"][0] == {"node": "greeting", "choice": 2, "by": 1, "equal": False,
                                                    "same_mood": True, "file": load(LABEL_LAB).path,
                                                    "line": 29, "col": 9}
    assert set(data["rules_never_cited"]) == set(report.never_cited)
    markdown = render_markdown(report)
    assert markdown.startswith("### Label lab: \"quotes\", #hash; 50% <angles> {braces}\n")
    assert "| distinct paths | 10 |" in markdown and "| professionalism | -2 | +2 | 100 |" in markdown
    assert "### Rules never cited" in markdown


def test_cli_analyze_formats_and_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(TRAP), str(LABEL_LAB), "--format", "json", "--calls", "20"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["scenarios"]] == ["trap", "label-lab"]
    assert data["scenarios"][0]["gaming"]["strategies"]["best"] == {
        "calls": 20, "passed": 20, "rate": 1.0, "passes": True, "mean_overall": 100.0, "critical": 0}
    assert set(data["gaming"]["strategies"]) == {"first", "longest", "shortest", "mood", "random", "best"}
    assert data["scenarios"][0]["difficulty"]["label"] == 1 and "random_pass" in data["scenarios"][0]["difficulty"]
    assert data["gaming"]["strategies"]["best"]["scenarios_passed"] == ["trap", "label-lab"]
    assert main(["analyze", str(TRAP), "--format", "markdown", "-o", str(tmp_path / "lib.md")]) == 0
    markdown = (tmp_path / "lib.md").read_text(encoding="utf-8")
    assert markdown.startswith("### Trap") and "### Gaming" in markdown and "| `trap` |" in markdown
    assert main(["analyze", str(TRAP), "--calls", "0", "--format", "json"]) == 0
    assert "gaming" not in json.loads(capsys.readouterr().out)
    with pytest.raises(SystemExit):
        main(["analyze", str(TRAP), "--calls", "-1"])
    assert "cannot be negative" in capsys.readouterr().err
    assert main(["analyze", str(TRAP), "no-such-id"]) == 1
    captured = capsys.readouterr()
    assert "no scenario file, folder or id 'no-such-id'" in captured.err and "trap — Trap" in captured.out
    assert main(["analyze", str(tmp_path / "nothing.yaml")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_cli_analyze_defaults_to_the_scenarios_folder(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--calls", "4"]) == 0
    out = capsys.readouterr().out
    for path in REAL_FILES:
        assert f"{load(path).id} — " in out
    table = out[out.index("Gaming: pass rate per strategy and scenario (4 shuffled calls each"):]
    assert table.splitlines()[1].split()[:3] == ["scenario", "first", "on"]
    for path in REAL_FILES:
        assert f"\n  {load(path).id} " in table
    assert "\n  scenarios passed " in table and "a longest reply is a best reply at" in table
