"""Trainee names as signed in, and text from the records made safe to print.

A name is normalised (Unicode NFKC, invisible formatting characters removed, runs of white space made
one space) and refused, with one line saying why, when it holds a control character (a terminal escape
sequence), a bidirectional override (which makes "evil" read "live"), letters of two look-alike
alphabets in one word (a Cyrillic "А" in "Аna"), or when it looks the same as a trainee already in the
records but is spelled with other characters. Everything printed to a terminal from the records goes
through `printable`, which shows control characters as escapes instead of sending them raw.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable

from game.content.safe_text import char_name, escape_unsafe

MAX_NAME = 80
#: Characters that reorder the text around them (Unicode bidi embeddings, overrides, isolates, marks).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Alphabets whose letters are easily taken for Latin ones; a word mixing Latin with one of them is refused.
LOOKALIKE_SCRIPTS = frozenset({"CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})
#: Letters of other alphabets (and symbols) that look like Latin ones, mapped to the Latin letter they
#: pass for (after case folding). A small, hand-made part of Unicode's confusables table (UTS #39).
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "к": "k", "м": "m", "н": "h", "о": "o", "п": "n",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b", "ɡ": "g",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n",
    "0": "o", "1": "l", "|": "l", "ı": "i",
})


class NameProblem(ValueError):
    """Why a name cannot be used to sign in, in one line for the user."""


def _code(ch: str) -> str:
    return char_name(ch) if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else \
        f"U+{ord(ch):04X} {unicodedata.name(ch, '').lower()}".rstrip()


def _script(ch: str) -> str | None:
    """The alphabet of a letter (the first word of its Unicode name), None for anything else."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else None


def normalize_name(text: str) -> str:
    """NFKC, invisible formatting characters (zero-width spaces, soft hyphens...) removed, white space
    collapsed. Does not refuse anything: see `check_name`."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if ch in BIDI_CONTROLS or unicodedata.category(ch) != "Cf")
    return " ".join(text.split())


def skeleton(name: str) -> str:
    """What a name looks like: two names with the same skeleton are easily taken for each other."""
    text = normalize_name(name).replace("I", "l")
    return "".join(ch for ch in text.casefold().translate(_LOOKALIKE) if not ch.isspace())


def check_name(text: str, known: Iterable[str] = ()) -> str:
    """The name to sign in with (normalised), or NameProblem saying what is wrong with it. `known` are
    the trainees in the records: a name that looks like one of them but is spelled differently is refused
    (the same name in another case or spacing is that trainee, and is fine)."""
    name = normalize_name(text)
    for ch in name:
        if ch in BIDI_CONTROLS:
            raise NameProblem(f"a name cannot contain {_code(ch)}: it changes the direction text is shown in, "
                              "so the name would read differently from how it is spelled")
        category = unicodedata.category(ch)
        if category == "Cc":
            raise NameProblem(f"a name cannot contain the control character {_code(ch)}")
        if category in ("Co", "Cn", "Cs"):
            raise NameProblem(f"a name cannot contain {_code(ch)} (an unassigned or private-use character)")
    if not name:
        raise NameProblem("a trainee needs a name")
    if len(name) > MAX_NAME:
        raise NameProblem(f"a name can have at most {MAX_NAME} characters (this one has {len(name)})")
    for word in name.split():
        scripts = {s for s in map(_script, word) if s}
        odd = sorted(scripts & LOOKALIKE_SCRIPTS)
        if "LATIN" in scripts and odd:
            letter = next(ch for ch in word if _script(ch) == odd[0])
            raise NameProblem(f"'{printable(word)}' mixes Latin and {odd[0].title()} letters ({letter}, "
                              f"{_code(letter)}), so it can look like another name; type it in one alphabet")
    shape, folded = skeleton(name), name.casefold()
    for other in known:
        other_name = normalize_name(other)
        if other_name.casefold() != folded and skeleton(other_name) == shape:
            raise NameProblem(f"'{printable(name)}' looks the same as the trainee '{printable(other)}' already in "
                              f"the records but is spelled with other characters; sign in as '{printable(other)}' "
                              "or choose a name that looks different")
    return name


def printable(text: object, newlines: bool = True) -> str:
    """`text` with control characters (terminal escape sequences, NUL, C1 controls) and bidirectional
    overrides shown as escapes (`\\x1b`, `\\u202e`), so nothing from the records acts on the terminal.
    Newlines and tabs are kept unless `newlines` is False."""
    return escape_unsafe(str(text), one_line=not newlines)
