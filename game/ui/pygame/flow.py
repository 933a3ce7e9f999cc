"""The Director: turns each scene's result into the next screen, and saves to the records through
the Session. This is the only place that knows how the screens follow one another."""

from __future__ import annotations

import game.engine.lookahead  # noqa: F401 - compiling a scenario imports it; here, not in the Dial frame
from game.records.store import BadName, RecordsError
from game.ui.pygame.app import App
from game.ui.pygame import saving
from game.ui.pygame.context import UI
from game.ui.pygame.scene import Back, OpenSettings, Quit, Scene
from game.ui.pygame.scenes.brief import BriefScene, Dial
from game.ui.pygame.scenes.call import CallOver, CallScene, Decided, LeaveCall, PeekBrief
from game.ui.pygame.scenes.debrief import DebriefScene, PlayNext, Replay
from game.ui.pygame.scenes.dialog import Chosen, DialogScene
from game.ui.pygame.scenes.select import ALL, FilterChanged, Picked, SelectScene
from game.ui.pygame.scenes.settings import SettingsChanged, SettingsScene
from game.ui.pygame.scenes.signin import SignedIn, SignInScene
from game.ui.pygame.scenes.wrapup import WrapUpDone, WrapUpScene
from game.ui.pygame.session import LiveCall, Session, Unfinished


def handle_common(app: App, ui: UI, result: object) -> bool:
    """Results every screen flow treats alike (settings, quit); True when `result` was one of them."""
    if isinstance(result, OpenSettings):
        if not any(isinstance(x, SettingsScene) for x in app.stack):
            app.push(SettingsScene(ui))
    elif isinstance(result, SettingsChanged):
        app.relayout()
    elif isinstance(result, Quit):
        app.running = False
    else:
        return False
    return True


class Director:
    """Owns the session state of the game (who is signed in, the live call) and the screen flow."""

    def __init__(self, ui: UI, session: Session, scenario_id: str | None = None, trainee: str | None = None,
                 ring: bool = True) -> None:
        self.ui = ui
        self.session = session
        self.scenario_id = scenario_id
        self.trainee = trainee
        self.ring = ring
        self.live: LiveCall | None = None
        self.filter = ALL
        self.resumable: Unfinished | None = None
        #: Saves are committed in the frame, synced to the disk by a background thread (game/ui/pygame/saving.py).
        self.saves = saving.for_store(session.store)

    def _saved(self) -> None:
        if self.saves is not None:
            self.saves.saved()

    # -- starting -------------------------------------------------------------------------------
    def start(self, app: App) -> None:
        app.reset([SignInScene(self.ui, self.session.known_trainees(), roster=self.session.has_roster)])
        if self.trainee:
            self._signed_in(app, self.trainee)
            self._saved()

    def quit(self, app: App) -> None:
        app.running = False

    def _select(self) -> SelectScene:
        s = self.session
        return SelectScene(self.ui, list(s.library.scenarios.values()), s.statuses(), s.trainee, s.progress(),
                           self.filter, s.recent())

    def _signed_in(self, app: App, name: str) -> None:
        try:
            self.session.sign_in(name)
        except BadName as exc:
            app.reset([SignInScene(self.ui, self.session.known_trainees(), roster=self.session.has_roster, notice=f"That name cannot be used: {exc}.")])
            return
        app.reset([self._select()])
        if self.scenario_id in self.session.library.scenarios:
            self._brief(app, self.scenario_id)
            self.scenario_id = None
        self._offer_resume(app)

    def _offer_resume(self, app: App) -> None:
        waiting = self.session.unfinished()
        if not waiting:
            return
        item = self.resumable = waiting[0]
        title = item.scenario.title if item.scenario else item.row.scenario_id
        when = item.row.started_at[:16].replace("T", " ")
        app.push(DialogScene(self.ui, "resume", "Resume your unfinished call?",
                             f"{title}: {item.decisions} decision{'s' if item.decisions != 1 else ''} made, "
                             f"started {when} UTC. Pick up where you left off, or close it to start afresh.",
                             [("later", "Not now", "ghost"), ("discard", "Close it", "secondary"),
                              ("resume", "Resume the call", "primary")], cancel="later"))

    def _brief(self, app: App, scenario_id: str) -> None:
        scenario = self.session.library.scenarios[scenario_id]
        app.push(BriefScene(self.ui, scenario, self.session.trainee, self.session.note_for(scenario)))

    def _call(self, app: App, live: LiveCall, resumed: bool = False) -> Scene:
        self.live = live
        if live.call.ended:
            return WrapUpScene(self.ui, live.call.scenario, live.call.node.client, self.session.trainee)
        timed = self.ui.settings.timing or self.session.counted_program(live.call_id) is not None
        counted = self.session.counted_program(live.call_id)
        step = counted.step(live.call.scenario.id) if counted is not None else None
        return CallScene(self.ui, live.call, self.session.trainee, resumed=resumed, ring=self.ring, timed=timed,
                         recall=bool(step is not None and step.recall))  # a program may require recall

    def _notice(self, app: App, title: str, message: str) -> None:
        app.push(DialogScene(self.ui, "notice", title, message, [("ok", "OK", "primary")], cancel="ok"))

    # -- results --------------------------------------------------------------------------------
    def handle(self, app: App, scene: Scene, result: object) -> None:
        try:
            self._handle(app, scene, result)
        except RecordsError as exc:
            self._notice(app, "The records could not be saved", f"{exc}. Nothing already saved was lost.")
        finally:
            self._saved()

    def _handle(self, app: App, scene: Scene, result: object) -> None:
        s = self.session
        if handle_common(app, self.ui, result):
            return
        if isinstance(result, SignedIn):
            self._signed_in(app, result.name)
        elif isinstance(result, FilterChanged):
            self.filter = result.archetype
        elif isinstance(result, Picked):
            self._brief(app, result.scenario_id)
        elif isinstance(result, Dial):
            app.replace(self._call(app, s.start(s.library.scenarios[result.scenario_id])))
        elif isinstance(result, Decided) and self.live is not None:
            s.record(self.live)
        elif isinstance(result, PeekBrief) and self.live is not None:
            app.push(BriefScene(self.ui, self.live.call.scenario, s.trainee, peek=True))
        elif isinstance(result, LeaveCall):
            app.push(DialogScene(self.ui, "leave", "Leave this call?",
                                 "Every decision so far is saved. Sign in again to resume the call where you left it.",
                                 [("leave", "Leave the call", "secondary"), ("stay", "Stay on the call", "primary")],
                                 cancel="stay"))
        elif isinstance(result, CallOver) and self.live is not None:
            call = self.live.call
            app.replace(WrapUpScene(self.ui, call.scenario, call.node.client, s.trainee))
        elif isinstance(result, WrapUpDone) and self.live is not None:
            debrief = s.finish(self.live, result.wrapup)
            self.live = None
            app.replace(DebriefScene(self.ui, debrief, s.suggestion(debrief), s.trainee, s.library.rulebook,
                                     s.marks_label(debrief)))
        elif isinstance(result, Replay):
            app.replace(self._call(app, s.start(s.library.scenarios[result.scenario_id])))
        elif isinstance(result, PlayNext):
            app.reset([self._select()])
            self._brief(app, result.scenario_id)
        elif isinstance(result, Chosen):
            self._chosen(app, result)
        elif isinstance(result, Back):
            self._back(app, scene)

    def _back(self, app: App, scene: Scene) -> None:
        if isinstance(scene, SignInScene):
            app.push(DialogScene(self.ui, "quit", "Close AR Dojo?", "Everything you did is saved.",
                                 [("stay", "Stay", "secondary"), ("quit", "Close", "primary")], cancel="stay"))
        elif isinstance(scene, SelectScene):
            self.session.trainee = ""
            app.reset([SignInScene(self.ui, self.session.known_trainees(), roster=self.session.has_roster)])
        elif isinstance(scene, WrapUpScene):
            app.push(DialogScene(self.ui, "leave", "Leave without documenting?",
                                 "The call stays open: sign in again to write its call log and see the debrief.",
                                 [("leave", "Leave", "secondary"), ("stay", "Write the call log", "primary")],
                                 cancel="stay"))
        elif isinstance(scene, DebriefScene):
            app.reset([self._select()])
        else:
            app.pop()

    def _chosen(self, app: App, result: Chosen) -> None:
        app.pop()
        if result.tag == "quit" and result.action == "quit":
            app.running = False
        elif result.tag == "leave" and result.action == "leave":
            self.live = None
            app.reset([self._select()])
        elif result.tag == "resume" and self.resumable is not None:
            item, self.resumable = self.resumable, None
            if result.action == "resume":
                live, problem = self.session.resume(item)
                if live is None:
                    self._notice(app, "That call cannot resume", problem)
                else:
                    app.push(self._call(app, live, resumed=True))
            elif result.action == "discard":
                self.session.discard(item)
                app.reset([self._select()])
                self._offer_resume(app)

