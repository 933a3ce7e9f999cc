"""A scenarios folder of our own for the cohort-report tests: three shipped scenarios, the rulebook and
one program with a roster (groups) and `stuck_after_days: 3`, plus a cohort played through it on a
fixed clock. Kept apart from the shipped programs so the figures here never drift with them."""

from __future__ import annotations

import datetime as _dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from game.engine.machine import CompiledScenario
from game.records.store import RecordStore
from report_helpers import SCENARIOS, Clock, Played, best, play_call, worst

PROGRAM_ID = "cohort-check"
STUCK_DAYS = 3
FILES = ("cash-strapped-sunrise-bakery.yaml", "disputing-harbor-logistics.yaml", "evasive-crestview-dental.yaml")
PROGRAM_YAML = f"""format: 1
id: {PROGRAM_ID}
title: "Cohort check"
attempts: 2
stuck_after_days: {STUCK_DAYS}
roster:
  - name: Ana
    email: ana@example.com
    group: north
  - name: Ben
    email: ben@example.com
    group: south
  - name: María
    email: maria@example.com
    group: north
scenarios:
  - id: sunrise-bakery
  - id: harbor-logistics
    requires: [sunrise-bakery]
"""
#: A second program after the first in file order, with no calls: the default must stay the first.
OTHER_YAML = """format: 1
id: zz-other
title: "Other"
scenarios:
  - id: crestview-dental
"""


def make_scenarios(folder: Path) -> Path:
    """The scenarios folder (three scenarios, the rulebook, programs/)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in (*FILES, "rulebook.yaml"):
        shutil.copy(SCENARIOS / name, folder / name)
    (folder / "programs").mkdir(exist_ok=True)
    (folder / "programs" / "a-cohort-check.yaml").write_text(PROGRAM_YAML, encoding="utf-8")
    (folder / "programs" / "b-other.yaml").write_text(OTHER_YAML, encoding="utf-8")
    return folder


@dataclass
class Cohort:
    db: Path
    scenarios: Path
    played: list[Played] = field(default_factory=list)
    abandoned: list[str] = field(default_factory=list)
    day: dict[str, str] = field(default_factory=dict)   # call id -> the day it started

    def calls(self, status: str | None = None) -> list[str]:
        with RecordStore.open(self.db, write=False) as store:
            return [r[0] for r in store.query("SELECT id FROM calls" + (" WHERE status = ?" if status else ""),
                                              (status,) if status else ())]


def play_cohort(db: Path, scenarios: Path, compiled: dict[str, CompiledScenario]) -> Cohort:
    """Day 1 (2026-03-02): Ana and Ben fail sunrise-bakery, María passes it. Day 2: Ana passes it, Ben
    fails it again (out of his 2 attempts), María leaves harbor-logistics unfinished, Cleo (not on the
    roster) walks away from sunrise-bakery and the call is abandoned. Day 3: Ana passes harbor-logistics
    (program complete); Ben practises outside the program."""
    clock = Clock()
    cohort = Cohort(db, scenarios)
    sun, harbor = compiled["sunrise-bakery"], compiled["harbor-logistics"]
    with RecordStore.open(db, clock=clock) as store:
        def play(*args, **kw) -> Played:
            p = play_call(store, *args, **kw)
            cohort.played.append(p)
            cohort.day[p.call_id] = clock.now.date().isoformat()
            return p
        play(sun, "Ana", worst, PROGRAM_ID)
        play(sun, "Ben", worst, PROGRAM_ID)
        play(sun, "María", best, PROGRAM_ID)
        clock.next_day()
        play(sun, "Ana", best, PROGRAM_ID)
        play(sun, "Ben", worst, PROGRAM_ID)
        play(harbor, "María", best, PROGRAM_ID, stop_after=2)
        walked = play(sun, "Cleo", best, PROGRAM_ID, stop_after=1)
        assert store.abandon_call(walked.call_id)
        cohort.abandoned.append(walked.call_id)
        clock.next_day()
        play(harbor, "Ana", best, PROGRAM_ID)
        play(sun, "Ben", best)
    return cohort


def day(n: int) -> _dt.datetime:
    """Noon UTC on day n of the cohort (day 1 = 2026-03-02)."""
    return _dt.datetime(2026, 3, 1, 12, tzinfo=_dt.timezone.utc) + _dt.timedelta(days=n)
