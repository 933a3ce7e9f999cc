"""What the dialogue diagram says and how it is coloured: node and edge labels, the commitment palette,
and escaping for Mermaid. Shared by every diagram engine so mermaid and DOT always agree."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from game.content.model import CHOICE_DIMENSIONS, Choice, Commitment, Node, Scenario

#: One letter per scored dimension in edge labels: "P+2 E-1 C+2".
DIMENSION_LETTERS: Mapping[str, str] = MappingProxyType({"professionalism": "P", "empathy": "E", "clarity": "C"})
NODE_TEXT = 42
CHOICE_TEXT = 26
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Colour:
    """Fill, border and text colour of a kind of node."""

    fill: str
    stroke: str
    text: str = "#1a1a1a"


#: Endings are coloured by the commitment they secure, from green (full) to red (none).
ENDING_COLOURS: Mapping[Commitment, Colour] = MappingProxyType({
    Commitment.FULL: Colour("#b9e4b4", "#2e7d32"),
    Commitment.PLAN: Colour("#cfe6f7", "#1565c0"),
    Commitment.PARTIAL: Colour("#fff0b0", "#a37c00"),
    Commitment.CALLBACK: Colour("#ffdcbc", "#c25e00"),
    Commitment.NONE: Colour("#f6c6c6", "#b71c1c"),
})
DIALOGUE_COLOUR = Colour("#ffffff", "#555555")
HANG_UP_COLOUR = "#b71c1c"


def short(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary to at most `limit` characters (with an ellipsis)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit - 1].rsplit(" ", 1)[0] if " " in flat[:limit - 1] else flat[:limit - 1]
    return cut.rstrip(" ,.;:-") + ELLIPSIS


def score_text(score: Mapping[str, int]) -> str:
    """A choice's score in a few characters: `P+2 C+2`, or `±0` when it scores nothing."""
    parts = [f"{DIMENSION_LETTERS[d]}{score[d]:+d}" for d in CHOICE_DIMENSIONS if score.get(d)]
    return " ".join(parts) if parts else "±0"


def node_style(scenario: Scenario, node: Node) -> str:
    """The style class of a node: `dialogue`, `hangup` (the hang-up ending) or the ending's commitment."""
    if node.ending is None:
        return "dialogue"
    if node.id == scenario.hang_up_to:
        return "hangup"
    return node.ending.commitment.value


def style_colour(style: str) -> Colour:
    """The colours of a node style."""
    if style == "dialogue":
        return DIALOGUE_COLOUR
    if style == "hangup":
        return ENDING_COLOURS[Commitment.NONE]
    return ENDING_COLOURS[Commitment(style)]


def node_label(scenario: Scenario, node: Node) -> str:
    """`node-id: start of the client line`, with the commitment for endings."""
    head = node.id
    if node.ending is not None:
        head += f" ({'hang-up, ' if node.id == scenario.hang_up_to else ''}{node.ending.commitment.value})"
    return f"{head}: {short(node.client, NODE_TEXT)}"


def choice_label(choice: Choice, target: str) -> str:
    """`2: You're late again… P-2 E-2`, plus the route condition(s) that send this choice to `target`
    when its `goto` is a list of conditional routes."""
    label = f"{choice.index + 1}: {short(choice.say, CHOICE_TEXT)} {score_text(choice.score)}"
    if len(choice.routes) > 1:
        conditions = [f"if {r.condition}" if r.condition else "otherwise" for r in choice.routes if r.target == target]
        label += f" [{' or '.join(dict.fromkeys(conditions))}]"
    return label


def hang_up_label(scenario: Scenario, choice_numbers: list[int]) -> str:
    """The label of the hang-up edge from one node: which choices may trigger it, and when."""
    when = " or ".join(f"{meter} <= {value}" for meter, value in scenario.hang_up_when.items())
    numbers = ", ".join(str(n) for n in choice_numbers)
    return f"hang-up after {numbers} if {when}"


_MERMAID_ENTITIES = {"#": "#35;", ":": "#58;", ";": "#59;", '"': "#quot;", "<": "#lt;", ">": "#gt;",
                     "{": "#123;", "}": "#125;", "%": "#37;", "`": "#96;"}


def mermaid_text(text: str) -> str:
    """Text safe inside a Mermaid label: characters the parser treats specially become Mermaid entity
    codes (`#58;` for `:`), which Mermaid decodes back when it renders."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in " ".join(text.split()))


def mermaid_id(node_id: str) -> str:
    """A Mermaid state id for a node id: kebab-case ids have dashes, which Mermaid state ids cannot
    contain, and a prefix keeps ids such as `end` or `state` from reading as keywords."""
    return "n_" + node_id.replace("-", "_")
