"""Load one scenario file into a frozen `Scenario`, or a full list of diagnostics.

Shape and types are checked here; cross-references (goto targets, rule ids) and the graph
(reachability, dead ends, loops) are checked by `game.content.checks`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from game.content.checks import check_graph
from game.content.conditions import parse_condition
from game.content.diagnostics import Diagnostics, Severity, SourcePos, did_you_mean
from game.content.fields import KEBAB, Fields, slug
from game.content.model import (DEFAULT_INTERRUPT_MOOD, DEFAULT_INTERRUPT_SAY, DEFAULT_WAIT, DEFAULT_WAIT_MOOD)
from game.content.model import (CHOICE_DIMENSIONS, DEFAULT_PASS, FORMAT_VERSION, MARK_KEYS, METER_MAX,
                                METER_MIN, REQUIRED_METERS, Account, Choice, Closing, Commitment, Ending,
                                Instalment, Invoice, Node, Pace, Persona, Route, Rulebook, Scenario, Voice,
                                frozen_map)
from game.content.yaml_source import YMap, YScalar, YSeq, describe, gc_paused, parse_yaml, read_text
from game.content.yaml_tree import written_text

SCENARIO_KEYS = ("format", "id", "title", "archetype", "difficulty", "summary", "persona", "account",
                 "objective", "start", "hang_up_when", "hang_up_to", "pass", "pace", "nodes")
PERSONA_KEYS = ("name", "company", "role", "voice", "mood")
VOICE_KEYS = ("rate", "gender", "id")
ACCOUNT_KEYS = ("terms", "as_of", "invoices", "history", "contact", "notes")
INVOICE_KEYS = ("number", "amount", "issued", "due", "note")
NODE_KEYS = ("client", "choices", "end")
CHOICE_KEYS = ("id", "say", "score", "mood", "rules", "breaks", "critical", "feedback", "goto")
ROUTE_KEYS = ("if", "to")
END_KEYS = ("commitment", "amount", "days", "instalments", "time", "closing")
CLOSING_KEYS = ("caller", "client")
PACE_KEYS = ("wait", "mood", "interrupted")
INTERRUPTED_KEYS = ("say", "mood")
#: `pace.wait` bounds (seconds) and the most a pace mood may lower a meter by (never raise: manners cost).
PACE_WAIT = (5, 600)
PACE_MOOD = (-30, 0)
INSTALMENT_KEYS = ("amount", "days")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
METER_NAME = re.compile(r"^[a-z_]+$")
MAX_CHOICES = 4
SCORE_LIMIT = 10


@dataclass(frozen=True, slots=True)
class ScenarioResult:
    """A loaded scenario (None when there are errors) and every diagnostic found."""

    scenario: Scenario | None
    diagnostics: Diagnostics


def load_scenario(path: Path, rulebook: Rulebook | None, display: str | None = None) -> ScenarioResult:
    """Load and validate a scenario file against a rulebook (rule ids are not checked if None)."""
    diags = Diagnostics()
    file = display or str(path)
    text = read_text(path, diags, file)
    if text is None:
        return ScenarioResult(None, diags)
    return load_scenario_text(text, file, rulebook, diags)


def load_scenario_text(text: str, file: str, rulebook: Rulebook | None,
                       diags: Diagnostics | None = None) -> ScenarioResult:
    """Like `load_scenario` but from text already read (used by tests and live reload)."""
    diags = diags if diags is not None else Diagnostics()
    with gc_paused():
        tree = parse_yaml(text, file, diags)
        if tree is None:
            return ScenarioResult(None, diags)
        builder = _Builder(file, diags, rulebook)
        scenario = builder.build(tree, hashlib.sha256(text.encode("utf-8")).hexdigest())
    return ScenarioResult(None if diags.has_errors else scenario, diags)


class _Builder:
    def __init__(self, file: str, diags: Diagnostics, rulebook: Rulebook | None) -> None:
        self.file = file
        self.diags = diags
        self.rulebook = rulebook
        self.meters: tuple[str, ...] = REQUIRED_METERS
        self.incomplete: list[str] = []  # nodes with an error inside: their ways out may be missing

    def build(self, tree, content_hash: str) -> Scenario | None:
        top = Fields(tree, "the scenario", self.diags, SCENARIO_KEYS, SourcePos(self.file, 1, 1))
        if not top.ok:
            return None
        fmt = top.integer("format", 1, 999)
        if fmt is not None and fmt != FORMAT_VERSION:
            self.diags.error(top.map.get("format").pos, f"scenario is written for format {fmt}; this AR Dojo "
                             f"reads format {FORMAT_VERSION}", "write `format: 1`" if fmt < 1 else
                             "upgrade AR Dojo to play this scenario", code="format")
        scenario_id = top.ident("id")
        title = top.text("title")
        archetype = top.text("archetype")
        difficulty = top.integer("difficulty", 1, 3)
        summary = top.text("summary", required=False)
        persona = self.persona(top.sub("persona", "the persona", PERSONA_KEYS))
        account = self.account(top.sub("account", "the account", ACCOUNT_KEYS))
        objective = top.text("objective")
        start = top.text("start")
        hang_up = self.meter_map(top, "hang_up_when", "hang_up_when", 0, 100, known=self.meters) \
            if top.has("hang_up_when") else {"patience": 0}
        hang_up_to = top.text("hang_up_to", required=False) or None
        thresholds = dict(DEFAULT_PASS)
        if top.has("pass"):
            pf = top.sub("pass", "pass", MARK_KEYS)
            for key in MARK_KEYS:
                value = pf.integer(key, 0, 100, required=False)
                if value is not None:
                    thresholds[key] = value
            pf.finish()
        pace = self.pace(top, difficulty or 1) if top.has("pace") else None
        nodes = self.nodes(top)
        top.finish()
        if nodes is None:
            return None
        # A bad persona, account or difficulty must not hide graph problems: check the graph with
        # placeholders (the scenario is discarded anyway since errors were reported).
        if persona is None:
            persona = Persona("", "", "", Voice(), frozen_map(dict.fromkeys(self.meters, 50)), top.pos)
        account = account or Account("", (), (), "", ())
        difficulty = difficulty or 1
        scenario = Scenario(
            format=FORMAT_VERSION, id=scenario_id, title=title, archetype=archetype, difficulty=difficulty,
            summary=summary, persona=persona, account=account, objective=objective, start=start,
            hang_up_when=frozen_map(hang_up), hang_up_to=hang_up_to, pass_thresholds=frozen_map(thresholds),
            nodes=frozen_map(nodes), path=self.file, content_hash=content_hash, pos=top.pos, id_pos=top.map.get("id").pos if top.has("id") else top.pos,
            pace=pace,
        )
        return check_graph(scenario, top, self.diags, self.rulebook, self.incomplete)

    def pace(self, top: Fields, difficulty: int) -> Pace | None:
        """`pace: {wait, mood, interrupted: {say, mood}}`: what waiting and interrupting cost; keys left
        out keep the defaults for the difficulty (`game.engine.manners`). Moods only lower meters."""
        pf = top.sub("pace", "pace", PACE_KEYS)
        if not pf.ok:
            return None
        wait = pf.integer("wait", *PACE_WAIT, required=False, default=DEFAULT_WAIT.get(difficulty, 20))
        mood = self.meter_map(pf, "mood", "pace.mood", *PACE_MOOD, known=self.meters) \
            if pf.has("mood") else dict(DEFAULT_WAIT_MOOD)
        say, interrupt_mood = DEFAULT_INTERRUPT_SAY, dict(DEFAULT_INTERRUPT_MOOD)
        if pf.has("interrupted"):
            inf = pf.sub("interrupted", "pace.interrupted", INTERRUPTED_KEYS)
            if inf.ok:
                say = inf.text("say", required=False) or say
                if inf.has("mood"):
                    interrupt_mood = self.meter_map(inf, "mood", "pace.interrupted.mood", *PACE_MOOD,
                                                    known=self.meters)
                inf.finish()
        pf.finish()
        return Pace(wait if wait is not None else DEFAULT_WAIT.get(difficulty, 20), frozen_map(mood),
                    frozen_map(interrupt_mood), say, True)

    def closing(self, ef: Fields) -> Closing | None:
        """An ending's `closing: {caller, client}` (either optional)."""
        cf = ef.sub("closing", f"the closing of {ef.where}", CLOSING_KEYS)
        if not cf.ok:
            return None
        closing = Closing(cf.text("caller", required=False), cf.text("client", required=False))
        cf.finish()
        return closing

    # -- persona and account -----------------------------------------------------------------
    def persona(self, pf: Fields) -> Persona | None:
        if not pf.ok:
            return None
        name, company, role = pf.text("name"), pf.text("company"), pf.text("role", required=False)
        voice = Voice()
        if pf.has("voice"):
            vf = pf.sub("voice", "the persona's voice", VOICE_KEYS)
            gender = vf.text("gender", required=False) or None
            if gender and gender not in ("female", "male"):
                self.diags.error(vf.map.get("gender").pos, f"'gender' in the persona's voice must be 'female' or "
                                 f"'male', got '{gender}'", did_you_mean(gender, ("female", "male")), code="enum")
                gender = None
            voice = Voice(vf.integer("rate", 80, 400, required=False), gender, vf.text("id", required=False) or None)
            vf.finish()
        mood = self.meter_map(pf, "mood", "the persona's mood", METER_MIN, METER_MAX, required=True)
        mood_node = pf.map.get("mood")
        # meters named in the mood, even with a bad value (reported already): later uses are not errors
        declared = tuple(m for m in mood_node.entries if METER_NAME.match(m)) if isinstance(mood_node, YMap) else ()
        for meter in REQUIRED_METERS:
            if isinstance(mood_node, YMap) and meter not in declared:
                self.diags.error(mood_node.pos, f"the persona's mood is missing the meter '{meter}'",
                                 f"add `{meter}: 50` (0..100)", code="missing-key")
        self.meters = tuple(dict.fromkeys(REQUIRED_METERS + declared))
        pf.finish()
        return Persona(name, company, role, voice, frozen_map(mood), pf.pos)

    def meter_map(self, parent: Fields, key: str, where: str, lo: int, hi: int,
                  required: bool = False, known: tuple[str, ...] | None = None) -> dict[str, int]:
        node = parent.node(key, required)
        if node is None:
            return {}
        if not isinstance(node, YMap):
            self.diags.error(node.pos, f"'{key}' in {parent.where} must be a mapping of meter: number, got "
                             f"{describe(node)}", "e.g. {patience: 60, trust: 40}", code="type")
            return {}
        out: dict[str, int] = {}
        mf = Fields(node, where, self.diags, tuple(node.entries), node.pos)
        for meter, entry in node.entries.items():
            if known is not None and meter not in known:
                hint = did_you_mean(meter, known) or f"meters of this persona: {', '.join(known)}"
                self.diags.error(entry.key_pos, f"unknown meter '{meter}' in {where}", hint, code="unknown-meter")
                continue
            if known is None and not METER_NAME.match(meter):
                self.diags.error(entry.key_pos, f"meter names must be lowercase letters and '_', got '{meter}'",
                                 code="id")
                continue
            value = mf.int_value(meter, entry.value, lo, hi)
            if value is not None:
                out[meter] = value
        return out

    def account(self, af: Fields) -> Account | None:
        if not af.ok:
            return None
        terms = af.text("terms")
        invoices = []
        seq = af.seq("invoices")
        if seq is not None and not seq.items:
            self.diags.error(seq.pos, "the account lists no invoices", "add at least one invoice", code="missing-key")
        seen: dict[str, int] = {}
        for index, item in enumerate(seq.items if seq else ()):
            inf = Fields(item, f"invoice {index + 1}", self.diags, INVOICE_KEYS, item.pos)
            if not inf.ok:
                continue
            number = inf.text("number")
            amount = inf.number("amount", 0.01)
            issued, due = inf.date("issued"), inf.date("due")
            note = inf.text("note", required=False)
            inf.finish()
            if number and number in seen:
                self.diags.error(item.pos, f"duplicate invoice number '{number}' (first at line {seen[number]})",
                                 code="duplicate-id")
            seen.setdefault(number, item.pos.line)
            if issued and due and due < issued:
                self.diags.error(inf.map.get("due").pos, f"invoice {number} is due {due} before it was issued "
                                 f"({issued})", "swap the dates or fix the typo", code="range")
            if number and amount is not None and issued and due:
                invoices.append(Invoice(number, amount, issued, due, note, item.pos))
        history, notes = af.text_list("history"), af.text_list("notes")
        contact = af.text("contact", required=False)
        as_of = af.date("as_of", required=False)
        af.finish()
        return Account(terms, tuple(invoices), history, contact, notes, as_of)

    # -- nodes ----------------------------------------------------------------------------------
    def nodes(self, top: Fields) -> dict[str, Node] | None:
        node = top.node("nodes")
        if node is None:
            return None
        if not isinstance(node, YMap):
            self.diags.error(node.pos, f"'nodes' must be a mapping of node id to node, got {describe(node)}",
                             code="type")
            return None
        nodes: dict[str, Node] = {}
        for node_id, entry in node.entries.items():
            if not KEBAB.match(node_id):
                self.diags.error(entry.key_pos, f"node id must be kebab-case, got '{node_id}'",
                                 f"try '{slug(node_id)}'", code="id")
            mark = len(self.diags.items)
            built = self.node(node_id, entry.value, entry.key_pos)
            if any(d.severity is Severity.ERROR for d in self.diags.items[mark:]):
                self.incomplete.append(node_id)
            if built is not None:
                nodes[node_id] = built
        if not node.entries:
            self.diags.error(node.pos, "'nodes' is empty", "add a start node and at least one ending",
                             code="missing-key")
        return nodes

    def node(self, node_id: str, value, key_pos: SourcePos) -> Node | None:
        where = f"node '{node_id}'"
        nf = Fields(value, where, self.diags, NODE_KEYS, key_pos)
        if not nf.ok:
            return None
        client = nf.text("client")
        has_choices, has_end = nf.has("choices"), nf.has("end")
        choices: tuple[Choice, ...] = ()
        ending = None
        if has_choices and has_end:
            self.diags.error(nf.key_pos("end"), f"{where} has both 'choices' and 'end'",
                             "a node either offers choices or ends the call", code="node-shape")
        elif not has_choices and not has_end and not (nf.fold("choices") or nf.fold("end")):
            self.diags.error(key_pos, f"{where} has neither 'choices' nor 'end'",
                             "add `choices:` to continue the call or `end: {commitment: none}` to end it",
                             code="node-shape")
        if has_choices:
            choices = self.choices(nf, where, node_id)
        if has_end:
            ending = self.ending(nf, where)
        nf.finish()
        return Node(node_id, client, choices, ending, key_pos)

    def ending(self, nf: Fields, where: str) -> Ending | None:
        ef = nf.sub("end", f"the ending of {where}", END_KEYS)
        if not ef.ok:
            return None
        raw = ef.text("commitment")
        options = tuple(c.value for c in Commitment)
        commitment = None
        if raw in options:
            commitment = Commitment(raw)
        elif raw:
            self.diags.error(ef.map.get("commitment").pos, f"'commitment' in {ef.where} must be one of "
                             f"{', '.join(options)}, got '{raw}'", did_you_mean(raw, options), code="enum")
        amount = ef.number("amount", 0, required=False)
        days = ef.integer("days", 0, 3650, required=False)
        instalments = self.instalments(ef, commitment, amount)
        time = ef.text("time", required=False) or None
        if time and not TIME.match(time):
            self.diags.error(ef.map.get("time").pos, f"'time' in {ef.where} must be a time HH:MM (24-hour), "
                             f"got '{time}'", "e.g. `time: \"14:30\"` (quote it)", code="type")
            time = None
        closing = self.closing(ef) if ef.has("closing") else None
        ef.finish()
        if not commitment:
            return None
        if instalments and amount is None:
            amount = round(sum(i.amount for i in instalments), 2)
        if instalments and days is None:
            days = instalments[0].days
        return Ending(commitment, amount, days, ef.pos, instalments, time, closing)

    def instalments(self, ef: Fields, commitment: Commitment | None, total: float | None) -> tuple[Instalment, ...]:
        """A plan's payments: `instalments: [{amount: 500, days: 7}, ...]`, in date order, summing to `amount`."""
        seq = ef.seq("instalments", required=False)
        if seq is None:
            return ()
        if commitment is not None and commitment is not Commitment.PLAN:
            self.diags.error(seq.pos, f"'instalments' in {ef.where} belong to a plan, but the commitment is "
                             f"'{commitment.value}'", "use `commitment: plan`, or remove the instalments", code="ending")
        out: list[Instalment] = []
        for number, item in enumerate(seq.items, 1):
            inf = Fields(item, f"instalment {number} of {ef.where}", self.diags, INSTALMENT_KEYS, item.pos)
            if not inf.ok:
                continue
            amount, days = inf.number("amount", 0.01), inf.integer("days", 0, 3650)
            inf.finish()
            if amount is not None and days is not None:
                if out and days <= out[-1].days:
                    self.diags.error(item.pos, f"instalment {number} of {ef.where} is due on day {days}, not "
                                     f"after instalment {number - 1} (day {out[-1].days})",
                                     "list instalments in date order", code="ending")
                out.append(Instalment(round(amount, 2), days))
        if not seq.items:
            self.diags.error(seq.pos, f"'instalments' in {ef.where} is empty", "list at least two payments",
                             code="missing-key")
        if out and total is not None and abs(sum(i.amount for i in out) - total) >= 0.005:
            self.diags.error(ef.map.get("amount").pos, f"the instalments of {ef.where} add up to "
                             f"{sum(i.amount for i in out):,.2f}, not the amount {total:,.2f}",
                             "make the amount the plan's total", code="ending")
        first = ef.map.get("days")
        if out and first is not None and isinstance(first, YScalar) and first.value != out[0].days:
            self.diags.error(first.pos, f"'days' in {ef.where} is {first.value} but the first instalment is due on "
                             f"day {out[0].days}", "make `days` the first payment's day, or leave it out",
                             code="ending")
        return tuple(out)

    def choices(self, nf: Fields, where: str, node_id: str = "") -> tuple[Choice, ...]:
        seq = nf.seq("choices")
        if seq is None:
            return ()
        if not 1 <= len(seq.items) <= MAX_CHOICES:
            self.diags.error(seq.pos, f"{where} must offer 1 to {MAX_CHOICES} choices, got {len(seq.items)}",
                             "split the node, or end it with `end:`", code="range")
        out = []
        seen: dict[str, int] = {}
        for index, item in enumerate(seq.items):
            choice = self.choice(item, index, where, node_id)
            if choice is None:
                continue
            if choice.id in seen:
                self.diags.error(choice.pos, f"choice {index + 1} of {where} has the id '{choice.id}' of choice "
                                 f"{seen[choice.id] + 1}", "give every choice of a node its own id",
                                 code="duplicate-id")
            seen.setdefault(choice.id, index)
            out.append(choice)
        return tuple(out)

    def choice(self, item, index: int, node_where: str, node_id: str = "") -> Choice | None:
        where = f"choice {index + 1} of {node_where}"
        cf = Fields(item, where, self.diags, CHOICE_KEYS, item.pos)
        if not cf.ok:
            return None
        choice_id = cf.ident("id", required=False) or f"{node_id}.{index + 1}"
        say = cf.text("say")
        score = self.meter_score(cf, where)
        mood = self.meter_map(cf, "mood", f"the mood of {where}", -100, 100, known=self.meters)
        rules = self.rule_ids(cf, where, "rules", required=not cf.has("breaks") and not cf.has("critical"))
        breaks = self.rule_ids(cf, where, "breaks", required=False)
        critical = self.critical(cf, where)
        if critical and critical not in breaks:
            breaks = breaks + (critical,)
        for rule in set(rules) & set(breaks):
            self.diags.error(cf.key_pos("breaks") if cf.has("breaks") else cf.key_pos("critical"),
                             f"{where} both follows and breaks the rule '{rule}'",
                             "list a rule under `rules:` (followed) or `breaks:` (broken), not both", code="rules")
        feedback = cf.text("feedback", required=False)
        if not feedback:
            self.diags.warning(item.pos, f"{where} has no feedback", "explain to the trainee why this choice "
                               "helps or hurts", code="no-feedback")
        routes = self.routes(cf, where)
        if rules and not cf.has("breaks") and not critical and sum(score.values()) < 0:
            self.diags.warning(cf.key_pos("rules"), f"{where} scores below zero but breaks no rule: `rules:` "
                               "lists the rules a reply follows", "list the rules this reply breaks under "
                               "`breaks:` (`ardojo migrate FILE` rewrites an older file)", code="rules-breaks")
        cf.finish()
        return Choice(index, say, frozen_map(score), frozen_map(mood), rules, feedback, routes, item.pos,
                      id=choice_id, breaks=breaks, critical=critical)

    def critical(self, cf: Fields, where: str) -> str | None:
        """`critical: rule-id`: a broken rule that fails the call; must be a rule of the rulebook."""
        node = cf.node("critical", required=False)
        if node is None:
            return None
        written = written_text(node)
        if not (written and written.strip()):
            self.diags.error(node.pos, f"'critical' in {where} must be the id of the rule the reply breaks, got "
                             f"{describe(node)}", "e.g. `critical: dont-overpromise`", code="type")
            return None
        rule = written.strip()
        if self.rulebook is not None and rule not in self.rulebook:
            hint = did_you_mean(rule, self.rulebook.rules) or "see scenarios/rulebook.yaml for rule ids"
            self.diags.error(node.pos, f"unknown rule '{rule}' in 'critical' of {where}", hint, code="unknown-rule")
        return rule

    def meter_score(self, cf: Fields, where: str) -> dict[str, int]:
        node = cf.node("score")
        if node is None:
            return {}
        sf = Fields(node, f"the score of {where}", self.diags, CHOICE_DIMENSIONS, node.pos)
        if not sf.ok:
            return {}
        out = {}
        for dim in CHOICE_DIMENSIONS:
            value = sf.integer(dim, -SCORE_LIMIT, SCORE_LIMIT, required=False)
            if value is not None:
                out[dim] = value
        if "commitment" in sf.map.entries:
            self.diags.error(sf.key_pos("commitment"), f"the score of {where} cannot set 'commitment'",
                             "commitment is scored from the ending the call reaches", code="unknown-key")
            sf.allowed += ("commitment",)
        sf.finish()
        if not sf.map.entries:
            self.diags.error(node.pos, f"the score of {where} is empty",
                             "score at least one of professionalism, empathy, clarity (0 is allowed)",
                             code="missing-key")
        return out

    def rule_ids(self, cf: Fields, where: str, key: str = "rules", required: bool = True) -> tuple[str, ...]:
        seq = cf.node(key, required)
        if seq is None:
            return ()
        items = seq.items if isinstance(seq, YSeq) else (seq,)
        out = []
        for item in items:
            rule = written_text(item)
            if rule is None:
                self.diags.error(item.pos, f"{key} of {where} must be rule ids, got {describe(item)}", code="type")
                continue
            if self.rulebook is not None and rule not in self.rulebook:
                hint = did_you_mean(rule, self.rulebook.rules) or "see scenarios/rulebook.yaml for rule ids"
                self.diags.error(item.pos, f"unknown rule '{rule}' in {where}", hint, code="unknown-rule")
            out.append(rule)
        if not items and required:
            self.diags.error(seq.pos, f"{where} cites no rules", "cite at least one rule id", code="missing-key")
        return tuple(out)

    def routes(self, cf: Fields, where: str) -> tuple[Route, ...]:
        node = cf.node("goto")
        if node is None:
            return ()
        if isinstance(node, YScalar):
            target = written_text(node)  # `goto: 0042` names the node '0042', not 34
            if target is None:
                self.diags.error(node.pos, f"'goto' of {where} must be a node id or a list of routes, got "
                                 f"{describe(node)}", code="type")
                return ()
            return (Route(target, None, node.pos),)
        if not isinstance(node, YSeq) or not node.items:
            self.diags.error(node.pos, f"'goto' of {where} must be a node id or a list of routes, got "
                             f"{describe(node)}", "e.g. `- {if: \"patience > 20\", to: calm}` then `- {to: angry}`",
                             code="type")
            return ()
        routes = []
        for index, item in enumerate(node.items):
            rf = Fields(item, f"route {index + 1} of {where}", self.diags, ROUTE_KEYS, item.pos)
            if not rf.ok:
                continue
            target = rf.text("to")
            condition = None
            if rf.has("if"):
                text = rf.text("if")
                if text:
                    condition = parse_condition(text, rf.map.get("if").pos, self.meters, self.diags)
            elif index < len(node.items) - 1:
                self.diags.error(item.pos, f"route {index + 1} of {where} has no 'if' but is not the last route",
                                 "routes after it could never be taken; move it to the end", code="route")
            rf.finish()
            if target:
                routes.append(Route(target, condition, item.pos))
        last = node.items[-1]
        if isinstance(last, YMap) and "if" in last.entries:
            self.diags.error(last.pos, f"the last route of {where} has an 'if'",
                             "end with a route without `if` so the call always has somewhere to go", code="route")
        return tuple(routes)
