"""The shipped assets: every file is listed with its licence, loads, has the promised format, and the
generated ones are exactly what the scripts in assets/tools/ make."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402

from game.content.library import default_scenarios_dir, load_library  # noqa: E402
from portrait_helpers import ASSETS, PORTRAIT_DIR, TOOLS, load_image, max_pixel_difference, \
    sidecar  # noqa: E402

README = (ASSETS / "README.md").read_text(encoding="utf-8")
SHIPPED = sorted(p.relative_to(ASSETS).as_posix() for p in ASSETS.rglob("*")
                 if p.is_file() and p.parts[len(ASSETS.parts)] not in ("tools",) and "__pycache__" not in p.parts
                 and p.name not in ("README.md", "LICENSES.md"))
PORTRAITS = sorted(PORTRAIT_DIR.glob("*.png"))
SCENARIO_PORTRAITS = {f"portraits/{e['file']}" for e in sidecar(PORTRAIT_DIR).values()}
ARCHETYPE_PORTRAITS = [p for p in PORTRAITS if f"portraits/{p.name}" not in SCENARIO_PORTRAITS]
ICONS = sorted((ASSETS / "icons").glob("*.png"))
SOUNDS = sorted((ASSETS / "sounds").glob("*.wav"))


@pytest.fixture(scope="module", autouse=True)
def _pygame_headless() -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    pygame.font.init()


def test_every_shipped_file_is_listed_with_a_licence_and_every_listed_file_exists() -> None:
    listed = re.findall(r"^\| `([^`]+)` \|.*\| ([^|]+) \|$", README, flags=re.M)
    # one row covers the scenario portraits, which portraits/portraits.json lists by name
    assert "portraits/<scenario id>.png" in {name for name, _ in listed}
    files = sorted([name for name, _ in listed if "<" not in name] + list(SCENARIO_PORTRAITS))
    assert files == [f for f in SHIPPED if f != "fonts/LICENSE"]
    for name, licence in listed:
        assert licence.strip() in ("CC0 1.0", "Bitstream Vera / Arev font licence, see `fonts/LICENSE`"), name
    licences = (ASSETS / "LICENSES.md").read_text(encoding="utf-8")
    assert "CC0 1.0" in licences and "fonts/LICENSE" in licences


def test_the_fonts_load_render_and_carry_their_licence() -> None:
    text = (ASSETS / "fonts" / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera Fonts Copyright" in text and "Arev Fonts Copyright" in text
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font = pygame.font.Font(str(ASSETS / "fonts" / name), 18)
        surface = font.render("INV-2291 · $1,860.00 — 81 days overdue", True, (0, 0, 0))
        assert surface.get_width() > 250 and surface.get_height() >= 18


def test_the_archetypes_have_portraits_and_others_fall_back_to_the_default() -> None:
    names = {p.stem for p in ARCHETYPE_PORTRAITS}
    assert {"cash-strapped", "disputing", "evasive", "default"} <= names
    library = load_library([default_scenarios_dir()])
    archetypes = {scenario.archetype for scenario in library.scenarios.values()}
    assert archetypes, "the scenarios folder should load"
    # scenarios may bring new archetypes; they show portraits/default.png until one is drawn
    assert len(archetypes & names) >= 3


def test_portraits_are_round_256px_and_distinct() -> None:
    images = {p.stem: load_image(p) for p in PORTRAITS}
    for name, img in images.items():
        assert img.get_size() == (256, 256) and img.get_flags() & pygame.SRCALPHA, name
        assert img.get_at((0, 0)).a == 0 and img.get_at((255, 255)).a == 0, name  # transparent corners
        assert img.get_at((128, 128)).a == 255 and img.get_at((128, 250)).a == 255, name  # opaque disc
        assert 0 < img.get_at((128, 2)).a < 255 or img.get_at((128, 3)).a < 255, name  # a smooth edge
    names = sorted(p.stem for p in ARCHETYPE_PORTRAITS)  # the scenario portraits: test_persona_portraits.py
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            diff = sum(abs(images[a].get_at((x, y))[ch] - images[b].get_at((x, y))[ch])
                       for x in range(0, 256, 4) for y in range(0, 256, 4) for ch in range(3))
            assert diff / (64 * 64 * 3) > 20, f"{a} and {b} look too alike"


def test_icons_are_white_on_transparent_64px() -> None:
    assert {p.stem for p in ICONS} >= {"settings", "speaker-on", "speaker-off", "phone", "phone-hang-up"}
    for path in ICONS:
        img = load_image(path)
        assert img.get_size() == (64, 64) and img.get_flags() & pygame.SRCALPHA, path.name
        pixels = [img.get_at((x, y)) for x in range(64) for y in range(64)]
        inked = [p for p in pixels if p.a > 0]
        assert 0.1 < len(inked) / len(pixels) < 0.6, path.name
        assert all(min(p.r, p.g, p.b) >= 250 for p in inked), path.name
        assert img.get_at((0, 0)).a == 0, path.name


def read_samples(path: Path) -> tuple[wave._wave_params, array]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        samples = array("h")
        samples.frombytes(wav.readframes(params.nframes))
    if sys.byteorder == "big":
        samples.byteswap()
    return params, samples


@pytest.mark.parametrize("name, low, high", [("ring.wav", 3.9, 4.1), ("dial-tone.wav", 1.9, 2.1),
                                             ("pick-up.wav", 0.1, 0.5), ("hang-up.wav", 0.1, 0.5),
                                             ("busy.wav", 1.0, 2.0)])
def test_sounds_are_22050_hz_mono_16_bit_audible_and_unclipped(name: str, low: float, high: float) -> None:
    params, samples = read_samples(ASSETS / "sounds" / name)
    assert (params.framerate, params.nchannels, params.sampwidth) == (22050, 1, 2)
    assert low <= params.nframes / params.framerate <= high
    peak = max(abs(s) for s in samples)
    assert 0.2 * 32767 < peak < 0.9 * 32767
    assert abs(samples[0]) < 500  # starts quietly: no click
    if name != "dial-tone.wav":  # the dial tone is made to loop (see below) rather than to stop
        assert abs(samples[-1]) < 500


def test_the_dial_tone_loops_without_a_seam() -> None:
    _params, samples = read_samples(ASSETS / "sounds" / "dial-tone.wav")
    # the sample after the last one, computed the same way, is the first: the wave continues smoothly
    steps = [abs(a - b) for a, b in zip(samples, samples[1:])]
    assert abs(samples[0] - samples[-1]) <= max(steps)


@pytest.mark.parametrize("script, folder", [("make_portraits.py", "portraits"), ("make_icons.py", "icons"),
                                            ("make_sounds.py", "sounds")])
def test_committed_files_are_what_the_scripts_make(script: str, folder: str, tmp_path: Path,
                                                   made_portraits: Path) -> None:
    if script == "make_portraits.py":
        made_dir = made_portraits  # made once for this module and test_persona_portraits.py
    else:
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
        subprocess.run([sys.executable, str(TOOLS / script), str(tmp_path)], check=True, env=env,
                       capture_output=True, timeout=120)
        made_dir = tmp_path
    made = sorted(p.name for p in made_dir.iterdir())
    committed = sorted(p.name for p in (ASSETS / folder).iterdir())
    assert made == committed, f"{folder}/ is not what {script} makes now (run it again and commit)"
    for name in made:
        new, old = made_dir / name, ASSETS / folder / name
        if name.endswith((".wav", ".json")):
            assert new.read_bytes() == old.read_bytes(), name
        elif new.read_bytes() != old.read_bytes():  # PNG bytes may differ between zlib versions: the pixels
            worst = max_pixel_difference(load_image(new), load_image(old))
            assert worst <= 2, f"{folder}/{name} differs from what {script} makes (regenerate and commit)"
