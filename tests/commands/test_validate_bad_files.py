"""Malformed files through `ardojo validate` and `ardojo play`, as a user meets them: each gives the exact
message at its position, exit 1, no traceback, and nothing is ever executed. (How fast the alias bomb
and the 50 MB file are refused is measured in bench/bench_authoring.py.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cli_helpers import RULEBOOK, ardojo
from game.authoring.templates import render_starter

#: A valid scenario: the general starter, as `ardojo new` writes it for bad.yaml.
GOOD = render_starter("general", "tiny-call", Path("bad.yaml"), dt.date(2026, 11, 23))


def pos(text: str, needle: str) -> str:
    """`line:col` (1-based, in characters) where `needle` first occurs in `text`."""
    before = text[:text.index(needle)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def line(text: str, needle: str) -> int:
    """The 1-based line where `needle` first occurs in `text`."""
    return text[:text.index(needle)].count("\n") + 1


def alias_bomb() -> bytes:
    """Nine levels of nine aliases: 9**9 (387 million) strings once expanded, 10 lines on disk."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def fifty_megabytes() -> bytes:
    """A plausible 50 MB scenario: the good one, padded with a very long history."""
    body = GOOD.replace("  notes: [", "  contact: " + "Paid late again, as noted on the last call. " * 1_200_000
                        + "\n  notes: [")
    return body.encode()


TITLE = 'title: "Tiny call"'
ARCHETYPE = 'archetype: "'
CASES = {
    "syntax-error": (GOOD.replace(TITLE, 'title: ["Tiny call"').encode(),
                     f"bad.yaml:{pos(GOOD, TITLE)[:-1]}{len('title: ') + 1}: error: YAML syntax error: unclosed '[': "
                     "the list that opens here is never closed with ']' (hint: close it with ] after its last item, "
                     "and separate items with commas (or write a `- ` line per item)) (note: the parser noticed it "
                     f"at line {pos(GOOD, ARCHETYPE).replace(':', ', column ')})"),
    "bad-indentation": (GOOD.replace("  company: ", " company: ").encode(),
                        f"bad.yaml:{line(GOOD, 'company:')}:2: error: YAML syntax error: bad indentation: this line "
                        "does not line up with the keys or items above it (hint: indent it exactly as far as the "
                        "other keys (or `- ` items) of the same mapping or list, with spaces (the line above is "
                        f"indented 2)) (note: the parser was reading the block that starts at line {line(GOOD, 'format: 1')})"),
    "latin-1": (GOOD.replace("Alex Morgan", "Álex Morgan").encode("latin-1"),
                f"bad.yaml:{pos(GOOD, 'Alex Morgan')}: error: expected UTF-8 text, got the byte 0xc1 "
                "(hint: re-save the file as UTF-8 in your editor)"),
    "utf-16": (GOOD.encode("utf-16"),  # its NUL bytes are found first
               "bad.yaml:1:4: error: expected a YAML text file, got binary data (a NUL byte) "
               "(hint: save the scenario as plain UTF-8 text)"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
               "bad.yaml:3:1: error: expected a YAML text file, got binary data (a NUL byte) "
               "(hint: save the scenario as plain UTF-8 text)"),
    "empty": (b"",
              "bad.yaml:1:1: error: file is empty: expected a YAML mapping "
              "(hint: start from `ardojo new` or docs/scenario-format.md)"),
    "only-comments": (b"# a scenario, some day\n\n# (nothing yet)\n",
                      "bad.yaml:1:1: error: file is empty: expected a YAML mapping "
                      "(hint: start from `ardojo new` or docs/scenario-format.md)"),
    "50-megabytes": (fifty_megabytes(), None),
    "alias-bomb": (alias_bomb(),
                   "bad.yaml:1:1: error: the document expands to more than 100,000 values (an alias bomb?) "
                   "(hint: use fewer nested aliases (*name))"),
    "python-tag": (GOOD.replace(TITLE, 'title: !!python/object/apply:os.system ["touch PWNED"]').encode(),
                   f"bad.yaml:{line(GOOD, TITLE)}:8: error: the tag '!!python/object/apply:os.system' is not "
                   "allowed: expected plain data (text, numbers, lists, mappings) (hint: remove the tag; tags are "
                   "never executed)"),
    "python-name-tag": (GOOD.replace("difficulty: 1", "difficulty: !!python/name:os.system").encode(),
                        f"bad.yaml:{line(GOOD, 'difficulty:')}:13: error: the tag '!!python/name:os.system' is not "
                        "allowed: expected plain data (text, numbers, lists, mappings) (hint: remove the tag; tags "
                        "are never executed)"),
}


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_the_exact_problem_and_exits_1(tmp_path: Path, case: str) -> None:
    data, expected = CASES[case]
    write(tmp_path, data)
    done = ardojo("validate", "bad.yaml", "--rulebook", str(RULEBOOK), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr and done.stderr == ""
    lines = done.stdout.splitlines()
    if expected is None:  # the size is part of the message
        expected = (f"bad.yaml:1:1: error: file is {len(data):,} bytes; scenario files are limited to 2,097,152 bytes "
                    "(2 MB) (hint: split it, or check that this is the file you meant)")
    assert lines == [expected, "FAILED: 2 files checked, 0 scenarios valid, 1 error, 0 warnings"]
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("case", ["syntax-error", "latin-1", "binary", "alias-bomb", "python-tag"])
def test_play_refuses_the_file_with_the_same_message(tmp_path: Path, case: str) -> None:
    data, expected = CASES[case]
    write(tmp_path, data)
    done = ardojo("play", "--text", "--practice", "--name", "Sam", "bad.yaml", cwd=tmp_path, stdin="\n1\n")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [expected, "error: no playable scenario found"]
    assert not (tmp_path / "PWNED").exists()


def test_the_good_file_is_fine(tmp_path: Path) -> None:
    write(tmp_path, render_starter("general", "tiny-call", tmp_path / "bad.yaml").encode())
    done = ardojo("validate", "bad.yaml", "--rulebook", str(RULEBOOK), cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "ok: 2 files checked, 1 scenario valid, 0 errors, 0 warnings"


def test_a_folder_with_one_bad_file_reports_it_and_checks_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bomb.yaml").write_bytes(alias_bomb())
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01")
    done = ardojo("validate", ".", "--rulebook", str(RULEBOOK), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert [e.split(": error: ")[0] for e in errors] == ["bin.yaml:1:1", "bomb.yaml:1:1"]
    assert done.stdout.splitlines()[-1] == "FAILED: 4 files checked, 1 scenario valid, 2 errors, 1 warning"
    # good.yaml's schema line was written for another folder
    assert "good.yaml:1:33: warning: the schema line points at" in done.stdout
