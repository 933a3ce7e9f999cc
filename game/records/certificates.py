"""Certificates: proof that a trainee completed a program, checkable later from the records.

A certificate is issued only when the program's grading, which reads each call's stored verdict (decided
once when the call ended, with the program's marks), says every scenario is passed; checking it later
also requires each certified call's stored verdict to still say passed.

The verification code is an HMAC-SHA256 (with the signing key) of the trainee, the program and the
certified calls (ids and scores), so it changes if any of them changes. Without a key the code is a
plain hash, marked UNSIGNED everywhere: it identifies the certificate but proves nothing. Issued
certificates are stored in the `certificates` table; issuing the same one again returns it unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Mapping

from game.content.model import Scenario
from game.records.grading import trainee_progress
from game.content.program_model import Program
from game.records.signing import canonical_json
from game.engine.call import Decision
from game.records.store import CallRow, RecordStore
from game.records.verify import Problem, Verifier

UNSIGNED_PREFIX = "UNSIGNED"
SIGNED_CHARS = 20    # 80 bits of the HMAC
UNSIGNED_CHARS = 16


class CertificateError(Exception):
    """Why a certificate cannot be issued, in one line for the user."""


@dataclass(frozen=True, slots=True)
class CertifiedCall:
    """One passed call a certificate rests on."""

    call_id: str
    scenario_id: str
    title: str
    ended_at: str
    scores: Mapping[str, int]
    overall: int


@dataclass(frozen=True, slots=True)
class Certificate:
    """An issued certificate, ready to render."""

    code: str
    trainee: str
    program_id: str
    program_title: str
    program_summary: str
    issued_at: str
    calls: tuple[CertifiedCall, ...]
    signed: bool


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to "is this certificate genuine?": one line and whether it is."""

    genuine: bool
    line: str


def _group(chars: str) -> str:
    return "-".join(chars[i:i + 4] for i in range(0, len(chars), 4))


def make_code(payload: bytes, key: bytes | None) -> str:
    """The verification code of a certificate payload: keyed when `key` is given, else UNSIGNED-..."""
    if key is None:
        return f"{UNSIGNED_PREFIX}-{_group(hashlib.sha256(payload).hexdigest()[:UNSIGNED_CHARS].upper())}"
    return _group(hmac.new(key, payload, hashlib.sha256).hexdigest()[:SIGNED_CHARS].upper())


def normalize_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form."""
    chars = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    if chars.startswith(UNSIGNED_PREFIX):
        return f"{UNSIGNED_PREFIX}-{_group(chars[len(UNSIGNED_PREFIX):])}"
    return _group(chars)


def call_entries(rows: list[CallRow]) -> list[list]:
    """What a certificate records of each call: id, scenario, overall and scores."""
    return [[r.id, r.scenario_id, r.overall, dict(r.scores or {})] for r in rows]


def certificate_payload(trainee: str, program_id: str, entries: list[list]) -> bytes:
    return canonical_json({"trainee": trainee, "program": program_id, "calls": entries})


def _certified(rows: list[CallRow], scenarios: Mapping[str, Scenario]) -> tuple[CertifiedCall, ...]:
    return tuple(CertifiedCall(r.id, r.scenario_id, scenarios[r.scenario_id].title if r.scenario_id in scenarios
                               else r.scenario_id, r.ended_at or "", dict(r.scores or {}), r.overall or 0)
                 for r in rows)


def _record_problems(store: RecordStore, rows: list[CallRow], scenarios: Mapping[str, Scenario],
                     key: bytes | None) -> list[Problem]:
    verifier = Verifier(scenarios, key, store=store)
    problems: list[Problem] = []
    for row in rows:
        parts, stored = store.signed_parts(row.id)
        problems.extend(verifier.check(row, [Decision(d[1], d[2]) for d in stored], stored, (parts, stored)))
    return problems


def issue(store: RecordStore, program: Program, scenarios: Mapping[str, Scenario], trainee: str,
          key: bytes | None) -> Certificate:
    """Issue (or re-issue) the certificate of a trainee who completed `program`; CertificateError if not."""
    known = {name.casefold(): name for name in store.trainees()}
    name = known.get(" ".join(trainee.split()).casefold())
    if name is None:
        raise CertificateError(f"no trainee named '{trainee}' in {store.path}"
                               + (f" (trainees: {', '.join(known.values())})" if known else ""))
    progress = trainee_progress(store, program, scenarios, name)
    if not progress.complete:
        pending = ", ".join(f"{s.step.scenario_id} {s.status}" for s in progress.steps if s.status != "passed")
        raise CertificateError(f"{name} has not completed '{program.title}': {progress.passed} of "
                               f"{len(progress.steps)} scenarios passed ({pending})")
    rows = [store.call(s.best.call_id) for s in progress.steps]
    problems = _record_problems(store, rows, scenarios, key)
    if problems:
        raise CertificateError(f"cannot certify {name}: a record behind the certificate fails verification: "
                               f"{problems[0].format()} (run `ardojo verify`)")
    entries = call_entries(rows)
    code = make_code(certificate_payload(name, program.id, entries), key)
    issued_at = store.save_certificate(code, name, program.id, canonical_json(entries).decode("utf-8"),
                                       key is not None)
    return Certificate(code, name, program.id, program.title, program.summary, issued_at,
                       _certified(rows, scenarios), key is not None)


def completed_trainees(store: RecordStore, program: Program, scenarios: Mapping[str, Scenario]) -> list[str]:
    """The trainees in the records who completed `program` (its grading says every scenario passed)."""
    return [name for name in store.trainees() if trainee_progress(store, program, scenarios, name).complete]


def check(store: RecordStore, code: str, scenarios: Mapping[str, Scenario], key: bytes | None) -> Verdict:
    """Whether the certificate with `code` is genuine: it exists, its records still verify (re-played,
    signatures valid) and its code still matches them under the signing key."""
    code = normalize_code(code)
    stored = store.certificate(code)
    if stored is None:
        return Verdict(False, f"NOT FOUND: no certificate with code {code} in {store.path}")
    about = f"certificate {code} ({stored.trainee}, {stored.program_id}, issued {stored.issued_at[:10]})"
    if stored.signed and key is None:
        return Verdict(False, f"CANNOT CHECK: {about} is signed; set ARDOJO_SIGNING_KEY to the key it was "
                              "issued with")
    try:
        ids = [entry[0] for entry in json.loads(stored.calls)]
    except (ValueError, TypeError, IndexError, KeyError):
        return Verdict(False, f"NOT GENUINE: {about}: its stored list of calls is unreadable (edited?)")
    rows = [store.call(call_id) for call_id in ids]
    missing = [i for i, r in zip(ids, rows) if r is None or r.status != "completed"]
    if missing:
        return Verdict(False, f"NOT GENUINE: {about}: its call {missing[0]} is missing from the records")
    strangers = [r.id for r in rows if r.trainee != stored.trainee or r.program_id != stored.program_id]
    if strangers:
        return Verdict(False, f"NOT GENUINE: {about}: call {strangers[0]} is not {stored.trainee}'s call in "
                              f"{stored.program_id}")
    failed = [r.id for r in rows if r.verdict is not None and not r.passed]
    if failed:
        return Verdict(False, f"NOT GENUINE: {about}: its call {failed[0]} did not pass (its stored verdict)")
    problems = _record_problems(store, rows, scenarios, key if stored.signed else None)
    if problems:
        return Verdict(False, f"NOT GENUINE: {about}: {len(problems)} problem(s) with its records; first: "
                              f"{problems[0].format()}")
    expected = make_code(certificate_payload(stored.trainee, stored.program_id, call_entries(rows)),
                         key if stored.signed else None)
    if not hmac.compare_digest(expected, code):
        return Verdict(False, f"NOT GENUINE: {about}: the code does not match its records (the certificate or "
                              "its records were changed, or it was signed with another key)")
    if not stored.signed:
        return Verdict(False, f"UNSIGNED: {about} matches its {len(rows)} records, but it was issued without a "
                              "signing key, so it cannot prove it is genuine")
    return Verdict(True, f"GENUINE: {about}: {len(rows)} records re-played, record signatures and certificate "
                         "signature valid")


def average(calls: tuple[CertifiedCall, ...], dim: str) -> int:
    """The mean of one dimension (or 'overall') over the certified calls."""
    values = [c.overall if dim == "overall" else c.scores.get(dim, 0) for c in calls]
    return int(round(sum(values) / len(values))) if values else 0
