"""The window and its scene stack: events go to the top scene, results go to the Director, modal
scenes are drawn over the scene below them, a resize lays every scene out again."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Protocol

import pygame

from game.ui.pygame.context import UI
from game.ui.pygame.scene import OpenSettings, Scene
from game.ui.pygame.self_voice import SelfVoicing, typing
from game.ui.pygame.theme import MIN_SIZE

FPS = 60
#: After anything changes (an event, a new screen, the voice starting or stopping), frames are drawn
#: for this long so short animations finish; after that only a scene's animation or tick redraws.
SETTLE_SECONDS = 0.6
#: How long an idle window sleeps before looking for events and polling the voice again (the most
#: an idle window adds to the time a key takes to show).
IDLE_POLL_MS = 25


class Director(Protocol):
    def handle(self, app: "App", scene: Scene, result: object) -> None: ...
    def quit(self, app: "App") -> None: ...


class App:
    """Owns the stack; `step(dt)` runs one frame (events, update, draw, flip)."""

    def __init__(self, ui: UI, director: Director, window: pygame.Surface) -> None:
        self.ui = ui
        self.director = director
        self.window = window
        self.canvas = window
        self.scale = 1.0
        self.stack: list[Scene] = []
        self.running = True
        self.frames = 0
        self.draws = 0
        self._settle_until = 0.0
        self._last_tick: int | None = None
        self._seen: tuple = ()
        self.after_first_frame: Callable[["App"], None] | None = None
        self._dim: pygame.Surface | None = None
        #: The interface read aloud (V or Settings); scenes reach it as `ui.self_voice`.
        self.self_voice = SelfVoicing(ui)
        ui.self_voice = self.self_voice  # type: ignore[attr-defined]
        self._swallow_v = False
        pygame.key.set_repeat(400, 40)
        self._fit()

    def _fit(self) -> None:
        """Scenes draw on a canvas at least MIN_SIZE big; a smaller window shows it scaled down evenly,
        so nothing is ever cut off."""
        w, h = self._fitted = self.window.get_size()
        self.scale = min(1.0, w / MIN_SIZE[0], h / MIN_SIZE[1])
        if self.scale < 1.0:
            size = (max(MIN_SIZE[0], round(w / self.scale)), max(MIN_SIZE[1], round(h / self.scale)))
            self.canvas = pygame.Surface(size).convert() if pygame.display.get_surface() else pygame.Surface(size)
        else:
            self.canvas = self.window
        self.ui.pointer_scale = self.scale
        self.ui.resize(self.canvas.get_size())

    # -- the stack ------------------------------------------------------------------------------
    @property
    def top(self) -> Scene:
        return self.stack[-1]

    def push(self, scene: Scene) -> Scene:
        scene.layout(self.canvas.get_rect())
        self.stack.append(scene)
        return scene

    def pop(self) -> Scene | None:
        scene = self.stack.pop() if self.stack else None
        if scene is not None:
            scene.close()
        return scene

    def replace(self, scene: Scene) -> Scene:
        self.pop()
        return self.push(scene)

    def reset(self, scenes: list[Scene]) -> None:
        while self.stack:
            self.pop()
        for scene in scenes:
            self.push(scene)

    def relayout(self) -> None:
        self._dim = None
        self.self_voice.relayout()
        for scene in self.stack:
            scene.layout(self.canvas.get_rect())

    def resize(self, size: tuple[int, int]) -> None:
        """Lay everything out for a new window size (called on resize events, or by tests)."""
        if self.window.get_size() != tuple(size):
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._fit()
        self.relayout()

    # -- a frame --------------------------------------------------------------------------------
    def dispatch(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.director.quit(self)
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            surface = pygame.display.get_surface()
            if surface is not None and (surface is not self.window or surface.get_size() != self._fitted):
                self.window = surface
                self._fit()
                self.relayout()
            return
        if not self.stack:
            return
        if self.scale < 1.0 and event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            x, y = event.pos
            event = pygame.event.Event(event.type, {**event.dict, "pos": (round(x / self.scale), round(y / self.scale))})
        top = self.top
        if event.type == pygame.TEXTINPUT and self._swallow_v and event.text in ("v", "V"):
            self._swallow_v = False  # the letter of the V that toggled self-voicing
            return
        self._swallow_v = False
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F2 and top.name != "settings":
            self.director.handle(self, top, OpenSettings())
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_v and top.name != "settings" and \
                not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_GUI) and not typing(top):
            self.self_voice.toggle()  # the settings screen handles V itself (its row shows the change)
            self._swallow_v = True
        else:
            top.handle_event(event)
        self.drain()

    def drain(self) -> None:
        """Hand every scene's results to the Director (results may change the stack)."""
        for _ in range(8):
            pending = [(scene, result) for scene in list(self.stack) for result in scene.take_results()]
            if not pending:
                return
            for scene, result in pending:
                self.director.handle(self, scene, result)

    def update(self, dt: float) -> None:
        self.ui.time += dt
        self.ui.voice.update()
        if self.stack:
            self.top.update(dt)
            self.drain()
        self.self_voice.update(self.top if self.stack else None, started=self.frames >= 1)

    def draw(self) -> None:
        if not self.stack:
            return
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].modal:
            first -= 1
        for i in range(first, len(self.stack)):
            if i > first:
                self.canvas.blit(self._dim_layer(), (0, 0))
            self.stack[i].draw(self.canvas)
        if self.canvas is not self.window:
            pygame.transform.smoothscale(self.canvas, self.window.get_size(), self.window)

    def _dim_layer(self) -> pygame.Surface:
        if self._dim is None or self._dim.get_size() != self.canvas.get_size():
            self._dim = pygame.Surface(self.canvas.get_size(), pygame.SRCALPHA)
            self._dim.fill(self.ui.p.dim)
        return self._dim

    def mark_dirty(self) -> None:
        """Something changed: draw frames for the next SETTLE_SECONDS."""
        self._settle_until = self.ui.time + SETTLE_SECONDS

    def _state(self) -> tuple:
        """What, when it changes, needs a redraw though no event came: the stack and the voice."""
        voice = self.ui.voice
        speaking = getattr(voice, "is_speaking", None)
        return (tuple(id(s) for s in self.stack), self.canvas.get_size(), getattr(voice, "available", False),
                getattr(voice, "status", ""), bool(speaking()) if callable(speaking) else False, self.ui.notice,
                self.self_voice.status)

    def needs_frame(self) -> bool:
        """True when the screen may look different from the last frame drawn."""
        if self.frames == 0 or self.ui.time < self._settle_until:
            return True
        scenes = self.stack
        if any(s.animating() for s in scenes):
            return True
        ticks = [s.tick_seconds() for s in scenes]
        ticks = [t for t in ticks if t]
        if ticks:
            tick = int(self.ui.time / min(ticks))
            if tick != self._last_tick:
                self._last_tick = tick
                return True
        return False

    def needs_frame_soon(self) -> bool:
        """True while frames must come at the full rate (settling or animating)."""
        return self.ui.time < self._settle_until or any(s.animating() for s in self.stack)

    def step(self, dt: float) -> bool:
        """One frame: events, update, and a draw and flip only when something changed. False once the
        game should close."""
        events = pygame.event.get()
        for event in events:
            self.dispatch(event)
            if not self.running:
                return False
        if events:
            self.mark_dirty()
        self.update(dt)
        state = self._state()
        if state != self._seen:
            self._seen = state
            self.mark_dirty()
        if self.needs_frame():
            self.draw()
            pygame.display.flip()
            self.draws += 1
        self.frames += 1
        if self.frames == 1 and self.after_first_frame is not None:
            self.after_first_frame(self)
        return self.running

    def wait(self, clock: pygame.time.Clock) -> float:
        """Pace the loop: 60 frames a second while animating, else sleep until an event (or the next
        voice poll); returns the seconds since the last frame (at most 0.1)."""
        if self.needs_frame_soon():
            return min(0.1, clock.tick(FPS) / 1000)
        time.sleep(IDLE_POLL_MS / 1000)  # SDL's own event wait polls every millisecond: dearer
        return min(0.1, clock.tick() / 1000)

    def run(self) -> int:
        clock = pygame.time.Clock()
        dt = 0.0
        try:
            while self.step(dt):
                dt = self.wait(clock)
        finally:
            self.self_voice.shutdown()
        return 0

    def screenshot(self, path: Path) -> Path:
        """Save what is on screen now as a PNG."""
        self.draw()
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.window, str(path))
        return path
