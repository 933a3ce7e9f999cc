"""Verify stored calls: re-play every completed call's decisions through the engine and compare.

A record is a problem when its stored outcome or scores differ from what its decisions give (it was
edited), when its decisions cannot be re-played, when its scenario has changed since (content hash)
or left the library, when what its decisions say (the reply's text, rules, scores, meters) is not what
the scenario gives, and — with a signing key — when its signature is missing or wrong (naming the
fields changed). `verify_store` also runs SQLite's integrity check, checks each trainee's numbered list
of calls (a deleted or re-ordered call), the statements queued for the LRS and the certificates
(game/records/audit.py). It streams the records, one call at a time. Each scenario is compiled once,
and identical decision sequences are re-played once (a bounded memo): the engine is deterministic, so
the same decisions on the same scenario always give the same call.
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from game.content.model import DIMENSIONS, Scenario
from game.engine.call import Call, CallError, Decision
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore
from game.engine.verdict import Marks, decide
from game.engine.wrapup import WrapUp, review_wrapup
from game.records import recall_rows
from game.records.rows import CallRow, RecordsError
from game.records.signing import signature_problem
from game.records.store import RecordStore, stored_manners

EDITED = "edited"
BAD_DECISIONS = "bad decisions"
SCENARIO_CHANGED = "scenario changed"
SCENARIO_MISSING = "scenario missing"
UNSIGNED = "unsigned"
BAD_SIGNATURE = "bad signature"
MISSING_CALL = "missing call"
REORDERED = "re-ordered"
STATUS_CHANGED = "status changed"
CORRUPT = "corrupt"
LRS_EDITED = "edited statement"
CERTIFICATE = "certificate"
SIGNATURE_REMOVED = "signature removed"
WEEK = "week"  # a campaign week that does not match its calls or its report (game/records/week_audit.py)
CAMPAIGN_CHANGED = "campaign changed"
CAMPAIGN_MISSING = "campaign missing"
KINDS: tuple[str, ...] = (CORRUPT, EDITED, BAD_DECISIONS, BAD_SIGNATURE, SIGNATURE_REMOVED, UNSIGNED, MISSING_CALL,
                          REORDERED, STATUS_CHANGED, LRS_EDITED, CERTIFICATE, WEEK, SCENARIO_CHANGED, SCENARIO_MISSING,
                          CAMPAIGN_CHANGED, CAMPAIGN_MISSING)
#: Distinct decision sequences remembered while verifying (the memo is emptied when it is full, so memory
#: stays flat however many calls there are).
MEMO_LIMIT = 2_000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one stored call."""

    call_id: str
    trainee: str
    scenario_id: str
    kind: str
    detail: str
    order: str = ""  # sorts the report: the call's start time (trainee-wide and file-wide problems first)

    def format(self) -> str:
        from game.records.names import printable

        if self.call_id:
            about = f"call {self.call_id} ({self.trainee}, {self.scenario_id})" if self.scenario_id else \
                f"call {self.call_id} ({self.trainee})"
        elif self.trainee:
            about = f"trainee {self.trainee}"
        else:
            about = "records"
        return printable(f"{about}: {self.kind}: {self.detail}", newlines=False)


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
    #: per decision what the scenario gives, as the store writes it: (said, rules, score and meters after
    #: as JSON text, the reply's id, whether it was a top reply)
    steps: tuple[tuple, ...] = ()
    score: CallScore | None = field(default=None, compare=False)  # kept to re-decide a stored verdict


#: Re-decides pass/fail for a replayed call: (scenario, its ending node id, its score) -> passed.
VerdictOf = Callable[[Scenario, str, CallScore], bool]


def replay_decisions(compiled: CompiledScenario, decisions: Sequence[Decision],
                     verdict_of: VerdictOf | None = None) -> Replayed:
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
            call.take(decision)  # with its manners: their cost is part of the step
        if not call.ended:
            return Replayed(error=f"the decisions stop at '{call.state.node}', before the call ends")
        score = call.score()
        passed = verdict_of(compiled.scenario, call.state.node, score) if verdict_of is not None else \
            not score.critical and not score.below(compiled.scenario.pass_thresholds)
    except CallError as exc:
        return Replayed(error=str(exc))
    finally:
        call.close()
    ending = call.node.ending
    steps = tuple((s.choice.say, json.dumps(list(s.choice.cited)), json.dumps(dict(s.choice.score)),
                   json.dumps(dict(s.meters_after)), s.choice.id, int(s.scored.took_top)) for s in call.steps)
    return Replayed(call.state.node, dict(call.state.meters), ending.commitment.value if ending else None,
                    dict(score.scores), score.overall, passed, critical=tuple(e.rule for e in score.critical),
                    steps=steps, score=score)


def _same_json(stored: object, expected: str) -> bool | None:
    """Whether a stored JSON column says what `expected` says (the text first, then the value); None when
    the stored text is not JSON."""
    if stored == expected:
        return True
    try:
        return json.loads(stored) == json.loads(expected)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def decision_differences(replayed: Replayed, stored: Sequence[Sequence[object]]) -> list[str]:
    """Where the stored decisions (rows of `seq, node, choice, said, rules, score, meters, at, choice_id,
    position, top`) say something their scenario does not give: the reply's text (what the LRS receives),
    the rules it cites, its scores, the meters after it, the reply's id, whether it was a top reply."""
    out = []
    for d, (said, rules, score, meters, choice_id, top) in zip(stored, replayed.steps):
        if (d[3] == said and d[4] == rules and d[5] == score and d[6] == meters and d[8] in (None, choice_id)
                and d[10] in (None, top)):
            continue  # the common case: exactly as the store writes it
        same = {"the rules cited": _same_json(d[4], rules), "the scores": _same_json(d[5], score),
                "the meters": _same_json(d[6], meters)}
        if None in same.values():
            out.append(f"decision {d[0]} is unreadable (a JSON column is not JSON)")
            continue
        fields = [name for name, ok in (("what was said", d[3] == said), *same.items(),
                                        ("the reply's id", d[8] in (None, choice_id)),
                                        ("top reply", d[10] in (None, top))) if not ok]
        if fields:
            out.append(f"decision {d[0]}: {', '.join(fields)} not what the scenario gives")
    return out


def stored_verdict_of(row: CallRow) -> VerdictOf | None:
    """How to re-decide a stored call's verdict: its stored marks, its stored call log re-checked against
    the replayed ending. None for calls stored before verdicts were (their flag is compared as is)."""
    if not row.verdict or "marks" not in row.verdict:
        return None
    try:
        marks = Marks.from_dict(row.verdict["marks"])
        log = WrapUp.from_dict(row.wrapup) if row.wrapup and "disposition" in row.wrapup else None
        started = _dt.date.fromisoformat(row.started_at[:10])
        on = _dt.date.fromisoformat(row.wrapup["call_date"]) if log is not None and row.wrapup.get("call_date") \
            else None  # a campaign call's log was reviewed on its campaign day (game/records/campaigns.py)
    except (TypeError, ValueError, KeyError):
        return lambda scenario, node, score: not row.passed  # a malformed record never matches its own flag

    def verdict_of(scenario: Scenario, node: str, score: CallScore) -> bool:
        review = None if log is None else review_wrapup(scenario, scenario.nodes[node],
                                                        on or scenario.account.call_date(started), log)
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

    def __init__(self, scenarios: Mapping[str, Scenario], key: bytes | None = None, memo: bool = True,
                 store: RecordStore | None = None) -> None:
        self.scenarios = scenarios
        self.key = key
        self.memo = memo
        self.store = store  # reads what a v3 signature covers when `check` is not given it
        self.replays = 0
        self._compiled: dict[str, CompiledScenario] = {}
        self._seen: dict[tuple, Replayed] = {}

    def replay(self, scenario: Scenario, decisions: Sequence[Decision], row: CallRow | None = None) -> Replayed:
        """The re-play of `decisions` on `scenario`, each distinct sequence through the engine once (with
        memo); pass/fail is then re-decided for `row` from its own stored marks and call log."""
        key = (scenario.id, tuple(replace(d, at=None) for d in decisions))  # the timer never changes a replay
        found = self._seen.get(key) if self.memo else None
        if found is None:
            compiled = self._compiled.get(scenario.id)
            if compiled is None:
                compiled = self._compiled[scenario.id] = compile_scenario(scenario)
            found = replay_decisions(compiled, decisions)
            self.replays += 1
            if self.memo:
                if len(self._seen) >= MEMO_LIMIT:
                    self._seen.clear()
                self._seen[key] = found
        verdict_of = stored_verdict_of(row) if row is not None and not found.error else None
        if verdict_of is not None and found.score is not None:
            try:
                passed = verdict_of(scenario, found.node, found.score)
            except CallError as exc:
                return Replayed(error=str(exc))
            if passed != found.passed:
                found = replace(found, passed=passed)
        return found

    def check(self, row: CallRow, decisions: Sequence[Decision], stored: Sequence[Sequence[object]] | None = None,
              parts: tuple | None = None) -> list[Problem]:
        """Every problem with one stored call. Its signature is checked (with a key) whatever its status;
        a completed call is re-played. `stored` are its decisions' rows as stored (`seal.SIGNED_DECISION_COLUMNS`:
        their text is compared with the scenario's); `parts` what a v3 signature covers (read from the store
        when not given)."""
        problems = []

        def problem(kind: str, detail: str) -> None:
            problems.append(Problem(row.id, row.trainee, row.scenario_id, kind, detail, row.started_at))

        if self.key is not None:
            if not row.signature:
                if row.status == "completed":
                    problem(UNSIGNED, "no signature, so it cannot be trusted (recorded without the signing key, "
                                      "or the signature was removed)")
            else:
                if parts is None and self.store is not None and row.signature.startswith("v3:"):
                    parts = self.store.signed_parts(row.id)
                why = signature_problem(self.key, row, decisions, parts)
                if why is not None:
                    problem(STATUS_CHANGED if "status was changed" in why else BAD_SIGNATURE, why)
        if row.status != "completed":
            return problems
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
                if row.verdict is not None and stored is not None:
                    diff.extend(decision_differences(replayed, stored))
                if stored is not None:  # recall: the stored words must still be taken as the stored option
                    diff.extend(recall_rows.signed_row_problems(stored, scenario))
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
    weeks: int = 0  # campaign weeks checked against their calls (game/records/week_audit.py)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        signatures = "signatures checked" if self.signatures_checked else \
            "signatures not checked (set ARDOJO_SIGNING_KEY to check them)"
        calls = f"{self.checked:,} completed call{'' if self.checked == 1 else 's'}"
        if self.weeks:
            calls += f" and {self.weeks:,} campaign week{'' if self.weeks == 1 else 's'}"
        timing = f"in {self.seconds:.2f} s"
        if self.checked >= 1000 and self.seconds > 0:
            timing += f" ({self.checked / self.seconds:,.0f} calls/s)"
        if self.ok:
            return f"verify: ok: {calls} re-played {timing}, all match; {signatures}"
        counts = {kind: sum(p.kind == kind for p in self.problems) for kind in KINDS}
        kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        noun = "problem" if len(self.problems) == 1 else "problems"
        return f"verify: FAILED: {len(self.problems):,} {noun} in {calls} ({kinds}) {timing}; {signatures}"


def _problem_about(call_id: str, row: CallRow | None, kind: str, detail: str) -> Problem:
    if row is None:
        return Problem(call_id, "", "", kind, detail)
    return Problem(call_id, row.trainee, row.scenario_id, kind, detail, row.started_at)


def verify_store(store: RecordStore, scenarios: Mapping[str, Scenario], key: bytes | None = None,
                 memo: bool = True, integrity: bool = True, campaigns: Mapping[str, object] | None = None
                 ) -> VerifyReport:
    """Verify the whole store against `scenarios`: SQLite's integrity check (`integrity`), every call
    (streamed with its decisions: signatures, re-play of the completed ones, the decisions' text), each
    trainee's numbered list, the statements queued for the LRS and the certificates. With `campaigns`
    (id -> Campaign), each campaign week too: its saved decisions re-played, against its calls and its
    stored report (game/records/week_audit.py)."""
    from game.records import audit

    start = time.perf_counter()
    problems: list[Problem] = []
    if integrity:
        damage = store.integrity_problems(full=True)
        if damage:
            problems.append(Problem("", "", "", CORRUPT, f"{store.path} fails SQLite's integrity check: "
                                    + "; ".join(damage) + " (restore it from a backup; what can still be read is "
                                    "checked too)"))
    verifier = Verifier(scenarios, key, memo, store)
    checked = weeks = 0
    try:
        for call_id, row, parts, rows in store.audit_rows():
            if row is None:
                problems.append(Problem(call_id, "", "", MISSING_CALL, f"{len(rows)} decision(s) are stored for this "
                                        "call, but the call is not in the records (deleted?)"))
                continue
            if parts[1] is None:
                problems.append(_problem_about(call_id, row, MISSING_CALL, "its trainee is not in the records "
                                               "(the trainee's row was deleted?)"))
            checked += row.status == "completed"
            problems.extend(verifier.check(row, [recall_rows.with_recall(stored_manners(r[1], r[2], *r[11:14]),
                                                                         r[14] if len(r) > 14 else None, r[0])
                                                 for r in rows], rows,
                                           (parts, rows)))
        problems.extend(audit.chain_problems(store, key))
        problems.extend(audit.outbox_problems(store, key))
        problems.extend(audit.certificate_problems(store, scenarios, key))
        if campaigns is not None:
            from game.records.week_audit import week_problems
            problems.extend(week_problems(store, campaigns, scenarios, key))
            weeks = store.query("SELECT COUNT(*) FROM campaign_weeks")[0][0]
    except RecordsError as exc:
        problems.append(Problem("", "", "", CORRUPT, f"reading stopped: {exc}"))
    problems.sort(key=lambda p: (p.order, p.call_id))
    return VerifyReport(checked, problems, key is not None, time.perf_counter() - start, verifier.replays, weeks)
