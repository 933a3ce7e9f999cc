"""Which portrait the window shows: the scenario's own (portraits/<scenario id>.png, when
portraits.json lists it for this persona), else the archetype's, else the default; and on screen, a
call shows its client's own face."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pygame
import pytest

from game.engine.call import Call
from game.engine.machine import compile_scenario
from game.ui.pygame.assets import ASSETS_DIR, portrait_file
from game.ui.pygame.scenes.call import CallScene

PORTRAITS = ASSETS_DIR / "portraits"


def portrait_folder(folder: Path, entries: dict, files: list[str]) -> Path:
    """A portraits folder with `files` (tiny PNGs) and a sidecar listing `entries`."""
    folder.mkdir()
    for name in files:
        pygame.image.save(pygame.Surface((4, 4)), str(folder / name))
    (folder / "portraits.json").write_text(json.dumps({"portraits": entries}), encoding="utf-8")
    return folder


def test_the_scenario_portrait_wins_then_the_archetype_then_the_default(tmp_path: Path) -> None:
    entries = {"sunrise": {"file": "sunrise.png", "name": "Maria Lopez", "gender": "female"},
               "gone": {"file": "gone.png", "name": "Nobody"}}
    folder = portrait_folder(tmp_path / "p", entries, ["sunrise.png", "cash-strapped.png", "default.png"])
    assert portrait_file("cash-strapped", "sunrise", "Maria Lopez", folder) == folder / "sunrise.png"
    # a copy of the scenario with another persona shows the archetype, not someone else's face
    assert portrait_file("cash-strapped", "sunrise", "Ray Delgado", folder) == folder / "cash-strapped.png"
    assert portrait_file("cash-strapped", "gone", "Nobody", folder) == folder / "cash-strapped.png"  # no file
    assert portrait_file("cash-strapped", "trainer-call", "Sam", folder) == folder / "cash-strapped.png"
    assert portrait_file("brand-new", "trainer-call", "Sam", folder) == folder / "default.png"
    assert portrait_file("brand-new", None, None, tmp_path / "nowhere") is None


def test_hostile_names_neither_escape_the_folder_nor_crash(tmp_path: Path) -> None:
    folder = portrait_folder(tmp_path / "p", {"x": {"file": "../outside.png", "name": "X"}}, ["default.png"])
    pygame.image.save(pygame.Surface((4, 4)), str(tmp_path / "outside.png"))
    for archetype in ("../outside", "a" * 5000, "nul\0byte", "", "..", "sub/dir"):
        assert portrait_file(archetype, "x", "X", folder) == folder / "default.png", archetype[:20]


def test_a_broken_sidecar_falls_back_to_the_archetype(tmp_path: Path) -> None:
    folder = portrait_folder(tmp_path / "p", {}, ["sunrise.png", "cash-strapped.png"])
    (folder / "portraits.json").write_text("{not json", encoding="utf-8")
    assert portrait_file("cash-strapped", "sunrise", "Maria Lopez", folder) == folder / "cash-strapped.png"


def test_every_shipped_scenario_shows_its_own_portrait(library) -> None:
    for sid, scenario in library.scenarios.items():
        assert portrait_file(scenario.archetype, sid, scenario.persona.name) == PORTRAITS / f"{sid}.png", sid
    first = next(iter(library.scenarios.values()))
    renamed = replace(first, persona=replace(first.persona, name="Somebody Else"))
    assert portrait_file(renamed.archetype, renamed.id, renamed.persona.name) != PORTRAITS / f"{first.id}.png"


def scaled(path: Path, size: int) -> pygame.Surface:
    return pygame.transform.smoothscale(pygame.image.load(str(path)).convert_alpha(), (size, size))


def centre_difference(screen: pygame.Surface, at: pygame.Rect, face: pygame.Surface) -> int:
    """The largest channel difference between the face and the screen over the face's middle part
    (well inside the disc, where the portrait is opaque)."""
    size = face.get_width()
    worst = 0
    for y in range(size // 5, size - size // 5, 3):
        for x in range(size // 5, size - size // 5, 3):
            a, b = screen.get_at((at.left + x, at.top + y)), face.get_at((x, y))
            worst = max(worst, abs(a.r - b.r), abs(a.g - b.g), abs(a.b - b.b))
    return worst


@pytest.mark.parametrize("gender", ["male", "female"])
def test_the_call_shows_the_clients_own_face(game, library, gender: str) -> None:
    sidecar = json.loads((PORTRAITS / "portraits.json").read_text(encoding="utf-8"))["portraits"]
    scenario = next(s for sid, s in sorted(library.scenarios.items()) if s.persona.voice.gender == gender)
    assert sidecar[scenario.id]["presentation"] == gender
    scene = CallScene(game.ui, Call.replay(compile_scenario(scenario), []), "Sam", ring=False)
    game.app.stack = [scene]
    scene.layout(game.app.window.get_rect())
    game.frames(2)
    shot = game.shot(f"portrait-{gender}-{scenario.id}")
    assert shot.is_file()
    screen = game.app.window
    size = max(48, min(scene.left.width - 2 * game.ui.m.sp(2), round(game.ui.m.body * 6),
                       round(scene.left.height * 0.24)))
    at = pygame.Rect(0, 0, size, size)
    at.midtop = (scene.left.centerx, scene.left.top + game.ui.m.sp(2))
    own = scaled(PORTRAITS / f"{scenario.id}.png", size)
    archetype = scaled(PORTRAITS / f"{scenario.archetype}.png" if (PORTRAITS / f"{scenario.archetype}.png").is_file()
                       else PORTRAITS / "default.png", size)
    assert centre_difference(screen, at, own) <= 3, "the call does not show the scenario's own portrait"
    assert centre_difference(screen, at, archetype) > 40, "the call shows the archetype's portrait"
