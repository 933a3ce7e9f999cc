"""Time and manners on a call: what leaving the client waiting and talking over them cost.

The UI reports, with each reply, how long the trainee took after the client's line had finished
(`waited`, seconds; None when nothing was timed: the terminal, or practice with timing off) and whether
the trainee answered before the client had finished (`interrupted`). Their cost is a mood change
applied by the shared step (`game.engine.states.Stepper.step`) *before* the reply's own mood and route
guards, so the routes see it, and the decision is scored against the replies as they stand after it.

- Waiting: every full `pace.wait` seconds of silence costs `pace.mood` (at most `PACE_MAX_CHARGES`
  times per decision). An interrupted reply did not wait at all.
- Interrupting: costs `pace.interrupt_mood`, the client says `pace.interrupt_say`, and the decision
  breaks the listening rule (`LISTEN_RULE`): it is cited in the debrief and the decision earns at most
  `INTERRUPT_SHARE` of what was at stake there (`game.engine.scoring.score_decision`).

Defaults by difficulty (1/2/3): 30/20/15 seconds, patience -5 per charge; an interruption costs
patience -5 and trust -5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from game.content.model import (DEFAULT_INTERRUPT_MOOD, DEFAULT_INTERRUPT_SAY, DEFAULT_WAIT,  # noqa: F401
                                DEFAULT_WAIT_MOOD, PACE_MAX_CHARGES, Pace, Scenario, frozen_map)

#: The rulebook rule an interruption breaks.
LISTEN_RULE = "do-listen-actively"
#: The most of a decision's stake an interrupting reply can earn.
INTERRUPT_SHARE = 0.5
#: What the terminal says once about what it does not simulate.
TERMINAL_NOTICE = "In the terminal the client never waits or gets interrupted; the window simulates both."


def pace_of(scenario: Scenario) -> Pace:
    """The scenario's authored pace, or the defaults for its difficulty."""
    if scenario.pace is not None:
        return scenario.pace
    return Pace(DEFAULT_WAIT.get(scenario.difficulty, 20), frozen_map(DEFAULT_WAIT_MOOD),
                frozen_map(DEFAULT_INTERRUPT_MOOD), DEFAULT_INTERRUPT_SAY)


@dataclass(frozen=True, slots=True)
class Manners:
    """How one reply was given: seconds waited after the client's line (None: not timed) and whether it
    cut the client off."""

    waited: float | None = None
    interrupted: bool = False

    @classmethod
    def of(cls, waited: float | None, interrupted: bool) -> "Manners":
        """Normalised: waited rounded to 0.1 s and never negative; an interruption waited 0."""
        if interrupted:
            return cls(0.0, True)
        if waited is None:
            return cls(None, False)
        return cls(round(max(0.0, float(waited)), 1), False)

    def charges(self, pace: Pace) -> int:
        """How many times the wait is charged (0 when not timed or interrupted)."""
        if self.waited is None or self.interrupted or pace.wait <= 0:
            return 0
        return min(PACE_MAX_CHARGES, int(self.waited // pace.wait))

    def cost(self, pace: Pace, meters: tuple[str, ...]) -> dict[str, int]:
        """The mood change by meter (only meters that change; only known meters)."""
        out: dict[str, int] = {}
        charges = self.charges(pace)
        for meter, delta in pace.mood.items():
            if meter in meters and charges:
                out[meter] = out.get(meter, 0) + delta * charges
        if self.interrupted:
            for meter, delta in pace.interrupt_mood.items():
                if meter in meters:
                    out[meter] = out.get(meter, 0) + delta
        return {m: d for m, d in out.items() if d}

    @property
    def timed(self) -> bool:
        return self.waited is not None or self.interrupted


def manners_cost(scenario: Scenario, manners: Manners) -> Mapping[str, int]:
    """The mood cost of these manners on this scenario."""
    return manners.cost(pace_of(scenario), scenario.meters)


def manners_note(manners: Manners, cost: Mapping[str, int]) -> str:
    """What waiting or interrupting cost at one decision, in words ("" when nothing)."""
    changes = ", ".join(f"{m} {d:+d}" for m, d in cost.items())
    changes = f" ({changes})" if changes else ""
    if manners.interrupted:
        return (f"You answered before the client had finished: that cut them off{changes} and breaks "
                f"active listening, so this reply earns at most {int(INTERRUPT_SHARE * 100)}% of what was at stake.")
    if cost:
        return f"You left the client waiting {manners.waited:g} s before answering{changes}."
    return ""
