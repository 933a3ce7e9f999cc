"""Mutating valid content files as an attacker or a careless trainer would, and checking what the
loaders make of them.

A mutation is a short list of operations `(op, a, b, snippet, text)` (ints pick lines, characters and
choices; `text` is free unicode). `mutate` applies them to a file's text and gives bytes (some
operations work on bytes: invalid UTF-8, NUL). The same operations are drawn by hypothesis in
test_fuzz_loaders.py and by a seeded `random.Random` for the `ardojo validate` sample, so a failure
can be replayed from the printed operations alone.

`check_outcome` states what a loader may do with any input: load it cleanly, or report diagnostics
that each sit at a real file:line:col on one line; never raise, never leave a control character in
a loaded text, never use more than `TIME_LIMIT_S` of CPU (`time_guard`).

Imported by the test modules of this folder (pytest puts the folder on sys.path).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from content_helpers import BASE, SCENARIOS
from game.authoring.templates import render_starter
from game.content.diagnostics import Diagnostics
from game.content.safe_text import first_unsafe

TIME_LIMIT_S = 1.0
Op = tuple[int, int, int, int, str]

#: Pieces of YAML and text that have broken parsers before, or should be refused with a position.
SNIPPETS: tuple[str, ...] = (
    "!!bool maybe", "!!int ''", "!!timestamp abc", "!!float ''", "!!null x", "!!int 0x", "!!float .",
    "!!map x", "!!seq {a: 1}", "!!str {a: 1}", "!!binary aGVsbG8=", "!!set {a}", "!!omap [a]",
    "!!python/object/apply:os.system ['echo PWNED']", "!!python/name:os.system", "!shell x", "!<tag:x> y",
    "&a", "*a", "&a [1, 2]", "<<: *a", "<<: [*a, *b]", "<<: 1", "*undefined", "&x [*x]",
    ": ", "- ", "? ", "{", "}", "[", "]", ",", "#", "|", ">", "'", '"', "%YAML 1.1", "%TAG ! tag:x,2002:",
    "---", "...", "\t", "\r", "\r\n", "\ufeff", "\u202e", "\u2066", "\u2028", "\x85", "\x1b[2J",
    '"\\e[31m"', '"\\0"', '"\\x07"', '"\\u202e"', '"\\ud800"', '"\\N"', '"\\L"', '"\\x9b"',
    "=", "<<", "~", "null", "yes", "Off", "0o17", "0b101", "1_000", "1:30", "-.inf", ".NaN", "1e999",
    "2026-02-30", "2026-01-01 10:00:00+02:00", "0000-01-01", "99999999999999999999999", "0x" + "f" * 40,
    "9" * 5000, "x" * 12_000, "é" * 300, "請求書の支払い" * 20, "\u0645\u0631\u062d\u0628\u0627",
    "Z\u0334\u0321\u031b\u0328a\u0337\u0322l\u0336g\u0338o", "ＡＢＣ" * 50,
)
#: Values of every YAML type, to put where another type belongs.
RETYPED: tuple[str, ...] = (
    "[]", "{}", "1", "-5", "0", "3.5", "true", "null", "''", "2026-01-01", "text", "[a, b]", "{x: 1}",
    "99999999999999999999", ".nan", ".inf", "-.inf", "[[1]]", "[{say: x}]", "'12'", "2026-01-01T10:00:00",
)
DEPTHS = (2, 10, 63, 64, 65, 100, 500, 1000, 5000, 100_000)
OPS = ("delete_line", "duplicate_line", "swap_lines", "truncate", "insert_snippet", "replace_value",
       "retype_value", "delete_key", "duplicate_key", "rename_key", "swap_ids", "indent", "deep_nest",
       "insert_text", "set_byte", "anchor_bomb")
_KEY_LINE = re.compile(r"^(?P<indent>\s*(?:- )?)(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a new line
_IDENT = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?![\w-])")


def _key_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if _KEY_LINE.match(line)]


def _block_end(lines: list[str], start: int) -> int:
    """The line after the block that starts at `start` (lines indented deeper than it)."""
    indent = len(lines[start]) - len(lines[start].lstrip(" -"))
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return end


def _nest(depth: int, flow_map: bool) -> str:
    if flow_map:
        return "{a: " * depth + "1" + "}" * depth
    return "[" * depth + "]" * depth


def _apply_text(text: str, op: str, a: int, b: int, snippet: str, free: str) -> str:
    lines = text.split("\n")
    n = len(lines)
    keys = _key_lines(lines)
    if op == "delete_line":
        del lines[a % n]
    elif op == "duplicate_line":
        lines.insert(b % (n + 1), lines[a % n])
    elif op == "swap_lines":
        i, j = a % n, b % n
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "truncate":
        return text[:a % (len(text) + 1)]
    elif op in ("insert_snippet", "insert_text"):
        at = a % (len(text) + 1)
        return text[:at] + (snippet if op == "insert_snippet" else free) + text[at:]
    elif op in ("replace_value", "retype_value", "deep_nest", "rename_key", "delete_key", "duplicate_key") and keys:
        i = keys[a % len(keys)]
        match = _KEY_LINE.match(lines[i])
        assert match is not None
        head = f"{match['indent']}{match['key']}:"
        if op == "replace_value":
            lines[i] = f"{head} {snippet if b % 3 else free}"
        elif op == "retype_value":
            lines[i] = f"{head} {RETYPED[b % len(RETYPED)]}"
        elif op == "deep_nest":
            lines[i] = f"{head} {_nest(DEPTHS[b % len(DEPTHS)], bool(b & 1))}"
        elif op == "rename_key":
            key = match["key"]
            new = free or key[:-1] or "x"
            if b % 2:  # a typo: one letter dropped, doubled or swapped
                k = b % max(1, len(key))
                new = key[:k] + key[k + 1:] if b % 3 == 0 else key[:k] + key[k:k + 1] * 2 + key[k + 1:]
            lines[i] = f"{match['indent']}{new}:{match['rest']}"
        else:
            end = _block_end(lines, i)
            block = lines[i:end]
            if op == "delete_key":
                del lines[i:end]
            else:
                lines[end:end] = [line.replace("- ", "  ", 1) if line.lstrip().startswith("- ") else line
                                  for line in block]
    elif op == "swap_ids":
        ids = sorted(set(_IDENT.findall(text)))
        if len(ids) >= 2:
            x, y = ids[a % len(ids)], ids[b % len(ids)]
            return _IDENT.sub(lambda m: y if m.group() == x else x if m.group() == y else m.group(), text)
    elif op == "indent":
        i = a % n
        lines[i] = (" " * (b % 5) + lines[i]) if b & 1 else lines[i][b % 5:]
    elif op == "anchor_bomb" and keys:
        levels = 3 + b % 7
        bomb = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        bomb += [f"l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]" for k in range(1, levels + 1)]
        lines[keys[a % len(keys)]:keys[a % len(keys)]] = bomb
    return "\n".join(lines)


def mutate(text: str, ops: Sequence[Op]) -> bytes:
    """`text` with `ops` applied in order, as the bytes of a file."""
    data: bytes | None = None
    for op_index, a, b, snippet_index, free in ops:
        op = OPS[op_index % len(OPS)]
        if data is not None:
            text = data.decode("utf-8", errors="surrogateescape")
        if op == "set_byte":
            raw = bytearray(text.encode("utf-8", errors="surrogateescape"))
            if raw:
                raw[a % len(raw)] = b % 256
            data = bytes(raw)
            continue
        text = _apply_text(text, op, a, b, SNIPPETS[snippet_index % len(SNIPPETS)], free)
        data = None
    return data if data is not None else text.encode("utf-8", errors="surrogateescape")


def random_ops(rng: random.Random, count: int | None = None) -> list[Op]:
    """Operations drawn from a seeded generator (the same kinds hypothesis draws)."""
    alphabet = "abc:-[]{}&*!#'\"\t\n é\u202e\x1b\x00"
    return [(rng.randrange(len(OPS)), rng.randrange(1 << 16), rng.randrange(1 << 16), rng.randrange(len(SNIPPETS)),
             "".join(rng.choice(alphabet) for _ in range(rng.randrange(6))))
            for _ in range(count or rng.randint(1, 4))]


# -- the files mutated ------------------------------------------------------------------------------

def scenario_seeds() -> list[str]:
    """Valid scenarios: the minimal one of content_helpers, the four starters of `ardojo new`, and one
    file of the shipped library."""
    date = dt.date(2026, 11, 23)
    starters = [render_starter(kind, f"fuzz-{kind}", Path("fuzz.yaml"), date)
                for kind in ("cash-strapped", "disputing", "evasive", "general")]
    return [BASE, *starters, (SCENARIOS / "cash-strapped-sunrise-bakery.yaml").read_text(encoding="utf-8")]


def rulebook_seeds() -> list[str]:
    """The shipped rulebook cut after its first 4 and 12 rules: as valid, quicker to load than all
    of it (every rule has the same shape; `ardojo validate` below reads the whole one)."""
    full = (SCENARIOS / "rulebook.yaml").read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"(?m)^  - id: ", full)]
    return [full[:starts[n]] if len(starts) > n else full for n in (4, 12)]


def program_seeds() -> list[str]:
    """The shipped programs."""
    return [p.read_text(encoding="utf-8") for p in sorted((SCENARIOS / "programs").glob("*.yaml"))]


# -- what a loader may do ---------------------------------------------------------------------------

class TooSlow(Exception):
    """An input took longer than the time guard allows."""


@contextmanager
def time_guard(seconds: float) -> Iterator[None]:
    """Fail with `TooSlow` when the block uses more than `seconds` of CPU time (a hang, however busy
    the machine is with other work: the timer counts this process's CPU, not the wall clock)."""
    def expire(signum, frame):  # noqa: ARG001 - signal handler signature
        raise TooSlow(f"used more than {seconds} s of CPU")
    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def check_diagnostics(diags: Diagnostics, display: str, data: bytes) -> None:
    """Every diagnostic is ours: in the file given, at a line and column inside it, on one line with
    nothing a terminal would act on."""
    last_line = len(_LINE_BREAK.findall(data.decode("utf-8", errors="replace"))) + 2
    for diag in diags.items:
        text = diag.format()
        assert diag.pos.file == display, text
        assert 1 <= diag.pos.line <= last_line and diag.pos.col >= 1, text
        assert first_unsafe(text, one_line=True) < 0, repr(text)
        assert text.startswith(f"{display}:{diag.pos.line}:{diag.pos.col}: {diag.severity.value}: "), text


def unsafe_texts(obj: object) -> list[str]:
    """Every text inside a loaded object (dataclasses, mappings, sequences) that a screen should not
    get: it must be empty for anything a loader accepted."""
    found: list[str] = []
    stack, seen = [obj], set()
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if first_unsafe(item) >= 0:
                found.append(item)
        elif id(item) in seen or isinstance(item, (int, float, dt.date, type(None))):
            continue
        elif dataclasses.is_dataclass(item):
            seen.add(id(item))
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif hasattr(item, "items"):
            seen.add(id(item))
            for key, value in item.items():  # type: ignore[union-attr]
                stack.extend((key, value))
        elif isinstance(item, (list, tuple, set, frozenset)):
            seen.add(id(item))
            stack.extend(item)
    return found
