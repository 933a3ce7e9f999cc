"""Interactive widgets: buttons, a text field, a focus group for keyboard and mouse, a scroll pane."""

from __future__ import annotations

from typing import Callable, Sequence

import pygame

from game.ui.pygame import draw
from game.ui.pygame.context import UI

ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class Widget:
    """Something with a rect that can take keyboard focus."""

    focusable = True

    def __init__(self, action: str, rect: pygame.Rect | None = None, enabled: bool = True) -> None:
        self.action = action
        self.rect = rect or pygame.Rect(0, 0, 0, 0)
        self.enabled = enabled

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        raise NotImplementedError

    def spoken(self) -> str:
        """What self-voicing says when this widget takes the focus ("": game.ui.pygame.self_voice
        describes it from what it holds)."""
        return ""


class Button(Widget):
    """A labelled button; `variant` is primary, secondary, ghost or topbar. `hint` shows a keycap."""

    def __init__(self, action: str, label: str, variant: str = "secondary", hint: str = "",
                 rect: pygame.Rect | None = None, enabled: bool = True, selected: bool = False, icon: str = "") -> None:
        super().__init__(action, rect, enabled)
        self.label = label
        self.icon = icon
        self.variant = variant
        self.hint = hint
        self.selected = selected

    def icon_size(self, ui: UI) -> int:
        return ui.text.font("body_b").get_height() if self.icon else 0

    def spoken(self) -> str:
        """The label, and whether it is the chosen one of a row (a filter chip)."""
        return self.label + (", selected" if self.selected else "")

    def natural_width(self, ui: UI) -> int:
        width = ui.text.width(self.label, "body_b") + ui.m.sp(4)
        if self.icon:
            width += self.icon_size(ui) + ui.m.sp(1)
        if self.hint:
            width += draw.key_hint_width(ui, self.hint) + ui.m.sp(1)
        return width

    @staticmethod
    def natural_height(ui: UI) -> int:
        return ui.text.font("body_b").get_height() + ui.m.sp(2)

    def colors(self, ui: UI, hovered: bool) -> tuple:
        p = ui.p
        if not self.enabled:
            return p.surface_alt, p.muted, p.border
        if self.variant == "primary":
            return p.accent, p.on_accent, p.accent
        if self.variant == "topbar":
            return (p.topbar if not hovered else tuple(min(255, c + 22) for c in p.topbar)), p.on_topbar, \
                p.topbar_muted
        if self.selected:
            return p.accent_soft, p.accent, p.accent
        return (p.accent_soft if hovered else p.surface), p.text if self.variant != "ghost" else p.accent, p.border

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        bg, fg, border = self.colors(ui, hovered)
        radius = ui.m.radius
        pygame.draw.rect(surface, bg, self.rect, border_radius=radius)
        if self.variant != "primary" or not self.enabled:
            pygame.draw.rect(surface, border, self.rect, 1, border_radius=radius)
        if hovered and self.variant == "primary" and self.enabled:
            pygame.draw.rect(surface, ui.p.on_accent, self.rect.inflate(-4, -4), 1, border_radius=radius - 1)
        icon = ui.icons.get(self.icon, self.icon_size(ui), fg) if self.icon else None
        icon_w = icon.get_width() + ui.m.sp(1) if icon else 0
        hint_w = draw.key_hint_width(ui, self.hint) + ui.m.sp(1) if self.hint else 0
        room = self.rect.width - ui.m.sp(2) - icon_w - hint_w
        shown = ui.text.fit(self.label, "body_b", room)
        label = ui.text.line(shown, "body_b", fg)
        ui.text.record(self.label, shown, room, label.get_rect(center=self.rect.center), surface=surface)
        x = self.rect.centerx - (icon_w + label.get_width() + hint_w) // 2
        if icon:
            surface.blit(icon, icon.get_rect(midleft=(x, self.rect.centery)))
            x += icon_w
        surface.blit(label, label.get_rect(midleft=(x, self.rect.centery)))
        if self.hint:
            draw.key_hint(surface, ui, self.hint, (x + label.get_width() + ui.m.sp(1), self.rect.centery),
                          fg=fg, border=fg)
        if focused:
            draw.focus_ring(surface, ui, self.rect)


class TextField(Widget):
    """A one-line text input fed by TEXTINPUT events; `allow` filters characters."""

    def __init__(self, action: str, text: str = "", placeholder: str = "", max_len: int = 40,
                 allow: Callable[[str], bool] | None = None, rect: pygame.Rect | None = None) -> None:
        super().__init__(action, rect)
        self.text = text
        self.placeholder = placeholder
        self.max_len = max_len
        self.allow = allow or (lambda ch: ch.isprintable())
        self.error = ""

    def handle(self, event: pygame.event.Event) -> bool:
        """Edit on typing and Backspace; returns True when the event was used."""
        if event.type == pygame.TEXTINPUT:
            added = "".join(ch for ch in event.text if self.allow(ch))
            self.text = (self.text + added)[: self.max_len]
            self.error = ""
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            if event.mod & pygame.KMOD_CTRL:
                self.text = self.text.rstrip().rsplit(" ", 1)[0] if " " in self.text.strip() else ""
            else:
                self.text = self.text[:-1]
            self.error = ""
            return True
        return False

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        p = ui.p
        pygame.draw.rect(surface, p.surface if self.enabled else p.surface_alt, self.rect, border_radius=ui.m.radius)
        edge = p.bad if self.error else (p.accent if focused else p.border)
        pygame.draw.rect(surface, edge, self.rect, 2 if focused or self.error else 1, border_radius=ui.m.radius)
        pad = ui.m.sp(1.5)
        room = self.rect.width - pad * 2
        if self.text:
            shown = self.text
            while len(shown) > 1 and ui.text.width(shown, "body") > room:
                shown = shown[1:]
            surf = ui.text.line(shown, "body", p.text if self.enabled else p.muted)
        else:
            surf = ui.text.line(ui.text.fit(self.placeholder, "body", room), "body", p.muted)
        pos = surf.get_rect(midleft=(self.rect.left + pad, self.rect.centery))
        surface.blit(surf, pos)
        if focused and self.enabled and int(ui.time * 2) % 2 == 0:
            x = pos.right + 1 if self.text else pos.left
            pygame.draw.line(surface, p.text, (x, pos.top + 2), (x, pos.bottom - 2), 2)
        if focused:
            draw.focus_ring(surface, ui, self.rect)


class FocusGroup:
    """Keyboard focus and mouse hover over a list of widgets.

    `handle(event)` returns (used, activated): Tab / Shift+Tab move focus, Enter or Space activate
    the focused widget, a click activates the widget under the pointer.
    """

    def __init__(self, widgets: Sequence[Widget] = ()) -> None:
        self.widgets: list[Widget] = list(widgets)
        self.index = 0
        self.hover: Widget | None = None
        self.tab_moves = True

    def set(self, widgets: Sequence[Widget], keep: bool = True) -> None:
        """Replace the widgets, keeping focus on the same action when it is still there."""
        old = self.focused.action if keep and self.focused else None
        self.widgets = list(widgets)
        self.index = 0
        if old is not None:
            self.focus_action(old)
        self._skip_disabled(1)

    @property
    def focused(self) -> Widget | None:
        return self.widgets[self.index] if 0 <= self.index < len(self.widgets) else None

    def focus_action(self, action: str) -> bool:
        for i, w in enumerate(self.widgets):
            if w.action == action and w.enabled:
                self.index = i
                return True
        return False

    def move(self, step: int) -> None:
        if self.widgets:
            self.index = (self.index + step) % len(self.widgets)
            self._skip_disabled(step)

    def _skip_disabled(self, step: int) -> None:
        for _ in range(len(self.widgets)):
            w = self.focused
            if w is None or (w.enabled and w.focusable):
                return
            self.index = (self.index + (1 if step >= 0 else -1)) % len(self.widgets)

    def at(self, pos: tuple[int, int]) -> Widget | None:
        return next((w for w in self.widgets if w.enabled and w.rect.collidepoint(pos)), None)

    def handle(self, event: pygame.event.Event) -> tuple[bool, Widget | None]:
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.at(event.pos)
            return False, None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            widget = self.at(event.pos)
            if widget is not None:
                self.index = self.widgets.index(widget)
                return True, widget
            return False, None
        if event.type != pygame.KEYDOWN:
            return False, None
        if event.key == pygame.K_TAB and self.tab_moves:
            self.move(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True, None
        if event.key in ACTIVATE_KEYS and self.focused is not None and self.focused.enabled:
            if event.key == pygame.K_SPACE and isinstance(self.focused, TextField):
                return False, None
            return True, self.focused
        return False, None

    def draw(self, surface: pygame.Surface, ui: UI) -> None:
        focused = self.focused
        for w in self.widgets:
            w.draw(surface, ui, w is focused, w is self.hover)


class ScrollPane:
    """A viewport over tall content, scrolled smoothly by wheel and keys: a pre-rendered surface
    (`set_content`) or a document drawn a view at a time (`set_doc`: no tall surface to render when the
    screen opens, so opening a long brief or debrief does not hold up a frame)."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.content: pygame.Surface | None = None
        self.doc = None
        self.fill: tuple[int, int, int] = (0, 0, 0)
        self.offset = 0.0
        self.target = 0.0

    @property
    def content_height(self) -> int:
        if self.doc is not None:
            return self.doc.full_height()
        return self.content.get_height() if self.content else 0

    @property
    def max_offset(self) -> int:
        return max(0, self.content_height - self.rect.height)

    def set_doc(self, doc, fill: tuple[int, int, int], keep: bool = True) -> None:
        """Show a `Doc` (game.ui.pygame.doc), drawn on `fill` a view at a time."""
        self.doc, self.fill, self.content = doc, fill, None
        if not keep:
            self.offset = self.target = 0.0
        self.target = min(self.target, self.max_offset)
        self.offset = min(self.offset, self.max_offset)

    def set_content(self, content: pygame.Surface, keep: bool = True) -> None:
        self.content = content
        self.doc = None
        if not keep:
            self.offset = self.target = 0.0
        self.target = min(self.target, self.max_offset)
        self.offset = min(self.offset, self.max_offset)

    def scroll_to(self, y: float, instant: bool = False) -> None:
        self.target = max(0.0, min(float(self.max_offset), y))
        if instant:
            self.offset = self.target

    def scroll_by(self, dy: float) -> None:
        self.scroll_to(self.target + dy)

    def handle_key(self, key: int, line: int) -> bool:
        """Up/Down, PageUp/PageDown, Home/End; returns True when used."""
        page = max(line, self.rect.height - line * 2)
        moves = {pygame.K_UP: -line, pygame.K_DOWN: line, pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page}
        if key in moves:
            self.scroll_by(moves[key])
        elif key == pygame.K_HOME:
            self.scroll_to(0)
        elif key == pygame.K_END:
            self.scroll_to(self.max_offset)
        else:
            return False
        return True

    def handle_wheel(self, event: pygame.event.Event, line: int) -> bool:
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * line * 3)
            return True
        return False

    @property
    def moving(self) -> bool:
        """True while a smooth scroll is under way."""
        return self.offset != self.target

    def update(self, dt: float) -> None:
        delta = self.target - self.offset
        self.offset = self.target if abs(delta) < 0.5 else self.offset + delta * min(1.0, dt * 14)

    def draw(self, surface: pygame.Surface, ui: UI) -> None:
        if self.doc is not None:
            top = round(self.offset)
            clip = surface.get_clip()
            surface.set_clip(self.rect.clip(clip))
            surface.fill(self.fill, self.rect)
            self.doc.draw_window(surface, self.rect.left, self.rect.top - top, top, top + self.rect.height)
            surface.set_clip(clip)
        elif self.content is not None:
            area = pygame.Rect(0, round(self.offset), self.rect.width, self.rect.height)
            surface.blit(self.content, self.rect.topleft, area)
        else:
            return
        total = self.content_height
        if total > self.rect.height:
            track = pygame.Rect(self.rect.right - 6, self.rect.top + 2, 4, self.rect.height - 4)
            pygame.draw.rect(surface, ui.p.track, track, border_radius=2)
            thumb_h = max(24, track.height * self.rect.height // total)
            thumb_y = track.top + (track.height - thumb_h) * self.offset / max(1, self.max_offset)
            pygame.draw.rect(surface, ui.p.muted, (track.left, round(thumb_y), 4, thumb_h), border_radius=2)
