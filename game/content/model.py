"""The content model: immutable dataclasses produced by the loaders.

Every object that a trainer writes carries `pos` (file, line, column) so errors and debrief lines can
point at their source. Mappings are read-only views. The engine reads these; it never mutates them.
"""

from __future__ import annotations

import datetime as _dt
import operator
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Callable, Mapping

from game.content.diagnostics import SourcePos

FORMAT_VERSION = 1

#: The four scored dimensions, in display order.
DIMENSIONS: tuple[str, ...] = ("professionalism", "empathy", "clarity", "commitment")
#: The dimensions a choice's `score` may touch; commitment comes from the ending.
CHOICE_DIMENSIONS: tuple[str, ...] = ("professionalism", "empathy", "clarity")
#: Meters every persona must declare.
REQUIRED_METERS: tuple[str, ...] = ("patience", "trust")
METER_MIN, METER_MAX = 0, 100

#: The pass marks: overall, each dimension, and the call log (wrap-up) score.
MARK_KEYS: tuple[str, ...] = ("overall",) + DIMENSIONS + ("wrapup",)
DEFAULT_PASS: Mapping[str, int] = MappingProxyType(
    {"overall": 70, "professionalism": 50, "empathy": 50, "clarity": 50, "commitment": 50, "wrapup": 75}
)


class Commitment(str, Enum):
    """What the client agreed to at the end of the call."""

    FULL = "full"
    PLAN = "plan"
    PARTIAL = "partial"
    CALLBACK = "callback"
    NONE = "none"

    @property
    def value_points(self) -> int:
        """Raw commitment value before normalization against the scenario's reachable endings."""
        return COMMITMENT_POINTS[self]

    @property
    def label(self) -> str:
        return COMMITMENT_LABELS[self]


COMMITMENT_POINTS: Mapping[Commitment, int] = MappingProxyType({
    Commitment.FULL: 100, Commitment.PLAN: 80, Commitment.PARTIAL: 60,
    Commitment.CALLBACK: 40, Commitment.NONE: 0,
})
COMMITMENT_LABELS: Mapping[Commitment, str] = MappingProxyType({
    Commitment.FULL: "payment in full", Commitment.PLAN: "a payment plan",
    Commitment.PARTIAL: "a partial payment", Commitment.CALLBACK: "a dated follow-up",
    Commitment.NONE: "no commitment",
})


def frozen_map(data: Mapping | None = None) -> Mapping:
    """A read-only copy of a mapping, for fields of frozen dataclasses."""
    return MappingProxyType(dict(data or {}))


# --- rules -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class RuleSource:
    article: str
    section: str

    def __str__(self) -> str:
        return f"{self.article} — {self.section}"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of practice, in our words, citing the article sections it comes from."""

    id: str
    kind: str  # "do" | "dont"
    title: str
    summary: str
    dimensions: tuple[str, ...]
    sources: tuple[RuleSource, ...]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Rulebook:
    rules: Mapping[str, Rule]
    path: str

    def get(self, rule_id: str) -> Rule | None:
        return self.rules.get(rule_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __len__(self) -> int:
        return len(self.rules)


# --- conditions ------------------------------------------------------------------------------

OPERATORS: Mapping[str, Callable[[int, int], bool]] = MappingProxyType({
    "<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
    "<": operator.lt, ">": operator.gt,
})


@dataclass(frozen=True, slots=True)
class Clause:
    meter: str
    op: str
    value: int

    def holds(self, meters: Mapping[str, int]) -> bool:
        return OPERATORS[self.op](meters[self.meter], self.value)

    def __str__(self) -> str:
        return f"{self.meter} {self.op} {self.value}"


@dataclass(frozen=True, slots=True)
class Condition:
    """`meter op number` clauses joined by `and`; never evaluated with eval."""

    clauses: tuple[Clause, ...]
    pos: SourcePos

    def holds(self, meters: Mapping[str, int]) -> bool:
        return all(clause.holds(meters) for clause in self.clauses)

    def __str__(self) -> str:
        return " and ".join(str(c) for c in self.clauses)


# --- scenario --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Voice:
    """Text-to-speech hints for a persona."""

    rate: int | None = None
    gender: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class Persona:
    name: str
    company: str
    role: str
    voice: Voice
    mood: Mapping[str, int]
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Invoice:
    number: str
    amount: float
    issued: _dt.date
    due: _dt.date
    note: str
    pos: SourcePos

    def days_overdue(self, today: _dt.date) -> int:
        return max(0, (today - self.due).days)


@dataclass(frozen=True, slots=True)
class Account:
    terms: str
    invoices: tuple[Invoice, ...]
    history: tuple[str, ...]
    contact: str
    notes: tuple[str, ...]
    as_of: _dt.date | None = None

    def call_date(self, today: _dt.date | None = None) -> _dt.date:
        """The day the call takes place: the scenario's `as_of` date, else today."""
        return self.as_of or today or _dt.date.today()

    @property
    def total_due(self) -> float:
        return round(sum(inv.amount for inv in self.invoices), 2)


@dataclass(frozen=True, slots=True)
class Route:
    """Where a choice leads: `target` when `condition` holds (None = always)."""

    target: str
    condition: Condition | None
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Choice:
    """One reply the caller can give. `index` is its place in the file (never its place on screen:
    replies are shown in a per-call shuffled order); `id` is its stable name (authored `id`, else
    `<node>.<index + 1>`). `rules` are the rules this reply follows, `breaks` the rules it breaks;
    `critical` names a broken rule so serious that the call cannot pass (it is also in `breaks`)."""

    index: int
    say: str
    score: Mapping[str, int]
    mood: Mapping[str, int]
    rules: tuple[str, ...]
    feedback: str
    routes: tuple[Route, ...]
    pos: SourcePos
    id: str = ""
    breaks: tuple[str, ...] = ()
    critical: str | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(route.target for route in self.routes)

    @property
    def cited(self) -> tuple[str, ...]:
        """Every rule the reply touches: followed, then broken."""
        return tuple(dict.fromkeys(self.rules + self.breaks))


@dataclass(frozen=True, slots=True)
class Instalment:
    """One payment of a plan: an amount due a number of days after the call."""

    amount: float
    days: int


@dataclass(frozen=True, slots=True)
class Closing:
    """The closing exchange of an ending as authored (`closing: {caller, client}`); either line may be
    empty, and the engine then generates it from the ending (`game.engine.closing`)."""

    caller: str = ""
    client: str = ""


@dataclass(frozen=True, slots=True)
class Pace:
    """How the client reacts to time (`pace:`): every full `wait` seconds the trainee leaves them
    waiting after their line costs `mood` (at most `PACE_MAX_CHARGES` times per decision); answering
    before they have finished costs `interrupt_mood` and they say `interrupt_say`. `authored` is False
    for the defaults by difficulty (`game.engine.manners.pace_of`)."""

    wait: int
    mood: Mapping[str, int]
    interrupt_mood: Mapping[str, int]
    interrupt_say: str
    authored: bool = False


#: The most times one decision is charged for waiting.
PACE_MAX_CHARGES = 3
#: The pace of a scenario without `pace:` (and of keys `pace:` leaves out): seconds of silence before the
#: client grows impatient by difficulty, the cost of each such wait, and of an interruption.
DEFAULT_WAIT: Mapping[int, int] = MappingProxyType({1: 30, 2: 20, 3: 15})
DEFAULT_WAIT_MOOD: Mapping[str, int] = MappingProxyType({"patience": -5})
DEFAULT_INTERRUPT_MOOD: Mapping[str, int] = MappingProxyType({"patience": -5, "trust": -5})
DEFAULT_INTERRUPT_SAY = "Sorry, let me finish."


@dataclass(frozen=True, slots=True)
class Ending:
    """How a call ends. For a plan, `amount` is the total and `days` the first payment; `instalments`
    (optional) lists every payment. `callback_time` is the agreed time of a callback (HH:MM). `closing`
    is the authored closing exchange (None: generated from the ending)."""

    commitment: Commitment
    amount: float | None
    days: int | None
    pos: SourcePos
    instalments: tuple[Instalment, ...] = ()
    callback_time: str | None = None
    closing: Closing | None = None


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    client: str
    choices: tuple[Choice, ...]
    ending: Ending | None
    pos: SourcePos

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True, slots=True)
class Scenario:
    """One call: persona, account brief, and the dialogue graph. Never mutated after loading."""

    format: int
    id: str
    title: str
    archetype: str
    difficulty: int
    summary: str
    persona: Persona
    account: Account
    objective: str
    start: str
    hang_up_when: Mapping[str, int]
    hang_up_to: str | None
    pass_thresholds: Mapping[str, int]
    nodes: Mapping[str, Node]
    path: str
    content_hash: str
    pos: SourcePos = field(compare=False)
    id_pos: SourcePos | None = field(default=None, compare=False)
    pace: Pace | None = None  # authored `pace:` (None: the defaults by difficulty)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(node for node in self.nodes.values() if node.is_ending)

    @property
    def meters(self) -> tuple[str, ...]:
        return tuple(self.persona.mood)

    def hang_up_due(self, meters: Mapping[str, int]) -> bool:
        """True when any hang-up meter is at or below its threshold."""
        return any(meters.get(m, METER_MAX) <= limit for m, limit in self.hang_up_when.items())
