"""The archetype portraits: one hand-made `Look` per archetype plus a default (drawn by figure.py).

Each archetype has its own look and expression: cash-strapped (a busy bakery owner, apologetic and
warm), disputing (a sharp accounts-payable manager with glasses, unconvinced), evasive (an office
manager glancing away with a tight smile), billing-error (a controller who has found our mistake,
exasperated), concession (a long-standing customer's CFO, composed and ready to bargain), red-flags
(a smooth controller with a ready excuse and a wide smile) and default (a neutral, friendly client).
They are the fallback for scenarios without a portrait of their own (see personas.py), and their
hair styles are among those the persona portraits draw from.
"""

from __future__ import annotations

import math

from drawkit import Canvas, hex_color, mix
from figure import WHITE, Look, blush, eyes, nose, torso


# -- cash-strapped: Maria, the bakery owner on pie week ------------------------------------------
def maria_hair_back(c: Canvas, look: Look) -> None:
    c.circle(look.hair, (128, 57), 21)  # the bun
    c.blob(look.hair, [(80, 118), (80, 84), (96, 60), (128, 50), (160, 60), (176, 84), (176, 118),
                       (168, 128), (88, 128)])


def maria_hair_front(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(86, 100), (90, 74), (108, 59), (130, 55), (152, 60), (168, 76), (171, 98),
                       (160, 84), (142, 76), (126, 78), (110, 72), (98, 84)])
    c.stroke(mix(look.hair, WHITE, 0.18), [(110, 64), (128, 60), (146, 64)], 2.0)
    band = hex_color("#e8b04a")
    c.stroke(band, [(111, 60), (128, 56), (145, 60)], 5)  # hair tie on the bun


def maria_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt, [(106, 186), (128, 212), (150, 186), (128, 190)], look.skin_shade)
    apron = hex_color("#fbf6ec")
    c.blob(apron, [(84, 300), (86, 226), (96, 214), (160, 214), (170, 226), (172, 300)])
    c.stroke(apron, [(98, 216), (104, 196), (110, 186)], 7)
    c.stroke(apron, [(158, 216), (152, 196), (146, 186)], 7)
    c.rect(hex_color("#ecdfc6"), (110, 226, 36, 16), radius=5)  # apron pocket
    c.stroke(hex_color("#d9a054"), [(118, 234), (128, 230), (138, 234)], 2.6)  # a wheat-coloured stitch


def maria_face(c: Canvas, look: Look) -> None:
    eyes(c, look, gaze=(0, 0.5))
    # brows raised in the middle: worried, apologetic
    c.stroke(look.hair, [(100, 100), (109, 96), (118, 95)], 4.2)
    c.stroke(look.hair, [(138, 95), (147, 96), (156, 100)], 4.2)
    nose(c, look)
    blush(c, look, 0.4)
    c.stroke(hex_color("#8c3b3b"), [(116, 147), (128, 152), (140, 146)], 3.4)  # small, warm smile


def earrings(c: Canvas, look: Look) -> None:
    c.circle(hex_color("#e8b04a"), (86, 132), 3.4)
    c.circle(hex_color("#e8b04a"), (170, 132), 3.4)


CASH_STRAPPED = Look(
    background=hex_color("#f0a35e"), skin=hex_color("#c98e64"), hair=hex_color("#3a2420"),
    shirt=hex_color("#c8553d"), hair_back=maria_hair_back, hair_front=maria_hair_front,
    clothes=maria_clothes, face=maria_face, extras=[earrings])


# -- disputing: Dana in accounts payable, sure the invoice is wrong ------------------------------
def dana_hair_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(78, 150), (76, 96), (90, 64), (128, 50), (166, 64), (180, 96), (178, 150),
                       (164, 158), (92, 158)])


def dana_hair_front(c: Canvas, look: Look) -> None:
    # a sleek bob with a deep side part
    c.blob(look.hair, [(84, 118), (86, 84), (100, 64), (124, 55), (150, 58), (168, 72), (173, 100),
                       (168, 86), (150, 78), (128, 74), (104, 82), (92, 100)])
    c.stroke(mix(look.hair, WHITE, 0.25), [(118, 62), (136, 60), (154, 66)], 2.2)


def dana_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt)
    blouse = hex_color("#f4f1ea")
    c.polygon(blouse, [(108, 186), (128, 230), (148, 186), (128, 192)])
    lapel = mix(look.shirt, (0, 0, 0), 0.22)
    c.polygon(lapel, [(106, 186), (92, 204), (114, 214), (128, 232)])
    c.polygon(lapel, [(150, 186), (164, 204), (142, 214), (128, 232)])
    c.circle(hex_color("#d8b35a"), (128, 246), 3.2)  # a blazer button


def dana_face(c: Canvas, look: Look) -> None:
    glasses(c, look)
    # one brow down and in, one arched high: "I don't think so"
    brow = mix(look.hair, (60, 30, 10), 0.25)
    c.stroke(brow, [(98, 97), (108, 97), (119, 101)], 4.6)
    c.stroke(brow, [(137, 96), (147, 88), (158, 92)], 4.6)
    nose(c, look)
    c.stroke(hex_color("#8c3b3b"), [(117, 150), (128, 150), (138, 147)], 3.4)  # a firm, sideways line


def glasses(c: Canvas, look: Look) -> None:
    """Eyes behind rectangular frames (lightly tinted lenses)."""
    frame = hex_color("#23313f")
    for x in (110, 146):
        c.rect(frame, (x - 14, 104, 28, 21), radius=7)
        c.rect(mix(look.skin, WHITE, 0.35), (x - 11, 107, 22, 15), radius=5)
    eyes(c, look, gaze=(0, 0), lid=0.12)
    c.stroke(frame, [(124, 112), (128, 110), (132, 112)], 2.6)
    c.stroke(frame, [(96, 110), (88, 108)], 2.6)
    c.stroke(frame, [(160, 110), (168, 108)], 2.6)


DISPUTING = Look(
    background=hex_color("#3f8fb0"), skin=hex_color("#f0c7a4"), hair=hex_color("#b8743a"),
    shirt=hex_color("#26415e"), hair_back=dana_hair_back, hair_front=dana_hair_front,
    clothes=dana_clothes, face=dana_face)


# -- evasive: the office manager who will "check and call back" ----------------------------------
def evasive_hair_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(72, 196), (70, 120), (80, 78), (106, 56), (134, 52), (162, 62), (182, 92),
                       (188, 140), (186, 196), (160, 204), (98, 204)])


def evasive_hair_front(c: Canvas, look: Look) -> None:
    # long waves with a side-swept fringe
    c.blob(look.hair, [(84, 112), (86, 82), (104, 62), (130, 55), (156, 62), (170, 80), (172, 104),
                       (160, 86), (138, 80), (116, 86), (100, 96)])
    c.blob(look.hair, [(74, 200), (72, 150), (82, 118), (92, 124), (90, 160), (96, 200)])
    c.blob(look.hair, [(182, 200), (186, 150), (174, 118), (164, 124), (168, 160), (162, 200)])
    c.stroke(mix(look.hair, WHITE, 0.2), [(112, 66), (134, 60), (156, 68)], 2.2)


def evasive_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt, [(108, 186), (128, 214), (148, 186), (128, 190)], look.skin_shade)
    trim = mix(look.shirt, (0, 0, 0), 0.16)
    c.stroke(trim, [(106, 186), (128, 216), (150, 186)], 4)
    c.rect(WHITE, (148, 206, 28, 17), radius=4)  # name badge
    c.rect(hex_color("#5a7bd6"), (148, 206, 28, 6), radius=3)
    c.stroke(hex_color("#9aa3b5"), [(153, 216), (171, 216)], 2.2)


def evasive_face(c: Canvas, look: Look) -> None:
    eyes(c, look, gaze=(4.2, -0.8), lid=0.12)  # glancing away
    c.stroke(look.hair, [(100, 99), (109, 96), (118, 98)], 4.0)
    c.stroke(look.hair, [(138, 96), (148, 92), (157, 95)], 4.0)  # one brow up
    nose(c, look)
    blush(c, look, 0.3)
    c.stroke(hex_color("#8c3b3b"), [(118, 150), (130, 151), (140, 146)], 3.4)  # a lopsided, tight smile


def headset(c: Canvas, look: Look) -> None:
    dark = hex_color("#2f3447")
    c.arc(dark, (128, 112), 52, 62, 200, 340, 5)
    c.rect(dark, (164, 100, 14, 26), radius=6)
    c.stroke(dark, [(170, 124), (160, 146), (140, 156)], 3)
    c.circle(dark, (140, 156), 4)


EVASIVE = Look(
    background=hex_color("#8a7cc8"), skin=hex_color("#e3b08a"), hair=hex_color("#5b3a2e"),
    shirt=hex_color("#5cbfae"), hair_back=evasive_hair_back, hair_front=evasive_hair_front,
    clothes=evasive_clothes, face=evasive_face, extras=[headset])


# -- billing-error: Helen, the controller who found our mistake ----------------------------------
def helen_hair_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(80, 126), (78, 92), (92, 64), (128, 50), (164, 64), (178, 92), (176, 126),
                       (166, 118), (90, 118)])


def helen_hair_front(c: Canvas, look: Look) -> None:
    # a short silver crop, swept up and to the side
    c.blob(look.hair, [(84, 110), (84, 82), (96, 62), (120, 50), (146, 52), (166, 66), (173, 92),
                       (171, 112), (164, 92), (150, 80), (130, 76), (112, 82), (96, 92), (90, 106)])
    c.stroke(mix(look.hair, WHITE, 0.5), [(104, 64), (124, 56), (146, 58)], 2.2)
    c.stroke(mix(look.hair, (60, 60, 70), 0.25), [(110, 76), (128, 66), (152, 70)], 2.0)


def helen_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt)
    blouse = hex_color("#f2ede4")
    c.blob(blouse, [(104, 182), (128, 178), (152, 182), (146, 214), (128, 226), (110, 214)])
    c.ellipse(look.skin_shade, (128, 181), 36, 14)
    for k in range(5):  # a string of pearls
        x = 112 + 8 * k
        c.circle(hex_color("#fbf7ef"), (x, 190 + 4 - abs(2 - k) * 2.2), 3.4)
    c.stroke(mix(look.shirt, (0, 0, 0), 0.18), [(104, 184), (112, 230), (114, 260)], 3)
    c.stroke(mix(look.shirt, (0, 0, 0), 0.18), [(152, 184), (144, 230), (142, 260)], 3)


def helen_face(c: Canvas, look: Look) -> None:
    eyes(c, look, gaze=(0, 0.6), lid=0.18)
    brow = mix(look.hair, (70, 70, 80), 0.45)
    c.stroke(brow, [(99, 100), (109, 100), (119, 104)], 4.2)  # furrowed: "this is your error, not ours"
    c.stroke(brow, [(137, 104), (147, 100), (157, 100)], 4.2)
    nose(c, look)
    blush(c, look, 0.18)
    c.stroke(hex_color("#8c3b3b"), [(118, 151), (128, 149), (138, 151)], 3.4)  # pressed lips
    # half-moon reading glasses low on the nose
    frame = hex_color("#b58a3c")
    for x in (110, 146):
        c.arc(frame, (x, 118), 12, 9, 0, 180, 2.4)
        c.stroke(frame, [(x - 12, 118), (x + 12, 118)], 2.4)
    c.stroke(frame, [(122, 118), (128, 116), (134, 118)], 2.2)


BILLING_ERROR = Look(
    background=hex_color("#7fae8a"), skin=hex_color("#f1cdb0"), hair=hex_color("#c9ccd3"),
    shirt=hex_color("#8e3b4f"), hair_back=helen_hair_back, hair_front=helen_hair_front,
    clothes=helen_clothes, face=helen_face)


# -- concession: Diane, a seven-year customer's CFO with a bad quarter ----------------------------
def curls(c: Canvas, color: tuple[int, ...], center: tuple[float, float], rx: float, ry: float,
          count: int, size: float) -> None:
    """A ring of round curls around an ellipse, filled in the middle."""
    c.ellipse(color, center, 2 * rx, 2 * ry)
    for k in range(count):
        a = 2 * math.pi * k / count
        c.circle(color, (center[0] + rx * math.cos(a), center[1] + ry * math.sin(a)), size)


def diane_hair_back(c: Canvas, look: Look) -> None:
    curls(c, look.hair, (128, 106), 52, 50, 18, 14)


def diane_hair_front(c: Canvas, look: Look) -> None:
    for x, y, r in ((98, 78, 14), (116, 69, 14), (136, 67, 14), (154, 74, 14), (166, 90, 12), (90, 92, 12)):
        c.circle(look.hair, (x, y), r)
    shine = mix(look.hair, WHITE, 0.18)
    for x, y in ((110, 63), (140, 61), (96, 73)):
        c.arc(shine, (x, y + 6), 7, 5, 200, 300, 2.0)


def diane_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt, [(110, 182), (128, 208), (146, 182), (128, 186)], look.skin_shade)
    lapel = mix(look.shirt, (0, 0, 0), 0.25)
    c.polygon(lapel, [(108, 182), (94, 200), (116, 212), (128, 210)])
    c.polygon(lapel, [(148, 182), (162, 200), (140, 212), (128, 210)])
    c.stroke(hex_color("#e8b04a"), [(112, 184), (128, 200), (144, 184)], 2.6)  # a fine gold chain
    c.circle(hex_color("#e8b04a"), (128, 201), 4)


def diane_face(c: Canvas, look: Look) -> None:
    eyes(c, look, gaze=(0, 0), lid=0.2)
    c.stroke(look.hair, [(99, 99), (109, 95), (119, 97)], 4.2)
    c.stroke(look.hair, [(137, 97), (147, 95), (157, 98)], 4.2)
    nose(c, look)
    blush(c, look, 0.22)
    c.stroke(hex_color("#7a2f3a"), [(116, 148), (127, 151), (140, 146)], 3.6)  # a composed half smile
    c.circle(hex_color("#e8b04a"), (85, 134), 5, width=2)  # gold hoops
    c.circle(hex_color("#e8b04a"), (171, 134), 5, width=2)


CONCESSION = Look(
    background=hex_color("#c7789b"), skin=hex_color("#a8704d"), hair=hex_color("#231a1a"),
    shirt=hex_color("#40324f"), hair_back=diane_hair_back, hair_front=diane_hair_front,
    clothes=diane_clothes, face=diane_face)


# -- red-flags: Colin, always a good reason, always next month ------------------------------------
def colin_hair_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(84, 104), (86, 76), (104, 58), (128, 52), (152, 58), (170, 76), (172, 104),
                       (128, 92)])


def colin_hair_front(c: Canvas, look: Look) -> None:
    # slicked back, with a sharp side part
    c.blob(look.hair, [(86, 100), (86, 76), (100, 58), (126, 50), (154, 56), (170, 74), (171, 96),
                       (162, 80), (144, 72), (120, 72), (104, 76), (92, 88)])
    c.stroke(mix(look.hair, WHITE, 0.35), [(104, 66), (124, 58), (148, 60)], 2.4)
    c.stroke(mix(look.hair, WHITE, 0.2), [(110, 72), (130, 65), (152, 68)], 1.8)


def colin_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt)
    shirt = hex_color("#eef2f6")
    c.polygon(shirt, [(106, 182), (128, 236), (150, 182), (128, 188)])
    c.polygon(hex_color("#c0392b"), [(124, 194), (132, 194), (136, 236), (128, 246), (120, 236)])  # a red tie
    c.polygon(hex_color("#a93226"), [(122, 186), (134, 186), (132, 196), (124, 196)])
    lapel = mix(look.shirt, (0, 0, 0), 0.2)
    c.polygon(lapel, [(104, 182), (92, 202), (112, 210), (126, 244)])
    c.polygon(lapel, [(152, 182), (164, 202), (144, 210), (130, 244)])


def colin_face(c: Canvas, look: Look) -> None:
    eyes(c, look, gaze=(-1.5, 0), lid=0.28)
    c.stroke(look.hair, [(99, 97), (109, 93), (119, 95)], 4.4)  # relaxed, raised: "no problem at all"
    c.stroke(look.hair, [(137, 95), (147, 93), (157, 97)], 4.4)
    nose(c, look)
    c.blob(hex_color("#7a2f3a"), [(110, 142), (128, 146), (146, 142), (140, 154), (128, 158), (116, 154)])
    c.blob(WHITE, [(113, 143), (128, 147), (143, 143), (140, 148), (128, 150), (116, 148)])  # a wide grin


RED_FLAGS = Look(
    background=hex_color("#d0605e"), skin=hex_color("#eab893"), hair=hex_color("#6b4a2f"),
    shirt=hex_color("#4b5563"), hair_back=colin_hair_back, hair_front=colin_hair_front,
    clothes=colin_clothes, face=colin_face)


# -- default: any other client -------------------------------------------------------------------
def default_hair_back(c: Canvas, look: Look) -> None:
    c.blob(look.hair, [(84, 110), (86, 80), (104, 60), (128, 54), (152, 60), (170, 80), (172, 110),
                       (128, 100)])


def default_hair_front(c: Canvas, look: Look) -> None:
    # short hair swept to one side, with a soft wave along the hairline
    c.blob(look.hair, [(86, 106), (87, 80), (102, 61), (128, 52), (155, 59), (170, 77), (171, 102),
                       (165, 90), (157, 82), (142, 84), (128, 78), (114, 86), (100, 88), (92, 100)])
    c.stroke(mix(look.hair, WHITE, 0.2), [(114, 64), (132, 59), (150, 64)], 2.2)


def default_clothes(c: Canvas, look: Look) -> None:
    torso(c, look.shirt)
    rib = mix(look.shirt, (0, 0, 0), 0.2)
    c.ellipse(rib, (128, 183), 50, 20)  # a crew-neck sweater
    c.ellipse(look.skin_shade, (128, 180), 38, 13)


def default_face(c: Canvas, look: Look) -> None:
    eyes(c, look)
    c.stroke(look.hair, [(100, 99), (109, 96), (118, 97)], 4.0)
    c.stroke(look.hair, [(138, 97), (147, 96), (156, 99)], 4.0)
    nose(c, look)
    c.stroke(hex_color("#8c3b3b"), [(116, 146), (128, 151), (140, 146)], 3.4)


DEFAULT = Look(
    background=hex_color("#6b7f95"), skin=hex_color("#d9a27a"), hair=hex_color("#2f2b2a"),
    shirt=hex_color("#3d5a80"), hair_back=default_hair_back, hair_front=default_hair_front,
    clothes=default_clothes, face=default_face)

LOOKS = {
    "cash-strapped": CASH_STRAPPED,
    "disputing": DISPUTING,
    "evasive": EVASIVE,
    "billing-error": BILLING_ERROR,
    "concession": CONCESSION,
    "red-flags": RED_FLAGS,
    "default": DEFAULT,
}
"""Archetype (or "default") -> its look; written as portraits/<archetype>.png."""
