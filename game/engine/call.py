"""The runtime of one call: a small, serializable `CallState` and the `Call` that drives it.

The content model is never mutated. A Call is the model of the scenario's compiled transitions
machine; its state can be saved as JSON after every decision and resumed by replaying the decisions,
which always yields the same call.
"""

from __future__ import annotations

import json
import random
import secrets
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from game import __version__
from game.content.model import Choice, Node, Scenario
from game.engine.machine import CompiledScenario, clamp_meter, trigger_name
from game.engine.scoring import CallScore, DecisionScore, score_call, score_decision

#: Version of the saved-call JSON format; bump it when the shape changes.
#: 2: the shuffle seed (`seed`, null for a call shown in file order).
SAVE_FORMAT = 2


def draw_seed() -> int:
    """A fresh seed for the order replies are shown in (one per call)."""
    return secrets.randbits(32)


def shown_order(seed: int | None, node_id: str, count: int) -> tuple[int, ...]:
    """The file indices of a node's replies in the order they are shown for this seed: a permutation
    drawn from (seed, node id), so resume, replay and verify show the same order. None = file order."""
    if seed is None or count < 2:
        return tuple(range(count))
    order = list(range(count))
    random.Random(f"ardojo:{seed}:{node_id}").shuffle(order)
    return tuple(order)


class CallError(Exception):
    """A user-facing problem with a call: an invalid choice, or a saved call that cannot be resumed."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class Decision:
    node: str
    choice: int


@dataclass(slots=True)
class CallState:
    """Everything that changes during a call, and nothing else."""

    scenario_id: str
    scenario_hash: str
    node: str
    meters: dict[str, int]
    decisions: list[Decision] = field(default_factory=list)
    seed: int | None = None

    @classmethod
    def new(cls, scenario: Scenario, seed: int | None = None) -> "CallState":
        return cls(scenario.id, scenario.content_hash, scenario.start, dict(scenario.persona.mood), [], seed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "save_format": SAVE_FORMAT,
            "engine": __version__,
            "scenario_id": self.scenario_id,
            "scenario_hash": self.scenario_hash,
            "node": self.node,
            "meters": dict(self.meters),
            "decisions": [[d.node, d.choice] for d in self.decisions],
            "seed": self.seed,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any) -> "CallState":
        """Rebuild a state from `to_dict` output, rejecting anything malformed with a CallError."""
        if not isinstance(data, dict):
            raise CallError("saved call is not a JSON object")
        version = data.get("save_format")
        if not _is_int(version) or version < 1:
            raise CallError("saved call has no valid save_format version")
        if version > SAVE_FORMAT:
            raise CallError(f"saved call uses save format {version}; this AR Dojo reads up to {SAVE_FORMAT}")
        for key in ("scenario_id", "scenario_hash", "node"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise CallError(f"saved call is malformed: '{key}' must be text")
        meters, decisions = data.get("meters"), data.get("decisions")
        if not isinstance(meters, dict) or not all(isinstance(k, str) and _is_int(v) for k, v in meters.items()):
            raise CallError("saved call is malformed: 'meters' must map meter names to whole numbers")
        if not isinstance(decisions, list) or not all(
                isinstance(d, list) and len(d) == 2 and isinstance(d[0], str) and _is_int(d[1]) for d in decisions):
            raise CallError("saved call is malformed: 'decisions' must be a list of [node, choice] pairs")
        seed = data.get("seed")
        if seed is not None and not (_is_int(seed) and 0 <= seed < 2 ** 63):
            raise CallError("saved call is malformed: 'seed' must be a whole number or null")
        return cls(data["scenario_id"], data["scenario_hash"], data["node"], dict(meters),
                   [Decision(node, choice) for node, choice in decisions], seed)

    @classmethod
    def from_json(cls, text: str) -> "CallState":
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise CallError(f"saved call is not valid JSON: {exc}") from None


@dataclass(frozen=True, slots=True)
class Step:
    """One decision as it happened: where, what was chosen, and what it did to the meters."""

    number: int
    node: Node
    choice: Choice
    target: str
    meters_before: Mapping[str, int]
    meters_after: Mapping[str, int]
    hung_up: bool
    scored: DecisionScore
    position: int = 0  # where the reply was shown (1-based; 0 = not known)


class Call:
    """One call in progress. Drive it with `choose(i)` (i = the reply's index in the file) or
    `choose_shown(p)` (p = its place on screen); read `node`, `shown`, `ended`, `steps`.

    `seed` fixes the order replies are shown in (None = file order, for previews and tests); the UI
    draws one per call with `draw_seed()`."""

    def __init__(self, compiled: CompiledScenario, seed: int | None = None) -> None:
        self.compiled = compiled
        self.scenario: Scenario = compiled.scenario
        self.state = CallState.new(self.scenario, seed)
        self.steps: list[Step] = []
        self._attached = False
        self._attach()

    # -- transitions model plumbing -------------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self.state.node

    @node_id.setter
    def node_id(self, value: str) -> None:
        self.state.node = value

    @property
    def meters(self) -> Mapping[str, int]:
        return self.state.meters

    def apply_mood(self, mood: Mapping[str, int]) -> None:
        """Apply a choice's meter changes, clamped to 0..100 (called by the machine)."""
        for meter, delta in mood.items():
            self.state.meters[meter] = clamp_meter(self.state.meters[meter] + delta)

    def _attach(self) -> None:
        if not self._attached and not self.ended:
            self.compiled.machine.add_model(self, initial=self.state.node)
            self._attached = True

    def close(self) -> None:
        """Detach from the shared machine (done automatically when the call ends)."""
        if self._attached:
            self.compiled.machine.remove_model(self)
            self._attached = False

    # -- playing --------------------------------------------------------------------------------
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self.state.node]

    @property
    def options(self) -> tuple[Choice, ...]:
        """The current node's replies in file order (for look-ups; show `shown` to the trainee)."""
        return self.node.choices

    @property
    def seed(self) -> int | None:
        return self.state.seed

    @property
    def shown(self) -> tuple[Choice, ...]:
        """The current node's replies in the order this call shows them."""
        choices = self.node.choices
        return tuple(choices[i] for i in shown_order(self.state.seed, self.node.id, len(choices)))

    def choose_shown(self, position: int) -> Step:
        """Take the reply shown at `position` (0-based) on screen."""
        shown = self.shown
        if self.ended:
            raise CallError("the call has already ended")
        if not 0 <= position < len(shown):
            raise CallError(f"there is no choice {position + 1} here: pick 1 to {len(shown)}")
        return self.choose(shown[position].index)

    @property
    def ended(self) -> bool:
        return self.node.is_ending

    def choose(self, index: int) -> Step:
        """Take choice `index` (0-based) of the current node; returns what happened."""
        if self.ended:
            raise CallError("the call has already ended")
        node = self.node
        if not 0 <= index < len(node.choices):
            raise CallError(f"there is no choice {index + 1} here: pick 1 to {len(node.choices)}")
        before = dict(self.state.meters)
        number = len(self.steps) + 1
        scored = score_decision(number, node.id, node.choices[index],
                                self.compiled.lookahead.options(node.id, before))
        position = shown_order(self.state.seed, node.id, len(node.choices)).index(index) + 1
        self.trigger(trigger_name(index))  # added to this model by transitions
        target = self.state.node
        hung_up = target == self.scenario.hang_up_to and self.scenario.hang_up_due(self.state.meters)
        self.state.decisions.append(Decision(node.id, index))
        step = Step(number, node, node.choices[index], target, before, dict(self.state.meters), hung_up, scored,
                    position)
        self.steps.append(step)
        if self.ended:
            self.close()
        return step

    def score(self) -> CallScore:
        """The scores of a finished call."""
        if not self.ended:
            raise CallError("the call has not ended yet")
        return score_call(self.scenario, self.compiled.ranges, [s.scored for s in self.steps], self.state.node,
                          self.compiled.lookahead.model_commitment())

    # -- replay and resume ----------------------------------------------------------------------
    @classmethod
    def replay(cls, compiled: CompiledScenario, choices: Sequence[int], seed: int | None = None) -> "Call":
        """A new call with `choices` (0-based file indices) taken in order."""
        call = cls(compiled, seed)
        for index in choices:
            call.choose(index)
        return call

    @classmethod
    def resume(cls, compiled: CompiledScenario, state: CallState) -> "Call":
        """Rebuild a saved call by replaying its decisions; refuses a state that does not match."""
        scenario = compiled.scenario
        if state.scenario_id != scenario.id:
            raise CallError(f"saved call is for scenario '{state.scenario_id}', not '{scenario.id}'")
        if state.scenario_hash != scenario.content_hash:
            raise CallError(f"scenario '{scenario.id}' has changed since this call was saved")
        call = cls(compiled, state.seed)
        for number, decision in enumerate(state.decisions, 1):
            if decision.node != call.state.node:
                raise CallError(f"saved decision {number} was taken at '{decision.node}', but the replay is at "
                                f"'{call.state.node}'")
            call.choose(decision.choice)
        if call.state.node != state.node or call.state.meters != state.meters:
            raise CallError("saved call does not match its own decisions (was it edited?)")
        return call
