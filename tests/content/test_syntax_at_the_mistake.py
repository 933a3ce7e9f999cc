"""YAML syntax errors are reported where the author made the mistake (where the unclosed `[`, `{` or
quote opened, the key that lost its colon, the tab), with a hint for that kind of mistake and, as a
note, where the parser noticed: one broken scenario per construct, with libyaml and the pure-Python
parser alike. Line numbers refer to content_helpers.BASE."""

from __future__ import annotations

import pytest
import yaml

from content_helpers import BASE, edit, load
from game.content import yaml_source

LOADERS = [pytest.param(getattr(yaml, "CSafeLoader", yaml.SafeLoader), id="libyaml"),
           pytest.param(yaml.SafeLoader, id="pure-python")]

# name: (broken text, (line, col) of the mistake, code, a phrase of the message, a phrase of the hint)
CASES = {
    "unclosed-bracket": (edit("rules: [do-stay-professional]", "rules: [do-stay-professional"), (23, 16),
                         "syntax-unclosed-bracket", "unclosed '['", "close it with ]"),
    "unclosed-bracket-last-line": (BASE.rstrip("\n") + "\n    notes: [one, two\n", (38, 12),
                                   "syntax-unclosed-bracket", "unclosed '['", "close it with ]"),
    "unclosed-brace": (edit("score: {professionalism: 1, clarity: 1}", "score: {professionalism: 1, clarity: 1"),
                       (21, 16), "syntax-unclosed-brace", "unclosed '{'", "close it with }"),
    "unclosed-double-quote": (edit("client: Hello?", 'client: "Hello?'), (18, 13), "syntax-unclosed-quote",
                              "unclosed double quote", 'end the text with a closing "'),
    "unclosed-single-quote": (edit("client: Fine, Friday.", "client: 'Fine, Friday."), (33, 13),
                              "syntax-unclosed-quote", "unclosed single quote", "double it ('')"),
    "apostrophe-in-single-quotes": (edit("feedback: Named yourself and the reason.",
                                         "feedback: 'Named yourself's reason.'"), (24, 34),
                                    "syntax-quote-inside", "an apostrophe inside quoted text ends it",
                                    "double the apostrophe ('')"),
    "tab-indentation": (edit("  company: Sunrise", "\tcompany: Sunrise"), (8, 1), "syntax-tab",
                        "a tab is used for indentation", "YAML indents with spaces only"),
    "tab-after-spaces": (edit("    client: Fine, Friday.", "  \tclient: Fine, Friday."), (33, 3), "syntax-tab",
                         "a tab is used for indentation", "replace the tab with spaces"),
    "missing-colon-nested": (edit("client: Hello?", "client Hello?"), (18, 5), "syntax-missing-colon",
                             "missing ':' after a key", "write `client: ...`"),
    "missing-colon-top": (edit("title: Tiny call", "title Tiny call"), (3, 1), "syntax-missing-colon",
                          "missing ':' after a key", "write `title: ...`"),
    "duplicate-key": (edit("title: Tiny call\n", "title: Tiny call\ntitle: Again\n"), (4, 1), "duplicate-key",
                      "duplicate key 'title' (first at line 3)", "YAML would silently keep only the last one"),
    "indented-too-far": (edit("  company: Sunrise", "   company: Sunrise"), (8, 4), "syntax-indentation",
                         "indented further than the key 'name' above it", "line it up with `name:`"),
    "indented-too-little": (edit("  company: Sunrise", " company: Sunrise"), (8, 2), "syntax-indentation",
                            "does not line up with the keys or items above it", "the line above is indented 2"),
    "list-item-misaligned": (edit("      - say: Pay up.", "     - say: Pay up."), (26, 6), "syntax-indentation",
                             "does not line up", "indent it exactly as far as the other keys (or `- ` items)"),
    "colon-in-text": (edit("say: Pay up.", "say: Pay up: now"), (26, 20), "syntax-colon-in-text",
                      "': ' inside an unquoted value", "quote the whole value"),
    "reserved-character": (edit("client: Hello?", "client: @Hello?"), (18, 13), "syntax-reserved-char",
                           "cannot start with '@'", 'quote the value'),
    "bad-escape": (edit("client: Hello?", 'client: "C:\\Users"'), (18, 16), "syntax-escape",
                   "an unknown escape", "write a backslash as \\\\"),
}


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("case", list(CASES))
def test_each_syntax_mistake_is_reported_where_it_was_made(monkeypatch, loader, case):
    text, (line, col), code, message, hint = CASES[case]
    monkeypatch.setattr(yaml_source, "Loader", loader)
    result = load(text)
    assert result.scenario is None
    assert len(result.diagnostics.items) == 1, [d.format() for d in result.diagnostics.items]
    found = result.diagnostics.items[0]
    assert (found.pos.line, found.pos.col) == (line, col), found.format()
    assert found.code == code
    assert message in found.message and hint in found.hint, found.format()


@pytest.mark.parametrize("loader", LOADERS)
def test_the_note_says_where_the_parser_noticed_an_unclosed_construct(monkeypatch, loader):
    monkeypatch.setattr(yaml_source, "Loader", loader)
    text = edit("rules: [do-stay-professional]", "rules: [do-stay-professional")
    found = load(text).diagnostics.items[0]
    # the parser only stops at the next line's `feedback:`; the error is at the '[' of line 23
    assert found.note == "the parser noticed it at line 24, column 17"
    assert found.format().startswith("s.yaml:23:16: error: YAML syntax error: unclosed '['")
    assert found.format().endswith("(note: the parser noticed it at line 24, column 17)")


def test_the_position_is_the_opening_wherever_it_is(monkeypatch):
    """Not one example: an unclosed `[` on any list line is reported on that line, at its column."""
    lines = BASE.splitlines()
    flow = [n for n, text in enumerate(lines) if text.rstrip().endswith("]") and "[" in text]
    assert len(flow) >= 2
    for n in flow:
        broken = lines.copy()
        broken[n] = broken[n].rstrip()[:-1]
        found = load("\n".join(broken) + "\n").diagnostics.items
        assert [(d.code, d.pos.line, d.pos.col) for d in found] == \
            [("syntax-unclosed-bracket", n + 1, lines[n].index("[") + 1)]
