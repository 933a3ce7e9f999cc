"""A portrait per scenario persona (assets/portraits/<scenario id>.png): every shipped scenario has
its own, the face agrees with the voice, no two are alike, and make_portraits.py makes the same
files on every run, following the scenario files as they change."""

from __future__ import annotations

import hashlib
import itertools
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game.content.library import default_scenarios_dir, load_library  # noqa: E402
from portrait_helpers import PORTRAIT_DIR, TOOLS, load_image, make_portraits, sidecar  # noqa: E402

sys.path.insert(0, str(TOOLS))
import persona_parts  # noqa: E402
import personas  # noqa: E402

LIBRARY = load_library([default_scenarios_dir()])
SIDECAR = sidecar(PORTRAIT_DIR)


def test_every_shipped_scenario_has_a_portrait_of_its_own_persona() -> None:
    assert LIBRARY.scenarios, "the scenarios folder should load"
    assert sorted(SIDECAR) == sorted(LIBRARY.scenarios), "run assets/tools/make_portraits.py again"
    for sid, scenario in LIBRARY.scenarios.items():
        entry = SIDECAR[sid]
        assert entry["file"] == f"{sid}.png" and entry["archetype"] == scenario.archetype, sid
        assert entry["name"] == scenario.persona.name, f"{sid}: the portrait is of {entry['name']}"
        image = load_image(PORTRAIT_DIR / entry["file"])
        assert image.get_size() == (256, 256) and image.get_flags() & pygame.SRCALPHA, sid


def test_the_face_agrees_with_the_voice() -> None:
    genders = set()
    for sid, scenario in LIBRARY.scenarios.items():
        voice_gender = scenario.persona.voice.gender
        genders.add(voice_gender)
        assert SIDECAR[sid]["gender"] == voice_gender, sid
        assert SIDECAR[sid]["presentation"] == (voice_gender or "male"), sid  # espeak-ng's base voice is male
    assert {"female", "male"} <= genders, "the library has clients of both voices"


def test_the_figure_drawn_is_the_one_the_voice_asks_for() -> None:
    planned = personas.plan(personas.read_personas(default_scenarios_dir()))
    assert {p.scenario_id for p, _ in planned} == set(LIBRARY.scenarios)
    for persona, traits in planned:
        look = personas.look_for(persona, traits)
        outline, neck = persona_parts.HEADS[traits.presentation]
        assert (look.face_outline, look.neck_width) == (outline, neck), persona.scenario_id
        hair = persona_parts.FEMALE_HAIR if traits.presentation == "female" else persona_parts.MALE_HAIR
        assert traits.hair_style in hair, persona.scenario_id
        if traits.presentation == "female":
            assert traits.facial_hair == "clean-shaven", persona.scenario_id
        else:
            assert traits.earrings == "no earrings", persona.scenario_id


def test_no_two_portraits_are_identical_and_personas_look_distinct() -> None:
    files = sorted(PORTRAIT_DIR.glob("*.png"))
    digests = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in files}
    assert len(digests) == len(files), "two portrait files are byte-identical"
    images = {p.name: load_image(p) for p in files}
    pixels = {name: pygame.image.tobytes(image, "RGBA") for name, image in images.items()}
    assert len(set(pixels.values())) == len(files), "two portraits have the same pixels"
    small = {name: pygame.image.tobytes(pygame.transform.smoothscale(image, (64, 64)), "RGB")
             for name, image in images.items()}
    client = {p.scenario_id: (p.client, p.continues) for p in personas.read_personas(default_scenarios_dir())}
    for a, b in itertools.combinations(sorted(SIDECAR), 2):  # at least 5% of the picture clearly differs
        if client[a][0] == client[b][0] and client[a][1] != client[b][1]:
            continue  # the same client in a follow-up call is meant to look the same
        x, y = small[f"{a}.png"], small[f"{b}.png"]
        clear = sum(max(abs(x[i + c] - y[i + c]) for c in range(3)) > 48 for i in range(0, len(x), 3))
        assert clear / (64 * 64) > 0.05, f"{a} and {b} look too alike"
    planned = personas.plan(personas.read_personas(default_scenarios_dir()))
    for (pa, ta), (pb, tb) in itertools.combinations(planned, 2):
        if pa.client == pb.client and pa.continues != pb.continues:
            continue  # a follow-up call with the same client (test_a_follow_up_call_shows_the_same_client)
        assert ta.differences(tb) >= personas.MIN_DIFFERENCES, (pa.scenario_id, pb.scenario_id)


def test_a_follow_up_call_shows_the_same_client() -> None:
    """A follow-up or broken-promise call with a client of the library draws the same person as the
    first call (every trait but the background), on its own archetype's background."""
    planned = dict((p.scenario_id, (p, t)) for p, t in personas.plan(personas.read_personas(default_scenarios_dir())))
    later = [(p, t) for p, t in planned.values() if p.continues]
    assert later, "the library has follow-up calls"
    for persona, traits in later:
        first = [(p, t) for p, t in planned.values() if p.client == persona.client and not p.continues]
        assert len(first) == 1, persona.scenario_id
        fp, ft = first[0]
        assert traits.visible() == ft.visible() and traits.describe() == ft.describe(), persona.scenario_id
        assert traits.background != ft.background, persona.scenario_id
        assert SIDECAR[persona.scenario_id]["look"] == SIDECAR[fp.scenario_id]["look"], persona.scenario_id


def test_the_generator_is_deterministic(made_portraits: Path, tmp_path: Path) -> None:
    make_portraits(tmp_path)
    first = sorted(p.name for p in made_portraits.iterdir())
    assert first == sorted(p.name for p in tmp_path.iterdir())
    for name in first:
        assert (made_portraits / name).read_bytes() == (tmp_path / name).read_bytes(), name


SCENARIO = """id: {sid}
archetype: {archetype}
persona:
  name: {name}
  company: {company}
  role: {role}
  voice: {voice}
"""


def write_scenario(folder: Path, sid: str, name: str, voice: str = "{gender: female}", archetype: str = "evasive",
                   company: str = "Test Co", role: str = "Owner") -> None:
    (folder / f"{sid}.yaml").write_text(SCENARIO.format(sid=sid, name=name, voice=voice, archetype=archetype,
                                                        company=company, role=role), encoding="utf-8")


def test_the_generator_follows_the_scenario_files(tmp_path: Path) -> None:
    scenarios, out = tmp_path / "scenarios", tmp_path / "portraits"
    scenarios.mkdir()
    (scenarios / "rulebook.yaml").write_text("rules: []\n", encoding="utf-8")
    (scenarios / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    write_scenario(scenarios, "alpha-call", "Ana Ribeiro")
    write_scenario(scenarios, "beta-call", "Tom Okafor", voice="{gender: male}", archetype="new-archetype",
                   company="Okafor Roofing", role="Owner")
    write_scenario(scenarios, "gamma-call", "Sam Lee", voice="{rate: 170}")
    write_scenario(scenarios, "delta-call", "Ana Ribeiro", role="Accounts Payable Specialist")  # same name
    done = make_portraits(out, scenarios)
    assert "skipped broken.yaml" in done.stderr
    entries = sidecar(out)
    assert sorted(entries) == ["alpha-call", "beta-call", "delta-call", "gamma-call"]
    assert entries["gamma-call"]["gender"] is None and entries["gamma-call"]["presentation"] == "male"
    roofer = entries["beta-call"]
    assert roofer["presentation"] == "male" and any(w in roofer["look"] for w in ("work shirt", "safety vest",
                                                                                 "open-necked"))
    assert (out / "alpha-call.png").read_bytes() != (out / "delta-call.png").read_bytes()
    assert (out / "default.png").is_file() and (out / "evasive.png").is_file()

    (scenarios / "alpha-call.yaml").unlink()  # a scenario removed, another added: re-running follows
    write_scenario(scenarios, "epsilon-call", "Ruth Adeyemi")
    make_portraits(out, scenarios)
    assert sorted(sidecar(out)) == ["beta-call", "delta-call", "epsilon-call", "gamma-call"]
    assert not (out / "alpha-call.png").exists() and (out / "epsilon-call.png").is_file()


@pytest.mark.parametrize("role, never", [("Chief Financial Officer", "younger"), ("Controller", "younger"),
                                         ("Accounts Payable Specialist", "older"),
                                         ("Store Manager (started two weeks ago)", "older")])
def test_the_role_hints_at_age(role: str, never: str) -> None:
    for k in range(60):
        persona = personas.Persona(f"s{k}", "evasive", f"Client Number {k}", "Test Co", role, "female")
        assert personas.traits_for(persona, persona.name).age != never


def test_traits_are_seeded_by_the_name_alone() -> None:
    a = personas.Persona("one", "evasive", "Priya Shah", "Test Co", "Office Manager", "female")
    b = personas.Persona("two", "evasive", "Priya Shah", "Test Co", "Office Manager", "female")
    assert personas.traits_for(a, "priya shah") == personas.traits_for(b, "priya shah")
    other = personas.traits_for(personas.Persona("one", "evasive", "Priya Shaw", "Test Co", "Office Manager",
                                                 "female"), "priya shaw")
    assert other != personas.traits_for(a, "priya shah")
