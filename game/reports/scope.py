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
    """The programs defined beside the scenarios (an empty set when there are none or no loader)."""
    try:
        from game.records import programs as prog
    except ImportError:  # the programs layer is optional for reports
        return None
    if scenarios_dir is None:
        return None
    files = prog.program_files(prog.programs_dir(scenarios_dir))
    ids = tuple(library.scenarios) if library is not None else ()
    return prog.load_programs(files, ids) if files else None


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
