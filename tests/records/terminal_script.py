"""A scripted trainee for the terminal mode (`run_terminal`): answers each prompt by what it asks, so a
test can play a known path and write a known call log through the real terminal flow.

Replies are shuffled per call; the test fixes the seed the terminal draws (`fix_seed`), and the script
types the screen position at which each reply of the path is shown with that seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

import pytest

from game.content.model import Node, Scenario
from game.engine.call import Call
from game.engine.machine import CompiledScenario
from game.engine.wrapup import Disposition, WrapUp, expected_wrapup

DISPUTE_REASON = "eight pallets short on the delivery, so the client disputes the invoice"

#: The seed the terminal draws for every call while `fix_seed` is in force.
SEED = 4242


def fix_seed(monkeypatch: pytest.MonkeyPatch, seed: int = SEED) -> int:
    """Make the terminal draw `seed` for the reply order of its calls; returns it."""
    import game.ui.text.terminal as terminal

    monkeypatch.setattr(terminal, "draw_seed", lambda: seed)
    return seed


def careful_log(scenario: Scenario, ending: Node) -> WrapUp:
    """The call log a careful caller writes for `ending`: what was agreed, with a dispute's reason and a
    callback's time filled in."""
    log = expected_wrapup(scenario, ending, scenario.account.call_date())
    if log.disposition.needs_reason and not log.reason:
        log = replace(log, reason=DISPUTE_REASON)
    if log.disposition.needs_time and not log.time:
        log = replace(log, time="10:00")
    return log


def positions(compiled: CompiledScenario, path: Sequence[int], seed: int | None = SEED) -> list[int]:
    """The 1-based screen positions of the replies `path` (file indices) takes, shown with `seed`."""
    call = Call.replay(compiled, path, seed)
    call.close()
    return [s.position for s in call.steps]


@dataclass
class Script:
    """Answers for one terminal session: who signs in, which scenario (its number in the menu), the
    screen positions of the replies, and the call log to write (None: input ends at the wrap-up)."""

    name: str
    scenario: str
    replies: list[int]
    log: WrapUp | None
    asked: list[str] = field(default_factory=list)

    def __call__(self, prompt: str) -> str:
        self.asked.append(prompt)
        if prompt.startswith("Your name"):
            return self.name
        if prompt.startswith("You have an unfinished call"):
            return "n"
        if prompt.startswith("Pick a scenario"):
            return self.scenario
        if prompt.startswith("Press Enter"):
            return ""
        if prompt.startswith("Your reply"):
            assert self.replies, f"the call asks for more replies than scripted: {prompt!r}"
            return str(self.replies.pop(0))
        if self.log is None:
            raise EOFError
        return self.wrapup(prompt, self.log)

    @staticmethod
    def wrapup(prompt: str, log: WrapUp) -> str:
        """The answer to one wrap-up prompt for the call log `log`."""
        if prompt.startswith("What was agreed"):
            return str(list(Disposition).index(log.disposition) + 1)
        if prompt.startswith("Amount agreed"):
            return f"{log.amount:.2f}"
        match = re.match(r"Instalment (\d+) (amount|date)", prompt)
        if match:
            number = int(match.group(1))
            if number > len(log.instalments):
                return ""
            payment = log.instalments[number - 1]
            return f"{payment.amount:.2f}" if match.group(2) == "amount" else payment.date.isoformat()
        if prompt.startswith("Date agreed"):
            return log.date.isoformat() if log.date else ""
        if prompt.startswith("Callback time"):
            return log.time or "10:00"
        if prompt.startswith("What is disputed"):
            return log.reason or DISPUTE_REASON
        if prompt.startswith("Follow-up date"):
            return log.follow_up.isoformat() if log.follow_up else ""
        raise AssertionError(f"unexpected prompt {prompt!r}")
