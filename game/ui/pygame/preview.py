"""`ardojo play --watch FILE` in the window: play a scenario while writing it.

The window goes straight to the call (trainee "Preview") and polls a `ScenarioWatcher` every frame
(it throttles itself). A valid save swaps in the call carried over to the new version, with a banner
saying how many decisions were kept; a broken save puts the problems (file:line:col lines) on screen
over the frozen call until a valid save. Preview calls are practice on a draft: nothing is recorded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.authoring.watch import Reload, Resumed, ScenarioWatcher, carry_over  # noqa: E402
from game.engine.call import Call, Decision  # noqa: E402
from game.engine.debrief import build_debrief  # noqa: E402
from game.engine.machine import compile_scenario  # noqa: E402
from game.engine.wrapup import review_wrapup  # noqa: E402
from game.ui.pygame import draw  # noqa: E402
from game.ui.pygame.app import App  # noqa: E402
from game.ui.pygame.context import UI  # noqa: E402
from game.ui.pygame.flow import handle_common  # noqa: E402
from game.ui.pygame.run import play_window  # noqa: E402
from game.ui.pygame.scene import Back, Scene  # noqa: E402
from game.ui.pygame.scenes.brief import BriefScene  # noqa: E402
from game.ui.pygame.scenes.call import CallOver, CallScene, LeaveCall, PeekBrief  # noqa: E402
from game.ui.pygame.scenes.debrief import DebriefScene, PlayNext, Replay  # noqa: E402
from game.ui.pygame.scenes.dialog import Chosen, DialogScene  # noqa: E402
from game.ui.pygame.scenes.settings import SettingsScene  # noqa: E402
from game.ui.pygame.scenes.wrapup import WrapUpDone, WrapUpScene  # noqa: E402
from game.ui.pygame.transcript import NOTE, Entry  # noqa: E402

TRAINEE = "Preview"
#: Seconds the "Reloaded" banner stays on screen.
BANNER_SECONDS = 4.0


@dataclass(frozen=True, slots=True)
class Banner:
    """A short message shown at the top of the window until `until` (UI time)."""

    text: str
    until: float


class ProblemsScene(Scene):
    """The validation errors of the last save, over the frozen call (or alone when there is none yet)."""

    modal = True
    name = "problems"

    def __init__(self, ui: UI, shown: str, problems: list[str], alone: bool) -> None:
        super().__init__(ui)
        self.shown = shown
        self.problems = problems
        self.alone = alone
        self.card = pygame.Rect(0, 0, 0, 0)

    @property
    def title(self) -> str:
        return f"{self.shown} has problems"

    @property
    def footer(self) -> str:
        paused = "The call is paused. " if not self.alone else ""
        return f"{paused}Save the file again to continue · Esc closes the preview"

    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        width = self.rect.width - m.sp(8)
        inner = width - m.sp(6)
        need = m.sp(6) + ui.text.line_height("h2") + m.sp(1.5) + ui.text.line_height("small") + m.sp(2) + sum(
            ui.text.block_height(line, "small", inner) + m.sp(0.75) for line in self.problems or [""])
        self.card = pygame.Rect(0, 0, width, min(need, self.rect.height - m.sp(8)))
        self.card.center = self.rect.center

    def draw(self, surface: pygame.Surface) -> None:
        ui, m, p = self.ui, self.ui.m, self.ui.p
        if self.alone:
            surface.fill(p.bg)
        draw.panel(surface, ui, self.card, p.surface, p.bad, width=2)
        pad = m.sp(3)
        inner = self.card.width - 2 * pad
        x, y = self.card.left + pad, self.card.top + pad
        y = draw.text(surface, ui, self.title, "h2", p.bad, (x, y), max_width=inner).bottom + m.sp(1.5)
        footer_top = self.card.bottom - pad - ui.text.line_height("small")
        for line in self.problems or ["the file could not be read"]:
            height = ui.text.block_height(line, "small", inner)
            if y + height > footer_top - m.sp(1):
                draw.text(surface, ui, "…", "small", p.muted, (x, y))
                break
            surface.blit(ui.text.block(line, "small", p.text, inner), (x, y))
            y += height + m.sp(0.75)
        draw.text(surface, ui, self.footer, "small", p.muted, (x, footer_top), max_width=inner)

    def regions(self) -> list[pygame.Rect]:
        return [self.card]


class PreviewDirector:
    """The screen flow of the preview: the call, its wrap-up and debrief, reloads and problems."""

    def __init__(self, ui: UI, watcher: ScenarioWatcher) -> None:
        self.ui = ui
        self.watcher = watcher
        self.shown = watcher.path.name
        self.current: Reload | None = None
        self.call: Call | None = None  # the call in progress (or being documented); None after the debrief
        self.banner: Banner | None = None
        self.resumed: Resumed | None = None  # the last carry-over, for the banner and tests

    # -- reloads --------------------------------------------------------------------------------
    def start(self, app: App) -> None:
        self._apply(app, self.watcher.load(), first=True)

    def tick(self, app: App) -> None:
        """Called every frame: reload when the watched files were saved."""
        update = self.watcher.poll()
        if update is not None:
            self._apply(app, update)

    def _apply(self, app: App, update: Reload, first: bool = False) -> None:
        if not update.ok:
            self.banner = None
            while len(app.stack) > 1 or (app.stack and isinstance(app.top, ProblemsScene)):
                app.pop()  # keep only the frozen call (or wrap-up, or debrief) under the problems
            app.push(ProblemsScene(self.ui, self.shown, update.problems, alone=not app.stack))
            return
        decisions: list[Decision] = list(self.call.state.decisions) if self.call is not None else []
        before = self.call.scenario if self.call is not None else None
        seed = self.call.seed if self.call is not None else None
        if self.call is not None:
            self.call.close()
        self.current = update
        assert update.scenario is not None  # ok
        resumed = carry_over(compile_scenario(update.scenario), decisions, before, seed)
        self.resumed = resumed
        if first:
            text = ""
        elif resumed.restarted:
            text = f"Reloaded {self.shown}: restarted"
        else:
            text = f"Reloaded {self.shown}: kept {resumed.kept} decision{'s' if resumed.kept != 1 else ''}"
        if text and resumed.changed:
            text += f" ({resumed.changed})"
        self._show_call(app, resumed.call, text)

    def _show_call(self, app: App, call: Call, banner: str = "") -> None:
        self.call = call
        if call.ended:
            scene: Scene = WrapUpScene(self.ui, call.scenario, call.node.client, TRAINEE)
        else:
            scene = CallScene(self.ui, call, TRAINEE, ring=False)
        app.reset([scene])
        if banner:
            self.banner = Banner(banner, self.ui.time + BANNER_SECONDS)
            if isinstance(scene, CallScene):
                scene.transcript.add(Entry(NOTE, banner))

    def _restart(self, app: App) -> None:
        if self.current is not None and self.current.scenario is not None:
            self._show_call(app, Call(compile_scenario(self.current.scenario)))

    # -- results --------------------------------------------------------------------------------
    def quit(self, app: App) -> None:
        app.running = False

    def handle(self, app: App, scene: Scene, result: object) -> None:
        """Turn a scene's result into the next screen; nothing is ever recorded."""
        if handle_common(app, self.ui, result):
            return
        if isinstance(result, PeekBrief) and self.call is not None:
            app.push(BriefScene(self.ui, self.call.scenario, TRAINEE, peek=True))
        elif isinstance(result, CallOver) and self.call is not None:
            app.replace(WrapUpScene(self.ui, self.call.scenario, self.call.node.client, TRAINEE))
        elif isinstance(result, WrapUpDone) and self.call is not None:
            self._debrief(app, result)
        elif isinstance(result, (Replay, PlayNext)):
            self._restart(app)
        elif isinstance(result, Chosen):
            app.pop()
            if result.tag == "close" and result.action == "close":
                app.running = False
        elif isinstance(result, Back) and isinstance(scene, DebriefScene):
            self._restart(app)
        elif isinstance(result, (LeaveCall, Back)):
            if isinstance(scene, (BriefScene, SettingsScene)):
                app.pop()
            else:
                app.push(DialogScene(self.ui, "close", "Close the preview?", "Preview calls are not recorded.",
                                     [("close", "Close", "secondary"), ("stay", "Keep previewing", "primary")],
                                     cancel="stay"))

    def _debrief(self, app: App, done: WrapUpDone) -> None:
        call, rulebook = self.call, self.current.rulebook if self.current else None
        assert call is not None
        scenario = call.scenario
        review = review_wrapup(scenario, call.node, scenario.account.call_date(), done.wrapup)
        self.call = None
        app.replace(DebriefScene(self.ui, build_debrief(call, rulebook, review), None, TRAINEE, rulebook))


class PreviewApp(App):
    """The App with the watcher polled every frame and the reload banner drawn over everything."""

    director: PreviewDirector

    def update(self, dt: float) -> None:
        self.director.tick(self)
        super().update(dt)

    def needs_frame_soon(self) -> bool:
        banner = self.director.banner
        return super().needs_frame_soon() or (banner is not None and self.ui.time <= banner.until + 0.1)

    def needs_frame(self) -> bool:
        return self.needs_frame_soon() or super().needs_frame()

    def draw(self) -> None:
        super().draw()
        banner = self.director.banner
        if banner is None or self.ui.time > banner.until:
            return
        ui = self.ui
        draw.chip(self.window, ui, banner.text, (self.window.get_width() // 2, ui.m.sp(1)), ui.p.on_accent,
                  ui.p.accent, anchor="midtop")


def run_preview_window(path: Path, rulebook: Path | None = None) -> int:
    """The live preview in a window until it is closed; returns the exit code."""
    return play_window(lambda ui, window: PreviewApp(ui, PreviewDirector(ui, ScenarioWatcher(path, rulebook)), window))
