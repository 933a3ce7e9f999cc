"""`ardojo graph`: the diagram machine, the Mermaid and DOT texts (checked line by line), and the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from transitions.extensions.diagrams import GraphMachine

from authoring_helpers import FIXTURES, REAL_FILES, load, mermaid_decode, parse_dot, parse_mermaid
from game.authoring import graph as graph_module
from game.authoring.graph import DiagramMachine, render_graph
from game.authoring.graph_labels import choice_label, mermaid_id, score_text, short
from game.cli import main
from game.content.checks import choice_targets, may_hang_up
from game.engine.machine import DialogueMachine

LABEL_LAB = FIXTURES / "label-lab.yaml"
ALL_FILES = [*REAL_FILES, LABEL_LAB, FIXTURES / "trap.yaml"]


def _transitions(machine: DialogueMachine) -> list[tuple[str, str, str]]:
    return sorted((name, t.source, t.dest) for name, event in machine.events.items()
                  for ts in event.transitions.values() for t in ts)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_the_diagram_machine_is_the_dialogue_machine_with_graph_support(path: Path) -> None:
    scenario = load(path)
    machine = DiagramMachine(scenario)
    assert isinstance(machine, DialogueMachine) and isinstance(machine, GraphMachine)
    assert machine.auto_transitions is False
    assert _transitions(machine) == _transitions(DialogueMachine(scenario))
    assert set(machine.states) == set(scenario.nodes)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_mermaid_declares_every_node_and_draws_every_choice(path: Path) -> None:
    scenario = load(path)
    diagram = parse_mermaid(render_graph(scenario, "mermaid"))
    assert diagram.title == scenario.title
    assert diagram.start == mermaid_id(scenario.start)
    assert set(diagram.states) == {mermaid_id(n) for n in scenario.nodes}
    edges = {(s, d, mermaid_decode(label)) for s, d, label in diagram.edges}
    for node in scenario.nodes.values():
        nid = mermaid_id(node.id)
        label = mermaid_decode(diagram.states[nid])
        assert label.startswith(f"{node.id}") and short(node.client, 20).rstrip("…") in label
        if node.ending is None:
            assert diagram.classes[nid] == "dialogue"
        else:
            expected = "hangup" if node.id == scenario.hang_up_to else node.ending.commitment.value
            assert diagram.classes[nid] == expected
        for choice in node.choices:
            for target in choice.targets:
                assert (nid, mermaid_id(target), choice_label(choice, target)) in edges
            if may_hang_up(scenario, choice.mood):
                hang = [lbl for s, d, lbl in edges if s == nid and d == mermaid_id(scenario.hang_up_to)
                        and lbl.startswith("☎ hang-up after ")]
                assert len(hang) == 1 and str(choice.index + 1) in hang[0].split(" if ")[0]
    # nothing else: one edge per (choice, target) plus one hang-up edge per node that can hang up
    expected_edges = sum(len(set(c.targets)) for n in scenario.nodes.values() for c in n.choices)
    expected_edges += sum(1 for n in scenario.nodes.values() if any(may_hang_up(scenario, c.mood) for c in n.choices))
    assert len(diagram.edges) == expected_edges


def test_endings_are_coloured_by_commitment() -> None:
    diagram = parse_mermaid(render_graph(load(LABEL_LAB), "mermaid"))
    assert diagram.classes == {"n_greeting": "dialogue", "n_ask": "dialogue", "n_pays": "full",
                               "n_hangs_up": "hangup", "n_walks_off": "callback"}
    assert "fill:#b9e4b4" in diagram.class_defs["full"] and "fill:#ffdcbc" in diagram.class_defs["callback"]
    assert "stroke-dasharray" in diagram.class_defs["hangup"]


def test_labels_show_choice_number_text_score_and_condition() -> None:
    text = render_graph(load(LABEL_LAB), "mermaid")
    edges = [(s, d, mermaid_decode(lbl)) for s, d, lbl in parse_mermaid(text).edges]
    assert ("n_greeting", "n_ask", "4: You're late again. When… P-2 E-2 [if patience > 20]") in edges
    assert ("n_greeting", "n_walks_off", "4: You're late again. When… P-2 E-2 [otherwise]") in edges
    assert ("n_greeting", "n_hangs_up", "☎ hang-up after 4 if patience <= 0") in edges
    assert ("n_ask", "n_pays", "1: Can you pay INV-1 by… C+2") in edges
    assert score_text({}) == "±0" and score_text({"clarity": -3, "professionalism": 2}) == "P+2 C-3"


def test_mermaid_escapes_what_its_parser_would_misread() -> None:
    text = render_graph(load(LABEL_LAB), "mermaid")
    greeting = next(line for line in text.splitlines() if line.endswith(" as n_greeting"))
    body = greeting[len('  state "'):-len('" as n_greeting')]
    bare = re.sub(r"#(\d+|quot|lt|gt);", "", body)  # what is left once Mermaid's entity codes are removed
    for raw in (":", ";", '"', "<", ">", "{", "}", "%", "#"):
        assert raw not in bare, raw
    assert mermaid_decode(body) == 'greeting: Acme: "Hi" #1; 50% <sure> {ok} back\\slash'
    first = next(lbl for s, d, lbl in parse_mermaid(text).edges if lbl.startswith("1#58;") and s == "n_greeting")
    assert mermaid_decode(first) == "1: Hello: it's Sam; about… P+2 C+1"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_dot_has_the_same_nodes_and_edges_as_mermaid(path: Path) -> None:
    scenario = load(path)
    dot = parse_dot(render_graph(scenario, "dot"))
    mermaid = parse_mermaid(render_graph(scenario, "mermaid"))
    assert dot.name == scenario.id
    assert set(dot.nodes) == set(scenario.nodes) | {"__start__"}
    assert ("__start__", scenario.start, {}) in dot.edges
    pairs = sorted((mermaid_id(s), mermaid_id(d), lbl) for s, d, attrs in dot.edges if s != "__start__"
                   for lbl in [attrs["label"]])
    assert [(s, d) for s, d, _ in pairs] == sorted((s, d) for s, d, _ in mermaid.edges)
    for s, d, attrs in dot.edges:
        if attrs.get("label", "").startswith("hang-up after"):
            assert d == scenario.hang_up_to and attrs["style"] == "dashed" and attrs["color"] == "#b71c1c"
    for node in scenario.endings:
        assert dot.nodes[node.id]["penwidth"] == "2"


def test_dot_quotes_and_escapes_labels() -> None:
    dot = parse_dot(render_graph(load(LABEL_LAB), "dot"))
    assert dot.nodes["greeting"]["label"] == 'greeting: Acme: "Hi" #1; 50% <sure> {ok} back\\\\slash'
    assert dot.defaults["graph"]["label"] == 'Label lab: "quotes", #hash; 50% <angles> {braces}'
    assert dot.nodes["hangs-up"]["style"] == "rounded,filled,dashed"


def test_dot_text_matches_the_graphviz_package_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    graphviz = pytest.importorskip("graphviz")
    scenario = load(LABEL_LAB)
    with_package = parse_dot(render_graph(scenario, "dot"))
    monkeypatch.setattr(graph_module, "_digraph_class", lambda: graph_module.TextDigraph)
    without = parse_dot(render_graph(scenario, "dot"))
    assert graphviz.Digraph is not None
    assert with_package.nodes == without.nodes and with_package.edges == without.edges


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_dot_renders_with_graphviz(path: Path, tmp_path: Path) -> None:
    source = tmp_path / "g.dot"
    source.write_text(render_graph(load(path), "dot"), encoding="utf-8")
    done = subprocess.run(["dot", "-Tsvg", str(source)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "<svg" in done.stdout


def test_cli_prints_mermaid_and_writes_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", str(LABEL_LAB), "--rulebook", "scenarios/rulebook.yaml"]) == 0
    parse_mermaid(capsys.readouterr().out)
    assert main(["graph", str(LABEL_LAB), "-o", str(tmp_path / "g.dot")]) == 0
    parse_dot((tmp_path / "g.dot").read_text(encoding="utf-8"))
    assert "wrote" in capsys.readouterr().err
    assert main(["graph", str(LABEL_LAB), "-o", str(tmp_path / "g.md")]) == 0
    fenced = (tmp_path / "g.md").read_text(encoding="utf-8")
    assert fenced.startswith("```mermaid\n---\n") and fenced.endswith("```\n")
    parse_mermaid(fenced[len("```mermaid\n"):-len("```\n")])
    assert main(["graph", str(LABEL_LAB), "--format", "dot", "-o", str(tmp_path / "g.txt")]) == 0
    assert (tmp_path / "g.txt").read_text(encoding="utf-8").startswith("digraph")


def test_cli_draws_a_scenario_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    scenario = load(REAL_FILES[0])
    assert main(["graph", scenario.id, "--format", "dot"]) == 0
    assert set(parse_dot(capsys.readouterr().out).nodes) == set(scenario.nodes) | {"__start__"}


def test_cli_reports_user_mistakes_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "no-such-scenario"]) == 1
    err = capsys.readouterr().err
    assert "no scenario file, folder or id 'no-such-scenario'" in err and "Traceback" not in err
    broken = tmp_path / "broken.yaml"
    broken.write_text(LABEL_LAB.read_text(encoding="utf-8").replace("goto: pays", "goto: payz"), encoding="utf-8")
    assert main(["graph", str(broken), "--rulebook", "scenarios/rulebook.yaml"]) == 1
    err = capsys.readouterr().err
    assert f"{broken.name}:" in err and "'payz', which does not exist" in err
    assert main(["graph", str(LABEL_LAB), "-o", str(tmp_path / "missing" / "g.mmd")]) == 1
    assert capsys.readouterr().err.startswith("error: cannot write ")


def test_choice_targets_match_the_diagram_edges() -> None:
    scenario = load(LABEL_LAB)
    hang = choice_targets(scenario, scenario.nodes["greeting"].choices[3])
    assert hang == ("ask", "walks-off", "hangs-up")
