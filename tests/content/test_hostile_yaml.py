"""Hostile YAML, and every crash the fuzzers found, as regression tests: each input is refused in under
a second and 200 MB, with one clear positioned line (or a few, one per problem), and nothing executed.

Crashes found by fuzzing (tests/content/test_fuzz_loaders.py) before the event-based reader:
RecursionError from about 500-deep nesting; KeyError from `!!bool maybe`; IndexError from `!!int ''`
and `!!float ''`; AttributeError from `!!timestamp abc`; a ValueError from printing a 5,000-digit hex
number; an int() of 5,000 digits in a condition; a diagnostic split over two lines by a tab or line
break quoted from the file. A million tiny values under the 2 MB cap took 5.5 s and 504 MB.
"""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable

import pytest
import yaml

from content_helpers import BASE, FILE, REPO, SCENARIOS, edit, load, rulebook
from game import cli
from game.content import yaml_source
from game.content.diagnostics import Diagnostics
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario, load_scenario_text
from game.content.yaml_source import parse_yaml
from game.records.programs import load_program

LOADERS = [pytest.param(getattr(yaml, "CSafeLoader", yaml.SafeLoader), id="libyaml"),
           pytest.param(yaml.SafeLoader, id="pure-python")]
TAG_HINT = "(hint: remove the tag; tags are never executed)"
NEST = "error: the YAML is nested more than 64 levels deep (hint: scenario files need only a few levels; look " \
       "for a runaway run of '[' or '{')"


def bounded(work: Callable[[], object], seconds: float = 1.0, megabytes: int | None = 200) -> object:
    """Run `work`, failing when it takes more than `seconds` of CPU or (with libyaml, the loader the
    product uses; tracemalloc makes the pure-Python parser crawl) peaks over `megabytes`."""
    start = time.process_time()  # CPU time: other processes on the machine do not count
    result = work()
    spent = time.process_time() - start
    assert spent < seconds, f"took {spent:.2f} s of CPU"
    if megabytes is not None and yaml_source.Loader is not yaml.SafeLoader:
        tracemalloc.start()
        try:
            work()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < megabytes * 1024 * 1024, f"peaked at {peak / 1e6:.0f} MB"
    return result


MEASURE = """
import resource, sys, time
from pathlib import Path
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario
rulebook = load_rulebook(Path(sys.argv[2])).rulebook
start = time.process_time()
result = load_scenario(Path(sys.argv[1]), rulebook)
spent = time.process_time() - start
try:  # this process's own peak (VmHWM): ru_maxrss keeps the forking parent's size across exec
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(peak_kb, spent, len(result.diagnostics.items))
"""


def measured_apart(path: Path) -> tuple[float, float]:
    """Load `path` in a process of its own: (its peak resident memory in MB, the load's CPU seconds)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, str(path), str(SCENARIOS / "rulebook.yaml")],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    rss_kb, spent, count = done.stdout.split()
    assert int(count) >= 1
    return int(rss_kb) / 1024, float(spent)


def found(text: str) -> list[str]:
    """Every diagnostic for `text` loaded as a scenario, formatted; within the time and memory bounds."""
    result = bounded(lambda: load(text))
    assert result.scenario is None
    return [d.format() for d in result.diagnostics.items]


def file_found(tmp_path: Path, name: str, data: bytes) -> list[str]:
    """Every diagnostic for `data` written as the scenario file `name`, formatted; within the bounds."""
    path = tmp_path / name
    path.write_bytes(data)
    result = bounded(lambda: load_scenario(path, rulebook(), name))
    assert result.scenario is None
    return [d.format() for d in result.diagnostics.items]


def yaml_only(text: str) -> list[str]:
    diags = Diagnostics()
    parse_yaml(text, FILE, diags)
    return [d.format() for d in diags.items]


# -- nesting --------------------------------------------------------------------------------------

@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("nested, col", [
    ("[" * 500 + "]" * 500, 71),
    ("{a: " * 500 + "1" + "}" * 500, 260),
    ("\n" + "".join(" " * (2 * k) + f"k{k}:\n" for k in range(1, 501)) + " " * 1002 + "end", None),
])
def test_500_deep_nesting_is_refused_with_a_clear_message(monkeypatch, loader, nested, col):
    """Was a RecursionError in yaml_source.py (Python's recursion limit, not ours)."""
    monkeypatch.setattr(yaml_source, "Loader", loader)
    [message] = found(f"title: {nested}\n")
    assert message.endswith(NEST)
    if col is not None:
        assert message.startswith(f"s.yaml:1:{col}: ")


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_100000_deep_nesting_is_refused_in_under_a_second(monkeypatch, loader, opener, closer):
    monkeypatch.setattr(yaml_source, "Loader", loader)
    [message] = found("title: " + opener * 100_000 + closer * 100_000 + "\n")
    # libyaml's scanner may stop first, at its own limit of 1,000 flow levels: a positioned syntax error
    assert message.endswith(NEST) or "exceeded maximum nesting depth" in message, message


def test_nesting_within_the_limit_is_fine():
    assert yaml_only("a: " + "[" * 63 + "]" * 63 + "\n") == []


# -- explicit tags ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("!!bool maybe", "cannot read the value 'maybe' as !!bool: expected true or false"),
    ("!!int ''", "cannot read the value '' as !!int: expected a whole number"),
    ("!!int 0x", "cannot read the value '0x' as !!int: expected a whole number"),
    ("!!int '-'", "cannot read the value '-' as !!int: expected a whole number"),
    ("!!float ''", "cannot read the value '' as !!float: expected a number"),
    ("!!timestamp abc", "cannot read the value 'abc' as !!timestamp: expected a date written YYYY-MM-DD (or a "
                        "date and time)"),
    ("!!null x", "cannot read the value 'x' as !!null: expected nothing (an empty value, null or ~)"),
])
def test_a_tagged_value_the_tag_cannot_read_is_refused_at_its_position(value, expected):
    """Were KeyError, IndexError and AttributeError from PyYAML's constructors."""
    text = edit("objective: Get a dated commitment", f"objective: {value}")
    assert found(text) == [f"s.yaml:14:12: error: {expected} (hint: fix the value, or remove the tag)"]


@pytest.mark.parametrize("value, expected", [
    ("!!str {a: 1}", "the tag '!!str' does not fit a mapping (hint: remove the tag)"),
    ("!!map text", "the tag '!!map' does not fit a single value (hint: remove the tag)"),
    ("!!seq {a: 1}", "the tag '!!seq' does not fit a mapping (hint: remove the tag)"),
    ("!!set {a}", "the tag '!!set' is not allowed: expected plain data (text, numbers, lists, mappings) " + TAG_HINT),
    ("!<tag:yaml.org,2002:python/object/apply:os.system> [x]",
     "the tag '!!python/object/apply:os.system' is not allowed: expected plain data (text, numbers, lists, "
     "mappings) " + TAG_HINT),
])
def test_a_tag_on_the_wrong_kind_of_node_is_refused(value, expected):
    text = edit("objective: Get a dated commitment", f"objective: {value}")
    assert found(text) == [f"s.yaml:14:12: error: {expected}"]


def test_tagged_values_the_tag_can_read_are_constructed():
    result = load(edit("difficulty: 1", "difficulty: !!int '1'", edit("title: Tiny call", "title: !!str 12")))
    assert result.diagnostics.items == [] and result.scenario.title == "12" and result.scenario.difficulty == 1


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!!object/apply:os.system ['touch {marker}']",  # with `%TAG !! tag:yaml.org,2002:python/`
])
def test_python_tags_are_refused_in_every_spelling_and_never_run(tmp_path, tagged):
    marker = tmp_path / "PWNED"
    text = edit("title: Tiny call", "title: " + tagged.format(marker=marker))
    if tagged.startswith("!!object"):
        text = "%TAG !! tag:yaml.org,2002:python/\n---\n" + text
    [message] = found(text)
    assert "python/object" in message and "is not allowed" in message and message.endswith(TAG_HINT)
    assert not marker.exists()


def test_a_tag_on_a_key_is_refused():
    assert found(edit("archetype: cash-strapped", "!!python/name:os.system : 1\narchetype: cash-strapped")) == [
        "s.yaml:4:1: error: the tag '!!python/name:os.system' is not allowed: expected plain data (text, numbers, "
        f"lists, mappings) {TAG_HINT}"]


# -- size ---------------------------------------------------------------------------------------------

BILLION_LAUGHS = "".join(f"{n}: &{n} [{', '.join([p] * 9)}]\n"
                         for n, p in zip("abcdefghi", ['"lol"'] + [f"*{c}" for c in "abcdefgh"]))


def test_billion_laughs_is_refused_in_under_a_second():
    assert found(BILLION_LAUGHS) == ["s.yaml:1:1: error: the document expands to more than 100,000 values (an alias "
                                     "bomb?) (hint: use fewer nested aliases (*name))"]


def test_a_million_tiny_values_under_the_size_cap_are_refused_in_under_a_second(tmp_path):
    """Took 5.5 s and 504 MB: the cap on values only applied to files with anchors."""
    path = tmp_path / "many.yaml"
    path.write_text("history: [" + ",".join(["1"] * 1_000_000) + "]\n", encoding="utf-8")
    assert path.stat().st_size < yaml_source.MAX_FILE_BYTES
    result = bounded(lambda: load_scenario(path, rulebook(), "many.yaml"), megabytes=None)
    rss_mb, spent = measured_apart(path)  # the whole process, interpreter and libraries included
    assert rss_mb < 200 and spent < 1.0
    assert [d.format() for d in result.diagnostics.items] == [
        "many.yaml:1:1: error: the document has more than 100,000 values (hint: a scenario needs far fewer; split "
        "the file, or check that this is the file you meant)"]


def test_a_recursive_alias_is_refused():
    assert yaml_only("a: &x [1, *x]\n") == [
        "s.yaml:1:11: error: the alias '*x' is inside the node it repeats (a recursive alias) "
        "(hint: an alias can only repeat a node that ends before it)"]


def test_undefined_and_duplicate_anchors_are_positioned():
    assert yaml_only("a: &x 1\nb: &x 2\nc: *y\n") == [
        "s.yaml:2:4: error: duplicate anchor '&x' (first at line 1) (hint: give every anchor its own name)",
        "s.yaml:3:4: error: the alias '*y' repeats no anchor written before it (hint: mark the node to repeat with "
        "`&y` first, or check the spelling)"]


def test_a_second_document_is_refused():
    assert found(BASE + "---\nid: another\n") == [
        "s.yaml:38:1: error: YAML syntax error: expected a single document in the stream, but found another "
        "document (hint: remove the `---` line, or split the file in two)"]


def test_a_50_megabyte_file_is_refused_in_under_a_second(tmp_path):
    [message] = file_found(tmp_path, "big.yaml", BASE.encode() + b"# " + b"x" * (50 * 1024 * 1024) + b"\n")
    assert message.startswith("big.yaml:1:1: error: file is 52,429,") and "limited to 2,097,152 bytes" in message


def test_50_megabytes_of_text_handed_over_directly_are_refused_too():
    text = BASE + "# " + "x" * (50 * 1024 * 1024) + "\n"
    result = bounded(lambda: load_scenario_text(text, FILE, rulebook()))
    [message] = [d.format() for d in result.diagnostics.items]
    assert message.startswith("s.yaml:1:1: error: the text is 52,429,") and "limited to 2,097,152 bytes" in message


def test_a_text_over_10000_characters_is_refused():
    assert found(edit("objective: Get a dated commitment", "objective: " + "x" * 10_001)) == [
        "s.yaml:14:12: error: this text is 10,001 characters long; a text is limited to 10,000 (hint: shorten it, "
        "or split it into several lines of the list)"]


@pytest.mark.parametrize("value, expected", [
    ("0x" + "f" * 5000, "the number '0xfffffffffffffffffffffffffffffffffff...' is too large (hint: numbers here are "
                        "at most 18 digits long)"),
    ("9" * 5000, "cannot read the value '9999999999999999999999999999999999999...': Exceeds the limit (4300 digits) "
                 "for integer string conversion"),
])
def test_huge_numbers_are_refused(value, expected):
    [message] = found(edit("difficulty: 1", f"difficulty: {value}"))
    assert message.startswith(f"s.yaml:5:13: error: {expected}")


@pytest.mark.parametrize("amount", [".inf", "-.inf", ".nan"])
def test_an_amount_must_be_finite(amount):
    assert found(edit("amount: 100.0", f"amount: {amount}")) == [
        f"s.yaml:13:31: error: 'amount' in invoice 1 must be a finite number, got {float(amount.replace('.', ''))} "
        "(hint: write an amount such as 2450.00)"]


def test_a_condition_with_a_5000_digit_number_is_a_bad_condition():
    text = edit("goto: pays", f'goto: [{{if: "trust > {"9" * 5000}", to: pays}}, {{to: hangs-up}}]')
    [message] = found(text)
    assert message.startswith("s.yaml:25:21: error: bad condition 'trust > 99999")


# -- bytes and characters -------------------------------------------------------------------------

def test_nul_bytes_are_refused_with_their_position(tmp_path):
    assert file_found(tmp_path, "nul.yaml", BASE.encode().replace(b"Hello?", b"Hel\x00lo?")) == [
        "nul.yaml:18:16: error: expected a YAML text file, got binary data (a NUL byte) "
        "(hint: save the scenario as plain UTF-8 text)"]
    assert found(BASE.replace("Hello?", "Hel\x00lo?")) == [  # text handed over directly
        "s.yaml:18:16: error: expected a YAML text file, got binary data (a NUL byte) "
        "(hint: save the scenario as plain UTF-8 text)"]


def test_invalid_utf8_is_refused_with_its_position(tmp_path):
    assert file_found(tmp_path, "bad.yaml", BASE.encode().replace(b"Hello?", b"Hel\xc3\x28lo?")) == [
        "bad.yaml:18:16: error: expected UTF-8 text, got the byte 0xc3 "
        "(hint: re-save the file as UTF-8 in your editor)"]


CONTROL_HINT = "control characters and direction overrides can hide, reorder or garble text on screen)"
ESCAPED = f"(hint: remove the escape that writes it (such as \\e, \\0 or \\u202e): {CONTROL_HINT}"
RAW = f"(hint: remove it: {CONTROL_HINT}"


@pytest.mark.parametrize("say, expected", [
    ('"Pay \\e[2J now"', f"s.yaml:26:14: error: text may not contain U+001B escape (ESC) {ESCAPED}"),
    ('"Pay \\x9b31m now"', f"s.yaml:26:14: error: text may not contain U+009B control sequence introducer (CSI) "
                           f"{ESCAPED}"),
    ('"Pay \\0 now"', f"s.yaml:26:14: error: text may not contain U+0000 NUL {ESCAPED}"),
    ('"Pay \\r now"', f"s.yaml:26:14: error: text may not contain U+000D carriage return {ESCAPED}"),
    ('"Pay \\u202e won"', f"s.yaml:26:14: error: text may not contain U+202E right-to-left override {ESCAPED}"),
    ('"Pay \\L now"', f"s.yaml:26:14: error: text may not contain U+2028 line separator {ESCAPED}"),
    ("Pay \u202ewon", f"s.yaml:26:18: error: text may not contain U+202E right-to-left override {RAW}"),
    ("'Pay \u2066now\u2069'", f"s.yaml:26:19: error: text may not contain U+2066 left-to-right isolate {RAW}"),
])
def test_control_characters_and_bidi_overrides_in_text_are_refused(say, expected):
    assert found(edit("say: Pay up.", f"say: {say}")) == [expected]


@pytest.mark.parametrize("raw, name", [("\x1b", "U+001B escape (ESC)"), ("\x07", "U+0007 bell"),
                                       ("\x9b", "U+009B control sequence introducer (CSI)")])
def test_raw_control_characters_anywhere_in_the_file_are_refused(raw, name):
    assert found(edit("say: Pay up.", f"say: Pay{raw} up.")) == [
        f"s.yaml:26:17: error: YAML text may not contain {name} (hint: remove it (most editors do not show it); to "
        "show such a character, describe it in words)"]


def test_a_lone_surrogate_is_refused(monkeypatch):
    text = edit("say: Pay up.", 'say: "Pay \\ud800 up."')
    assert found(text)[0].startswith("s.yaml:26:")  # libyaml: a syntax error at the escape
    monkeypatch.setattr(yaml_source, "Loader", yaml.SafeLoader)  # PyYAML would make the str
    assert found(text) == [f"s.yaml:26:14: error: text may not contain U+D800 a lone surrogate {ESCAPED}"]


def test_a_control_character_in_a_key_is_refused():
    assert found(edit("archetype: cash-strapped", 'archetype: cash-strapped\n"x\\tx": 1')) == [
        "s.yaml:5:1: error: a key may not contain U+0009 tab (hint: remove the escape that writes it (such as \\e, "
        f"\\0 or \\u202e): {CONTROL_HINT}"]


def test_tabs_and_line_breaks_in_text_are_fine():
    result = load(edit("say: Pay up.", 'say: "Pay\\tup,\\nplease."'))
    assert result.diagnostics.items == [] and result.scenario.nodes["greeting"].choices[1].say == "Pay\tup,\nplease."


def test_a_diagnostic_quoting_a_tab_or_line_break_stays_on_one_line():
    [message] = found(edit("breaks: [dont-be-aggressive]", 'breaks: ["dont-be\\taggressive\\nnow"]'))
    assert message.startswith("s.yaml:29:18: error: unknown rule 'dont-be\\taggressive\\nnow' in choice 2")


def test_the_rulebook_and_programs_refuse_control_characters_too(tmp_path):
    book = (SCENARIOS / "rulebook.yaml").read_text(encoding="utf-8")
    first_title = next(line for line in book.splitlines() if line.strip().startswith("title:"))
    path = tmp_path / "rulebook.yaml"
    path.write_text(book.replace(first_title, first_title.split("title:")[0] + 'title: "Evil \\e[8m"', 1))
    found_rules = [d.format() for d in load_rulebook(path, "rulebook.yaml").diagnostics.items]
    assert len(found_rules) == 1 and "text may not contain U+001B escape (ESC)" in found_rules[0]
    program = tmp_path / "p.yaml"
    program.write_text('format: 1\nid: p\ntitle: "Week \\u202e1"\nscenarios: [sunrise-bakery]\n')
    found_program = [d.format() for d in load_program(program, ["sunrise-bakery"], "p.yaml").diagnostics.items]
    assert found_program == [f"p.yaml:3:8: error: text may not contain U+202E right-to-left override {ESCAPED}"]


# -- through the command line -----------------------------------------------------------------------

HOSTILE_FILES = {
    "nested.yaml": ("title: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
    "bomb.yaml": BILLION_LAUGHS.encode(),
    "bool.yaml": edit("title: Tiny call", "title: !!bool maybe").encode(),
    "apply.yaml": edit("title: Tiny call", "title: !!python/object/apply:os.system ['touch PWNED']").encode(),
    "nul.yaml": BASE.encode().replace(b"Hello?", b"\x00"),
    "latin1.yaml": BASE.encode().replace(b"Hello?", b"H\xe9llo?"),
    "escape.yaml": edit("say: Pay up.", 'say: "\\e]0;owned\\a"').encode(),
    "many.yaml": ("history: [" + ",".join(["1"] * 1_000_000) + "]\n").encode(),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_validate_refuses_each_hostile_file_on_one_line(tmp_path: Path, monkeypatch, capfd, name: str):
    (tmp_path / name).write_bytes(HOSTILE_FILES[name])
    monkeypatch.chdir(tmp_path)
    start = time.process_time()
    code = cli.main(["validate", name, "--rulebook", str(SCENARIOS / "rulebook.yaml")])
    assert time.process_time() - start < 1.0
    out, err = capfd.readouterr()
    lines = out.splitlines()
    assert code == 1 and err == "" and len(lines) == 2, lines
    assert lines[0].startswith(f"{name}:") and " error: " in lines[0]
    assert lines[1] == "FAILED: 2 files checked, 0 scenarios valid, 1 error, 0 warnings"
    assert not (tmp_path / "PWNED").exists()
