"""`ardojo validate --library` (issue 12, "the library's rules as a command"): a deliberately bad
scenario in a temp library makes each library rule it breaks fire, at the scenario, node or reply it is
about, with the rule's code and a hint; a library with load errors is not judged by the rules. (The
shipped library passing is the library tests themselves: they call the same rules.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring import library_rules as per
from game.authoring.library_rules_wide import RULE_CODES
from game.content.library import load_library
from library_calls import ROOT, SCENARIOS

SOURCE = SCENARIOS / "cash-strapped-sunrise-bakery.yaml"
VAGUE_BREAKS = "        breaks: [do-quote-exact-figures, do-be-prepared]\n"


def bad_text() -> str:
    """Sunrise Bakery, broken four ways: starting patience below difficulty 1's band, no reply marked
    critical, and the vague-figures reply scoring below zero while it claims to follow a rule and breaks none (and no
    reply breaks do-quote-exact-figures: no wrong-figures trap)."""
    text = SOURCE.read_text(encoding="utf-8")
    for old, new in (("id: sunrise-bakery", "id: bad-bakery"), ("mood: {patience: 65, trust: 50}",
                                                                 "mood: {patience: 59, trust: 50}"),
                     (VAGUE_BREAKS, "        rules: [do-be-prepared]\n")):
        assert old in text, old
        text = text.replace(old, new, 1)
    assert "critical:" in text
    text = text.replace("breaks: [do-quote-exact-figures, ", "breaks: [")
    return "".join(line for line in text.splitlines(keepends=True) if not line.strip().startswith("critical:"))


@pytest.fixture(scope="module")
def bad_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lib") / "scenarios"
    folder.mkdir()
    shutil.copy(SCENARIOS / "rulebook.yaml", folder / "rulebook.yaml")
    (folder / "bad-bakery.yaml").write_text(bad_text(), encoding="utf-8")
    return folder


def positions(folder: Path) -> dict[str, str]:
    """The positions the rules should name, as `file:line:col`, from the loaded bad scenario."""
    here = os.getcwd()
    os.chdir(folder.parent)
    try:
        scenario = load_library([Path("scenarios")]).scenarios["bad-bakery"]
    finally:
        os.chdir(here)
    vague = next(c for n in scenario.nodes.values() for c in n.choices if c.id == "vague")
    return {"persona": str(scenario.persona.pos), "scenario": str(scenario.pos), "vague": str(vague.pos),
            "folder": "scenarios:1:1"}


def test_each_broken_rule_fires_at_its_position(bad_library: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", "--library", "scenarios",
                           "--format", "json"], cwd=bad_library.parent, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "ARDOJO_SCENARIOS": str(bad_library)})
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    found = {(d["code"], f"{d['file']}:{d['line']}:{d['col']}") for d in json.loads(done.stdout)["diagnostics"]}
    at = positions(bad_library)
    expected = {("library-difficulty-band", at["persona"]), ("library-trap", at["scenario"]),
                ("library-poor-reply", at["vague"]), ("library-account-facts", at["scenario"]),
                ("library-program", at["scenario"]), ("library-coverage", at["folder"])}
    assert expected <= found, sorted(found)
    assert {code for code, _ in found if code.startswith("library-")} <= set(RULE_CODES)
    messages = [d for d in json.loads(done.stdout)["diagnostics"] if d["code"] == "library-poor-reply"]
    assert messages[0]["message"].startswith("choice ") and "breaks no rule" in messages[0]["message"]
    assert all(d["hint"] for d in json.loads(done.stdout)["diagnostics"]
               if d["code"].startswith("library-") and d["code"] not in ("library-coverage", "library-formats",
                                                                          "library-balance-wide", "library-critical"))


def test_the_text_output_is_one_line_per_problem_and_load_errors_stop_the_rules(bad_library: Path,
                                                                                  tmp_path: Path) -> None:
    broken = tmp_path / "scenarios"
    shutil.copytree(bad_library, broken)
    (broken / "bad-bakery.yaml").write_text(bad_text().replace("start: greeting", "start: nowhere"), encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", "--library", str(broken)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("scenarios:1:1: error: the library rules were not run") for line in lines), lines
    assert not any("library-" in line for line in lines)


def test_the_scenario_rules_in_process_name_the_same_places(bad_library: Path) -> None:
    """The rules the library tests call, on the bad scenario: each finding carries its position."""
    library = load_library([bad_library])
    ctx = per.RuleContext(library, bad_library, root=bad_library.parent)
    scenario = library.scenarios["bad-bakery"]
    band = per.check_difficulty_bands(ctx, "bad-bakery")
    assert [f.pos for f in band] == [scenario.persona.pos] and "starting patience 59" in band[0].message
    poor = per.check_poor_replies(ctx, "bad-bakery")
    assert [f.pos.line for f in poor] == [next(c.pos.line for n in scenario.nodes.values() for c in n.choices
                                               if c.id == "vague")]
    assert per.check_traps_reachable(ctx, "bad-bakery")[0].message.startswith("no reply is marked `critical`")
    assert "wrong-figures trap" in per.check_account_facts(ctx, "bad-bakery")[-1].message


def test_the_shipped_library_passes_every_library_rule() -> None:
    """What `ardojo validate --library` reports on the shipped library (the measures are shared with
    the other library tests, so this costs little after them): nothing."""
    from game.authoring.library_rules_wide import run_library_rules
    from library_calls import rules

    diags = run_library_rules(rules())
    assert not diags.items, "\n".join(d.format() for d in diags.sorted())
