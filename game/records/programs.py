"""Compatibility: program loading moved to the content layer (`game.content.program_loader`, model in
`game.content.program_model`); records keeps only grading (`game.records.grading`). Import from there."""

from __future__ import annotations

from game.content.program_loader import (DEFAULT_ATTEMPTS, DOC, MAX_ABANDON_MINUTES, MAX_ATTEMPTS, MAX_STUCK_DAYS,
                                         PROGRAM_FORMAT, PROGRAM_KEYS, PROGRAMS_DIRNAME, REQUIRED_KEYS, STEP_KEYS,
                                         THRESHOLD_KEYS, find_cycle, load_for_validation, load_program,
                                         load_program_set, load_programs, program_files, programs_dir, split_paths)
from game.content.program_model import (Organisation, Program, ProgramResult, ProgramSet, ProgramStep,
                                        RosterMember)

__all__ = ["DEFAULT_ATTEMPTS", "DOC", "MAX_ABANDON_MINUTES", "MAX_ATTEMPTS", "MAX_STUCK_DAYS", "PROGRAM_FORMAT",
           "PROGRAM_KEYS", "PROGRAMS_DIRNAME", "REQUIRED_KEYS", "STEP_KEYS", "THRESHOLD_KEYS", "Organisation",
           "Program", "ProgramResult", "ProgramSet", "ProgramStep", "RosterMember", "find_cycle",
           "load_for_validation", "load_program", "load_program_set", "load_programs", "program_files",
           "programs_dir", "split_paths"]
