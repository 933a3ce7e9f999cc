"""Live preview carries a call over by choice identity (issue 12, "live preview that never lies"): after a
reload the taken replies are found again by their authored `id:` (or, without one, by their text)
wherever they now are in the node; a reply that is gone or changed meaning stops the replay there, says
which decision it was, and keeps the decisions before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from authoring_helpers import FIXTURES, RULEBOOK_PATH
from game.authoring.watch import ScenarioWatcher, carry_over
from game.engine.call import Call
from game.engine.machine import compile_scenario

BIG = '''      - say: "Big opener."
        score: {professionalism: 3}
        mood: {trust: -10}
        rules: [do-stay-professional]
        feedback: Big.
        goto:
          - {if: "trust >= 50", to: bonus}
          - {to: plain}
'''
SMALL = '''      - say: "Small opener."
        score: {professionalism: 1}
        rules: [do-stay-professional]
        feedback: Small.
        goto: bonus
'''


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    shutil.copy(RULEBOOK_PATH, tmp_path / "rulebook.yaml")
    path = tmp_path / "trap.yaml"
    shutil.copy(FIXTURES / "trap.yaml", path)
    assert BIG + SMALL in path.read_text(encoding="utf-8")
    return path


def load(path: Path, text: str | None = None):
    if text is not None:
        path.write_text(text, encoding="utf-8")
    update = ScenarioWatcher(path).load()
    assert update.ok, update.problems
    return compile_scenario(update.scenario)


def played(path: Path, *indices: int) -> Call:
    return Call.replay(load(path), indices, seed=7)


def test_swapped_replies_replay_the_same_reply_not_the_one_now_in_its_place(draft: Path) -> None:
    for taken in (0, 1):
        call = played(draft, taken)
        said, node = call.steps[0].choice.say, call.state.node
        text = draft.read_text(encoding="utf-8")
        swapped = load(draft, text.replace(BIG + SMALL, SMALL + BIG))
        resumed = carry_over(swapped, call.state.decisions, call.scenario, call.seed)
        assert (resumed.kept, resumed.dropped, resumed.changed) == (1, 0, "")
        assert resumed.call.steps[0].choice.say == said and resumed.call.state.node == node
        assert resumed.call.steps[0].choice.index == 1 - taken and not resumed.call.ended
        assert resumed.call.seed == call.seed
        draft.write_text(text, encoding="utf-8")
    # by position (the old behaviour) the other reply would have been replayed
    call = played(draft, 1)
    assert carry_over(load(draft, draft.read_text().replace(BIG + SMALL, SMALL + BIG)),
                      call.state.decisions).call.state.node == "plain"


def test_authored_ids_follow_the_reply_wherever_it_moves(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    big = BIG.replace('      - say: "Big opener."', '      - id: big\n        say: "Big opener."')
    small = SMALL.replace('      - say: "Small opener."', '      - id: small\n        say: "Small opener."')
    draft.write_text(text.replace(BIG + SMALL, big + small), encoding="utf-8")
    call = played(draft, 1, 0)  # small -> bonus -> full-pay
    # moved, and the other reply reworded: the reply taken is still `small`, unchanged
    moved = text.replace(BIG + SMALL, small + big.replace("Big opener.", "A bigger opener."))
    resumed = carry_over(load(draft, moved), call.state.decisions, call.scenario)
    assert (resumed.kept, resumed.changed, resumed.call.state.node) == (2, "", "full-pay")
    # reworded under the same id: it changed meaning, so the call restarts there and says so
    reworded = text.replace(BIG + SMALL, big + small.replace("Small opener.", "A different opener."))
    resumed = carry_over(load(draft, reworded), call.state.decisions, call.scenario)
    assert resumed.restarted and resumed.call.state.node == "greeting" and not resumed.call.steps
    assert resumed.changed == "decision 1 at 'greeting' (\"Small opener.\"): its text changed"


@pytest.mark.parametrize("edit, why", [
    (lambda t: t.replace("score: {clarity: 3}", "score: {clarity: 2}"), "its effects changed"),
    (lambda t: t.replace("rules: [do-secure-dated-commitment]", "rules: [do-follow-up]"),
     "the rules it follows or breaks changed"),
    (lambda t: t.replace("        goto: full-pay", '        goto: [{if: "patience >= 99", to: callback}, {to: full-pay}]'),
     "where it leads changed"),
    (lambda t: t.replace('"Pay by Friday?"', '"Pay by Monday?"'), "its text changed"),
    (lambda t: t.replace("score: {clarity: 3}", "score: {clarity: 3}\n        mood: {trust: 5}"), "its effects changed"),
])
def test_a_changed_reply_restarts_from_that_decision_keeping_the_ones_before(draft: Path, edit, why: str) -> None:
    call = played(draft, 1, 0)  # greeting "Small opener." -> bonus "Pay by Friday?" -> full-pay
    assert call.ended
    resumed = carry_over(load(draft, edit(draft.read_text(encoding="utf-8"))), call.state.decisions, call.scenario)
    assert (resumed.kept, resumed.dropped) == (1, 1)
    assert resumed.call.state.node == "bonus" and not resumed.call.ended
    assert resumed.call.steps[0].choice.say == "Small opener."
    assert resumed.changed == f"decision 2 at 'bonus' (\"Pay by Friday?\"): {why}"


def test_a_reply_that_is_gone_or_a_node_no_longer_reached_is_named(draft: Path) -> None:
    text = draft.read_text(encoding="utf-8")
    call = played(draft, 1, 0)
    gone = carry_over(load(draft, text.replace(SMALL, "")), call.state.decisions, call.scenario)
    assert gone.restarted and gone.changed == "decision 1 at 'greeting' (\"Small opener.\") no longer exists"
    renamed = text.replace("goto: bonus", "goto: bonus2").replace("to: bonus}", "to: bonus2}").replace(
        "  bonus:", "  bonus2:")
    moved = carry_over(load(draft, renamed), call.state.decisions, call.scenario)
    assert moved.kept == 1 and moved.changed.startswith("decision 2 was taken at 'bonus', which the call no longer "
                                                        "reaches (it is now at 'bonus2')")


def test_play_text_watch_replays_the_same_reply_after_a_swap(draft: Path) -> None:
    """The terminal preview, really edited while it runs: the swap keeps the call where it was (at
    `bonus`, not `plain`); a reworded reply restarts the call and says which decision changed."""
    from test_watch import Session, save

    text = draft.read_text(encoding="utf-8")
    session = Session(draft)
    try:
        screen = session.wait_for('Tia: "Trap Co."', "Your reply (1-2")
        shown = [line for line in screen.splitlines() if "opener." in line]
        small = next(line for line in shown if "Small opener." in line).strip().split(".")[0]
        session.send(small)
        session.wait_for('Tia: "Go on."', "Your reply (1-1")
        save(draft, text.replace(BIG + SMALL, SMALL + BIG))
        after = session.wait_for("*** Reloaded trap.yaml: resumed after decision 1 of 1.", 'Tia: "Go on."',
                                 "Your reply (1-1")
        assert "Hmm." not in after
        save(draft, text.replace(BIG + SMALL, SMALL.replace("Small opener.", "Tiny opener.") + BIG))
        session.wait_for("*** Reloaded trap.yaml: the call starts again (decision 1 at 'greeting' "
                         "(\"Small opener.\"): its text changed).", 'Tia: "Trap Co."')
        session.send("q")
        assert session.proc.wait(timeout=10) == 0
    finally:
        if session.proc.poll() is None:
            session.proc.kill()
            session.proc.wait()
