"""The report as plain data: what `gather` computes and every renderer reads."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Score columns shown per call, in display order (the four dimensions, then the overall score).
SCORE_KEYS: tuple[str, ...] = ("professionalism", "empathy", "clarity", "commitment", "overall")
#: Short headers for the score columns.
SCORE_LABELS: dict[str, str] = {"professionalism": "Pro", "empathy": "Emp", "clarity": "Cla",
                                "commitment": "Com", "overall": "All"}
#: Pass marks shown per scenario of a program: the score columns, then the call log's mark.
MARK_COLUMNS: tuple[str, ...] = SCORE_KEYS + ("wrapup",)
MARK_LABELS: dict[str, str] = {**SCORE_LABELS, "wrapup": "Log"}
#: A miss option picked by at least this share of the trainees' visits to its node is a "trap".
TRAP_SHARE = 0.25
#: Histogram bins: 0-9, 10-19, ..., 90-100 (a score of 100 falls in the last bin).
BIN_COUNT = 10

MISS_DEFINITION = (
    "A decision is a miss when another option at that point led to a better call (its own score plus "
    "the best the rest of the call could still score, assuming the client's mood allowed the best "
    "route), when it breaks a rule, or when it scored below zero in total and cites a 'dont' rule. Each "
    "miss counts against the rules the chosen reply breaks and the 'dont' rules it cites (broken), and the "
    "rules the best option cites (skipped)."
)
CRITICAL_DEFINITION = (
    "A critical error is a reply marked critical in its scenario (the rule it breaks): a call with one "
    "cannot pass, whatever its points. Counted from the verdict stored with each completed call."
)
VERDICT_DEFINITION = (
    "Passed is the one verdict decided when the call ended and stored with it (the program's marks when "
    "the call counted for a program, else the scenario's; no critical error; a call log that matches the "
    "call); calls stored before verdicts were are judged by their scores against the marks."
)
CHOICE_FLAGS_HELP = (
    "best: leads to the best call from that point; miss: a miss by the rule above; "
    f"trap: a miss picked in {TRAP_SHARE:.0%} or more of the visits; never: nobody picked it."
)


@dataclass(frozen=True, slots=True)
class ScenarioProgress:
    """One trainee on one scenario: attempts, and best/latest scores of the completed calls."""

    scenario_id: str
    title: str
    in_scope: bool
    attempts: int
    completed: int
    passes: int
    best: dict[str, int] | None
    latest: dict[str, int] | None
    latest_passed: bool | None
    last_at: str
    unfinished: int = 0
    abandoned: int = 0


@dataclass(frozen=True, slots=True)
class TraineeSummary:
    """One trainee across the scenarios in scope. `best` is the highest score per column over every
    completed call; `latest` is the latest completed call's scores."""

    name: str
    attempts: int
    completed: int
    passes: int
    attempted: int
    passed: int
    total: int | None
    best: dict[str, int] | None
    latest: dict[str, int] | None
    latest_scenario: str | None
    last_at: str
    scenarios: tuple[ScenarioProgress, ...]
    unfinished: int = 0
    abandoned: int = 0
    group: str | None = None
    stuck: str = ""                     # why the trainee is stuck ("" when not)
    program_status: str = ""            # complete / failed / in progress (with a defined program)
    next_suggested: str | None = None   # the next scenario of the program not yet passed


@dataclass(frozen=True, slots=True)
class ScenarioTotals:
    """One scenario across the trainees in the report: calls started, completed, passed, unfinished
    (still in progress) and abandoned, and how many trainees tried it."""

    scenario_id: str
    title: str
    calls: int
    completed: int
    passed: int
    unfinished: int
    abandoned: int
    trainees: int


@dataclass(frozen=True, slots=True)
class RuleTally:
    """How often a rule was missed across the cohort (see MISS_DEFINITION)."""

    rule_id: str
    kind: str
    title: str
    broken: int
    skipped: int
    trainees: int

    @property
    def misses(self) -> int:
        return self.broken + self.skipped


@dataclass(frozen=True, slots=True)
class CriticalTally:
    """Critical errors against one rule across the completed calls: how many, in how many calls, by how
    many trainees."""

    rule_id: str
    title: str
    errors: int
    calls: int
    trainees: int


@dataclass(frozen=True, slots=True)
class CallLog:
    """The call log a trainee wrote at the end of a call, as stored, with its review score."""

    disposition: str
    amount: float | None
    date: str | None
    follow_up: str | None
    instalments: tuple[tuple[float, str], ...]
    time: str | None
    reason: str
    score: int | None
    passed: bool | None


@dataclass(frozen=True, slots=True)
class CallVerdict:
    """One completed call and its stored verdict: why it did not pass (critical errors first), and which
    marks were in force (`scenario`, `program:<id>`, or "" for a call stored before verdicts were)."""

    call_id: str
    trainee: str
    scenario_id: str
    program_id: str | None
    ended_at: str
    overall: int | None
    passed: bool
    critical: tuple[str, ...]
    reasons: tuple[str, ...]
    marks: str
    log: "CallLog | None" = None
    started_at: str = ""
    campaign_week_id: str | None = None  # the campaign week the call was played in (None: a single call)

    @property
    def legacy(self) -> bool:
        """True for a call stored before verdicts were (its reasons are not known)."""
        return not self.marks


@dataclass(frozen=True, slots=True)
class OptionStat:
    """One option at one node: how often it was picked, by how many trainees, and its flags."""

    index: int
    text: str
    picks: int
    trainees: int
    score: int
    rules: tuple[str, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NodeStat:
    node_id: str
    client: str
    options: tuple[OptionStat, ...]

    @property
    def visits(self) -> int:
        return sum(o.picks for o in self.options)


@dataclass(frozen=True, slots=True)
class ScenarioChoices:
    """Per-choice statistics of one scenario. `current` is False when the scenario is not in the
    library (then only the options someone picked are known, with their stored text)."""

    scenario_id: str
    title: str
    current: bool
    decisions: int
    older_decisions: int
    nodes: tuple[NodeStat, ...]

    @property
    def never_picked(self) -> int:
        return sum(1 for n in self.nodes if n.visits for o in n.options if "never" in o.flags)

    @property
    def traps(self) -> tuple[tuple[NodeStat, OptionStat], ...]:
        return tuple((n, o) for n in self.nodes for o in n.options if "trap" in o.flags)


@dataclass(frozen=True, slots=True)
class Histogram:
    """Completed calls per score bin (BIN_COUNT bins of ten points) for one score column."""

    key: str
    bins: tuple[int, ...]
    mean: float | None

    @property
    def count(self) -> int:
        return sum(self.bins)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One completed call, for the progress-over-time chart."""

    trainee: str
    scenario_id: str
    at: str
    overall: int
    passed: bool


@dataclass(frozen=True, slots=True)
class StepStatus:
    """A trainee on one scenario of a defined program, as the program's grading sees it."""

    scenario_id: str
    status: str  # locked | open | passed | failed
    used: int
    allowed: int
    best: int | None


@dataclass(frozen=True, slots=True)
class ProgramRow:
    """A trainee's standing in a defined program: complete, failed or in progress."""

    trainee: str
    status: str
    passed: int
    steps: tuple[StepStatus, ...]


@dataclass(frozen=True, slots=True)
class Scope:
    """What the report covers: filters, and the scenarios completion is counted against. With a
    defined program, `thresholds` holds each scenario's pass thresholds in the program and
    `attempts_allowed` its attempts; both are empty otherwise."""

    program: str | None
    trainee: str | None
    scenario_ids: tuple[str, ...]
    source: str
    program_title: str | None = None
    thresholds: dict[str, dict[str, int]] = field(default_factory=dict)
    attempts_allowed: dict[str, int] = field(default_factory=dict)
    default: bool = False               # the program was chosen by default (no --program)
    trainees: tuple[str, ...] = ()      # --trainee names as stored
    group: str | None = None
    since: str | None = None            # ISO dates, inclusive
    until: str | None = None


@dataclass(frozen=True, slots=True)
class Totals:
    calls: int
    completed: int
    passed: int
    trainees: int
    first_at: str
    last_at: str

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.completed if self.completed else None


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """One campaign week of a trainee (game/reports/weeks.py): its seed and days, and the figures of its
    end-of-week report as stored (None while the week is unfinished: it has no report yet)."""

    week_id: str
    trainee: str
    campaign_id: str
    seed: int | None
    status: str                      # completed | in_progress
    started_at: str
    ended_at: str
    days: int                        # working days ended
    calls: int                       # calls made (each also a call of the report's call sections)
    calls_passed: int | None = None
    cash_collected: float | None = None
    start_balance: float | None = None
    promises_kept: int | None = None
    promises_broken: int | None = None
    dso_before: float | None = None
    dso_after: float | None = None
    prioritisation: int | None = None
    follow_up: int | None = None
    documentation: int | None = None
    dimensions: dict[str, int] | None = None
    score: int | None = None         # the week's own grade: the mean of its checks

    @property
    def completed(self) -> bool:
        return self.status == "completed"


@dataclass(frozen=True, slots=True)
class Report:
    """Everything a renderer needs. `attempts` and `calls` are empty unless asked for (the HTML charts and
    call list, the CSV call rows); `calls` may hold only the latest of `calls_total` completed calls."""

    generated_at: str
    database: str
    scope: Scope
    totals: Totals
    trainees: tuple[TraineeSummary, ...]
    rules: tuple[RuleTally, ...]
    misses: int
    decisions: int
    choices: tuple[ScenarioChoices, ...]
    histograms: tuple[Histogram, ...]
    attempts: tuple[Attempt, ...]
    notes: tuple[str, ...]
    pass_marks: dict[str, int]
    program_rows: tuple[ProgramRow, ...] = ()
    critical: tuple[CriticalTally, ...] = ()
    critical_calls: int = 0
    calls: tuple[CallVerdict, ...] = ()
    calls_total: int = 0
    scenarios: tuple[ScenarioTotals, ...] = ()
    #: per scenario, per node: (trainees who chose a top reply there at least once, trainees who decided there)
    best_reply: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    databases: tuple[str, ...] = ()
    #: the report's filter as SQL on `calls c` (WHERE clause, parameters), for exports that read rows
    where: tuple[str, tuple] = ("", ())
    #: the campaign weeks of the trainees and dates in the filter (not narrowed by program: weeks have none)
    weeks: tuple[WeekSummary, ...] = ()

    @property
    def critical_errors(self) -> int:
        return sum(t.errors for t in self.critical)


@dataclass(frozen=True, slots=True)
class WeakSpot:
    """One option worth a trainer's attention: a trap, or a best reply nobody found."""

    scenario_id: str
    node: NodeStat
    option: OptionStat

    @property
    def share(self) -> float:
        return self.option.picks / self.node.visits if self.node.visits else 0.0


def weak_spots(choices: tuple[ScenarioChoices, ...], limit: int = 10) -> tuple[list[WeakSpot], list[WeakSpot]]:
    """The traps (most picked first) and the best replies nobody picked (most visited points first)."""
    traps = [WeakSpot(sc.scenario_id, n, o) for sc in choices for n, o in sc.traps]
    hidden = [WeakSpot(sc.scenario_id, n, o) for sc in choices for n in sc.nodes for o in n.options
              if "best" in o.flags and "never" in o.flags]
    traps.sort(key=lambda w: (-w.option.picks, -w.share, w.scenario_id, w.node.node_id))
    hidden.sort(key=lambda w: (-w.node.visits, w.scenario_id, w.node.node_id))
    return traps[:limit], hidden[:limit]
