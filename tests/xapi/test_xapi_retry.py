"""Back-off and the sorting of LRS answers Ralph cannot be made to give on demand (503 with
Retry-After, a 5xx that never ends), against a tiny HTTP server on 127.0.0.1; and the same_event rule
that decides whether a 409 hides a copy of our own statement."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from game.content.library import Library
from game.records.store import RecordStore
from game.xapi.lrs import LrsClient, LrsConfigError, normalize_endpoint
from game.xapi.outbox import pending_counts, queue_new, unsent
from game.xapi.scheme import XapiConfig
from game.xapi.sync import RetryPolicy, same_event, sync
from xapi_calls import first, record_call


class Scripted(BaseHTTPRequestHandler):
    """Answers POSTs from a script of (status, headers, body); records what it was sent."""

    script: list[tuple[int, dict, bytes]] = []
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        Scripted.received.append({"headers": {k.lower(): v for k, v in self.headers.items()},
                                  "body": json.loads(self.rfile.read(length))})
        status, headers, body = Scripted.script.pop(0) if Scripted.script else (200, {}, b"[]")
        if status == 200 and body == b"[]":
            body = json.dumps([s["id"] for s in Scripted.received[-1]["body"]]).encode()
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    Scripted.script, Scripted.received = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xAPI/"
    server.shutdown()
    server.server_close()


def test_back_off_doubles_is_capped_and_honours_retry_after() -> None:
    policy = RetryPolicy(retries=6, max_wait=10, first_wait=1)
    assert [policy.wait(i) for i in range(6)] == [1, 2, 4, 8, 10, 10]
    assert policy.wait(0, retry_after=7) == 7 and policy.wait(0, retry_after=99) == 10


def test_busy_lrs_is_retried_then_sent_with_the_xapi_headers(stub: str, store: RecordStore, library: Library) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first)
    Scripted.script = [(503, {"Retry-After": "3"}, b'{"detail": "maintenance"}'), (502, {}, b"bad gateway")]
    waits: list[float] = []
    report = sync(store, LrsClient(normalize_endpoint(stub), "u", "p"), XapiConfig(), batch_size=100,
                  policy=RetryPolicy(retries=3, max_wait=5, first_wait=1), sleep=waits.append)
    assert report.problem is None and report.pending == 0 and waits == [3, 2]
    posted = Scripted.received[-1]
    assert posted["headers"]["x-experience-api-version"] == "1.0.3"
    assert posted["headers"]["content-type"] == "application/json"
    assert posted["headers"]["authorization"] == "Basic dTpw"  # u:p
    assert len(posted["body"]) == report.sent
    attempts = {r[0] for r in store.query("SELECT attempts FROM xapi_outbox")}
    assert attempts == {3}


def test_a_failing_lrs_is_given_up_on_after_the_retries(stub: str, store: RecordStore, library: Library) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first)
    Scripted.script = [(500, {}, b'{"detail": "Statements bulk indexation failed"}')] * 10
    waits: list[float] = []
    report = sync(store, LrsClient(normalize_endpoint(stub), "u", "p"), XapiConfig(),
                  policy=RetryPolicy(retries=4, max_wait=3, first_wait=0.5), sleep=waits.append)
    assert waits == [0.5, 1, 2, 3]
    assert report.sent == 0 and report.pending == pending_counts(store)[0] > 0
    assert "tried 5 times" in report.problem and "500 Statements bulk indexation failed" in report.problem
    assert {r[0] for r in store.query("SELECT last_error FROM xapi_outbox")} == {
        "500 Statements bulk indexation failed"}


def test_an_answer_that_does_not_match_the_batch_marks_nothing(stub: str, store: RecordStore,
                                                               library: Library) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first, stop_after=1)
    Scripted.script = [(200, {}, b'["00000000-0000-0000-0000-000000000000"]')]
    report = sync(store, LrsClient(normalize_endpoint(stub), "u", "p"), XapiConfig(), sleep=lambda s: None)
    assert report.sent == 0 and report.problem and "unexpected answer" in report.problem
    assert len(unsent(store)) == 2


def test_endpoints_are_normalized() -> None:
    assert normalize_endpoint(" https://lrs.example.org/xAPI/ ") == "https://lrs.example.org/xAPI"
    assert normalize_endpoint("http://127.0.0.1:8100/xAPI/statements") == "http://127.0.0.1:8100/xAPI"
    for bad in ("lrs.example.org/xAPI", "ftp://x/xAPI", "http:///xAPI", "http://h/xAPI?x=1"):
        with pytest.raises(LrsConfigError):
            normalize_endpoint(bad)
    assert LrsClient("http://lrs.example.org/xAPI", "u", "p").plain_http_remote
    assert not LrsClient("http://127.0.0.1:1/xAPI", "u", "p").plain_http_remote
    assert not LrsClient("https://lrs.example.org/xAPI", "u", "p").plain_http_remote


def test_same_event_tolerates_reformatting_only(store: RecordStore, library: Library) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first)
    queue_new(store, XapiConfig())
    ours = json.loads(unsent(store)[-1].body)
    reformatted = json.loads(json.dumps(ours))
    reformatted["timestamp"] = ours["timestamp"].replace("Z", "+00:00")
    reformatted["result"]["score"]["raw"] = float(ours["result"]["score"]["raw"])
    reformatted["stored"] = "2030-01-01T00:00:00Z"
    assert same_event(ours, reformatted)
    for change in ({"verb": {"id": "http://adlnet.gov/expapi/verbs/failed"}},
                   {"timestamp": "2026-11-23T09:00:00.001Z"},
                   {"result": dict(ours["result"], success=not ours["result"]["success"])},
                   {"actor": {"mbox": "mailto:someone@example.org"}},
                   {"object": {"id": "https://elsewhere.example/x"}}):
        assert not same_event(ours, dict(ours, **change)), change
