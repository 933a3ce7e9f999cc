"""The game's link to the records and the engine: who is signed in, their scores and program progress,
starting, saving, resuming and finishing calls. Scenes never touch the store; the Director does,
through this."""

from __future__ import annotations

from dataclasses import dataclass

from game.content.library import Library
from game.content.model import Scenario
from game.engine.call import Call, CallError, draw_seed
from game.engine.debrief import Debrief, build_debrief
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.suggest import suggest_next
from game.engine.verdict import decide
from game.engine.wrapup import WrapUp, WrapUpReview, review_wrapup
from game.records import recall_rows
from game.records.abandon import sweep
from game.records.grading import LOCKED, OPEN, PASSED, Progress, marks_for, program_for_call, trainee_progress
from game.content.program_model import Program
from game.records.signing import finish_call, signing_key
from game.records.store import BadName, CallRow, RecordStore


class NotOnRoster(BadName):
    """A name typed at sign-in that the program's roster does not list."""


def roster_refusal(name: str, program: Program) -> str:
    """Why `name` cannot sign in to `program`, in one line for the trainee."""
    shown = " ".join(name.split())[:60]
    return (f"'{shown}' is not on the roster of {program.title}; pick your name from the list, or ask your "
            "manager to add you to the program")


@dataclass(frozen=True, slots=True)
class CardStatus:
    """What a scenario card shows about the signed-in trainee."""

    attempts: int
    best: int | None
    passed: bool
    locked: bool = False
    notes: tuple[str, ...] = ()  # about the program, longest first (the card shows the first that fits)


@dataclass(frozen=True, slots=True)
class RecentCall:
    """A completed call as the select screen lists it."""

    when: str
    title: str
    overall: int
    passed: bool


@dataclass
class LiveCall:
    """A call being played, with its id in the records and whether it counts for the program."""

    call: Call
    call_id: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Unfinished:
    row: CallRow
    scenario: Scenario | None
    decisions: int


class Session:
    """One sitting at the game: the library, the records and the trainee signed in."""

    def __init__(self, library: Library, store: RecordStore, program: Program | None = None,
                 in_order: bool = False) -> None:
        self.library = library
        self.store = store
        self.program = program
        self.in_order = in_order  # an author's preview: replies in file order, never for a program
        self.trainee = ""
        self._compiled: dict[str, CompiledScenario] = {}

    # -- trainee --------------------------------------------------------------------------------
    @property
    def has_roster(self) -> bool:
        """Whether the program names its trainees (sign-in then picks from the roster)."""
        return self.program is not None and bool(self.program.roster)

    def known_trainees(self) -> list[str]:
        """The names offered at sign-in: the program's roster when it has one, else the trainees so far."""
        if self.has_roster:
            return [member.name for member in self.program.roster]
        return self.store.trainees()

    def sign_in(self, name: str) -> str:
        """Sign in as `name` (created on first use, normalised; a name with control characters or bidi
        overrides, or one that looks like another trainee's, raises BadName); returns the name as stored.
        With a roster, only its members may sign in (NotOnRoster, a BadName), under the roster's spelling."""
        if self.has_roster:
            member = self.program.member(name)
            if member is None:
                raise NotOnRoster(roster_refusal(name, self.program))
            name = member.name
        self.trainee = self.store.sign_in(name)  # BadName: refused (see game/records/names.py)
        sweep(self.store, {self.program.id: self.program} if self.program is not None else None)
        return self.trainee

    def progress(self) -> Progress | None:
        if self.program is None or not self.trainee:
            return None
        return trainee_progress(self.store, self.program, self.library.scenarios, self.trainee)

    def statuses(self) -> dict[str, CardStatus]:
        """Per scenario: attempts, best overall score and passed. Passed is the stored verdict of the
        trainee's calls; for a scenario of the program, it is the program's grading (which reads the
        stored verdicts of the calls that count), so a card never disagrees with the progress bar."""
        best: dict[str, int] = {}
        passed: set[str] = set()
        attempts: dict[str, int] = {}
        for row in self.store.calls(trainee=self.trainee, status="completed"):
            attempts[row.scenario_id] = attempts.get(row.scenario_id, 0) + 1
            if row.overall is not None:
                best[row.scenario_id] = max(best.get(row.scenario_id, 0), row.overall)
            if row.passed:
                passed.add(row.scenario_id)
        progress = self.progress()
        out = {}
        for sid in self.library.scenarios:
            step = progress.step(sid) if progress else None
            locked = step is not None and step.status == LOCKED
            notes: tuple[str, ...] = ()
            if locked:
                notes = (f"Locked until you pass {', '.join(self._title(w) for w in step.waiting_for)}", "Locked")
            elif step is not None:
                used, allowed = step.attempts_used, step.step.attempts
                notes = (f"{used} of {allowed} program attempts used", f"{used}/{allowed} attempts")
            done = step.status == PASSED if step is not None else sid in passed
            out[sid] = CardStatus(attempts.get(sid, 0), best.get(sid), done, locked, notes)
        return out

    def recent(self, limit: int = 5) -> list[RecentCall]:
        """The trainee's latest completed calls, newest first."""
        rows = [r for r in self.store.calls(trainee=self.trainee, status="completed") if r.overall is not None]
        out = []
        for row in reversed(rows[-limit:]):
            scenario = self.library.scenarios.get(row.scenario_id)
            when = (row.ended_at or row.started_at)[:16].replace("T", " ")
            out.append(RecentCall(when, scenario.title if scenario else row.scenario_id, row.overall, bool(row.passed)))
        return out

    def _title(self, scenario_id: str) -> str:
        scenario = self.library.scenarios.get(scenario_id)
        return scenario.title.split(":")[0] if scenario else scenario_id

    # -- calls ----------------------------------------------------------------------------------
    def compiled(self, scenario: Scenario) -> CompiledScenario:
        if scenario.id not in self._compiled:
            self._compiled[scenario.id] = compile_scenario(scenario)
        return self._compiled[scenario.id]

    def unfinished(self) -> list[Unfinished]:
        """The trainee's calls left in progress, newest first."""
        rows = reversed(self.store.unfinished_calls(self.trainee)) if self.trainee else []
        return [Unfinished(r, self.library.scenarios.get(r.scenario_id), len(self.store.decisions(r.id)))
                for r in rows]

    def resume(self, item: Unfinished) -> tuple[LiveCall | None, str]:
        """Rebuild an unfinished call; on failure the call is closed and the reason returned."""
        if item.scenario is None:
            self.store.abandon_call(item.row.id)
            return None, f"The scenario '{item.row.scenario_id}' is no longer in the library; that call was closed."
        if not self.store.claim(item.row.id):
            return None, "That call has just been taken up in another window; it stays there."
        try:
            call = Call.resume(self.compiled(item.scenario), item.row.state(self.store.decisions(item.row.id)))
        except CallError as exc:
            self.store.abandon_call(item.row.id)
            return None, f"That call cannot resume: {exc}. It was closed."
        problem = recall_rows.resume_problem(self.store.conn, item.row.id, item.scenario, call)
        if problem:  # recall mode: the stored words must still be taken as the stored reply
            call.close()
            self.store.abandon_call(item.row.id)
            return None, f"That call cannot resume: {problem}. It was closed."
        return LiveCall(call, item.row.id), ""

    def discard(self, item: Unfinished) -> None:
        self.store.abandon_call(item.row.id)

    def note_for(self, scenario: Scenario) -> str:
        """Whether a call on `scenario` would count for the program, in one line ("" without one)."""
        progress = self.progress()
        return program_for_call(progress, scenario.id)[1] if progress is not None else ""

    def start(self, scenario: Scenario) -> LiveCall:
        """Start and record a new call (counted for the program when it may count)."""
        program_id, note = None, ""
        progress = None if self.in_order else self.progress()
        if progress is not None:
            program_id, note = program_for_call(progress, scenario.id)
        call = Call(self.compiled(scenario), None if self.in_order else draw_seed())
        return LiveCall(call, self.store.start_call(self.trainee, scenario, program_id, seed=call.seed), note)

    def record(self, live: LiveCall) -> None:
        """Save the latest decision (called after every choice)."""
        self.store.record_step(live.call_id, live.call)

    def review(self, live: LiveCall, written: WrapUp) -> WrapUpReview:
        scenario = live.call.scenario
        return review_wrapup(scenario, live.call.node, scenario.account.call_date(), written)

    def counted_program(self, call_id: str) -> Program | None:
        """The program the stored call counts for (None: practice)."""
        row = self.store.call(call_id)
        if self.program is not None and row is not None and row.program_id == self.program.id:
            return self.program
        return None

    def finish(self, live: LiveCall, written: WrapUp) -> Debrief:
        """Score the call and its log, decide the one verdict with the marks in force (the program's when
        the call counts for it, else the scenario's), record it all (signed when a key is set) and build
        the debrief from that verdict."""
        call = live.call
        review = self.review(live, written)
        result = call.score()
        marks = marks_for(self.counted_program(live.call_id), call.scenario)
        verdict = decide(result, review, marks, self.library.rule_titles())
        log = {**written.to_dict(), "score": review.score, "passed": review.passed,
               "contradictions": [c.item for c in review.contradictions]}
        finish_call(self.store, live.call_id, call, result, verdict, log, key=signing_key())
        return build_debrief(call, self.library.rulebook, review, verdict)

    def marks_label(self, debrief: Debrief) -> str:
        """Whose marks the call was judged by, in words."""
        source = debrief.verdict.marks.source
        if source.startswith("program:"):
            pid = source.split(":", 1)[1]
            title = self.program.title if self.program is not None and self.program.id == pid else pid
            return f"the marks of {title}"
        return "this scenario's own marks"

    def suggestion(self, debrief: Debrief) -> Scenario | None:
        """The next scenario to play: with a program, its next open step in the program's order (the
        same call again while it is still open); otherwise, or once the program has none open, the one
        that best exercises the rules to practise."""
        progress = self.progress()
        if progress is not None:
            step = next((s for s in progress.steps if s.status == OPEN and s.step.scenario_id in
                         self.library.scenarios), None)
            if step is not None:
                return self.library.scenarios[step.step.scenario_id]
        passed = {sid for sid, s in self.statuses().items() if s.passed or s.locked}
        weak = [item.rule.id for item in debrief.practice]
        return suggest_next(self.library.scenarios, weak, passed, debrief.scenario_id)
