"""Signing in (terminal and window) marks walk-aways as facts: every call idle past its limit is marked
abandoned as of its last decision, so the report and the LRS see it without waiting for an `xapi sync`."""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

import pytest

from game.content.library import Library
from game.records.store import RecordStore
from game.ui.text.terminal import run_terminal
from game.ui.text.terminal_io import Terminal
from xapi_calls import TickClock, first, record_call


def _walked_away(db: Path, library: Library, minutes: float) -> tuple[str, str, TickClock]:
    """A call Ana left after two replies, `minutes` before the store's clock is read again."""
    clock = TickClock()
    with RecordStore.open(db, clock=clock) as store:
        played = record_call(store, library, "sunrise-bakery", "Ana", first, stop_after=2)
        left_at = store.decision_rows(played.call_id)[-1].at
    clock.now += _dt.timedelta(minutes=minutes)
    return played.call_id, left_at, clock


def _terminal_sign_in(store: RecordStore, library: Library, name: str) -> None:
    def read(prompt: str) -> str:
        if prompt.startswith("Your name"):
            return name
        raise EOFError  # stop at the scenario list (or the resume question)

    with pytest.raises(EOFError):
        run_terminal(Terminal(io.StringIO(), read), library, None, None, store)


@pytest.mark.parametrize("minutes, abandoned", [(90, True), (20, False)])
def test_a_terminal_sign_in_marks_idle_calls_abandoned_at_their_last_decision(db_path: Path, library: Library,
                                                                             minutes: float, abandoned: bool) -> None:
    call_id, left_at, clock = _walked_away(db_path, library, minutes)
    with RecordStore.open(db_path, clock=clock) as store:
        _terminal_sign_in(store, library, "Ben")  # another trainee signing in is enough
        row = store.call(call_id)
        if abandoned:
            assert row.status == "abandoned" and row.abandoned_at == left_at and row.resumable
            assert [r.id for r in store.unfinished_calls("Ana")] == [call_id]  # still offered to Ana
        else:
            assert row.status == "in_progress" and row.abandoned_at is None


def test_a_window_sign_in_marks_idle_calls_abandoned(db_path: Path, library: Library) -> None:
    from game.ui.pygame.session import Session

    call_id, left_at, clock = _walked_away(db_path, library, 120)
    with RecordStore.open(db_path, clock=clock) as store:
        session = Session(library, store)
        session.sign_in("Ben")
        row = store.call(call_id)
        assert row.status == "abandoned" and row.abandoned_at == left_at
