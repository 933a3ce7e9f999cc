"""Where the report finds the programs: the program loader (in `game.content` once programs are content,
in `game.records` before) and the roster fields a program may carry, read defensively so that a
program without them behaves as one with none."""

from __future__ import annotations

from pathlib import Path
from typing import Collection

#: Days without progress before a trainee counts as stuck, when the program sets none.
DEFAULT_STUCK_DAYS = 7


def _loader():
    """The module holding `load_program_set` (content layer first, records layer for older trees)."""
    try:
        from game.content import program_loader as mod
        return mod
    except ImportError:  # a tree from before programs were content
        from game.records import programs as old
        return old


def load_program_set(scenarios_dir: Path | None, scenario_ids: Collection[str]):
    """The programs beside the scenarios (a `ProgramSet`), or None when there is no folder to look in."""
    if scenarios_dir is None:
        return None
    return _loader().load_program_set(Path(scenarios_dir), scenario_ids)


def roster(program) -> tuple:
    """The program's roster members (empty without a roster)."""
    return tuple(getattr(program, "roster", None) or ())


def groups(program) -> dict[str, list[str]]:
    """Member names per group (group names as written), in roster order."""
    out: dict[str, list[str]] = {}
    for member in roster(program):
        group = getattr(member, "group", None)
        if group:
            out.setdefault(str(group), []).append(str(member.name))
    return out


def group_of(program, name: str) -> str | None:
    """The roster group of trainee `name` (matched case-insensitively), or None."""
    finder = getattr(program, "member", None)
    if callable(finder):
        member = finder(name)
        group = getattr(member, "group", None) if member is not None else None
        return str(group) if group else None
    folded = name.casefold()
    for member in roster(program):
        if str(member.name).casefold() == folded:
            group = getattr(member, "group", None)
            return str(group) if group else None
    return None


def stuck_after_days(program) -> int:
    """Days without progress after which a trainee of `program` is stuck (the program's, else 7)."""
    days = getattr(program, "stuck_after_days", None)
    return days if isinstance(days, int) and days > 0 else DEFAULT_STUCK_DAYS
