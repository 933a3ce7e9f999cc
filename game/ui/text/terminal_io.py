"""Line-based terminal I/O with an injectable input function (tests pass their own)."""

from __future__ import annotations

from typing import Callable, TextIO


class Terminal:
    """Line-based I/O with an injectable input function (tests pass their own)."""

    def __init__(self, out: TextIO, read: Callable[[str], str] = input) -> None:
        self.out = out
        self.read = read

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str:
        """Ask for a line; raises EOFError at end of input."""
        return self.read(prompt).strip()
