"""docs/library.md, generated: a short hand-written guide to the scenario library (what each call
teaches, a table of measures, the difficulty convention, the programs) followed by the exact output of
`ardojo analyze --format markdown scenarios/`, run from the repository root.

    .venv/bin/python tests/library/library_doc.py            # rewrite docs/library.md
    .venv/bin/python tests/library/library_doc.py --check    # exit 1 if it is out of date

The library rule `library-doc` (`ardojo validate --library`, and tests/library/test_library_doc.py)
fails while the checked-in file differs from what this writes, so a scenario change that alters outcomes
shows up in review.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.authoring.library_rules import RuleContext

DOC_NAME = "library.md"
ANALYZE = ["analyze", "--format", "markdown", "scenarios/"]
REGENERATE = ".venv/bin/python tests/library/library_doc.py"


def _analysis(ctx: RuleContext, sid: str):
    """`ardojo analyze` for one scenario, in-process (once per context)."""
    from game.authoring.analysis import analyze_scenario

    cache = ctx.__dict__.setdefault("_doc_analysis", {})
    if sid not in cache:
        cache[sid] = analyze_scenario(ctx.library.scenarios[sid])
    return cache[sid]


def first_difference(current: str, expected: str) -> int | None:
    """The first line (1-based) where `current` differs from `expected`, None when they are equal."""
    if current == expected:
        return None
    a, b = current.splitlines(), expected.splitlines()
    for number, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return number
    return min(len(a), len(b)) + 1


#: What each call teaches, in a line (hand-written). A scenario missing here shows its summary.
TEACHES = {
    "sunrise-bakery": "A willing payer short of cash: ask why before asking for money, then build a dated "
                      "plan that clears the oldest invoice first, and don't promise a fee waiver.",
    "lakeside-brewing": "\"I'm sure we paid that\": check the payment against your records calmly, show which "
                        "invoice it paid, and fix why she never saw the open one.",
    "fernwood-flowers": "\"I'll look into it\": be specific about the invoice, ask how he pays, find the "
                        "standing transfer left behind at his old bank, and leave with a date, not a promise to look.",
    "delgado-drywall": "Cash stuck in a contractor's retention: fit the plan to his real paydays inside your "
                       "45-day authority, and take the joint-check question to the credit manager.",
    "harbor-logistics": "A dispute on one invoice: log it with its evidence and a dated follow-up, bring in "
                        "the warehouse and sales, and still collect the invoice nobody disputes.",
    "altamont-machining": "\"It's in the system\": say the call is recorded, verify the status, find the "
                          "exhausted blanket purchase order behind it, and get it in front of the person who can top it up.",
    "tallgrass-vet": "A billing error on our side: own it, bring in sales and accounting before quoting any "
                     "figure, and don't chase money we billed wrongly.",
    "kessler-print": "A customer on the edge: keep him talking, build a plan inside your authority, and flag "
                     "the signs of insolvency to the credit manager the same day.",
    "marigold-catering": "A valued client pushing for concessions: empathize, say no to what isn't yours to "
                         "give, and take her requests to the credit manager with a dated answer.",
    "silver-pines-lodge": "An angry client with a rival's offer: hear the complaint out, pin the dispute to the "
                          "one line in question, concede nothing, and collect the undisputed part.",
    "crestview-dental": "\"The cheque is in the mail\" again: verify it, find the signing folder it waits in, "
                        "name the pattern of broken promises and escalate it, and confirm in writing.",
    "ashford-residential": "Repeated late payments with a new reason each month: raise the pattern, find what "
                           "is behind it, and refer the account for review before new credit goes out.",
    "copperleaf-cafes": "A client whose details went stale: confirm who you are speaking to, update the billing "
                        "contact and address on the call, resend, and get a date without waiving a fee that was never ours to waive.",
    "hollis-outfitters": "A client who could pay in full asks for a plan: ask for the full balance first, hold "
                         "to it politely, and grant only what a real need and your authority allow.",
    "quarry-ridge": "A recorded call with a careful finance manager: say it is recorded, find the closed purchase "
                    "order behind the invoice, and promise nothing she can quote back against you.",
    "bramble-finch": "The wrong person answers: confirm who you are speaking to, say nothing about the account, "
                     "and leave with the contact's current line and a time she will call back.",
    "broken-promise-sunrise-bakery": "The first instalment of a plan was missed: ask why without blame, fix the "
                                     "cause (the bookkeeper never saw the plan), state the automatic hold calmly, "
                                     "and keep the plan's dates without promising the hold away.",
    "broken-promise-lakeside-brewing": "The payment she promised did not come: hold her to it without a threat, "
                                       "learn why, give nothing away on the late fee, and re-commit with the person "
                                       "who approves payments.",
    "follow-up-harbor-logistics": "Back with the warehouse's findings: report them exactly, confirm the credit note "
                                  "and what is left, close the dispute in writing, and collect what is owed with no "
                                  "compensation or free goods promised.",
    "follow-up-kessler-print": "The credit manager's decision on a recorded line: deliver it and its conditions "
                               "exactly, and when a restructuring filing is mentioned, refer it the same day: no "
                               "pressure to pay first, no legal advice, no secrets.",
}

INTRO = """# The scenario library

<!-- Generated by `{regenerate}` from the scenarios; do not edit by hand. -->

{count} calls, one per file in `scenarios/`, all made by Sam from Northwind Supply's accounts team: the
first calls on Monday 2026-11-23, and {later} later that week with clients of those first calls
(archetypes `follow-up` and `broken-promise`: the same client, whose brief says what the first call
agreed; `scenarios/campaigns/first-week.yaml` plays them as those accounts' next calls). Together they
teach every rule in `scenarios/rulebook.yaml`, each cited by at least two choices. The same colleagues appear throughout: **Priya Shah**, credit manager (fee waivers, terms,
plans beyond the caller's authority, account reviews); **Marco Reyes**, account manager in sales
(pricing, the customer relationship); **Kevin Tran** in accounting (credit notes, corrected invoices);
**Ben Okafor**, warehouse lead; **Nadia Flores** in quality.

This file is generated: after changing a scenario, regenerate it from the repository root with
`{regenerate}`; `tests/library/test_library_doc.py` fails while it is out of date.
The last section is exactly the output of `ardojo {analyze}`.
"""

DIFFICULTY = """## Difficulty

Difficulty is **measured**, not just labelled. `ardojo analyze` works out four figures for every
scenario over every call a trainee can play (the table under *Analysis* below):

- **random pass**: the probability that a caller picking replies at random passes (exact, each reply
  equally likely): difficulty 1 above 2%, difficulty 3 below 0.7%, never above 5%;
- **calls passing**: the share of distinct playable calls that pass: above 20% is easy, below 8% hard;
- **traps**: critical replies a call can reach (1–2 easy, 6 or more hard);
- **sink from**: the first decision of the best call where one wrong but non-critical reply, followed by
  the best play, already fails the call: late (or never) is forgiving, in the first 30% unforgiving.

Each figure gives a level; the measured difficulty is their rounded mean, and
`tests/library/test_balance.py` checks that no scenario is more than one level from its label, that the
mean of every figure is ordered by difficulty, and that each program runs easy to hard. The starting
meters follow the label too (`tests/library/test_library_calls.py`):

| difficulty | starting patience | starting trust | best call |
|---|---|---|---|
| 1 | 60 or more | 45 or more | any length |
| 2 | 45 to 59 | 30 to 44 | any length |
| 3 | below 45 | below 30 | 9 decisions or more |

In this library:
"""


def analyze_markdown(ctx: RuleContext) -> str:
    """Exactly what `ardojo analyze --format markdown scenarios/` prints, run from the folder that holds
    the scenarios folder (the repository root for the shipped library)."""
    from game.authoring.analysis import analyze_library
    from game.authoring.analysis_report import RENDERERS
    from game.authoring.gaming import DEFAULT_CALLS, FIRST_SEED
    from game.authoring.targets import load_targets

    here = Path.cwd()
    os.chdir(ctx.scenarios_dir.resolve().parent)
    try:
        targets = load_targets([ctx.scenarios_dir.name + "/"], Path(ctx.scenarios_dir.name), None)
        if targets.diagnostics.has_errors or not targets.scenarios:
            raise RuntimeError(f"`ardojo {' '.join(ANALYZE)}` finds problems")
        report = analyze_library(targets.scenarios, targets.rulebook, gaming_calls=DEFAULT_CALLS, first_seed=FIRST_SEED)
        return RENDERERS["markdown"](report)
    finally:
        os.chdir(here)


def _teaches(ctx: RuleContext) -> list[str]:
    lines = ["## What each call teaches", ""]
    for sid, scenario in ctx.library.scenarios.items():
        lines.append(f"- **{scenario.title}** (`{sid}`, {scenario.archetype}, difficulty {scenario.difficulty}): "
                     f"{TEACHES.get(sid, scenario.summary)}")
    return lines + [""]


def _table(ctx: RuleContext) -> list[str]:
    lines = ["## At a glance", "",
             "| id | title | archetype | difficulty | patience / trust | nodes | paths | best call | best score "
             "| critical replies |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for sid, scenario in ctx.library.scenarios.items():
        result = _analysis(ctx, sid)
        mood = scenario.persona.mood
        title = scenario.title.replace("|", "\\|")
        lines.append(f"| `{sid}` | {title} | {scenario.archetype} | {scenario.difficulty} | "
                     f"{mood['patience']} / {mood['trust']} | {result.nodes} | {result.paths:,} | "
                     f"{result.best.path.decisions} decisions | {result.best.score.overall} | "
                     f"{sum(result.critical.values())} |")
    return lines + ["", "*paths*: distinct paths through the dialogue graph; *best call*: the best call a "
                        "trainee can play, as `ardojo analyze` finds it; *critical replies*: replies marked "
                        "`critical` (an overpromise or unauthorised concession, a threat, an ignored warning sign, "
                        "the account discussed with the wrong person, misstated terms"
                        "), any one of which fails the call whatever its points.", ""]


def _by_difficulty(ctx: RuleContext) -> list[str]:
    lines = ["| difficulty | scenarios | starting patience | starting trust | best call (decisions) |",
             "|---:|---:|---|---|---|"]
    for level in sorted({s.difficulty for s in ctx.library.scenarios.values()}):
        ids = [sid for sid, s in ctx.library.scenarios.items() if s.difficulty == level]
        pat = [ctx.library.scenarios[sid].persona.mood["patience"] for sid in ids]
        tru = [ctx.library.scenarios[sid].persona.mood["trust"] for sid in ids]
        best = [_analysis(ctx, sid).best.path.decisions for sid in ids]
        lines.append(f"| {level} | {len(ids)} | {_span(pat)} | {_span(tru)} | {_span(best)} |")
    return lines + [""]


def _span(values: list[int]) -> str:
    return f"{min(values)}" if min(values) == max(values) else f"{min(values)}–{max(values)}"


def _programs(ctx: RuleContext) -> list[str]:
    programs = ctx.programs.programs
    lines = ["## Programs", "",
             "The onboarding programs in `scenarios/programs/` take a trainee through the library's first",
             "calls, one week at a time (see [programs.md](programs.md)); the follow-up calls are played in a",
             "campaign week ([campaign.md](campaign.md)) or as practice:", ""]
    for program in programs.values():
        steps = []
        for step in program.steps:
            after = f" (after {', '.join(f'`{r}`' for r in step.requires)})" if step.requires else ""
            steps.append(f"`{step.scenario_id}`{after}")
        lines.append(f"- **{program.title}** (`{program.id}`): " + "; ".join(steps) + ".")
    return lines + [""]


def cached_markdown(ctx: RuleContext) -> str:
    """`analyze_markdown`, run once per context (it plays every gaming strategy: tens of seconds)."""
    if "_doc_markdown" not in ctx.__dict__:
        ctx.__dict__["_doc_markdown"] = analyze_markdown(ctx)
    return ctx.__dict__["_doc_markdown"]


def render(ctx: RuleContext) -> str:
    """The whole of docs/library.md."""
    from game.authoring.library_rules import CONTINUATIONS

    later = sum(s.archetype in CONTINUATIONS for s in ctx.library.scenarios.values())
    intro = INTRO.format(regenerate=REGENERATE, count=len(ctx.library.scenarios), analyze=" ".join(ANALYZE),
                         later=f"{later} follow-up call{'s' if later != 1 else ''}")
    parts = [intro, "\n".join(_teaches(ctx)), "\n".join(_table(ctx)), DIFFICULTY + "\n" + "\n".join(_by_difficulty(ctx)),
             "\n".join(_programs(ctx)),
             f"## Analysis\n\nThe output of `ardojo {' '.join(ANALYZE)}`:\n\n" + cached_markdown(ctx)]
    return "\n".join(parts)
