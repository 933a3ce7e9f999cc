"""`ardojo xapi export`: JSON lines on stdout or into a file, read-only, and always the queued body of a
statement once it has been queued (so an export matches what an LRS got)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.content.library import Library
from game.records.store import RecordStore
from game.xapi.outbox import queue_new
from game.xapi.scheme import XapiConfig
from xapi_calls import first, last, record_call

ROOT = Path(__file__).resolve().parents[2]


def export(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(["xapi", "export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_json_lines_to_stdout_or_a_file(store: RecordStore, library: Library, db_path: Path,
                                                      tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first)
    record_call(store, library, "harbor-logistics", "Ana", last, stop_after=2)
    code, out, err = export(capsys, "--db", str(db_path))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    statements = [json.loads(line) for line in lines]
    decisions = sum(len(store.decision_rows(c.id)) for c in store.calls())
    assert len(statements) == 1 + decisions + 2 + 1  # the finished call's start/end, the other's start
    assert [s["verb"]["display"]["en-US"] for s in statements][:2] == ["attempted", "answered"]
    assert len({s["id"] for s in statements}) == len(statements)

    target = tmp_path / "out" / "statements.jsonl"
    target.parent.mkdir()
    code, out, err = export(capsys, "--db", str(db_path), "-o", str(target))
    assert (code, out) == (0, "") and err == f"wrote {len(lines)} statements to {target}\n"
    assert target.read_text().splitlines() == lines
    assert not list(target.parent.glob("*.partial"))

    code, out, _ = export(capsys, "--db", str(db_path), "--activity-base", "https://lms.acme.example/x")
    assert all(json.loads(line)["object"]["id"].startswith("https://lms.acme.example/x/") for line in out.splitlines())


def test_export_gives_queued_statements_exactly_as_queued(store: RecordStore, library: Library, db_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first)
    queued = queue_new(store, XapiConfig.make("https://first.example/xapi"))
    assert queued > 0
    record_call(store, library, "crestview-dental", "Sam", first, stop_after=1)  # not queued yet
    _, out, _ = export(capsys, "--db", str(db_path), "--activity-base", "https://second.example/xapi")
    objects = [json.loads(line)["object"]["id"] for line in out.splitlines()]
    assert all(o.startswith("https://first.example/") for o in objects[:queued])
    assert all(o.startswith("https://second.example/") for o in objects[queued:]) and objects[queued:]
    assert queue_new(store, XapiConfig()) == len(objects) - queued  # only the new ones join the outbox


def test_export_is_read_only_and_mistakes_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "none.sqlite3"
    code, out, err = export(capsys, "--db", str(missing))
    assert code == 1 and out == "" and err.startswith("error: no records database") and err.count("\n") == 1
    assert not missing.exists()
    code, _, err = export(capsys, "--db", str(missing), "--activity-base", "ftp://nope")
    assert code == 1 and err.startswith("error: the activity base must be an http(s) IRI") and err.count("\n") == 1


def test_export_into_a_folder_that_does_not_exist_is_one_line(store: RecordStore, library: Library, db_path: Path,
                                                              tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first, stop_after=1)
    code, out, err = export(capsys, "--db", str(db_path), "-o", str(tmp_path / "no" / "such" / "file.jsonl"))
    assert code == 1 and out == "" and err.startswith("error: cannot write") and err.count("\n") == 1


def test_the_real_command_never_shows_a_traceback(store: RecordStore, library: Library, db_path: Path,
                                                  tmp_path: Path, free_port: int) -> None:
    record_call(store, library, "sunrise-bakery", "Sam", first, stop_after=1)
    cases = [
        (["xapi", "sync", "--endpoint", f"http://127.0.0.1:{free_port}/xAPI", "--user", "u", "--retries", "0"],
         "error: cannot reach the LRS"),
        (["xapi", "sync", "--user", "u"], "error: no LRS endpoint"),
        (["xapi", "sync", "--endpoint", "http://127.0.0.1:1/xAPI", "--user", "u", "--password", "p",
          "--activity-base", "x"], "error: the activity base must be"),
        (["xapi", "export", "--db", str(tmp_path / "none.sqlite3")], "error: no records database"),
        (["xapi", "sync", "--db", str(tmp_path / "none.sqlite3"), "--endpoint", "http://127.0.0.1:1/xAPI",
          "--user", "u"], "error: no records database"),
    ]
    for args, expected in cases:
        env = {"PATH": "/usr/bin:/bin", "ARDOJO_DB": str(db_path), "ARDOJO_LRS_PASSWORD": "p",
               "HOME": str(tmp_path)}
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                              env=env, timeout=60)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stderr.startswith(expected) and done.stderr.count("\n") == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("args, expected", [
    (["--endpoint", "http://127.0.0.1:1/xAPI", "--user", "u"],
     "error: no LRS password: set ARDOJO_LRS_PASSWORD (or pass --password)\n"),
    (["--endpoint", "http://127.0.0.1:1/xAPI", "--password", "p"], "error: no LRS user: pass --user U or set "
                                                                   "ARDOJO_LRS_USER\n"),
    (["--endpoint", "lrs.example.org", "--user", "u", "--password", "p"],
     "error: the LRS endpoint must be an http(s) URL like http://127.0.0.1:8100/xAPI; got 'lrs.example.org'\n"),
])
def test_sync_options_missing_or_wrong_are_one_line(args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture) -> None:
    for name in ("ARDOJO_LRS_PASSWORD", "ARDOJO_LRS_USER", "ARDOJO_LRS_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)
    code = main(["xapi", "sync", *args])
    out, err = capsys.readouterr()
    assert (code, out, err) == (1, "", expected)
