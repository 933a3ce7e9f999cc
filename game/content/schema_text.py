"""The words of the JSON Schemas: a description for every key an editor shows on hover, and snippets.

Keyed `object.key` (and `object` for the object itself), as `game.content.json_schema` asks for them;
generation fails when a loader gains a key that has no description here.
"""

from __future__ import annotations

from game.content.model import CHOICE_DIMENSIONS, DEFAULT_PASS, MARK_KEYS

_THRESHOLD = "Pass mark 0..100 for {dim} (default {default})."
_WRAPUP = "Pass mark 0..100 for the call log written after the call (default {default}): a call whose log scores " \
          "below it, or contradicts what was agreed, does not pass."

DESCRIPTIONS: dict[str, str] = {
    "scenario": "One phone call with a client: persona, account brief and the dialogue graph. "
                "Format: docs/scenario-format.md. Check it with `ardojo validate FILE`.",
    "scenario.format": "The format version this file is written against: 1.",
    "scenario.id": "Unique across the library, kebab-case (lowercase words joined by '-').",
    "scenario.title": "Shown in menus.",
    "scenario.archetype": "The kind of client, e.g. cash-strapped, disputing, evasive.",
    "scenario.difficulty": "1 (easy) to 3 (hard).",
    "scenario.summary": "A one-liner for menus.",
    "scenario.persona": "The client on the line.",
    "scenario.account": "What a prepared caller knows before dialling.",
    "scenario.objective": "What the caller should achieve, shown in the brief.",
    "scenario.start": "The id of the node the call starts at.",
    "scenario.hang_up_when": "The client hangs up as soon as a listed meter is at or below its value after a "
                             "choice that lowers it. Default {patience: 0}.",
    "scenario.hang_up_to": "The ending used for a hang-up. Default: the first ending with commitment none.",
    "scenario.pass": "Pass marks 0..100 (defaults: overall 70, each dimension 50, call log (wrapup) 75).",
    "scenario.pace": "How the client reacts to time in the window (the terminal does not time). Every key is "
                     "optional; defaults by difficulty 1/2/3: wait 30/20/15 s, mood {patience: -5}, "
                     "interrupted {say: \"Sorry, let me finish.\", mood: {patience: -5, trust: -5}}.",
    "pace": "How the client reacts to time: silence and interruptions.",
    "pace.wait": "Seconds of silence after the client's line before they grow impatient, 5..600.",
    "pace.mood": "What each full `wait` of silence costs (at most 3 times per reply), meter: -30..0.",
    "pace.interrupted": "Answering before the client has finished: their line is cut, they say `say`, it "
                        "costs `mood` and breaks do-listen-actively.",
    "pace.interrupted.say": "What the client says when cut off.",
    "pace.interrupted.mood": "What an interruption costs, meter: -30..0.",
    "scenario.nodes": "Node id (kebab-case) -> node. Each node is a client line followed by choices or an ending.",
    "persona": "The client: name, company, voice and starting mood.",
    "persona.name": "The client's name.",
    "persona.company": "The client's company.",
    "persona.role": "The client's role, e.g. Owner, Office Manager.",
    "persona.voice": "Text-to-speech hints.",
    "persona.mood": "Starting meters, integers 0..100. patience and trust are required; other meters "
                    "(lowercase letters and _) may be added and used in conditions.",
    "voice": "Text-to-speech hints for the persona.",
    "voice.rate": "Words per minute, 80..400.",
    "voice.gender": "female or male.",
    "voice.id": "An explicit espeak-ng voice id, e.g. gmw/en-US.",
    "account": "The account brief.",
    "account.terms": "Payment terms, e.g. Net 30.",
    "account.as_of": "The day of the call in the story (YYYY-MM-DD). Days overdue count from it.",
    "account.invoices": "The open invoices, at least one.",
    "account.history": "Payment history, one line each.",
    "account.contact": "Who the caller is phoning.",
    "account.notes": "Notes a prepared caller would have, one line each.",
    "invoice": "One open invoice.",
    "invoice.number": "The invoice number, unique in the account.",
    "invoice.amount": "The amount owed, a number without currency signs, e.g. 2450.00.",
    "invoice.issued": "Issue date, YYYY-MM-DD.",
    "invoice.due": "Due date, YYYY-MM-DD (not before issued).",
    "invoice.note": "What the invoice was for.",
    "pass": "Pass marks, 0..100.",
    "node": "A client line, then 1 to 4 choices or an ending (never both).",
    "node.client": "What the client says at this point of the call.",
    "node.choices": "The caller's replies, 1 to 4.",
    "node.end": "Ends the call here.",
    "choice": "One reply the caller can pick. It lists the rules it follows (`rules`) and/or the rules it breaks "
              "(`breaks`, `critical`); at least one of them.",
    "choice.id": "A stable name for this reply, kebab-case, unique in its node (default: <node id>.<place in the "
                 "file>). Records and transcripts name a reply by it, so keep it when you reorder replies.",
    "choice.say": "What the caller says.",
    "choice.score": "Points for professionalism, empathy and clarity, integers -10..10.",
    "choice.mood": "Changes to the client's meters, integers -100..100 (meters are clamped to 0..100).",
    "choice.rules": "Rule ids from scenarios/rulebook.yaml that this reply FOLLOWS (a `dont-` rule here means it "
                    "kept to that don't). Required unless the reply has `breaks` or `critical`.",
    "choice.breaks": "Rule ids from scenarios/rulebook.yaml that this reply BREAKS. A reply that scores below zero "
                     "should list what it breaks here (`ardojo migrate FILE` moves them from `rules` in older files).",
    "choice.critical": "The rule this reply breaks so badly that a call taking it cannot pass, whatever its points "
                       "(e.g. dont-overpromise for an unauthorised fee waiver). Counted as broken too.",
    "choice.feedback": "Coaching shown in the debrief: why this reply helps or hurts (a warning if missing).",
    "choice.goto": "The next node's id, or a list of routes tried in order; the last route has no `if`.",
    "score": "Points for this reply, integers -10..10. Commitment is scored from the ending.",
    "route": "Go `to` a node when the condition `if` holds.",
    "route.if": "A condition: `meter op number` (op: < <= > >= == !=, number 0..100) joined by `and`, "
                "e.g. \"patience > 20 and trust >= 40\".",
    "route.to": "The node id to go to.",
    "end": "How the call ends.",
    "end.commitment": "What the client agreed to: full, plan, partial, callback or none.",
    "end.amount": "The amount committed, a number >= 0.",
    "end.days": "Days until payment or follow-up, 0..3650 (for a plan: the first payment).",
    "end.instalments": "A plan's payments in date order, each {amount, days}; they add up to `amount` (which may "
                       "be left out). Only for `commitment: plan`.",
    "end.time": "The agreed time of a callback, \"HH:MM\" (24-hour; quote it, or YAML reads 14:30 as a number).",
    "end.closing": "The closing exchange shown before the wrap-up: {caller, client}. Optional: without it (or "
                   "a line of it) the caller recaps the commitment and says goodbye.",
    "closing": "The closing exchange of an ending.",
    "closing.caller": "The caller's closing line (recap and goodbye).",
    "closing.client": "The client's goodbye.",
    "instalment": "One payment of a plan.",
    "instalment.amount": "The amount of this payment, a number without currency signs, at least 0.01.",
    "instalment.days": "Days after the call this payment is due, 0..3650, later than the payment before.",
    "program": "An onboarding program: scenarios in order, attempts and pass marks. Format: docs/programs.md.",
    "program.format": "The program format this file is written against: 1.",
    "program.id": "Unique across the programs folder, kebab-case.",
    "program.title": "Shown to trainees and on the certificate.",
    "program.summary": "Shown on the certificate.",
    "program.attempts": "How many calls on each scenario count (default 3).",
    "program.pass": "Pass marks 0..100; a key left out falls back to the scenario's own.",
    "program.scenarios": "The scenarios in the order trainees take them: an id, or a mapping with `id`.",
    "program.step": "One scenario of the program.",
    "program.step.id": "A scenario id from the library.",
    "program.step.requires": "Scenarios of this program that must be passed first.",
    "program.step.attempts": "How many calls on this scenario count.",
    "program.step.pass": "Pass marks for this scenario only.",
    "program.step.recall": "true: the trainee answers in their own words (replies hidden; docs/recall.md).",
    "program.stuck_after_days": "Days without progress after which a trainee is reported as stuck (default 7).",
    "program.abandon_after_minutes": "Minutes an unfinished call may sit idle before it counts as abandoned "
                                     "(default 60).",
    "program.organisation": "Who runs the program: named, with its logo and signatory, on certificates.",
    "program.organisation.name": "The organisation's name (default AR Dojo).",
    "program.organisation.logo": "A logo image, as a path relative to this program file.",
    "program.organisation.signatory": "The person who signs the certificates.",
    "program.organisation.signatory_title": "The signatory's role, printed under their name.",
    "program.roster": "The trainees the program is for; sign-in then picks a name from this list.",
    "program.member": "One trainee: their name, an email or LMS account for the LRS, and a group.",
    "program.member.name": "The name the trainee signs in with (unique in the roster).",
    "program.member.email": "Their email address (the xAPI actor's mbox).",
    "program.member.account": "Their LMS account (the xAPI actor's account): both `name` and `home_page`.",
    "program.member.account.name": "The account name on the LMS.",
    "program.member.account.home_page": "The LMS's address, e.g. https://lms.example.com.",
    "program.member.group": "The cohort or group, for filtering reports.",
    "rulebook": "The rules of practice every choice cites.",
    "rulebook.format": "The rulebook format: 1.",
    "rulebook.rules": "The rules, each with a unique id.",
    "rule": "One rule of practice, in our own words, citing its sources.",
    "rule.id": "kebab-case; do-... or dont-... by convention.",
    "rule.kind": "do or dont.",
    "rule.title": "A short title shown in the debrief.",
    "rule.summary": "Two or three sentences in our own words.",
    "rule.dimensions": "The dimensions it mainly affects.",
    "rule.sources": "The articles and sections it comes from, at least one.",
    "rule.source": "One article section.",
    "rule.source.article": "The article's title.",
    "rule.source.section": "The section's heading.",
}
for _prefix in ("pass", "program.pass"):
    for _dim in MARK_KEYS:
        _text = _WRAPUP if _dim == "wrapup" else _THRESHOLD
        DESCRIPTIONS[f"{_prefix}.{_dim}"] = _text.format(dim=_dim, default=DEFAULT_PASS[_dim])
for _dim in CHOICE_DIMENSIONS:
    DESCRIPTIONS[f"score.{_dim}"] = f"Points for {_dim}, -10..10."

#: VS Code snippets (`defaultSnippets`) offered when adding a node or a choice.
SNIPPETS: dict[str, list[dict]] = {
    "choice": [{"label": "choice", "description": "a reply with score, the rules it follows, feedback and goto",
                "body": {"say": "$1", "score": {"professionalism": 1, "empathy": 0, "clarity": 1},
                         "rules": ["$2"], "feedback": "$3", "goto": "$4"}},
               {"label": "poor choice", "description": "a reply that breaks a rule: negative score and `breaks`",
                "body": {"say": "$1", "score": {"professionalism": -1, "empathy": -1, "clarity": 0},
                         "breaks": ["$2"], "feedback": "$3", "goto": "$4"}}],
    "node": [{"label": "node with choices", "body": {"client": "$1", "choices": []}},
             {"label": "ending", "body": {"client": "$1", "end": {"commitment": "none"}}}],
}

#: What an editor says when a value does not match a pattern (yaml-language-server shows
#: `patternErrorMessage` instead of the raw regular expression), keyed by the pattern's name in
#: `game.content.json_schema.PATTERNS`; generation fails when a pattern has no message here.
PATTERN_MESSAGES: dict[str, str] = {
    "nonblank": "Write some text here: it may not be blank.",
    "date": "Write a date as YYYY-MM-DD, e.g. 2026-11-23.",
    "meter": "A meter name is lowercase letters and '_', e.g. patience, trust or calm_level.",
    "condition": "Write a condition as `meter op number` (number 0..100), joined by `and`, e.g. "
                 "`patience > 20 and trust >= 40`; operators: {operators}.",
    "kebab": "Write an id in kebab-case: lowercase letters and digits, words joined by '-', e.g. sunrise-bakery.",
    "choice-id": "Write a choice id in kebab-case (lowercase words joined by '-', e.g. ask-for-date), or leave it out.",
    "time": "Write the time as \"HH:MM\" on a 24-hour clock, in quotes, e.g. \"14:30\".",
    "url": "Write a web address starting with http:// or https://.",
    "email": "Write an email address, e.g. sam@example.com.",
}

#: `errorMessage` (yaml-language-server shows it for a wrong type) of the text fields: text is
#: written as is; only `true`/`false` and mappings or lists are not text.
TEXT_ERROR_MESSAGE = ("Write text here (numbers are read as written). true, false, a list or a mapping is not "
                      "text: quote it, e.g. \"true\".")
