"""The pygame worklist screen, headless: every account shown inside the window at several sizes, arrow
keys and Enter or a click pick an account (emitting CallAccount), `e` ends the day, and an account
called today cannot be picked again."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from campaign_helpers import campaign, library  # noqa: E402
from game.campaign.strategies import best_choices  # noqa: E402
from game.campaign.week import Week  # noqa: E402
from game.ui.pygame.context import UI  # noqa: E402
from game.ui.pygame.scenes.worklist import CallAccount, EndDay, WorklistScene  # noqa: E402
from game.ui.pygame.settings import Settings  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def _pygame():
    pygame.init()
    yield
    pygame.quit()


def _scene(size=(1280, 800), week=None):
    week = week or Week(campaign(), library().scenarios, 1)
    ui = UI(Settings(), size, persist=False)
    scene = WorklistScene(ui, week, "Sam")
    scene.layout(pygame.Rect(0, 0, *size))
    surface = pygame.Surface(size)
    scene.draw(surface)
    return scene, surface


def _key(scene, key):
    scene.handle_event(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640), (1920, 1080)])
def test_every_region_is_inside_the_window_and_rows_scroll_into_view(size):
    scene, surface = _scene(size)
    window = pygame.Rect(0, 0, *size)
    assert scene.regions() and all(window.contains(r) for r in scene.regions())
    for _ in range(len(scene.rows) - 1):
        _key(scene, pygame.K_DOWN)
    scene.draw(surface)
    assert scene.focus.focused is scene.rows[-1] and window.contains(scene.rows[-1].rect)


def test_enter_a_click_and_e_emit_what_the_trainee_chose():
    scene, _ = _scene()
    _key(scene, pygame.K_DOWN)
    _key(scene, pygame.K_RETURN)
    assert scene.take_results() == [CallAccount(scene.rows[1].row.account.id)]
    row = scene.rows[0]
    scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=row.rect.center))
    assert scene.take_results() == [CallAccount(row.row.account.id)]
    _key(scene, pygame.K_e)
    assert scene.take_results() == [EndDay()]


def test_an_account_called_today_cannot_be_picked_again():
    week = Week(campaign(), library().scenarios, 1)
    first = campaign().accounts[0].id
    call = week.start_call(first)
    best_choices(call)
    week.finish_call(call, None)
    scene, _ = _scene(week=week)
    row = scene.rows[0]
    assert not row.enabled
    scene.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=row.rect.center))
    assert scene.take_results() == []
