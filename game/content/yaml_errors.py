"""A YAML syntax error as an author needs it: where the mistake was made, what it is, how to fix it.

The parser stops where it notices trouble (`problem_mark`), which for an unclosed `[`, `{` or quote is
often many lines later, at the end of the file or at the next key. It also knows where the construct
it was reading opened (`context_mark`). `explain` turns both, and a look at the text, into one error
at the mistake, with a hint for that kind of mistake and a note saying where the parser noticed.
Works the same for libyaml and the pure-Python parser (their wording differs; the marks do not).
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from game.content.diagnostics import SourcePos


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """One syntax error, ready for `Diagnostics.error`."""

    pos: SourcePos
    message: str
    hint: str
    code: str
    note: str = ""


def _at(file: str, mark: yaml.Mark) -> SourcePos:
    return SourcePos(file, mark.line + 1, mark.column + 1)


def _noticed(mark: yaml.Mark | None, pos: SourcePos) -> str:
    if mark is None or (mark.line + 1, mark.column + 1) == (pos.line, pos.col):
        return ""
    return f"the parser noticed it at line {mark.line + 1}, column {mark.column + 1}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_line_before(lines: list[str], index: int) -> int:
    """The index of the nearest line before `index` that is not blank or a comment, or -1."""
    for i in range(index - 1, -1, -1):
        stripped = lines[i].strip()
        if stripped and not stripped.startswith("#"):
            return i
    return -1


def _tab_problem(lines: list[str], index: int, file: str) -> SyntaxProblem | None:
    """A tab in the indentation of line `index` or the content line before it."""
    for i in (index, _content_line_before(lines, index)):
        if 0 <= i < len(lines):
            line = lines[i]
            lead = line[:len(line) - len(line.lstrip(" \t"))]
            if "\t" in lead:
                return SyntaxProblem(SourcePos(file, i + 1, lead.index("\t") + 1),
                                     "YAML syntax error: a tab is used for indentation",
                                     "YAML indents with spaces only: replace the tab with spaces "
                                     "(set your editor to insert spaces)", "syntax-tab")
    return None


def _quote_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> SyntaxProblem:
    """Inside a quoted text: never closed, or a bad escape."""
    mark = exc.context_mark
    problem = exc.problem or ""
    if ("escape" in problem or "hexdecimal" in problem) and exc.problem_mark is not None:
        at = exc.problem_mark
        backslash = text.rfind("\\", text.rfind("\n", 0, at.index) + 1, at.index + 1)  # the escape's start
        pos = SourcePos(file, at.line + 1, at.column + 1 - (at.index - backslash) if backslash >= 0 else at.column + 1)
        return SyntaxProblem(pos, "YAML syntax error: an unknown escape (a backslash) in double-quoted text",
                             "write a backslash as \\\\, or use single quotes, where \\ is an ordinary character",
                             "syntax-escape", f"the text opens at line {mark.line + 1}, column {mark.column + 1}"
                             if mark is not None else "")
    pos = _at(file, mark)
    quote = text[mark.index] if 0 <= mark.index < len(text) else '"'
    if quote == "'":
        what, hint = "single quote", ("end the text with ' on the same line it starts; to write an apostrophe "
                                      "inside single quotes, double it ('') or quote the text with \" instead")
    else:
        what, hint = "double quote", ('end the text with a closing " (on the line it starts, for a short text); '
                                      'to write " inside it, write \\" instead')
    return SyntaxProblem(pos, f"YAML syntax error: unclosed {what}: the text that starts here never ends",
                         hint, "syntax-unclosed-quote", _noticed(exc.problem_mark, pos))


def _after_closing_quote(lines: list[str], exc: yaml.MarkedYAMLError, file: str) -> SyntaxProblem | None:
    """`say: 'it's fine'`: text right after a closing quote; the quote before it is the mistake."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    before = lines[mark.line][:mark.column].rstrip()
    if not before or before[-1] not in "'\"":
        return None
    quote = before[-1]
    opening = before.find(quote)
    if opening == len(before) - 1:
        return None
    pos = SourcePos(file, mark.line + 1, len(before))
    inner = "an apostrophe" if quote == "'" else 'a "'
    hint = ("double the apostrophe ('') or quote the whole text with \" instead" if quote == "'"
            else 'write the inner " as \\" or quote the whole text with \' instead')
    return SyntaxProblem(pos, f"YAML syntax error: {inner} inside quoted text ends it here, and the rest of the "
                         "line is left over", hint, "syntax-quote-inside", _noticed(mark, pos))


def _colon_problem(lines: list[str], exc: yaml.MarkedYAMLError, file: str) -> SyntaxProblem | None:
    """'mapping values are not allowed here': a key without its colon above, a line indented too
    far under `key: value`, or `: ` inside an unquoted value."""
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    head = line[:mark.column]
    if ": " in head.strip() or head.rstrip().endswith(":"):
        pos = _at(file, mark)
        return SyntaxProblem(pos, "YAML syntax error: ': ' inside an unquoted value starts a new key",
                             "quote the whole value, e.g. `say: \"Hello: it's Dana\"`", "syntax-colon-in-text")
    prev = _content_line_before(lines, mark.line)
    if prev < 0:
        return None
    above = lines[prev]
    here = _indent(line)
    if here > _indent(above) and ":" in above:
        pos = SourcePos(file, mark.line + 1, here + 1)
        key = above.strip().split(":", 1)[0]
        return SyntaxProblem(pos, "YAML syntax error: bad indentation: this line is indented further than the "
                             f"key '{key}' above it, which already has a value",
                             f"line it up with `{key}:`, or put `{key}:` alone on its line to nest keys under it",
                             "syntax-indentation", _noticed(mark, pos))
    if here == _indent(above) and ":" not in above.split("#", 1)[0]:
        pos = SourcePos(file, prev + 1, _indent(above) + 1)
        word = above.strip().split()[0] if above.strip() else ""
        return SyntaxProblem(pos, "YAML syntax error: missing ':' after a key",
                             f"write `{word}: ...` with a colon and a space after the key", "syntax-missing-colon",
                             _noticed(mark, pos))
    return None


def _block_problem(lines: list[str], exc: yaml.MarkedYAMLError, file: str) -> SyntaxProblem | None:
    """A line that does not line up with the keys or items of the block it ends up in."""
    mark = exc.problem_mark
    if mark is None:
        return None
    pos = _at(file, mark)
    ctx = exc.context_mark
    note = f"the parser was reading the block that starts at line {ctx.line + 1}" if ctx is not None else ""
    prev = _content_line_before(lines, mark.line) if mark.line < len(lines) else -1
    above = f" (the line above is indented {_indent(lines[prev])})" if prev >= 0 else ""
    return SyntaxProblem(pos, "YAML syntax error: bad indentation: this line does not line up with the keys or "
                         "items above it", "indent it exactly as far as the other keys (or `- ` items) of the same "
                         f"mapping or list, with spaces{above}", "syntax-indentation", note)


def explain(exc: yaml.MarkedYAMLError, text: str, file: str, max_depth: int = 64) -> SyntaxProblem:
    """The syntax error `exc` (raised while parsing `text`) at the author's mistake; see the module.
    `max_depth` is the reader's nesting bound, named when libyaml's own, deeper one stops it first."""
    lines = text.split("\n")
    context = exc.context or ""
    problem = exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    if "nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
        return SyntaxProblem(_at(file, mark) if mark is not None else SourcePos(file, 1, 1),
                             f"the YAML is nested more than {max_depth} levels deep", "scenario files need only a few "
                             "levels; look for a runaway run of '[' or '{'", "nesting")
    if mark is not None:
        tab = _tab_problem(lines, mark.line, file) if ("tab" in problem or "token" in problem
                                                         or "indentation" in problem or "block" in context
                                                         or "expected key" in problem) else None
        if tab is not None:
            tab = SyntaxProblem(tab.pos, tab.message, tab.hint, tab.code, _noticed(exc.problem_mark, tab.pos))
            return tab
    if exc.context_mark is not None:
        opened = _at(file, exc.context_mark)
        if "flow sequence" in context:
            return SyntaxProblem(opened, "YAML syntax error: unclosed '[': the list that opens here is never "
                                 "closed with ']'", "close it with ] after its last item, and separate items with "
                                 "commas (or write a `- ` line per item)", "syntax-unclosed-bracket",
                                 _noticed(exc.problem_mark, opened))
        if "flow mapping" in context:
            return SyntaxProblem(opened, "YAML syntax error: unclosed '{': the mapping that opens here is never "
                                 "closed with '}'", "close it with } after its last `key: value`, and separate "
                                 "them with commas", "syntax-unclosed-brace", _noticed(exc.problem_mark, opened))
        if "quoted scalar" in context:
            return _quote_problem(exc, text, file)
        if "simple key" in context:
            word = lines[exc.context_mark.line].strip().split()[0] if exc.context_mark.line < len(lines) \
                and lines[exc.context_mark.line].strip() else "key"
            return SyntaxProblem(opened, "YAML syntax error: missing ':' after a key",
                                 f"write `{word}: ...` with a colon and a space after the key",
                                 "syntax-missing-colon", _noticed(exc.problem_mark, opened))
    found = None
    if "mapping values are not allowed" in problem:
        found = _colon_problem(lines, exc, file)
    elif "expected key" in problem or "expected <block end>" in problem or "expected '-'" in problem \
            or "block end" in problem:
        found = _after_closing_quote(lines, exc, file) or _block_problem(lines, exc, file)
    elif "cannot start any token" in problem and mark is not None and mark.line < len(lines):
        char = lines[mark.line][mark.column:mark.column + 1]
        if char in ("@", "`", "%"):
            pos = _at(file, mark)
            found = SyntaxProblem(pos, f"YAML syntax error: an unquoted value cannot start with '{char}'",
                                  f"quote the value, e.g. \"{char}...\"", "syntax-reserved-char")
    if found is not None:
        return found
    pos = _at(file, mark) if mark is not None else SourcePos(file, 1, 1)
    words = f"{context}, {problem}" if context else (problem or "invalid YAML")
    note = ""
    if exc.context_mark is not None and mark is exc.problem_mark:
        note = f"the construct it was reading starts at line {exc.context_mark.line + 1}, column " \
               f"{exc.context_mark.column + 1}"
    return SyntaxProblem(pos, f"YAML syntax error: {' '.join(words.split())}",
                         "check indentation, colons and quotes on this line", "syntax", note)
