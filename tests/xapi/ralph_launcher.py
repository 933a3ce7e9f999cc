"""Start Ralph (a real xAPI Learning Record Store) on 127.0.0.1 for the tests.

Runs INSIDE the Ralph venv (.venv-ralph), never the game's: it imports nothing from AR Dojo or
pytest. Usage:

    .venv-ralph/bin/python tests/xapi/ralph_launcher.py --workdir DIR --user U --password P [--port N]

It writes a credentials file (bcrypt hash) and a data folder under DIR, points Ralph's settings at
them (environment variables read when Ralph is imported, so they are set first), applies the
work-around for the file backend's bulk-write bug in ralph-malph 5.1.0 (every POST after the first
answered `500 Statements bulk indexation failed`, because the backend refused to append to its
JSON-lines file), binds 127.0.0.1 itself (port 0 = any free one) and prints `PORT <n>` on stdout
once the socket is listening, then serves until killed, or until its standard input closes (so it
never outlives a test run that dies without stopping it).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
from pathlib import Path


def write_credentials(path: Path, user: str, password: str) -> None:
    """Ralph's basic-auth file: one user with a bcrypt hash, allowed to read and write statements."""
    import bcrypt

    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    path.write_text(json.dumps([{
        "username": user,
        "hash": hashed,
        "scopes": ["statements/write", "statements/read"],
        "agent": {"mbox": "mailto:ardojo-tests@example.org"},
    }]), encoding="utf-8")


def configure(workdir: Path, user: str, password: str) -> None:
    """Prepare DIR and the RALPH_* settings; must run before anything imports ralph.api."""
    data = workdir / "data"
    data.mkdir(parents=True, exist_ok=True)
    auth = workdir / "auth.json"
    if not auth.exists():
        write_credentials(auth, user, password)
    for key in [k for k in os.environ if k.startswith("RALPH_")]:
        del os.environ[key]
    os.environ.update({
        "RALPH_APP_DIR": str(workdir / "app"),
        "RALPH_AUTH_FILE": str(auth),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_RUNSERVER_AUTH_BACKENDS": "basic",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
    })
    os.chdir(workdir)  # Ralph also reads a .env in its working directory: this one has none


def apply_append_workaround() -> None:
    """Make the file backend append to its statements file instead of refusing to overwrite it."""
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND


def _exit_when_stdin_closes() -> None:
    sys.stdin.read()
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    configure(args.workdir.resolve(), args.user, args.password)
    apply_append_workaround()
    import uvicorn
    from ralph.api import app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(128)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
