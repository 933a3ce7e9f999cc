"""Progress goes to stderr only when it is a terminal or when asked for, rewriting one line on a
terminal and one line per stage otherwise."""

from __future__ import annotations

import io

from game.reports.progress import Progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = Progress(stream, total=2)
    progress.step("totals")
    progress.done()
    assert stream.getvalue() == ""


def test_forced_progress_writes_one_line_per_stage() -> None:
    stream = io.StringIO()
    progress = Progress(stream, force=True, total=2)
    progress.step("totals")
    progress.step("decisions")
    progress.done()
    lines = stream.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == ["report [1/2] totals...", "report [2/2] decisions...",
                                                        "report ready in 0.0 s"]
    assert "\r" not in stream.getvalue()


def test_a_terminal_gets_one_line_rewritten_in_place() -> None:
    stream = FakeTerminal()
    progress = Progress(stream, total=2)
    progress.step("a long stage name")
    progress.step("short")
    progress.done()
    text = stream.getvalue()
    assert text.count("\r") == 3 and text.endswith("\n") and text.count("\n") == 1
    last = text.split("\r")[2]
    assert last.startswith("report [2/2] short...") and len(last) >= len(text.split("\r")[1].rstrip())
