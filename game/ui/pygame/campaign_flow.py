"""The campaign in the window: worklist → brief → call → call log → debrief → worklist, day after day,
then the week report. The screens are the game's own (brief, call, wrap-up, debrief); this director
drives a `game.campaign.week.Week` with what they return and saves the week after every call."""

from __future__ import annotations

from typing import Callable, Sequence

from game.campaign.report import build_report
from game.campaign.state import WeekError
from game.campaign.week import Week
from game.engine.debrief import build_debrief
from game.records.store import BadName, RecordsError
from game.ui.pygame.app import App
from game.ui.pygame.context import UI
from game.ui.pygame.flow import handle_common
from game.ui.pygame.scene import Back, Scene
from game.ui.pygame.scenes.brief import BriefScene, Dial
from game.ui.pygame.scenes.call import CallOver, CallScene, LeaveCall, PeekBrief
from game.ui.pygame.scenes.debrief import DebriefScene, PlayNext, Replay
from game.ui.pygame.scenes.dialog import Chosen, DialogScene
from game.ui.pygame.scenes.signin import SignedIn, SignInScene
from game.ui.pygame.scenes.week_report import WeekReportScene
from game.ui.pygame.scenes.worklist import CallAccount, EndDay, WorklistScene
from game.ui.pygame.scenes.wrapup import WrapUpDone, WrapUpScene


class CampaignDirector:
    """Owns the week and the screen flow of a campaign. `begin(name)` signs the trainee in and returns
    (week, save, done): `save(week, result)` runs after every call and every ended day, `done(week)` when
    the week is over (the command keeps the records there)."""

    def __init__(self, ui: UI, begin: Callable, rulebook, known: Sequence[str] = (), trainee: str | None = None,
                 ring: bool = True) -> None:
        self.ui = ui
        self.begin = begin
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
            self.week, self.save, self.done, self.trainee = self.begin(name)
        except (BadName, WeekError) as exc:
            app.reset([SignInScene(self.ui, self.known, notice=f"That name cannot be used: {exc}.")])
            return
        app.reset([self._worklist()])

    def quit(self, app: App) -> None:
        app.running = False

    def _worklist(self) -> Scene:
        if self.week.finished:
            return WeekReportScene(self.ui, build_report(self.week), self.titles, self.trainee)
        return WorklistScene(self.ui, self.week, self.trainee)

    def _notice(self, app: App, title: str, message: str) -> None:
        app.push(DialogScene(self.ui, "notice", title, message, [("ok", "OK", "primary")], cancel="ok"))

    def handle(self, app: App, scene: Scene, result: object) -> None:
        try:
            self._handle(app, scene, result)
        except RecordsError as exc:
            self._notice(app, "The records could not be saved", f"{exc}. Nothing already saved was lost.")

    def _handle(self, app: App, scene: Scene, result: object) -> None:
        week = self.week
        if handle_common(app, self.ui, result):
            return
        if isinstance(result, SignedIn):
            self._signed_in(app, result.name)
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
            app.replace(CallScene(self.ui, self.call, self.trainee, ring=self.ring))
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
