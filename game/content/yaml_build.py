"""Build the positioned tree straight from the YAML parser's events, within fixed bounds.

One pass, no recursion and no intermediate node graph: the parser (libyaml when available) streams
events, and `TreeBuilder` turns them into `YMap`/`YSeq`/`YScalar`. On the way it refuses what the
plain loaders hide or get wrong, each with a position: duplicate keys and anchors, tags other than
plain data (never constructed), values an explicit tag cannot read (`!!bool maybe`), text with control
characters or direction overrides, texts over `MAX_TEXT_CHARS`, over-large numbers. Two bounds stop
the read at once with one clear error, whatever the input: the nesting depth (never Python's recursion
limit) and the number of values once aliases are expanded (alias bombs, and a million tiny scalars
alike). A refused file costs what reading up to the bound does, not what its size would.
"""

from __future__ import annotations

from typing import Callable

import yaml

from game.content.diagnostics import Diagnostics, SourcePos
from game.content.safe_text import char_name, first_unsafe
from game.content.yaml_tree import INVALID, YEntry, YMap, YNode, YScalar, YSeq, describe, short_text

MAX_TEXT_CHARS = 10_000
MAX_INT_BITS = 63

_Y = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _NULL, _MERGE, _INT = (_Y + "str", _Y + "map", _Y + "seq", _Y + "null", _Y + "merge",
                                        _Y + "int")
#: Scalar tags read as text: '=' and '<<' written as values are text to an author, not YAML machinery.
_TEXT_TAGS = frozenset({_STR, _Y + "value", _MERGE})
#: What an explicitly tagged scalar must look like, for the message when it does not.
_SCALAR_TAGS = {
    _Y + "bool": "true or false",
    _Y + "int": "a whole number",
    _Y + "float": "a number",
    _Y + "null": "nothing (an empty value, null or ~)",
    _Y + "timestamp": "a date written YYYY-MM-DD (or a date and time)",
}
#: Everything the safe constructors can raise on a malformed value (`!!int ''` is an IndexError,
#: `!!bool maybe` a KeyError, `!!timestamp abc` an AttributeError).
_CONSTRUCT_ERRORS = (ValueError, KeyError, IndexError, TypeError, AttributeError, OverflowError, yaml.YAMLError)
_IMPLICIT = yaml.resolver.Resolver.yaml_implicit_resolvers
_WILDCARD = tuple(_IMPLICIT.get(None, ()))
TAG_HINT = "remove the tag; tags are never executed"


def short_tag(tag: str) -> str:
    """`!!int` for `tag:yaml.org,2002:int`, as an author writes it."""
    return tag.replace(_Y, "!!")


class Stop(Exception):
    """A bound was crossed: reading stops with this one error."""

    def __init__(self, pos: SourcePos, message: str, hint: str, code: str) -> None:
        super().__init__(message)
        self.pos, self.message, self.hint, self.code = pos, message, hint, code


class _Frame:
    """A mapping or list being read."""

    __slots__ = ("is_map", "pos", "items", "entries", "merged", "key", "anchor", "count0", "refused", "mark")

    def __init__(self, is_map: bool, pos: SourcePos, anchor: str | None, count0: int, mark: int) -> None:
        self.is_map = is_map
        self.pos = pos
        self.items: list[YNode] = []
        self.entries: dict[str, YEntry] = {}
        self.merged: dict[str, YEntry] | None = None
        self.key: tuple[str, SourcePos] | object | None = None  # pending key, _MERGE_KEY or _SKIP; None: want one
        self.anchor = anchor
        self.count0 = count0  # values read before this one: its expanded size is the difference at its end
        self.refused: tuple[str, str] | None = None  # (message, hint) when its tag is refused
        self.mark = mark  # diagnostics before it: a refused node reports only its refusal


_SKIP = object()  # a key already reported (duplicate, refused): its value is read and dropped
_MERGE_KEY = object()  # `<<`: the value is merged in


class TreeBuilder:
    """Turns one YAML document's events into a positioned tree; see the module docstring."""

    def __init__(self, text: str, file: str, diags: Diagnostics, max_nodes: int, max_depth: int) -> None:
        self.text = text
        self.file = file
        self.diags = diags
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.stack: list[_Frame] = []
        self.count = 0
        self.aliased = False
        self.root_pos = SourcePos(file, 1, 1)
        self.anchors: dict[str, tuple[YNode, int, SourcePos]] = {}
        self.open_anchors: set[str] = set()
        self.scalars = yaml.constructor.SafeConstructor()
        self.constructors: dict[str | None, Callable] = yaml.SafeLoader.yaml_constructors

    # -- the event loop -------------------------------------------------------------------------
    def build(self, next_event: Callable[[], yaml.Event | None]) -> YNode | None:
        """Read events until the end of the stream; the root node, or None for an empty stream.
        Raises `Stop` when a bound is crossed, and the parser's errors for broken syntax."""
        root: YNode | None = None
        documents = 0
        stack = self.stack
        scalar_event = yaml.ScalarEvent
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                top = stack[-1] if stack else None
                if top is not None and top.is_map and top.key is None:
                    self.key(top, event)
                    continue
                node: YNode = self.scalar(event)
                if top is not None and not top.is_map:  # the common case, without `attach`
                    top.items.append(node)
                    continue
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.open(event, kind is yaml.MappingStartEvent)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                node = self.close()
            elif kind is yaml.AliasEvent:
                node = self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise Stop(self.pos(event), "YAML syntax error: expected a single document in the stream, "
                               "but found another document", "remove the `---` line, or split the file in two",
                               "syntax")
                continue
            elif event is None or kind is yaml.StreamEndEvent:
                return root
            else:  # stream start, document end
                continue
            if stack:
                self.attach(stack[-1], node)
            else:
                root = node

    def pos(self, event: yaml.Event) -> SourcePos:
        mark = event.start_mark
        return SourcePos(self.file, mark.line + 1, mark.column + 1)

    def tally(self, size: int, pos: SourcePos) -> None:
        """Count `size` more values; past the cap, stop (an alias bomb, or just too much)."""
        if not self.count:  # the first value: where the document starts
            self.root_pos = pos
        self.count += size
        if self.count > self.max_nodes:
            self.over()

    def over(self) -> None:
        """Stop: the document has more values than the cap."""
        if self.aliased:
            raise Stop(self.root_pos, f"the document expands to more than {self.max_nodes:,} values "
                       "(an alias bomb?)", "use fewer nested aliases (*name)", "size")
        raise Stop(self.root_pos, f"the document has more than {self.max_nodes:,} values",
                   "a scenario needs far fewer; split the file, or check that this is the file you meant", "size")

    # -- mappings and lists ---------------------------------------------------------------------
    def open(self, event: yaml.CollectionStartEvent, is_map: bool) -> None:
        pos = self.pos(event)
        if len(self.stack) >= self.max_depth:
            raise Stop(pos, f"the YAML is nested more than {self.max_depth} levels deep",
                       "scenario files need only a few levels; look for a runaway run of '[' or '{'", "nesting")
        count0 = self.count
        self.tally(1, pos)
        frame = _Frame(is_map, pos, event.anchor, count0, len(self.diags.items))
        tag = event.tag
        if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
            frame.refused = self.refusal(tag, "a mapping" if is_map else "a list")
        if event.anchor is not None:
            self.check_anchor(event.anchor, pos)
            self.open_anchors.add(event.anchor)
        self.stack.append(frame)

    def close(self) -> YNode:
        frame = self.stack.pop()
        if frame.is_map:
            if frame.merged:
                for key, entry in frame.merged.items():
                    frame.entries.setdefault(key, entry)
            node: YNode = YMap(frame.entries, frame.pos)
        else:
            node = YSeq(tuple(frame.items), frame.pos)
        if frame.refused is not None:
            del self.diags.items[frame.mark:]  # what is inside a refused node does not matter
            self.diags.error(frame.pos, frame.refused[0], frame.refused[1], code="tag")
            node = YScalar(INVALID, frame.pos)
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (node, self.count - frame.count0, frame.pos)
        return node

    def attach(self, frame: _Frame, node: YNode) -> None:
        """Put a finished node into the mapping or list being read."""
        if not frame.is_map:
            frame.items.append(node)
            return
        key = frame.key
        if key is None:  # a mapping, list or alias where a key belongs
            got = "an alias (*name)" if isinstance(node, YScalar) else describe(node)
            self.diags.error(node.pos, f"expected a plain key, got {got} as a key", "write keys as plain words",
                             code="key")
            frame.key = _SKIP
            return
        frame.key = None
        if key is _MERGE_KEY:
            self.merge(frame, node)
        elif key is not _SKIP:
            name, key_pos = key  # type: ignore[misc]
            frame.entries[name] = YEntry(name, key_pos, node)

    def key(self, frame: _Frame, event: yaml.ScalarEvent) -> None:
        """A scalar where a mapping expects its next key."""
        pos = self.pos(event)
        self.tally(1, pos)
        name, tag = event.value, event.tag
        frame.key = _SKIP  # unless the key is fine
        if event.anchor is not None:
            self.check_anchor(event.anchor, pos)
            self.anchors[event.anchor] = (YScalar(name, pos), 1, pos)
        if tag is None or tag == "!":
            if name == "<<" and event.implicit[0]:
                frame.key = _MERGE_KEY
                return
        elif tag == _MERGE:
            frame.key = _MERGE_KEY
            return
        elif tag not in _SCALAR_TAGS and tag not in _TEXT_TAGS:
            message, hint = self.refusal(tag, "a key")
            self.diags.error(pos, message, hint, code="tag")
            return
        if self.bad_text(name, event, pos, one_line=True):
            return
        entry = frame.entries.get(name)
        if entry is not None:
            self.diags.error(pos, f"duplicate key '{name}' (first at line {entry.key_pos.line})",
                             "YAML would silently keep only the last one; rename or remove one of them",
                             code="duplicate-key")
            return
        frame.key = (name, pos)

    def merge(self, frame: _Frame, value: YNode) -> None:
        """`<<: *base` or `<<: [*a, *b]`: the keys of those mappings, unless the mapping sets its own."""
        if frame.merged is None:
            frame.merged = {}
        for source in value.items if isinstance(value, YSeq) else (value,):
            if isinstance(source, YMap):
                for key, entry in source.entries.items():
                    frame.merged.setdefault(key, entry)
            elif not (isinstance(source, YScalar) and source.value is INVALID):
                self.diags.error(source.pos, "expected a mapping to merge with '<<', got " + describe(source), code="type")

    # -- anchors and aliases --------------------------------------------------------------------
    def check_anchor(self, anchor: str, pos: SourcePos) -> None:
        first = self.anchors.get(anchor)
        if first is not None or anchor in self.open_anchors:
            line = f" (first at line {first[2].line})" if first is not None else ""
            self.diags.error(pos, f"duplicate anchor '&{anchor}'{line}", "give every anchor its own name",
                             code="anchor")

    def alias(self, event: yaml.AliasEvent) -> YNode:
        pos = self.pos(event)
        anchor = event.anchor
        found = self.anchors.get(anchor)
        if found is None:
            if anchor in self.open_anchors:
                self.diags.error(pos, f"the alias '*{anchor}' is inside the node it repeats (a recursive alias)",
                                 "an alias can only repeat a node that ends before it", code="anchor")
            else:
                self.diags.error(pos, f"the alias '*{anchor}' repeats no anchor written before it",
                                 f"mark the node to repeat with `&{anchor}` first, or check the spelling",
                                 code="anchor")
            self.tally(1, pos)
            return YScalar(INVALID, pos)
        node, size, _ = found
        self.aliased = True
        self.tally(size, pos)
        return node

    # -- scalars --------------------------------------------------------------------------------
    def scalar(self, event: yaml.ScalarEvent) -> YScalar:
        """A value: text (checked), or a bool, number, date or null; a refused tag is reported.
        The common cases (text, small whole numbers) take a short path: a file may have 100,000."""
        mark = event.start_mark
        pos = SourcePos(self.file, mark.line + 1, mark.column + 1)
        if not self.count:
            self.root_pos = pos
        self.count += 1
        if self.count > self.max_nodes:
            self.over()
        value, tag = event.value, event.tag
        explicit = tag is not None and tag != "!"
        if not explicit:
            tag = self.resolve(value) if event.implicit[0] and (value[:1] in _IMPLICIT or _WILDCARD) else _STR
        if tag in _TEXT_TAGS:
            checked = len(value) <= MAX_TEXT_CHARS and value.isprintable()  # else look closer
            node = YScalar(value if checked or not self.bad_text(value, event, pos) else INVALID, pos)
        elif tag == _INT and not explicit and value.isdigit() and len(value) < 19 and value[0] != "0":
            node = YScalar(int(value), pos)  # what construct_yaml_int gives for plain decimal digits
        elif tag in _SCALAR_TAGS:
            value = self.construct(tag, event, pos, explicit)
            # keep what was written when YAML read it as something else (`0042` is 34, `yes` True)
            keep = not explicit and value is not None and value is not INVALID
            node = YScalar(value, pos, event.value if keep else None)
        else:
            message, hint = self.refusal(tag, "a single value")
            self.diags.error(pos, message, hint, code="tag")
            node = YScalar(INVALID, pos)
        if event.anchor is not None:
            self.check_anchor(event.anchor, pos)
            self.anchors[event.anchor] = (node, 1, pos)
        return node

    @staticmethod
    def resolve(value: str) -> str:
        """The tag YAML gives a plain scalar (PyYAML's implicit resolvers, as `yaml.compose` applies them)."""
        for tag, regexp in _IMPLICIT.get(value[:1], ()):
            if regexp.match(value):
                return tag
        for tag, regexp in _WILDCARD:
            if regexp.match(value):
                return tag
        return _STR

    def construct(self, tag: str, event: yaml.ScalarEvent, pos: SourcePos, explicit: bool) -> object:
        """A bool, number, date or null from its text; a value the tag cannot read is reported."""
        raw = event.value
        node = yaml.ScalarNode(tag, raw, event.start_mark, event.end_mark)
        try:
            value = self.constructors[tag](self.scalars, node)
            if explicit and tag == _NULL and self.resolve(raw) != _NULL:
                raise ValueError("not a null")
        except _CONSTRUCT_ERRORS as exc:
            if explicit:
                self.diags.error(pos, f"cannot read the value '{short_text(raw)}' as {short_tag(tag)}: expected "
                                 f"{_SCALAR_TAGS[tag]}", "fix the value, or remove the tag", code="value")
            else:
                self.diags.error(pos, f"cannot read the value '{short_text(raw)}': {short_text(str(exc), 120)}",
                                 code="value")
            return INVALID
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
            self.diags.error(pos, f"the number '{short_text(raw)}' is too large", "numbers here are at most "
                             "18 digits long", code="range")
            return INVALID
        return value

    def refusal(self, tag: str, what: str) -> tuple[str, str]:
        """The message and hint for a tag that is not allowed on `what`."""
        short = short_text(short_tag(tag), 80)
        if tag in _SCALAR_TAGS or tag in _TEXT_TAGS or tag in (_MAP, _SEQ):
            return f"the tag '{short}' does not fit {what}", "remove the tag"
        return f"the tag '{short}' is not allowed: expected plain data (text, numbers, lists, mappings)", TAG_HINT

    def bad_text(self, text: str, event: yaml.ScalarEvent, pos: SourcePos, one_line: bool = False) -> bool:
        """Report a text that is too long or carries a character no screen should get; True if so."""
        if len(text) > MAX_TEXT_CHARS:
            self.diags.error(pos, f"this text is {len(text):,} characters long; a text is limited to "
                             f"{MAX_TEXT_CHARS:,}", "shorten it, or split it into several lines of the list",
                             code="too-long")
            return True
        index = first_unsafe(text, one_line)
        if index < 0:
            return False
        char = text[index]
        where, hint = self.char_pos(char, event, pos)
        self.diags.error(where, f"{'a key' if one_line else 'text'} may not contain {char_name(char)}", hint,
                         code="control-character")
        return True

    def char_pos(self, char: str, event: yaml.ScalarEvent, pos: SourcePos) -> tuple[SourcePos, str]:
        """Where `char` is written inside the scalar of `event` (the scalar's start when it came from an
        escape such as `\\e`), and the hint to give."""
        start, end = event.start_mark, event.end_mark
        hint = "remove it: control characters and direction overrides can hide, reorder or garble text on screen"
        at = self.text.find(char, start.index, end.index)
        if at < 0:
            return pos, hint.replace("remove it", "remove the escape that writes it (such as \\e, \\0 or \\u202e)")
        newline = self.text.rfind("\n", start.index, at)
        line = start.line + self.text.count("\n", start.index, at)
        col = at - newline if newline >= 0 else start.column + (at - start.index) + 1
        return SourcePos(self.file, line + 1, col), hint
