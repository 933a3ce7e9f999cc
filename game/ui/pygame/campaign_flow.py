"""The campaign in the window: worklist → brief → call → call log → debrief → worklist, day after day,
then the week report. The screens are the game's own (brief, call, wrap-up, debrief); this director
drives a `game.campaign.week.Week` with what they return and saves the week after every call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from game.campaign.report import build_report
from game.campaign.state import WeekError
from game.campaign.week import Week
from game.engine.debrief import build_debrief
from game.records.store import BadName
from game.ui.pygame.app import App
from game.ui.pygame.context import UI
from game.ui.pygame.flow import Director, handle_common
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.scenes.brief import BriefScene, Dial
from game.ui.pygame.scenes.call import CallOver, CallScene, Decided, LeaveCall, PeekBrief
from game.ui.pygame.scenes.debrief import DebriefScene, PlayNext, Replay
from game.ui.pygame.scenes.dialog import Chosen, DialogScene
from game.ui.pygame.scenes.signin import SignedIn, SignInScene
from game.ui.pygame.scenes.week_report import WeekReportScene
from game.ui.pygame.scenes.worklist import CallAccount, EndDay, WorklistScene
from game.ui.pygame.scenes.wrapup import WrapUpDone, WrapUpScene


@dataclass(frozen=True, slots=True)
class WeekOffer:
    """An unfinished week the trainee may resume: `key` is handed back to `begin(name, key)`."""

    key: object
    title: str
    day: int
    calls: int
    seed: int
    started: str


class CampaignDirector:
    """Owns the week and the screen flow of a campaign. `begin(name)` signs the trainee in and returns
    (week, save, done, name) for a new week; `begin(name, offer.key)` the same for an unfinished week
    replayed from the records (offered at sign-in when `unfinished(name)` lists one). `save(week, result)`
    runs after every call and every ended day, `done(week)` when the week is over (the command keeps the
    records there). A `save` with `call_started(call)` and
    `call_step(call)` (game.records.campaigns.WeekRecorder) also records each call as it is played."""

    def __init__(self, ui: UI, begin: Callable, rulebook, known: Sequence[str] = (), trainee: str | None = None,
                 ring: bool = True, unfinished: Callable[[str], list[WeekOffer]] | None = None) -> None:
        self.ui = ui
        self.begin = begin
        self.unfinished = unfinished  # name -> the trainee's unfinished weeks, newest first (offered to resume)
        self.offer: tuple[str, WeekOffer] | None = None
        self.rulebook = rulebook
        self.known = list(known)
        self.trainee = trainee or ""
        self.ring = ring
        self.week: Week | None = None
        self.save: Callable = lambda week, result: None
        self.done: Callable = lambda week: None
        self.call = None
        self.account: str | None = None
        self.titles = {r.id: r.title for r in rulebook.rules.values()} if rulebook else {}

    def start(self, app: App) -> None:
        if self.trainee:
            self._signed_in(app, self.trainee)
        else:
            app.reset([SignInScene(self.ui, self.known)])

    def _signed_in(self, app: App, name: str) -> None:
        try:
            offers = self.unfinished(name) if self.unfinished is not None else []
        except BadName as exc:
            app.reset([SignInScene(self.ui, self.known, notice=f"That name cannot be used: {exc}.")])
            return
        if not offers:
            self._begin(app, name, None)
            return
        offer = offers[0]
        self.offer = (name, offer)
        app.reset([SignInScene(self.ui, self.known)])
        app.push(DialogScene(self.ui, "resume-week", "Resume your unfinished week?",
                             f"Resume week '{offer.title}', day {offer.day}: {offer.calls} "
                             f"call{'' if offer.calls == 1 else 's'} made, seed {offer.seed}, started "
                             f"{offer.started[:16].replace('T', ' ')} UTC. Or start a new week (this one stays in "
                             "the records).",
                             [("later", "Not now", "ghost"), ("new", "Start a new week", "secondary"),
                              ("resume", "Resume the week", "primary")], cancel="later"))

    def _begin(self, app: App, name: str, offer: WeekOffer | None) -> None:
        """Open the week (a new one, or `offer` replayed from its records) and show its worklist."""
        problem = ""
        try:
            if offer is None:
                self.week, self.save, self.done, self.trainee = self.begin(name)
            else:
                try:
                    self.week, self.save, self.done, self.trainee = self.begin(name, offer.key)
                except WeekError as exc:
                    problem = f"That week cannot resume: {exc}. A new week starts instead."
                    self.week, self.save, self.done, self.trainee = self.begin(name)
        except (BadName, WeekError) as exc:
            app.reset([SignInScene(self.ui, self.known, notice=f"That name cannot be used: {exc}.")])
            return
        app.reset([self._worklist()])
        if problem:
            self._notice(app, "A new week", problem)
        elif not self.week.finished and self.week.slots_left <= 0:
            self._handle(app, app.top, EndDay())  # saved after the day's last call, closed before its end

    def quit(self, app: App) -> None:
        app.running = False

    def _worklist(self) -> Scene:
        if self.week.finished:
            return WeekReportScene(self.ui, build_report(self.week), self.titles, self.trainee)
        return WorklistScene(self.ui, self.week, self.trainee)

    #: The game flow's own notice dialog and records-error guard (`handle` runs `_handle` below and turns a
    #: RecordsError into a notice), shared rather than copied (game/ui/pygame/flow.py).
    _notice = Director._notice
    handle = Director.handle

    def _saved(self) -> None:
        """After each result (`Director.handle`): the campaign's recorder writes its saves itself."""

    def _handle(self, app: App, scene: Scene, result: object) -> None:
        week = self.week
        if handle_common(app, self.ui, result):
            return
        if isinstance(result, SignedIn):
            self._signed_in(app, result.name)
            return
        if isinstance(result, Chosen) and result.tag == "resume-week" and self.offer is not None:
            app.pop()
            (name, offer), self.offer = self.offer, None
            if result.action in ("resume", "new"):
                self._begin(app, name, offer if result.action == "resume" else None)
            return
        if week is None:
            if isinstance(result, Back):
                app.running = False
            return
        if isinstance(result, CallAccount):
            self.account = result.account_id
            scenario, notes = week.next_scenario(result.account_id)
            note = " ".join([f"Campaign day {week.day}, {week.today:%A %d %B}: date your call log from today."]
                            + notes)
            app.push(BriefScene(self.ui, scenario, self.trainee, note))
        elif isinstance(result, Dial) and self.account is not None:
            self.call = week.start_call(self.account)
            getattr(self.save, "call_started", lambda call: None)(self.call)  # recorded like `play` (WeekRecorder)
            app.replace(CallScene(self.ui, self.call, self.trainee, ring=self.ring))
        elif isinstance(result, Decided) and self.call is not None:
            getattr(self.save, "call_step", lambda call: None)(self.call)
        elif isinstance(result, PeekBrief) and self.call is not None:
            app.push(BriefScene(self.ui, self.call.scenario, self.trainee, peek=True))
        elif isinstance(result, CallOver) and self.call is not None:
            wrap = WrapUpScene(self.ui, self.call.scenario, self.call.node.client, self.trainee)
            wrap.call_date = week.today  # the campaign day, not the scenario's statement date
            app.replace(wrap)
        elif isinstance(result, WrapUpDone) and self.call is not None:
            outcome = week.finish_call(self.call, result.wrapup)
            self.save(week, outcome)
            debrief = build_debrief(self.call, self.rulebook, outcome.review, outcome.verdict)
            self.call = None
            app.replace(DebriefScene(self.ui, debrief, None, self.trainee, self.rulebook, "this scenario's own marks"))
            if outcome.lapse:
                self._notice(app, "Follow-up dated too late", f"Your diary: {outcome.lapse}. It counts as a "
                             f"missed follow-up. Rule: {self.titles.get('do-follow-up-on-time', 'do-follow-up-on-time')}.")
        elif isinstance(result, (Replay, PlayNext)) or (isinstance(result, Back) and isinstance(scene, DebriefScene)):
            self._after_call(app)
        elif isinstance(result, EndDay):
            record = week.end_day()
            self.save(week, None)
            if week.finished:
                self.done(week)
            app.reset([self._worklist()])
            wanted = ", ".join(record.wanted) or "nobody"
            self._notice(app, f"End of day {record.day}: prioritisation {record.score}/100",
                         f"The priority matrix called first: {wanted}. "
                         f"Rule: {self.titles.get('do-prioritize-by-matrix', 'do-prioritize-by-matrix')}.")
        elif isinstance(result, LeaveCall):
            self._notice(app, "Finish the call", "In a campaign every call is played to its end.")
        elif isinstance(result, Chosen):
            app.pop()
        elif isinstance(result, Back):
            if isinstance(scene, WeekReportScene):
                app.running = False
            elif isinstance(scene, (WorklistScene, CallScene, WrapUpScene)):
                return  # the week goes on: end the day or finish the call
            else:
                app.pop()

    def _after_call(self, app: App) -> None:
        if self.week.slots_left <= 0:
            self._handle(app, app.top, EndDay())
        else:
            app.reset([self._worklist()])
