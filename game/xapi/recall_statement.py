"""The xAPI form of a decision answered in the trainee's own words (recall mode, docs/recall.md).

A recall decision taken from the words said is a `long-fill-in` interaction: `result.response` is the text
the trainee typed (or the words heard, for a spoken reply); the option it was taken as goes in the result
extensions (`recall-taken`: the reply's stable id; `said`: its text; `recall-similarity`: the match score),
with `recall-unclear` (the "what do you mean" rounds before it) and `recall-spoken: true` for a spoken reply.
The interaction's definition drops the option list (a fill-in has no `choices`) and has no correct
response pattern: `result.success` still says whether the option taken was a top reply.

A fallback (the trainee picked from the list after unclear replies) stays a `choice` interaction, with
`recall-fallback: true` and the unclear replies as `recall-attempts`.
"""

from __future__ import annotations

from typing import Any

INTERACTION = "long-fill-in"


def apply_recall(node: dict[str, Any], result: dict[str, Any], recall: Any, choice_id: str,
                 extension: Any) -> None:
    """Turn one `answered` statement's object (`node`) and `result` into their recall form, in place.
    `recall` is the stored RecallRow (game.records.recall_rows), `extension(name)` the extension IRI."""
    outcome = result.setdefault("extensions", {})
    if recall.unclear:
        outcome[extension("recall-unclear")] = recall.unclear
    if recall.spoken:
        outcome[extension("recall-spoken")] = True
    if recall.fallback:
        outcome[extension("recall-fallback")] = True
        outcome[extension("recall-attempts")] = list(recall.attempts)
        return
    definition = node["definition"]
    definition["interactionType"] = INTERACTION
    definition.pop("choices", None)
    definition.pop("correctResponsesPattern", None)
    result["response"] = recall.said
    outcome[extension("recall-taken")] = choice_id
    if 0 <= recall.taken < len(recall.similarities):
        outcome[extension("recall-similarity")] = recall.similarities[recall.taken]
