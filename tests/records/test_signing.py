"""Signing completion records with HMAC-SHA256 when a call finishes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from game.records.signing import (V1_PREFIX, canonical_json, record_payload, row_payload, row_signature_valid,
                                  sign, signature_valid, signing_key)
from game.records.store import RecordStore
from game.records.verify import BAD_SIGNATURE, EDITED, verify_store
from records_helpers import ardojo, failing, library, passing, record_call, store_at

KEY = b"test-signing-key"


def test_canonical_json_is_stable() -> None:
    assert canonical_json({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'.encode("utf-8")


def test_signing_key_comes_from_the_environment() -> None:
    assert signing_key({"ARDOJO_SIGNING_KEY": "s3cret"}) == b"s3cret"
    assert signing_key({"ARDOJO_SIGNING_KEY": ""}) is None
    assert signing_key({}) is None


def test_signature_checks() -> None:
    payload = record_payload("c1", "Sam", "sunrise-bakery", "abc", [], {"clarity": 90}, 90, True, "t")
    signature = sign(KEY, payload)
    assert signature.startswith("v2:") and len(signature) == 3 + 64
    assert signature_valid(KEY, payload, signature)
    assert not signature_valid(b"other", payload, signature)
    assert not signature_valid(KEY, payload.replace(b"90", b"99"), signature)
    assert not signature_valid(KEY, payload, None)
    older = sign(KEY, payload, V1_PREFIX)  # the first scheme's signatures still verify
    assert older.startswith("v1:") and signature_valid(KEY, payload, older)


def test_finished_calls_are_signed_over_what_was_stored(tmp_path: Path) -> None:
    with store_at(tmp_path / "r.sqlite3") as store:
        store.trainee_id("Sam Lee")
        call_id = record_call(store, "sam  lee", "sunrise-bakery", passing("sunrise-bakery"), key=KEY)
        row = store.call(call_id)
        assert row.trainee == "Sam Lee"  # the stored spelling is what is signed
        assert signature_valid(KEY, row_payload(row, store.decisions(call_id)), row.signature)
        unsigned = record_call(store, "Sam Lee", "sunrise-bakery", passing("sunrise-bakery"))
        assert store.call(unsigned).signature is None


def test_terminal_signs_when_the_key_is_set(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    done = ardojo("play", "--text", "--db", str(db), "--name", "Ana", "sunrise-bakery", stdin="\n" + "1\n" * 30,
                  env={"ARDOJO_SIGNING_KEY": KEY.decode()})
    assert done.returncode == 0, done.stderr
    with RecordStore.open(db, write=False) as store:
        (row,) = store.calls()
        assert row.status == "completed"
        assert signature_valid(KEY, row_payload(row, store.decisions(row.id)), row.signature)


def _verify(db: Path, key: bytes | None = KEY) -> list[str]:
    with RecordStore.open(db, write=False) as store:
        return [p.kind for p in verify_store(store, library().scenarios, key).problems]


@pytest.mark.parametrize("edit", [
    "UPDATE calls SET verdict = json_set(verdict, '$.marks.overall', 0)",        # the marks in force
    "UPDATE calls SET verdict = json_set(verdict, '$.reasons', json('[]'))",     # why it failed
    "UPDATE calls SET program_id = NULL",                                        # practice, not the program
    "UPDATE calls SET program_id = 'ar-onboarding-week-2'",                      # another program
    "UPDATE calls SET started_at = '2026-01-01T09:00:00.000Z'",                  # before its scenario unlocked
    "UPDATE calls SET seed = 7",                                                 # the order replies were shown
    "UPDATE calls SET wrapup = json_set(wrapup, '$.amount', 1)",                 # the call log
])
def test_v2_signatures_cover_program_start_seed_verdict_and_log(tmp_path: Path, edit: str) -> None:
    db = tmp_path / "r.sqlite3"
    with store_at(db) as store:
        record_call(store, "Sam", "sunrise-bakery", failing("sunrise-bakery"), key=KEY)
    assert _verify(db) == []
    with RecordStore.open(db) as store:
        store.conn.execute(edit)
    assert BAD_SIGNATURE in _verify(db)


def test_v1_signatures_still_verify(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    with store_at(db) as store:
        call_id = record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"), key=KEY)
        row = store.call(call_id)
        relabelled = "v1:" + row.signature[3:]  # a v2 signature passed off as v1 (which covers less) fails
        assert not row_signature_valid(KEY, replace(row, signature=relabelled), store.decisions(call_id))
        older = sign(KEY, row_payload(row, store.decisions(call_id), V1_PREFIX), V1_PREFIX)
        store.conn.execute("UPDATE calls SET signature = ? WHERE id = ?", (older, call_id))
        assert row_signature_valid(KEY, store.call(call_id), store.decisions(call_id))
    assert _verify(db) == []
    with RecordStore.open(db) as store:
        store.conn.execute("UPDATE calls SET overall = overall - 1")  # v1 covers the scores
    assert sorted(_verify(db)) == [BAD_SIGNATURE, EDITED]
