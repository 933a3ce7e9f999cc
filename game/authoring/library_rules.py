"""The library's rules, as one set of checks that `ardojo validate --library` runs and the library
tests (tests/library) call: what a scenario must hold to join the shipped library beyond being valid
(difficulty limits, no dominated replies, the traps a call must offer, programs covering it, the balance
and gaming measures, docs/library.md up to date, ...).

Each rule has a stable `code`, a title and why it exists (docs/authoring.md lists them). A check returns
`Finding`s: a position (scenario, node or reply; the program file line for program rules), a message and
a hint. This module holds the rules of one scenario; game/authoring/library_rules_wide.py those of the
library as a whole; `RULES` is every rule in the order they run.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from game.authoring.library_play import LibraryPlay, PlayedCall
from game.content.diagnostics import SourcePos
from game.content.library import Library
from game.content.model import Commitment, Scenario

#: Difficulty convention (docs/library.md): starting patience and trust bands (inclusive; None = no
#: bound) and a minimum length of the best call.
PATIENCE = {1: (60, None), 2: (45, 59), 3: (None, 44)}
TRUST = {1: (45, None), 2: (30, 44), 3: (None, 29)}
BEST_CALL_MIN_DECISIONS = {1: 1, 2: 1, 3: 9}
#: The rules whose breach fails a call: overpromises and unauthorised concessions, threats, ignored
#: warning signs, discussing the account with the wrong person, and misrepresenting terms or figures.
CRITICAL_RULES = frozenset({"dont-overpromise", "dont-be-aggressive", "dont-ignore-red-flags",
                            "do-confirm-right-party", "do-set-clear-expectations"})
#: The critical rules the library as a whole must teach with a trap.
REQUIRED_CRITICAL = frozenset({"dont-overpromise", "dont-be-aggressive", "dont-ignore-red-flags",
                               "do-confirm-right-party"})
#: Archetypes of a later call with a client the library already has (the next call of a campaign
#: account, docs/campaign.md): it keeps the first call's persona, and a campaign plays it.
CONTINUATIONS = frozenset({"follow-up", "broken-promise"})
MIN_NODES = 12
MIN_COMMITMENTS = 3
FIGURES_RULE = "do-quote-exact-figures"


@dataclass(frozen=True)
class Finding:
    """One breach of a library rule: where, what, and how to fix it."""

    pos: SourcePos
    message: str
    hint: str = ""

    def format(self) -> str:
        return f"{self.pos}: {self.message}" + (f" (hint: {self.hint})" if self.hint else "")


class RuleContext:
    """What the rules look at: the loaded library, its playable calls, its folder and programs, and
    the repository around it (docs/, tests/golden, assets/portraits) when there is one. Measures are
    computed once and shared by every rule."""

    def __init__(self, library: Library, scenarios_dir: Path, play: LibraryPlay | None = None,
                 root: Path | None = None) -> None:
        self.library = library
        self.scenarios_dir = Path(scenarios_dir)
        self.play = play or LibraryPlay(library)
        self.root = root if root is not None else self.scenarios_dir.resolve().parent

    @property
    def ids(self) -> list[str]:
        return list(self.library.scenarios)

    def scenario(self, sid: str) -> Scenario:
        return self.library.scenarios[sid]

    @functools.cached_property
    def programs(self):
        from game.records.programs import load_program_set
        return load_program_set(self.scenarios_dir, self.library.scenarios)

    @functools.cached_property
    def analysis(self):
        from game.authoring.analysis import analyze_library
        return analyze_library(self.library.scenarios.values(), self.library.rulebook, verify=False)

    @functools.lru_cache(maxsize=None)
    def balance(self, sid: str):
        from game.authoring.balance import measure
        return measure(self.play.compiled(sid))

    def gaming(self, calls: int, random_calls: int):
        """Every gaming strategy on every scenario (memoised per call counts)."""
        key = (calls, random_calls)
        cache = self.__dict__.setdefault("_gaming", {})
        if key not in cache:
            from game.authoring.gaming import measure_library
            cache[key] = measure_library([self.play.compiled(s) for s in self.ids], calls=calls,
                                         random_calls=random_calls)
        return cache[key]

    def critical_calls(self, sid: str) -> list[PlayedCall]:
        return [c for c in self.play.playable_calls(sid) if c.score.critical]


def _within(value: int, band: tuple[int | None, int | None]) -> bool:
    low, high = band
    return (low is None or value >= low) and (high is None or value <= high)


def _band(band: tuple[int | None, int | None]) -> str:
    low, high = band
    return f"{low} or more" if high is None else f"{high} or less" if low is None else f"{low} to {high}"


def _where(choice_node: str, index: int) -> str:
    return f"choice {index + 1} of node '{choice_node}'"


# --- rules of one scenario -----------------------------------------------------------------------

def check_difficulty_bands(ctx: RuleContext, sid: str) -> list[Finding]:
    """Starting patience and trust within the label's band; a hard call's best call long enough."""
    s = ctx.scenario(sid)
    level, mood, out = s.difficulty, s.persona.mood, []
    for meter, bands in (("patience", PATIENCE), ("trust", TRUST)):
        if level in bands and not _within(mood[meter], bands[level]):
            out.append(Finding(s.persona.pos, f"difficulty {level}: starting {meter} {mood[meter]} is outside "
                                              f"{_band(bands[level])}",
                               f"set mood.{meter} within {_band(bands[level])}, or change the difficulty"))
    best = len(ctx.play.best_choices(sid))
    if best < BEST_CALL_MIN_DECISIONS.get(level, 0):
        out.append(Finding(s.pos, f"difficulty {level}: the best call takes {best} decisions, fewer than "
                                  f"{BEST_CALL_MIN_DECISIONS[level]}", "lengthen the best call or lower the difficulty"))
    return out


def check_model_call(ctx: RuleContext, sid: str) -> list[Finding]:
    """The model call ends, passes with no critical error or broken rule, and scores 100 everywhere."""
    s, play = ctx.scenario(sid), ctx.play
    choices = play.best_choices(sid)
    call = play.replay(sid, choices)
    if not call.ended:
        return [Finding(s.pos, f"the model call (the best recommendable reply at every decision) stops at "
                               f"'{call.state.node}': no reply there can be recommended",
                        "give that node a reply that follows a rule and breaks none")]
    out = []
    score = call.score()
    bad = [st for st in call.steps if st.choice.critical or st.choice.breaks]
    for step in bad:
        out.append(Finding(step.choice.pos, f"the model call takes {_where(step.node.id, step.choice.index)}, which "
                                            "breaks a rule", "give that node a better reply that breaks nothing"))
    result = play.call_verdict(call)
    if not result.passed:
        out.append(Finding(s.pos, f"the model call fails: {'; '.join(result.reasons)}",
                           "lower the `pass:` marks or make the best replies score enough"))
    if set(score.scores.values()) != {100} or score.overall != 100:
        out.append(Finding(s.pos, f"the model call scores {dict(score.scores)}, not 100 everywhere",
                           "a top reply at every decision should score 100 in each dimension"))
    best_played = max(c.score.overall for c in play.playable_calls(sid))
    if score.overall < best_played:
        out.append(Finding(s.pos, f"a playable call scores {best_played}, more than the model call's {score.overall}",
                           "the best play should be the recommendable one"))
    return out


def check_worst_call_fails(ctx: RuleContext, sid: str) -> list[Finding]:
    """The worst call a trainee can play fails on its overall score."""
    worst = ctx.play.worst_call(sid)
    call = ctx.play.replay(sid, worst.choices)
    result = ctx.play.call_verdict(call)
    if result.passed or "overall" not in result.below:
        return [Finding(ctx.scenario(sid).nodes[worst.ending].pos,
                        f"the worst playable call (choices {','.join(str(c + 1) for c in worst.choices)}) "
                        f"{'passes' if result.passed else 'does not fall below the overall mark'} with overall "
                        f"{call.score().overall}", "make careless replies cost more, or raise the `pass:` marks")]
    return []


def check_traps_reachable(ctx: RuleContext, sid: str) -> list[Finding]:
    """The scenario has a critical reply, every critical reply is reachable in play, and the best call
    through one fails, naming the critical error."""
    s = ctx.scenario(sid)
    marked = {(n.id, c.index): c for n in s.nodes.values() for c in n.choices if c.critical}
    if not marked:
        return [Finding(s.pos, "no reply is marked `critical`: the scenario has no trap",
                        f"mark the serious mistake with `critical: RULE` (one of {', '.join(sorted(CRITICAL_RULES))})")]
    calls = ctx.critical_calls(sid)
    reached = {(n, i) for c in calls for n, i in zip(c.nodes, c.choices) if s.nodes[n].choices[i].critical}
    out = [Finding(choice.pos, f"critical {_where(n, i)} can never be reached in play",
                   "check the meters and `if:` routes that lead to its node")
           for (n, i), choice in marked.items() if (n, i) not in reached]
    if calls:
        best = max(calls, key=PlayedCall.sort_key)
        if ctx.play.call_verdict(ctx.play.replay(sid, best.choices)).passed:
            out.append(Finding(s.pos, "a call with a critical error passes", "a critical reply must fail the call"))
    return out


def check_poor_replies(ctx: RuleContext, sid: str) -> list[Finding]:
    """A reply scoring below zero says what it breaks; a critical reply scores below zero and cites a
    fail-worthy rule; nothing both follows and breaks a rule."""
    s, out = ctx.scenario(sid), []
    for node in s.nodes.values():
        for c in node.choices:
            total = sum(c.score.values())
            where = _where(node.id, c.index)
            if total < 0 and not c.breaks:
                out.append(Finding(c.pos, f"{where} scores {total} but breaks no rule",
                                   "list the rules it breaks under `breaks:`"))
            if c.critical and total >= 0:
                out.append(Finding(c.pos, f"{where} is critical ({c.critical}) but scores {total}",
                                   "a critical reply must score below zero"))
            if c.critical and c.critical not in CRITICAL_RULES:
                out.append(Finding(c.pos, f"{where} is critical for '{c.critical}', which is not a fail-worthy rule",
                                   f"critical errors cite one of {', '.join(sorted(CRITICAL_RULES))}"))
            both = sorted(set(c.rules) & set(c.breaks))
            if both:
                out.append(Finding(c.pos, f"{where} both follows and breaks {', '.join(both)}",
                                   "a rule goes under `rules:` (followed) or `breaks:`, not both"))
    return out


def check_dominated(ctx: RuleContext, sid: str) -> list[Finding]:
    """No reply is dominated by a sibling (no better on any dimension, leading to the same place)."""
    report = next(r for r in ctx.analysis.scenarios if r.scenario.id == sid)
    return [Finding(d.pos, f"{_where(d.node, d.choice)} is dominated by choice {d.by + 1}",
                    "make it tempting for a reason (a better score somewhere, a different route) or remove it")
            for d in report.dominated]


def check_shape(ctx: RuleContext, sid: str) -> list[Finding]:
    """Enough nodes; three or more commitments reached in play, one of them none; a reachable hang-up."""
    s, out = ctx.scenario(sid), []
    if len(s.nodes) < MIN_NODES:
        out.append(Finding(s.pos, f"{len(s.nodes)} nodes, fewer than {MIN_NODES}", "a library call needs more story"))
    calls = ctx.play.playable_calls(sid)
    reached = {s.nodes[c.ending].ending.commitment for c in calls}
    if len(reached) < MIN_COMMITMENTS or Commitment.NONE not in reached:
        out.append(Finding(s.pos, f"endings reached in play: {', '.join(sorted(c.value for c in reached))}",
                           f"at least {MIN_COMMITMENTS} different commitments, one of them `none`"))
    hang = s.hang_up_to
    if not hang or s.nodes[hang].ending.commitment is not Commitment.NONE:
        out.append(Finding(s.pos, "no `hang_up_to` ending with commitment none", "add a hang-up ending"))
    elif not any(c.hung_up for c in calls):
        out.append(Finding(s.nodes[hang].pos, "no playable call makes the client hang up",
                           "let careless replies lower patience to `hang_up_when`"))
    return out


def routes_deciding(ctx: RuleContext, sid: str, condition_ok: Callable = lambda c: True) -> set[tuple[str, int]]:
    """(node, choice) with an `if:` route accepted by `condition_ok` that sends the same reply to two
    different nodes (besides the hang-up) in real play."""
    s = ctx.scenario(sid)
    wanted = {(n.id, c.index) for n in s.nodes.values() for c in n.choices
              if any(r.condition is not None and condition_ok(r.condition) for r in c.routes)}
    seen: dict = {}
    for call in ctx.play.playable_calls(sid):
        for node_id, index, target in zip(call.nodes, call.choices, call.nodes[1:]):
            if (node_id, index) in wanted:
                seen.setdefault((node_id, index), set()).add(target)
    return {key for key, targets in seen.items() if len(targets - {s.hang_up_to}) >= 2}


def check_meters_decide(ctx: RuleContext, sid: str) -> list[Finding]:
    """Some `if:` route sends the same reply to different nodes in play: the meters matter."""
    if routes_deciding(ctx, sid):
        return []
    return [Finding(ctx.scenario(sid).pos, "no `if:` route ever sends the same reply to two different nodes in play",
                    "add a route whose condition the meters really decide")]


def check_account_facts(ctx: RuleContext, sid: str) -> list[Finding]:
    """The best call names an invoice from the brief; some reply gets the figures wrong and costs clarity."""
    s, out = ctx.scenario(sid), []
    said = " ".join(st.choice.say for st in ctx.play.replay(sid, ctx.play.best_choices(sid)).steps)
    numbers = [re.findall(r"\d+", inv.number)[-1] for inv in s.account.invoices if re.findall(r"\d+", inv.number)]
    if not any(n in said for n in numbers):
        out.append(Finding(s.pos, f"the best call never names an invoice ({', '.join(numbers)})",
                           "have a best reply quote the invoice number"))
    if not any(FIGURES_RULE in c.breaks and c.score.get("clarity", 0) < 0 for n in s.nodes.values() for c in n.choices):
        out.append(Finding(s.pos, "no wrong-figures trap: no reply breaks do-quote-exact-figures and loses clarity",
                           "add a reply with a wrong or vague figure: `breaks: [do-quote-exact-figures]`, "
                           "negative clarity"))
    return out


def check_balance(ctx: RuleContext, sid: str) -> list[Finding]:
    """The right reply is not the longest; enough plausible decisions; random play rarely passes; the
    measured difficulty is within one level of the label."""
    from game.authoring.balance import LEVEL_BOUNDS, LONGEST_TOP_MAX_PER_SCENARIO, PLAUSIBLE_NODES_MIN
    from game.authoring.gaming import RANDOM_MAX

    s, b, out = ctx.scenario(sid), ctx.balance(sid), []
    if b.share(b.longest_top) > LONGEST_TOP_MAX_PER_SCENARIO:
        out.append(Finding(s.pos, f"the longest reply is a top reply at {b.longest_top} of {len(b.cues)} decision nodes",
                           f"at most {LONGEST_TOP_MAX_PER_SCENARIO:.0%}: make some wrong replies long, some right ones short"))
    if b.plausible_nodes < PLAUSIBLE_NODES_MIN:
        out.append(Finding(s.pos, f"only {b.plausible_nodes} decision node(s) offer three replies that each follow a rule",
                           f"at least {PLAUSIBLE_NODES_MIN}: give more decisions three plausible replies"))
    d = b.difficulty
    if d.random_pass > RANDOM_MAX:
        out.append(Finding(s.pos, f"random play passes with probability {d.random_pass:.2%}",
                           f"at most {RANDOM_MAX:.0%}: add traps or raise the marks"))
    if abs(d.level - s.difficulty) > 1:
        levels = ", ".join(f"{m} {d.level_of(m)}" for m in LEVEL_BOUNDS)
        out.append(Finding(s.pos, f"labelled difficulty {s.difficulty}, measured {d.level} ({levels})",
                           "change the label or the scenario (see docs/library.md, Difficulty)"))
    return out


def check_story_answers_traps(ctx: RuleContext, sid: str) -> list[Finding]:
    """A critical reply never leads where a recommendable sibling leads, and an overpromise never still
    ends paid in full."""
    from game.authoring.balance import reachable_states
    from game.engine.scoring import eligible, score_decision

    c, s, out = ctx.play.compiled(sid), ctx.scenario(sid), {}
    for node_id, states in reachable_states(c).items():
        for meters in states:
            options = c.lookahead.options(node_id, meters)
            good_choices = eligible(tuple(o.choice for o in options))
            good = {o.target for o in options if o.choice in good_choices and not o.choice.critical}
            for option in (o for o in options if o.choice.critical):
                ch = option.choice
                if option.target in good:
                    out[(ch.pos, "same")] = Finding(ch.pos, f"critical {_where(node_id, ch.index)} leads to "
                                                            f"'{option.target}', where a recommendable reply leads too",
                                                    "let the story answer the mistake: route it elsewhere")
                if ch.critical == "dont-overpromise":
                    end, m = option.target, option.meters_after
                    while not s.nodes[end].is_ending:
                        opts = c.lookahead.options(end, m)
                        top = score_decision(0, end, opts[0].choice, opts).top
                        end, m = opts[top[0]].target, opts[top[0]].meters_after
                    if s.nodes[end].ending.commitment.value == "full":
                        out[(ch.pos, "full")] = Finding(ch.pos, f"after the overpromise at {_where(node_id, ch.index)} "
                                                                f"the best call still ends paid in full at '{end}'",
                                                        "an unauthorised concession should cost the ending")
    return list(out.values())


#: (check, code, title, why) for every rule of one scenario.
SCENARIO_RULES: tuple[tuple[Callable[[RuleContext, str], list[Finding]], str, str, str], ...] = (
    (check_difficulty_bands, "library-difficulty-band", "starting meters and best-call length fit the difficulty",
     "the label is a promise to the trainer: a difficulty-1 call starts calm, a difficulty-3 call starts hostile "
     "and takes a long call to win"),
    (check_model_call, "library-model-call", "the model call passes with 100 everywhere",
     "the debrief holds up the recommendable reply as the way to do it; if that call fails, the game teaches "
     "nothing"),
    (check_worst_call_fails, "library-worst-call", "the worst playable call fails",
     "a careless call must never scrape through"),
    (check_traps_reachable, "library-trap", "a reachable critical trap that fails the call",
     "every call teaches a mistake a team lead fails a call for, and a trap no trainee can reach teaches nothing"),
    (check_poor_replies, "library-poor-reply", "poor replies say what they break; critical means fail-worthy",
     "the debrief names the rule behind every lost point, and only the fail-worthy rules (CRITICAL_RULES) fail "
     "a call outright"),
    (check_dominated, "library-dominated", "no dominated replies",
     "a reply that is worse in every way and leads to the same place is never a real choice"),
    (check_shape, "library-shape", "enough story: 12 nodes, 3 commitments, a reachable hang-up",
     "a library call must be a real conversation with real outcomes, including losing the client"),
    (check_meters_decide, "library-meters-decide", "the meters decide a route in play",
     "mood must matter: the same reply lands differently with a patient or an annoyed client"),
    (check_account_facts, "library-account-facts", "the best call names an invoice; a wrong-figures trap",
     "quoting the exact invoice is the core habit of the job, and a reply with wrong figures must cost clarity"),
    (check_balance, "library-balance", "right replies not spotted by length; random play fails; measured "
     "difficulty within one level", "grades must not be gameable, and the measured difficulty must match the "
     "label (game/authoring/balance.py)"),
    (check_story_answers_traps, "library-trap-answered", "the story answers a critical reply",
     "a trap that carries on as if nothing happened, or an overpromise that still ends paid in full, teaches "
     "that the mistake was free"),
)


def scenario_findings(ctx: RuleContext, sid: str) -> Iterable[tuple[str, Finding]]:
    """Every (code, finding) of the scenario rules for one scenario."""
    for check, code, _title, _why in SCENARIO_RULES:
        for finding in check(ctx, sid):
            yield code, finding
