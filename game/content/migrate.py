"""Rewrite an older scenario file for the `rules` / `breaks` split (`ardojo migrate`).

Before, a choice listed every rule it touched under `rules:`, whether it followed or broke them; now
`rules:` lists the rules a reply follows and `breaks:` those it breaks. In an older file a reply whose
score adds up to less than zero and that lists rules only under `rules:` (no `breaks`, no `critical`) is
a poor reply citing what it breaks, so its `rules` key becomes `breaks`: exactly the choices the loader
warns about with `rules-breaks`.

The rewrite is textual: only the key itself is changed, at the line and column the YAML parser gives it
(`game.content.yaml_source`), so comments, quoting, flow or block style, line endings and a BOM are all
kept. A key that comes from a merged mapping (`<<: *name`) is shared with other choices and is not
changed; such a file is refused with the position, to be edited by hand.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from game.content.diagnostics import Diagnostics, SourcePos
from game.content.model import CHOICE_DIMENSIONS
from game.content.yaml_source import YMap, YScalar, YSeq, parse_yaml, read_text

#: Line breaks as YAML counts them (the parser's line numbers follow these).
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_BOM = b"\xef\xbb\xbf"
OLD_KEY, NEW_KEY = "rules", "breaks"


class MigrateError(Exception):
    """A file that cannot be migrated; the message is one line, `file:line:col: error: ...`."""


@dataclass(frozen=True, slots=True)
class Change:
    """One choice whose `rules` key becomes `breaks`, at the position of the key."""

    pos: SourcePos
    node_id: str
    index: int  # the choice's place in its node (0-based)

    def line(self, check: bool = False) -> str:
        return f"{self.pos}: {'would move' if check else 'moved'} {OLD_KEY} to {NEW_KEY}"


def _error(pos: SourcePos, message: str) -> MigrateError:
    return MigrateError(f"{pos}: error: {message}")


def _score_total(choice: YMap) -> int | None:
    """The sum of a choice's scores, as the loader adds them up (None when there is no readable score)."""
    score = choice.get("score")
    if not isinstance(score, YMap):
        return None
    values = [entry.value.value for key, entry in score.entries.items() if key in CHOICE_DIMENSIONS
              and isinstance(entry.value, YScalar) and isinstance(entry.value.value, int)
              and not isinstance(entry.value.value, bool)]
    return sum(values) if values else None


def _lists_rules(node) -> bool:
    if isinstance(node, YSeq):
        return bool(node.items)
    return isinstance(node, YScalar) and isinstance(node.value, str) and bool(node.value.strip())


def _is_set(node) -> bool:
    return node is not None and not (isinstance(node, YScalar) and node.value is None)


def _needs_move(choice: YMap) -> bool:
    """A poor reply (score below zero) that lists rules only under `rules:`."""
    total = _score_total(choice)
    return (total is not None and total < 0 and _lists_rules(choice.get(OLD_KEY))
            and NEW_KEY not in choice.entries and not _is_set(choice.get("critical")))


def _choices(tree, file: str):
    """Every choice mapping of a scenario tree, as (node id, index, mapping)."""
    nodes = tree.get("nodes") if isinstance(tree, YMap) else None
    if not isinstance(nodes, YMap):
        raise _error(SourcePos(file, 1, 1), "not a scenario file: it has no `nodes:` mapping")
    for node_id, entry in nodes.entries.items():
        node = entry.value
        choices = node.get("choices") if isinstance(node, YMap) else None
        if isinstance(choices, YSeq):
            for index, item in enumerate(choices.items):
                if isinstance(item, YMap):
                    yield node_id, index, item


def plan(text: str, file: str) -> list[Change]:
    """The changes `migrate` would make to a scenario text, in file order (MigrateError when it cannot)."""
    diags = Diagnostics()
    tree = parse_yaml(text, file, diags)
    if tree is None or diags.has_errors:
        raise MigrateError(diags.errors[0].format() if diags.errors else f"{file}:1:1: error: cannot read the file")
    choices = list(_choices(tree, file))
    uses: dict[SourcePos, int] = {}
    for _, _, choice in choices:
        entry = choice.entries.get(OLD_KEY)
        if entry is not None:
            uses[entry.key_pos] = uses.get(entry.key_pos, 0) + 1
    changes = []
    for node_id, index, choice in choices:
        if not _needs_move(choice):
            continue
        key_pos = choice.entries[OLD_KEY].key_pos
        if (key_pos.line, key_pos.col) < (choice.pos.line, choice.pos.col) or uses[key_pos] > 1:
            raise _error(key_pos, f"choice {index + 1} of node '{node_id}' takes its `{OLD_KEY}` from a merged "
                         f"mapping (<<) that other choices share; move them to `{NEW_KEY}:` by hand")
        changes.append(Change(key_pos, node_id, index))
    return sorted(changes, key=lambda c: (c.pos.line, c.pos.col))


def rewrite(text: str, changes: list[Change]) -> str:
    """`text` with the `rules` key of each change renamed `breaks` (quotes kept)."""
    if not changes:
        return text
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    out, last = [], 0
    for change in sorted(changes, key=lambda c: (c.pos.line, c.pos.col)):
        if change.pos.line > len(starts):
            raise _error(change.pos, "the position is past the end of the file")
        offset = starts[change.pos.line - 1] + change.pos.col - 1
        quote = text[offset] if text[offset:offset + 1] in ("'", '"') else ""
        key = quote + OLD_KEY + quote
        if text[offset:offset + len(key)] != key:
            raise _error(change.pos, f"expected the key `{OLD_KEY}` here, found "
                         f"{text[offset:offset + len(key)]!r}; edit it by hand")
        out.append(text[last:offset])
        out.append(quote + NEW_KEY + quote)
        last = offset + len(key)
    out.append(text[last:])
    return "".join(out)


def migrate_text(text: str, file: str) -> tuple[str, list[Change]]:
    """The migrated text and the changes made."""
    changes = plan(text, file)
    return rewrite(text, changes), changes


def migrate_file(path: Path, display: str | None = None, write: bool = True) -> list[Change]:
    """Migrate one scenario file in place (with `write=False`, only say what would change)."""
    file = display or str(path)
    diags = Diagnostics()
    text = read_text(path, diags, file)
    if text is None:
        raise MigrateError(diags.errors[0].format())
    new, changes = migrate_text(text, file)
    if write and changes:
        _write(path, new)
    return changes


def _write(path: Path, text: str) -> None:
    """Replace the file's text in one step, keeping its BOM and permissions."""
    with open(path, "rb") as handle:
        bom = _BOM if handle.read(len(_BOM)) == _BOM else b""
    data = bom + text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
