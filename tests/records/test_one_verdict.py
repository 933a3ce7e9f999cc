"""One verdict everywhere (issue 9, item 6): a call played through the real terminal flow is decided once,
when it ends, and the terminal's debrief, the program progress, `report` (table and CSV), `certificate`,
`verify` and the xAPI statements all say the same.

Two calls, each in its own program over a copy of the library:
- one that meets the scenario's own pass marks but not the stricter marks of the program it counts for;
- one that meets every mark but makes a critical error (a reply marked `critical: dont-overpromise`).
Both must read NOT passed everywhere. (The window's debrief is tested with the window.)
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from game.content.library import Library, load_library
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.verdict import Marks, decide
from game.records.programs import Program, load_program_set
from game.records.store import CallRow, RecordStore
from game.ui.text.terminal import run_terminal
from game.ui.text.terminal_io import Terminal
from records_helpers import SCENARIOS, ardojo, call_log
from terminal_script import Script, careful_log, fix_seed, positions

KEY = "one-verdict-key"
SCENARIO = "verdict-lab"
CRITICAL_RULE = "dont-overpromise"
#: A small scenario of its own (the shipped library is content that changes): the top replies score 100
#: everywhere; the blunt opening costs professionalism only (75: the scenario's marks are met, a strict
#: program's are not); the fee-waiver promise scores more points than the honest answer but is critical.
LAB = """\
format: 1
id: verdict-lab
title: "Verdict lab (test scenario)"
archetype: test
difficulty: 1
persona:
  name: Dana Tester
  company: Fixture Co
  mood: {patience: 80, trust: 60}
account:
  terms: Net 30
  as_of: 2026-11-23
  invoices:
    - {number: INV-7, amount: 800.00, issued: 2026-09-01, due: 2026-10-01}
objective: Get a dated full payment of invoice 7.
start: start
hang_up_when: {}
nodes:
  start:
    client: "Fixture Co, Dana speaking."
    choices:
      - say: "Hi Dana, Sam from Northwind about invoice 7, 800 dollars, due October 1st. Is now a good time?"
        score: {professionalism: 2, empathy: 1, clarity: 2}
        rules: [do-state-purpose-clearly, do-respect-their-time]
        feedback: "Purpose, figures and a check on her time."
        goto: ask
      - say: "Northwind here. Invoice 7, 800 dollars, due October 1st."
        score: {professionalism: 1, empathy: 1, clarity: 2}
        rules: [do-quote-exact-figures]
        feedback: "Exact, but abrupt."
        goto: ask
  ask:
    client: "Ah, that one. What do you need?"
    choices:
      - say: "Could you pay the 800 dollars by Friday?"
        score: {professionalism: 2, empathy: 1, clarity: 2}
        rules: [do-secure-dated-commitment]
        feedback: "A clear ask with a date."
        goto: late-fee
      - say: "Whenever you can, really."
        score: {clarity: -1}
        breaks: [do-secure-dated-commitment]
        feedback: "No date, no commitment."
        goto: late-fee
  late-fee:
    client: "Fine, Friday. Is there a late fee on top?"
    choices:
      - say: "The terms allow one and I can't waive it myself; I'll ask our credit manager and call you by Wednesday."
        score: {professionalism: 2, clarity: 1}
        rules: [dont-overpromise, do-collaborate-internally]
        feedback: "Honest about your authority, and still helpful."
        goto: pays
      - say: "Don't worry about it, I'll make the fee go away."
        score: {professionalism: 1, empathy: 2, clarity: 1}
        critical: dont-overpromise
        feedback: "Only the credit manager can waive a fee: a promise you cannot keep."
        goto: pays
  pays:
    client: "Good. 800 dollars on Friday, then."
    end: {commitment: full, amount: 800.00, days: 4}
"""
TOP = (0, 0, 0)          # every top reply: 100 everywhere
BLUNT = (1, 0, 0)        # professionalism 75, the rest 100: passes the scenario's marks, not STRICT's
CRITICAL = (0, 0, 1)     # the fee waiver: points enough to pass, but a critical error
STRICT = "strict-week"
LENIENT = "open-week"
PROGRAMS = {
    STRICT: ('format: 1\nid: strict-week\ntitle: "Strict week"\nattempts: 1\n'
             "pass: {overall: 90, professionalism: 80, empathy: 80, clarity: 80, commitment: 80, wrapup: 75}\n"
             f"scenarios:\n  - id: {SCENARIO}\n"),
    LENIENT: f'format: 1\nid: open-week\ntitle: "Open week"\nattempts: 1\nscenarios:\n  - id: {SCENARIO}\n',
}


@dataclass(frozen=True)
class Setup:
    """A library holding the lab scenario (and the real rulebook), two programs, a records database."""

    scenarios: Path
    db: Path
    library: Library
    programs: dict[str, Program]

    @property
    def compiled(self) -> CompiledScenario:
        return compile_scenario(self.library.scenarios[SCENARIO])


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    folder = tmp_path / "scenarios"
    (folder / "programs").mkdir(parents=True)
    shutil.copy(SCENARIOS / "rulebook.yaml", folder / "rulebook.yaml")
    (folder / "verdict-lab.yaml").write_text(LAB, encoding="utf-8")
    for program_id, text in PROGRAMS.items():
        (folder / "programs" / f"{program_id}.yaml").write_text(text, encoding="utf-8")
    library = load_library([folder])
    assert not library.diagnostics.has_errors, [d.format() for d in library.diagnostics.errors]
    assert list(library.scenarios) == [SCENARIO]
    programs = load_program_set(folder, library.scenarios)
    assert not programs.diagnostics.has_errors, [d.format() for d in programs.diagnostics.items]
    return Setup(folder, tmp_path / "records.sqlite3", library, dict(programs.programs))


def passes(call: Call, marks: Marks) -> bool:
    """The verdict with `marks` and a careful call log."""
    return decide(call.score(), call_log(call)[0], marks).passed


def play(setup: Setup, program_id: str, path: tuple[int, ...], monkeypatch: pytest.MonkeyPatch) -> tuple[str, CallRow]:
    """Sam plays `path` through the terminal, in the program, signed, and writes a careful call log;
    returns the terminal's text and the stored call."""
    seed = fix_seed(monkeypatch)
    monkeypatch.setenv("ARDOJO_SIGNING_KEY", KEY)
    ended = Call.replay(setup.compiled, path)
    menu = str(list(setup.library.scenarios).index(SCENARIO) + 1)
    script = Script("Sam", menu, positions(setup.compiled, path, seed), careful_log(ended.scenario, ended.node))
    out = io.StringIO()
    with RecordStore.open(setup.db) as store:
        assert run_terminal(Terminal(out, script), setup.library, None, None, store, setup.programs[program_id]) == 0
        (row,) = store.calls()
    assert not script.replies  # every reply of the path was taken
    assert row.status == "completed" and row.program_id == program_id and row.signature.startswith("v3:")
    assert [d.choice for d in RecordStore.open(setup.db, write=False).decisions(row.id)] == list(path)
    return out.getvalue(), row


def cli(setup: Setup, *args: str):
    return ardojo(*args, "--db", str(setup.db), env={"ARDOJO_SIGNING_KEY": KEY})


def csv_rows(text: str, section: str) -> list[dict[str, str]]:
    return [r for r in csv.DictReader(io.StringIO(text)) if r["section"] == section]


def every_view_says_not_passed(setup: Setup, program_id: str, terminal: str, row: CallRow) -> dict:
    """The six views of one stored call all read NOT passed; returns the xAPI result of the call."""
    title = setup.programs[program_id].title
    # 1. the terminal's debrief, decided with the program's marks
    debriefs = [line for line in terminal.splitlines() if line.startswith("DEBRIEF — ")]
    assert debriefs == [f"DEBRIEF — {setup.library.scenarios[SCENARIO].title}: NOT PASSED"]
    assert f"Scores (marks of program {program_id}):" in terminal
    # 2. the program progress printed after the debrief
    after = terminal[terminal.index(debriefs[0]):]
    assert f"Program: {title} — 0 of 1 passed — out of attempts on a scenario; ask your trainer" in after
    assert "failed (out of attempts)" in after
    # the stored verdict behind them
    assert row.passed is False and row.verdict["passed"] is False
    assert row.verdict["marks"]["source"] == f"program:{program_id}"
    # 3. report: table and CSV
    scenarios = ("--scenarios", str(setup.scenarios))
    table = cli(setup, "report", "--program", program_id, *scenarios)
    assert table.returncode == 0, table.stderr
    sam = next(line for line in table.stdout.splitlines() if line.startswith("Sam "))
    assert sam.split()[1:5] == ["1", "1", "1/1", "0/1"]  # calls, done, tried, passed
    assert "0 passed (0% of completed)" in table.stdout
    standing = next(line for line in table.stdout.splitlines() if line.startswith("Sam ") and "failed" in line)
    assert standing.split()[1:3] == ["failed", "1/1"]
    report = cli(setup, "report", "--program", program_id, "--format", "csv", *scenarios)
    assert report.returncode == 0, report.stderr
    (call,) = csv_rows(report.stdout, "call")
    assert (call["call_id"], call["passed"], call["marks"]) == (row.id, "0", f"program:{program_id}")
    assert call["text"] and call["text"].split(" | ") == list(row.verdict["reasons"])
    assert [r["passed"] for r in csv_rows(report.stdout, "summary")] == ["0"]
    assert [(r["passed"], r["latest_passed"]) for r in csv_rows(report.stdout, "trainee_scenario")] == [("0", "0")]
    assert [(r["flags"], r["passed"]) for r in csv_rows(report.stdout, "program_step")] == [("failed", "0")]
    # 4. certificate: refused
    cert = cli(setup, "certificate", "--trainee", "Sam", "--program", program_id, "-o",
               str(setup.db.parent / "cert.html"), *scenarios)
    assert cert.returncode == 1 and not (setup.db.parent / "cert.html").exists()
    assert f"Sam has not completed '{title}': 0 of 1 scenarios passed ({SCENARIO} failed)" in cert.stderr
    # 5. verify: the record is genuine (re-played, the same verdict re-decided, signature valid)
    verify = cli(setup, "verify", *scenarios)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert verify.stdout.startswith("verify: ok: 1 completed call re-played") and "signatures checked" in verify.stdout
    # 6. xAPI: the verb and `success` follow the stored verdict
    export = cli(setup, "xapi", "export")
    assert export.returncode == 0, export.stderr
    statements = [json.loads(line) for line in export.stdout.splitlines()]
    assert [s["verb"]["display"]["en-US"] for s in statements][-2:] == ["completed", "failed"]
    result = statements[-1]["result"]
    assert result["success"] is False and statements[-2]["result"]["success"] is False
    base = "https://ardojo.example/xapi/extensions/"
    assert result["extensions"][base + "marks"] == f"program:{program_id}"
    assert result["extensions"][base + "reasons"] == row.verdict["reasons"]
    return result


def test_a_call_passing_the_scenarios_marks_but_not_the_programs_fails_everywhere(
        setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = setup.library.scenarios[SCENARIO]
    own = Marks.of_scenario(scenario)
    strict = Marks(setup.programs[STRICT].step(SCENARIO).thresholds, f"program:{STRICT}")
    assert all(strict.values[k] >= own.values[k] for k in strict.values)
    replayed = Call.replay(setup.compiled, BLUNT)
    assert passes(replayed, own) and not passes(replayed, strict)  # only the program's marks fail it
    terminal, row = play(setup, STRICT, BLUNT, monkeypatch)
    assert row.critical == () and row.verdict["below"] and all("below the mark" in r for r in row.verdict["reasons"])
    result = every_view_says_not_passed(setup, STRICT, terminal, row)
    assert result["extensions"]["https://ardojo.example/xapi/extensions/critical"] == []


def test_a_call_with_a_critical_error_fails_everywhere(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    own = Marks.of_scenario(setup.library.scenarios[SCENARIO])
    score = Call.replay(setup.compiled, CRITICAL).score()
    assert [e.rule for e in score.critical] == [CRITICAL_RULE] and not score.below(own.values)  # points enough
    terminal, row = play(setup, LENIENT, CRITICAL, monkeypatch)
    assert row.critical == (CRITICAL_RULE,) and row.verdict["below"] == []
    reasons = row.verdict["reasons"]
    assert len(reasons) == 1 and reasons[0].startswith("critical error at decision ")
    # the debrief names it first, right under the verdict
    lines = terminal.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("DEBRIEF — "))
    assert lines[head + 2].strip().startswith("- critical error at decision ")
    result = every_view_says_not_passed(setup, LENIENT, terminal, row)
    assert result["extensions"]["https://ardojo.example/xapi/extensions/critical"] == [CRITICAL_RULE]
    # the report counts it against its rule
    table = cli(setup, "report", "--scenarios", str(setup.scenarios)).stdout
    assert "CRITICAL ERRORS (1 in 1 of 1 completed calls)" in table
    assert any(line.split()[:4] == [CRITICAL_RULE, "1", "1", "1"] for line in table.splitlines())
    rows = csv_rows(cli(setup, "report", "--format", "csv", "--scenarios", str(setup.scenarios)).stdout, "critical")
    assert [(r["rule_id"], r["errors"], r["calls"]) for r in rows] == [(CRITICAL_RULE, "1", "1")]
    (call,) = csv_rows(cli(setup, "report", "--format", "csv", "--scenarios", str(setup.scenarios)).stdout, "call")
    assert call["critical"] == CRITICAL_RULE


def test_editing_the_verdict_or_the_program_is_caught_by_verify_with_a_key(
        setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    play(setup, STRICT, BLUNT, monkeypatch)
    scenarios = ("--scenarios", str(setup.scenarios))
    assert cli(setup, "verify", *scenarios).returncode == 0
    edits = [
        # the marks in force lowered to the scenario's and the call passed: re-deciding agrees, the signature not
        "UPDATE calls SET passed = 1, verdict = json_set(verdict, '$.passed', json('true'), '$.reasons', json('[]'),"
        " '$.below', json('[]'), '$.marks', json('{\"source\": \"scenario\", \"overall\": 70, \"professionalism\":"
        " 50, \"empathy\": 50, \"clarity\": 50, \"commitment\": 50, \"wrapup\": 75}'))",
        "UPDATE calls SET program_id = 'open-week'",   # moved to the lenient program
    ]
    for number, edit in enumerate(edits):
        copy = replace(setup, db=setup.db.with_name(f"edited-{number}.sqlite3"))
        with closing(sqlite3.connect(setup.db)) as source, closing(sqlite3.connect(copy.db)) as target:
            source.backup(target)
        with RecordStore.open(copy.db) as store:
            store.conn.execute(edit)
        done = cli(copy, "verify", *scenarios)
        assert done.returncode == 1, edit
        assert "bad signature: changed after it was signed: " in done.stdout, done.stdout
        assert ("the program it counts for" if "program_id" in edit else "the stored verdict") in done.stdout
        unsigned = ardojo("verify", "--db", str(copy.db), *scenarios)  # without the key: not checked
        assert "signatures not checked" in unsigned.stdout
