"""`play --text` never hands a terminal a control sequence: whatever reaches the terminal's output (a
name typed at sign-in, a prompt) has its control characters and direction overrides written as
escapes. (Content cannot carry them at all: the loaders refuse them, see tests/content.)"""

from __future__ import annotations

import io
from pathlib import Path

from game.content.library import load_library
from game.content.safe_text import escape_unsafe, first_unsafe
from game.ui.text.terminal import Terminal, run_terminal

ROOT = Path(__file__).resolve().parents[2]
EVIL = "\x1b[2J\x1b]0;owned\x07Ana\u202eevil\x9b31m"


def test_say_and_ask_escape_what_would_act_on_the_terminal() -> None:
    out = io.StringIO()
    prompts: list[str] = []
    term = Terminal(out, lambda prompt: prompts.append(prompt) or "x")
    term.say(f"Welcome, {EVIL}.\n\tindented")
    term.ask(f"{EVIL}? ")
    assert out.getvalue() == "Welcome, \\x1b[2J\\x1b]0;owned\\x07Ana\\u202eevil\\x9b31m.\n\tindented\n"
    assert prompts == ["\\x1b[2J\\x1b]0;owned\\x07Ana\\u202eevil\\x9b31m? "]


def test_escape_unsafe_keeps_ordinary_text_and_line_breaks() -> None:
    assert escape_unsafe("Café — 請求書\n\tok") == "Café — 請求書\n\tok"
    assert escape_unsafe("a\tb\nc\rd", one_line=True) == "a\\tb\\nc\\rd"


def test_a_hostile_name_typed_at_sign_in_never_reaches_the_terminal_raw() -> None:
    """Refused at sign-in, or escaped: either way nothing in the output can act on the terminal."""
    answers = iter([EVIL, ""] + ["1"] * 30)

    def read(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None
    out = io.StringIO()
    code = run_terminal(Terminal(out, read), load_library([ROOT / "scenarios"]), "sunrise-bakery")
    printed = out.getvalue()
    assert code == 0 and "DEBRIEF" in printed
    assert first_unsafe(printed) < 0
