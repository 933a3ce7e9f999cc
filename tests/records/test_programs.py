"""Program files: the shipped program loads; every mistake is reported at its file:line:col."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.records.programs import find_cycle, load_program, load_programs, split_paths
from records_helpers import ORDER, SCENARIOS, ardojo, library, program

IDS = ORDER


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    result = load_program(write(tmp_path, text), IDS, "p.yaml")
    return [d.format() for d in result.diagnostics.items]


def test_shipped_program_uses_the_three_scenarios_in_order() -> None:
    prog = program()
    assert prog.title == "AR onboarding, week 1"
    assert prog.scenario_ids == ORDER
    assert prog.step("sunrise-bakery").requires == ()
    assert prog.step("harbor-logistics").requires == ("sunrise-bakery",)
    assert prog.step("crestview-dental").requires == ("harbor-logistics",)
    assert prog.step("crestview-dental").attempts == 4
    assert prog.step("crestview-dental").thresholds["overall"] == 65
    assert prog.step("sunrise-bakery").thresholds["professionalism"] == 60


def test_minimal_program_with_plain_ids_and_defaults(tmp_path: Path) -> None:
    result = load_program(write(tmp_path, "format: 1\nid: mini\ntitle: Mini\nscenarios: [sunrise-bakery]\n"), IDS)
    assert result.program is not None, [d.format() for d in result.diagnostics.items]
    step = result.program.steps[0]
    assert (step.scenario_id, step.attempts, dict(step.thresholds)) == ("sunrise-bakery", 3, {})


@pytest.mark.parametrize("text, expected", [
    ("format: 1\nid: p\ntitle: P\nscenarios:\n  - id: sunrise-bakey\n",
     "p.yaml:5:9: error: no scenario 'sunrise-bakey' in the library (hint: did you mean 'sunrise-bakery'?)"),
    ("format: 1\nid: p\ntitle: P\natempts: 2\nscenarios: [sunrise-bakery]\n",
     "p.yaml:4:1: error: unknown key 'atempts' in the program (hint: did you mean 'attempts'?)"),
    ("format: 1\nid: p\ntitle: P\npass: {overall: 170}\nscenarios: [sunrise-bakery]\n",
     "p.yaml:4:17: error: 'overall' in the program's pass must be from 0 to 100, got 170"),
    ("format: 1\nid: p\ntitle: P\nattempts: 0\nscenarios: [sunrise-bakery]\n",
     "p.yaml:4:11: error: 'attempts' in the program must be from 1 to 99, got 0"),
    ("format: 1\nid: p\ntitle: P\nscenarios:\n  - id: sunrise-bakery\n    requires: [harbor-logistic]\n"
     "  - id: harbor-logistics\n",
     "p.yaml:6:16: error: 'sunrise-bakery' requires 'harbor-logistic', which is not in this program "
     "(hint: did you mean 'harbor-logistics'?)"),
    ("format: 1\nid: p\ntitle: P\nscenarios:\n  - id: sunrise-bakery\n    requires: [sunrise-bakery]\n",
     "p.yaml:6:16: error: 'sunrise-bakery' requires itself (hint: remove it from its own `requires`)"),
    ("format: 1\nid: p\ntitle: P\nscenarios:\n  - sunrise-bakery\n  - sunrise-bakery\n",
     "p.yaml:6:5: error: 'sunrise-bakery' is listed twice in the program (first at line 5) "
     "(hint: list each scenario once)"),
    ("format: 2\nid: p\ntitle: P\nscenarios: [sunrise-bakery]\n",
     "p.yaml:1:9: error: program is written for format 2; this AR Dojo reads format 1 (hint: write `format: 1`)"),
    ("format: 1\nid: p\ntitle: P\nscenarios: []\n",
     "p.yaml:4:12: error: the program lists no scenarios (hint: add at least one `- id: scenario-id`)"),
    ("format: 1\nid: p\nscenarios: [sunrise-bakery]\n",
     "p.yaml:1:1: error: the program is missing the required key 'title' (hint: add `title:` "
     "(see docs/programs.md))"),
    ("format: 1\nid: p\ntitle: P\nscenarios:\n  - requires: []\n",
     "p.yaml:5:5: error: scenario 1 of the program has no 'id' (hint: write `- id: scenario-id`)"),
    ("format: 1\nid: p\ntitle: P\nscenarios: [sunrise-bakery\n", "p.yaml:4:12: error: YAML syntax error: unclosed '['"),
    ("- just\n- a list\n", "p.yaml:1:1: error: the program must be a mapping of keys, got a list"),
])
def test_mistakes_are_reported_with_positions(tmp_path: Path, text: str, expected: str) -> None:
    found = problems(tmp_path, text)
    assert any(line.startswith(expected) for line in found), found


def test_requirement_cycles_are_errors_naming_the_circle(tmp_path: Path) -> None:
    text = ("format: 1\nid: p\ntitle: P\nscenarios:\n"
            "  - id: sunrise-bakery\n    requires: [crestview-dental]\n"
            "  - id: harbor-logistics\n    requires: [sunrise-bakery]\n"
            "  - id: crestview-dental\n    requires: [harbor-logistics]\n")
    result = load_program(write(tmp_path, text), IDS, "p.yaml")
    assert result.program is None
    errors = [d.format() for d in result.diagnostics.errors]
    assert errors == ["p.yaml:6:16: error: the requirements go round in a circle: sunrise-bakery -> "
                      "crestview-dental -> harbor-logistics -> sunrise-bakery (hint: a scenario cannot (even "
                      "indirectly) require itself; remove one `requires` entry)"]


def test_find_cycle() -> None:
    assert find_cycle({"a": ("b",), "b": ("c",), "c": ()}) == []
    assert find_cycle({"a": ("b",), "b": ("a",)}) == ["a", "b", "a"]


def test_duplicate_program_ids_across_files(tmp_path: Path) -> None:
    body = "format: 1\nid: same\ntitle: T\nscenarios: [sunrise-bakery]\n"
    files = [write(tmp_path, body, "a.yaml"), write(tmp_path, body, "b.yaml")]
    result = load_programs(files, IDS)
    assert list(result.programs) == ["same"]
    assert [d.code for d in result.diagnostics.errors] == ["duplicate-id"]


def test_split_paths_finds_the_programs_subfolder() -> None:
    scenario_paths, programs = split_paths([SCENARIOS])
    assert scenario_paths == [SCENARIOS]
    names = [p.name for p in programs]
    assert "ar-onboarding-week-1.yaml" in names
    assert names == sorted(p.name for p in (SCENARIOS / "programs").glob("*.yaml"))
    assert split_paths([SCENARIOS / "programs"]) == ([], programs)


def test_validate_checks_programs_with_the_scenarios(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    shutil.copytree(SCENARIOS, folder)
    done = ardojo("validate", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    shipped = len(list((SCENARIOS / "programs").glob("*.yaml")))
    assert f"{shipped} program{'' if shipped == 1 else 's'} valid" in done.stdout
    (folder / "programs" / "broken.yaml").write_text(
        "format: 1\nid: broken\ntitle: B\nscenarios:\n  - id: crestview-dentl\n", encoding="utf-8")
    done = ardojo("validate", str(folder))
    assert done.returncode == 1
    assert "broken.yaml:5:9: error: no scenario 'crestview-dentl' in the library (hint: did you mean " \
           "'crestview-dental'?)" in done.stdout
    done = ardojo("validate", str(folder / "programs" / "broken.yaml"))
    assert done.returncode == 1 and "crestview-dentl" in done.stdout


def test_library_loads_every_scenario_file_with_week_1_in_order() -> None:
    """The library grows (tests/library checks its contents); week 1's scenarios stay in it, in the
    library's order (difficulty first), and no scenario file is left out."""
    ids = tuple(library().scenarios)
    assert tuple(i for i in ids if i in ORDER) == ORDER
    files = [p for p in SCENARIOS.glob("*.yaml") if p.name != "rulebook.yaml"]
    assert len(ids) == len(files)
