"""Compile a Scenario into a `transitions` state machine, once.

States are the scenario's nodes; the trigger `choose_<i>` takes choice i of the current node.
For each (node, choice) the transitions are, in order: the hang-up transition to the hang-up ending
(guarded by the scenario's `hang_up_when`, only where the choice lowers such a meter), then the
choice's routes, each guarded by its condition. The choice's mood effect is applied in the machine's
`prepare_event` callback, before any guard is checked. One compiled machine serves any number of
Call models (the transitions way: one machine, many models).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping

from transitions import EventData, Machine

from game.content.checks import may_hang_up
from game.content.model import METER_MAX, METER_MIN, Choice, Condition, Scenario
from game.engine.scoring import ScoreRanges, compute_ranges

if TYPE_CHECKING:
    from game.engine.lookahead import Lookahead

TRIGGER_PREFIX = "choose_"


def trigger_name(index: int) -> str:
    """The machine trigger that takes choice `index` (0-based) of the current node."""
    return f"{TRIGGER_PREFIX}{index}"


class DialogueMachine(Machine):
    """A transitions Machine built from a scenario, with `auto_transitions=False` and event data on."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        super().__init__(
            model=None,
            states=list(scenario.nodes),
            initial=scenario.start,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
            prepare_event=[self._apply_choice],
            model_attribute="node_id",
            name=scenario.id,
        )
        widest = max((len(n.choices) for n in scenario.nodes.values()), default=0)
        for index in range(widest):
            self._add_choice_transitions(index)

    def _add_choice_transitions(self, index: int) -> None:
        trigger = trigger_name(index)
        scenario = self.scenario
        for node in scenario.nodes.values():
            if index >= len(node.choices):
                continue
            choice = node.choices[index]
            if scenario.hang_up_to and may_hang_up(scenario, choice.mood):
                self.add_transition(trigger, node.id, scenario.hang_up_to, conditions=[self._hang_up_due])
            for route in choice.routes:
                conditions = [_guard(route.condition)] if route.condition else []
                self.add_transition(trigger, node.id, route.target, conditions=conditions)

    def choice_for(self, event_data: EventData) -> Choice:
        """The choice an event stands for, from the event's name and the source state."""
        index = int(event_data.event.name[len(TRIGGER_PREFIX):])
        return self.scenario.nodes[event_data.state.name].choices[index]

    def _apply_choice(self, event_data: EventData) -> None:
        if event_data.transition is not None:
            # A `may_choose_<i>()` check: transitions runs prepare_event once per transition it
            # examines (a real trigger runs it once, before any). A check must not move the meters.
            return
        choice = self.choice_for(event_data)
        event_data.model.apply_mood(choice.mood)

    def _hang_up_due(self, event_data: EventData) -> bool:
        return self.scenario.hang_up_due(event_data.model.meters)


def _guard(condition: Condition) -> Callable[[EventData], bool]:
    def guard(event_data: EventData) -> bool:
        return condition.holds(event_data.model.meters)

    guard.__name__ = f"when {condition}"
    return guard


def clamp_meter(value: int) -> int:
    return max(METER_MIN, min(METER_MAX, value))


@dataclass(frozen=True)
class CompiledScenario:
    """A scenario with its machine, score ranges and reply values, built once and shared by every call."""

    scenario: Scenario
    machine: DialogueMachine
    ranges: ScoreRanges
    lookahead: "Lookahead" = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.lookahead is None:
            from game.engine.lookahead import Lookahead

            object.__setattr__(self, "lookahead", Lookahead(self.scenario, self.ranges))


def compile_scenario(scenario: Scenario) -> CompiledScenario:
    """Build the state machine and the DP score ranges for a validated scenario."""
    return CompiledScenario(scenario, DialogueMachine(scenario), compute_ranges(scenario))



def predict_target(scenario: Scenario, choice: Choice, meters: Mapping[str, int]) -> tuple[str, dict[str, int]]:
    """Where `choice` would lead from a node with these meters, and the meters after it: the same
    order the machine uses (mood, then hang-up, then the first route whose condition holds).
    Used for "what if" questions such as the debrief's better option; never to drive a call."""
    after = {m: clamp_meter(v + choice.mood.get(m, 0)) for m, v in meters.items()}
    if scenario.hang_up_to and may_hang_up(scenario, choice.mood) and scenario.hang_up_due(after):
        return scenario.hang_up_to, after
    for route in choice.routes:
        if route.condition is None or route.condition.holds(after):
            return route.target, after
    raise ValueError(f"no route of choice {choice.index + 1} holds")  # validation guarantees a fallback
