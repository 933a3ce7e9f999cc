"""Progress of a long report on stderr: shown when stderr is a terminal or when asked (--progress),
never on stdout, so CSV piped elsewhere stays clean."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """`step(label)` announces the next stage; `done()` ends the display. On a terminal the line is
    rewritten in place; otherwise each stage gets its own line."""

    def __init__(self, stream: TextIO | None = None, force: bool = False, total: int = 0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = force or self.tty
        self.total = total
        self.count = 0
        self.start = time.perf_counter()
        self.width = 0

    def step(self, label: str) -> None:
        if not self.enabled:
            return
        self.count += 1
        of = f"/{self.total}" if self.total else ""
        text = f"report [{self.count}{of}] {label}... ({time.perf_counter() - self.start:.1f} s)"
        if self.tty:
            self.stream.write("\r" + text.ljust(self.width))
            self.width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if not self.enabled:
            return
        text = f"report ready in {time.perf_counter() - self.start:.1f} s"
        self.stream.write(("\r" + text.ljust(self.width) + "\n") if self.tty else text + "\n")
        self.stream.flush()
