"""Diagnostics: every problem a loader finds, with its position, collected rather than raised."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterable

from game.content.diagnostic_codes import CODES, FALLBACK_CODE
from game.content.safe_text import escape_unsafe

__all__ = ["CODES", "Diagnostic", "Diagnostics", "FALLBACK_CODE", "Severity", "SourcePos", "did_you_mean"]


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where a content object came from: file, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where, how bad, what is wrong, and a hint on how to fix it."""

    pos: SourcePos
    severity: Severity
    message: str
    hint: str = ""
    code: str = ""
    #: Where else it shows, e.g. where the parser noticed an unclosed bracket opened at `pos`.
    note: str = ""

    def format(self) -> str:
        """Render as `file:line:col: severity: message (hint: ...) (note: ...)` on one line: a tab, line
        break or control character quoted from the content is written as an escape (`\\t`, `\\x1b`)."""
        text = f"{self.pos}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        if self.note:
            text += f" (note: {self.note})"
        return escape_unsafe(text, one_line=True)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.pos.file,
            "line": self.pos.line,
            "col": self.pos.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
            "note": self.note,
        }


@dataclass(slots=True)
class Diagnostics:
    """An ordered collection of diagnostics that loaders append to."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: SourcePos, message: str, hint: str = "", code: str = "", note: str = "") -> None:
        """Add an error; `code` names its kind (see `CODES`; an empty one becomes `other`)."""
        self.items.append(Diagnostic(pos, Severity.ERROR, message, hint, code or FALLBACK_CODE, note))

    def warning(self, pos: SourcePos, message: str, hint: str = "", code: str = "", note: str = "") -> None:
        """Add a warning; `code` names its kind (see `CODES`; an empty one becomes `other`)."""
        self.items.append(Diagnostic(pos, Severity.WARNING, message, hint, code or FALLBACK_CODE, note))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.pos.file, d.pos.line, d.pos.col))


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A 'did you mean X?' hint for a misspelt key or id, or '' when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
