"""The positioned tree a YAML file is read into: mappings, lists and scalars that know where they were
written. Built by `game.content.yaml_build`, read by the loaders through `game.content.fields`."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Union

from game.content.diagnostics import SourcePos
from game.content.safe_text import escape_unsafe


class _Invalid:
    """The value of a node that was already reported (refused tag, unreadable scalar): readers treat
    it as absent without reporting it again."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()


@dataclass(frozen=True, slots=True)
class YScalar:
    """A scalar value (str, int, float, bool, None, date) and where it was written."""

    value: object
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class YEntry:
    """One `key: value` of a mapping, with where the key was written."""

    key: str
    key_pos: SourcePos
    value: "YNode"


@dataclass(frozen=True, slots=True)
class YMap:
    """A mapping with text keys in file order; `entries` maps key -> YEntry."""

    entries: dict[str, YEntry]
    pos: SourcePos

    def get(self, key: str) -> "YNode | None":
        entry = self.entries.get(key)
        return entry.value if entry else None


@dataclass(frozen=True, slots=True)
class YSeq:
    """A list and where it starts."""

    items: tuple["YNode", ...]
    pos: SourcePos


YNode = Union[YMap, YSeq, YScalar]


def short_text(text: str, limit: int = 40) -> str:
    """`text` on one line (whitespace runs as one space, anything unsafe escaped), cut to `limit`
    characters with '...': for quoting a value inside a one-line message."""
    text = escape_unsafe(" ".join(text.split()))
    return text if len(text) <= limit else text[:limit - 3] + "..."


def describe(node: YNode | None) -> str:
    """A short human description of what a node is, for 'expected X, got Y' messages."""
    if node is None:
        return "nothing"
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    value = node.value
    if value is INVALID:
        return "an invalid value"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    return f"the text '{short_text(str(value))}'"
