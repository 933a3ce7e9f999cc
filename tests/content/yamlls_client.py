"""A minimal Language Server Protocol client for yaml-language-server over stdio (JSON-RPC with
Content-Length framing): initialize, configure `yaml.schemas`, open documents, read the diagnostics
the server publishes. Standard library only; used by test_schema_in_yaml_language_server.py."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any


class LspClient:
    """One running server; `diagnostics(uri, text)` opens a document and returns what it reports."""

    def __init__(self, node: str, script: Path, root: Path, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.proc = subprocess.Popen([node, str(script), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages: "queue.Queue[dict[str, Any]]" = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
            "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False}},
            "textDocument": {"publishDiagnostics": {}}}, "workspaceFolders": None})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": settings}})

    # -- framing ------------------------------------------------------------------------------
    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length is None:
                continue
            self.messages.put(json.loads(stream.read(length)))

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self._send({"id": wanted, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == wanted and "method" not in m, timeout).get("result")

    # -- the conversation ---------------------------------------------------------------------
    def _answer(self, message: dict[str, Any]) -> None:
        """Answer the server's own requests: its configuration questions get our settings."""
        if message.get("method") == "workspace/configuration":
            items = message.get("params", {}).get("items", [])
            result = [self.settings if item.get("section") == "yaml" else None for item in items]
        else:
            result = None
        self._send({"id": message["id"], "result": result})

    def _wait(self, match, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("yaml-language-server did not answer in time")
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            if match(message):
                return message
            if message.get("method") == "textDocument/publishDiagnostics":
                self.published.setdefault(message["params"]["uri"], []).append(message["params"]["diagnostics"])

    published: dict[str, list[list[dict[str, Any]]]] = {}

    def diagnose(self, documents: dict[str, str], settle: float = 1.5,
                 timeout: float = 60) -> dict[str, list[dict[str, Any]]]:
        """Open every document (uri -> text); for each, the diagnostics the server published last,
        once every one has some and the server has said nothing new for `settle` seconds."""
        self.published = {}
        for version, (uri, text) in enumerate(documents.items(), 1):
            self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml",
                                                                   "version": version, "text": text}})
        deadline = time.monotonic() + timeout
        seen = -1
        while True:
            count = sum(map(len, self.published.values()))
            waiting = [uri for uri in documents if uri not in self.published]
            if not waiting and count == seen:
                break  # every document has its diagnostics, and nothing new came for `settle` seconds
            if time.monotonic() > deadline:
                raise TimeoutError(f"no diagnostics published for {waiting}")
            seen = count
            try:
                self._wait(lambda m: False, settle)
            except TimeoutError:
                pass
        for uri in documents:
            self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        return {uri: self.published[uri][-1] for uri in documents}

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001 - the server is stopped below whatever happened
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
