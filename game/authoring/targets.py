"""Resolve what a trainer names on the command line — scenario files, folders or scenario ids — into
loaded, validated scenarios and the rulebook they cite."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.library import load_library
from game.content.model import Rulebook, Scenario


@dataclass
class Targets:
    """The valid scenarios named (in the order given), the rulebook, and every problem found."""

    scenarios: list[Scenario] = field(default_factory=list)
    rulebook: Rulebook | None = None
    diagnostics: Diagnostics = field(default_factory=Diagnostics)


def _given_index(scenario: Scenario, paths: list[Path]) -> int:
    """Which of the paths named holds this scenario's file (a folder holds the files inside it)."""
    file = Path(scenario.path).resolve()
    for index, path in enumerate(paths):
        path = path.resolve()
        if file == path or path in file.parents:
            return index
    return len(paths)


def load_targets(names: Sequence[str], scenarios_dir: Path, rulebook: Path | None = None) -> Targets:
    """Load each name as a file or folder if it exists, else as a scenario id from `scenarios_dir`.
    No names means the whole scenarios folder. Only errors are kept in the diagnostics."""
    names = list(names) or [str(scenarios_dir)]
    paths = [Path(n) for n in names if Path(n).exists()]
    ids = [n for n in names if not Path(n).exists()]
    result = Targets()
    if paths:
        library = load_library(paths, rulebook)
        result.rulebook = library.rulebook
        result.scenarios.extend(sorted(library.scenarios.values(), key=lambda sc: _given_index(sc, paths)))
        result.diagnostics.extend(library.diagnostics.errors)
    if ids:
        library = load_library([scenarios_dir], rulebook)
        result.rulebook = result.rulebook or library.rulebook
        if any(name not in library.scenarios for name in ids):
            # a scenario with errors is left out of the library: its errors say why it is missing
            result.diagnostics.extend(library.diagnostics.errors)
        for name in ids:
            if name in library.scenarios:
                result.scenarios.append(library.scenarios[name])
            elif not name.endswith((".yaml", ".yml")) and library.scenarios:
                hint = did_you_mean(name, library.scenarios) or f"known ids: {', '.join(library.scenarios)}"
                result.diagnostics.error(SourcePos(name, 1, 1), f"no scenario file, folder or id '{name}'", hint)
            else:
                result.diagnostics.error(SourcePos(name, 1, 1), "no such file or folder")
    seen: set[str] = set()
    result.scenarios = [s for s in result.scenarios if not (s.id in seen or seen.add(s.id))]
    return result
