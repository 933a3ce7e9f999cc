"""Recall mode in the window ("Answer in my own words"): a text box instead of the replies, driven headless
by posted events. Typed words are matched and taken; unclear ones make the client ask what you mean, and
a second time the replies appear for a fallback pick; holding F3 with no microphone says so in one line and
typing still works. Audio is never stored unless recording is on."""

from __future__ import annotations

import pygame

from game.engine.recall_cost import ASK_AGAIN, UNCLEAR_MOOD
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.settings import Settings

from window_helpers import open_scenario, sign_in


def _to_call(game) -> CallScene:
    sign_in(game)
    open_scenario(game, "sunrise-bakery")
    game.key(pygame.K_RETURN)  # dial
    game.frames(2)
    call = game.top
    assert isinstance(call, CallScene) and call.recall is not None
    return call


def _say(game, text: str) -> None:
    game.type(text)
    game.key(pygame.K_RETURN)
    game.frames(2)


def test_typed_replies_are_taken_and_shown_with_what_they_were_taken_as(make) -> None:
    game = make(settings=Settings(recall=True))
    scene = _to_call(game)
    assert scene.choices == [] and scene.focus.focused is scene.recall.box
    meant = scene.call.options[0]
    _say(game, meant.say.lower())
    assert len(scene.call.steps) == 1 and scene.call.steps[0].choice.index == meant.index
    step = scene.call.steps[0]
    assert step.reply.said == meant.say.lower() and not step.reply.spoken and step.unclear == 0
    texts = [e.text for e in scene.transcript.entries]
    assert meant.say.lower() in texts and f"taken as: {meant.say}" in texts
    assert game.store.decisions(game.store.unfinished_calls("Sam")[0].id)[0].choice == meant.index
    game.shot("4-call-recall")


def test_unclear_twice_then_a_fallback_pick(make) -> None:
    game = make(settings=Settings(recall=True))
    scene = _to_call(game)
    patience = scene.call.meters["patience"]
    _say(game, "bananas are yellow in summer")
    assert not scene.call.steps and ASK_AGAIN in [e.text for e in scene.transcript.entries]
    assert scene.choices == []
    _say(game, "my cat likes the blue sofa")
    assert not scene.call.steps and scene.recall.picking and len(scene.choices) == len(scene.call.options)
    game.key(pygame.K_1)
    game.frames(2)
    step = scene.call.steps[0]
    assert step.fallback and step.unclear == 2
    assert step.cost["patience"] == 2 * UNCLEAR_MOOD["patience"]
    assert step.meters_before["patience"] == patience
    assert scene.choices == [] or scene.call.ended  # back to the text box at the next node


def test_no_microphone_is_one_line_and_typing_still_works(make, monkeypatch) -> None:
    from game.ui import mic

    def no_mic(name=None):
        raise mic.MicUnavailable("No microphone found. Type your reply instead.")

    monkeypatch.setattr(mic.Mic, "open", staticmethod(no_mic))
    game = make(settings=Settings(recall=True))
    scene = _to_call(game)
    game.key(pygame.K_F3)
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_F3, mod=0, scancode=0))
    game.frames(2)
    assert scene.recall.status == "No microphone found. Type your reply instead."
    game.frames(1)
    assert game.rendered("No microphone found. Type your reply instead.")
    _say(game, scene.call.options[0].say)
    assert len(scene.call.steps) == 1


def test_a_silent_microphone_hears_nothing_and_stores_no_audio(make, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    class Silent:
        def start(self): pass
        def stop(self): return b"\x00\x00" * 8000
        def close(self): pass

    game = make(settings=Settings(recall=True))
    scene = _to_call(game)
    scene.recall._open_mic = Silent
    game.key(pygame.K_SPACE)  # Space in an empty box talks too
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0, scancode=0))
    game.frames(2)
    assert scene.recall.status.startswith("Nothing was heard") and not scene.call.steps
    assert scene.recall.box.text == ""
    assert not (tmp_path / "data").exists()  # recording is off: nothing written

