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
from game.engine.manners import Manners, manners_cost
from game.engine.recall_cost import MAX_UNCLEAR, RecallReply, add_costs, fallback_capped, unclear_cost
from game.engine.scoring import CallScore, DecisionScore, score_call, score_decision

#: Version of the saved-call JSON format; bump it when the shape changes.
#: 2: the shuffle seed (`seed`, null for a call shown in file order).
#: 3: the call timer (`elapsed`, seconds) and each decision's manners: [node, choice, waited, interrupted,
#:    at] (waited: seconds or null when not timed; at: the call timer when it was taken). Format 1 and 2
#:    states (pairs, no timer) still load.
#: 4: a recall decision (game.engine.recall_cost) appends [unclear rounds, fallback] to its list; other
#:    decisions keep five items, and format 1-3 states still load.
SAVE_FORMAT = 4


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
    """One decision as saved: where, which reply (file index), and how it was given."""

    node: str
    choice: int
    waited: float | None = None
    interrupted: bool = False
    at: float | None = None  # the call timer (seconds) when it was taken
    unclear: int = 0  # recall: "what do you mean" rounds before this reply (game.engine.recall_cost)
    fallback: bool = False  # recall: picked from the options after the last unclear round

    def to_list(self) -> list:
        base = [self.node, self.choice, self.waited, self.interrupted, self.at]
        return base + [self.unclear, self.fallback] if self.unclear or self.fallback else base

    @property
    def manners(self) -> Manners:
        return Manners.of(self.waited, self.interrupted)


def _is_seconds(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)
                             and 0 <= value < 10 ** 7)


def _decision_of(item: Any) -> Decision | None:
    """A saved decision: a [node, choice] pair (formats 1-2) or [node, choice, waited, interrupted, at]."""
    if not isinstance(item, list) or len(item) not in (2, 5, 7) or not isinstance(item[0], str) or not _is_int(item[1]):
        return None
    if len(item) == 2:
        return Decision(item[0], item[1])
    node, choice, waited, interrupted, at = item[:5]
    if not _is_seconds(waited) or not isinstance(interrupted, bool) or not _is_seconds(at):
        return None
    unclear, fallback = item[5:] if len(item) == 7 else (0, False)
    if not _is_int(unclear) or not 0 <= unclear <= MAX_UNCLEAR or not isinstance(fallback, bool):
        return None
    return Decision(node, choice, None if waited is None else float(waited), interrupted,
                    None if at is None else float(at), unclear, fallback)


@dataclass(slots=True)
class CallState:
    """Everything that changes during a call, and nothing else."""

    scenario_id: str
    scenario_hash: str
    node: str
    meters: dict[str, int]
    decisions: list[Decision] = field(default_factory=list)
    seed: int | None = None
    elapsed: float = 0.0  # the call timer, seconds (as the UI last reported it)

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
            "decisions": [d.to_list() for d in self.decisions],
            "seed": self.seed,
            "elapsed": self.elapsed,
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
        parsed = [_decision_of(d) for d in decisions] if isinstance(decisions, list) else [None]
        if any(d is None for d in parsed):
            raise CallError("saved call is malformed: 'decisions' must be a list of [node, choice] pairs or "
                            "[node, choice, waited, interrupted, at] lists")
        seed = data.get("seed")
        if seed is not None and not (_is_int(seed) and 0 <= seed < 2 ** 63):
            raise CallError("saved call is malformed: 'seed' must be a whole number or null")
        elapsed = data.get("elapsed", 0.0)
        if elapsed is None or not _is_seconds(elapsed):
            raise CallError("saved call is malformed: 'elapsed' must be a number of seconds")
        return cls(data["scenario_id"], data["scenario_hash"], data["node"], dict(meters),
                   parsed, seed, float(elapsed))  # type: ignore[arg-type]

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
    manners: Manners = Manners()
    cost: Mapping[str, int] = field(default_factory=dict)  # the manners cost applied before the reply
    at: float | None = None  # the call timer when it was taken
    unclear: int = 0  # recall: "what do you mean" rounds before it (their cost is in `cost`)
    fallback: bool = False  # recall: picked from the options after the last unclear round
    reply: RecallReply | None = None  # recall: what was said and how it was understood (views only)

    @property
    def interrupted(self) -> bool:
        return self.manners.interrupted

    @property
    def waited(self) -> float | None:
        return self.manners.waited


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
        self._hung_up = False
        self._attached = False
        self._twin: tuple[str, tuple[int, ...]] | None = compiled.machine.stepper.start()  # see `_on_time`
        self._ceiling: float | None = None
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

    def set_meters(self, meters: Mapping[str, int], hung_up: bool = False) -> None:
        """Set the meters to what the step rule gave, and whether it hung up (called by the machine,
        before any guard)."""
        self.state.meters.update(meters)
        self._hung_up = hung_up

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

    @property
    def elapsed(self) -> float:
        """The call timer (seconds): where a resumed call's clock continues from."""
        return self.state.elapsed

    def note_elapsed(self, seconds: float) -> None:
        """Record the call timer (the UI does so before saving); it never goes back."""
        if _is_seconds(seconds) and seconds is not None:
            self.state.elapsed = max(self.state.elapsed, round(float(seconds), 1))

    def choose_shown(self, position: int, waited: float | None = None, interrupted: bool = False,
                     elapsed: float | None = None, **recall: Any) -> Step:
        """Take the reply shown at `position` (0-based) on screen (manners and recall as for `choose`)."""
        shown = self.shown
        if self.ended:
            raise CallError("the call has already ended")
        if not 0 <= position < len(shown):
            raise CallError(f"there is no choice {position + 1} here: pick 1 to {len(shown)}")
        return self.choose(shown[position].index, waited, interrupted, elapsed, **recall)

    @property
    def ended(self) -> bool:
        return self.node.is_ending

    def choose(self, index: int, waited: float | None = None, interrupted: bool = False,
               elapsed: float | None = None, unclear: int = 0, fallback: bool = False,
               reply: RecallReply | None = None) -> Step:
        """Take choice `index` (0-based) of the current node; returns what happened.

        `waited` is how long the trainee took after the client's line had finished (seconds; None when
        not timed), `interrupted` whether they answered before it had; their cost is applied first, by
        the shared step (`game.engine.manners`). `elapsed` is the call timer, saved with the decision.

        Recall mode (`game.engine.recall_cost`): `unclear` is how many "what do you mean" rounds came
        before this reply (each costs patience, added to the manners cost, so applied before the reply's
        mood and guards); `fallback` that the trainee then picked from the options (the decision earns at
        most FALLBACK_SHARE of its stake); `reply` what was said, kept on the step for the views."""
        if self.ended:
            raise CallError("the call has already ended")
        node = self.node
        if not 0 <= index < len(node.choices):
            raise CallError(f"there is no choice {index + 1} here: pick 1 to {len(node.choices)}")
        if not _is_int(unclear) or not 0 <= unclear <= MAX_UNCLEAR:
            raise CallError(f"unclear rounds must be 0 to {MAX_UNCLEAR}, not {unclear!r}")
        manners = Manners.of(waited, interrupted)
        cost = add_costs(manners_cost(self.scenario, manners), unclear_cost(self.scenario, unclear))
        if elapsed is not None:
            self.note_elapsed(elapsed)
        at = self.state.elapsed if elapsed is not None else None
        before = dict(self.state.meters)
        number = len(self.steps) + 1
        lookahead = self.compiled.lookahead
        stepper = self.compiled.machine.stepper
        packed_cost = stepper.cost_tuple(cost)
        charged = stepper.unpack(stepper.charge(stepper.pack(before), packed_cost))
        on_time, ceiling = self._on_time(node.id, index, stepper.pack(charged))
        scored = score_decision(number, node.id, node.choices[index], lookahead.options(node.id, charged),
                                on_time, manners.interrupted, cost, ceiling)
        if fallback:
            scored = fallback_capped(scored)
        position = shown_order(self.state.seed, node.id, len(node.choices)).index(index) + 1
        self.trigger(trigger_name(index), cost=packed_cost)  # added to this model by transitions
        target = self.state.node
        hung_up = self._hung_up  # the step rule's own answer (game.engine.states), set by the machine
        if self._twin is not None and self._twin[0] != target:
            self._twin = None  # the costs sent the call elsewhere: only the ceiling still applies
        self.state.decisions.append(Decision(node.id, index, manners.waited, manners.interrupted, at,
                                             unclear, bool(fallback)))
        step = Step(number, node, node.choices[index], target, before, dict(self.state.meters), hung_up, scored,
                    position, manners, cost, at, unclear, bool(fallback), reply)
        self.steps.append(step)
        if self.ended:
            self.close()
        return step

    def _on_time(self, node_id: str, index: int, charged: tuple[int, ...]) -> tuple[tuple | None, float | None]:
        """The on-time twin of this decision: the options as they would stand had every reply so far
        been given without any cost (None while no cost has ever applied), and the commitment ceiling.

        The twin follows the same replies without costs; once a cost sends the call to another node
        than the twin's, the ceiling stays at the most commitment points the twin could still reach."""
        twin = self._twin
        if twin is None:
            return None, self._ceiling
        lookahead, stepper = self.compiled.lookahead, self.compiled.machine.stepper
        nxt = stepper.step(node_id, index, twin[1])
        if twin == (node_id, charged):  # nothing has cost anything yet
            self._twin = (nxt.target, nxt.meters)
            return None, self._ceiling
        on_time = lookahead.options(node_id, stepper.unpack(twin[1]))
        self._twin = (nxt.target, nxt.meters)
        ceiling = lookahead.best_points_from(nxt.target, stepper.unpack(nxt.meters))
        self._ceiling = ceiling if self._ceiling is None else min(self._ceiling, ceiling)
        return on_time, self._ceiling

    def score(self) -> CallScore:
        """The scores of a finished call."""
        if not self.ended:
            raise CallError("the call has not ended yet")
        return score_call(self.scenario, self.compiled.ranges, [s.scored for s in self.steps], self.state.node,
                          self.compiled.lookahead.model_commitment())

    # -- replay and resume ----------------------------------------------------------------------
    @classmethod
    def replay(cls, compiled: CompiledScenario, choices: Sequence[int | Decision], seed: int | None = None) -> "Call":
        """A new call with `choices` (0-based file indices, or saved `Decision`s with their manners)
        taken in order."""
        call = cls(compiled, seed)
        for item in choices:
            call.take(item)
        return call

    def take(self, item: int | Decision) -> Step:
        """Take a file index, or a saved decision again with its manners and timer."""
        if isinstance(item, Decision):
            return self.choose(item.choice, item.waited, item.interrupted, item.at, item.unclear, item.fallback)
        return self.choose(item)

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
            call.take(decision)
        if call.state.node != state.node or call.state.meters != state.meters:
            raise CallError("saved call does not match its own decisions (was it edited?)")
        call.note_elapsed(state.elapsed)
        return call
