"""Every screen at 1024×640, 1280×720 and 1920×1080 and every text size: everything inside the window,
resizing lays out again, and screenshots of each screen at the extreme sizes and in high contrast."""

from __future__ import annotations

import pygame
import pytest

from game.engine.call import Call
from game.engine.debrief import build_debrief
from game.engine.machine import compile_scenario
from game.engine.wrapup import Disposition, WrapUp, expected_wrapup, review_wrapup
from game.ui.pygame.scenes.brief import BriefScene
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.debrief import DebriefScene
from game.ui.pygame.scenes.dialog import DialogScene
from game.ui.pygame.scenes.select import SelectScene
from game.ui.pygame.scenes.settings import SettingsScene
from game.ui.pygame.scenes.signin import SignInScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from game.ui.pygame.scenes.wrapup_parts import InstalmentRow
from game.ui.pygame.session import CardStatus, RecentCall
from game.ui.pygame.settings import TEXT_SIZES, Settings

SIZES = [(1024, 640), (1280, 720), (1920, 1080)]


def picked(scene: WrapUpScene, disposition: Disposition) -> WrapUpScene:
    """The wrap-up with `disposition` chosen (laid out when shown)."""
    next(r for r in scene.radios if r.disposition is disposition).selected = True
    return scene


def plan_form(scene: WrapUpScene, rows: int) -> WrapUpScene:
    """The wrap-up with a plan of `rows` instalments typed in."""
    picked(scene, Disposition.PLAN)
    scene.rows = [InstalmentRow(i, "5,275.50", "879.25", f"2026-12-{i + 1:02d}") for i in range(rows)]
    return scene


def screens(game, library):
    """One of each screen, built for the harness's UI (the longest scenario, mid-call)."""
    ui = game.ui
    scenarios = list(library.scenarios.values())
    scenario = library.scenarios["sunrise-bakery"]
    call = Call.replay(compile_scenario(scenario), [0, 0, 0])
    ended = Call(compile_scenario(scenario))
    while not ended.ended:
        ended.choose(0)
    ending = ended.node
    written = expected_wrapup(scenario, ending, scenario.account.call_date())
    review = review_wrapup(scenario, ending, scenario.account.call_date(), WrapUp(written.disposition, None,
                                                                                     written.date, None))
    debrief = build_debrief(ended, library.rulebook, review)
    statuses = {s.id: CardStatus(i, 60 + i * 10 if i else None, i == 2, i == 1,
                                 ("1 of 3 program attempts used", "1/3 attempts"))
                for i, s in enumerate(scenarios)}
    recent = [RecentCall(f"2026-11-23 10:0{i}", s.title, 60 + i * 10, i == 2) for i, s in enumerate(scenarios)]
    return {
        "sign-in": SignInScene(ui, ["Sam", "Ana Ribeiro", "Dmitri Volkov-Hernández", "Li"]),
        "select": SelectScene(ui, scenarios, statuses, "Sam", recent=recent),
        "brief": BriefScene(ui, scenario, "Sam", note="This call counts for AR onboarding, week 1 (attempt 1 of 3)."),
        "call": CallScene(ui, call, "Sam", resumed=True),
        "wrap-up": WrapUpScene(ui, scenario, ending.client, "Sam"),
        "wrap-up-plan": plan_form(WrapUpScene(ui, scenario, ending.client, "Sam"), 6),
        "wrap-up-dispute": picked(WrapUpScene(ui, scenario, ending.client, "Sam"), Disposition.DISPUTE),
        "wrap-up-callback": picked(WrapUpScene(ui, scenario, ending.client, "Sam"), Disposition.CALLBACK),
        "debrief": DebriefScene(ui, debrief, scenarios[1], "Sam", library.rulebook),
        "settings": SettingsScene(ui),
        "dialog": DialogScene(ui, "leave", "Leave this call?", "Every decision so far is saved.",
                              [("leave", "Leave the call", "secondary"), ("stay", "Stay on the call", "primary")],
                              "stay"),
    }


def show(game, scene) -> None:
    game.app.stack = [scene]
    scene.layout(game.app.window.get_rect())
    game.frames(2)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("text_size", range(len(TEXT_SIZES)))
def test_every_screen_fits_the_window(make, library, size, text_size) -> None:
    game = make(size=size, settings=Settings(text_size=text_size))
    window = game.app.window.get_rect()
    for name, scene in screens(game, library).items():
        show(game, scene)
        for rect in scene.regions():
            assert window.contains(rect), f"{name} at {size}, text {text_size}: {rect} is outside {window}"
        if size != (1280, 720) and text_size in (1, 3):
            game.shot(f"{size[0]}x{size[1]}-text{text_size}-{name}")


def test_high_contrast_screens(make, library) -> None:
    game = make(settings=Settings(high_contrast=True))
    for name in ("select", "call", "debrief"):
        scene = screens(game, library)[name]
        show(game, scene)
        game.shot(f"high-contrast-{name}")
    assert game.ui.p.bg == (0, 0, 0)


def test_resizing_lays_every_scene_out_again(game) -> None:
    game.type("Sam")
    game.key(pygame.K_RETURN)
    game.key(pygame.K_RETURN)
    game.key(pygame.K_RETURN)
    call = game.top
    game.key(pygame.K_1)
    width = call.transcript.rect.width
    game.app.resize((1920, 1080))
    game.frames(2)
    assert call.transcript.rect.width > width and game.ui.m.body > 17
    assert call.right.right <= 1920
    game.app.resize((1024, 640))
    game.frames(2)
    assert call.right.right <= 1024 and call.replies.bottom <= 640 and call.talk.height > 100
    pygame.display.set_mode((1500, 900), pygame.RESIZABLE)  # as the window manager would...
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=(1500, 900), w=1500, h=900))  # ...and tell us
    game.frames(1)
    assert game.ui.size == (1500, 900) and call.rect.size == (1500, 900)
    assert len(call.transcript.entries) >= 3  # nothing lost on the way


@pytest.mark.parametrize("size", [(800, 500), (640, 400), (1000, 900)])
def test_a_window_smaller_than_the_layout_shows_it_scaled_down(make, library, size) -> None:
    game = make(size=size)
    assert game.app.scale < 1 and game.app.canvas.get_width() >= 1024 and game.app.canvas.get_height() >= 640
    for name, scene in screens(game, library).items():
        show(game, scene)
        for rect in scene.regions():
            assert game.app.canvas.get_rect().contains(rect), f"{name}: {rect}"
    game.app.stack = [screens(game, library)["sign-in"]]
    game.app.relayout()
    button = game.top.submit.rect
    game.click((round(button.centerx * game.app.scale), round(button.centery * game.app.scale)))
    assert game.top.field.error  # the click landed on "Sign in" where the scaled picture shows it
    game.shot(f"{size[0]}x{size[1]}-scaled-sign-in")
