"""The window's debrief after a call answered in recall mode, driven headless by posted events: a reply not
understood and then clarified, a fallback to the options after two unclear replies, and typed replies for
the rest. The debrief shows what the trainee said, what it was taken as, the "what do you mean" cost and
the fallback's penalty. Screenshots: test-artifacts/screens/9-debrief-recall*.png."""

from __future__ import annotations

import pygame

from game.engine.recall_cost import ASK_AGAIN, FALLBACK_SHARE, UNCLEAR_MOOD
from game.recall.errors import RecallUnavailable
from game.ui.pygame.scenes.debrief import DebriefScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from game.ui.pygame.settings import Settings

from test_window_recall import _say, _to_call  # the same way into a recall call (sunrise-bakery)
from window_helpers import best_place, fill_wrapup

UNCLEAR = ["bananas are yellow in summer", "my cat likes the blue sofa"]
COST = UNCLEAR_MOOD["patience"]


def _own_words(choice) -> str:
    """The reply as a trainee might type it: in lower case, without quotes or dashes (not the exact text)."""
    return "".join(ch for ch in choice.say.lower() if ch.isalnum() or ch in " ,.%$'")


def test_the_debrief_shows_what_was_said_what_it_was_taken_as_and_the_fallback(make) -> None:
    game = make(settings=Settings(recall=True))
    scene = _to_call(game)
    call = scene.call

    # decision 1: not understood, then clarified in the trainee's own words
    _say(game, UNCLEAR[0])
    assert not call.steps and ASK_AGAIN in [e.text for e in scene.transcript.entries]
    first = call.shown[best_place(call)]
    first_said = _own_words(first)
    _say(game, first_said)
    assert len(call.steps) == 1 and call.steps[0].choice.index == first.index and call.steps[0].unclear == 1

    # decision 2: unclear twice, then picked from the options (the fallback)
    assert not call.ended
    _say(game, UNCLEAR[0])
    _say(game, UNCLEAR[1])
    assert scene.recall.picking and len(scene.choices) == len(call.options)
    place = best_place(call)
    fallback = call.shown[place]
    game.key(pygame.K_1 + place)
    game.frames(2)
    assert call.steps[1].fallback and call.steps[1].choice.index == fallback.index

    # the rest: typed in the trainee's own words, taken at once
    while not call.ended:
        count = len(call.steps)
        _say(game, _own_words(call.shown[best_place(call)]))
        assert len(call.steps) == count + 1, "a reply in the option's own words was not taken"
    game.settle(1)
    assert scene.focus.focused is scene.document
    game.key(pygame.K_RETURN)
    assert isinstance(game.top, WrapUpScene)
    fill_wrapup(game)
    debrief = game.top
    assert isinstance(debrief, DebriefScene)

    # what the debrief holds (one verdict, read by every view) ...
    d1, d2 = debrief.debrief.decisions[0], debrief.debrief.decisions[1]
    assert d1.recall is not None and d1.recall.said == first_said and d1.unclear == 1 and not d1.fallback
    assert f'Not understood: "{UNCLEAR[0]}"' in d1.recall_note
    assert f"patience {COST:+d}" in d1.recall_note
    assert f'you typed "{first_said}", taken as this reply (match ' in d1.recall_note
    assert d2.fallback and d2.unclear == 2
    assert f'Not understood: "{UNCLEAR[0]}"; "{UNCLEAR[1]}"' in d2.recall_note
    assert f"patience {2 * COST:+d}" in d2.recall_note
    assert f"earns at most {int(FALLBACK_SHARE * 100)}% of what was at stake" in d2.recall_note
    for later in debrief.debrief.decisions[2:]:
        assert later.recall is not None and "taken as this reply" in later.recall_note and not later.fallback

    # ... and what the window drew (text cache off, so every line drawn is listed)
    game.ui.text.enabled = False
    _view(game, pygame.K_HOME)
    one = _view(game, pygame.K_RIGHT)  # decision 1 at the top
    assert f"You: “{first.say[:25]}" in one and "Not understood:" in one and UNCLEAR[0].split()[0] in one
    assert "you typed" in one and "taken as this reply" in one and f"patience {COST:+d}" in one
    game.shot("9-debrief-recall")
    two = _view(game, pygame.K_RIGHT)  # decision 2, the fallback, at the top
    assert f"You: “{fallback.say[:25]}" in two and "picked from the list" in two
    assert f"at most {int(FALLBACK_SHARE * 100)}%" in two and f"patience {2 * COST:+d}" in two
    game.shot("9b-debrief-recall-fallback")
    game.ui.text.enabled = True


def _view(game, key: int) -> str:
    """Press `key` on the debrief and return every text drawn once it has settled."""
    game.ui.text.history.clear()
    game.key(key)
    game.settle(1)
    return " ".join(game.ui.text.history)


def test_without_the_model_the_window_offers_a_plain_pick_without_the_penalty(make, monkeypatch) -> None:
    import game.recall.match as match

    def unavailable(text, options, model=None, tuning=None):
        raise RecallUnavailable("the sentence model is missing")

    monkeypatch.setattr(match, "match_reply", unavailable)
    game = make(settings=Settings(recall=True))
    scene = _to_call(game)
    patience = scene.call.meters["patience"]
    _say(game, "hello there")
    assert scene.recall.picking and len(scene.choices) == len(scene.call.options)
    assert scene.recall.status.startswith("Recall is not available (the sentence model is missing)")
    game.key(pygame.K_1)
    game.frames(2)
    step = scene.call.steps[0]
    assert not step.fallback and step.unclear == 0 and step.reply is None
    assert step.meters_before["patience"] == patience and not step.cost.get("patience")
