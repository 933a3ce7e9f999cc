"""The onboarding-program model: frozen dataclasses built by `game.content.program_loader`.

A program is a named track of scenarios in order (steps with pass thresholds, attempts and what unlocks
them), optionally with a roster of the trainees it is for, the organisation that runs it (named on its
certificates) and the limits reports and the xAPI sync use (`stuck_after_days`, `abandon_after_minutes`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

from game.content.diagnostics import Diagnostics, SourcePos

DEFAULT_ORGANISATION = "AR Dojo"
#: What None means for `Program.stuck_after_days` and `Program.abandon_after_minutes`.
DEFAULT_STUCK_AFTER_DAYS = 7
DEFAULT_ABANDON_AFTER_MINUTES = 60


def roster_key(name: str) -> str:
    """How roster names are compared: NFKC, invisible formatting characters dropped, white space runs
    made one space, case folded (the same normalisation trainee names get in the records)."""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return " ".join(text.split()).casefold()


@dataclass(frozen=True, slots=True)
class RosterMember:
    """One trainee the program is for: the name they sign in with and how an LRS knows them (an email
    for an xAPI mbox, or an account name on a home page), and their cohort or group."""

    name: str
    email: str | None
    account_name: str | None
    account_home_page: str | None
    group: str | None
    source: SourcePos


@dataclass(frozen=True, slots=True)
class Organisation:
    """Who runs the program: named on certificates, with an optional logo (a path relative to the
    program file) and the person who signs."""

    name: str = DEFAULT_ORGANISATION
    logo: str | None = None
    signatory: str | None = None
    signatory_title: str | None = None


@dataclass(frozen=True, slots=True)
class ProgramStep:
    """One scenario of a program: what unlocks it, how many attempts count, and its pass thresholds
    (only the keys the program or the step sets; the rest come from the scenario's own `pass`)."""

    scenario_id: str
    requires: tuple[str, ...]
    attempts: int
    thresholds: Mapping[str, int]
    pos: SourcePos
    recall: bool = False  # the trainee must answer in their own words (docs/recall.md)


@dataclass(frozen=True, slots=True)
class Program:
    """A named onboarding track: its steps in order, and optionally its roster and organisation."""

    id: str
    title: str
    summary: str
    steps: tuple[ProgramStep, ...]
    path: str
    pos: SourcePos
    roster: tuple[RosterMember, ...] = ()
    stuck_after_days: int | None = None
    abandon_after_minutes: int | None = None
    organisation: Organisation = field(default_factory=Organisation)

    def step(self, scenario_id: str) -> ProgramStep | None:
        """The step of `scenario_id`, or None when the program does not list it."""
        return next((s for s in self.steps if s.scenario_id == scenario_id), None)

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        return tuple(s.scenario_id for s in self.steps)

    def member(self, name: str) -> RosterMember | None:
        """The roster member called `name` (compared as `roster_key` does), or None."""
        key = roster_key(name)
        return next((m for m in self.roster if roster_key(m.name) == key), None)


@dataclass(frozen=True, slots=True)
class ProgramResult:
    """One program file loaded: the program (None when it has errors) and what was found."""

    program: Program | None
    diagnostics: Diagnostics


@dataclass
class ProgramSet:
    """Loaded programs keyed by id (file order), and every diagnostic found on the way."""

    programs: dict[str, Program] = field(default_factory=dict)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    files_checked: int = 0

    def pick(self, program_id: str | None) -> Program | None:
        """The program named `program_id`, or the first one when None."""
        if program_id is None:
            return next(iter(self.programs.values()), None)
        return self.programs.get(program_id)
