"""The checks `verify` makes beyond each call on its own (game/records/verify.py runs them):

* each trainee's numbered list of calls: numbers 1..count with no hole (a deleted call), none twice,
  start times in the order of the numbers (a re-ordered call), and — when the list was sealed with the
  signing key — its signature, and every call sealed as finished still finished and signed;
* the statements queued for the LRS: each says what the records say (the reply's text, pass/fail, the
  score), and with the key its signature matches the text that will be sent;
* every stored certificate, as `ardojo verify --certificate` checks one.

Each streams its rows, holding one trainee (or statement) at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from game.content.model import Scenario
from game.records import seal
from game.records.store import RecordStore
from game.records.verify import (BAD_SIGNATURE, CERTIFICATE, LRS_EDITED, MISSING_CALL, REORDERED,
                                 SIGNATURE_REMOVED, STATUS_CHANGED, Problem)

_FINAL = ("completed", "abandoned")
#: Queued statements from this seq on are about a program or a certificate (game/xapi/program_statements.py).
PROGRAM_SEQ = 1_000_000


@dataclass
class _Trainee:
    """One trainee's list while it is read."""

    id: int
    name: str
    count: int
    sealed: str | None
    signature: str | None
    finished: list[tuple[int, int]] = field(default_factory=list)
    sealed_count: int = 0
    expect: int = 1
    last_start: str = ""
    signed_final: bool = False


def _missing(t: _Trainee, low: int, high: int) -> Problem:
    which = f"call #{low}" if low == high else f"calls #{low} to #{high}"
    return Problem("", t.name, "", MISSING_CALL, f"{which} of {t.count} in the trainee's list "
                   f"{'is' if low == high else 'are'} not in the records (deleted?)")


def _open(key: bytes | None, row: tuple) -> tuple[_Trainee, list[Problem]]:
    t = _Trainee(row[0], row[1], row[2] or 0, row[3], row[4])
    problems = []
    if t.sealed is not None:
        try:
            t.sealed_count, t.finished = seal.parse_head(t.sealed)
        except ValueError:
            problems.append(Problem("", t.name, "", BAD_SIGNATURE, f"its sealed list of calls is unreadable "
                                    f"({t.sealed!r}): edited?"))
        if t.sealed_count > t.count:
            problems.append(Problem("", t.name, "", MISSING_CALL, f"its list was sealed with {t.sealed_count} calls, "
                                    f"but now counts {t.count} (calls deleted and the count lowered?)"))
    if key is not None and t.signature is not None:
        if not seal.valid(seal.head_signature(key, t.name, t.sealed or ""), t.signature):
            problems.append(Problem("", t.name, "", BAD_SIGNATURE, "its list of calls (how many, which are finished) "
                                    "was changed after it was signed, or signed with another key"))
    return t, problems


def _sealed_finished(t: _Trainee, number: int) -> bool:
    return any(low <= number <= high for low, high in t.finished)


def _call(t: _Trainee, call_id: str, number: int | None, status: str, signature: str | None,
          started: str) -> Iterator[Problem]:
    if status in _FINAL and (signature or "").startswith(seal.V3_PREFIX):
        t.signed_final = True
    if number is None:
        return  # recorded before calls were numbered (records schema 3 or older)
    if number < t.expect:
        yield Problem(call_id, t.name, "", REORDERED, f"two calls are numbered #{number} in the trainee's list")
        return
    if number > t.expect:
        yield _missing(t, t.expect, number - 1)
    t.expect = number + 1
    if started < t.last_start:
        yield Problem(call_id, t.name, "", REORDERED, f"call #{number} started at {started}, before call "
                      f"#{number - 1} ({t.last_start}): its start time was moved, or the calls re-ordered")
    t.last_start = max(t.last_start, started)
    if _sealed_finished(t, number):
        if status not in _FINAL:
            yield Problem(call_id, t.name, "", STATUS_CHANGED, f"call #{number} was sealed as finished, but is now "
                          f"{status.replace('_', ' ')}")
        elif not signature:
            yield Problem(call_id, t.name, "", SIGNATURE_REMOVED,
                          f"call #{number} was sealed with a signature, which has been removed")


def _close(key: bytes | None, t: _Trainee) -> Iterator[Problem]:
    if t.expect <= t.count:
        yield _missing(t, t.expect, t.count)
    elif t.expect - 1 > t.count:
        yield Problem("", t.name, "", BAD_SIGNATURE, f"calls are numbered up to #{t.expect - 1}, but the trainee's "
                      f"list counts {t.count} (its count was edited)")
    if key is not None and t.signature is None and (t.signed_final or t.sealed is not None):
        yield Problem("", t.name, "", SIGNATURE_REMOVED,
                      "its list of calls holds signed calls but its own signature has been removed")


def chain_problems(store: RecordStore, key: bytes | None) -> Iterator[Problem]:
    """Every problem with the trainees' numbered lists of calls (see the module docstring)."""
    t: _Trainee | None = None
    for row in store.chain_rows():
        if t is None or row[0] != t.id:
            if t is not None:
                yield from _close(key, t)
            t, problems = _open(key, row)
            yield from problems
        if row[5] is not None:
            yield from _call(t, row[5], row[6], row[7], row[8], row[9] or "")
    if t is not None:
        yield from _close(key, t)


def _lrs_differences(body: dict, said: str | None, passed: int | None, overall: int | None) -> list[str]:
    verb = str((body.get("verb") or {}).get("id", "")).rsplit("/", 1)[-1]
    result = body.get("result") or {}
    out = []
    text = result.get("response", "")
    if ((body.get("object") or {}).get("definition") or {}).get("interactionType") == "choice":
        # a choice interaction answers with the reply's id; its text is the `said` extension
        text = next((v for k, v in (result.get("extensions") or {}).items() if str(k).endswith("/extensions/said")),
                    "")
    if verb == "answered" and said is not None and text != (said if said.strip() else ""):
        out.append("the reply's text differs from the stored decision")
    if verb in ("passed", "failed") and passed is not None and (verb == "passed") != bool(passed):
        out.append(f"it says {verb}, the records say {'passed' if passed else 'not passed'}")
    if verb in ("completed", "passed", "failed") and passed is not None and "success" in result \
            and bool(result["success"]) != bool(passed):
        out.append("its success differs from the stored verdict")
    raw = (result.get("score") or {}).get("raw")
    if raw is not None and overall is not None and raw != overall:
        out.append(f"its score {raw} differs from the stored {overall}")
    return out


def outbox_problems(store: RecordStore, key: bytes | None) -> Iterator[Problem]:
    """Statements queued for the LRS whose text no longer says what the records say, or (with the key)
    whose signature does not match it."""
    for sid, call_id, seq, body, signature, said, passed, overall, name in store._stream(
            "SELECT o.id, o.call_id, o.seq, o.body, o.signature, d.said, c.passed, c.overall, t.name FROM xapi_outbox o"
            " LEFT JOIN calls c ON c.id = o.call_id LEFT JOIN trainees t ON t.id = c.trainee_id"
            " LEFT JOIN decisions d ON d.call_id = o.call_id AND d.seq = o.seq ORDER BY o.call_id, o.seq"):
        def problem(detail: str) -> Problem:
            return Problem(call_id, name or "", "", LRS_EDITED,
                           f"statement #{seq} ({sid}) queued for the LRS: {detail}")
        if key is not None and signature is not None and \
                not seal.valid(seal.outbox_signature(key, sid, call_id, seq, body), signature):
            yield problem("its text was changed after it was queued (its signature does not match)")
            continue
        try:
            data = json.loads(body)
        except (TypeError, ValueError):
            yield problem("its text is not valid JSON (edited?)")
            continue
        if not isinstance(data, dict) or data.get("id") != sid:
            yield problem("its text does not carry its own id (edited?)")
            continue
        if seq >= PROGRAM_SEQ:  # about a whole program or a certificate, not this call: its signature covers it
            continue
        diff = _lrs_differences(data, said, passed, overall)
        if diff:
            yield problem("; ".join(diff))


def certificate_problems(store: RecordStore, scenarios: Mapping[str, Scenario],
                         key: bytes | None) -> Iterator[Problem]:
    """Stored certificates that no longer check out (NOT GENUINE, or their records gone)."""
    from game.records.certificates import check

    for code in store.certificate_codes():
        verdict = check(store, code, scenarios, key)
        if verdict.line.startswith(("NOT GENUINE", "NOT FOUND")):
            yield Problem("", "", "", CERTIFICATE, verdict.line)
