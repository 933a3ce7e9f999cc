"""The engine and content layers never import pygame (or the UI): they must run headless, in tests,
in the terminal mode and in tools."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import game

GAME_DIR = Path(game.__file__).resolve().parent
LAYERS = ("engine", "content")
FORBIDDEN = ("pygame", "pyttsx3", "game.ui")


def layer_modules() -> list[str]:
    names = []
    for layer in LAYERS:
        for path in sorted((GAME_DIR / layer).rglob("*.py")):
            parts = path.relative_to(GAME_DIR.parent).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_layers_have_modules():
    modules = layer_modules()
    for expected in ("game.engine.call", "game.engine.machine", "game.engine.scoring", "game.engine.debrief",
                     "game.content.model", "game.content.scenario_loader"):
        assert expected in modules


def test_importing_engine_and_content_loads_no_pygame():
    """Import every engine and content module in a fresh interpreter, then look at sys.modules."""
    modules = layer_modules()
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n"
            "    importlib.import_module(name)\n"
            f"bad = sorted(m for m in sys.modules if any(m == f or m.startswith(f + '.') for f in {FORBIDDEN!r}))\n"
            "print(repr(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            cwd=GAME_DIR.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"engine/content imports pulled in: {result.stdout.strip()}"


def test_engine_and_content_source_never_import_pygame():
    """A grep of the source (any import statement, even one inside a function) and a parse of it."""
    pattern = re.compile(r"^\s*(from|import)\s+(pygame|pyttsx3|game\.ui)\b", re.MULTILINE)
    dynamic = re.compile(r"""import_module\(\s*["'](pygame|pyttsx3|game\.ui)""")
    offenders = []
    for layer in LAYERS:
        for path in sorted((GAME_DIR / layer).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            if pattern.search(text) or dynamic.search(text):
                offenders.append(str(path))
            for node in ast.walk(ast.parse(text, str(path))):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                        offenders.append(f"{path}:{node.lineno}: import {name}")
    assert not offenders, "\n".join(offenders)
