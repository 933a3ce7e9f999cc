"""Signing records: HMAC-SHA256 with a key the game never stores.

The key comes from `$ARDOJO_SIGNING_KEY`, or from the file named by `$ARDOJO_SIGNING_KEY_FILE` (so it
can live in a file only a trainer's or a service's account can read, and be used at sync time with
`ardojo verify --sign`). Without a key, calls are recorded unsigned; `ardojo verify` then re-plays them
but cannot tell a record rewritten consistently from a genuine one.

New signatures use scheme v3 (game/records/seal.py: every stored field of the call and its decisions,
its number in the trainee's list, and each trainee's list). Records signed under the earlier schemes
still verify over what those covered: `v1:` (id, trainee, scenario, decisions, scores, end time) and
`v2:` (v1 plus the program, start time, reply-order seed, verdict and call log).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Mapping, Sequence

from game.engine.call import Call, Decision
from game.engine.scoring import CallScore
from game.engine.verdict import Verdict
from game.records import seal
from game.records.seal import canonical_json  # noqa: F401  (re-exported)
from game.records.store import CallRow, RecordsError, RecordStore

SIGNING_KEY_ENV = "ARDOJO_SIGNING_KEY"
SIGNING_KEY_FILE_ENV = "ARDOJO_SIGNING_KEY_FILE"
V1_PREFIX = "v1:"
V2_PREFIX = "v2:"
#: The prefix of `sign` and `row_payload` by default: the v2 scheme, kept for callers that sign v2
#: payloads themselves. The game signs new records with v3 (`seal.V3_PREFIX`).
SIGNATURE_PREFIX = V2_PREFIX
CURRENT_PREFIX = seal.V3_PREFIX


def signing_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The signing key from `$ARDOJO_SIGNING_KEY`, else the first line of the file named by
    `$ARDOJO_SIGNING_KEY_FILE`; None when neither is set. A key file that cannot be read is an error."""
    env = os.environ if environ is None else environ
    value = env.get(SIGNING_KEY_ENV, "")
    if value:
        return value.encode("utf-8")
    path = env.get(SIGNING_KEY_FILE_ENV, "")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.readline().strip()
    except OSError as exc:
        raise RecordsError(f"cannot read the signing key file {path} (${SIGNING_KEY_FILE_ENV}): "
                           f"{exc.strerror or exc}") from None
    if not text:
        raise RecordsError(f"the signing key file {path} (${SIGNING_KEY_FILE_ENV}) is empty")
    return text.encode("utf-8")


def record_payload(call_id: str, trainee: str, scenario_id: str, scenario_hash: str,
                   decisions: Sequence[Decision], scores: Mapping[str, int], overall: int, passed: bool,
                   ended_at: str, extra: Mapping[str, object] | None = None) -> bytes:
    """The canonical bytes a v1 (or, with `extra`, v2) completion record's signature covers."""
    data = {
        "call": call_id, "trainee": trainee, "scenario": scenario_id, "scenario_hash": scenario_hash,
        "decisions": [[d.node, d.choice] for d in decisions], "scores": dict(scores), "overall": overall,
        "passed": bool(passed), "ended_at": ended_at,
    }
    if extra is not None:
        data.update(extra)
    return canonical_json(data)


def _extra(program_id: str | None, started_at: str, seed: int | None, verdict: Mapping | None,
           wrapup: Mapping | None) -> dict[str, object]:
    return {"program": program_id, "started_at": started_at, "seed": seed, "verdict": verdict, "wrapup": wrapup}


def row_payload(row: CallRow, decisions: Sequence[Decision], version: str = SIGNATURE_PREFIX) -> bytes:
    """The canonical bytes of a stored completed call, for a signature of scheme `version` (v1 or v2)."""
    extra = None if version == V1_PREFIX else _extra(row.program_id, row.started_at, row.seed, row.verdict,
                                                     row.wrapup)
    return record_payload(row.id, row.trainee, row.scenario_id, row.scenario_hash, decisions, row.scores or {},
                          row.overall if row.overall is not None else -1, bool(row.passed), row.ended_at or "",
                          extra)


def sign(key: bytes, payload: bytes, prefix: str = SIGNATURE_PREFIX) -> str:
    """An HMAC-SHA256 signature of `payload` (v1/v2 style: prefix + hex)."""
    return prefix + hmac.new(key, payload, hashlib.sha256).hexdigest()


def signature_valid(key: bytes, payload: bytes, signature: str | None) -> bool:
    """True when `signature` (v1 or v2) is the signature of `payload` under `key` (constant-time compare)."""
    prefix = V1_PREFIX if signature and signature.startswith(V1_PREFIX) else SIGNATURE_PREFIX
    return bool(signature) and hmac.compare_digest(sign(key, payload, prefix), signature or "")


def signature_problem(key: bytes, row: CallRow, decisions: Sequence[Decision],
                      parts: tuple[Sequence[object] | None, Sequence[Sequence[object]]] | None) -> str | None:
    """Why a stored call's signature (any scheme) does not match the record, or None when it does.
    `parts` are the signed columns and decision rows as stored (needed for v3)."""
    signature = row.signature or ""
    if signature.startswith(seal.V3_PREFIX):
        if parts is None or parts[0] is None:
            return "its v3 signature cannot be checked without the stored record"
        changed = seal.changed_groups(key, parts[0], parts[1], signature)
        if changed == []:
            return None
        if changed is None:
            return "the signature does not match the record (changed after it was signed, or signed with another key)"
        return "changed after it was signed: " + "; ".join(seal.GROUP_WORDS[g] for g in changed)
    version = V1_PREFIX if signature.startswith(V1_PREFIX) else V2_PREFIX
    if row.status != "completed":
        return (f"its {version[:2]} signature was made when it was completed, but it is now "
                f"{row.status.replace('_', ' ')} (its status was changed)")
    if signature_valid(key, row_payload(row, decisions, version), signature):
        return None
    return "the signature does not match the record (changed after it was signed, or signed with another key)"


def row_signature_valid(key: bytes, row: CallRow, decisions: Sequence[Decision],
                        parts: tuple[Sequence[object] | None, Sequence[Sequence[object]]] | None = None) -> bool:
    """True when a stored call's signature (any scheme) matches the record."""
    return bool(row.signature) and signature_problem(key, row, decisions, parts) is None


def stored_signature_valid(key: bytes, store: RecordStore, call_id: str) -> bool:
    """True when the stored call `call_id` carries a valid signature under `key`."""
    row = store.call(call_id)
    return row is not None and row_signature_valid(key, row, store.decisions(call_id), store.signed_parts(call_id))


def finish_call(store: RecordStore, call_id: str, call: Call, score: CallScore, verdict: Verdict,
                wrapup: dict | None = None, key: bytes | None = None) -> str | None:
    """Record a finished call with its verdict, signed (v3) when `key` (or the store's key) is given, in
    one transaction; returns the signature."""
    return store.finish_call(call_id, call, score, verdict, json.loads(json.dumps(wrapup)) if wrapup else None,
                             key=key)
