"""Figures spelled out as the speech recogniser hears them."""

from __future__ import annotations

import pytest

from game.recall.numbers import integer_words, spell_numbers


@pytest.mark.parametrize("n, words", [(0, "zero"), (7, "seven"), (13, "thirteen"), (40, "forty"),
                                      (99, "ninety nine"), (100, "one hundred"), (1860, "one thousand eight hundred sixty"),
                                      (16440, "sixteen thousand four hundred forty"), (2_000_001, "two million one")])
def test_integer_words(n, words):
    assert integer_words(n) == words


def test_spell_numbers_in_text():
    assert spell_numbers("1,275.50 due") == "one thousand two hundred seventy five point five zero due"
    assert spell_numbers("on the 22nd and 1st") == "on the twenty second and first"
    assert spell_numbers("INV-2291") == "INV-two thousand two hundred ninety one"
    assert spell_numbers("no figures") == "no figures"
