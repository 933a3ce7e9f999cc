"""`ardojo migrate` as an author runs it on an older file: one line per change, the file rewritten in
place (only the key), `--check` that writes nothing, and one-line errors for bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_helpers import RULEBOOK, SCENARIOS, ardojo
from game.content.lint import schema_line

OLD = """\
# yaml-language-server: $schema=../game/content/schema/scenario.schema.json
# An older file: the poor replies list the rules they break under `rules:`.
format: 1
id: old-call
title: Old call
archetype: cash-strapped
difficulty: 1
persona:
  name: Maria Lopez
  company: Sunrise Bakery LLC
  mood: {patience: 60, trust: 50}
account:
  terms: Net 30
  invoices:
    - {number: INV-1, amount: 100.0, issued: 2026-08-01, due: 2026-08-31}
objective: Get a dated commitment
start: greeting
nodes:
  greeting:
    client: Hello?
    choices:
      - say: Hi Maria, Sam from Northwind about invoice INV-1 for 100 dollars.
        score: {professionalism: 1, clarity: 2}
        rules: [do-state-purpose-clearly]   # followed
        feedback: Named yourself and the reason.
        goto: pays
      - say: Pay up.
        score: {professionalism: -2, empathy: -2}
        mood: {patience: -60}
        rules: [dont-be-aggressive]   # broken, in the old style
        feedback: Hostile.
        goto: hangs-up
      - {say: "Hi, it's about a few bills.", score: {clarity: -2, empathy: 1}, rules: [do-quote-exact-figures], feedback: Vague., goto: pays}
  pays:
    client: Fine, Friday.
    end: {commitment: full, amount: 100.0, days: 4}
  hangs-up:
    client: Bye.
    end: {commitment: none}
"""


def setup(tmp_path: Path, text: str = OLD, name: str = "old.yaml") -> Path:
    """`text` as `name` in tmp_path, beside a copy of the rulebook, its schema line pointing at the schema."""
    shutil.copy(RULEBOOK, tmp_path / "rulebook.yaml")
    path = tmp_path / name
    first = OLD.splitlines()[0]
    path.write_text(text.replace(first, schema_line(path)), encoding="utf-8")
    return path


def test_migrate_rewrites_the_file_and_prints_each_change(tmp_path: Path) -> None:
    path = setup(tmp_path)
    before = ardojo("validate", "--strict", "old.yaml", cwd=tmp_path)
    assert before.returncode == 1 and before.stdout.count("rules-breaks") == 0  # codes are not printed in text
    assert before.stdout.count("`ardojo migrate FILE`") == 2
    done = ardojo("migrate", "old.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["old.yaml:30:9: moved rules to breaks", "old.yaml:33:80: moved rules to breaks"]
    assert "Traceback" not in done.stderr
    expected = OLD.replace(OLD.splitlines()[0], schema_line(path)).replace("        rules: [dont-be-aggressive]   # broken", "        breaks: [dont-be-aggressive]   # broken")
    expected = expected.replace("rules: [do-quote-exact-figures]", "breaks: [do-quote-exact-figures]")
    assert path.read_text(encoding="utf-8") == expected
    after = ardojo("validate", "--strict", "old.yaml", cwd=tmp_path)
    assert after.returncode == 0, after.stdout
    again = ardojo("migrate", "old.yaml", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""


def test_check_reports_without_writing(tmp_path: Path) -> None:
    path = setup(tmp_path)
    done = ardojo("migrate", "--check", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 1
    assert [line.split(": ", 1)[1] for line in done.stdout.splitlines()] == ["would move rules to breaks"] * 2
    assert path.read_text(encoding="utf-8") == OLD.replace(OLD.splitlines()[0], schema_line(path))
    ardojo("migrate", "old.yaml", cwd=tmp_path)
    assert ardojo("migrate", "--check", "old.yaml", cwd=tmp_path).returncode == 0


def test_the_shipped_library_needs_no_migration() -> None:
    done = ardojo("migrate", "--check", str(SCENARIOS))
    assert done.returncode == 0 and done.stdout == "", done.stdout


def test_bad_input_is_one_line_and_a_non_zero_exit(tmp_path: Path) -> None:
    setup(tmp_path, OLD.replace("client: Hello?", "client: [Hello?"), "broken.yaml")
    setup(tmp_path, "format: 1\nid: week-1\n", "program.yaml")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01")
    for name, start in (("broken.yaml", "broken.yaml:"), ("program.yaml", "program.yaml:1:1: error: not a scenario"),
                        ("binary.yaml", "binary.yaml:1:1: error: expected a YAML text file"),
                        ("missing.yaml", "missing.yaml:1:1: error: no such file or folder")):
        done = ardojo("migrate", name, cwd=tmp_path)
        lines = done.stderr.splitlines()
        assert done.returncode == 1 and done.stdout == "", (name, done.stdout)
        assert lines[0].startswith(start) and "Traceback" not in done.stderr, (name, done.stderr)
        assert len(lines) == 2 and lines[1].startswith("moved rules to breaks in 0 choices"), (name, lines)


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    path = setup(tmp_path)
    setup(tmp_path, "nodes: [\n", "broken.yaml")
    done = ardojo("migrate", "broken.yaml", "old.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 2 and "breaks: [dont-be-aggressive]" in path.read_text(encoding="utf-8")
    assert done.stderr.splitlines()[0].startswith("broken.yaml:")


def test_an_unwritable_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = setup(tmp_path)
    tmp_path.chmod(0o555)
    try:
        done = ardojo("migrate", "old.yaml", cwd=tmp_path)
    finally:
        tmp_path.chmod(0o755)
    if done.returncode == 0:  # running as root: the folder is writable anyway
        return
    assert done.stderr.splitlines()[0].startswith("old.yaml:1:1: error: cannot write the file")
    assert "Traceback" not in done.stderr and "rules: [dont-be-aggressive]" in path.read_text(encoding="utf-8")
