"""Safe YAML reading into a positioned tree.

PyYAML's composer gives us nodes with marks; we turn them into `YMap`/`YSeq`/`YScalar` that carry a
`SourcePos`, catching what plain `yaml.safe_load` hides or gets wrong: duplicate keys, non-standard
tags (never constructed, so `!!python/object` cannot execute anything), alias bombs, bad encodings,
binary and oversized files. Problems go to `Diagnostics`; nothing here raises for a user mistake.
"""

from __future__ import annotations

import datetime as _dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Union

import yaml

from game.content.diagnostics import Diagnostics, SourcePos

#: The C loader when PyYAML was built with libyaml, the pure-Python one otherwise.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_BOM = b"\xef\xbb\xbf"


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
    items: tuple["YNode", ...]
    pos: SourcePos


YNode = Union[YMap, YSeq, YScalar]


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
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"the text '{text}'"


def _pos_of_offset(data: bytes, offset: int, file: str) -> SourcePos:
    before = data[:offset]
    line = before.count(b"\n") + 1
    line_start = before.rfind(b"\n") + 1
    col = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1  # characters, like YAML's marks
    return SourcePos(file, line, col)


def read_text(path: Path, diags: Diagnostics, display: str | None = None) -> str | None:
    """Read a YAML file as UTF-8 text, reporting unreadable, binary, oversized or mis-encoded files."""
    file = display or str(path)
    start = SourcePos(file, 1, 1)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(start, f"file is {size:,} bytes; scenario files are limited to {MAX_FILE_BYTES:,} bytes "
                        f"({MAX_FILE_BYTES // 1_048_576} MB)", "split it, or check that this is the file you meant")
            return None
        data = path.read_bytes()
    except IsADirectoryError:
        diags.error(start, "expected a YAML file, got a folder")
        return None
    except OSError as exc:
        diags.error(start, f"cannot read file: {exc.strerror or exc}")
        return None
    if data.startswith(_BOM):  # positions below are then counted as an editor shows them, without the BOM
        data = data[len(_BOM):]
    nul = data.find(b"\x00")
    if nul != -1:
        diags.error(_pos_of_offset(data, nul, file), "expected a YAML text file, got binary data (a NUL byte)",
                    "save the scenario as plain UTF-8 text")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error(_pos_of_offset(data, exc.start, file),
                    f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x}",
                    "re-save the file as UTF-8 in your editor")
        return None
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        diags.error(start, "file is empty: expected a YAML mapping", "start from `ardojo new` or docs/scenario-format.md")
        return None
    return text


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building large acyclic trees: its collections
    would walk every object just built, costing more than the building itself. Nests safely."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def parse_yaml(text: str, file: str, diags: Diagnostics) -> YNode | None:
    """Compose YAML text into a positioned tree; syntax errors are reported at the parser's position."""
    try:
        with gc_paused():
            root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = SourcePos(file, mark.line + 1, mark.column + 1) if mark else SourcePos(file, 1, 1)
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}, {problem}"
        if exc.context_mark and mark is exc.problem_mark and "end of stream" in problem:
            # an unclosed quote or bracket: the end of the file says little; say where it was opened
            problem += f" (it starts at line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1})"
        diags.error(pos, f"YAML syntax error: {problem}", "check indentation, colons and quotes on this line")
        return None
    except yaml.YAMLError as exc:
        diags.error(SourcePos(file, 1, 1), f"YAML error: {exc}")
        return None
    if root is None:
        diags.error(SourcePos(file, 1, 1), "file is empty: expected a YAML mapping",
                    "start from `ardojo new` or docs/scenario-format.md")
        return None
    with gc_paused():
        # aliases need an anchor (`&name`): without one in the text there is nothing to size up
        return _Converter(file, diags).convert(root, may_alias="&" in text)


def load_yaml(path: Path, diags: Diagnostics, display: str | None = None) -> YNode | None:
    """Read and parse one YAML file safely into a positioned tree, or None with diagnostics."""
    text = read_text(path, diags, display)
    if text is None:
        return None
    return parse_yaml(text, display or str(path), diags)


def expanded_size(root: yaml.Node) -> int:
    """How many values the document has once every alias is expanded, computed without expanding
    (shared nodes are sized once), so an alias bomb is caught before any work is done."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = MAX_NODES + 1  # a node that contains itself (a recursive alias) is too big
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(item) for item in node.value)
        else:
            total = 1
        total = min(total, MAX_NODES + 1)
        sizes[id(node)] = total
        return total

    return size(root)


class _Converter:
    """Walks composed nodes, building the positioned tree (alias bombs are sized first, see `expanded_size`)."""

    def __init__(self, file: str, diags: Diagnostics) -> None:
        self.file = file
        self.diags = diags
        self.scalars = yaml.SafeLoader("")
        self.constructors = yaml.SafeLoader.yaml_constructors

    def pos(self, node: yaml.Node) -> SourcePos:
        mark = node.start_mark
        return SourcePos(self.file, mark.line + 1, mark.column + 1)

    def convert(self, root: yaml.Node, may_alias: bool = True) -> YNode | None:
        if may_alias and expanded_size(root) > MAX_NODES:
            self.diags.error(self.pos(root), f"the document expands to more than {MAX_NODES:,} values "
                             "(an alias bomb?)", "use fewer nested aliases (*name)")
            return None
        return self.node(root)

    def node(self, node: yaml.Node) -> YNode:
        pos = SourcePos(self.file, node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
            return YScalar(node.value, pos)
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.diags.error(pos, f"the tag '{tag}' is not allowed: expected plain data (text, numbers, "
                             "lists, mappings)", "remove the tag; tags are never executed", code="tag")
            return YScalar(INVALID, pos)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, pos)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(tuple(self.node(item) for item in node.value), pos)
        try:
            value = self.constructors[node.tag](self.scalars, node)
        except (ValueError, yaml.YAMLError) as exc:
            self.diags.error(pos, f"cannot read the value '{node.value}': {exc}")
            value = INVALID
        return YScalar(value, pos)

    def mapping(self, node: yaml.MappingNode, pos: SourcePos) -> YMap:
        entries: dict[str, YEntry] = {}
        merged: dict[str, YEntry] = {}
        for key_node, value_node in node.value:
            key_pos = self.pos(key_node)
            if key_node.tag == _MERGE_TAG:
                self.merge(value_node, merged)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.diags.error(key_pos, "expected a plain key, got a mapping or list as a key")
                continue
            key = str(key_node.value)
            if key in entries:
                first = entries[key].key_pos
                self.diags.error(key_pos, f"duplicate key '{key}' (first at line {first.line})",
                                 "YAML would silently keep only the last one; rename or remove one of them",
                                 code="duplicate-key")
                continue
            entries[key] = YEntry(key, key_pos, self.node(value_node))
        for key, entry in merged.items():
            entries.setdefault(key, entry)
        return YMap(entries, pos)

    def merge(self, value_node: yaml.Node, merged: dict[str, YEntry]) -> None:
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            converted = self.node(source)
            if isinstance(converted, YMap):
                for key, entry in converted.entries.items():
                    merged.setdefault(key, entry)
            else:
                self.diags.error(self.pos(source), "expected a mapping to merge with '<<', got "
                                 + describe(converted))
