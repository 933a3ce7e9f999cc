"""The balance measures (game/authoring/balance.py) on fixtures whose answers are known by hand:
tests/authoring/fixtures/gaming-lab.yaml has three decisions of three replies (the longest always a
top reply, the shortest always critical) and 8 of its 27 calls pass (those without a critical reply)."""

from __future__ import annotations

import pytest

from authoring_helpers import FIXTURES, load, rulebook
from game.authoring.balance import Difficulty, difficulty, measure, node_cues
from game.authoring.balance_report import library_lines, markdown_lines, scenario_lines, to_json
from game.content.scenario_loader import load_scenario_text
from game.engine.machine import compile_scenario

GAMING_LAB = FIXTURES / "gaming-lab.yaml"


def test_random_pass_and_passing_share_are_exact_on_the_fixture() -> None:
    d = difficulty(compile_scenario(load(GAMING_LAB)))
    assert d.exact and d.calls == 27
    assert d.random_pass == pytest.approx(8 / 27)
    assert d.passing_share == pytest.approx(8 / 27)
    assert d.traps == 3


def test_too_many_calls_falls_back_to_a_seeded_sample_close_to_the_exact_figure() -> None:
    compiled = compile_scenario(load(GAMING_LAB))
    sampled = difficulty(compiled, path_limit=5)
    assert not sampled.exact and sampled.calls > 27
    assert sampled.random_pass == pytest.approx(8 / 27, abs=0.03)
    assert difficulty(compiled, path_limit=5) == sampled  # seeded: the same figures every run


def test_cues_on_the_fixture() -> None:
    cues = node_cues(compile_scenario(load(GAMING_LAB)))
    assert [c.node for c in cues] == ["open", "middle", "close"]
    assert all(c.longest_top and not c.shortest_top for c in cues)
    assert [c.plausible for c in cues] == [2, 2, 2]


def _variant(text_from: str, text_to: str):
    text = GAMING_LAB.read_text(encoding="utf-8").replace(text_from, text_to)
    result = load_scenario_text(text, "variant.yaml", rulebook())
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    return result.scenario


def test_no_single_slip_sinks_the_fixture_but_a_ruinous_one_does() -> None:
    """In the fixture any call of non-critical replies passes, so no slip sinks it. Make the second
    reply of the first decision cost the whole professionalism range: one slip there fails the call."""
    d = measure(load(GAMING_LAB)).difficulty
    assert d.sink_at is None and d.sink_turn == 1.0 and d.best_length == 3
    ruinous = _variant('''        score: {professionalism: 1, clarity: 1}
        rules: [do-stay-professional]''', '''        score: {professionalism: -10, clarity: -10}
        breaks: [do-stay-professional]''')
    d = measure(ruinous).difficulty
    assert d.sink_at == 1 and d.sink_turn == 0.0


def test_levels_from_the_bounds() -> None:
    easy = Difficulty(0.30, 0.30, 27, True, 1, 1.0, None, 3)
    hard = Difficulty(0.001, 0.01, 400, True, 8, 0.1, 2, 10)
    middle = Difficulty(0.01, 0.12, 400, True, 4, 0.5, 5, 10)
    assert (easy.level, middle.level, hard.level) == (1, 2, 3)
    assert easy.level_of("traps") == 1 and hard.level_of("traps") == 3


def test_reports_name_the_figures() -> None:
    b = measure(load(GAMING_LAB))
    text = "\n".join(scenario_lines(b) + library_lines([b]))
    assert "random play passes 30%" in text and "exact over 27 playable calls" in text
    assert "critical traps a call can reach: 3" in text and "never (no single slip)" in text
    assert "longest reply is a top reply at 3 of 3 decision nodes" in text
    data = to_json(b)
    assert data["random_pass"] == pytest.approx(8 / 27) and data["measured"] == b.difficulty.level
    assert any(line.startswith("| `gaming-lab` | 1 |") for line in markdown_lines([b], "###"))
