"""The recall turn's rules (game/recall/turn.py), the one implementation the terminal and the window drive:
taken, "what do you mean" with its patience cost, the fallback after the second unclear reply with its
penalty, a plain pick (no penalty) when the model cannot be loaded, and nothing for an empty reply.
A scripted matcher keeps these fast and independent of the model's numbers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from game.engine.call import Call
from game.engine.machine import compile_scenario
from game.engine.recall_cost import FALLBACK_SHARE, MAX_UNCLEAR, UNCLEAR_MOOD
from game.recall.errors import RecallUnavailable
from game.recall.match import Match
from game.recall.turn import ASK, EMPTY, PICK, TAKEN, UNAVAILABLE, RecallTurn

ROOT = Path(__file__).resolve().parents[2]


def scripted(*answers):
    """A matcher that answers, in turn: an option index (clear), None (unclear) or an exception."""
    queue = list(answers)

    def match(text, options):
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        sims = tuple(0.9 if i == answer else 0.1 for i in range(len(options)))
        if answer is None:
            return Match("unclear", None, tuple(0.3 for _ in options), sims, 0.0)
        return Match("clear", answer, sims, sims, 0.8)
    return match


@pytest.fixture
def call(recall_library):
    return Call(compile_scenario(recall_library["sunrise-bakery"]), seed=5)


def test_a_clear_reply_is_taken_with_what_was_said(call):
    turn = RecallTurn(call, scripted(1))
    outcome = turn.submit("  why   not  ")
    assert outcome.kind == TAKEN and outcome.said == "why not"
    step = outcome.step
    assert step.choice.index == 1 and outcome.taken_as == step.choice.say
    assert step.reply.said == "why not" and step.reply.similarities[1] == 0.9
    assert step.unclear == 0 and not step.fallback and not step.reply.spoken


def test_unclear_then_clarified_costs_one_round_of_patience(call):
    patience = call.meters["patience"]
    turn = RecallTurn(call, scripted(None, 0))
    assert turn.submit("hmm", spoken=True).kind == ASK and not turn.picking and not call.steps
    step = turn.submit("the first one", spoken=True).step
    assert step.unclear == 1 and step.reply.attempts == ("hmm",) and step.reply.spoken and not step.fallback
    assert step.cost["patience"] <= UNCLEAR_MOOD["patience"] and step.meters_before["patience"] == patience
    assert turn.attempts == []  # the next node starts afresh


def test_a_second_unclear_reply_falls_back_to_the_options_with_the_penalty(call):
    turn = RecallTurn(call, scripted(*[None] * MAX_UNCLEAR))
    assert turn.submit("a").kind == ASK
    assert turn.submit("b").kind == PICK and turn.picking and turn.fallback
    assert turn.submit("c").kind == PICK  # no more matching once the options are shown
    step = turn.pick(0)
    assert step.fallback and step.unclear == MAX_UNCLEAR and step.reply.attempts == ("a", "b")
    assert step.reply.fallback and step.reply.said == ""
    assert step.cost["patience"] == MAX_UNCLEAR * UNCLEAR_MOOD["patience"]
    assert all(step.scored.earned[d] <= FALLBACK_SHARE * step.scored.at_stake.get(d, 0.0) + 1e-9
               for d in step.scored.earned)
    assert not turn.picking


def test_no_model_means_a_plain_pick_without_the_penalty(call):
    turn = RecallTurn(call, scripted(RecallUnavailable("no model here")))
    outcome = turn.submit("hello")
    assert outcome.kind == UNAVAILABLE and outcome.problem == "no model here" and turn.picking
    assert not turn.fallback
    step = turn.pick(0)
    assert not step.fallback and step.unclear == 0 and step.reply is None and not step.cost


def test_an_empty_reply_does_nothing(call):
    turn = RecallTurn(call, scripted())
    assert turn.submit("   ").kind == EMPTY and not turn.attempts and not call.steps
    with pytest.raises(ValueError):
        turn.pick(0)


def test_the_turn_imports_no_front_end():
    tree = ast.parse((ROOT / "game" / "recall" / "turn.py").read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not any(n.startswith(("pygame", "game.ui")) for n in names), names
