"""Sign-in with a program roster in the window: the trainee picks their name from the roster; a typed name
is matched against it (case and spacing aside) and refused with a clear message when it is not on it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pygame
import pytest

from conftest import Harness
from game.content.diagnostics import SourcePos
from game.content.library import default_scenarios_dir
from game.content.program_loader import load_program_set
from game.content.program_model import RosterMember
from game.records.store import BadName, RecordStore
from game.ui.pygame.app import App
from game.ui.pygame.context import UI
from game.ui.pygame.flow import Director
from game.ui.pygame.run import open_window
from game.ui.pygame.scenes.select import SelectScene
from game.ui.pygame.scenes.signin import SignInScene
from game.ui.pygame.session import NotOnRoster, Session
from game.ui.pygame.settings import Settings
from game.ui.pygame.voiceport import SilentVoice
from window_helpers import sign_in

ROSTER = ("Ana Lima", "Bo Chen", "María José")


def member(name: str) -> RosterMember:
    return RosterMember(name, None, None, None, "north", SourcePos("p.yaml", 1, 1))


@pytest.fixture
def rostered(library, tmp_path: Path):
    program = load_program_set(default_scenarios_dir(), library.scenarios).pick(None)
    program = dataclasses.replace(program, roster=tuple(member(n) for n in ROSTER))
    window = open_window((1280, 720))
    pygame.event.clear()
    ui = UI(Settings(), window.get_size(), SilentVoice("Voice off"))
    store = RecordStore.open(tmp_path / "records.sqlite3")
    store.sign_in("Someone Earlier")  # a trainee in the records who is not on the roster
    app = App(ui, Director(ui, Session(library, store, program)), window)
    app.director.start(app)
    app.step(0)
    yield Harness(app, store, None)
    store.close()


def test_the_roster_is_offered_and_a_name_is_picked(rostered) -> None:
    scene = rostered.top
    assert isinstance(scene, SignInScene) and scene.roster and scene.known == list(ROSTER)
    assert rostered.rendered("PICK YOUR NAME") and not rostered.rendered("Someone Earlier")
    rostered.shot("sign-in-roster")
    bo = next(b for b in scene.shown if b.label == "Bo Chen")
    rostered.click(bo)
    assert isinstance(rostered.top, SelectScene) and rostered.top.trainee == "Bo Chen"


@pytest.mark.parametrize("typed, stored", [("ana lima", "Ana Lima"), ("  MARÍA   josé ", "María José")])
def test_a_typed_roster_name_signs_in_with_the_rosters_spelling(rostered, typed: str, stored: str) -> None:
    sign_in(rostered, typed)
    assert isinstance(rostered.top, SelectScene) and rostered.top.trainee == stored


def test_a_name_not_on_the_roster_is_refused(rostered) -> None:
    sign_in(rostered, "Someone Earlier")
    scene = rostered.top
    assert isinstance(scene, SignInScene) and scene.field.error == "Not on the roster: pick your name below."
    assert rostered.store.trainees() == ["Someone Earlier"]  # nothing new recorded
    session = rostered.app.director.session
    with pytest.raises(NotOnRoster, match="'Zed' is not on the roster of AR onboarding, week 1") as err:
        session.sign_in("Zed")
    assert isinstance(err.value, BadName) and session.trainee == ""


def test_without_a_roster_any_name_signs_in(game) -> None:
    assert isinstance(game.top, SignInScene) and not game.top.roster
    sign_in(game, "Anyone At All")
    assert isinstance(game.top, SelectScene) and game.top.trainee == "Anyone At All"
