"""The scene contract: every screen draws, handles input and hands results on; it never reaches into
another scene. `App` owns the stack, `Director` turns results into the next scene."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui.pygame.context import UI
from game.ui.pygame.widgets import FocusGroup, TextField


@dataclass(frozen=True, slots=True)
class Back:
    """Esc: leave this screen."""


@dataclass(frozen=True, slots=True)
class OpenSettings:
    """F2 or the settings button."""


@dataclass(frozen=True, slots=True)
class Quit:
    """Close the game."""


class Scene:
    """Base class: focus handling by `FocusGroup`, results queued by `emit` and read by the App."""

    #: Drawn over the scene below it (dialogs, settings, the brief during a call).
    modal = False
    #: Which step of a session this screen is, for the top bar's stepper ("" = none).
    step = ""
    name = "scene"

    def __init__(self, ui: UI) -> None:
        self.ui = ui
        self.focus = FocusGroup()
        self.rect = pygame.Rect(0, 0, 1, 1)
        self._results: list[object] = []

    # -- the contract ---------------------------------------------------------------------------
    def layout(self, rect: pygame.Rect) -> None:
        """Recompute every rect for a window area (first show, resize, text size change)."""
        self.rect = rect.copy()
        self.build()

    def build(self) -> None:
        """Subclasses place their widgets here, from `self.rect` and `self.ui.metrics`."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """Handle one event; True when it was used. The default: focus keys, clicks, Esc = Back."""
        used, widget = self.focus.handle(event)
        if widget is not None:
            self.on_action(widget.action)
            return True
        if used:
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.emit(Back())
            return True
        return False

    def spoken_title(self) -> str:
        """What self-voicing says on entering this screen ("": game.ui.pygame.self_voice names it)."""
        return ""

    def on_action(self, action: str) -> None:
        """A widget was activated (click, Enter or Space)."""
        if action == "settings":
            self.emit(OpenSettings())

    def update(self, dt: float) -> None:
        """Advance animations by `dt` seconds."""

    def animating(self) -> bool:
        """True while something moves on this screen (frames must keep coming)."""
        return False

    def tick_seconds(self) -> float | None:
        """How often this screen changes by itself (a clock, a blinking caret), or None."""
        return 0.5 if isinstance(self.focus.focused, TextField) else None

    def close(self) -> None:
        """The scene left the stack for good (stop its sounds)."""

    def draw(self, surface: pygame.Surface) -> None:
        raise NotImplementedError

    # -- results --------------------------------------------------------------------------------
    def emit(self, result: object) -> None:
        self._results.append(result)

    def take_results(self) -> list[object]:
        out, self._results = self._results, []
        return out

    def regions(self) -> list[pygame.Rect]:
        """Rects that must be fully inside the window (checked by the layout tests)."""
        return [w.rect for w in self.focus.widgets]
