"""The debrief of a recall call: what was said, what it was taken as, the match score, unclear rounds and
fallbacks; the "what do you mean" cost is never described as waiting."""

from __future__ import annotations

from game.engine.call import Call
from game.engine.debrief import build_debrief
from game.engine.recall_cost import FALLBACK_SHARE, RecallReply


def _finish(call):
    while not call.ended:
        call.choose(0)
    return call


def test_recall_decisions_are_explained(all_compiled, rulebook):
    compiled = next(iter(all_compiled.values()))
    call = Call(compiled)
    sims = tuple(round(0.9 - 0.1 * i, 4) for i in range(len(call.options)))
    call.choose(0, reply=RecallReply("hello there, two minutes?", sims))
    if not call.ended:
        call.choose(0, unclear=2, fallback=True, reply=RecallReply("", (), ("uh", "what"), fallback=True))
    _finish(call)
    reviews = build_debrief(call, rulebook).decisions
    first = reviews[0]
    assert first.recall is not None and first.recall.said == "hello there, two minutes?"
    assert "hello there, two minutes?" in first.recall_note and "0.90" in first.recall_note
    assert first.manners == ""
    if len(reviews) > 1:
        second = reviews[1]
        assert second.fallback and second.unclear == 2
        assert "\"uh\"" in second.recall_note and f"{int(FALLBACK_SHARE * 100)}%" in second.recall_note
        assert "waiting" not in second.manners and second.manners == ""
        assert second.quality <= FALLBACK_SHARE + 1e-9
    assert all(r.recall_note == "" for r in reviews[2:])
