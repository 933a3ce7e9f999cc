"""Compile a Scenario into a `transitions` state machine, once.

States are the scenario's nodes; the trigger `choose_<i>` takes choice i of the current node.
Where a call goes is decided by the one step rule of `game.engine.states` (the manners cost, passed
as the trigger's `cost` keyword; mood, clamped; then the hang-up; then the first route whose
condition holds): the machine's `prepare_event` callback runs
`Stepper.step` once per event, applies the meters it gives (mood before any guard), and each
transition's guard only asks whether the step took it. For each (node, choice) the transitions are the
hang-up transition to the hang-up ending (only where the choice lowers such a meter), then one per
route. One compiled machine serves any number of Call models (the transitions way: one machine, many
models).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Mapping

from transitions import EventData, Machine

from game.content.checks import may_hang_up
from game.content.model import METER_MAX, METER_MIN, Choice, Scenario
from game.engine.scoring import ScoreRanges, compute_ranges
from game.engine.states import HANG_UP, Next, Stepper

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
        self.stepper = Stepper(scenario)
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
            for number, route in enumerate(choice.routes):
                self.add_transition(trigger, node.id, route.target,
                                    conditions=[_took(number, f"when {route.condition}" if route.condition
                                                      else "otherwise")])

    def choice_for(self, event_data: EventData) -> Choice:
        """The choice an event stands for, from the event's name and the source state."""
        index = int(event_data.event.name[len(TRIGGER_PREFIX):])
        return self.scenario.nodes[event_data.state.name].choices[index]

    def _apply_choice(self, event_data: EventData) -> None:
        """Run the step rule once for this event and keep its result for the guards; a real trigger
        also moves the model's meters (a `may_choose_<i>()` check, which transitions prepares once per
        transition it examines, must not)."""
        choice = self.choice_for(event_data)
        model = event_data.model
        cost = event_data.kwargs.get("cost", ())  # the manners cost (game.engine.manners), names order
        nxt = self.stepper.step(event_data.state.name, choice.index, self.stepper.pack(model.meters), cost)
        event_data.next_state = nxt  # type: ignore[attr-defined]
        if event_data.transition is None:
            model.set_meters(self.stepper.unpack(nxt.meters), nxt.route == HANG_UP)

    def _hang_up_due(self, event_data: EventData) -> bool:
        """The hang-up transition's guard: did the step hang up? (Diagrams find it by identity.)"""
        nxt: Next = event_data.next_state  # type: ignore[attr-defined]
        return nxt.route == HANG_UP


def _took(route: int, label: str) -> Callable[[EventData], bool]:
    """The guard of one transition: did the step take this route (or the hang-up)?"""
    def guard(event_data: EventData) -> bool:
        nxt: Next = event_data.next_state  # type: ignore[attr-defined]
        return nxt.route == route

    guard.__name__ = label
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
    Used for "what if" questions such as the debrief's better option; never to drive a call. The rule
    is `states.Stepper.step`, the one the machine runs."""
    nxt, after = Stepper(scenario).step_choice(choice, meters)
    return nxt.target, after
