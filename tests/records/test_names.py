"""Names at sign-in (NFKC, look-alikes and bidi overrides refused) and names from the records printed
safely: no terminal escape sequence reaches the terminal raw from `play --text`, `report`, `verify` or
`certificate`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.records.names import NameProblem, check_name, normalize_name, printable, skeleton
from game.records.store import BadName, RecordStore
from records_helpers import ardojo, complete_program, store_at

ESC = "\x1b"


@pytest.mark.parametrize("typed, stored", [
    ("  Sam   Lee ", "Sam Lee"),
    ("Ａｎａ", "Ana"),               # full-width letters (NFKC)
    ("Ana\u200b", "Ana"),            # a zero-width space is dropped
    ("ﬁona", "fiona"),               # a ligature
    ("Анна", "Анна"),                # Cyrillic throughout is a Cyrillic name
    ("Zoë O'Brien-Díaz", "Zoë O'Brien-Díaz"),
])
def test_names_are_normalised(typed: str, stored: str) -> None:
    assert check_name(typed) == stored


@pytest.mark.parametrize("typed, words", [
    ("\u202eevil", "U+202E"),                 # shows as "live"
    ("Sam\u2066x", "U+2066"),
    ("Sam\x1b[2J", "U+001B escape (ESC)"),     # clears the terminal
    ("Bo\x00b", "U+0000 NUL"),
    ("Аna", "mixes Latin and Cyrillic"),      # a Cyrillic A in a Latin name
    ("Pаypal", "mixes Latin and Cyrillic"),
    ("", "a trainee needs a name"),
    ("x" * 81, "at most 80 characters"),
])
def test_names_that_read_differently_from_their_spelling_are_refused(typed: str, words: str) -> None:
    with pytest.raises(NameProblem, match=re.escape(words)):
        check_name(typed)


def test_a_look_alike_of_a_trainee_already_there_is_refused() -> None:
    assert skeleton("Ana") == skeleton("Аnа".replace("А", "A")) == skeleton("ANA")
    assert check_name("ana", ["Ana"]) == "ana"  # the same name in another case is that trainee
    with pytest.raises(NameProblem, match="looks the same as the trainee 'Асе'"):
        check_name("Ace", ["Асе"])  # Cyrillic "Асе" is already a trainee
    with pytest.raises(NameProblem, match="looks the same as the trainee 'Al'"):
        check_name("AI", ["Al"])


def test_sign_in_gives_one_trainee_per_name(tmp_path: Path) -> None:
    with store_at(tmp_path / "r.sqlite3") as store:
        assert store.sign_in("Ana") == "Ana"
        for same in ("ana", " ANA ", "Ａｎａ", "Ana\u200b\u200b"):
            assert store.sign_in(same) == "Ana"
        for other in ("Аna", "\u202eanA", "Ana\x1b[0m"):
            with pytest.raises(BadName):
                store.sign_in(other)
        assert store.trainees() == ["Ana"]
        assert store.sign_in("Élise") == "Élise" and store.sign_in("élise") == "Élise"  # not only ASCII case


def test_printable_escapes_controls_and_overrides() -> None:
    assert printable("a\x1b[31mb\u202ec\nd") == "a\\x1b[31mb\\u202ec\nd"
    assert "\n" not in printable("x\ny", newlines=False) and "\n" in printable("x\ny")
    assert printable("plain — text") == "plain — text"
    assert normalize_name("a\u00a0b") == "a b"


def test_the_terminal_refuses_a_bad_name_and_asks_again(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    done = ardojo("play", "--text", "--practice", "--db", str(db), "sunrise-bakery",
                  stdin="\u202eevil\nAna\n\n" + "1\n" * 14)
    assert done.returncode == 0, done.stderr
    assert "That name cannot be used: a name cannot contain U+202E" in done.stdout
    assert "Welcome, Ana." in done.stdout and "\u202e" not in done.stdout
    refused = ardojo("play", "--text", "--db", str(db), "--name", "Sam\x1b[2J", "sunrise-bakery", stdin="\n")
    assert refused.returncode == 1 and ESC not in refused.stdout + refused.stderr
    assert "That name cannot be used: a name cannot contain the control character U+001B" in refused.stdout


def test_names_already_in_the_records_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    """A name stored by an older AR Dojo, or written into the file by hand, with escape sequences in it."""
    db = tmp_path / "r.sqlite3"
    evil = "Eve\x1b]0;pwned\x07\x1b[2J\u202e"
    with store_at(db) as store:
        complete_program(store, "Eve")
        store.conn.execute("UPDATE trainees SET name = ? WHERE name = 'Eve'", (evil,))
    outputs = [
        ardojo("report", "--db", str(db)),
        ardojo("report", "--format", "csv", "--db", str(db)),
        ardojo("verify", "--db", str(db)),
        ardojo("certificate", "--trainee", evil, "--db", str(db), "-o", str(tmp_path / "c.html")),
        ardojo("certificate", "--trainee", "nobody", "--db", str(db), "-o", str(tmp_path / "c.html")),
        ardojo("play", "--text", "--db", str(db), "--name", evil, "sunrise-bakery", stdin="\n" + "1\n" * 14),
    ]
    for done in outputs:
        text = done.stdout + done.stderr
        assert ESC not in text and "\x07" not in text and "\u202e" not in text, done.args
        assert "Traceback" not in text
    assert "Eve\\x1b]0;pwned" in outputs[0].stdout  # shown, escaped
    assert "Welcome, Eve\\x1b]0;pwned\\x07\\x1b[2J\\u202e." in outputs[-1].stdout
    with RecordStore.open(db, write=False) as store:
        assert store.trainees() == [evil]  # the stored name itself is left as it was


def test_the_window_session_refuses_the_same_names(tmp_path: Path) -> None:
    pytest.importorskip("pygame")
    from game.ui.pygame.session import Session
    from records_helpers import library

    with store_at(tmp_path / "r.sqlite3") as store:
        session = Session(library(), store)
        assert session.sign_in(" ａna ") == "ana"
        with pytest.raises(BadName, match="mixes Latin and Cyrillic"):
            session.sign_in("Аna")
        assert session.trainee == "ana" and store.trainees() == ["ana"]
