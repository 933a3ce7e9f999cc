"""One portrait per scenario persona, derived deterministically from the persona in the YAML file.

The persona's name is the seed: every trait (skin tone, hair style and colour, clothing colour,
glasses, facial hair, earrings) is picked from a SHA-256 hash of the name and the trait's own label,
so a persona looks the same on every run and machine, and adding a trait never changes the others.
`persona.voice.gender` decides the presentation (the female or the male figure), so the face
agrees with the voice the client speaks with; without one, the figure is male, like espeak-ng's
base voice. The role hints at age (a CFO or controller is more often grey, a specialist or a
newcomer younger) and, with the company, at the clothes (an owner's apron at a bakery, a checked
work shirt in a trade, a suit for an executive). The archetype keeps its expression (worried,
sceptical, evasive...) and tints the background.

Distinct personas must look distinct: personas are planned in scenario-id order, and one that would
share too much with a portrait already planned (less than MIN_DIFFERENCES apart, see Traits)
is re-seeded with "name#1", "name#2"... until it stands apart. A later call with a client the
library already has (a follow-up or broken-promise call with the same name, company, role and voice,
see `Persona.client`) is the same person: it is planned after every first call and keeps that
client's traits, with only the background following its own archetype.
"""

from __future__ import annotations

import colorsys
import dataclasses
import functools
import hashlib
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence, TypeVar

import yaml

import persona_parts as parts
from archetypes import LOOKS
from drawkit import Canvas, Color, hex_color, mix
from figure import Look

T = TypeVar("T")
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""yaml.safe_load's loader, in C when libyaml is there (the scenario files are long)."""
YAML_SUFFIXES = (".yaml", ".yml")
RULEBOOK_NAME = "rulebook.yaml"
VISIBLE_WEIGHTS = (1, 2, 2, 1, 1, 1, 1, 1)
"""Hair style and hair colour catch the eye first: they count double."""
MIN_DIFFERENCES = 5
CONTINUATIONS = ("follow-up", "broken-promise")
"""Archetypes of a later call with a client (game/authoring/library_rules.py, CONTINUATIONS)."""
"""Two portraits of the same presentation must differ this much (so never in the hair alone)."""

SKIN_TONES = ("#f6d3b8", "#f0c7a4", "#e3b08a", "#d9a27a", "#c98e64", "#a8704d", "#8d5a3b", "#6b4330")
HAIR_COLOURS = {"black": "#1f1a1a", "dark brown": "#3a2420", "brown": "#5b3a2e", "chestnut": "#7a4a2a",
                "auburn": "#8e3b22", "copper": "#b8743a", "dark blonde": "#a7844f", "blonde": "#d6b46a"}
CLOTHES_COLOURS = {"navy": "#26415e", "blue": "#3d5a80", "slate": "#4b5563", "aubergine": "#40324f",
                   "wine": "#8e3b4f", "brick": "#c8553d", "forest green": "#2f6b4f", "teal": "#3a9e8f",
                   "mustard": "#b5893c", "purple": "#6d4c8a", "grey-blue": "#7a8a99", "raspberry": "#a34d6b"}
FRAME_COLOURS = ("#23313f", "#6b3d2a", "#8a1c2b", "#b58a3c", "#2c5d7c")
GREYS = {"younger": (0.0,), "middle": (0.0, 0.0, 0.0, 0.35), "older": (0.0, 0.35, 0.55, 0.75, 0.9)}
"""How grey the hair is, by age (0 = its own colour, 1 = silver)."""

SENIOR = re.compile(r"\b(chief|cfo|ceo|coo|controller|director|president|general manager|partner|founder|vp)\b")
JUNIOR = re.compile(r"\b(specialist|assistant|clerk|coordinator|junior|trainee|intern|associate|started|new)\b")
FOOD = re.compile(r"\b(bakery|bakeries|caf[eé]s?|catering|flowers?|florists?|kitchens?|restaurants?|deli|bistro)\b")
TRADE = re.compile(r"\b(drywall|framing|construction|machining|print|hardware|aggregates|quarry|lumber|"
                   r"plumbing|electric|roofing|welding|landscaping|builders?)\b")


@dataclass(frozen=True)
class Persona:
    """What a portrait is made from: one scenario's persona, as its YAML file gives it."""

    scenario_id: str
    archetype: str
    name: str
    company: str
    role: str
    gender: str | None

    @property
    def presentation(self) -> str:
        """The figure to draw: the voice's gender, else male (espeak-ng's base voice)."""
        return "female" if self.gender == "female" else "male"

    @property
    def client(self) -> tuple[str, str, str, str | None]:
        """Who the persona is: two scenarios with the same client draw the same person."""
        return (" ".join(self.name.casefold().split()), self.company, self.role, self.gender)

    @property
    def continues(self) -> bool:
        """Whether the scenario is a later call with a client (its archetype in CONTINUATIONS)."""
        return self.archetype in CONTINUATIONS


@dataclass(frozen=True)
class Traits:
    """Everything chosen for one portrait (names, so a description can be read from them)."""

    presentation: str
    age: str
    skin: int
    hair_style: str
    hair_colour: str
    grey: float
    clothes: str
    clothes_colour: str
    glasses: str
    frame: str
    facial_hair: str
    earrings: str
    background: Color

    def visible(self) -> tuple[Any, ...]:
        """The traits that tell two portraits apart at a glance (compared one by one, with the
        weights in VISIBLE_WEIGHTS)."""
        return (self.skin, self.hair_style, (self.hair_colour, self.greyness), self.clothes,
                self.clothes_colour, self.glasses, self.facial_hair, self.earrings)

    @property
    def greyness(self) -> str:
        """How the hair reads: in its own colour, greying or grey."""
        return "own" if self.grey < 0.3 else "greying" if self.grey <= 0.7 else "grey"

    def differences(self, other: "Traits") -> int:
        """How far apart two portraits look: the weights of the visible traits that differ (all of
        them, for a different presentation)."""
        if self.presentation != other.presentation:
            return sum(VISIBLE_WEIGHTS)
        return sum(w for w, a, b in zip(VISIBLE_WEIGHTS, self.visible(), other.visible()) if a != b)

    def describe(self) -> str:
        """A one-line description, e.g. for the sidecar and for alt text."""
        hair = {"own": f"{self.hair_colour} hair", "greying": f"greying {self.hair_colour} hair",
                "grey": "grey hair"}[self.greyness]
        bits = [f"{self.presentation}, {self.age}", f"skin tone {self.skin + 1} of {len(SKIN_TONES)}",
                f"{hair}, {self.hair_style}", f"{self.clothes} in {self.clothes_colour}"]
        if self.facial_hair != "clean-shaven" and self.presentation == "male":
            bits.append(self.facial_hair)
        if self.glasses != "no glasses":
            bits.append(self.glasses)
        if self.earrings != "no earrings":
            bits.append(self.earrings)
        return "; ".join(bits)


# -- reading the scenarios ----------------------------------------------------------------------
def read_personas(folder: Path) -> list[Persona]:
    """Every scenario's persona in `folder` (its *.yaml but the rulebook), sorted by scenario id.
    A file that does not parse or has no id/persona is skipped with a warning on stderr; so is a
    second file with an id already seen."""
    found: dict[str, Persona] = {}
    files = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.name != RULEBOOK_NAME
                   and p.is_file()) if folder.is_dir() else []
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            print(f"skipped {path.name}: {exc.__class__.__name__}", file=sys.stderr)
            continue
        persona = data.get("persona") if isinstance(data, dict) else None
        sid = data.get("id") if isinstance(data, dict) else None
        if not isinstance(persona, dict) or not isinstance(sid, str) or not isinstance(persona.get("name"), str):
            print(f"skipped {path.name}: no scenario id or persona name", file=sys.stderr)
            continue
        if sid in found:
            print(f"skipped {path.name}: scenario id {sid!r} already used", file=sys.stderr)
            continue
        voice = persona.get("voice") if isinstance(persona.get("voice"), dict) else {}
        gender = voice.get("gender") if voice.get("gender") in ("female", "male") else None
        found[sid] = Persona(sid, str(data.get("archetype") or "default"), persona["name"].strip(),
                             str(persona.get("company") or ""), str(persona.get("role") or ""), gender)
    return [found[sid] for sid in sorted(found)]


# -- picking traits -----------------------------------------------------------------------------
def unit(seed: str, label: str) -> float:
    """A number in [0, 1) fixed by the seed and the trait's label."""
    digest = hashlib.sha256(f"{seed}\x1f{label}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2 ** 64


def pick(seed: str, label: str, options: Sequence[T], weights: Sequence[float] | None = None) -> T:
    """One of `options`, fixed by the seed and label (weighted, when weights are given)."""
    u = unit(seed, label)
    weights = weights or [1.0] * len(options)
    total, acc = float(sum(weights)), 0.0
    for option, weight in zip(options, weights):
        acc += weight / total
        if u < acc:
            return option
    return options[-1]


def age_of(seed: str, role: str) -> str:
    """'younger', 'middle' or 'older', leaning on what the role suggests."""
    role = role.lower()
    if SENIOR.search(role):
        weights = (0.0, 0.45, 0.55)
    elif JUNIOR.search(role):
        weights = (0.75, 0.25, 0.0)
    elif "owner" in role:
        weights = (0.15, 0.6, 0.25)
    else:
        weights = (0.3, 0.55, 0.15)
    return pick(seed, "age", ("younger", "middle", "older"), weights)


def wardrobe(persona: Persona) -> tuple[str, ...]:
    """The clothes that suit the role and the company, most fitting first."""
    role, company = persona.role.lower(), persona.company.lower()
    hands_on = "owner" in role or "store" in role or "shop" in role or "foreman" in role
    if hands_on and FOOD.search(company):
        return ("an apron",)
    if "store" in role or "shop" in role:
        return ("a polo shirt with a name badge",)
    if hands_on and TRADE.search(company):
        return ("a checked work shirt", "a safety vest", "an open-necked shirt")
    if SENIOR.search(role):
        if persona.presentation == "male":
            return ("a suit and tie", "a blazer", "an open-necked shirt")
        return ("a blazer", "a cardigan", "a sweater")
    return ("a cardigan", "a sweater", "an open-necked shirt", "a blazer")


def background_for(archetype: str, seed: str) -> Color:
    """The archetype's background colour (a stable hue of its own for other archetypes), nudged a
    little in hue and lightness by the persona."""
    if archetype in LOOKS:
        r, g, b = (v / 255 for v in LOOKS[archetype].background[:3])
        h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    else:
        h, lightness, s = unit(archetype, "hue"), 0.55, 0.38
    h = (h + (unit(seed, "hue shift") - 0.5) * 0.07) % 1.0
    lightness = min(0.68, max(0.4, lightness + (unit(seed, "lightness") - 0.5) * 0.1))
    return tuple(round(v * 255) for v in colorsys.hls_to_rgb(h, lightness, s))


def far_from(color: str, background: Color, distance: float = 80) -> bool:
    """Whether a clothing colour stands out against the background."""
    return sum((a - b) ** 2 for a, b in zip(hex_color(color), background)) ** 0.5 >= distance


def traits_for(persona: Persona, seed: str) -> Traits:
    """Every trait of the persona's portrait, picked with `seed` (the name, or a re-seeded name)."""
    female = persona.presentation == "female"
    age = age_of(seed, persona.role)
    skin = pick(seed, "skin", range(len(SKIN_TONES)))
    deep = skin >= 5
    hair_names = list(HAIR_COLOURS)[:2] if skin >= 6 else list(HAIR_COLOURS)[:5] if skin >= 4 else list(HAIR_COLOURS)
    grey = pick(seed, "grey", GREYS[age])
    if female:
        styles = list(parts.FEMALE_HAIR)
        weights = [2.0 if s in ("curls", "long braids") and deep else 0.6 if s in ("curls", "long braids") else 1.0
                   for s in styles]
    else:
        styles = list(parts.MALE_HAIR)
        weights = [2.0 if s == "short curls" and deep else 2.0 if s == "a receding hairline" and age == "older"
                   else 0.2 if s == "a receding hairline" and age == "younger" else 1.0 for s in styles]
    background = background_for(persona.archetype, seed)
    colours = [n for n, code in CLOTHES_COLOURS.items() if far_from(code, background)] or list(CLOTHES_COLOURS)
    glasses_w = (0.45, 0.2, 0.1, 0.25) if age == "older" else (0.6, 0.25, 0.15, 0.0)
    beard_w = {"younger": (0.45, 0.25, 0.05, 0.1, 0.15, 0.0), "middle": (0.4, 0.15, 0.1, 0.1, 0.15, 0.1),
               "older": (0.45, 0.0, 0.15, 0.0, 0.2, 0.2)}[age]
    hair_style = pick(seed, "hair style", styles, weights)
    long_hair = hair_style in ("long waves", "shoulder-length hair", "long braids", "curls")
    return Traits(
        presentation=persona.presentation, age=age, skin=skin, hair_style=hair_style,
        hair_colour=pick(seed, "hair colour", hair_names), grey=grey,
        clothes=pick(seed, "clothes", wardrobe(persona)), clothes_colour=pick(seed, "clothes colour", colours),
        glasses=pick(seed, "glasses", parts.GLASSES, glasses_w), frame=pick(seed, "frame", FRAME_COLOURS),
        facial_hair="clean-shaven" if female else pick(seed, "facial hair", parts.FACIAL_HAIR, beard_w),
        earrings="no earrings" if not female or long_hair else
        pick(seed, "earrings", ("no earrings", "stud earrings", "hoop earrings"), (0.4, 0.35, 0.25)),
        background=background)


def plan(personas: Sequence[Persona]) -> list[tuple[Persona, Traits]]:
    """Traits for every persona, in order, each at least MIN_DIFFERENCES from all the portraits
    before it and in a hair style no more common than its share (re-seeding "name#1", "name#2"...
    when needed; after many tries, only the distance counts). A later call with a client already
    planned keeps that client's traits, on its own archetype's background; the result is in the
    order given."""
    firsts = [p for p in personas if not p.continues]
    known = {p.client for p in firsts}
    firsts += [p for p in personas if p.continues and p.client not in known]
    counts = {p: sum(q.presentation == p for q in firsts) for p in ("female", "male")}
    styles = {"female": len(parts.FEMALE_HAIR), "male": len(parts.MALE_HAIR)}
    share = {p: max(2, math.ceil(counts[p] / styles[p])) for p in counts}
    planned: list[tuple[Persona, Traits]] = []
    seeds: dict[str, tuple[Traits, str]] = {}
    clients: dict[tuple[str, str, str, str | None], tuple[Traits, str]] = {}
    for persona in firsts:
        base = " ".join(persona.name.casefold().split())
        for attempt in range(400):
            traits = traits_for(persona, base if attempt == 0 else f"{base}#{attempt}")
            same_style = sum(other.hair_style == traits.hair_style and other.presentation == traits.presentation
                             for _, other in planned)
            if all(traits.differences(other) >= MIN_DIFFERENCES for _, other in planned) \
                    and (same_style < share[traits.presentation] or attempt >= 200):
                break
        planned.append((persona, traits))
        seeds[persona.scenario_id] = (traits, base if attempt == 0 else f"{base}#{attempt}")
        if not persona.continues:
            clients.setdefault(persona.client, seeds[persona.scenario_id])
    out = []
    for persona in personas:
        traits, seed = clients[persona.client] if persona.continues and persona.client in clients \
            else seeds[persona.scenario_id]
        out.append((persona, dataclasses.replace(traits, background=background_for(persona.archetype, seed))))
    return out


# -- from traits to a Look ----------------------------------------------------------------------
def dress(c: Canvas, look: Look, traits: Traits, accent: Color) -> None:
    """The persona's clothes (and a necklace with a blazer, cardigan or sweater, for some women)."""
    kind = traits.clothes
    if kind == "a blazer":
        parts.blazer(c, look, mix(accent, (255, 255, 255), 0.75))
    elif kind == "a suit and tie":
        parts.suit_and_tie(c, look, accent)
    elif kind == "a checked work shirt":
        parts.flannel(c, look)
    elif kind == "a safety vest":
        parts.hi_vis_vest(c, look)
    elif kind == "a polo shirt with a name badge":
        parts.polo_with_badge(c, look, accent)
    elif kind == "an apron":
        parts.apron(c, look, hex_color("#fbf6ec"), accent)
    elif kind == "a cardigan":
        parts.cardigan(c, look, mix(accent, (255, 255, 255), 0.7))
    elif kind == "a sweater":
        parts.sweater(c, look)
    else:
        parts.collared_shirt(c, look)
    if traits.presentation == "female" and kind in ("a blazer", "a cardigan", "a sweater") \
            and traits.earrings == "no earrings":
        parts.necklace(c, look)


def greyed(hair: Color, grey: float) -> Color:
    """Hair going grey: its colour drained (so red hair does not turn pink) and mixed with silver."""
    if grey <= 0:
        return hair
    luma = round(0.3 * hair[0] + 0.59 * hair[1] + 0.11 * hair[2])
    return mix(mix(hair, (luma, luma, luma), min(1.0, grey * 1.3)), parts.SILVER, grey)


def look_for(persona: Persona, traits: Traits) -> Look:
    """The figure.py Look that draws this persona."""
    female = traits.presentation == "female"
    outline, neck = parts.HEADS[traits.presentation]
    back, front = (parts.FEMALE_HAIR if female else parts.MALE_HAIR)[traits.hair_style]
    hair = greyed(hex_color(HAIR_COLOURS[traits.hair_colour]), traits.grey)
    accent = hex_color(pick(persona.name, "accent", ("#c0392b", "#e8b04a", "#5a7bd6", "#2f8f6b", "#a34d6b")))
    face_parts = parts.FaceParts(parts.EXPRESSIONS.get(persona.archetype, parts.FRIENDLY), traits.presentation,
                                 traits.age == "older", traits.glasses, hex_color(traits.frame), traits.facial_hair)
    extras = []
    if traits.earrings != "no earrings":
        extras.append(functools.partial(parts.earrings, hoops=traits.earrings == "hoop earrings"))
    return Look(background=traits.background, skin=hex_color(SKIN_TONES[traits.skin]), hair=hair,
                shirt=hex_color(CLOTHES_COLOURS[traits.clothes_colour]), hair_back=back, hair_front=front,
                clothes=functools.partial(dress, traits=traits, accent=accent),
                face=functools.partial(parts.face, parts=face_parts), extras=extras,
                face_outline=outline, neck_width=neck)


def sidecar_entry(persona: Persona, traits: Traits) -> dict[str, Any]:
    """What portraits.json says about one scenario's portrait."""
    return {"file": f"{persona.scenario_id}.png", "name": persona.name, "gender": persona.gender,
            "presentation": traits.presentation, "archetype": persona.archetype, "look": traits.describe()}
