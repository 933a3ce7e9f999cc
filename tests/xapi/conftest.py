"""Fixtures for the xAPI tests: the real scenarios, a records database on a ticking clock, and one
real LRS (Ralph, in its own venv) started once per test session on 127.0.0.1.

The LRS tests never skip quietly: if the Ralph venv is missing and cannot be built they fail with
the reason. Set ARDOJO_SKIP_LRS=1 to skip them on purpose.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Iterator

import pytest

from game.content.library import Library, default_scenarios_dir, load_library
from game.records.store import RecordStore

# tests/xapi/ is on sys.path (pytest's default "prepend" import mode), so the helpers import directly.
import ralph_env
from ralph_server import RalphServer
from xapi_calls import open_store


@pytest.fixture(scope="session")
def library() -> Library:
    lib = load_library([default_scenarios_dir()])
    assert not lib.diagnostics.has_errors, [d.format() for d in lib.diagnostics.items]
    return lib


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "records.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[RecordStore]:
    with open_store(db_path) as s:
        yield s


@pytest.fixture(scope="session")
def ralph_python() -> Path:
    """The Ralph venv's python, built on first use; a loud failure when that is impossible."""
    if os.environ.get(ralph_env.SKIP_ENV) == "1":
        pytest.skip(f"{ralph_env.SKIP_ENV}=1: the tests against a real LRS are skipped on purpose")
    try:
        return ralph_env.ensure()
    except ralph_env.RalphEnvError as exc:
        pytest.fail(f"the Ralph LRS venv is missing and could not be built (set {ralph_env.SKIP_ENV}=1 to skip "
                    f"these tests on purpose):\n{exc}", pytrace=False)


@pytest.fixture(scope="session")
def _ralph(ralph_python: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RalphServer]:
    server = RalphServer(ralph_python, tmp_path_factory.mktemp("ralph"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def lrs(_ralph: RalphServer) -> RalphServer:
    """The session's Ralph, running (restarted first if a test stopped it and failed before restarting)."""
    _ralph.ensure_running()
    return _ralph


@pytest.fixture
def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (an LRS that is down)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
