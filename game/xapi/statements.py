"""xAPI 1.0.3 statements for one stored call, built from the records, described from the library.

A call yields, in order (`seq`):

* 0: `attempted` the scenario, at the call's start;
* 1..n: `answered` the node, one per decision, at the time it was made. The node is a `choice`
  interaction: its definition lists the node's replies (stable ids, text) and the top reply(s) at that
  decision — the grade's own — as `correctResponsesPattern`; `result.response` is the id of the reply
  taken, `result.success` whether it was a top reply; its text, scores and the meters after it are
  `result.extensions`; the node, the reply's stable id (never its place on screen, which only goes in the
  `position` extension) and the cited rule ids are `context.extensions`; a decision answered in the
  trainee's own words (recall mode) is a `long-fill-in` interaction instead, its response the text said
  (game/xapi/recall_statement.py);
* each time the call was abandoned after k decisions (game/records/abandon.py): `suspended` and
  `terminated` (seq k+1) at the time of its last decision, with the duration up to then and
  `completion: false`; when it was resumed, `resumed` (seq k+1) at that time, same registration;
* a completed call then adds `completed` and `passed` or `failed` (n+1, n+2) at its end, with
  `result.score` (scaled 0..1), `success`, `completion` and `duration`; the verb and `success` are the
  verdict stored with the call, and `result.extensions` carry its critical errors, the marks in force,
  the reasons of a fail and the call log as written (disposition, amounts, dates, its review score).

The scenario's definition carries its title, summary, archetype and difficulty when the library (the
`Catalog`) holds the scenario as played; without it, statements come from the records alone. Every
statement has a stable id (see scheme.statement_id) and the timestamp from the records, so it is
byte-for-byte the same whenever it is built again. A call in progress yields what it has so far.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any, Sequence

from game.content.model import Scenario
from game.records.store import CallRow, StoredDecision
from game.xapi.catalog import Catalog
from game.xapi.recall_statement import apply_recall
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

    def __init__(self, call: CallRow, config: XapiConfig, catalog: Catalog | None = None,
                 week: Any | None = None) -> None:
        self.call = call
        self.config = config
        self.catalog = catalog or Catalog()
        self.actor = config.actor(call.trainee, self.catalog.member(call.trainee, call.program_id))
        self.scenario = scenario_activity(config, call.scenario_id, self.catalog.scenario(call))
        self.program = None if not call.program_id else program_activity(
            config, call.program_id, self.catalog.program(call.program_id))
        self.week = self.campaign = None
        if week is not None:  # a call of a campaign week (game/xapi/campaign_statements.py)
            from game.xapi.campaign_statements import campaign_activity, week_activity
            self.week = week_activity(config, week, self.catalog)
            self.campaign = campaign_activity(config, week.campaign_id, self.catalog)

    def context(self, parent: dict[str, Any] | None, extensions: dict[str, Any] | None = None,
                other: dict[str, Any] | None = None) -> dict[str, Any]:
        activities: dict[str, Any] = {}
        grouping: list[dict[str, Any]] = []
        if self.week is not None:  # a campaign call: the week is the call's parent, the campaign further up
            if parent is None or parent is self.program:
                parent, grouping = self.week, [self.campaign]
            else:
                grouping = [self.week, self.campaign]
        if parent is not None:
            activities["parent"] = [parent]
        if self.program is not None and parent is not self.program:
            grouping.insert(0, self.program)  # the program is further up than the parent
        if grouping:
            activities["grouping"] = grouping
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

    def node_activity(self, d: StoredDecision, top: tuple[str, ...] | None) -> dict[str, Any]:
        """The node as a `choice` interaction (its replies, the top ones as correct), else `other`."""
        cfg, sid = self.config, self.call.scenario_id
        node = self.catalog.node(self.call, d.node)
        title = self.scenario["definition"]["name"][LANGUAGE]
        out = activity(cfg.node(sid, d.node), "cmi.interaction",
                       f"{title} / {d.node}" if node is not None else f"{sid} / {d.node}")
        definition = out["definition"]
        if node is None or top is None or not node.choices:
            definition["interactionType"] = "other"
            return out
        if node.client.strip():
            definition["description"] = {LANGUAGE: node.client}
        definition["interactionType"] = "choice"
        definition["choices"] = [{"id": c.id, "description": {LANGUAGE: c.say or c.id}} for c in node.choices]
        if top:
            definition["correctResponsesPattern"] = list(top)  # any one of them is a right answer
        return out

    def decision(self, d: StoredDecision, top: tuple[str, ...] | None) -> Statement:
        """`answered` for one stored decision; `top` = the stable ids of the top replies there, if known."""
        cfg, sid = self.config, self.call.scenario_id
        node = self.node_activity(d, top)
        choice = activity(cfg.choice(sid, d.node, d.choice_id), "cmi.interaction",
                          f"{sid} / {d.node} / reply {d.choice_id}")
        outcome: dict[str, Any] = {cfg.extension("scores"): dict(d.score), cfg.extension("meters"): dict(d.meters)}
        if d.top is not None:
            outcome[cfg.extension("top")] = d.top
        result: dict[str, Any] = {"extensions": outcome}
        if node["definition"]["interactionType"] == "choice":
            result["response"] = d.choice_id  # a choice interaction answers with the reply's id
            if d.said.strip():
                outcome[cfg.extension("said")] = d.said
            if d.top is not None:
                result["success"] = d.top
        elif d.said.strip():
            result["response"] = d.said
        recall = getattr(d, "recall", None)
        if recall is not None:  # answered in the trainee's own words (game/xapi/recall_statement.py)
            apply_recall(node, result, recall, d.choice_id, cfg.extension)
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
        if call.wrapup and "malformed" not in call.wrapup:
            ext[cfg.extension("call-log")] = dict(call.wrapup)  # disposition, amounts, dates, its score
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

    def pauses(self, last: int) -> list[tuple[int, Statement]]:
        """`suspended` + `terminated` (+ `resumed`) for each time the call was abandoned, keyed by the
        decisions made before it (to sort them in); `last` is the number of the call's last decision."""
        out: list[tuple[int, Statement]] = []
        for after, at, resumed_at in abandonments(self.call, last):
            result = self.outcome_result(at, False)
            for name in ("suspended", "terminated"):
                out.append((after, self.statement(after + 1, name, self.scenario, at, self.context(self.program),
                                                  result)))
            if resumed_at:
                out.append((after, self.statement(after + 1, "resumed", self.scenario, resumed_at,
                                                  self.context(self.program))))
        return out

    def ending(self, after: int) -> list[Statement]:
        call = self.call
        end = call.ended_at or call.started_at
        if call.status == "completed":
            result = self.outcome_result(end, True)
            verdict = "passed" if call.passed else "failed"
            return [self.statement(after + 1, "completed", self.scenario, end, self.context(self.program), result),
                    self.statement(after + 2, verdict, self.scenario, end, self.context(self.program), result)]
        if call.status == "abandoned" and call.abandoned_at is None:  # abandoned before records schema 5
            return [self.statement(after + 1, "terminated", self.scenario, end, self.context(self.program),
                                   self.outcome_result(end, False))]
        return []


def activity(iri: str, kind: str, name: str) -> dict[str, Any]:
    """An ADL-typed activity with an English name."""
    return {"objectType": "Activity", "id": iri,
            "definition": {"type": ADL_ACTIVITIES + kind, "name": {LANGUAGE: name}}}


def scenario_activity(config: XapiConfig, scenario_id: str, scenario: Scenario | None) -> dict[str, Any]:
    """The scenario as an activity: its title, summary, archetype and difficulty when known."""
    if scenario is None:
        return activity(config.scenario(scenario_id), "simulation", f"AR Dojo scenario {scenario_id}")
    out = activity(config.scenario(scenario_id), "simulation", scenario.title)
    if scenario.summary.strip():
        out["definition"]["description"] = {LANGUAGE: scenario.summary}
    out["definition"]["extensions"] = {config.extension("archetype"): scenario.archetype,
                                       config.extension("difficulty"): scenario.difficulty}
    return out


def program_activity(config: XapiConfig, program_id: str, program: Any | None) -> dict[str, Any]:
    """The program as a course activity: its title and summary when known."""
    title = getattr(program, "title", None)
    out = activity(config.program(program_id), "course", title or f"AR Dojo program {program_id}")
    summary = getattr(program, "summary", None)
    if title and isinstance(summary, str) and summary.strip():
        out["definition"]["description"] = {LANGUAGE: summary}
    return out


def abandonments(call: CallRow, last: int) -> list[tuple[int, str, str | None]]:
    """(decisions before it, abandoned at, resumed at or None) for each time the call was abandoned, the
    current one (after `last`, the number of its last decision) last; once per number of decisions (a
    call resumed and left again without a decision is still the same walk-away)."""
    out: list[tuple[int, str, str | None]] = []
    seen: set[int] = set()
    episodes = [(p.get("after"), p.get("at"), p.get("resumed_at")) for p in call.pauses]
    if call.status == "abandoned" and call.abandoned_at is not None:
        episodes.append((last, call.abandoned_at, None))
    for after, at, resumed_at in episodes:
        if not isinstance(after, int) or not isinstance(at, str) or after in seen:
            continue
        seen.add(after)
        out.append((after, at, resumed_at if isinstance(resumed_at, str) else None))
    return out


def expected_count(call: CallRow, decisions: int, last: int) -> int:
    """How many statements `call_statements` gives for a call with `decisions` decisions, the last one
    numbered `last` (to skip calls whose statements are all queued without building them)."""
    episodes = abandonments(call, last)
    count = 1 + decisions + sum(2 + (resumed is not None) for _, _, resumed in episodes)
    if call.status == "completed":
        count += 2
    elif call.status == "abandoned" and call.abandoned_at is None:
        count += 1
    return count


def call_statements(call: CallRow, decisions: Sequence[StoredDecision], config: XapiConfig,
                    catalog: Catalog | None = None, week: Any | None = None) -> list[Statement]:
    """Every statement one stored call yields so far, in order (see the module docstring). `week`: the
    campaign week the call was played in (campaign_statements.WeekLink), named in every statement's context."""
    builder = _Builder(call, config, catalog, week)
    last = max((d.seq for d in decisions), default=0)
    tops = builder.catalog.top_replies(call, decisions)
    answers = [(d.seq, builder.decision(d, tops[i] if tops is not None else None)) for i, d in enumerate(decisions)]
    pauses = builder.pauses(last)
    out = [builder.start()]
    for seq, statement in answers:
        out.extend(s for after, s in pauses if after + 1 == seq)
        out.append(statement)
    out.extend(s for after, s in pauses if after >= last)
    out.extend(builder.ending(last))
    return out
