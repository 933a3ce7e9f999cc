"""A minimal stand-in for `graphviz.Digraph` that writes DOT text, for machines without the `graphviz`
Python package. It implements only what the dialogue diagram uses: graph/node/edge defaults,
`node`, `edge` and `source`; every id and value is quoted, so any text is valid DOT."""

from __future__ import annotations

from typing import Mapping


def quote(value: str) -> str:
    """A DOT double-quoted string. Like the graphviz package, quotes are escaped and backslashes are
    left alone (DOT escape sequences such as `\\l` keep working; callers double literal backslashes)."""
    return '"' + str(value).replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


def _attrs(attrs: Mapping[str, str]) -> str:
    return " ".join(f"{key}={quote(val)}" for key, val in attrs.items() if val is not None)


class TextDigraph:
    """Builds a DOT `digraph` line by line, with the same calls as `graphviz.Digraph`."""

    def __init__(self, name: str = "", graph_attr: Mapping[str, str] | None = None,
                 node_attr: Mapping[str, str] | None = None, edge_attr: Mapping[str, str] | None = None) -> None:
        self.name = name
        self.graph_attr = dict(graph_attr or {})
        self.node_attr = dict(node_attr or {})
        self.edge_attr = dict(edge_attr or {})
        self.body: list[str] = []

    def node(self, name: str, label: str | None = None, **attrs: str) -> None:
        """Add a node; `label` and the other attributes are quoted."""
        attrs = {"label": label, **attrs} if label is not None else attrs
        self.body.append(f"\t{quote(name)} [{_attrs(attrs)}]" if attrs else f"\t{quote(name)}")

    def edge(self, tail_name: str, head_name: str, label: str | None = None, **attrs: str) -> None:
        """Add an edge; `label` and the other attributes are quoted."""
        attrs = {"label": label, **attrs} if label is not None else attrs
        line = f"\t{quote(tail_name)} -> {quote(head_name)}"
        self.body.append(f"{line} [{_attrs(attrs)}]" if attrs else line)

    @property
    def source(self) -> str:
        """The DOT text of the graph."""
        head = [f"digraph {quote(self.name)} {{"]
        for kind, attrs in (("graph", self.graph_attr), ("node", self.node_attr), ("edge", self.edge_attr)):
            if attrs:
                head.append(f"\t{kind} [{_attrs(attrs)}]")
        return "\n".join(head + self.body + ["}"]) + "\n"
