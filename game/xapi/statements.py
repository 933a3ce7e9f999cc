"""xAPI 1.0.3 statements for one stored call, built from the records alone (no scenario files needed).

A call yields, in order (`seq`):

* 0: `attempted` the scenario, at the call's start;
* 1..n: `answered` the node, one per decision, at the time it was made; the reply said is
  `result.response`, its scores, the meters after it and whether it was a top reply are
  `result.extensions`; the node, the reply's stable id (never its place on screen, which only goes in
  the `position` extension) and the cited rule ids are `context.extensions`;
* a completed call then adds `completed` and `passed` or `failed` (n+1, n+2) at its end, with
  `result.score` (scaled 0..1), `success`, `completion` and `duration`; the verb and `success` are the
  verdict stored with the call, and `result.extensions` carry its critical errors, the marks in force
  and the reasons of a fail;
* an abandoned call adds `terminated` (n+1) with `completion: false`.

Every statement has a stable id (see scheme.statement_id) and the timestamp from the records, so it
is byte-for-byte the same whenever it is built again. A call in progress yields what it has so far.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any, Sequence

from game.records.store import CallRow, StoredDecision
from game.xapi.scheme import ADL_ACTIVITIES, LANGUAGE, XapiConfig, statement_id, verb

PLATFORM = "AR Dojo"


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement ready to queue: its id, its place in the call and the statement itself."""

    id: str
    call_id: str
    seq: int
    body: dict[str, Any]

    def to_json(self) -> str:
        """The canonical JSON text (sorted keys, compact): the form queued, exported and sent."""
        return canonical_json(self.body)


def canonical_json(body: dict[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 kept: one statement always gives the same text."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _parse_time(text: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def iso_duration(start: str, end: str) -> str:
    """ISO 8601 duration between two stored timestamps, to the hundredth of a second (PT1H2M3.45S)."""
    micros = (_parse_time(end) - _parse_time(start)) // _dt.timedelta(microseconds=1)
    centis = max(0, (micros + 5000) // 10000)  # half up, in whole numbers (no float rounding)
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    seconds = f"{rest // 100}.{rest % 100:02d}".rstrip("0").rstrip(".")
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{seconds}S"


class _Builder:
    """Builds the statements of one call; holds what they all share."""

    def __init__(self, call: CallRow, config: XapiConfig) -> None:
        self.call = call
        self.config = config
        self.actor = config.actor(call.trainee)
        self.scenario = self.activity(config.scenario(call.scenario_id), "simulation",
                                      f"AR Dojo scenario {call.scenario_id}")
        self.program = None if not call.program_id else self.activity(
            config.program(call.program_id), "course", f"AR Dojo program {call.program_id}")

    @staticmethod
    def activity(iri: str, kind: str, name: str) -> dict[str, Any]:
        return {"objectType": "Activity", "id": iri,
                "definition": {"type": ADL_ACTIVITIES + kind, "name": {LANGUAGE: name}}}

    def context(self, parent: dict[str, Any] | None, extensions: dict[str, Any] | None = None,
                other: dict[str, Any] | None = None) -> dict[str, Any]:
        activities: dict[str, Any] = {}
        if parent is not None:
            activities["parent"] = [parent]
        if self.program is not None and parent is not self.program:
            activities["grouping"] = [self.program]  # the program is further up than the parent
        if other is not None:
            activities["other"] = [other]
        ext = {self.config.extension("scenario-hash"): self.call.scenario_hash,
               self.config.extension("engine-version"): self.call.engine_version}
        ext.update(extensions or {})
        context: dict[str, Any] = {"registration": self.call.id, "platform": PLATFORM, "language": LANGUAGE,
                                   "extensions": ext}
        if activities:
            context["contextActivities"] = activities
        return context

    def statement(self, seq: int, verb_name: str, obj: dict[str, Any], timestamp: str,
                  context: dict[str, Any], result: dict[str, Any] | None = None) -> Statement:
        sid = statement_id(self.call.id, seq, verb_name)
        body: dict[str, Any] = {"id": sid, "actor": self.actor, "verb": verb(verb_name), "object": obj,
                                "context": context, "timestamp": timestamp}
        if result:
            body["result"] = result
        return Statement(sid, self.call.id, seq, body)

    def start(self) -> Statement:
        return self.statement(0, "attempted", self.scenario, self.call.started_at, self.context(self.program))

    def decision(self, d: StoredDecision) -> Statement:
        cfg, sid = self.config, self.call.scenario_id
        node = self.activity(cfg.node(sid, d.node), "cmi.interaction", f"{sid} / {d.node}")
        node["definition"]["interactionType"] = "other"
        choice = self.activity(cfg.choice(sid, d.node, d.choice_id), "cmi.interaction",
                               f"{sid} / {d.node} / reply {d.choice_id}")
        outcome: dict[str, Any] = {cfg.extension("scores"): dict(d.score), cfg.extension("meters"): dict(d.meters)}
        if d.top is not None:
            outcome[cfg.extension("top")] = d.top
        result: dict[str, Any] = {"extensions": outcome}
        if d.said.strip():
            result["response"] = d.said
        ext: dict[str, Any] = {cfg.extension("node"): d.node, cfg.extension("choice"): d.choice_id,
                               cfg.extension("rules"): list(d.rules)}
        if d.position:
            ext[cfg.extension("position")] = d.position
        return self.statement(d.seq, "answered", node, d.at, self.context(self.scenario, ext, choice), result)

    def outcome_result(self, end: str, completion: bool) -> dict[str, Any]:
        call, cfg = self.call, self.config
        result: dict[str, Any] = {"completion": completion, "duration": iso_duration(call.started_at, end)}
        if call.overall is not None:
            result["score"] = {"scaled": round(call.overall / 100, 4), "raw": call.overall, "min": 0, "max": 100}
        if call.passed is not None:
            result["success"] = call.passed
        ext: dict[str, Any] = {}
        if call.scores:
            ext[cfg.extension("scores")] = dict(call.scores)
        if call.outcome:
            ext[cfg.extension("outcome")] = call.outcome
        if call.commitment:
            ext[cfg.extension("commitment")] = call.commitment
        ext.update(self.verdict_extensions())
        if ext:
            result["extensions"] = ext
        return result

    def verdict_extensions(self) -> dict[str, Any]:
        """The stored verdict's critical errors (rule ids, in call order), the marks in force (`scenario`
        or `program:<id>`) and the reasons of a fail; nothing for a call stored before verdicts were."""
        verdict, cfg = self.call.verdict, self.config
        if not verdict or "malformed" in verdict:
            return {}
        out: dict[str, Any] = {cfg.extension("critical"): list(self.call.critical)}
        marks = verdict.get("marks")
        if isinstance(marks, dict) and marks.get("source"):
            out[cfg.extension("marks")] = str(marks["source"])
        if verdict.get("reasons"):
            out[cfg.extension("reasons")] = [str(r) for r in verdict["reasons"]]
        return out

    def ending(self, after: int) -> list[Statement]:
        call = self.call
        end = call.ended_at or call.started_at
        if call.status == "completed":
            result = self.outcome_result(end, True)
            verdict = "passed" if call.passed else "failed"
            return [self.statement(after + 1, "completed", self.scenario, end, self.context(self.program), result),
                    self.statement(after + 2, verdict, self.scenario, end, self.context(self.program), result)]
        if call.status == "abandoned":
            return [self.statement(after + 1, "terminated", self.scenario, end, self.context(self.program),
                                   self.outcome_result(end, False))]
        return []


def call_statements(call: CallRow, decisions: Sequence[StoredDecision], config: XapiConfig) -> list[Statement]:
    """Every statement one stored call yields so far, in order (see the module docstring)."""
    builder = _Builder(call, config)
    out = [builder.start()]
    out.extend(builder.decision(d) for d in decisions)
    out.extend(builder.ending(max((d.seq for d in decisions), default=0)))
    return out
