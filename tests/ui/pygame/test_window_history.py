"""The call's history panel (H): everything said so far, in order and with who said it — interruptions and
the client's reaction, waiting, recall replies with what they were taken as — scrolled by keys and wheel,
closed by Esc or H, and whole after a resume (rebuilt from the engine's record, not from what the window
saw). And the client's reaction when cut off and their goodbye are spoken, one after the other, through the
same voice port as their lines; without a voice they are captions, as before."""

from __future__ import annotations

import pygame
import pytest

from game.engine.closing import closing_exchange
from game.engine.manners import pace_of
from game.engine.recall_cost import ASK_AGAIN
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.history import conversation
from game.ui.pygame.settings import Settings
from game.ui.pygame.transcript import CLIENT, NOTE, YOU
from game.ui.pygame.voiceport import SilentVoice
from window_helpers import best_place, open_scenario, sign_in


class PlayingVoice(SilentVoice):
    """A voice with a sound card: each line plays for `frames` frames after `speak`, then ends."""

    def __init__(self, frames: int = 3) -> None:
        super().__init__("Voice ready")
        self.available = True
        self.length = frames
        self.playing = ""
        self.left = 0

    def speak(self, text, voice, key) -> None:
        super().speak(text, voice, key)
        self.playing, self.left = key, self.length

    def cancel(self) -> None:
        self.playing, self.left = "", 0

    def update(self) -> None:
        if self.left:
            self.left -= 1
            if not self.left:
                self.playing = ""

    def is_speaking(self) -> bool:
        return bool(self.playing)


def _to_call(game, name: str = "Hana") -> CallScene:
    sign_in(game, name)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)  # dial
    scene = game.top
    assert isinstance(scene, CallScene)
    return scene


def _quiet(game, scene: CallScene) -> None:
    """Let the client finish what they are saying."""
    for _ in range(40):
        if not scene._client_talking():
            return
        game.frames(1)
    raise AssertionError("the client never stopped talking")


def _play_mixed(game, scene: CallScene, voice: PlayingVoice) -> None:
    """Three decisions: one cutting the client off, one after a long silence, one on time."""
    call = scene.call
    assert scene._client_talking()
    game.key(pygame.K_1 + best_place(call))  # while the first line plays: an interruption
    assert call.steps[-1].interrupted
    _quiet(game, scene)
    game.frames(1, dt=pace_of(call.scenario).wait * 2 + 1)  # left waiting
    game.key(pygame.K_1 + best_place(call))
    assert call.steps[-1].cost and not call.steps[-1].interrupted
    _quiet(game, scene)
    game.key(pygame.K_1 + best_place(call))
    _quiet(game, scene)


def _said(entries) -> list[tuple[str, str, str]]:
    return [(e.kind, e.speaker, e.text) for e in entries]


def test_h_opens_the_history_keys_and_wheel_scroll_it_esc_and_h_close_it(game) -> None:
    voice = game.ui.voice = PlayingVoice()
    scene = _to_call(game)
    _play_mixed(game, scene, voice)
    call = scene.call
    game.key(pygame.K_h, text="h")
    history = scene.history
    assert history.is_open
    kinds = [(e.kind, e.text) for e in history.entries]
    persona = call.scenario.persona
    assert (CLIENT, call.steps[0].node.client) == kinds[0]
    assert (CLIENT, pace_of(call.scenario).interrupt_say) in kinds  # the reaction, in its place
    cut = next(i for i, k in enumerate(kinds) if k[1].startswith(f"You cut {persona.name.split()[0]} off"))
    assert kinds[cut - 1] == (CLIENT, pace_of(call.scenario).interrupt_say)
    assert kinds[cut - 2] == (YOU, call.steps[0].choice.say)
    assert any(k == NOTE and "was kept waiting" in t for k, t in kinds)
    assert kinds[-1] == (CLIENT, call.node.client)  # the line the client is on now, last
    assert all(e.speaker for e in history.entries if e.kind != NOTE)  # every line says who said it
    game.settle(0.5)
    assert history.max_offset > 0 and history.offset == history.max_offset  # opens on the latest line
    game.key(pygame.K_HOME)
    game.settle(0.5)
    assert history.offset == 0 and call.steps[0].node.client.split()[0] in " ".join(history.visible_text())
    game.key(pygame.K_DOWN)
    game.settle(0.3)
    assert history.offset > 0
    game.key(pygame.K_PAGEDOWN)
    game.settle(0.3)
    paged = history.offset
    assert paged > game.ui.text.line_height("body")
    game.key(pygame.K_PAGEUP)
    game.settle(0.3)
    assert history.offset < paged
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-2, flipped=False))
    game.settle(0.3)
    wheeled = history.offset
    assert wheeled > 0
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, flipped=False))
    game.settle(0.3)
    assert history.offset < wheeled
    game.key(pygame.K_END)
    game.settle(1.0)
    assert history.offset == history.max_offset
    steps = len(call.steps)
    game.key(pygame.K_1, text="1")  # the call underneath gets nothing while the history is open
    assert len(call.steps) == steps and history.is_open
    game.shot("4-call-history")
    game.key(pygame.K_ESCAPE)
    assert not history.is_open and game.top is scene  # Esc closed the history, not the call
    game.key(pygame.K_h, text="h")
    assert history.is_open
    game.key(pygame.K_h, text="h")
    assert not history.is_open and game.top is scene


def test_the_history_button_and_a_click_outside(game) -> None:
    scene = _to_call(game)
    assert scene.history_button.rect.width and scene.history_button in scene.focus.widgets
    game.click(scene.history_button)
    assert scene.history.is_open
    game.click(scene.history.close_button)
    assert not scene.history.is_open
    game.click(scene.history_button)
    game.click((2, scene.history.rect.bottom + 2) if scene.history.rect.left <= 2 else (2, 200))
    assert not scene.history.is_open


def test_the_history_is_whole_after_resume(make) -> None:
    first = make()
    voice = first.ui.voice = PlayingVoice()
    scene = _to_call(first, "Rui")
    _play_mixed(first, scene, voice)
    first.key(pygame.K_h)
    before = _said(scene.history.entries)
    assert len(before) >= 10
    first.app.running = False
    again = make()
    again.click(next(b for b in again.top.people if b.label == "Rui"))
    again.key(pygame.K_RETURN)  # "Resume the call"
    resumed = again.top
    assert isinstance(resumed, CallScene) and len(resumed.call.steps) == 3
    again.key(pygame.K_h)
    assert resumed.history.is_open
    assert _said(resumed.history.entries) == before  # the reaction and the notes too, not only the replies
    # the live transcript after resume shows the same conversation
    said = [e for e in resumed.transcript.entries if not e.text.startswith("Call resumed")]
    assert _said(said) == before
    again.key(pygame.K_HOME)
    again.settle(0.5)
    path = again.shot("4-call-history-after-resume")
    assert path.exists()


def test_recall_replies_in_the_history_after_resume(make) -> None:
    first = make(settings=Settings(recall=True))
    scene = _to_call(first, "Ivo")
    first.frames(2)
    meant = scene.call.options[0]
    first.type("bananas are yellow in summer")
    first.key(pygame.K_RETURN)
    first.key(pygame.K_h, text="h")  # typing: plain H is a letter...
    assert not scene.history.is_open and scene.recall.box.text.endswith("h")
    first.key(pygame.K_BACKSPACE)
    first.key(pygame.K_h, mod=pygame.KMOD_CTRL)  # ...Ctrl+H opens the history
    assert scene.history.is_open
    texts = [e.text for e in scene.history.entries]
    assert texts[-2:] == ["bananas are yellow in summer", ASK_AGAIN]  # the round of this turn, not yet a decision
    first.key(pygame.K_ESCAPE)
    first.type(meant.say.lower())
    first.key(pygame.K_RETURN)
    first.frames(2)
    assert scene.call.steps and scene.call.steps[0].choice.index == meant.index
    first.app.running = False
    again = make(settings=Settings(recall=True))
    again.click(next(b for b in again.top.people if b.label == "Ivo"))
    again.key(pygame.K_RETURN)
    resumed = again.top
    assert isinstance(resumed, CallScene)
    again.key(pygame.K_h, mod=pygame.KMOD_CTRL)
    entries = [(e.kind, e.text) for e in resumed.history.entries]
    assert entries[:5] == [(CLIENT, scene.call.steps[0].node.client), (YOU, "bananas are yellow in summer"),
                           (CLIENT, ASK_AGAIN), (YOU, meant.say.lower()), (NOTE, f"taken as: {meant.say}")]
    again.shot("4-call-history-recall-after-resume")


def test_the_reaction_is_spoken_then_the_next_line(game) -> None:
    voice = game.ui.voice = PlayingVoice(frames=4)
    scene = _to_call(game)
    call = scene.call
    sid = call.scenario.id
    game.key(pygame.K_1 + best_place(call))  # over the first line
    assert call.steps[-1].interrupted
    assert voice.spoken[-1] == f"{sid}/interrupted"  # the reaction first...
    assert scene._client_talking()
    game.frames(6)
    assert voice.spoken[-1] == f"{sid}/{call.node.id}"  # ...then the line the call moved on to
    _quiet(game, scene)
    assert not scene._client_talking()


def test_talking_over_the_reaction_is_interrupting_too(game) -> None:
    voice = game.ui.voice = PlayingVoice(frames=4)
    scene = _to_call(game)
    game.key(pygame.K_1 + best_place(scene.call))
    game.frames(1)
    assert voice.playing.endswith("/interrupted")
    game.key(pygame.K_1 + best_place(scene.call))
    assert scene.call.steps[-1].interrupted
    first_reply_led_to = scene.call.scenario.node(scene.call.steps[0].target).client
    assert [e.text for e in scene.transcript.entries].count(first_reply_led_to) == 1  # shown once, though cut


def test_the_goodbye_is_spoken_after_the_last_line(game) -> None:
    voice = game.ui.voice = PlayingVoice(frames=2)
    scene = _to_call(game)
    call = scene.call
    while not call.ended:
        _quiet(game, scene)
        game.key(pygame.K_1 + best_place(call))
    closing = closing_exchange(call.scenario, call.node)
    assert voice.spoken[-1] == f"{call.scenario.id}/{call.node.id}"  # the last line...
    game.settle(8.0)  # ...the caller's closing line (a beat as long as it takes to say)...
    if closing.client:
        assert voice.spoken[-1] == f"{call.scenario.id}/{call.node.id}/goodbye"  # ...and the goodbye
    assert game.rendered(closing.caller)
    game.key(pygame.K_h)
    assert [e.text for e in scene.history.entries][-3:] == [closing.caller, closing.client, "Call ended"] \
        if closing.client else [closing.caller, "Call ended"]


def test_without_a_voice_reactions_and_goodbyes_are_captions_as_before(make) -> None:
    game = make(settings=Settings(voice_enabled=False))
    voice = game.ui.voice = PlayingVoice()
    voice.available = True
    scene = _to_call(game)
    call = scene.call
    voice.is_speaking = lambda: True  # nothing plays: the voice is off
    game.key(pygame.K_1 + best_place(call))
    assert not call.steps[-1].interrupted  # no voice: nothing to talk over
    del voice.is_speaking
    nodes = [s.node.id for s in call.steps] + [call.node.id]
    assert voice.spoken == [f"{call.scenario.id}/{n}" for n in nodes]  # only the client's lines, as before


def test_captions_off_shows_the_next_line_once_the_reaction_is_said(make) -> None:
    game = make(settings=Settings(captions=False))
    voice = game.ui.voice = PlayingVoice(frames=4)
    scene = _to_call(game)
    call = scene.call
    game.key(pygame.K_1 + best_place(call))
    reaction = pace_of(call.scenario).interrupt_say
    texts = [e.text for e in scene.transcript.entries]
    assert texts[-2] == reaction and call.node.client not in texts[-2:]  # the next line is still to come
    assert scene.transcript.hide_caption()
    game.frames(6)
    assert scene.transcript.entries[-1].text == call.node.client and voice.playing.endswith(call.node.id)
    assert conversation(call)[-1].text == call.node.client


def _pump(game, until, timeout: float = 25.0) -> bool:
    """Run the window's frames in real time until `until()` holds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        game.frames(1)
        if until():
            return True
        time.sleep(0.004)
    return False


def test_a_real_voice_speaks_the_reaction_then_the_next_line(game, tmp_path) -> None:
    """espeak-ng through the real VoicePlayer (dummy audio device): the reaction is played, and the
    client's next line only after it."""
    import pytest

    from game.ui.pygame.voice import VoicePlayer

    voice = VoicePlayer(cache_dir=tmp_path / "speech")
    if not voice.available:
        pytest.skip(voice.status)
    asked: list[str] = []
    speak = voice.speak
    voice.speak = lambda text, v, key: (asked.append(key), speak(text, v, key))[1]
    game.ui.voice = voice
    try:
        scene = _to_call(game)
        sid = scene.call.scenario.id
        assert _pump(game, voice.is_speaking), voice.status  # the first line plays
        game.key(pygame.K_1 + best_place(scene.call))
        assert scene.call.steps[-1].interrupted and asked[-1] == f"{sid}/interrupted"
        assert _pump(game, voice.is_speaking), voice.status  # the reaction plays...
        assert asked[-1] == f"{sid}/interrupted" and scene._client_talking()
        assert _pump(game, lambda: asked[-1] == f"{sid}/{scene.call.node.id}")  # ...then the next line
        assert _pump(game, voice.is_speaking) and scene._client_talking()
    finally:
        voice.shutdown()


@pytest.mark.timing  # a CPU share: run alone, after the parallel part (tests/conftest.py)
def test_the_open_history_leaves_the_cpu_alone_and_follows_a_resize(game) -> None:
    from test_window_idle_cpu import WINDOW_SECONDS, cpu_share

    scene = _to_call(game)
    game.key(pygame.K_1 + best_place(scene.call))
    game.key(pygame.K_h)
    assert scene.history.is_open
    game.settle(3.0)  # the meters' flash after the reply fades
    share, draws = cpu_share(game.app, WINDOW_SECONDS)
    assert share <= 0.03, f"history open at rest: {share:.1%} of a core, {draws} frames drawn"
    assert draws <= WINDOW_SECONDS + 2  # the call clock behind it ticks once a second; nothing else redraws
    game.app.resize((1024, 640))
    game.frames(2)
    window = game.app.window.get_rect()
    assert scene.history.is_open and window.contains(scene.history.rect)
    assert window.contains(scene.history.close_button.rect)
    game.app.resize((1920, 1080))
    game.frames(2)
    assert scene.history.rect.width > 700 and game.app.window.get_rect().contains(scene.history.rect)
