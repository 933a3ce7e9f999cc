"""Characters that content may not carry to a screen, and how to show them harmlessly.

Control characters (NUL, ESC and its terminal escape sequences, the other C0 and C1 controls, DEL),
the line and paragraph separators U+2028/U+2029, bidirectional embeddings, overrides and isolates
(U+202A-U+202E, U+2066-U+2069: they make "evil" read "live") and lone surrogates can crash a text
renderer, drive a terminal, or disguise what a line says. The loaders refuse them in every text value
(`first_unsafe`); the user interfaces escape any that reach them by another road (`escape_unsafe`).
Tab and line feed are ordinary text.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
#: One character that no text value may contain.
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
#: The same, and tab and line feed too: for one-line text such as keys and ids.
UNSAFE_IN_LINE = re.compile(f"[\t\n{_UNSAFE_CLASS}]")

_NAMES = {
    0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x09: "tab", 0x0A: "line feed", 0x0B: "vertical tab",
    0x0C: "form feed", 0x0D: "carriage return", 0x1B: "escape (ESC)", 0x7F: "delete (DEL)",
    0x85: "next line (NEL)", 0x9B: "control sequence introducer (CSI)",
}


def char_name(char: str) -> str:
    """`U+001B escape (ESC)`: a character written so that it is visible and cannot act."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        if 0xD800 <= code <= 0xDFFF:
            name = "a lone surrogate"
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            name = "a control character"
        else:
            name = unicodedata.name(char, "a control character").lower()
    return f"U+{code:04X} {name}"


def first_unsafe(text: str, one_line: bool = False) -> int:
    """The index of the first character `text` may not contain, or -1 when it is clean."""
    if text.isprintable():  # the common case, without a regex: no control, separator or format character
        return -1
    match = (UNSAFE_IN_LINE if one_line else UNSAFE).search(text)
    return match.start() if match else -1


_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape_unsafe(text: str, one_line: bool = False) -> str:
    """`text` with every unsafe character written as a visible escape (`\\x1b`, `\\u202e`); tab and
    line feed are kept unless `one_line`."""
    if text.isprintable():
        return text
    return (UNSAFE_IN_LINE if one_line else UNSAFE).sub(_escape, text)
