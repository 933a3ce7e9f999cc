"""Recall mode in the terminal: replies hidden, the trainee's own words matched to an option, "what do you
mean" when unclear, and picking from the list (a fallback) after the second unclear reply."""

from __future__ import annotations

import io
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.library import load_library
from game.engine.call import Call
from game.engine.machine import compile_scenario
from game.engine.recall_cost import ASK_AGAIN, FALLBACK_SHARE, UNCLEAR_MOOD
from game.ui.text.recall_prompt import ask_recall
from game.ui.text.terminal import take_call
from game.ui.text.terminal_io import Terminal

ROOT = Path(__file__).resolve().parents[2]
OFF_TOPIC = ["bananas are yellow in summer", "my cat likes the blue sofa"]


@pytest.fixture(scope="module")
def scenarios():
    return load_library([ROOT / "scenarios"]).scenarios


def _path(scenario, rng) -> list[str]:
    """The words of a random path through the scenario (lower case, no punctuation: not the exact text)."""
    call, said = Call(compile_scenario(scenario)), []
    while not call.ended:
        choice = call.options[rng.randrange(len(call.options))]
        said.append(re.sub(r"[^\w\s,.%]", "", choice.say).lower())
        call.choose(choice.index)
    call.close()
    return said


def test_a_whole_call_typed_in_own_words_takes_the_meant_replies(scenarios):
    rng = random.Random(3)
    for scenario in list(scenarios.values())[:4]:
        said = _path(scenario, rng)
        call = Call(compile_scenario(scenario), seed=rng.randrange(2 ** 32))
        typed = iter(said)
        out = io.StringIO()
        take_call(Terminal(out, lambda prompt: next(typed)), call, "BRIEF", recall=True)
        assert call.ended and len(call.steps) == len(said)
        text = out.getvalue()
        assert text.count("You said: ") == len(said) and "taken as: " in text
        assert ASK_AGAIN not in text
        for step in call.steps:  # no option was listed: each appears only as what a reply was taken as
            assert step.reply is not None and step.unclear == 0 and not step.fallback
            assert f"1. {step.node.choices[0].say[:30]}" not in text
        plain = Call.replay(compile_scenario(scenario), [s.choice.index for s in call.steps])
        assert plain.score() == call.score()


def test_unclear_twice_costs_patience_then_the_options_are_shown_for_a_fallback(scenarios):
    scenario = scenarios["sunrise-bakery"]
    call = Call(compile_scenario(scenario), seed=5)
    answers = iter(OFF_TOPIC + ["1"])
    first_shown = call.shown[0].index
    out = io.StringIO()
    step = ask_recall(Terminal(out, lambda prompt: next(answers)), call, "BRIEF", "Maria")
    text = out.getvalue()
    assert text.count(ASK_AGAIN) == 1
    assert "still does not follow" in text and "\n  1. " in text
    assert step.fallback and step.unclear == 2 and step.reply.attempts == tuple(OFF_TOPIC)
    assert step.cost["patience"] == 2 * UNCLEAR_MOOD["patience"]
    for dim, earned in step.scored.earned.items():
        assert earned <= FALLBACK_SHARE * step.scored.at_stake[dim] + 1e-9
    assert step.choice.index == first_shown


def test_one_unclear_reply_then_a_clear_one(scenarios):
    scenario = scenarios["sunrise-bakery"]
    call = Call(compile_scenario(scenario))
    good = scenario.nodes[scenario.start].choices[0].say
    answers = iter([OFF_TOPIC[0], good.lower()])
    out = io.StringIO()
    step = ask_recall(Terminal(out, lambda prompt: next(answers)), call, "BRIEF", "Maria")
    assert step.choice.index == 0 and step.unclear == 1 and not step.fallback
    assert step.cost == {"patience": UNCLEAR_MOOD["patience"]}
    assert "\n  1. " not in out.getvalue()


def test_play_text_recall_from_the_command_line(scenarios, tmp_path):
    said = _path(scenarios["sunrise-bakery"], random.Random(11))
    script = "\n" + "\n".join(said) + "\n"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "play", "--text", "--recall", "sunrise-bakery",
                           "--name", "Ana", "--practice", "--db", str(tmp_path / "r.db")], input=script,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Recall mode" in done.stdout and done.stdout.count("You said: ") == len(said)
    assert "DEBRIEF" in done.stdout and "Traceback" not in done.stderr
    debrief = done.stdout.split("DEBRIEF", 1)[1]
    assert f"You typed \"{said[0][:20]}" in debrief and "taken as this reply (match " in debrief
    assert "INFO:" not in done.stdout + done.stderr


def test_a_spoken_reply_in_the_terminal(scenarios, tmp_path):
    sys.path.insert(0, str(ROOT / "tests" / "recall"))
    from espeak_audio import espeak_available, speak_to_wav
    from game.recall.speech import read_wav
    from game.ui.text.recall_prompt import Listener

    if not espeak_available():
        pytest.skip("espeak-ng is not installed")
    scenario = scenarios["sunrise-bakery"]
    call = Call(compile_scenario(scenario))
    meant = call.options[0]
    pcm = read_wav(speak_to_wav(meant.say, tmp_path / "hi.wav"))
    out = io.StringIO()
    term = Terminal(out, lambda prompt: "")
    step = ask_recall(term, call, "BRIEF", "Maria", listener=Listener(term, capture=lambda: pcm))
    assert "Heard: \"" in out.getvalue() and step.reply.spoken and step.choice.index == meant.index


def test_no_microphone_is_one_line_and_typing_still_works(scenarios):
    from game.ui.mic import MicUnavailable
    from game.ui.text.recall_prompt import Listener

    def no_mic() -> bytes:
        raise MicUnavailable("No microphone found. Type your reply instead.")

    scenario = scenarios["sunrise-bakery"]
    call = Call(compile_scenario(scenario))
    answers = iter(["", scenario.nodes[scenario.start].choices[0].say])
    out = io.StringIO()
    term = Terminal(out, lambda prompt: next(answers))
    step = ask_recall(term, call, "BRIEF", "Maria", listener=Listener(term, capture=no_mic))
    assert out.getvalue().count("No microphone found") == 1
    assert step.choice.index == 0 and not step.reply.spoken and step.unclear == 0


def test_a_recall_call_resumes_with_its_costs_and_refuses_edited_words(scenarios, tmp_path):
    import sqlite3
    from contextlib import closing

    from game.records.store import RecordStore
    from game.ui.text.terminal import offer_resume

    scenario = scenarios["sunrise-bakery"]
    db = tmp_path / "r.sqlite3"
    with RecordStore.open(db) as store:
        name = store.sign_in("Ana")
        call = Call(compile_scenario(scenario), seed=3)
        call_id = store.start_call(name, scenario, None, call.seed)
        first = scenario.nodes[scenario.start].choices[0].say.lower()
        answers = iter([OFF_TOPIC[0], first])
        ask_recall(Terminal(io.StringIO(), lambda prompt: next(answers)), call, "B", "Maria")
        store.record_step(call_id, call)
        library = load_library([ROOT / "scenarios"])
        resumed, _ = offer_resume(Terminal(io.StringIO(), lambda prompt: "y"), library, store, name)
        assert dict(resumed.meters) == dict(call.meters) and resumed.steps[0].unclear == 1
        assert resumed.steps[0].reply.said == first  # what was said comes back for the debrief
        resumed.close()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with closing(sqlite3.connect(db, isolation_level=None)) as conn:
        conn.execute("UPDATE recall_replies SET said = 'my cat likes the blue sofa'")
    with RecordStore.open(db) as store:
        out = io.StringIO()
        assert offer_resume(Terminal(out, lambda prompt: "y"), library, store, "Ana") is None
        assert "cannot resume: decision 1: the stored words \"my cat likes the blue sofa\"" in out.getvalue()
