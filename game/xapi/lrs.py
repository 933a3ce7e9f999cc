"""A minimal xAPI 1.0.3 client for a Learning Record Store, standard library only (urllib).

It talks only to the endpoint the user gives, with HTTP basic auth and the headers the spec asks
for, and sorts every failure into one of four kinds the sync loop acts on: unreachable or failing
for now (retry later), credentials rejected (stop), statements rejected (report the LRS's message).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

XAPI_VERSION = "1.0.3"
#: HTTP statuses worth retrying after a pause: the LRS is busy or failing, not refusing us.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class LrsError(Exception):
    """A failed exchange with the LRS, worded for the user."""


class LrsConfigError(LrsError):
    """A bad endpoint URL."""


class LrsTransient(LrsError):
    """Unreachable, timed out, or a 5xx/429: worth retrying later. `retry_after` is in seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class LrsAuthError(LrsError):
    """401/403: the LRS refused the credentials."""


class LrsRejected(LrsError):
    """Another 4xx: the LRS refused what we sent, with its own explanation."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(f"{status} {detail}")
        self.status = status
        self.detail = detail


def redact(text: str) -> str:
    """`text` with the password of any `user:password@` in a URL replaced by ***: never printed."""
    return re.sub(r"//([^/@:\s]*):[^/@\s]*@", r"//\1:***@", text)


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL without `user:password@`, and the user and password it carried (None when it had none)."""
    text = url.strip()
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/@]*)@(.*)$", text, re.S)
    if not match:
        return text, None, None
    user, sep, password = match.group(2).partition(":")
    return match.group(1) + match.group(3), unquote(user) or None, unquote(password) if sep else None


def normalize_endpoint(url: str) -> str:
    """The xAPI base endpoint (…/xAPI) from what the user typed; a trailing /statements is accepted. A
    URL that is not a plain http(s) one (a broken IPv6 address, a port out of range, credentials inside
    it, spaces) is refused with one line that never shows a password."""
    text = url.strip().rstrip("/")
    shown = redact(url)
    example = "http://127.0.0.1:8100/xAPI"
    try:
        parts = urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise LrsConfigError(f"the LRS endpoint is not a valid URL ({exc}); got {shown!r}") from None
    if parts.scheme not in ("http", "https") or not host or parts.query or parts.fragment:
        raise LrsConfigError(f"the LRS endpoint must be an http(s) URL like {example}; got {shown!r}")
    if port == 0:
        raise LrsConfigError(f"the LRS endpoint's port must be from 1 to 65535; got {shown!r}")
    if parts.username is not None or parts.password is not None:
        raise LrsConfigError(f"the LRS endpoint must not hold a user or password (use --user and "
                             f"$ARDOJO_LRS_PASSWORD); got {shown!r}")
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        raise LrsConfigError(f"the LRS endpoint must not contain spaces or control characters; got {shown!r}")
    if text.lower().endswith("/statements"):
        text = text[: -len("/statements")]
    return text


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _detail(raw: bytes) -> str:
    """The LRS's explanation, on one line: FastAPI's {"detail": ...}, another JSON error, or plain text."""
    text = raw.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("detail", "message", "error", "errors"):
            if key in data:
                value = data[key]
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                break
    line = " ".join(text.split())
    return (line[:300] + "…") if len(line) > 300 else (line or "(no message)")


@dataclass(frozen=True, slots=True)
class LrsClient:
    """POST and GET statements at `endpoint` (the xAPI base, e.g. http://127.0.0.1:8100/xAPI)."""

    endpoint: str
    user: str
    password: str
    timeout: float = 30.0

    @property
    def statements_url(self) -> str:
        return self.endpoint + "/statements"

    @property
    def plain_http_remote(self) -> bool:
        """True when credentials would cross the network unencrypted."""
        parts = urlsplit(self.endpoint)
        return parts.scheme == "http" and not is_loopback(parts.hostname or "")

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        host = urlsplit(request.full_url).hostname or ""
        # No proxy for a local LRS (an http_proxy variable must not divert 127.0.0.1); else the usual ones.
        handlers = [urllib.request.ProxyHandler({})] if is_loopback(host) else []
        opener = urllib.request.build_opener(*handlers)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read() if exc.fp is not None else b""
            status = exc.code
            if status in (401, 403):
                raise LrsAuthError(f"{status} {_detail(raw)}") from None
            if status in TRANSIENT_STATUSES:
                raise LrsTransient(f"{status} {_detail(raw)}", _retry_after(exc.headers.get("Retry-After"))) from None
            raise LrsRejected(status, _detail(raw)) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, socket.timeout) or isinstance(reason, TimeoutError):
                raise LrsTransient(f"no answer within {self.timeout:g} s") from None
            text = getattr(reason, "strerror", None) or str(reason)
            raise LrsTransient(str(text).lower()) from None
        except (TimeoutError, socket.timeout):
            raise LrsTransient(f"no answer within {self.timeout:g} s") from None
        except ValueError as exc:  # http.client.InvalidURL and the like: retrying cannot help
            raise LrsConfigError(f"cannot send to {redact(request.full_url)}: {redact(str(exc))}") from None
        except (ConnectionError, OSError) as exc:
            raise LrsTransient((exc.strerror or str(exc)).lower()) from None

    def _request(self, method: str, url: str, data: bytes | None = None) -> tuple[int, bytes]:
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": XAPI_VERSION,
                   "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        return self._open(urllib.request.Request(url, data=data, headers=headers, method=method))

    def post_statements(self, array_json: str) -> tuple[int, list[str]]:
        """POST a JSON array of statements; returns the status (200 or 204) and the ids the LRS listed."""
        status, raw = self._request("POST", self.statements_url, array_json.encode("utf-8"))
        ids: list[str] = []
        if status == 200 and raw.strip():
            try:
                data = json.loads(raw)
                ids = [str(i) for i in data] if isinstance(data, list) else []
            except ValueError:
                ids = []
        return status, ids

    def get_statement(self, statement_id: str) -> dict[str, Any] | None:
        """The statement the LRS holds under this id, or None (a 404, or an empty answer)."""
        try:
            _, raw = self._request("GET", f"{self.statements_url}?{urlencode({'statementId': statement_id})}")
        except LrsRejected as exc:
            if exc.status == 404:
                return None
            raise
        try:
            data = json.loads(raw or b"null")
        except ValueError:
            return None
        if isinstance(data, dict) and isinstance(data.get("statements"), list):  # Ralph wraps it
            data = data["statements"][0] if data["statements"] else None
        return data if isinstance(data, dict) and data.get("id") else None


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
