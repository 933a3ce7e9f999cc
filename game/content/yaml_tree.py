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
    """A scalar value (str, int, float, bool, None, date) and where it was written. `source` is the text
    as written when YAML read a plain (unquoted, untagged) scalar as something other than text and that
    text says more than the value does (`0042`, `yes`, `2026-01-01`, `1.50`, `14:30`); else None."""

    value: object
    pos: SourcePos
    source: str | None = None


#: Plain words YAML 1.1 reads as booleans but YAML 1.2 (and so an editor's schema check) as text:
#: where text is expected they are kept as written. `true` and `false` stay booleans everywhere.
YAML11_BOOL_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})


def written_text(node: "YNode | None") -> str | None:
    """The text an author wrote for a scalar where text is expected: text as is, numbers, dates and
    YAML 1.1 boolean words (`yes`, `off`) as written, not as YAML changed them (`0042` stays "0042",
    not 34). None for anything else (a mapping, a list, true/false, null, an invalid value)."""
    if not isinstance(node, YScalar):
        return None
    value = node.value
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return node.source if node.source is not None and node.source.lower() in YAML11_BOOL_WORDS else None
    if isinstance(value, (int, float, _dt.date)):
        return node.source if node.source is not None else str(value)
    return None


def leading_zero_number(node: "YNode | None") -> bool:
    """True for a plain whole number written with leading zeros (`0042`, `-007`: YAML 1.1 reads `0042`
    as the octal number 34) or in base 60 (`1:30` is 90, `1:30.5` 90.5)."""
    if not isinstance(node, YScalar) or node.source is None or isinstance(node.value, bool) \
            or not isinstance(node.value, (int, float)) or (isinstance(node.value, float) and ":" not in node.source):
        return False
    digits = node.source.lstrip("+-").replace("_", "")
    return ":" in digits or (len(digits) > 1 and digits[0] == "0" and digits[1].isdigit())


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
        return f"the boolean {node.source or str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {node.source or value}"
    if isinstance(value, _dt.datetime):
        return f"the date and time {value.isoformat(' ')}"
    if isinstance(value, _dt.date):
        return f"the date {value.isoformat()}"
    return f"the text '{short_text(str(value))}'"
