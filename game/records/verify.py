"""Verify stored calls: re-play every completed call's decisions through the engine and compare.

A record is a problem when its stored outcome or scores differ from what its decisions give (it was
edited), when its decisions cannot be re-played, when its scenario has changed since (content hash)
or left the library, and — with a signing key — when its signature is missing or wrong. Each
scenario is compiled once, and identical decision sequences are re-played once: the engine is
deterministic, so the same decisions on the same scenario always give the same call.
"""

from __future__ import annotations

import datetime as _dt
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from game.content.model import DIMENSIONS, Scenario
from game.engine.call import Call, CallError, Decision
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore
from game.engine.verdict import Marks, decide
from game.engine.wrapup import WrapUp, review_wrapup
from game.records.signing import row_signature_valid
from game.records.store import CallRow, RecordStore

EDITED = "edited"
BAD_DECISIONS = "bad decisions"
SCENARIO_CHANGED = "scenario changed"
SCENARIO_MISSING = "scenario missing"
UNSIGNED = "unsigned"
BAD_SIGNATURE = "bad signature"
KINDS: tuple[str, ...] = (EDITED, BAD_DECISIONS, BAD_SIGNATURE, UNSIGNED, SCENARIO_CHANGED, SCENARIO_MISSING)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one stored call."""

    call_id: str
    trainee: str
    scenario_id: str
    kind: str
    detail: str

    def format(self) -> str:
        return f"call {self.call_id} ({self.trainee}, {self.scenario_id}): {self.kind}: {self.detail}"


@dataclass(frozen=True, slots=True)
class Replayed:
    """What a call's decisions give when re-played, or why they cannot be."""

    node: str = ""
    meters: Mapping[str, int] = field(default_factory=dict)
    commitment: str | None = None
    scores: Mapping[str, int] = field(default_factory=dict)
    overall: int = 0
    passed: bool = False
    error: str = ""
    critical: tuple[str, ...] = ()  # rule ids of the critical errors, in call order


def replay_decisions(compiled: CompiledScenario, decisions: Sequence[Decision],
                     verdict_of: "Callable[[Call, CallScore], bool] | None" = None) -> Replayed:
    """Re-play stored decisions through the engine, checking each was taken where the replay is.
    `verdict_of` re-decides pass/fail (with the stored marks and call log); without it, `passed` is
    whether the scores meet the scenario's marks with no critical error."""
    call = Call(compiled)
    try:
        for number, decision in enumerate(decisions, 1):
            if call.ended:
                return Replayed(error=f"decision {number} comes after the call ended at '{call.state.node}'")
            if decision.node != call.state.node:
                return Replayed(error=f"decision {number} was taken at '{decision.node}', but the replay is at "
                                      f"'{call.state.node}'")
            call.choose(decision.choice)
        if not call.ended:
            return Replayed(error=f"the decisions stop at '{call.state.node}', before the call ends")
        score = call.score()
        passed = verdict_of(call, score) if verdict_of is not None else \
            not score.critical and not score.below(compiled.scenario.pass_thresholds)
    except CallError as exc:
        return Replayed(error=str(exc))
    finally:
        call.close()
    ending = call.node.ending
    return Replayed(call.state.node, dict(call.state.meters), ending.commitment.value if ending else None,
                    dict(score.scores), score.overall, passed, critical=tuple(e.rule for e in score.critical))


def stored_verdict_of(row: CallRow) -> "Callable[[Call, CallScore], bool] | None":
    """How to re-decide a stored call's verdict: its stored marks, its stored call log re-checked against
    the replayed ending. None for calls stored before verdicts were (their flag is compared as is)."""
    if not row.verdict or "marks" not in row.verdict:
        return None
    try:
        marks = Marks.from_dict(row.verdict["marks"])
        log = WrapUp.from_dict(row.wrapup) if row.wrapup and "disposition" in row.wrapup else None
        started = _dt.date.fromisoformat(row.started_at[:10])
    except (TypeError, ValueError, KeyError):
        return lambda call, score: not row.passed  # a malformed record never matches its own flag

    def verdict_of(call: Call, score: CallScore) -> bool:
        review = None if log is None else review_wrapup(call.scenario, call.node,
                                                        call.scenario.account.call_date(started), log)
        return decide(score, review, marks).passed
    return verdict_of


def differences(row: CallRow, replayed: Replayed) -> list[str]:
    """What a stored completed call says that its re-played decisions do not. A call stored before
    verdicts were recorded was scored by an older engine: only its path (ending, commitment, meters)
    is compared. A stored verdict must agree with the call's pass flag and name the critical errors
    its decisions make."""
    verdict_ok = True
    if row.verdict is None:
        replayed = Replayed(replayed.node, replayed.meters, replayed.commitment, dict(row.scores or {}),
                            row.overall if row.overall is not None else 0, bool(row.passed))
    else:
        verdict_ok = row.verdict.get("passed") == row.passed and row.critical == replayed.critical
    if (verdict_ok and row.overall == replayed.overall and row.passed == replayed.passed
            and row.scores == replayed.scores and row.outcome == row.node == replayed.node
            and row.commitment == replayed.commitment and row.meters == replayed.meters):
        return []  # the common case, checked in one go
    out = []
    if row.verdict is not None and "malformed" in row.verdict:
        out.append("the stored verdict is unreadable")
    elif row.verdict is not None and row.verdict.get("passed") != row.passed:
        out.append(f"the stored verdict says {'passed' if row.verdict.get('passed') else 'not passed'}, its flag "
                   f"{'passed' if row.passed else 'not passed'}")
    if row.verdict is not None and row.critical != replayed.critical:
        out.append(f"critical errors {list(row.critical)} stored, {list(replayed.critical)} re-played")
    stored = row.scores or {}
    for dim in DIMENSIONS:
        if stored.get(dim) != replayed.scores.get(dim):
            out.append(f"{dim} {stored.get(dim)} stored, {replayed.scores.get(dim)} re-played")
    if row.overall != replayed.overall:
        out.append(f"overall {row.overall} stored, {replayed.overall} re-played")
    if row.passed != replayed.passed:
        out.append(f"{'passed' if row.passed else 'not passed'} stored, "
                   f"{'passed' if replayed.passed else 'not passed'} re-played")
    if row.outcome != replayed.node or row.node != replayed.node:
        out.append(f"ending '{row.outcome}' stored, '{replayed.node}' re-played")
    if row.commitment != replayed.commitment:
        out.append(f"commitment '{row.commitment}' stored, '{replayed.commitment}' re-played")
    if dict(row.meters) != dict(replayed.meters):
        out.append("meters differ")
    return out


class Verifier:
    """Checks stored calls against the current scenarios; compiles each scenario once."""

    def __init__(self, scenarios: Mapping[str, Scenario], key: bytes | None = None, memo: bool = True) -> None:
        self.scenarios = scenarios
        self.key = key
        self.memo = memo
        self.replays = 0
        self._compiled: dict[str, CompiledScenario] = {}
        self._seen: dict[tuple, Replayed] = {}

    def replay(self, scenario: Scenario, decisions: Sequence[Decision], row: CallRow | None = None) -> Replayed:
        """The re-play of `decisions` on `scenario` (each distinct sequence, marks and log re-played once
        with memo)."""
        verdict_of = stored_verdict_of(row) if row is not None else None
        key = (scenario.id, tuple(decisions), None if verdict_of is None else
               (repr(sorted(row.verdict.get("marks", {}).items())), repr(row.wrapup), row.started_at[:10]))
        found = self._seen.get(key) if self.memo else None
        if found is None:
            compiled = self._compiled.get(scenario.id)
            if compiled is None:
                compiled = self._compiled[scenario.id] = compile_scenario(scenario)
            found = replay_decisions(compiled, decisions, verdict_of)
            self.replays += 1
            if self.memo:
                self._seen[key] = found
        return found

    def check(self, row: CallRow, decisions: Sequence[Decision]) -> list[Problem]:
        """Every problem with one completed call."""
        problems = []

        def problem(kind: str, detail: str) -> None:
            problems.append(Problem(row.id, row.trainee, row.scenario_id, kind, detail))

        if self.key is not None:
            if not row.signature:
                problem(UNSIGNED, "no signature, so it cannot be trusted (recorded without the signing key, "
                                  "or the signature was removed)")
            elif not row_signature_valid(self.key, row, decisions):
                problem(BAD_SIGNATURE, "the signature does not match the record (changed after it was signed, "
                                       "or signed with another key)")
        scenario = self.scenarios.get(row.scenario_id)
        if scenario is None:
            problem(SCENARIO_MISSING, f"scenario '{row.scenario_id}' is not in the library; its scores cannot be "
                                      "re-checked")
        elif scenario.content_hash != row.scenario_hash:
            problem(SCENARIO_CHANGED, f"scenario '{row.scenario_id}' has changed since this call (recorded "
                                      f"against {row.scenario_hash[:12]}, the file is now "
                                      f"{scenario.content_hash[:12]}); its scores cannot be re-checked")
        else:
            replayed = self.replay(scenario, decisions, row)
            if replayed.error:
                problem(BAD_DECISIONS, f"its decisions do not re-play: {replayed.error}")
            else:
                diff = differences(row, replayed)
                if diff:
                    problem(EDITED, "the stored result does not match its decisions: " + "; ".join(diff[:3])
                            + (f" (+{len(diff) - 3} more)" if len(diff) > 3 else ""))
        return problems


@dataclass
class VerifyReport:
    """The outcome of verifying a whole store."""

    checked: int
    problems: list[Problem]
    signatures_checked: bool
    seconds: float
    replays: int

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        signatures = "signatures checked" if self.signatures_checked else \
            "signatures not checked (set ARDOJO_SIGNING_KEY to check them)"
        calls = f"{self.checked:,} completed call{'' if self.checked == 1 else 's'}"
        timing = f"in {self.seconds:.2f} s"
        if self.checked >= 1000 and self.seconds > 0:
            timing += f" ({self.checked / self.seconds:,.0f} calls/s)"
        if self.ok:
            return f"verify: ok: {calls} re-played {timing}, all match; {signatures}"
        counts = {kind: sum(p.kind == kind for p in self.problems) for kind in KINDS}
        kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        noun = "problem" if len(self.problems) == 1 else "problems"
        return f"verify: FAILED: {len(self.problems):,} {noun} in {calls} ({kinds}) {timing}; {signatures}"


def verify_store(store: RecordStore, scenarios: Mapping[str, Scenario], key: bytes | None = None,
                 memo: bool = True) -> VerifyReport:
    """Verify every completed call in `store` against `scenarios` (decisions read in one pass)."""
    start = time.perf_counter()
    decisions = store.all_decisions()
    verifier = Verifier(scenarios, key, memo)
    problems: list[Problem] = []
    checked = 0
    for row in store.calls(status="completed"):
        checked += 1
        problems.extend(verifier.check(row, decisions.get(row.id, ())))
    return VerifyReport(checked, problems, key is not None, time.perf_counter() - start, verifier.replays)
