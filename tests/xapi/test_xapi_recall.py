"""xAPI of recall decisions: a reply in the trainee's own words is a `long-fill-in` interaction whose
response is the text said, with the option taken in the result extensions (spoken ones say so); a fallback
pick stays a `choice` with the unclear replies; every statement passes Ralph's strict model."""

from __future__ import annotations

from pathlib import Path

from game.content.library import Library
from game.engine.call import Call
from game.engine.recall_cost import RecallReply
from game.recall.match import match_reply
from game.records.store import RecordStore
from game.xapi.catalog import Catalog
from game.xapi.scheme import XapiConfig
from game.xapi.statements import call_statements
from ralph_server import validate
from xapi_calls import SEED, compiled, conclude

BASE = "https://ardojo.example/xapi"


def _recall_call(store: RecordStore, library: Library) -> tuple[str, Call]:
    """Decision 1 typed, decision 2 spoken after an unclear reply, decision 3 a fallback, then picks."""
    machine = compiled(library, "sunrise-bakery")
    call_id = store.start_call("Rae", library.scenarios["sunrise-bakery"], None, SEED)
    call = Call(machine, SEED)
    for number in range(1, 4):
        if call.ended:
            break
        said = call.options[0].say.lower()
        if number == 3:
            call.choose(0, unclear=2, fallback=True, reply=RecallReply("", (), ("uh", "hmm what"), fallback=True))
        else:
            found = match_reply(said, call.options)
            attempts = ("bananas are yellow",) if number == 2 else ()
            call.choose(found.option_index, unclear=len(attempts),
                        reply=RecallReply(said, found.similarities, attempts, spoken=number == 2))
        store.record_step(call_id, call)
    while not call.ended:
        call.choose(0)
        store.record_step(call_id, call)
    verdict, log = conclude(library, call, None)
    store.finish_call(call_id, call, call.score(), verdict, log)
    return call_id, call


def test_recall_decisions_are_fill_in_interactions(store: RecordStore, library: Library, ralph_python: Path) -> None:
    call_id, call = _recall_call(store, library)
    decisions = store.decision_rows(call_id)
    statements = call_statements(store.call(call_id), decisions, XapiConfig(), Catalog(library.scenarios))
    answers = [s.body for s in statements if s.body["verb"]["id"].endswith("/answered")]
    typed, spoken, fallback, picked = answers[0], answers[1], answers[2], answers[3]
    ext = lambda name: f"{BASE}/extensions/{name}"  # noqa: E731

    for body, step in ((typed, call.steps[0]), (spoken, call.steps[1])):
        assert body["object"]["definition"]["interactionType"] == "long-fill-in"
        assert "choices" not in body["object"]["definition"]
        assert body["result"]["response"] == step.reply.said
        out = body["result"]["extensions"]
        assert out[ext("recall-taken")] == step.choice.id and out[ext("said")] == step.choice.say
        assert out[ext("recall-similarity")] == step.reply.similarities[step.choice.index]
    assert ext("recall-spoken") not in typed["result"]["extensions"]
    assert spoken["result"]["extensions"][ext("recall-spoken")] is True
    assert spoken["result"]["extensions"][ext("recall-unclear")] == 1
    assert fallback["object"]["definition"]["interactionType"] == "choice"
    assert fallback["result"]["extensions"][ext("recall-fallback")] is True
    assert fallback["result"]["extensions"][ext("recall-attempts")] == ["uh", "hmm what"]
    assert not any(k.startswith(ext("recall-")) for k in picked["result"]["extensions"])
    assert validate(ralph_python, [s.body for s in statements]) == ["ok"] * len(statements)
