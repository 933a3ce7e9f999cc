"""`ardojo xapi sync` against a real LRS (Ralph on 127.0.0.1): round trips, idempotency, the LRS going
away mid-sync and coming back, lost replies, conflicts, refused statements and wrong passwords."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path

import pytest

from game.cli import main
from game.content.library import Library
from game.records.store import RecordStore
from game.xapi.lrs import LrsClient
from game.xapi.outbox import export_lines, queue_new, unsent
from game.xapi.scheme import DEFAULT_ACTIVITY_BASE, XapiConfig
from game.xapi.sync import RetryPolicy, SyncReport, sync
from ralph_server import RalphServer
from xapi_calls import first, last, record_call

NO_WAIT = RetryPolicy(retries=2, max_wait=0, first_wait=0)


def trainee() -> str:
    return f"Trainee {uuid.uuid4().hex[:8]}"


def agent(name: str) -> dict:
    return {"account": {"homePage": DEFAULT_ACTIVITY_BASE, "name": name}}


def play_three(store: RecordStore, library: Library, name: str) -> list[str]:
    record_call(store, library, "sunrise-bakery", name, first)
    record_call(store, library, "harbor-logistics", name, last)
    record_call(store, library, "crestview-dental", name, first)
    return [json.loads(line)["id"] for line in export_lines(store, XapiConfig())]


def cli_sync(db: Path, lrs: RalphServer, capsys: pytest.CaptureFixture, *extra: str) -> tuple[int, str, str]:
    code = main(["xapi", "sync", "--db", str(db), "--endpoint", lrs.endpoint, "--user", lrs.user, *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def _password(lrs: RalphServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARDOJO_LRS_PASSWORD", lrs.password)


def outbox_state(store: RecordStore) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in store.query("SELECT id, sent_at, attempts, last_error FROM xapi_outbox")}


def test_sync_round_trips_and_is_idempotent(lrs: RalphServer, store: RecordStore, library: Library, db_path: Path,
                                            capsys: pytest.CaptureFixture) -> None:
    name = trainee()
    ids = play_three(store, library, name)
    code, out, err = cli_sync(db_path, lrs, capsys, "--batch-size", "7")
    assert (code, err) == (0, "")
    assert out == f"sent {len(ids)} statements (3 calls); 0 pending\n"

    ours = {json.loads(line)["id"]: json.loads(line) for line in export_lines(store, XapiConfig())}
    for sid, body in ours.items():
        theirs = lrs.statement(sid)
        assert theirs is not None, sid
        assert {k: theirs[k] for k in body} == body  # every field we sent comes back as sent
    listed = lrs.statements_of(agent(name))
    assert sorted(s["id"] for s in listed) == sorted(ids)
    assert all(row[0] is not None and row[2] is None for row in outbox_state(store).values())

    code, out, _ = cli_sync(db_path, lrs, capsys)
    assert (code, out) == (0, "sent 0 statements (0 calls); 0 pending\n")
    record_call(store, library, "sunrise-bakery", name, last)
    code, out, _ = cli_sync(db_path, lrs, capsys)
    new = len(list(export_lines(store, XapiConfig()))) - len(ids)
    assert (code, out) == (0, f"sent {new} statements (1 call); 0 pending\n")
    stored = Counter(lrs.stored_ids())
    assert all(stored[sid] == 1 for sid in ours) and len(lrs.statements_of(agent(name))) == len(ids) + new


def test_wrong_password_is_one_clear_line_and_nothing_is_marked(lrs: RalphServer, store: RecordStore,
                                                                library: Library, db_path: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    ids = play_three(store, library, trainee())
    code, out, err = cli_sync(db_path, lrs, capsys, "--password", "not-the-password")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "refused the credentials" in err and "401" in err and f"{len(ids)} pending" in err
    assert all(sent is None and "401" in error for sent, _, error in outbox_state(store).values())


def test_lrs_down_then_up_loses_nothing(lrs: RalphServer, store: RecordStore, library: Library, db_path: Path,
                                       capsys: pytest.CaptureFixture, free_port: int) -> None:
    ids = play_three(store, library, trainee())
    code = main(["xapi", "sync", "--db", str(db_path), "--endpoint", f"http://127.0.0.1:{free_port}/xAPI",
                 "--user", lrs.user, "--retries", "2", "--max-wait", "0"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "cannot reach the LRS" in err and "tried 3 times" in err and f"{len(ids)} pending" in err
    assert all(attempts == 3 for _, attempts, _ in outbox_state(store).values())
    code, out, _ = cli_sync(db_path, lrs, capsys)
    assert (code, out) == (0, f"sent {len(ids)} statements (3 calls); 0 pending\n")


def test_lrs_killed_mid_sync_comes_back_nothing_lost_or_duplicated(lrs: RalphServer, store: RecordStore,
                                                                   library: Library) -> None:
    ids = play_three(store, library, trainee())
    client = LrsClient(lrs.endpoint, lrs.user, lrs.password, timeout=10)
    batches: list[int] = []

    def kill_after_first_batch(report: SyncReport) -> None:
        batches.append(report.sent)
        if len(batches) == 1:
            lrs.stop()

    try:
        down = sync(store, client, XapiConfig(), batch_size=10, policy=NO_WAIT, sleep=lambda s: None,
                    on_batch=kill_after_first_batch)
        assert down.sent == 10 and down.pending == len(ids) - 10
        assert down.problem and down.problem.startswith("cannot reach the LRS")
        assert {r.id for r in unsent(store)} == set(ids[10:])

        waits: list[float] = []

        def back_during_backoff(seconds: float) -> None:  # the LRS returns while we wait to retry
            waits.append(seconds)
            lrs.ensure_running()

        back = sync(store, client, XapiConfig(), batch_size=10, policy=RetryPolicy(retries=3, max_wait=0.2),
                    sleep=back_during_backoff)
    finally:
        lrs.ensure_running()
    assert back.problem is None and back.sent == len(ids) - 10 and back.pending == 0
    assert waits == [0.2]
    stored = Counter(lrs.stored_ids())
    assert {sid: stored[sid] for sid in ids} == dict.fromkeys(ids, 1)


def test_a_resend_after_a_lost_reply_is_harmless(lrs: RalphServer, store: RecordStore, library: Library,
                                                 db_path: Path, capsys: pytest.CaptureFixture) -> None:
    ids = play_three(store, library, trainee())
    queue_new(store, XapiConfig())
    first_batch = unsent(store)[:10]
    # the LRS stored these but the reply never reached us: they are still unsent on our side
    status, _ = lrs.request("POST", "statements", [json.loads(q.body) for q in first_batch])
    assert status == 200
    code, out, _ = cli_sync(db_path, lrs, capsys, "--batch-size", "10")  # first batch answers 204
    assert (code, out) == (0, f"sent {len(ids)} statements (3 calls); 0 pending\n")
    stored = Counter(lrs.stored_ids())
    assert all(stored[sid] == 1 for sid in ids)


def test_a_reformatted_copy_in_the_lrs_counts_as_sent(lrs: RalphServer, store: RecordStore, library: Library,
                                                      db_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The LRS answers 409 (its copy differs), but it is the same event with a re-written timestamp."""
    ids = play_three(store, library, trainee())
    queue_new(store, XapiConfig())
    ours = json.loads(unsent(store)[3].body)
    copy = dict(ours, timestamp=ours["timestamp"].replace("Z", "+00:00"))
    assert lrs.request("POST", "statements", [copy])[0] == 200
    code, out, err = cli_sync(db_path, lrs, capsys)
    assert (code, out, err) == (0, f"sent {len(ids)} statements (3 calls); 0 pending\n", "")


def test_a_different_statement_under_our_id_is_reported_not_overwritten(
        lrs: RalphServer, store: RecordStore, library: Library, db_path: Path,
        capsys: pytest.CaptureFixture) -> None:
    ids = play_three(store, library, trainee())
    queue_new(store, XapiConfig())
    ours = json.loads(unsent(store)[2].body)
    impostor = dict(ours, result={"response": "something else entirely"})
    assert lrs.request("POST", "statements", [impostor])[0] == 200
    code, out, err = cli_sync(db_path, lrs, capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "already holds 1 different statement" in err and ours["id"] in err
    assert f"sent {len(ids) - 1} statements (3 calls); 1 pending" in err
    assert [q.id for q in unsent(store)] == [ours["id"]]
    assert outbox_state(store)[ours["id"]][2].startswith("conflict: 409")
    assert lrs.statement(ours["id"])["result"] == impostor["result"]  # theirs stays as it was


def test_a_statement_the_lrs_refuses_is_named_with_its_message(lrs: RalphServer, store: RecordStore,
                                                               library: Library, db_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    ids = play_three(store, library, trainee())
    queue_new(store, XapiConfig())
    call_id = unsent(store)[0].call_id
    bad_id = str(uuid.uuid4())
    bad = {"id": bad_id, "actor": {"mbox": "mailto:x@example.org"}, "object": {"id": "https://a.example/x"}}
    store.transaction(lambda: store.conn.execute(
        "INSERT INTO xapi_outbox (id, call_id, seq, body) VALUES (?, ?, 99, ?)", (bad_id, call_id, json.dumps(bad))))
    code, out, err = cli_sync(db_path, lrs, capsys)
    assert code == 1 and out == "" and err.count("\n") == 1
    assert f"the LRS rejected 1 statement(s) (first: {bad_id}" in err and "422" in err and "verb" in err
    assert f"sent {len(ids)} statements (3 calls); 1 pending" in err
