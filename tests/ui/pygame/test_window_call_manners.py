"""The window's call behaves like a call: silence costs patience, talking over the client cuts them off
and counts against active listening, every ending has a closing exchange, and the call timer survives
resume. The costs are the engine's (game/engine/manners.py); the window only reports the timing."""

from __future__ import annotations

import pygame

from game.engine.closing import closing_exchange
from game.engine.manners import LISTEN_RULE, manners_cost, pace_of, Manners
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.settings import Settings
from window_helpers import best_place, open_scenario, play_to_end, sign_in


def _to_call(game, scenario_id: str = "sunrise-bakery") -> CallScene:
    sign_in(game, "Rui")
    open_scenario(game, scenario_id)
    game.key(pygame.K_RETURN)
    scene = game.top
    assert isinstance(scene, CallScene)
    return scene


def test_silence_costs_patience_and_is_recorded(game) -> None:
    scene = _to_call(game)
    call = scene.call
    wait = pace_of(call.scenario).wait
    before = dict(call.meters)
    game.frames(1, dt=wait * 2 + 1)  # the trainee leaves the client waiting
    place = best_place(call)
    choice = call.shown[place]
    game.key(pygame.K_1 + place)
    step = call.steps[-1]
    assert step.waited is not None and step.waited >= wait * 2
    assert step.cost == manners_cost(call.scenario, Manners.of(step.waited, False)) and step.cost
    expected = call.compiled.machine.stepper.step(step.node.id, choice.index,
                                                  call.compiled.machine.stepper.pack(before),
                                                  call.compiled.machine.stepper.cost_tuple(step.cost))
    assert step.target == expected.target
    stored = game.store.decisions(game.app.director.live.call_id)
    assert stored[-1].waited == step.waited and stored[-1].at is not None


def test_talking_over_the_client_cuts_them_off(game) -> None:
    scene = _to_call(game)
    call = scene.call
    game.voice.available = True
    game.voice.is_speaking = lambda: True  # the client's line is still playing
    game.key(pygame.K_1 + best_place(call))
    step = call.steps[-1]
    assert step.interrupted and step.cost
    assert game.rendered(pace_of(call.scenario).interrupt_say)
    game.voice.is_speaking = lambda: False
    game.voice.available = False
    play_to_end(game, best_place)
    from game.engine.debrief import build_debrief

    debrief = build_debrief(call, None)
    assert LISTEN_RULE in [r.id for r in debrief.decisions[0].broke]


def test_practice_can_turn_timing_off_but_a_program_call_keeps_it(make) -> None:
    game = make(settings=Settings(timing=False), program=False)
    scene = _to_call(game)
    game.frames(1, dt=500)
    game.key(pygame.K_1 + best_place(scene.call))
    assert scene.call.steps[-1].waited is None and not scene.call.steps[-1].cost
    counted = make(settings=Settings(timing=False), db=game.store.path.parent / "other.sqlite3")
    scene = _to_call(counted)
    counted.frames(1, dt=500)
    counted.key(pygame.K_1 + best_place(scene.call))
    assert scene.call.steps[-1].waited is not None and scene.call.steps[-1].cost


def test_every_ending_closes_the_call(game) -> None:
    scene = _to_call(game)
    play_to_end(game, best_place)
    closing = closing_exchange(scene.call.scenario, scene.call.node)
    assert game.rendered(closing.caller)
    if closing.client:
        assert game.rendered(closing.client)


def test_the_call_timer_survives_resume(make) -> None:
    first = make()
    scene = _to_call(first)
    first.frames(1, dt=20.0)
    first.key(pygame.K_1 + best_place(scene.call))
    first.frames(1, dt=15.0)
    first.key(pygame.K_1 + best_place(scene.call))
    at = scene.call.steps[-1].at
    assert at is not None and at >= 35.0
    first.app.running = False
    again = make()
    again.click(next(b for b in again.top.people if b.label == "Rui"))
    again.key(pygame.K_RETURN)  # "Resume the call"
    resumed = again.top
    assert isinstance(resumed, CallScene)
    assert resumed.elapsed >= at, "0:50 stays 0:50, not 0:02"
