"""Spell figures out in words ("1,860" -> "one thousand eight hundred sixty"), so that typed digits, the
authored options and what the speech recogniser hears (always words) compare alike."""

from __future__ import annotations

import re

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\w)")
_ORDINAL = re.compile(r"\b(\d+)(st|nd|rd|th)\b")
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
             "nine": "ninth", "twelve": "twelfth"}


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_ONES[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
        if n:
            words.append(_ONES[n])
    elif n or not words:
        words.append(_ONES[n])
    return words


def integer_words(n: int) -> str:
    """An integer below a billion in words (no "and"); larger ones digit by digit."""
    if n >= 10**9:
        return " ".join(_ONES[int(d)] for d in str(n))
    parts: list[str] = []
    for size, name in ((10**6, "million"), (10**3, "thousand")):
        if n >= size:
            parts += _below_thousand(n // size) + [name]
            n %= size
    if n or not parts:
        parts += _below_thousand(n) if n or not parts else []
    return " ".join(parts)


def _ordinal(match: re.Match) -> str:
    words = integer_words(int(match.group(1))).split()
    last = words[-1]
    if last in _ORDINALS:
        words[-1] = _ORDINALS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _number(match: re.Match) -> str:
    words = integer_words(int(match.group(1).replace(",", "")))
    if match.group(2):
        words += " point " + " ".join(_ONES[int(d)] for d in match.group(2))
    return words


def spell_numbers(text: str) -> str:
    """`text` with every figure (1860, 1,860, 1,275.50, 22nd) written out in words."""
    text = _ORDINAL.sub(_ordinal, text)
    return _NUMBER.sub(_number, text)
