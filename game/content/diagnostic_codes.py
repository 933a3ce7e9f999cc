"""Every diagnostic `code` the loaders and checks can give, with its one-line meaning.

A code is a stable name for a kind of problem (`validate --format json` shows it; editors and scripts
may filter on it). docs/authoring.md lists every one (tests/content/test_diagnostic_codes.py checks that
the source gives no code that is missing here or there).
"""

from __future__ import annotations

#: The code of a diagnostic created without one.
FALLBACK_CODE = "other"

CODES: dict[str, str] = {
    # reading the file
    "encoding": "the file is not readable UTF-8 text (a folder, binary data, another encoding, unreadable)",
    "empty-file": "the file holds no YAML mapping at all",
    "size": "the file, or the document once aliases are expanded, is over the size limit",
    "nesting": "mappings and lists are nested deeper than the limit",
    "control-character": "a character YAML or a screen cannot take safely (NUL, ESC, direction overrides)",
    "too-long": "one text value is over the length limit",
    # YAML syntax
    "syntax": "YAML syntax error of no more specific kind below",
    "syntax-unclosed-bracket": "a `[` list is never closed with `]`",
    "syntax-unclosed-brace": "a `{` mapping is never closed with `}`",
    "syntax-unclosed-quote": "a quoted text is never closed with its quote",
    "syntax-quote-inside": "a quote inside quoted text ended it early (e.g. an apostrophe in single quotes)",
    "syntax-escape": "an unknown backslash escape inside double quotes",
    "syntax-tab": "a tab used for indentation (YAML indents with spaces only)",
    "syntax-missing-colon": "a key without the `:` after it",
    "syntax-colon-in-text": "an unquoted value contains `: `, which YAML reads as a new key",
    "syntax-indentation": "a line is indented differently from the keys or items it belongs with",
    "syntax-reserved-char": "an unquoted value starts with a character YAML reserves (`@`, backquote, `%`)",
    "duplicate-key": "the same key twice in one mapping (YAML would silently keep the last)",
    "anchor": "a duplicate anchor, or an alias that repeats no anchor before it",
    "key": "a mapping, list or alias where a plain key belongs",
    "tag": "a YAML tag (`!!python/...`, `!!binary`, ...) that is not plain data",
    "value": "a value its tag cannot read, e.g. `!!int abc`",
    # shape and types
    "type": "a value of the wrong type (text where a number is needed, a list where a mapping is, ...)",
    "coercion": "a value YAML would silently change (leading zeros, yes/no/on/off, dates, floats as ids)",
    "missing-key": "a required key is missing or empty",
    "unknown-key": "a key this mapping does not have (with a did-you-mean, and the required key it stands for)",
    "range": "a number outside its allowed range, or dates in the wrong order",
    "enum": "a word that is not one of the allowed values (commitment, voice gender, ...)",
    "id": "an id that is not kebab-case, or a meter name that is not lowercase",
    "format": "the file is written for another format version",
    "node-shape": "a node with both or neither of `choices` and `end`",
    "duplicate-id": "two choices, invoices, programs or program steps with the same id",
    "duplicate-say": "two replies of a node that say the same",
    "ending": "an ending's instalments do not fit its commitment, amount or days",
    "ending-time": "a `time` on an ending that is not a callback",
    "rules": "a reply that both follows and breaks the same rule",
    "rules-breaks": "a reply that scores below zero but lists no broken rule",
    "unknown-rule": "a rule id the rulebook does not have",
    "unknown-meter": "a meter the persona's mood does not declare",
    "condition": "a route condition that cannot be read",
    "condition-never": "a route condition that can never hold for any meter value",
    "route": "routes in the wrong order (an unconditional route before the last, or a last route with `if`)",
    "route-never": "a route no call can take",
    "route-always": "a route that always holds, so the routes after it are never taken",
    # the graph
    "missing-node": "a `goto`, `start` or `hang_up_to` naming a node that does not exist",
    "unreachable": "a node no call can reach from the start node",
    "unreachable-meters": "an ending (e.g. the hang-up) that no reply's mood changes can bring about",
    "dead-end": "a node from which no call can reach an ending",
    "loop": "the dialogue can go round in a loop",
    "hang-up": "the hang-up rule cannot work (no hang-up ending, or the client starts hung up)",
    "no-commitment": "no ending with a commitment can be reached",
    "no-good-reply": "every reply of a node is critical, breaks a rule or scores below zero",
    "critical-scores": "a critical reply that still scores well",
    "no-feedback": "a reply without feedback for the trainee",
    "schema-line": "the file does not start with the schema line editors use",
    # exact analysis over (node, meters) states (`validate --strict`)
    "reach-limit": "too many (node, meters) states for the exact checks; only the per-meter checks were made",
    "dominated": "a reply no better than another of the same node that leads to the same nodes",
    "trap-unreached": "a critical reply (a trap) in a node no call reaches",
    "choice-blocked": "a reply every call that takes it hangs up on, whatever its goto says",
    "route-unreachable": "a route no call takes (an earlier route or the hang-up is always taken first)",
    "ending-unreachable": "an ending no call can reach",
    "best-fails": "even the best call the scenario allows does not pass",
    "commitment-unpassable": "an ending with a commitment that no passing call reaches",
    # programs and the library
    "missing-scenario": "a program or a campaign names a scenario the library does not have",
    "cycle": "a program's `requires` go round in a circle",
    "order": "a program lists a scenario before one it requires",
    "missing-file": "a file a program names (its organisation's logo) is not there",
    "no-scenarios": "nothing to validate: no scenario files at the path given",
    "library-not-run": "`validate --library` did not run the library rules, because of errors in the files",
    "recall-too-close": "(`--library`, warning) two replies of a node too alike to tell apart in recall mode",
    # campaigns (docs/campaign.md)
    "campaign-size": "a campaign lists fewer or more accounts than a week's worklist holds (8 to 15)",
    "campaign-calendar": "a campaign starts on a Saturday or a Sunday",
    "campaign-balance": "a campaign account's scenario owes nothing, so the ledger has no balance to share out",
    "campaign-dates": "a campaign account's last contact is not before the week starts",
    "campaign-slots": "(warning) a campaign day has a slot for every account, so nothing needs prioritising",
    "campaign-client": "(warning) a campaign account's later call is with another client, or two accounts are one client",
    "campaign-no-follow-up": "(warning) a campaign account has no follow_up scenario: its second call replays its first",
    FALLBACK_CODE: "a problem not yet given its own code",
}


def meaning(code: str) -> str:
    """The one-line meaning of `code`, or '' when it is not a registered code."""
    return CODES.get(code, "")
