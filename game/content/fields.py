"""Typed access to a positioned YAML mapping that reports, rather than raises, every mismatch.

Each accessor names what was expected and what it got; unknown keys get a "did you mean" hint.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from typing import Iterable

from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.yaml_source import INVALID, YMap, YNode, YScalar, YSeq, describe
from game.content.yaml_tree import leading_zero_number, written_text

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Fields:
    """Reads the keys of one mapping; `finish()` reports keys that nobody asked for."""

    def __init__(self, node: YNode | None, where: str, diags: Diagnostics, allowed: Iterable[str],
                 pos: SourcePos) -> None:
        self.where = where
        self.diags = diags
        self.allowed = tuple(allowed)
        self.ok = isinstance(node, YMap)
        self.map: YMap = node if isinstance(node, YMap) else YMap({}, pos)
        self.pos = node.pos if node is not None else pos
        self.anchor = pos  # where the mapping is named (its key), for "missing key" errors
        self.folded: dict[str, str] = {}  # unknown key -> the required key it stands for (one error, not two)
        if node is not None and not self.ok:
            diags.error(node.pos, f"{where} must be a mapping of keys, got {describe(node)}",
                        "write it as `key: value` lines indented under its name", code="type")

    # -- presence ---------------------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.map.entries

    def key_pos(self, key: str) -> SourcePos:
        entry = self.map.entries.get(key)
        return entry.key_pos if entry else self.pos

    def node(self, key: str, required: bool = True) -> YNode | None:
        entry = self.map.entries.get(key)
        if entry is None:
            if required and self.ok and not self.fold(key):
                self.diags.error(self.anchor, f"{self.where} is missing the required key '{key}'",
                                 f"add `{key}:` (see docs/scenario-format.md)", code="missing-key")
            return None
        if isinstance(entry.value, YScalar) and entry.value.value is INVALID:
            return None  # already reported where it was read
        if isinstance(entry.value, YScalar) and entry.value.value is None:
            if required:
                self.diags.error(entry.value.pos, f"'{key}' in {self.where} is empty",
                                 f"give '{key}' a value", code="missing-key")
            return None
        return entry.value

    def misspelling(self, key: str) -> str | None:
        """The unknown key of this mapping that looks like a misspelt `key` (`chioces` for `choices`)."""
        for written in self.map.entries:
            if written not in self.allowed and written not in self.folded \
                    and difflib.get_close_matches(written, self.allowed, n=1, cutoff=0.6) == [key]:
                return written
        return None

    def fold(self, key: str) -> bool:
        """When `key` is missing because it was misspelt, fold the "missing `key`" error into the
        unknown-key error `finish()` gives for the misspelling; True if so."""
        written = self.misspelling(key)
        if written is None:
            return False
        self.folded[written] = key
        return True

    def coerced(self, key: str, node: YNode, expected: str) -> bool:
        """Refuse a number YAML would silently change (`0042` is read as the octal 34, `1:30` as 90);
        True if refused."""
        if not leading_zero_number(node):
            return False
        assert isinstance(node, YScalar)
        self.diags.error(node.pos, f"'{key}' in {self.where} must be {expected} written without leading zeros "
                         f"or ':', got '{node.source}' (YAML would read it as {node.value})",
                         f"write {str(node.source).lstrip('0') or '0'}, or quote it if it is text", code="coercion")
        return True

    def _type_error(self, key: str, node: YNode, expected: str, hint: str = "") -> None:
        self.diags.error(node.pos, f"'{key}' in {self.where} must be {expected}, got {describe(node)}",
                         hint, code="type")

    # -- scalars ----------------------------------------------------------------------------
    def text(self, key: str, required: bool = True, default: str = "") -> str:
        node = self.node(key, required)
        if node is None:
            return default
        written = written_text(node)  # `0042`, `yes`, `2026-01-01` as written, never as YAML changed them
        if written is not None:
            text = written.strip()
            if not text and required:
                self.diags.error(node.pos, f"'{key}' in {self.where} is empty", f"give '{key}' some text",
                                 code="missing-key")
            return text
        self._type_error(key, node, "text", "quote it if it contains ':' or starts with a symbol")
        return default

    def ident(self, key: str, required: bool = True) -> str:
        node = self.node(key, required)
        value = self.text(key, required) if node is not None else ""
        if value and not KEBAB.match(value):
            self.diags.error(node.pos, f"'{key}' in {self.where} must be kebab-case (lowercase words joined "
                             f"by '-'), got '{value}'", f"try '{slug(value)}'", code="id")
        return value

    def integer(self, key: str, lo: int, hi: int, required: bool = True, default: int | None = None) -> int | None:
        node = self.node(key, required)
        if node is None:
            return default
        return self.int_value(key, node, lo, hi, default)

    def int_value(self, key: str, node: YNode, lo: int, hi: int, default: int | None = None) -> int | None:
        if self.coerced(key, node, "a whole number"):
            return default
        if not (isinstance(node, YScalar) and isinstance(node.value, int) and not isinstance(node.value, bool)):
            self._type_error(key, node, f"a whole number from {lo} to {hi}")
            return default
        if not lo <= node.value <= hi:
            self.diags.error(node.pos, f"'{key}' in {self.where} must be from {lo} to {hi}, got {node.value}",
                             code="range")
            return default
        return node.value

    def number(self, key: str, lo: float, required: bool = True) -> float | None:
        node = self.node(key, required)
        if node is None:
            return None
        if self.coerced(key, node, "a number"):
            return None
        if not (isinstance(node, YScalar) and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool)):
            self._type_error(key, node, "a number", "write amounts without currency signs, e.g. 2450.00")
            return None
        if not math.isfinite(node.value):
            self.diags.error(node.pos, f"'{key}' in {self.where} must be a finite number, got {node.value}",
                             "write an amount such as 2450.00", code="range")
            return None
        if node.value < lo:
            self.diags.error(node.pos, f"'{key}' in {self.where} must be at least {lo:g}, got {node.value}",
                             code="range")
            return None
        return float(node.value)

    def date(self, key: str, required: bool = True) -> _dt.date | None:
        node = self.node(key, required)
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, _dt.date) and not isinstance(node.value, _dt.datetime):
            return node.value
        self._type_error(key, node, "a date written YYYY-MM-DD")
        return None

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        node = self.node(key, required)
        if node is None:
            return ()
        if not isinstance(node, YSeq):
            self._type_error(key, node, "a list of text lines", "write each item on its own `- ` line")
            return ()
        out = []
        for item in node.items:
            written = written_text(item)
            if written is not None:
                out.append(written)
            else:
                self.diags.error(item.pos, f"items of '{key}' in {self.where} must be text, got {describe(item)}",
                                 code="type")
        return tuple(out)

    def seq(self, key: str, required: bool = True) -> YSeq | None:
        node = self.node(key, required)
        if node is None:
            return None
        if not isinstance(node, YSeq):
            self._type_error(key, node, "a list", "write each item on its own `- ` line")
            return None
        return node

    def sub(self, key: str, where: str, allowed: Iterable[str], required: bool = True) -> "Fields":
        return Fields(self.node(key, required), where, self.diags, allowed, self.key_pos(key))

    # -- closing ----------------------------------------------------------------------------
    def finish(self) -> None:
        """Report every key that is not one of `allowed`, with a did-you-mean hint."""
        for key, entry in self.map.entries.items():
            if key in self.allowed:
                continue
            meant = self.folded.get(key)
            if meant is not None:
                self.diags.error(entry.key_pos, f"unknown key '{key}' in {self.where}: '{meant}' is required; "
                                 f"did you mean '{meant}'?", f"rename `{key}:` to `{meant}:`", code="unknown-key")
                continue
            hint = did_you_mean(key, self.allowed) or f"allowed keys: {', '.join(self.allowed)}"
            self.diags.error(entry.key_pos, f"unknown key '{key}' in {self.where}", hint, code="unknown-key")


def slug(text: str) -> str:
    """A kebab-case version of some text, for hints."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-id"
