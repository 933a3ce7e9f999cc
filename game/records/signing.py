"""Signing completion records: HMAC-SHA256 over a canonical JSON of what a finished call proves.

The key comes from `$ARDOJO_SIGNING_KEY` (never stored in the database). Without a key, calls are
recorded unsigned; `ardojo verify` then re-plays them but cannot tell a forged record from a genuine
one. With a key, a record whose signature is missing or wrong counts as tampered.
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
from game.records.store import CallRow, RecordsError, RecordStore

SIGNING_KEY_ENV = "ARDOJO_SIGNING_KEY"
#: Prefix of every new signature, so the scheme can change without ambiguity. v2 also covers the
#: program, start time, reply-order seed, call log and the verdict; v1 signatures still verify.
SIGNATURE_PREFIX = "v2:"
V1_PREFIX = "v1:"


def signing_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The signing key from `$ARDOJO_SIGNING_KEY`, or None when it is unset or empty."""
    value = (os.environ if environ is None else environ).get(SIGNING_KEY_ENV, "")
    return value.encode("utf-8") if value else None


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(data: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return _CANONICAL.encode(data).encode("utf-8")


def record_payload(call_id: str, trainee: str, scenario_id: str, scenario_hash: str,
                   decisions: Sequence[Decision], scores: Mapping[str, int], overall: int, passed: bool,
                   ended_at: str, extra: Mapping[str, object] | None = None) -> bytes:
    """The canonical bytes a completion record's signature covers (`extra`: the v2 fields)."""
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
    """The canonical bytes of a stored completed call, for a signature of scheme `version`."""
    extra = None if version == V1_PREFIX else _extra(row.program_id, row.started_at, row.seed, row.verdict,
                                                     row.wrapup)
    return record_payload(row.id, row.trainee, row.scenario_id, row.scenario_hash, decisions, row.scores or {},
                          row.overall if row.overall is not None else -1, bool(row.passed), row.ended_at or "",
                          extra)


def sign(key: bytes, payload: bytes, prefix: str = SIGNATURE_PREFIX) -> str:
    """An HMAC-SHA256 signature of `payload`."""
    return prefix + hmac.new(key, payload, hashlib.sha256).hexdigest()


def signature_valid(key: bytes, payload: bytes, signature: str | None) -> bool:
    """True when `signature` is the signature of `payload` under `key` (constant-time compare)."""
    prefix = V1_PREFIX if signature and signature.startswith(V1_PREFIX) else SIGNATURE_PREFIX
    return bool(signature) and hmac.compare_digest(sign(key, payload, prefix), signature)


def row_signature_valid(key: bytes, row: CallRow, decisions: Sequence[Decision]) -> bool:
    """True when a stored call's signature (either scheme) matches the record."""
    version = V1_PREFIX if row.signature and row.signature.startswith(V1_PREFIX) else SIGNATURE_PREFIX
    return signature_valid(key, row_payload(row, decisions, version), row.signature)


def finish_call(store: RecordStore, call_id: str, call: Call, score: CallScore, verdict: Verdict,
                wrapup: dict | None = None, key: bytes | None = None) -> str | None:
    """Record a finished call with its verdict, signed when `key` is given (one transaction); returns the
    signature."""
    if key is None:
        store.finish_call(call_id, call, score, verdict, wrapup)
        return None
    row = store.call(call_id)
    if row is None:
        raise RecordsError(f"no call {call_id} in {store.path}")
    ended_at = store.clock()
    verdict_data = json.loads(json.dumps(verdict.to_dict(), sort_keys=True))
    wrapup_data = json.loads(json.dumps(wrapup)) if wrapup else None
    payload = record_payload(call_id, row.trainee, row.scenario_id, row.scenario_hash, call.state.decisions,
                             score.scores, score.overall, verdict.passed, ended_at,
                             _extra(row.program_id, row.started_at, row.seed, verdict_data, wrapup_data))
    signature = sign(key, payload)
    store.finish_call(call_id, call, score, verdict, wrapup, signature=signature, ended_at=ended_at)
    return signature
