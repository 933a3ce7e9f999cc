"""The parts a persona portrait is assembled from: hair styles, faces, facial hair, glasses, clothes.

Every part is a function `(canvas, look, ...)` in figure.py's 256x256 design space; personas.py picks
one of each from a persona and binds the choices with functools.partial. Hair styles come in a
"back" part (drawn behind the head) and a "front" part (over the forehead); several are the
archetype portraits' own (archetypes.py), the rest are drawn here. Faces take an `Expression`, so
an archetype keeps its mood (worried, sceptical, evasive...) whoever the client is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import archetypes as arch
from drawkit import Canvas, Color, hex_color, mix
from figure import FACE_OUTLINE, WHITE, Look, Point, eyes, nose, torso

Part = Callable[[Canvas, Look], None]
SILVER = hex_color("#c9ccd3")
GOLD = hex_color("#e8b04a")


def mirror(points: Sequence[Point]) -> list[Point]:
    """The same shape reflected about the figure's centre line (x = 128)."""
    return [(256 - x, y) for x, y in points]


def nothing(c: Canvas, look: Look) -> None:
    """No part here (e.g. no hair behind a short cut)."""


# -- heads --------------------------------------------------------------------------------------
MALE_FACE_OUTLINE: tuple[Point, ...] = (
    (85, 104), (89, 79), (104, 62), (128, 56), (152, 62), (167, 79), (171, 104), (169, 130),
    (162, 150), (148, 163), (128, 168), (108, 163), (94, 150), (87, 130))
"""A broader head with a squarer jaw, for the male figure."""

HEADS = {"female": (FACE_OUTLINE, 34.0), "male": (MALE_FACE_OUTLINE, 40.0)}
"""Presentation -> (head outline, neck width)."""


# -- hair: female -------------------------------------------------------------------------------
def straight_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(76, 190), (74, 120), (82, 80), (104, 58), (128, 52), (152, 58), (174, 80),
                       (182, 120), (180, 190), (160, 198), (96, 198)])


CURTAIN = [(128, 58), (108, 61), (90, 76), (82, 104), (80, 150), (84, 190), (100, 194), (98, 160),
           (93, 130), (93, 106), (101, 86), (116, 72), (128, 67)]


def straight_front(c: Canvas, look: Look) -> None:
    """Shoulder-length hair with a centre part."""
    c.blob(look.hair, CURTAIN)
    c.blob(look.hair, mirror(CURTAIN))
    shine = mix(look.hair, WHITE, 0.2)
    c.stroke(shine, [(118, 64), (104, 70), (94, 84)], 2.0)
    c.stroke(shine, [(138, 64), (152, 70), (162, 84)], 2.0)


def ponytail_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(84, 110), (84, 80), (100, 60), (128, 52), (156, 60), (172, 80), (172, 110),
                       (128, 96)])


def ponytail_front(c: Canvas, look: Look) -> None:
    """Pulled back, with the tail over one shoulder and a bright tie."""
    c.blob(look.hair, [(86, 104), (88, 80), (104, 62), (128, 55), (152, 62), (168, 80), (170, 104),
                       (164, 88), (148, 77), (128, 73), (108, 77), (92, 90)])
    c.blob(look.hair, [(166, 98), (182, 110), (190, 142), (188, 182), (178, 212), (168, 214), (172, 180),
                       (174, 142), (166, 116)])
    c.stroke(mix(look.hair, WHITE, 0.22), [(108, 64), (128, 59), (150, 64)], 2.0)
    c.stroke(mix(look.hair, WHITE, 0.15), [(182, 128), (183, 160), (178, 192)], 2.0)
    c.circle(mix(look.shirt, WHITE, 0.35), (172, 102), 5)


def braids_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(70, 214), (68, 130), (78, 80), (104, 56), (128, 50), (152, 56), (178, 80),
                       (188, 130), (186, 214), (160, 220), (96, 220)])


def braids_front(c: Canvas, look: Look) -> None:
    """Long braids falling either side of a centre part."""
    c.blob(look.hair, CURTAIN)
    c.blob(look.hair, mirror(CURTAIN))
    line = mix(look.hair, (0, 0, 0), 0.35)
    shine = mix(look.hair, WHITE, 0.18)
    for k in range(4):
        x = 74 + 6 * k
        c.stroke(line, [(x + 10, 96 + 4 * k), (x + 2, 150), (x + 4, 212)], 1.6)
        c.stroke(line, [(256 - x - 10, 96 + 4 * k), (256 - x - 2, 150), (256 - x - 4, 212)], 1.6)
    c.stroke(shine, [(120, 62), (106, 68), (96, 80)], 2.0)
    c.stroke(shine, [(136, 62), (150, 68), (160, 80)], 2.0)


FEMALE_HAIR: dict[str, tuple[Part, Part]] = {
    "a bun": (arch.maria_hair_back, arch.maria_hair_front),
    "a sleek bob": (arch.dana_hair_back, arch.dana_hair_front),
    "long waves": (arch.evasive_hair_back, arch.evasive_hair_front),
    "a short crop": (arch.helen_hair_back, arch.helen_hair_front),
    "curls": (arch.diane_hair_back, arch.diane_hair_front),
    "shoulder-length hair": (straight_back, straight_front),
    "a ponytail": (ponytail_back, ponytail_front),
    "long braids": (braids_back, braids_front),
}


# -- hair: male ---------------------------------------------------------------------------------
def buzz_front(c: Canvas, look: Look) -> None:
    """A close buzz cut: a thin cap of hair, lighter where the skin shows through."""
    c.blob(mix(look.hair, look.skin, 0.28), [(87, 98), (89, 75), (105, 59), (128, 53), (151, 59), (167, 75),
                                             (169, 98), (163, 86), (146, 78), (128, 76), (110, 78), (93, 86)])


def crew_front(c: Canvas, look: Look) -> None:
    """A neat crew cut with a short straight fringe."""
    c.blob(look.hair, [(86, 100), (87, 74), (103, 56), (128, 50), (153, 56), (169, 74), (170, 100),
                       (163, 86), (142, 80), (116, 80), (94, 86)])
    c.stroke(mix(look.hair, WHITE, 0.22), [(108, 62), (128, 57), (148, 62)], 2.0)


def quiff_front(c: Canvas, look: Look) -> None:
    """Short at the sides, swept up at the front."""
    c.blob(look.hair, [(86, 100), (86, 76), (98, 56), (120, 42), (146, 40), (166, 54), (172, 78),
                       (171, 98), (162, 80), (144, 72), (120, 74), (102, 78), (92, 90)])
    c.stroke(mix(look.hair, WHITE, 0.3), [(112, 52), (132, 45), (154, 50)], 2.4)
    c.stroke(mix(look.hair, WHITE, 0.16), [(110, 62), (134, 55), (156, 62)], 1.8)


def curly_back(c: Canvas, look: Look) -> None:
    arch.curls(c, look.hair, (128, 84), 44, 32, 16, 11)


def curly_front(c: Canvas, look: Look) -> None:
    """Short, tight curls."""
    for x, y, r in ((94, 88, 10), (104, 74, 11), (118, 66, 11), (134, 65, 11), (150, 70, 11), (162, 82, 10),
                    (90, 100, 8), (166, 98, 8)):
        c.circle(look.hair, (x, y), r)
    shine = mix(look.hair, WHITE, 0.16)
    for x, y in ((106, 70), (132, 60), (154, 67)):
        c.arc(shine, (x, y + 5), 6, 4, 200, 300, 1.8)


def receding_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(82, 128), (80, 100), (86, 84), (96, 80), (100, 96), (94, 128)])
    c.blob(look.hair, mirror([(82, 128), (80, 100), (86, 84), (96, 80), (100, 96), (94, 128)]))


def receding_front(c: Canvas, look: Look) -> None:
    """A high, receding hairline: hair at the temples, a light sheen on the crown."""
    side = [(84, 110), (85, 88), (93, 74), (104, 70), (100, 84), (94, 100), (92, 112)]
    c.blob(look.hair, side)
    c.blob(look.hair, mirror(side))
    c.arc(mix(look.skin, WHITE, 0.3), (128, 80), 22, 14, 200, 300, 3.0)


MALE_HAIR: dict[str, tuple[Part, Part]] = {
    "short hair swept to the side": (arch.default_hair_back, arch.default_hair_front),
    "slicked-back hair": (arch.colin_hair_back, arch.colin_hair_front),
    "a buzz cut": (nothing, buzz_front),
    "a crew cut": (arch.default_hair_back, crew_front),
    "a quiff": (arch.default_hair_back, quiff_front),
    "short curls": (curly_back, curly_front),
    "a receding hairline": (receding_back, receding_front),
}


# -- faces --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Expression:
    """A mood: where the eyes look, how low the lids sit, the brows' curves and the mouth."""

    gaze: tuple[float, float]
    lid: float
    brow_left: tuple[Point, ...]
    brow_right: tuple[Point, ...]
    mouth: tuple[Point, ...]
    grin: bool = False
    blush: float = 0.25


FRIENDLY = Expression((0, 0), 0.0, ((100, 99), (109, 96), (118, 97)), ((138, 97), (147, 96), (156, 99)),
                      ((116, 146), (128, 151), (140, 146)))

EXPRESSIONS: dict[str, Expression] = {
    "cash-strapped": Expression((0, 0.5), 0.0, ((100, 100), (109, 96), (118, 95)),  # worried, apologetic
                                ((138, 95), (147, 96), (156, 100)), ((116, 147), (128, 152), (140, 146)), blush=0.4),
    "disputing": Expression((0, 0), 0.12, ((98, 97), (108, 97), (119, 101)),  # "I don't think so"
                            ((137, 96), (147, 88), (158, 92)), ((117, 150), (128, 150), (138, 147)), blush=0.1),
    "evasive": Expression((4.2, -0.8), 0.12, ((100, 99), (109, 96), (118, 98)),  # glancing away
                          ((138, 96), (148, 92), (157, 95)), ((118, 150), (130, 151), (140, 146)), blush=0.3),
    "billing-error": Expression((0, 0.6), 0.18, ((99, 100), (109, 100), (119, 104)),  # exasperated
                                ((137, 104), (147, 100), (157, 100)), ((118, 151), (128, 149), (138, 151)), blush=0.18),
    "concession": Expression((0, 0), 0.2, ((99, 99), (109, 95), (119, 97)),  # composed, ready to bargain
                             ((137, 97), (147, 95), (157, 98)), ((116, 148), (127, 151), (140, 146)), blush=0.22),
    "red-flags": Expression((-1.5, 0), 0.28, ((99, 97), (109, 93), (119, 95)),  # all smiles
                            ((137, 95), (147, 93), (157, 97)), ((110, 142), (128, 146), (146, 142)), grin=True, blush=0.1),
    "wrong-party": Expression((0, -0.4), 0.0, ((100, 97), (109, 92), (118, 94)),  # puzzled, polite
                              ((138, 94), (147, 92), (156, 97)), ((119, 149), (128, 150), (137, 148)), blush=0.3),
    "recorded-call": Expression((0, 0), 0.1, ((100, 98), (109, 96), (118, 97)),  # businesslike
                                ((138, 97), (147, 96), (156, 98)), ((118, 148), (128, 150), (138, 148)), blush=0.15),
    "stale-contact": Expression((-2.5, 0.3), 0.05, ((100, 98), (109, 95), (118, 97)),  # busy, distracted
                                ((138, 97), (147, 95), (156, 98)), ((117, 147), (128, 151), (139, 147)), blush=0.3),
    "broken-promise": Expression((0, 0.6), 0.0, ((100, 99), (109, 95), (118, 94)),  # embarrassed, sheepish
                                 ((138, 94), (147, 95), (156, 99)), ((117, 148), (128, 151), (139, 148)), blush=0.5),
}
"""Archetype -> expression; any other archetype gets FRIENDLY."""


def brows(c: Canvas, look: Look, mood: Expression, width: float) -> None:
    """Both brows, a little darker than the hair."""
    brow = mix(look.hair, (40, 25, 20), 0.3)
    c.stroke(brow, list(mood.brow_left), width)
    c.stroke(brow, list(mood.brow_right), width)


def lashes(c: Canvas, mood: Expression) -> None:
    """A small flick at the outer corner of each eye."""
    ink = hex_color("#2b2530")
    lift = 6 * mood.lid
    c.stroke(ink, [(101, 113 + lift), (97, 110 + lift)], 2.0)
    c.stroke(ink, [(155, 113 + lift), (159, 110 + lift)], 2.0)


def mouth(c: Canvas, mood: Expression, lips: Color, width: float) -> None:
    """The mouth: a line through the expression's points, or an open grin."""
    if mood.grin:
        (x0, y0), (xm, ym), (x1, _y1) = mood.mouth
        c.blob(lips, [(x0, y0), (xm, ym), (x1, y0), (x1 - 6, y0 + 12), (xm, ym + 12), (x0 + 6, y0 + 12)])
        c.blob(WHITE, [(x0 + 3, y0 + 1), (xm, ym + 1), (x1 - 3, y0 + 1), (x1 - 6, y0 + 6), (xm, ym + 4),
                       (x0 + 6, y0 + 6)])
    else:
        c.stroke(lips, list(mood.mouth), width)


def age_lines(c: Canvas, look: Look) -> None:
    """Laughter lines and crow's feet, for an older client."""
    line = mix(look.skin_shade, look.skin, 0.25)
    c.stroke(line, [(113, 134), (109, 141), (110, 148)], 1.6)
    c.stroke(line, [(143, 134), (147, 141), (146, 148)], 1.6)
    c.stroke(line, [(92, 112), (89, 115)], 1.4)
    c.stroke(line, [(164, 112), (167, 115)], 1.4)


# -- facial hair: the jaw part goes under the mouth, the moustache over it ------------------------
BEARD = [(87, 112), (90, 132), (98, 150), (112, 164), (128, 171), (144, 164), (158, 150), (166, 132),
         (169, 112), (162, 120), (152, 137), (140, 142), (128, 141), (116, 142), (104, 137), (94, 120)]
MOUSTACHE = [(112, 144), (120, 139), (128, 140), (136, 139), (144, 144), (138, 147), (128, 145),
             (118, 147)]
WIDE_MOUSTACHE = [(108, 145), (118, 138), (128, 139), (138, 138), (148, 145), (140, 148), (128, 145),
                  (116, 148)]
GOATEE = [(116, 157), (128, 155), (140, 157), (137, 167), (128, 171), (119, 167)]


def facial_hair(c: Canvas, look: Look, kind: str, over_mouth: bool) -> None:
    """One of FACIAL_HAIR: its jaw part (over_mouth=False) or its moustache (over_mouth=True)."""
    full, trimmed = look.hair, mix(look.hair, look.skin, 0.3)
    shadow = mix(look.skin_shade, mix(look.hair, (40, 40, 40), 0.5), 0.3)  # a shadow, whatever the colour
    jaw = {"stubble": (mix(look.skin, shadow, 0.55), BEARD), "a short beard": (trimmed, BEARD),
           "a full beard": (full, BEARD), "a goatee": (full, GOATEE)}
    lip = {"stubble": (mix(look.skin, shadow, 0.75), MOUSTACHE), "a short beard": (trimmed, MOUSTACHE),
           "a full beard": (full, MOUSTACHE), "a goatee": (full, MOUSTACHE), "a moustache": (full, WIDE_MOUSTACHE)}
    part = (lip if over_mouth else jaw).get(kind)
    if part:
        c.blob(*part)


FACIAL_HAIR = ("clean-shaven", "stubble", "a moustache", "a goatee", "a short beard", "a full beard")


# -- glasses ------------------------------------------------------------------------------------
def rect_glasses(c: Canvas, look: Look, frame: Color) -> None:
    for x in (110, 146):
        c.rect(frame, (x - 14, 104, 28, 21), radius=7)
        c.rect(mix(look.skin, WHITE, 0.35), (x - 11, 107, 22, 15), radius=5)
    _temples(c, frame, 112)


def round_glasses(c: Canvas, look: Look, frame: Color) -> None:
    for x in (110, 146):
        c.circle(frame, (x, 114), 13.5)
        c.circle(mix(look.skin, WHITE, 0.35), (x, 114), 11)
    _temples(c, frame, 112)


def _temples(c: Canvas, frame: Color, y: float) -> None:
    c.stroke(frame, [(124, y), (128, y - 2), (132, y)], 2.6)
    c.stroke(frame, [(96, y - 2), (88, y - 4)], 2.6)
    c.stroke(frame, [(160, y - 2), (168, y - 4)], 2.6)


def half_moon_glasses(c: Canvas, frame: Color) -> None:
    for x in (110, 146):
        c.arc(frame, (x, 118), 12, 9, 0, 180, 2.4)
        c.stroke(frame, [(x - 12, 118), (x + 12, 118)], 2.4)
    c.stroke(frame, [(122, 118), (128, 116), (134, 118)], 2.2)


GLASSES = ("no glasses", "rectangular glasses", "round glasses", "half-moon reading glasses")


@dataclass(frozen=True)
class FaceParts:
    """What a persona's face is made of, beyond the skin: mood, presentation, age, glasses, beard."""

    mood: Expression
    presentation: str
    older: bool
    glasses: str
    frame: Color
    facial_hair: str


def face(c: Canvas, look: Look, parts: FaceParts) -> None:
    """Eyes (behind lenses, if any), brows, nose, cheeks, lines, facial hair and mouth."""
    mood, female = parts.mood, parts.presentation == "female"
    if parts.glasses in ("rectangular glasses", "round glasses"):
        (rect_glasses if parts.glasses == "rectangular glasses" else round_glasses)(c, look, parts.frame)
    eyes(c, look, gaze=mood.gaze, lid=mood.lid)
    if female:
        lashes(c, mood)
    brows(c, look, mood, 4.0 if female else 5.2)
    nose(c, look)
    if female or mood.blush > 0.25:
        tone = mix(look.skin, hex_color("#e06a6a"), mood.blush if female else mood.blush * 0.5)
        c.ellipse(tone, (100, 134), 16, 9)
        c.ellipse(tone, (156, 134), 16, 9)
    if parts.older:
        age_lines(c, look)
    facial_hair(c, look, parts.facial_hair, over_mouth=False)
    mouth(c, mood, hex_color("#a23e4c") if female else hex_color("#8c3b3b"), 3.8 if female else 3.4)
    facial_hair(c, look, parts.facial_hair, over_mouth=True)
    if parts.glasses == "half-moon reading glasses":
        half_moon_glasses(c, parts.frame)


# -- clothes ------------------------------------------------------------------------------------
def shade(color: Color, t: float = 0.2) -> Color:
    """The colour darkened by t."""
    return mix(color, (0, 0, 0), t)


def blazer(c: Canvas, look: Look, inner: Color) -> None:
    torso(c, look.shirt)
    c.polygon(inner, [(108, 184), (128, 230), (148, 184), (128, 190)])
    lapel = shade(look.shirt, 0.22)
    c.polygon(lapel, [(106, 184), (92, 204), (114, 214), (128, 232)])
    c.polygon(lapel, [(150, 184), (164, 204), (142, 214), (128, 232)])
    c.circle(hex_color("#d8b35a"), (128, 246), 3.2)


def suit_and_tie(c: Canvas, look: Look, tie: Color) -> None:
    torso(c, look.shirt)
    c.polygon(hex_color("#eef2f6"), [(106, 182), (128, 236), (150, 182), (128, 188)])
    c.polygon(tie, [(124, 194), (132, 194), (136, 236), (128, 246), (120, 236)])
    c.polygon(shade(tie, 0.15), [(122, 186), (134, 186), (132, 196), (124, 196)])
    lapel = shade(look.shirt, 0.2)
    c.polygon(lapel, [(104, 182), (92, 202), (112, 210), (126, 244)])
    c.polygon(lapel, [(152, 182), (164, 202), (144, 210), (130, 244)])


def collared_shirt(c: Canvas, look: Look, pocket: bool = True) -> None:
    """An open-necked shirt: collar points, a button placket, a chest pocket."""
    torso(c, look.shirt, [(110, 184), (128, 206), (146, 184), (128, 188)], look.skin_shade)
    collar = mix(look.shirt, WHITE, 0.12)
    c.polygon(collar, [(104, 182), (128, 208), (114, 212), (98, 192)])
    c.polygon(collar, [(152, 182), (128, 208), (142, 212), (158, 192)])
    line = shade(look.shirt, 0.25)
    c.stroke(line, [(128, 210), (128, 300)], 1.8)
    for y in (226, 250):
        c.circle(mix(look.shirt, WHITE, 0.4), (128, y), 2.4)
    if pocket:
        c.rect(line, (146, 228, 22, 20), radius=3)
        c.rect(look.shirt, (147.5, 229.5, 19, 17), radius=2)


def flannel(c: Canvas, look: Look) -> None:
    """A checked work shirt (the checks stay inside the shoulders' outline)."""
    torso(c, look.shirt)
    check = shade(look.shirt, 0.28)
    light = mix(look.shirt, WHITE, 0.25)
    for x in (70, 96, 160, 186):
        c.stroke(check, [(x, 200), (x, 300)], 5)
    for y, x0 in ((206, 58), (228, 40), (250, 34)):
        c.stroke(check, [(x0, y), (256 - x0, y)], 5)
    for x in (83, 173):
        c.stroke(light, [(x, 200), (x, 300)], 1.4)
    collared_shirt_top(c, look)


def collared_shirt_top(c: Canvas, look: Look) -> None:
    """Just the neck opening, collar and placket (over a patterned torso)."""
    c.blob(look.skin_shade, [(110, 184), (128, 206), (146, 184), (128, 188)])
    collar = shade(look.shirt, 0.1)
    c.polygon(collar, [(104, 182), (128, 208), (114, 212), (98, 192)])
    c.polygon(collar, [(152, 182), (128, 208), (142, 212), (158, 192)])
    c.stroke(shade(look.shirt, 0.35), [(128, 210), (128, 300)], 2.0)


def polo_with_badge(c: Canvas, look: Look, badge: Color) -> None:
    torso(c, look.shirt, [(114, 184), (128, 200), (142, 184), (128, 188)], look.skin_shade)
    collar = mix(look.shirt, WHITE, 0.15)
    c.polygon(collar, [(106, 182), (126, 200), (114, 206), (100, 190)])
    c.polygon(collar, [(150, 182), (130, 200), (142, 206), (156, 190)])
    c.stroke(shade(look.shirt, 0.25), [(128, 200), (128, 228)], 1.8)
    c.rect(WHITE, (146, 212, 30, 18), radius=4)
    c.rect(badge, (146, 212, 30, 6), radius=3)
    c.stroke(hex_color("#9aa3b5"), [(151, 223), (171, 223)], 2.2)


def sweater(c: Canvas, look: Look) -> None:
    torso(c, look.shirt)
    c.ellipse(shade(look.shirt, 0.2), (128, 183), 50, 20)
    c.ellipse(look.skin_shade, (128, 180), 38, 13)
    c.stroke(shade(look.shirt, 0.12), [(70, 270), (70, 300)], 3)
    c.stroke(shade(look.shirt, 0.12), [(186, 270), (186, 300)], 3)


def cardigan(c: Canvas, look: Look, top: Color) -> None:
    """A cardigan open over a plain top."""
    torso(c, look.shirt)
    c.blob(top, [(104, 182), (128, 178), (152, 182), (146, 300), (110, 300)])
    c.ellipse(look.skin_shade, (128, 181), 34, 12)
    edge = shade(look.shirt, 0.18)
    c.stroke(edge, [(104, 184), (110, 240), (110, 300)], 3)
    c.stroke(edge, [(152, 184), (146, 240), (146, 300)], 3)
    for y in (236, 262):
        c.circle(mix(look.shirt, WHITE, 0.35), (104, y), 2.6)


def apron(c: Canvas, look: Look, apron_color: Color, stitch: Color) -> None:
    torso(c, look.shirt, [(106, 186), (128, 212), (150, 186), (128, 190)], look.skin_shade)
    c.blob(apron_color, [(84, 300), (86, 226), (96, 214), (160, 214), (170, 226), (172, 300)])
    c.stroke(apron_color, [(98, 216), (104, 196), (110, 186)], 7)
    c.stroke(apron_color, [(158, 216), (152, 196), (146, 186)], 7)
    c.rect(shade(apron_color, 0.08), (110, 226, 36, 16), radius=5)
    c.stroke(stitch, [(118, 234), (128, 230), (138, 234)], 2.6)


def hi_vis_vest(c: Canvas, look: Look) -> None:
    """A work shirt under a bright safety vest with reflective bands."""
    collared_shirt(c, look, pocket=False)
    vest = hex_color("#f2a93b")
    band = hex_color("#e9eef2")
    for side in (1, -1):
        pts = [(128 + side * 22, 190), (128 + side * 46, 194), (128 + side * 86, 216), (128 + side * 96, 300),
               (128 + side * 14, 300), (128 + side * 14, 214)]
        c.polygon(vest, pts)
        c.polygon(band, [(128 + side * 14, 252), (128 + side * 92, 252), (128 + side * 93, 262),
                         (128 + side * 14, 262)])


def necklace(c: Canvas, look: Look) -> None:
    c.stroke(GOLD, [(112, 184), (128, 198), (144, 184)], 2.2)
    c.circle(GOLD, (128, 199), 3.4)


def earrings(c: Canvas, look: Look, hoops: bool) -> None:
    for x in (86, 170):
        if hoops:
            c.circle(GOLD, (x - 1 if x < 128 else x + 1, 134), 5, width=2)
        else:
            c.circle(GOLD, (x, 132), 3.2)
