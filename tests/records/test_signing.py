"""Signing completion records with HMAC-SHA256 when a call finishes."""

from __future__ import annotations

from pathlib import Path

from game.records.signing import (canonical_json, record_payload, row_payload, sign, signature_valid,
                                  signing_key)
from game.records.store import RecordStore
from records_helpers import ardojo, passing, record_call, store_at

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
    assert signature.startswith("v1:") and len(signature) == 3 + 64
    assert signature_valid(KEY, payload, signature)
    assert not signature_valid(b"other", payload, signature)
    assert not signature_valid(KEY, payload.replace(b"90", b"99"), signature)
    assert not signature_valid(KEY, payload, None)


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
