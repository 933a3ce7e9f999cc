"""Bad endpoints and credentials in `ardojo xapi sync`: one clear line, never a password, never a
traceback, no pointless retrying of a URL that can never work; statements queued with the signing key
are signed, and `verify` notices one rewritten."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.content.library import Library
from game.records.store import RecordStore
from game.records.verify import LRS_EDITED, verify_store
from game.xapi.lrs import LrsConfigError, normalize_endpoint, redact, split_credentials
from game.xapi.outbox import queue_new
from game.xapi.scheme import XapiConfig
from xapi_calls import open_store, record_call

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-Pa55"


def sync(db: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARDOJO_LRS_")}
    if password is not None:
        env["ARDOJO_LRS_PASSWORD"] = password
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "xapi", "sync", "--db", str(db), *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


def one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("error: ")
    return line


def test_credentials_in_the_url_are_split_off_and_never_shown() -> None:
    assert split_credentials(f"https://ann:{SECRET}@lrs.example/xAPI") == ("https://lrs.example/xAPI", "ann", SECRET)
    assert split_credentials("https://lrs.example/xAPI") == ("https://lrs.example/xAPI", None, None)
    assert split_credentials("http://a%40b:p%3Aw@h/x") == ("http://h/x", "a@b", "p:w")
    assert SECRET not in redact(f"cannot reach https://ann:{SECRET}@lrs.example/xAPI/statements")
    with pytest.raises(LrsConfigError) as err:
        normalize_endpoint(f"https://ann:{SECRET}@lrs.example/xAPI")
    assert SECRET not in str(err.value)


@pytest.mark.parametrize("url, words", [
    ("http://[::1/xAPI", "not a valid URL"),
    ("http://127.0.0.1:99999/xAPI", "not a valid URL"),
    ("http://127.0.0.1:0/xAPI", "port must be from 1 to 65535"),
    ("http://lrs example/xAPI", "spaces or control characters"),
    ("http://lrs.example/x\x1bAPI", "spaces or control characters"),
])
def test_urls_that_can_never_work_are_refused_at_once(url: str, words: str) -> None:
    with pytest.raises(LrsConfigError, match=words):
        normalize_endpoint(url)


@pytest.fixture
def db(tmp_path: Path, library: Library) -> Path:
    path = tmp_path / "records.sqlite3"
    with open_store(path) as store:
        record_call(store, library, "sunrise-bakery", "Ana")
    return path


@pytest.mark.parametrize("url", ["http://[::1/xAPI", "http://127.0.0.1:99999/xAPI", "http://[::1]:70000/xAPI"])
def test_the_cli_refuses_a_bad_endpoint_in_one_line_without_retrying(db: Path, url: str) -> None:
    started = time.monotonic()
    line = one_line(sync(db, "--endpoint", url, "--user", "u", password="p"))
    assert time.monotonic() - started < 10 and "the LRS endpoint" in line


def test_a_password_in_the_endpoint_is_used_but_never_printed(db: Path, free_port: int) -> None:
    url = f"http://ann:{SECRET}@127.0.0.1:{free_port}/xAPI"
    done = sync(db, "--endpoint", url, "--retries", "0", "--timeout", "2")
    line = one_line(done)
    assert SECRET not in done.stdout + done.stderr
    assert f"cannot reach the LRS at http://127.0.0.1:{free_port}/xAPI/statements" in line
    assert "no LRS user" not in line and "no LRS password" not in line  # taken from the URL


def test_statements_queued_with_the_key_are_signed_and_checked(db: Path, library: Library) -> None:
    key = b"outbox-key"
    with RecordStore.open(db, key=key) as store:
        assert queue_new(store, XapiConfig()) > 0
        assert store.query("SELECT COUNT(*) FROM xapi_outbox WHERE signature IS NULL") == [(0,)]
    with RecordStore.open(db, write=False) as store:
        assert not [p for p in verify_store(store, library.scenarios, key).problems if p.kind == LRS_EDITED]
    with RecordStore.open(db) as store:
        store.conn.execute("UPDATE xapi_outbox SET body = replace(body, '\"Ana\"', '\"Bob\"') WHERE seq = 0")
    with RecordStore.open(db, write=False) as store:
        edited = [p for p in verify_store(store, library.scenarios, key).problems if p.kind == LRS_EDITED]
    assert len(edited) == 1 and "its text was changed after it was queued" in edited[0].detail
