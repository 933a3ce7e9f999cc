"""The window and its scene stack: events go to the top scene, results go to the Director, modal
scenes are drawn over the scene below them, a resize lays every scene out again."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol

import pygame

from game.ui.pygame.context import UI
from game.ui.pygame.scene import OpenSettings, Scene
from game.ui.pygame.theme import MIN_SIZE

FPS = 60


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
        self.after_first_frame: Callable[["App"], None] | None = None
        self._dim: pygame.Surface | None = None
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
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F2 and top.name != "settings":
            self.director.handle(self, top, OpenSettings())
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

    def step(self, dt: float) -> bool:
        """One frame; False once the game should close."""
        for event in pygame.event.get():
            self.dispatch(event)
            if not self.running:
                return False
        self.update(dt)
        self.draw()
        pygame.display.flip()
        self.frames += 1
        if self.frames == 1 and self.after_first_frame is not None:
            self.after_first_frame(self)
        return self.running

    def run(self) -> int:
        clock = pygame.time.Clock()
        dt = 0.0
        while self.step(dt):
            dt = min(0.1, clock.tick(FPS) / 1000)
        return 0

    def screenshot(self, path: Path) -> Path:
        """Save what is on screen now as a PNG."""
        self.draw()
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.window, str(path))
        return path
