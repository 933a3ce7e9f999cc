"""Screen 4, the call: the client's portrait, name and meters on the left; the transcript and 2–4
replies on the right, in the order this call shows them (`Call.shown`: drawn per call from its seed,
so the best reply is not always in the same place). Keys 1–4 and clicks pick by place on screen,
arrows + Enter too; Tab shows the brief; H (or the History button; Ctrl+H while typing a reply) shows
everything said so far (game/ui/pygame/scenes/history.py, whole after a resume too). The client's line is
the live caption and is spoken, and so are their reaction when cut off and their goodbye, one after the
other (game/ui/pygame/scenes/call_voice.py). In recall mode (settings: "Answer in my own words", or a
program step with `recall: true`) a text box replaces the replies and F3 held talks
(game/ui/pygame/scenes/call_recall.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.engine.call import Call, Step
from game.engine.closing import closing_exchange
from game.engine.manners import pace_of
from game.engine.recall_cost import MAX_UNCLEAR
from game.ui.pygame import draw
from game.ui.pygame.chrome import TopBar, body_rect
from game.ui.pygame.context import UI
from game.ui.pygame.meters import Meter
from game.ui.pygame.scene import Scene
from game.ui.pygame.scenes.call_draw import draw_call, help_height
from game.ui.pygame.scenes.call_recall import RecallInput, recordings_folder
from game.ui.pygame.scenes.call_voice import ClientVoice, Line, beat_seconds
from game.ui.pygame.scenes.history import HistoryPanel, changes, conversation, turn_entries
from game.ui.pygame.transcript import CLIENT, NOTE, YOU, Entry, Transcript
from game.ui.pygame.widgets import Button, Widget

RING_SECONDS = 1.8
NUMBER_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2, pygame.K_4: 3,
               pygame.K_KP1: 0, pygame.K_KP2: 1, pygame.K_KP3: 2, pygame.K_KP4: 3}


@dataclass(frozen=True, slots=True)
class Decided:
    """A choice was taken (save it now)."""
    step: Step


@dataclass(frozen=True, slots=True)
class PeekBrief:
    """Tab: show the account brief over the call."""


@dataclass(frozen=True, slots=True)
class LeaveCall:
    """Esc during the call."""


@dataclass(frozen=True, slots=True)
class CallOver:
    """The call has ended and the trainee moves on to document it."""


_changes = changes  # a manners cost in words (kept under its old name)


class ChoiceButton(Widget):
    """A reply: its number key and the wrapped words. `index` is its place on screen (0-based), which
    is what the number key picks; `choice_id` names the reply itself."""

    def __init__(self, index: int, say: str, choice_id: str = "") -> None:
        super().__init__(f"choice:{index}")
        self.index = index
        self.say = say
        self.choice_id = choice_id

    def measure(self, ui: UI, width: int) -> int:
        badge, offset = self._badge(ui)
        return ui.m.sp(1.25) * 2 + max(badge, offset + ui.text.block_height(self.say, "body", self._text_width(ui, width)))

    @staticmethod
    def _badge(ui: UI) -> tuple[int, int]:
        """The number badge's size, and how far the text starts below its top (first line centred on it)."""
        size = round(ui.m.body * 1.6)
        return size, max(0, (size - ui.text.font("body").get_height()) // 2)

    @staticmethod
    def _text_width(ui: UI, width: int) -> int:
        return width - ui.m.sp(2) * 2 - round(ui.m.body * 1.6) - ui.m.sp(1.5)

    def draw(self, surface: pygame.Surface, ui: UI, focused: bool, hovered: bool) -> None:
        m, p, r = ui.m, ui.p, self.rect
        fill = p.accent_soft if focused or hovered else p.surface
        pygame.draw.rect(surface, fill, r, border_radius=m.radius)
        pygame.draw.rect(surface, p.accent if focused else p.border, r, 2 if focused else 1, border_radius=m.radius)
        size, offset = self._badge(ui)
        badge = pygame.Rect(r.left + m.sp(2), r.top + m.sp(1.25), size, size)
        pygame.draw.rect(surface, p.accent if focused else p.surface, badge, border_radius=m.radius // 2 + 2)
        pygame.draw.rect(surface, p.accent, badge, 1, border_radius=m.radius // 2 + 2)
        draw.text(surface, ui, str(self.index + 1), "small_b", p.on_accent if focused else p.accent, badge.center,
                  "center")
        block = ui.text.block(self.say, "body", p.text, self._text_width(ui, r.width))
        surface.blit(block, (badge.right + m.sp(1.5), badge.top + offset))
        if focused:
            draw.focus_ring(surface, ui, r)


class CallScene(Scene):
    name = "call"
    step = "Call"

    def __init__(self, ui: UI, call: Call, trainee: str = "", resumed: bool = False, ring: bool = True,
                 timed: bool = True, recall: bool = False) -> None:
        super().__init__(ui)
        self.call = call
        self.recall = RecallInput(self, recordings=recordings_folder() if ui.settings.keep_recordings else None) \
            if recall or ui.settings.recall else None
        persona = call.scenario.persona
        self.first_name = persona.name.split()[0]
        self.top = TopBar(ui, self.step, trainee)
        self.transcript = Transcript(ui)
        self.meters = [Meter(name, value) for name, value in call.meters.items()]
        self.choices: list[ChoiceButton] = []
        self.brief_button = Button("brief", "Account brief", hint="Tab")
        self.history_button = Button("history", "History", "ghost", hint="H")
        self.history = HistoryPanel(ui)
        self.lines = ClientVoice(ui, persona.voice, self.transcript.add)  # the client's lines, in order
        self._eat_text = ""  # the H that closed the history types nothing
        self.document = Button("document", "Document the call", "primary", hint="Enter")
        self.ringing = RING_SECONDS if ring and not resumed and not call.steps else 0.0
        self.elapsed = call.elapsed  # the call timer is engine state: a resumed call's clock continues
        self.timed = timed  # report waiting and interrupting to the engine (game/engine/manners.py)
        self.waited = 0.0  # seconds since the client's current line finished
        self.connected = not self.ringing
        self.left = self.right = self.talk = self.replies = pygame.Rect(0, 0, 0, 0)
        self.resp_scroll = 0
        for step in call.steps:  # a resumed (or replayed) call: what was said, from the engine's record
            for entry in turn_entries(call, step):
                self.transcript.add(entry)
        if resumed:
            self.transcript.add(Entry(NOTE, f"Call resumed after decision {len(call.steps)}"))
        if self.ringing:
            ui.play("ring", loops=-1)
        else:
            self._client_speaks()

    # -- conversation ---------------------------------------------------------------------------
    def _client_speaks(self, lead: tuple[Line, ...] = ()) -> None:
        """Show the current client line as the caption and speak it (after the `lead` lines: a reaction),
        then the closing exchange of an ending (the client's goodbye spoken too); prefetch the likely next
        lines. Without a voice every caption shows at once and only the node's line goes to the voice."""
        scenario, node = self.call.scenario, self.call.node
        name = scenario.persona.name
        self.waited = 0.0
        lines = [*lead, Line(node.client, f"{scenario.id}/{node.id}", (Entry(CLIENT, node.client, name),), True)]
        if self.call.ended:
            closing = closing_exchange(scenario, node)
            ended = Entry(NOTE, "Call ended")
            lines.append(Line("", entries=(Entry(YOU, closing.caller, "You"),) + (() if closing.client else (ended,)),
                              hold=beat_seconds(closing.caller)))
            if closing.client:
                lines.append(Line(closing.client, f"{scenario.id}/{node.id}/goodbye",
                                  (Entry(CLIENT, closing.client, name), ended)))
        self.lines.say(lines)
        self._prefetch()

    def _prefetch(self) -> None:
        """The lines that may come next: the next nodes' lines, the goodbyes of the endings a reply can
        reach, the reaction to being cut off, the hang-up."""
        scenario, voice = self.call.scenario, self.call.scenario.persona.voice
        if self.call.ended:  # the goodbye, to be ready when the caller's closing line has been said
            goodbye = closing_exchange(scenario, self.call.node).client
            if goodbye:
                self.ui.voice.prefetch([(goodbye, voice)])
            return
        ahead = []
        for choice in self.call.shown:
            for target in dict.fromkeys(choice.targets):
                ahead.append((scenario.node(target).client, voice))
        if self.timed:
            ahead.append((pace_of(scenario).interrupt_say, voice))
        if scenario.hang_up_to:
            ahead.append((scenario.node(scenario.hang_up_to).client, voice))
        for choice in self.call.shown:
            for target in dict.fromkeys(choice.targets):
                if scenario.node(target).is_ending:
                    goodbye = closing_exchange(scenario, scenario.node(target)).client
                    if goodbye:
                        ahead.append((goodbye, voice))
        if ahead:
            self.ui.voice.prefetch(list(dict.fromkeys(ahead)))

    def choose(self, position: int) -> None:
        """Take the reply shown at `position` (0-based, top to bottom) on screen."""
        if self.ringing or self.call.ended or not 0 <= position < len(self.call.shown):
            return
        if self.recall is not None:
            if self.recall.picking:  # recall mode: a fallback pick (typing time is not charged as waiting)
                self.after_step(self.recall.pick(position))
            return  # otherwise the replies are hidden
        interrupted = self.timed and self._client_talking()
        step = self.call.choose_shown(position, self.waited if self.timed else None, interrupted,
                                      elapsed=self.elapsed)
        self.after_step(step)

    def after_step(self, step: Step, echo: bool = True) -> None:
        """A decision was taken (picked, or matched from the trainee's words): save it, show it, go on."""
        self.emit(Decided(step))
        self.lines.cancel(flush=True)  # whatever the client had still to say shows now (captions off)
        hung_up = (Entry(NOTE, f"{self.first_name} hung up"),) if step.hung_up else ()
        lead: tuple[Line, ...] = ()
        if echo and step.interrupted:  # the line is cut, and the client says so (spoken, then their next line)
            self.ui.voice.cancel()
            self.transcript.add(Entry(YOU, step.choice.say, "You"))
            reaction = pace_of(self.call.scenario).interrupt_say
            lead = (Line(reaction, f"{self.call.scenario.id}/interrupted",
                         (Entry(CLIENT, reaction, self.call.scenario.persona.name),
                          Entry(NOTE, f"You cut {self.first_name} off ({_changes(step.cost)})"), *hung_up)),)
            hung_up = ()
        elif echo:
            self.transcript.add(Entry(YOU, step.choice.say, "You"))
            if step.cost and not step.unclear:  # a fallback's cost is the "what do you mean" rounds
                self.transcript.add(Entry(NOTE, f"{self.first_name} was kept waiting ({_changes(step.cost)})"))
        for entry in hung_up:
            self.transcript.add(entry)
        for meter in self.meters:
            meter.set(self.call.meters[meter.name])
        self._client_speaks(lead)
        self._build_replies()

    def connect(self) -> None:
        """Stop ringing: the client picks up."""
        if not self.connected:
            self.connected = True
            self.ringing = 0.0
            self.ui.stop("ring")
            self.ui.play("pick-up")
            self.transcript.add(Entry(NOTE, f"Connected to {self.call.scenario.persona.company}"))
            self._client_speaks()
            self._build_replies()

    # -- layout ---------------------------------------------------------------------------------
    def build(self) -> None:
        ui, m = self.ui, self.ui.m
        self.top.layout(self.rect.width)
        body = body_rect(ui, self.rect)
        left_w = max(round(m.body * 13), min(round(body.width * 0.26), round(m.body * 17)))
        gap = m.sp(2.5)
        self.left = pygame.Rect(body.left, body.top, left_w, body.height)
        self.right = pygame.Rect(self.left.right + gap, body.top, body.width - left_w - gap, body.height)
        self._build_replies()
        self.history.layout(body)

    def _build_replies(self) -> None:
        ui, m = self.ui, self.ui.m
        pad = m.sp(2)
        width = self.right.width
        head = ui.text.line_height("small_b") + m.sp(1)
        if self.call.ended or self.ringing:
            self.choices = []
            h = Button.natural_height(ui)
            need = head + h + pad
        elif self.recall is not None and not self.recall.picking:
            self.choices = []
            need = head + self.recall.height() + pad
        else:
            self.choices = [ChoiceButton(i, c.say, c.id) for i, c in enumerate(self.call.shown)]
            heights = [c.measure(ui, width) for c in self.choices]
            need = head + sum(heights) + m.sp(1) * (len(heights) - 1) + pad
        cap = round(self.right.height * 0.62)
        area_h = min(need, cap)
        self.replies = pygame.Rect(self.right.left, self.right.bottom - area_h, width, area_h)
        self.talk = pygame.Rect(self.right.left, self.right.top, width, self.replies.top - self.right.top - m.sp(2))
        self._place_history_button()
        inner = self.talk.inflate(-m.sp(3), -m.sp(2))
        inner.height -= self.history_button.rect.bottom + m.sp(0.5) - inner.top
        inner.top = self.history_button.rect.bottom + m.sp(0.5)
        self.transcript.set_rect(inner)
        y = self.replies.top + head
        for c, h in zip(self.choices, heights if self.choices else []):
            c.rect = pygame.Rect(self.replies.left, y, width, h)
            y += h + m.sp(1)
        self.document.rect = pygame.Rect(0, 0, max(self.document.natural_width(ui), width // 3),
                                         Button.natural_height(ui))
        self.document.rect.topright = (self.replies.right, self.replies.top + head)
        self.document.enabled = self.call.ended
        self._place_left()
        typing = self.recall is not None and not self.recall.picking and not self.call.ended
        if typing:
            self.recall.place(pygame.Rect(self.replies.left, self.replies.top + head, width, 0))
        widgets: list[Widget] = list(self.choices) if self.choices else ([self.document] if self.call.ended else
                                                                        [self.recall.box] if typing else [])
        self.focus.set([*widgets, self.brief_button, self.history_button, self.top.settings], keep=False)
        self.focus.tab_moves = False
        if self.choices or self.ringing:
            self.focus.index = -1  # no reply highlighted until the arrows are used: no hint of a "right" one
        elif typing:
            self.focus.index = 0  # the text box has the keyboard
        self.resp_scroll = 0

    def _place_history_button(self) -> None:
        """The History button, at the top right of the conversation panel (its hint: the key that opens it)."""
        ui, m = self.ui, self.ui.m
        self.history_button.hint = "Ctrl+H" if self._typing() else "H"
        h = Button.natural_height(ui) - m.sp(0.5)
        w = min(self.history_button.natural_width(ui), self.talk.width - m.sp(2))
        self.history_button.rect = pygame.Rect(0, 0, w, h)
        self.history_button.rect.topright = (self.talk.right - m.sp(1), self.talk.top + m.sp(1))

    def _typing(self) -> bool:
        """Recall mode's text box has the keys (plain letters type)."""
        return self.recall is not None and not self.recall.picking and not self.call.ended

    # -- history --------------------------------------------------------------------------------
    def open_history(self) -> None:
        """Show everything said so far on this call, from the engine's record (whole after a resume)."""
        attempts = tuple(self.recall.turn.attempts) if self.recall is not None else ()
        entries = conversation(self.call, self.connected, attempts, len(attempts) >= MAX_UNCLEAR)
        self.history.layout(body_rect(self.ui, self.rect))
        self.history.open(entries)

    def rebuild_replies(self) -> None:
        """Lay the reply area out again (recall: the replies appear for a fallback pick)."""
        self._build_replies()

    def _place_left(self) -> None:
        ui, m = self.ui, self.ui.m
        w = self.left.width - m.sp(4)
        self.brief_button.rect = pygame.Rect(self.left.left + m.sp(2), 0, w, Button.natural_height(ui))
        self.brief_button.rect.bottom = self.left.bottom - m.sp(2) - help_height(self, w) - m.sp(1.5)

    # -- input ----------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        if self.history.is_open:
            self.history.handle(event)
            if not self.history.is_open and event.type == pygame.KEYDOWN and event.key == pygame.K_h:
                self._eat_text = "h"
            return True
        if event.type == pygame.TEXTINPUT and self._eat_text:
            eat, self._eat_text = self._eat_text, ""
            if event.text.lower() == eat:
                return True
        elif event.type == pygame.KEYDOWN:
            self._eat_text = ""
        if self.ringing and event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN) and \
                getattr(event, "key", None) not in (pygame.K_ESCAPE, pygame.K_TAB):
            self.connect()
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB:
                self.emit(PeekBrief())
                return True
            if event.key == pygame.K_ESCAPE:
                self.emit(LeaveCall())
                return True
            if event.key == pygame.K_h and (not self._typing() or event.mod & pygame.KMOD_CTRL):
                self.open_history()
                return True
        if self.recall is not None and not self.recall.picking and not self.call.ended and \
                event.type in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT) and self.recall.handle(event):
            return True
        if event.type == pygame.KEYDOWN:
            if event.key in NUMBER_KEYS and self.choices:
                self.choose(NUMBER_KEYS[event.key])
                return True
            if event.key in (pygame.K_UP, pygame.K_DOWN) and self.choices:
                focused = self.focus.focused
                down = event.key == pygame.K_DOWN
                if focused in self.choices:
                    i = (self.choices.index(focused) + (1 if down else -1)) % len(self.choices)
                else:
                    i = 0 if down else len(self.choices) - 1
                self.focus.focus_action(self.choices[i].action)
                self._keep_choice_visible()
                return True
        if event.type == pygame.MOUSEWHEEL:
            if self.replies.collidepoint(self.ui.mouse_pos()) and self.resp_overflow():
                step = self.ui.text.line_height("body") * 2
                self.resp_scroll = max(0, min(self.resp_overflow(), self.resp_scroll - event.y * step))
            else:
                self.transcript.handle(event)
            return True
        if self.transcript.handle(event):
            return True
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN) and self.resp_scroll and \
                self.replies.collidepoint(event.pos):
            event = pygame.event.Event(event.type, {**event.dict, "pos": (event.pos[0], event.pos[1] + self.resp_scroll)})
        return super().handle_event(event)

    def resp_overflow(self) -> int:
        return max(0, (self.choices[-1].rect.bottom if self.choices else 0) - self.replies.bottom)

    def _keep_choice_visible(self) -> None:
        focused = self.focus.focused
        if focused in self.choices:
            if focused.rect.bottom - self.resp_scroll > self.replies.bottom:
                self.resp_scroll = focused.rect.bottom - self.replies.bottom
            head = self.replies.top + self.ui.text.line_height("small_b") + self.ui.m.sp(1)
            if focused.rect.top - self.resp_scroll < head:
                self.resp_scroll = max(0, focused.rect.top - head)

    def on_action(self, action: str) -> None:
        if action.startswith("choice:"):
            self.choose(int(action.split(":")[1]))
        elif action == "brief":
            self.emit(PeekBrief())
        elif action == "history":
            self.open_history()
        elif action == "document":
            self.ui.play("busy" if self.call.steps and self.call.steps[-1].hung_up else "hang-up")
            self.emit(CallOver())
        else:
            super().on_action(action)

    def close(self) -> None:
        self.ui.stop("ring")
        self.lines.cancel(flush=False)
        self.ui.voice.cancel()
        if self.recall is not None:
            self.recall.close()

    def update(self, dt: float) -> None:
        if self.ringing:
            self.ringing = max(0.0, self.ringing - dt)
            if not self.ringing:
                self.connect()
        elif not self.call.ended:
            self.elapsed += dt  # the call goes on while the history is read: the client is waiting
            if not self._client_talking() and not self._replies_read_aloud():
                self.waited += dt
        self.lines.update(dt)
        for meter in self.meters:
            meter.update(dt)
        self.transcript.update(dt)
        self.history.update(dt)

    def _replies_read_aloud(self) -> bool:
        """Self-voicing is reading this turn's replies: the client is not kept waiting by the reading."""
        voicing = getattr(self.ui, "self_voice", None)
        return bool(voicing is not None and voicing.reading_replies())

    def _client_talking(self) -> bool:
        """The client is still speaking: a line playing, or their next line to come after a reaction."""
        return self.lines.live() and self.lines.talking()

    def animating(self) -> bool:
        """Ringing, a meter or the transcript moving, or the voice speaking (its icon moves)."""
        voice = self.ui.voice
        speaking = voice.available and self.ui.settings.voice_enabled and voice.is_speaking()
        return bool(self.ringing) or speaking or self.transcript.moving or self.history.moving or \
            self.lines.changed or any(m.moving for m in self.meters)

    def tick_seconds(self) -> float | None:
        """The call clock shows seconds."""
        return None if self.call.ended else 1.0

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface) -> None:
        self.lines.changed = False
        draw_call(self, surface)
        self.history.draw(surface)

    def regions(self) -> list[pygame.Rect]:
        shown = [self.history.rect, self.history.close_button.rect] if self.history.is_open else []
        return [self.left, self.talk, self.replies, self.brief_button.rect, self.history_button.rect,
                self.top.settings.rect, *shown]

