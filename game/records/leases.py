"""Who is playing a call right now: the lease a process holds on the call it plays.

A window (or terminal) that starts or resumes a call writes its owner token and a time into the call's
row (`calls.lease_owner`, `calls.lease_until`); every decision renews it, and finishing, abandoning or
closing the records releases it. Another process on the same records file does not offer that call for
resuming while the owner is alive: on the same machine, while the owning process still runs (its id and
start time, so a re-used process id does not count); from another machine, until the lease runs out.
Within one process there is one window, so a lease written by this process never blocks it.
A process killed mid-call leaves its lease behind, and the call is offered for resuming at once.

The lease is bookkeeping, not a record of the call: it is not signed and `verify` ignores it.
"""

from __future__ import annotations

import datetime as _dt
import os
import socket
import uuid

#: How long a lease lasts without a decision (for a process on another machine sharing the file).
LEASE_SECONDS = 15 * 60
_SEP = "|"


def _process_start(pid: int) -> str:
    """The start time of process `pid` in clock ticks since boot (Linux /proc), '' elsewhere, None when it
    does not run (or is a zombie)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return None  # type: ignore[return-value]
    except OSError:
        return ""
    if not fields or fields[0] in ("Z", "X"):
        return None  # type: ignore[return-value]
    return fields[19] if len(fields) > 19 else ""


def owner_token() -> str:
    """A token naming this process (host, id, start time) and one store of it."""
    pid = os.getpid()
    return _SEP.join((socket.gethostname(), str(pid), _process_start(pid) or "", uuid.uuid4().hex[:12]))


def _alive(pid: int, start: str) -> bool:
    if os.path.isdir("/proc"):
        now = _process_start(pid)
        return now is not None and (not start or not now or now == start)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def lease_until(now: _dt.datetime | None = None) -> str:
    """The end of a lease taken now."""
    moment = (now or _dt.datetime.now(_dt.timezone.utc)) + _dt.timedelta(seconds=LEASE_SECONDS)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _expired(until: str | None, now: _dt.datetime) -> bool:
    try:
        end = _dt.datetime.fromisoformat((until or "").replace("Z", "+00:00"))
    except ValueError:
        return True
    if end.tzinfo is None:
        end = end.replace(tzinfo=_dt.timezone.utc)
    return end <= now


def live_elsewhere(owner: str | None, until: str | None, me: str, now: _dt.datetime | None = None) -> bool:
    """True when another process (or another store of this one) is playing the call right now."""
    if not owner or owner == me:
        return False
    now = now or _dt.datetime.now(_dt.timezone.utc)
    parts = owner.split(_SEP)
    mine = me.split(_SEP)
    if len(parts) != 4 or parts[0] != mine[0]:
        return not _expired(until, now)  # another machine: trust the lease's time
    try:
        pid = int(parts[1])
    except ValueError:
        return not _expired(until, now)
    if str(pid) == mine[1]:
        return False  # this process: one window, whatever store object wrote the lease
    return _alive(pid, parts[2])
