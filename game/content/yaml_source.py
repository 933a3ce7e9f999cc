"""Safe YAML reading into a positioned tree.

The file is checked as bytes (size, NUL, UTF-8) and as text (characters YAML does not allow, each
with its position); then the parser's events are built into `YMap`/`YSeq`/`YScalar` that carry a
`SourcePos` (`game.content.yaml_build`), catching what plain `yaml.safe_load` hides or gets wrong:
duplicate keys, non-standard tags (never constructed, so `!!python/object` cannot execute anything),
malformed tagged values, control characters in text, alias bombs, too many values, too deep nesting.
Problems go to `Diagnostics`; nothing here raises for a user mistake, whatever the input.
"""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from game.content.diagnostics import Diagnostics, SourcePos
from game.content.safe_text import char_name
from game.content.yaml_errors import explain
from game.content.yaml_build import MAX_TEXT_CHARS, Stop, TreeBuilder
from game.content.yaml_tree import INVALID, YEntry, YMap, YNode, YScalar, YSeq, describe

__all__ = ["INVALID", "MAX_TEXT_CHARS", "YEntry", "YMap", "YNode", "YScalar", "YSeq", "describe", "gc_paused",
           "load_yaml", "parse_yaml", "read_text"]

#: The C loader when PyYAML was built with libyaml, the pure-Python one otherwise.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 2 * 1024 * 1024
#: Values in one document once every alias is expanded (keys count too). A shipped scenario has
#: about 1,500; the 1,000-node synthetic scenario of bench/synth.py (0.9 MB) about 70,000. Reading
#: stops at the cap, so a refused file costs what reading this many values does (~0.2 s).
MAX_NODES = 100_000
#: Mappings and lists inside one another. A scenario needs 8; libyaml itself stops at 1,000.
MAX_DEPTH = 64
_BOM = b"\xef\xbb\xbf"
#: A character refused anywhere in a file: what YAML 1.1 does not allow (PyYAML's reader refuses those
#: too, but with a position counted in bytes or none at all), and the line breaks only YAML knows
#: (U+0085, U+2028, U+2029: after one, YAML's line numbers are no longer the editor's).
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
                        f"({MAX_FILE_BYTES // 1_048_576} MB)", "split it, or check that this is the file you meant", code="size")
            return None
        data = path.read_bytes()
    except IsADirectoryError:
        diags.error(start, "expected a YAML file, got a folder", code="encoding")
        return None
    except OSError as exc:
        diags.error(start, f"cannot read file: {exc.strerror or exc}", code="encoding")
        return None
    if data.startswith(_BOM):  # positions below are then counted as an editor shows them, without the BOM
        data = data[len(_BOM):]
    nul = data.find(b"\x00")
    if nul != -1:
        diags.error(_pos_of_offset(data, nul, file), "expected a YAML text file, got binary data (a NUL byte)",
                    "save the scenario as plain UTF-8 text", code="encoding")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error(_pos_of_offset(data, exc.start, file),
                    f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x}",
                    "re-save the file as UTF-8 in your editor", code="encoding")
        return None
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        diags.error(start, "file is empty: expected a YAML mapping", "start from `ardojo new` or docs/scenario-format.md", code="empty-file")
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


def check_text(text: str, file: str, diags: Diagnostics) -> bool:
    """The checks of `read_text` that also apply to text handed over directly (tests, live reload):
    the size cap, and characters YAML does not allow (NUL, ESC, other controls), each with its
    position. False, with one error, when the text is refused."""
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        diags.error(SourcePos(file, 1, 1), f"the text is {size:,} bytes; scenario files are limited to "
                    f"{MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 1_048_576} MB)",
                    "split it, or check that this is the file you meant", code="size")
        return False
    bad = _NOT_YAML.search(text)
    if bad is None:
        return True
    at = bad.start()
    line = text.count("\n", 0, at) + 1
    col = at - text.rfind("\n", 0, at)
    binary = bad.group() == "\x00"
    diags.error(SourcePos(file, line, col), "expected a YAML text file, got binary data (a NUL byte)" if binary else
                f"YAML text may not contain {char_name(bad.group())}",
                "save the scenario as plain UTF-8 text" if binary else
                "remove it (most editors do not show it); to show such a character, describe it in words",
                code="control-character")
    return False


def parse_yaml(text: str, file: str, diags: Diagnostics) -> YNode | None:
    """Parse YAML text into a positioned tree, or None with diagnostics. A syntax error, or a file over
    a bound (values, nesting), is the one error reported: what was found before it is dropped."""
    if not check_text(text, file, diags):
        return None
    mark = len(diags.items)
    loader = Loader(text)
    builder = TreeBuilder(text, file, diags, MAX_NODES, MAX_DEPTH)
    try:
        with gc_paused():
            root = builder.build(loader.get_event)
    except Stop as stop:
        del diags.items[mark:]
        diags.error(stop.pos, stop.message, stop.hint, code=stop.code)
        return None
    except yaml.MarkedYAMLError as exc:
        del diags.items[mark:]
        found = explain(exc, text, file, MAX_DEPTH)
        diags.error(found.pos, found.message, found.hint, code=found.code, note=found.note)
        return None
    except yaml.YAMLError as exc:
        del diags.items[mark:]
        diags.error(SourcePos(file, 1, 1), f"YAML error: {' '.join(str(exc).split())}", code="syntax")
        return None
    finally:
        loader.dispose()
    if root is None:
        diags.error(SourcePos(file, 1, 1), "file is empty: expected a YAML mapping",
                    "start from `ardojo new` or docs/scenario-format.md", code="empty-file")
    return root


def load_yaml(path: Path, diags: Diagnostics, display: str | None = None) -> YNode | None:
    """Read and parse one YAML file safely into a positioned tree, or None with diagnostics."""
    text = read_text(path, diags, display)
    if text is None:
        return None
    return parse_yaml(text, display or str(path), diags)
