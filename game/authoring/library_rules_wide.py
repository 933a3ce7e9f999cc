"""The library rules about the library as a whole (game/authoring/library_rules.py has those of one
scenario and the shared `Finding`/`RuleContext`): coverage of archetypes and rules, programs, names,
the balance and gaming measures across scenarios, and the files that follow the library (docs/library.md,
golden transcripts, persona portraits). `run_library_rules` runs every rule and returns diagnostics.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from statistics import mean
from typing import Callable

from game.authoring.library_rules import (CONTINUATIONS, REQUIRED_CRITICAL, SCENARIO_RULES, Finding, RuleContext,
                                         routes_deciding)
from game.content.diagnostics import Diagnostics, SourcePos
from game.content.library import display_path

MIN_SCENARIOS = 12
ARCHETYPES = ("cash-strapped", "disputing", "evasive")
COMPLEX = ("red-flags", "billing-error", "concession")
#: Gaming runs (as tests/library/test_gaming.py plays them): calls per fixed strategy and scenario, and
#: for uniform random play.
FIXED_CALLS = 200
RANDOM_CALLS = 400
#: How the scenarios name a Northwind colleague in a role ("Priya Shah, credit manager", ...).
NAME = r"([A-Z][a-z]+ [A-Z][a-z]+)"
ROLES = {
    "credit manager": [NAME + r",? (?:our |the )?credit manager", r"credit manager,? " + NAME],
    "sales": [NAME + r",? \(sales\)", NAME + r" in sales", r"[Aa]ccount (?:manager|rep)[^:\".;]*: " + NAME,
              NAME + r", (?:your|our) account manager"],
}


def _folder(ctx: RuleContext) -> SourcePos:
    return SourcePos(display_path(ctx.scenarios_dir), 1, 1)


def check_coverage(ctx: RuleContext) -> list[Finding]:
    """Enough scenarios; every archetype at every difficulty; the complex calls present."""
    lib, out = ctx.library, []
    if len(lib.scenarios) < MIN_SCENARIOS:
        out.append(Finding(_folder(ctx), f"{len(lib.scenarios)} scenarios, fewer than {MIN_SCENARIOS}"))
    have = {(s.archetype, s.difficulty) for s in lib.scenarios.values()}
    missing = [f"{a} at difficulty {d}" for a in ARCHETYPES for d in (1, 2, 3) if (a, d) not in have]
    if missing:
        out.append(Finding(_folder(ctx), "missing: " + ", ".join(missing), "add a scenario for each"))
    absent = sorted(set(COMPLEX) - {s.archetype for s in lib.scenarios.values()})
    if absent:
        out.append(Finding(_folder(ctx), "missing the complex calls: " + ", ".join(absent)))
    return out


def _top_choices(ctx: RuleContext, sid: str) -> set[tuple[str, int]]:
    from game.authoring.balance import reachable_states
    from game.engine.scoring import score_decision

    c, top = ctx.play.compiled(sid), set()
    for node_id, states in reachable_states(c).items():
        for meters in states:
            options = c.lookahead.options(node_id, meters)
            top.update((node_id, i) for i in score_decision(0, node_id, options[0].choice, options).top)
    return top


def check_rules_taught(ctx: RuleContext) -> list[Finding]:
    """Every rule cited twice, followed once, followed by a top reply twice and broken twice."""
    lib = ctx.library
    if lib.rulebook is None:
        return []
    choices = [(s, n, c) for s in lib.scenarios.values() for n in s.nodes.values() for c in n.choices]
    cited = Counter(r for _, _, c in choices for r in c.cited)
    followed = Counter(r for _, _, c in choices for r in c.rules)
    broken = Counter(r for _, _, c in choices for r in c.breaks)
    top = {(s.id, n.id, c.index) for s in lib.scenarios.values() for n, c in
           ((s.nodes[node], s.nodes[node].choices[i]) for node, i in _top_choices(ctx, s.id))}
    followed_top = Counter(r for s, n, c in choices if (s.id, n.id, c.index) in top for r in c.rules)
    from game.campaign.policy import CAMPAIGN_RULES  # taught by a campaign week's checks (tests/campaign)
    out = []
    for rule in lib.rulebook.rules.values():
        if rule.id in CAMPAIGN_RULES:
            continue
        problems = []
        if cited[rule.id] < 2:
            problems.append(f"cited by {cited[rule.id]} replies (at least 2)")
        if not followed[rule.id]:
            problems.append("no reply follows it")
        if followed_top[rule.id] < 2 or broken[rule.id] < 2:
            problems.append(f"followed by a top reply {followed_top[rule.id]} times, broken {broken[rule.id]} times "
                            "(at least 2 each)")
        if problems:
            out.append(Finding(rule.pos, f"rule '{rule.id}' is taught too little: " + "; ".join(problems),
                               "cite it in more replies, followed and broken"))
    return out


def check_critical_library(ctx: RuleContext) -> list[Finding]:
    """The fail-worthy rules each have a trap somewhere, and in many scenarios a critical call would pass
    on points: the critical error alone fails it."""
    lib, out = ctx.library, []
    rules = {c.critical for s in lib.scenarios.values() for n in s.nodes.values() for c in n.choices if c.critical}
    if REQUIRED_CRITICAL - rules:
        out.append(Finding(_folder(ctx), "no critical trap for " + ", ".join(sorted(REQUIRED_CRITICAL - rules))))
    high = [sid for sid in ctx.ids if any(
        ctx.play.verdict(sid, dataclasses.replace(c.score, critical=()), c.ending).passed
        for c in ctx.critical_calls(sid))]
    if len(high) * 2 < len(ctx.ids):
        out.append(Finding(_folder(ctx), f"only {len(high)} of {len(ctx.ids)} scenarios have a critical call that "
                                         "would pass on points", "at least half: the critical error alone must fail it"))
    return out


def campaign_calls(ctx: RuleContext) -> set[str]:
    """The scenarios a campaign in the library's campaigns/ folder plays as an account's later call
    (`follow_up`, `broken_promise`); a campaign that does not load names none."""
    from game.content.campaign_loader import campaigns_dir, load_campaign

    folder, named = campaigns_dir(ctx.scenarios_dir), set()
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        campaign = load_campaign(path, ctx.library.scenarios).campaign
        for account in campaign.accounts if campaign is not None else ():
            named.update(sid for sid in (account.follow_up, account.broken_promise) if sid != account.scenario)
    return named


def check_programs(ctx: RuleContext) -> list[Finding]:
    """Each scenario in exactly one program (a later call with a client, archetype in CONTINUATIONS,
    may instead be played by a campaign as an account's follow-up); its model call passes with that
    program's marks; each program runs easy to hard (label, then measured level)."""
    from game.records.grading import marks_for

    programs, out = ctx.programs, []
    continued = None
    for d in programs.diagnostics.items:
        out.append(Finding(d.pos, d.message, d.hint))
    placed: dict[str, list] = {}
    for program in programs.programs.values():
        for step in program.steps:
            placed.setdefault(step.scenario_id, []).append(step)
    for sid in ctx.ids:
        steps = placed.get(sid, [])
        if not steps and ctx.scenario(sid).archetype in CONTINUATIONS:
            continued = campaign_calls(ctx) if continued is None else continued
            if sid in continued:
                continue
        if len(steps) != 1:
            pos = steps[1].pos if steps else ctx.scenario(sid).pos
            out.append(Finding(pos, f"scenario '{sid}' is in {len(steps)} programs (exactly 1)",
                               "add it to one program in programs/, or remove the second step"))
    for program in programs.programs.values():
        keys = []
        for step in program.steps:
            if step.scenario_id not in ctx.library.scenarios:
                continue
            marks = marks_for(program, ctx.scenario(step.scenario_id))
            call = ctx.play.replay(step.scenario_id, ctx.play.best_choices(step.scenario_id))
            if call.ended:
                result = ctx.play.call_verdict(call, marks)
                if not result.passed:
                    out.append(Finding(step.pos, f"{program.id}: the model call of {step.scenario_id} fails: "
                                                 f"{'; '.join(result.reasons)}", "lower this step's thresholds"))
            key = (ctx.scenario(step.scenario_id).difficulty, ctx.balance(step.scenario_id).difficulty.level)
            if keys and key < keys[-1]:
                out.append(Finding(step.pos, f"{program.id}: {step.scenario_id} (difficulty {key[0]}, measured "
                                             f"{key[1]}) comes after a harder call", "order the steps easy to hard"))
            keys.append(max(keys[-1], key) if keys else key)
    return out


def same_client(a, b) -> bool:
    """Whether two scenarios are calls with the same client: one is a later call (archetype in
    CONTINUATIONS) with the other's name, company and role."""
    return (a.archetype in CONTINUATIONS) != (b.archetype in CONTINUATIONS) and \
        (a.persona.name, a.persona.company, a.persona.role) == (b.persona.name, b.persona.company, b.persona.role)


def check_names(ctx: RuleContext) -> list[Finding]:
    """Distinct persona names and companies (a later call with a client keeps the first call's
    persona); one name per Northwind colleague role."""
    out, seen_name, seen_company = [], {}, {}
    for s in ctx.library.scenarios.values():
        for value, seen, what in ((s.persona.name, seen_name, "name"), (s.persona.company, seen_company, "company")):
            if value in seen and same_client(s, ctx.scenario(seen[value])):
                continue
            if value in seen:
                out.append(Finding(s.persona.pos, f"persona {what} '{value}' is also used by '{seen[value]}'",
                                   f"give every persona its own {what}"))
            seen.setdefault(value, s.id)
    for role, patterns in ROLES.items():
        found: dict[str, str] = {}
        for s in ctx.library.scenarios.values():
            try:
                text = open(s.path, encoding="utf-8").read()
            except OSError:
                continue
            for pattern in patterns:
                for name in re.findall(pattern, text):
                    found.setdefault(name, s.id)
        if len(found) > 1:
            out.append(Finding(_folder(ctx), f"the {role} has {len(found)} names: " +
                               ", ".join(f"{n} ({sid})" for n, sid in sorted(found.items())),
                               "trainees meet the same colleagues in every call: use one name"))
    return out


def check_formats_used(ctx: RuleContext) -> list[Finding]:
    """A custom meter and a two-meter route each decide where some reply leads in play."""
    out = []
    custom = [sid for sid in ctx.ids if set(ctx.scenario(sid).persona.mood) - {"patience", "trust"}
              and routes_deciding(ctx, sid, lambda c: any(cl.meter not in ("patience", "trust") for cl in c.clauses))]
    if not custom:
        out.append(Finding(_folder(ctx), "no scenario has a custom meter that decides a route in play"))
    if not [sid for sid in ctx.ids if routes_deciding(ctx, sid, lambda c: len({cl.meter for cl in c.clauses}) >= 2)]:
        out.append(Finding(_folder(ctx), "no route needing two meters at once decides a call in play"))
    return out


def check_balance_library(ctx: RuleContext) -> list[Finding]:
    """Library-wide: the longest reply is seldom and the shortest often enough a top reply; each
    difficulty measure's mean is ordered by the label."""
    from game.authoring.balance import LEVEL_BOUNDS, LONGEST_TOP_MAX, SHORTEST_TOP_MIN, library_cues

    balances, out = [ctx.balance(sid) for sid in ctx.ids], []
    nodes, longest, shortest = library_cues(balances)
    if nodes and longest / nodes > LONGEST_TOP_MAX:
        out.append(Finding(_folder(ctx), f"the longest reply is top at {longest} of {nodes} decision nodes "
                                         f"(at most {LONGEST_TOP_MAX:.0%})"))
    if nodes and shortest / nodes < SHORTEST_TOP_MIN:
        out.append(Finding(_folder(ctx), f"the shortest reply is top at only {shortest} of {nodes} decision nodes "
                                         f"(at least {SHORTEST_TOP_MIN:.0%})"))
    for name in LEVEL_BOUNDS:
        by_level: dict[int, list] = {}
        for b in balances:
            by_level.setdefault(b.scenario.difficulty, []).append(getattr(b.difficulty, name))
        means = [mean(by_level[lv]) for lv in sorted(by_level)]
        rising = name == "traps"
        ordered = all(a < b for a, b in zip(means, means[1:])) if rising else all(a > b for a, b in zip(means, means[1:]))
        if len(means) != 3 or not ordered:
            out.append(Finding(_folder(ctx), f"mean {name} by difficulty {sorted(by_level)}: "
                                             f"{[round(m, 3) for m in means]} is not ordered by difficulty"))
    return out


def check_gaming(ctx: RuleContext, calls: int = FIXED_CALLS, random_calls: int = RANDOM_CALLS) -> list[Finding]:
    """A fixed strategy passes at most one scenario; random play passes at most 5% of each; always a top
    reply passes every call."""
    from game.authoring.gaming import BEST, FIRST, LONGEST, MOOD, RANDOM, RANDOM_MAX, SHORTEST

    g, out = ctx.gaming(calls, random_calls), []
    for strategy in (FIRST, MOOD, LONGEST, SHORTEST):
        passed = g.passed_by(strategy)
        if len(passed) > 1:
            out.append(Finding(_folder(ctx), f"always '{strategy}' passes {len(passed)} scenarios: {', '.join(passed)}",
                               "at most one: hide the right replies better"))
    for sg in g.scenarios:
        r = sg.results[RANDOM]
        if r.rate > RANDOM_MAX:
            out.append(Finding(sg.scenario.pos, f"uniform random play passes {r.passed} of {r.calls} calls ({r.rate:.1%})",
                               f"at most {RANDOM_MAX:.0%}"))
        best = sg.results[BEST]
        if best.passed < best.calls:
            out.append(Finding(sg.scenario.pos, f"always a top reply fails {best.calls - best.passed} of {best.calls} calls"))
    return out


def check_library_doc(ctx: RuleContext) -> list[Finding]:
    """docs/library.md (beside the scenarios folder) is what its generator writes now."""
    from game.authoring.library_doc import DOC_NAME, REGENERATE, first_difference, render

    doc = ctx.root / "docs" / DOC_NAME
    if not doc.is_file():
        return []  # a library outside a checkout has no generated guide
    line = first_difference(doc.read_text(encoding="utf-8"), render(ctx))
    if line is None:
        return []
    return [Finding(SourcePos(display_path(doc), line, 1), "docs/library.md is out of date",
                    f"run `{REGENERATE}` and review the change")]


def check_golden(ctx: RuleContext) -> list[Finding]:
    """Every scenario keeps a golden transcript that passes and one that fails (tests/golden)."""
    folder = ctx.root / "tests" / "golden"
    if not folder.is_dir():
        return []
    out = []
    for sid in ctx.ids:
        verdicts = set()
        for path in folder.glob(f"{sid}-*.transcript"):
            text = path.read_text(encoding="utf-8")
            verdicts.update(v for v in ("passed", "failed") if re.search(rf"^expect scores:.*\b{v}\b", text, re.M))
        if verdicts != {"passed", "failed"}:
            out.append(Finding(ctx.scenario(sid).pos, f"no golden transcript that {' and one that '.join(sorted({'passed', 'failed'} - verdicts))} "
                                                      f"in tests/golden/{sid}-*.transcript",
                               f"run `.venv/bin/python tests/library/golden_writer.py {sid}` and read the result"))
    return out


def check_portraits(ctx: RuleContext) -> list[Finding]:
    """Every scenario has its persona's portrait (assets/portraits/<id>.png, in portraits.json)."""
    folder = ctx.root / "assets" / "portraits"
    sidecar = folder / "portraits.json"
    if not sidecar.is_file():
        return []
    entries = json.loads(sidecar.read_text(encoding="utf-8")).get("portraits", {})
    out = []
    for sid, s in ctx.library.scenarios.items():
        entry = entries.get(sid)
        if not entry or entry.get("name") != s.persona.name or not (folder / entry.get("file", "")).is_file():
            out.append(Finding(s.persona.pos, f"no portrait of {s.persona.name} in assets/portraits/ for '{sid}'",
                               "run `.venv/bin/python assets/tools/make_portraits.py assets/portraits`"))
    return out


#: (check, code, title, why) for every rule of the library as a whole.
LIBRARY_RULES: tuple[tuple[Callable[[RuleContext], list[Finding]], str, str, str], ...] = (
    (check_coverage, "library-coverage", "12 scenarios; every archetype at every difficulty; the complex calls",
     "a trainee meets each kind of client at each level before being signed off"),
    (check_rules_taught, "library-rule-taught", "every rule taught both ways, at least twice",
     "the debrief needs a reply to hold up as the way to do it and mistakes to coach, for every rule"),
    (check_critical_library, "library-critical", "traps for the fail-worthy rules; critical errors alone fail calls",
     "the mistakes a team lead fails a call for must each be practised, and must fail even a high-scoring call"),
    (check_programs, "library-program", "each scenario in exactly one program (or a campaign's follow-up call), "
     "passable, easy to hard",
     "the programs are how a trainee meets the library: a scenario outside them (and outside a campaign) is never "
     "played, one in two is counted twice"),
    (check_names, "library-names", "distinct personas, a follow-up call keeping its client's; one name per "
     "Northwind colleague",
     "trainees tell the clients apart, meet the same client again in a follow-up call, and the same colleagues in "
     "every call"),
    (check_formats_used, "library-formats", "a custom meter and a two-meter route decide calls",
     "the library shows authors what the format can do"),
    (check_balance_library, "library-balance-wide", "length is no cue; the measures rise with difficulty",
     "grades must not be gameable by reply length, and the labels must mean the same across the library"),
    (check_gaming, "library-gaming", "gaming strategies fail",
     "always picking the first, longest or friendliest reply, or random play, must not pass"),
    (check_library_doc, "library-doc", "docs/library.md up to date",
     "the guide shows every outcome change in review; a stale one misleads trainers"),
    (check_golden, "library-golden", "golden transcripts: one passing and one failing call per scenario",
     "the transcripts pin the engine's behaviour on real calls"),
    (check_portraits, "library-portrait", "a portrait per persona",
     "the window shows the client's face; a missing one falls back to a blank card"),
)

#: Every library rule: code -> (title, why it exists), in the order they run (docs/authoring.md lists them).
RULE_CODES: dict[str, tuple[str, str]] = {code: (title, why) for _, code, title, why in SCENARIO_RULES + LIBRARY_RULES}


def run_library_rules(ctx: RuleContext) -> Diagnostics:
    """Every library rule over the library in `ctx`, as error diagnostics with the rule's code."""
    diags = Diagnostics()
    for sid in ctx.ids:
        for check, code, _t, _w in SCENARIO_RULES:
            for f in check(ctx, sid):
                diags.error(f.pos, f.message, f.hint, code=code)
    for check, code, _t, _w in LIBRARY_RULES:
        for f in check(ctx):
            diags.error(f.pos, f.message, f.hint, code=code)
    return diags
