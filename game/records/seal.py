"""Signature scheme v3: HMAC-SHA256 over every stored column that grading, certificates, reports and xAPI
read, and over each trainee's numbered list of calls.

A call's v3 signature is `v3:<mac>.<tags>`: `mac` covers the whole record (the call's columns and every
column of its decisions, as stored); `tags` are 32-bit HMACs of each group of fields (`GROUPS`), so that
`verify` can say *what* was changed (the program, the times, the status, the decisions...) and not just
that something was. Every call also carries its number in the trainee's list (`calls.trainee_seq`,
1, 2, 3 ...), inside the signature; the trainee's row holds the count and which numbers were sealed as
finished (`trainees.sealed`, e.g. "1-4,6"), signed too, so a deleted call leaves a hole, and a call
sealed as finished cannot be turned back into an unfinished one or stripped of its signature unseen.

Pure functions only (no database access): the store calls them inside its write transactions, and
`verify` calls them over the rows it streams.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Iterable, Sequence

#: The last signed "column" of a decision: its recall reply (records schema 8) as one JSON value, read by a
#: subquery over `recall_replies` (game/records/recall_rows.py); NULL, so not signed, for a picked reply.
RECALL_COLUMN = ("(SELECT json_array(r.said, r.attempts, r.taken, r.similarities, r.fallback, r.spoken) "
                 "FROM recall_replies r WHERE r.call_id = decisions.call_id AND r.seq = decisions.seq)")

V3_PREFIX = "v3:"
TAG_CHARS = 8

#: The signed columns of `calls` (read joined with `trainees t`), by group, in this order.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("identity", "who and which call (id, trainee, number in the trainee's list)",
     ("c.id", "t.name", "c.trainee_seq")),
    ("scenario", "the scenario (id, content hash, engine)", ("c.scenario_id", "c.scenario_hash", "c.engine_version")),
    ("program", "the program it counts for", ("c.program_id",)),
    ("times", "the start or end time", ("c.started_at", "c.ended_at")),
    ("status", "the status (in progress, completed, abandoned)", ("c.status",)),
    ("result", "the result (ending, meters, scores, pass/fail)",
     ("c.node", "c.meters", "c.outcome", "c.commitment", "c.professionalism", "c.empathy", "c.clarity",
      "c.commitment_score", "c.overall", "c.passed")),
    ("verdict", "the stored verdict (marks, reasons, critical errors)", ("c.verdict",)),
    ("log", "the call log", ("c.wrapup",)),
    ("seed", "the order replies were shown in (seed)", ("c.seed",)),
    ("decisions", "the decisions (what was said, rules, scores, meters or times)", ()),
    ("abandonment", "when it was abandoned or resumed", ("c.abandoned_at", "c.pauses")),
    ("campaign", "the campaign week it was played in", ("c.campaign_week_id",)),
)
#: Groups signed only when one of their columns is set, so calls signed before they existed still verify.
OPTIONAL_GROUPS = frozenset({"abandonment", "campaign"})
SIGNED_CALL_COLUMNS: tuple[str, ...] = tuple(col for _, _, cols in GROUPS for col in cols)
#: The signed columns of `decisions`, in this order.
SIGNED_DECISION_COLUMNS: tuple[str, ...] = ("seq", "node", "choice", "said", "rules", "score", "meters", "at",
                                            "choice_id", "position", "top", "waited", "interrupted", "elapsed",
                                            RECALL_COLUMN)
#: Decision columns signed since the first v3 records; the later ones (manners: records schema 7) are signed
#: only when set (trailing NULLs dropped), so decisions signed before they existed still verify.
BASE_DECISION_COLUMNS = 11
GROUP_WORDS = {name: words for name, words, _ in GROUPS}

_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(data: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return _CANONICAL.encode(data).encode("utf-8")


def mac(key: bytes, payload: bytes) -> str:
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _groups(call: Sequence[object], decisions: Iterable[Sequence[object]]) -> list[tuple[str, list]]:
    values, at = [], 0
    for name, _, cols in GROUPS:
        if cols:
            part = list(call[at:at + len(cols)])
            at += len(cols)
            if name not in OPTIONAL_GROUPS or any(v is not None for v in part):
                values.append((name, part))
        else:
            values.append((name, [_decision_values(d) for d in decisions]))
    return values


def _decision_values(row: Sequence[object]) -> list:
    """A decision's signed values: trailing NULLs past the base columns dropped."""
    values = list(row)
    while len(values) > BASE_DECISION_COLUMNS and values[-1] is None:
        values.pop()
    return values


def _whole(key: bytes, call_id: object, groups: list[tuple[str, list]]) -> str:
    return mac(key, canonical_json(["ardojo-call-v3", call_id, groups]))


def _tags(key: bytes, call_id: object, groups: list[tuple[str, list]]) -> str:
    return "".join(mac(key, canonical_json(["ardojo-group-v3", call_id, name, value]))[:TAG_CHARS]
                   for name, value in groups)


def call_signature(key: bytes, call: Sequence[object], decisions: Iterable[Sequence[object]]) -> str:
    """The v3 signature of a call: `call` holds the SIGNED_CALL_COLUMNS values, `decisions` each decision's
    SIGNED_DECISION_COLUMNS values, in order of `seq`."""
    groups = _groups(call, decisions)
    return f"{V3_PREFIX}{_whole(key, call[0], groups)}.{_tags(key, call[0], groups)}"


def changed_groups(key: bytes, call: Sequence[object], decisions: Iterable[Sequence[object]],
                   signature: str) -> list[str] | None:
    """Which groups of a call differ from what its v3 `signature` was made over: [] when it matches,
    None when the signature is malformed (or made with another key and every tag differs). The whole
    record's MAC decides; the group tags are only computed to name what changed."""
    groups = _groups(call, decisions)
    head, sep, theirs = signature[len(V3_PREFIX):].partition(".")
    if signature.startswith(V3_PREFIX) and hmac.compare_digest(_whole(key, call[0], groups), head):
        return []
    if not signature.startswith(V3_PREFIX) or not sep:
        return None
    ours = _tags(key, call[0], groups)
    if len(theirs) != len(ours):
        return None
    names = [name for name, _ in groups]
    changed = [names[i] for i in range(len(names))
               if not hmac.compare_digest(ours[i * TAG_CHARS:(i + 1) * TAG_CHARS],
                                          theirs[i * TAG_CHARS:(i + 1) * TAG_CHARS])]
    return changed if 0 < len(changed) < len(names) else None  # the whole MAC differs: never [] here


def ranges(numbers: Iterable[int]) -> str:
    """Sorted whole numbers as ranges: [1, 2, 3, 5] -> "1-3,5"."""
    out: list[str] = []
    run: list[int] = []
    for n in sorted(set(numbers)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        out.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ",".join(out)


def parse_ranges(text: str | None) -> list[tuple[int, int]]:
    """The (first, last) pairs of a `ranges` text; ValueError when it is not one."""
    out = []
    for part in (text or "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        low, high = int(first), int(last or first)
        if high < low:
            raise ValueError(part)
        out.append((low, high))
    return out


def head_text(count: int, finished: Iterable[int]) -> str:
    """A trainee's sealed list as stored in `trainees.sealed`: "<count>:<ranges>", e.g. "7:1-4,6" (seven
    calls numbered when it was sealed; 1 to 4 and 6 sealed as finished)."""
    return f"{count}:{ranges(finished)}"


def parse_head(text: str) -> tuple[int, list[tuple[int, int]]]:
    """(count, finished ranges) of a `head_text`; ValueError when it is not one."""
    count, sep, rest = text.partition(":")
    if not sep:
        raise ValueError(text)
    return int(count), parse_ranges(rest)


def head_signature(key: bytes, trainee: str, sealed: str) -> str:
    """The signature of a trainee's list: their name and the `head_text` it was sealed with."""
    return V3_PREFIX + mac(key, canonical_json(["ardojo-head-v3", trainee, sealed]))


def outbox_signature(key: bytes, statement_id: str, call_id: str, seq: int, body: str) -> str:
    """The signature of a statement queued for the LRS, exactly as it will be sent."""
    return V3_PREFIX + mac(key, canonical_json(["ardojo-outbox-v3", statement_id, call_id, seq, body]))


#: The signed columns of `campaign_weeks` (read joined with `trainees t`), in this order.
SIGNED_WEEK_COLUMNS: tuple[str, ...] = ("w.id", "t.name", "w.campaign_id", "w.seed", "w.started_at", "w.ended_at",
                                        "w.status", "w.state", "w.report")


def week_signature(key: bytes, week: Sequence[object], calls: Iterable[Sequence[object]]) -> str:
    """The signature of a campaign week: `week` holds the SIGNED_WEEK_COLUMNS values, `calls` each graded
    call's (seq, result, call id) in order."""
    return V3_PREFIX + mac(key, canonical_json(["ardojo-week-v3", list(week), [list(c) for c in calls]]))


def valid(expected: str, signature: str | None) -> bool:
    """Constant-time comparison of a computed and a stored signature."""
    return bool(signature) and hmac.compare_digest(expected, signature or "")
