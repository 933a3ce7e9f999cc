"""Find and load scenario files and their rulebook from files and folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from game.content.diagnostics import Diagnostics, SourcePos
from game.content.lint import lint_scenario
from game.content.model import Rulebook, Scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario

RULEBOOK_NAME = "rulebook.yaml"
YAML_SUFFIXES = (".yaml", ".yml")


def default_scenarios_dir() -> Path:
    """The scenarios folder: `$ARDOJO_SCENARIOS`, else the installed package data, else the checkout's
    `scenarios/` (see `game.content.data_dirs`)."""
    from game.content.data_dirs import scenarios_dir
    return scenarios_dir()


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_rulebook(start: Path) -> Path | None:
    """The rulebook for a scenario file or folder: the nearest `rulebook.yaml` in it or above it,
    else the default scenarios folder's."""
    folder = start if start.is_dir() else start.parent
    for candidate in [folder, *folder.resolve().parents]:
        if (candidate / RULEBOOK_NAME).is_file():
            return candidate / RULEBOOK_NAME
    fallback = default_scenarios_dir() / RULEBOOK_NAME
    return fallback if fallback.is_file() else None


def scenario_files(paths: Iterable[Path]) -> tuple[list[Path], Diagnostics]:
    """Expand files and folders into scenario files (a folder's *.yaml, not its rulebook)."""
    diags = Diagnostics()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir()
                                if p.suffix in YAML_SUFFIXES and p.name != RULEBOOK_NAME and p.is_file()))
        elif path.exists():
            if path.name != RULEBOOK_NAME:
                files.append(path)
        else:
            diags.error(SourcePos(str(path), 1, 1), "no such file or folder")
    return files, diags


@dataclass
class Library:
    """Loaded scenarios keyed by id, the rulebook, and every diagnostic found on the way."""

    rulebook: Rulebook | None
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    files_checked: int = 0

    def rule_titles(self) -> dict[str, str]:
        """Rule id -> title, for messages such as a verdict's reasons."""
        return {r.id: r.title for r in self.rulebook.rules.values()} if self.rulebook else {}


def load_library(paths: Iterable[Path], rulebook_path: Path | None = None) -> Library:
    """Load the rulebook and every scenario under `paths`, collecting all diagnostics.
    Scenarios with errors are left out; duplicate scenario ids are reported."""
    paths = list(paths)
    files, diags = scenario_files(paths)
    rulebook_path = rulebook_path or (find_rulebook(paths[0]) if paths else None)
    rulebook = None
    checked = 0
    if rulebook_path is None:
        diags.error(SourcePos(display_path(paths[0]) if paths else ".", 1, 1), "no rulebook.yaml found",
                    "put rulebook.yaml beside the scenarios or pass --rulebook")
    else:
        result = load_rulebook(rulebook_path, display_path(rulebook_path))
        diags.extend(result.diagnostics.items)
        rulebook = result.rulebook
        checked += 1
    library = Library(rulebook, diagnostics=diags)
    seen: dict[str, Scenario] = {}
    for file in files:
        result = load_scenario(file, rulebook, display_path(file))
        checked += 1
        diags.extend(result.diagnostics.items)
        scenario = result.scenario
        if scenario is None:
            continue
        if scenario.id in seen:
            first = seen[scenario.id]
            diags.error(scenario.id_pos or scenario.pos,
                        f"duplicate scenario id '{scenario.id}' (also in {first.path})",
                        "scenario ids must be unique across the library", code="duplicate-id")
            continue
        diags.extend(lint_scenario(scenario))
        seen[scenario.id] = scenario
    library.scenarios = dict(sorted(seen.items(), key=lambda kv: (kv[1].difficulty, kv[1].archetype, kv[0])))
    library.files_checked = checked
    return library
