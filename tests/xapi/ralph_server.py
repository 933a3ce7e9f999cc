"""Run Ralph (a real LRS) on 127.0.0.1 from the tests, read what it holds, and validate statements
with its pydantic model. Runs in the game's venv; Ralph itself runs in its own (see ralph_env.py)."""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "ralph_launcher.py"
VALIDATOR = HERE / "ralph_validate.py"
XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3"}


class RalphServer:
    """One Ralph process over a data folder that survives restarts (same port, same statements)."""

    def __init__(self, python: Path, workdir: Path, user: str = "ardojo-tests") -> None:
        self.python = python
        self.workdir = workdir
        self.user = user
        self.password = secrets.token_urlsafe(12)
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log = workdir / "ralph.log"
        self.starts: list[float] = []  # seconds each start took, for the report

    # -- life cycle -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI"

    def start(self, timeout: float = 60.0) -> None:
        """Start Ralph (on the port it had before, if any) and wait until it answers its heartbeat."""
        began = time.monotonic()
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = self.log.open("a")
        self.process = subprocess.Popen(
            [str(self.python), str(LAUNCHER), "--workdir", str(self.workdir), "--user", self.user,
             f"--password={self.password}", "--port", str(self.port)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, cwd=self.workdir)
        log.close()
        first_line: list[str] = []
        reader = threading.Thread(target=lambda: first_line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not first_line or not first_line[0].startswith("PORT "):
            self.stop()
            raise RuntimeError(f"Ralph did not start; its log ({self.log}):\n{self.log.read_text()[-3000:]}")
        self.port = int(first_line[0].split()[1])
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if not self.running or time.monotonic() - began > timeout:
                self.stop()
                raise RuntimeError(f"Ralph never answered its heartbeat; log:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.05)
        self.starts.append(time.monotonic() - began)

    def stop(self) -> None:
        """Kill Ralph at once (like a crash) and wait for it to be gone."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream:
                stream.close()
        self.process = None

    def ensure_running(self) -> None:
        if not self.running:
            self.start()

    # -- reading and writing statements directly -------------------------------------------------
    def _auth(self, password: str | None = None) -> dict[str, str]:
        token = base64.b64encode(f"{self.user}:{password or self.password}".encode()).decode()
        return {"Authorization": f"Basic {token}", **XAPI_HEADERS}

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """(status, parsed JSON or None) of a request to /xAPI/<path>; never raises for an HTTP status."""
        data = None if body is None else json.dumps(body).encode()
        headers = self._auth() | ({"Content-Type": "application/json"} if data else {})
        request = urllib.request.Request(f"{self.endpoint}/{path}", data=data, headers=headers, method=method)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=30) as response:
                raw, status = response.read(), response.status
        except urllib.error.HTTPError as exc:
            raw, status = exc.read(), exc.code
        try:
            return status, json.loads(raw) if raw.strip() else None
        except ValueError:
            return status, raw.decode("utf-8", "replace")

    def statement(self, statement_id: str) -> dict | None:
        """GET ?statementId= (Ralph wraps the answer in {"statements": [...]}, unlike the spec)."""
        status, data = self.request("GET", "statements?" + urlencode({"statementId": statement_id}))
        if status == 404:
            return None
        assert status == 200, (status, data)
        found = data["statements"] if isinstance(data, dict) and "statements" in data else [data]
        return found[0] if found else None

    def statements_of(self, agent: dict) -> list[dict]:
        """Every statement about one agent, following the `more` links (GET ?agent=&limit=)."""
        out: list[dict] = []
        path = "statements?" + urlencode({"agent": json.dumps(agent), "limit": 100})
        while path:
            status, data = self.request("GET", path)
            assert status == 200, (status, data)
            out.extend(data["statements"])
            more = data.get("more") or ""
            path = more.split("/xAPI/", 1)[1] if "/xAPI/" in more else ""
        return out

    def stored_ids(self) -> list[str]:
        """The id of every statement in Ralph's data file, duplicates included (ground truth)."""
        ids: list[str] = []
        for path in (self.workdir / "data").glob("*"):
            if path.is_file():
                ids.extend(json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip())
        return ids


def validate(python: Path, statements: Iterable[dict]) -> list[Any]:
    """Ralph's verdict on each statement: "ok" or a list of error strings (one subprocess for all)."""
    lines = [json.dumps(s) for s in statements]
    done = subprocess.run([str(python), str(VALIDATOR)], input="\n".join(lines) + "\n", capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]
