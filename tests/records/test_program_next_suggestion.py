""""Next suggested" in the window follows the trainee's program: its next open step in the program's
order, the same call again while it is still open, and the library's rule-based pick only when the
program has nothing open (or there is no program)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from game.ui.pygame.session import Session
from records_helpers import failing, library, passing, program, record_call, store_at


def _suggestion(session: Session) -> str | None:
    picked = session.suggestion(SimpleNamespace(practice=(), scenario_id="sunrise-bakery"))
    return picked.id if picked is not None else None


def test_next_suggested_is_the_programs_next_open_step(tmp_path: Path) -> None:
    steps = [s.scenario_id for s in program().steps]
    with store_at(tmp_path / "records.sqlite3") as store:
        session = Session(library(), store, program())
        session.sign_in("Sam")
        assert _suggestion(session) == steps[0]
        record_call(store, "Sam", steps[0], failing(steps[0]))
        assert _suggestion(session) == steps[0]  # failed with attempts left: the same call again
        record_call(store, "Sam", steps[0], passing(steps[0]))
        assert _suggestion(session) == steps[1]  # the program's order, whatever the rules to practise
        practice = Session(library(), store, None)
        practice.sign_in("Sam")
        assert _suggestion(practice) not in (None, steps[0])  # no program: the library's own pick
