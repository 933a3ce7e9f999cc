"""Statements about a whole program, so an LMS can mark it complete without our grading: for each trainee
whose program is decided (game/records/grading.py: every scenario passed, or one out of attempts),
`completed` and then `passed` or `failed` for the program activity; and `earned` for each certificate
issued (game/records/certificates.py).

* when: the moment the program was decided — the end of the call whose pass completed it (the latest
  first pass of its scenarios), or of the call that used up a scenario's last attempt;
* result: `completion: true`, `success` (passed or not), `score.raw` the mean over the program's
  scenarios of the best counted attempt's overall score (0 for a scenario never attempted), scaled 0..1,
  and a per-scenario summary (status, best, attempts) in `result.extensions`;
* the registration is one per trainee and program (scheme.program_registration); ids are stable
  (scheme.program_statement_id, scheme.certificate_statement_id), so they are queued once, sent once.

They are queued under the deciding call (the certificate: its last certified call) with seq from
PROGRAM_SEQ, after that call's own statements.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from game.records.grading import FAILED, PASSED, Progress, first_pass, grade
from game.records.store import RecordStore
from game.xapi.catalog import Catalog
from game.xapi.scheme import (LANGUAGE, XapiConfig, certificate_statement_id, program_registration,
                              program_statement_id, verb)
from game.xapi.statements import PLATFORM, Statement, program_activity

#: The `seq` of program statements in the outbox: after any call's own statements.
PROGRAM_SEQ = 1_000_000


def decided(progress: Progress) -> tuple[str, str] | None:
    """(call id, time) of the call that decided the program, or None while it is open."""
    if progress.complete:
        passes = [first_pass(s) for s in progress.steps]
        best = max(passes, key=lambda a: (a.ended_at, a.call_id))
        return best.call_id, best.ended_at
    failed = [s.attempts[-1] for s in progress.steps if s.status == FAILED and s.attempts]
    if failed:
        first = min(failed, key=lambda a: (a.ended_at, a.call_id))
        return first.call_id, first.ended_at
    return None


def program_result(progress: Progress, config: XapiConfig) -> dict[str, Any]:
    """The program's result: completion, success, the mean best score, and each scenario's standing."""
    bests = [s.best.overall if s.best is not None else 0 for s in progress.steps]
    raw = round(sum(bests) / len(bests)) if bests else 0
    per = {s.step.scenario_id: {"status": s.status, "best": s.best.overall if s.best is not None else None,
                                "attempts": s.attempts_used, "allowed": s.step.attempts} for s in progress.steps}
    return {"completion": True, "success": progress.complete,
            "score": {"scaled": round(raw / 100, 4), "raw": raw, "min": 0, "max": 100},
            "extensions": {config.extension("program-scenarios"): per,
                           config.extension("passed-scenarios"): sum(s.status == PASSED for s in progress.steps)}}


def _context(config: XapiConfig, program_id: str, trainee: str, parent: dict | None = None) -> dict[str, Any]:
    context: dict[str, Any] = {"registration": program_registration(program_id, trainee), "platform": PLATFORM,
                               "language": LANGUAGE}
    if parent is not None:
        context["contextActivities"] = {"parent": [parent]}
    return context


def progress_statements(progress: Progress, config: XapiConfig, catalog: Catalog) -> list[Statement]:
    """`completed` + `passed`/`failed` for a decided program ([] while it is open)."""
    found = decided(progress)
    if found is None:
        return []
    call_id, at = found
    program = progress.program
    actor = config.actor(progress.trainee, catalog.member(progress.trainee, program.id))
    obj = program_activity(config, program.id, program)
    result = program_result(progress, config)
    out = []
    for seq, name in ((PROGRAM_SEQ, "completed"), (PROGRAM_SEQ + 1, "passed" if progress.complete else "failed")):
        sid = program_statement_id(program.id, progress.trainee, name)
        out.append(Statement(sid, call_id, seq, {"id": sid, "actor": actor, "verb": verb(name), "object": obj,
                                                 "context": _context(config, program.id, progress.trainee),
                                                 "timestamp": at, "result": result}))
    return out


def program_statements(store: RecordStore, config: XapiConfig, catalog: Catalog,
                       queued: set[str] | None = None) -> Iterator[Statement]:
    """Every decided program's statements, trainee by trainee; a pair whose `completed` id is in `queued`
    is skipped without grading it again."""
    pairs = store.query("SELECT DISTINCT t.name, c.program_id FROM calls c JOIN trainees t ON t.id = c.trainee_id "
                        "WHERE c.program_id IS NOT NULL AND c.status = 'completed' ORDER BY t.name, c.program_id")
    for trainee, program_id in pairs:
        program = catalog.program(program_id)
        if program is None or (queued is not None and
                               program_statement_id(program_id, trainee, "completed") in queued):
            continue
        rows = list(store.calls(trainee=trainee, status="completed", program_id=program_id))
        yield from progress_statements(grade(program, catalog.scenarios, trainee, rows), config, catalog)


def certificate_statements(store: RecordStore, config: XapiConfig, catalog: Catalog,
                           queued: set[str] | None = None) -> Iterator[Statement]:
    """`earned` for every issued certificate: the program's certificate activity, at the time it was
    first issued, with its verification code."""
    for code in store.certificate_codes():
        sid = certificate_statement_id(code)
        stored = store.certificate(code)
        if stored is None or (queued is not None and sid in queued):
            continue
        try:
            call_id = str(json.loads(stored.calls)[-1][0])
        except (ValueError, TypeError, IndexError, KeyError):
            continue  # an unreadable certificate: `verify` reports it
        if store.call(call_id) is None:
            continue
        program = catalog.program(stored.program_id)
        parent = program_activity(config, stored.program_id, program)
        title = getattr(program, "title", None) or stored.program_id
        obj = {"objectType": "Activity", "id": config.certificate(stored.program_id),
               "definition": {"type": config.activity_type("certificate"),
                              "name": {LANGUAGE: f"Certificate: {title}"}}}
        result = {"completion": True, "success": True,
                  "extensions": {config.extension("certificate-code"): code,
                                 config.extension("certificate-signed"): stored.signed}}
        actor = config.actor(stored.trainee, catalog.member(stored.trainee, stored.program_id))
        yield Statement(sid, call_id, PROGRAM_SEQ + 2, {
            "id": sid, "actor": actor, "verb": verb("earned"), "object": obj, "result": result,
            "context": _context(config, stored.program_id, stored.trainee, parent), "timestamp": stored.issued_at})
