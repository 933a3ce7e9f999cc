"""The dialogue as a diagram, drawn by `transitions`' own diagram support.

`DiagramMachine` is the game's `DialogueMachine` with `GraphMachine` mixed in: the same states and the
same guarded transitions (built by the same code, `auto_transitions=False`), each transition labelled
with its choice as it is added. transitions turns the machine into markup (states, transitions,
conditions); a graph class — transitions' extension point `graph_cls` — draws that markup:

* `MermaidDiagram`: a Mermaid `stateDiagram-v2` (needs nothing installed). It writes ids and labels
  itself because transitions' stock Mermaid output cannot take kebab-case ids (transitions issue #708)
  or `:` in labels.
* `DotDiagram`: Graphviz DOT, built with the `graphviz` package when it is importable, else with
  `TextDigraph`, which writes the same DOT text without it.

Endings are coloured by commitment; the hang-up edges are drawn apart (dashed and red in DOT; in
Mermaid, whose state diagrams cannot style one edge, by their label).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable

from transitions.extensions.diagrams import GraphMachine
from transitions.extensions.diagrams_base import BaseGraph
from transitions.extensions.diagrams_mermaid import DigraphMock

from game.authoring import graph_labels as labels
from game.authoring.dot_text import TextDigraph
from game.content.model import Scenario
from game.engine.machine import TRIGGER_PREFIX, DialogueMachine

FORMATS = ("mermaid", "dot")
#: The name the hang-up guard gets in transitions' markup (see `DiagramMachine.format_references`).
HANG_UP_REFERENCE = "hang-up"


class _GraphOptions(GraphMachine):
    """Slips GraphMachine's own options under DialogueMachine's constructor call."""

    diagram_engine = "mermaid"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(graph_engine=self.diagram_engine, title=self.diagram_title,
                      show_conditions=False, show_auto_transitions=False)
        super().__init__(*args, **kwargs)

    @property
    def diagram_title(self) -> str:
        return getattr(self, "scenario").title


class DiagramMachine(DialogueMachine, _GraphOptions):
    """A DialogueMachine that can draw itself: `DiagramMachine(scenario, "dot").diagram()`."""

    machine_attributes = {"directed": "true", "strict": "false", "rankdir": "TB"}

    def __init__(self, scenario: Scenario, engine: str = "mermaid") -> None:
        if engine not in FORMATS:
            raise ValueError(f"unknown diagram format '{engine}'; use one of {', '.join(FORMATS)}")
        self.diagram_engine = engine
        self.scenario = scenario
        super().__init__(scenario)

    def _init_graphviz_engine(self, graph_engine: str) -> type[BaseGraph]:
        return DotDiagram if graph_engine == "dot" else MermaidDiagram

    def add_transition(self, trigger: str, source: str, dest: str, conditions: Any = None, unless: Any = None,
                       before: Any = None, after: Any = None, prepare: Any = None, **kwargs: Any) -> None:
        """Adds the transition as DialogueMachine asks, with a label naming the choice it stands for."""
        choice = self.scenario.nodes[source].choices[int(trigger[len(TRIGGER_PREFIX):])]
        hang_up = any(self._is_hang_up_guard(c) for c in conditions or ())
        kwargs.setdefault("label", str(choice.index + 1) if hang_up else labels.choice_label(choice, dest))
        super().add_transition(trigger, source, dest, conditions=conditions, unless=unless, before=before,
                               after=after, prepare=prepare, **kwargs)

    def _is_hang_up_guard(self, func: Callable[..., Any]) -> bool:
        return func == self._hang_up_due

    def format_references(self, func: Callable[..., Any]) -> str:  # type: ignore[override]
        """Names callbacks in the markup; the hang-up guard is named `hang-up` so diagrams can find it."""
        if self._is_hang_up_guard(func):
            return HANG_UP_REFERENCE
        return GraphMachine.format_references(func)

    def diagram(self) -> Any:
        """The diagram object of the configured engine (it has `.source`, the diagram's text)."""
        return self.graph_cls(self).get_graph(title=self.title)


@dataclass(frozen=True, slots=True)
class Edge:
    """One arrow of the diagram."""

    source: str
    dest: str
    label: str
    hang_up: bool


class _DialogueGraph(BaseGraph):
    """What both engines share: no live styling (a diagram of the whole scenario, not of one call),
    and the markup turned into nodes with styles and edges in file order."""

    machine: DiagramMachine

    def generate(self) -> None:
        """Nothing to prepare: the diagram is built from the markup in `get_graph`."""

    def set_previous_transition(self, src: str, dst: str) -> None:
        """Not used: no call is shown on the diagram."""

    def reset_styling(self) -> None:
        """Not used: no call is shown on the diagram."""

    def set_node_style(self, state: Any, style: str) -> None:
        """Not used: no call is shown on the diagram."""

    def dialogue_elements(self) -> tuple[list[tuple[str, str, str]], list[Edge]]:
        """(node id, label, style) per state and the edges, from transitions' markup of the machine."""
        scenario = self.machine.scenario
        states, transitions = self._get_elements()
        nodes = [(s["name"], labels.node_label(scenario, scenario.nodes[s["name"]]),
                  labels.node_style(scenario, scenario.nodes[s["name"]])) for s in states]
        order = {name: i for i, (name, _, _) in enumerate(nodes)}
        plain: dict[tuple[str, str, str], int] = {}
        hang_ups: dict[tuple[str, str], list[int]] = {}
        for tran in transitions:
            number = int(tran["trigger"][len(TRIGGER_PREFIX):]) + 1
            if HANG_UP_REFERENCE in tran.get("conditions", ()):
                hang_ups.setdefault((tran["source"], tran["dest"]), []).append(number)
            else:
                plain.setdefault((tran["source"], tran["dest"], tran["label"]), number)
        edges = [(order[s], n, 0, Edge(s, d, label, False)) for (s, d, label), n in plain.items()]
        edges += [(order[s], max(ns), 1, Edge(s, d, labels.hang_up_label(scenario, sorted(ns)), True))
                  for (s, d), ns in hang_ups.items()]
        return nodes, [edge for *_, edge in sorted(edges, key=lambda item: item[:3])]


class MermaidDiagram(_DialogueGraph):
    """A Mermaid `stateDiagram-v2` of the dialogue, with a class per commitment."""

    def get_graph(self, title: str | None = None, roi_state: Any = None) -> DigraphMock:
        """The diagram; `.source` is the Mermaid text (a `---` front matter with the title first)."""
        nodes, edges = self.dialogue_elements()
        lines = ["---", f"title: {json.dumps(title or self.machine.title, ensure_ascii=False)}", "---",
                 "stateDiagram-v2", f"  direction {self.machine.machine_attributes['rankdir']}"]
        for style in dict.fromkeys(style for _, _, style in nodes):
            colour = labels.style_colour(style)
            dashed = ",stroke-dasharray:6 4" if style == "hangup" else ""
            width = "2px" if style != "dialogue" else "1px"
            lines.append(f"  classDef {style} fill:{colour.fill},stroke:{colour.stroke},color:{colour.text},"
                         f"stroke-width:{width}{dashed}")
        for name, label, style in nodes:
            lines.append(f'  state "{labels.mermaid_text(label)}" as {labels.mermaid_id(name)}')
            lines.append(f"  class {labels.mermaid_id(name)} {style}")
        lines.append(f"  [*] --> {labels.mermaid_id(self.machine.scenario.start)}")
        for edge in edges:
            text = ("☎ " if edge.hang_up else "") + edge.label
            lines.append(f"  {labels.mermaid_id(edge.source)} --> {labels.mermaid_id(edge.dest)}: "
                         f"{labels.mermaid_text(text)}")
        return DigraphMock("\n".join(lines) + "\n")


def _digraph_class() -> Callable[..., Any]:
    """`graphviz.Digraph` when the graphviz package is installed, else the built-in DOT writer."""
    try:
        import graphviz
    except ImportError:
        return TextDigraph
    return graphviz.Digraph


class DotDiagram(_DialogueGraph):
    """A Graphviz DOT digraph of the dialogue: endings filled by commitment, hang-ups dashed red."""

    def get_graph(self, title: str | None = None, roi_state: Any = None) -> Any:
        """The diagram; `.source` is the DOT text."""
        nodes, edges = self.dialogue_elements()
        machine = self.machine
        graph = _digraph_class()(
            name=machine.scenario.id,
            graph_attr={"rankdir": machine.machine_attributes["rankdir"], "label": _dot_text(title or machine.title),
                        "labelloc": "t", "fontname": "Helvetica"},
            node_attr={"shape": "box", "style": "rounded,filled", "fontname": "Helvetica", "fontsize": "11"},
            edge_attr={"fontname": "Helvetica", "fontsize": "9"},
        )
        graph.node("__start__", label="", shape="point", width="0.2")
        graph.edge("__start__", machine.scenario.start)
        for name, label, style in nodes:
            colour = labels.style_colour(style)
            extra = {"style": "rounded,filled,dashed"} if style == "hangup" else {}
            graph.node(name, label=_dot_text(label), fillcolor=colour.fill, color=colour.stroke,
                       fontcolor=colour.text, penwidth="1" if style == "dialogue" else "2", **extra)
        for edge in edges:
            extra = ({"style": "dashed", "color": labels.HANG_UP_COLOUR, "fontcolor": labels.HANG_UP_COLOUR}
                     if edge.hang_up else {})
            graph.edge(edge.source, edge.dest, label=_dot_text(edge.label), **extra)
        return graph


def _dot_text(text: str) -> str:
    """Label text for DOT: backslashes doubled so that DOT does not read them as escape sequences."""
    return text.replace("\\", "\\\\")


def render_graph(scenario: Scenario, fmt: str = "mermaid") -> str:
    """The scenario's dialogue diagram as Mermaid or DOT text."""
    return DiagramMachine(scenario, fmt).diagram().source
