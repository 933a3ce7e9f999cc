"""Line-based terminal I/O with an injectable input function (tests pass their own).

Everything written goes through `escape_unsafe`: a control character or direction override that
reached the text (a name typed at sign-in, content loaded by another road than the validating
loaders) is shown as an escape such as `\\x1b` and never acts on the terminal.
"""

from __future__ import annotations

from typing import Callable, TextIO

from game.content.safe_text import escape_unsafe


class Terminal:
    """Line-based I/O with an injectable input function (tests pass their own)."""

    def __init__(self, out: TextIO, read: Callable[[str], str] = input) -> None:
        self.out = out
        self.read = read

    def say(self, text: str = "") -> None:
        self.out.write(escape_unsafe(text) + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        """Ask for a line; raises EOFError at end of input."""
        return self.read(escape_unsafe(prompt)).strip()
