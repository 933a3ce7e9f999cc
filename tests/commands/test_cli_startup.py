"""CLI start-up (issue 12): `ardojo --help` imports no command module and none of the heavy layers
(the engine, transitions, PyYAML, pygame, SQLite, the records), and the summaries it lists are the
ones each command module registers. Timings are in bench/bench_startup.py."""

from __future__ import annotations

import json
import subprocess
import sys

from cli_helpers import ROOT  # noqa: F401  (tests/commands helpers put the checkout on the path)
from game.cli import COMMANDS, SUMMARIES, build_parser

HEAVY = ("game.engine", "game.records", "game.content", "game.authoring", "game.commands.", "game.ui", "game.xapi",
         "transitions", "yaml", "pygame", "sqlite3", "jinja2")
PROBE = ("import json, sys\nfrom game.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
         "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")


def loaded(*argv: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_help_imports_no_command_and_no_heavy_layer() -> None:
    for argv in (["--help"], [], ["--version"]):
        heavy = [m for m in loaded(*argv) if m.startswith(HEAVY)]
        assert not heavy, f"`ardojo {' '.join(argv)}` imports {heavy}"


def test_a_subcommand_imports_only_its_own_module() -> None:
    modules = loaded("schema", "--help")
    commands = {m.rsplit(".", 1)[1] for m in modules if m.startswith("game.commands.") and m != "game.commands.common"}
    assert commands == {"schema"}, commands
    assert not [m for m in loaded("validate", "--help") if m.startswith(("game.engine", "transitions", "pygame",
                                                                         "game.records", "sqlite3"))]


def test_the_summaries_are_what_each_command_registers() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    registered = {action.dest: action.help for action in sub._choices_actions}
    assert registered == SUMMARIES and list(SUMMARIES) == list(COMMANDS)
    lazy = build_parser(lazy=True).format_help()
    assert all(name in lazy for name in COMMANDS)
