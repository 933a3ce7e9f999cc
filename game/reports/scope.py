"""Which scenarios a report counts completion against: a program's, else the whole library.

A program is known when it is defined in the scenarios folder's `programs/` or when some recorded
call belongs to it; anything else named with --program is a user mistake (`ReportError`).
"""

from __future__ import annotations

from pathlib import Path

from game.content.library import Library
from game.reports.model import Scope


class ReportError(Exception):
    """A user mistake in what the report was asked for (unknown trainee or program), one line."""


def _programs(library: Library | None, scenarios_dir: Path | None):
    """The programs defined beside the scenarios (None when there is no folder or no loader)."""
    from game.reports.program_source import load_program_set

    try:
        ids = tuple(library.scenarios) if library is not None else ()
        return load_program_set(scenarios_dir, ids)
    except ImportError:  # the programs layer is optional for reports
        return None


def default_program(library: Library | None, scenarios_dir: Path | None,
                    recorded_programs: dict[str, int]) -> str | None:
    """The program a report covers when none is named: the first defined program (the one `play` and
    `certificate` default to) when the records hold calls for it, else the defined program with most
    recorded calls, else the recorded program with most calls; None when no call counted for a program."""
    if not recorded_programs:
        return None
    defined = _programs(library, scenarios_dir)
    ids = list(defined.programs) if defined is not None else []
    if ids and ids[0] in recorded_programs:
        return ids[0]
    played = [p for p in ids if p in recorded_programs]
    pool = played or list(recorded_programs)
    return max(pool, key=lambda p: (recorded_programs[p], -pool.index(p)))


def resolve_scope(library: Library | None, scenarios_dir: Path | None, program: str | None,
                  trainee: str | None, recorded_programs: set[str],
                  recorded_scenarios: list[str]) -> tuple[Scope, list[str], object | None]:
    """The report's scope, notes about it, and the program's definition (a `records.programs.Program`)
    when it is defined. Raises ReportError for a program nobody defined or played."""
    notes: list[str] = []
    library_ids = tuple(library.scenarios) if library is not None and library.scenarios else ()
    if library is not None and library.diagnostics.has_errors:
        notes.append("some scenario files have problems and were left out; run `ardojo validate`")
    base_ids = library_ids or tuple(sorted(set(recorded_scenarios)))
    base_source = "the scenario library" if library_ids else "the scenarios in the recorded calls"
    if program is None:
        return Scope(None, trainee, base_ids, base_source), notes, None
    defined = _programs(library, scenarios_dir)
    definition = defined.programs.get(program) if defined is not None else None
    if definition is None:
        if program not in recorded_programs:
            known = sorted(set(recorded_programs) | set(defined.programs if defined is not None else ()))
            raise ReportError(f"no program '{program}'" + (f"; known: {', '.join(known)}" if known else
                                                          "; no programs are defined or recorded"))
        if defined is not None and defined.diagnostics.has_errors:
            notes.append("some program files have problems; run `ardojo validate`")
        notes.append(f"program '{program}' is not defined in the scenarios folder; counting against {base_source}")
        return Scope(program, trainee, base_ids, base_source), notes, None
    from game.records.grading import thresholds_for

    scenarios = library.scenarios if library is not None else {}
    thresholds = {step.scenario_id: thresholds_for(step, scenarios.get(step.scenario_id))
                  for step in definition.steps}
    return Scope(program, trainee, definition.scenario_ids, f"program '{program}'", definition.title, thresholds,
                 {s.scenario_id: s.attempts for s in definition.steps}), notes, definition
