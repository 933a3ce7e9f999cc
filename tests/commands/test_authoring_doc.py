"""docs/authoring.md, followed as written: its files are written, its edits applied and its commands
run in order in a scratch folder, and every output it shows must be exactly what the command prints.

Markers in the page: `<!-- file: NAME -->` before a ```yaml block writes it (its schema line is
rewritten for the scratch folder); `<!-- edit: NAME -->` before a ```diff block applies it; a ```sh
block runs line by line unless `<!-- skip -->` precedes it; a ```text block right after a ```sh block
is the output (stdout and stderr) the last command must print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from cli_helpers import ROOT, shell
from game.content.lint import SCHEMA_PREFIX, schema_line

DOC = ROOT / "docs" / "authoring.md"


@dataclass
class Block:
    lang: str
    body: str
    marker: str  # the HTML comment right before the fence ('' when none)
    line: int


def blocks(text: str) -> list[Block]:
    out, lines, i, marker = [], text.splitlines(), 0, ""
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("```"):
            lang, start, body = stripped[3:].strip(), i + 1, []
            i += 1
            while not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            out.append(Block(lang, "\n".join(body) + "\n", marker, start))
            marker = ""
        elif stripped.startswith("<!--"):
            marker = stripped.removeprefix("<!--").split("-->")[0].strip()
        elif stripped:
            marker = ""
        i += 1
    return out


def apply_diff(text: str, diff: str) -> str:
    old = [line[1:] for line in diff.splitlines() if line[:1] in (" ", "-")]
    new = [line[1:] for line in diff.splitlines() if line[:1] in (" ", "+")]
    before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
    assert text.count(before) == 1, f"the edit does not match the file once:\n{before}"
    return text.replace(before, after)


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    work = tmp_path / "my-scenarios"
    work.mkdir()
    found = blocks(DOC.read_text(encoding="utf-8"))
    ran = 0
    for index, block in enumerate(found):
        where = f"docs/authoring.md:{block.line}"
        if block.marker.startswith("file:"):
            path = work / block.marker.split(":", 1)[1].strip()
            body = block.body
            if body.startswith(SCHEMA_PREFIX):
                body = schema_line(path) + "\n" + body.split("\n", 1)[1]
            path.write_text(body, encoding="utf-8")
        elif block.marker.startswith("edit:"):
            path = work / block.marker.split(":", 1)[1].strip()
            path.write_text(apply_diff(path.read_text(encoding="utf-8"), block.body), encoding="utf-8")
        elif block.lang == "sh" and block.marker != "skip":
            expected = found[index + 1].body if index + 1 < len(found) and found[index + 1].lang == "text" and \
                found[index + 1].line <= block.line + block.body.count("\n") + 4 else None
            for command in [c for c in block.body.splitlines() if c.strip() and not c.startswith("#")]:
                done = shell(command, work)
                ran += 1
                assert "Traceback" not in done.stderr, (where, command, done.stderr)
                output = done.stdout + done.stderr
                if expected is not None:
                    assert output == expected, f"{where}: `{command}` printed:\n{output}"
                else:
                    assert done.returncode == 0, (where, command, output)
                    if " play " in command:
                        assert "DEBRIEF" in done.stdout
    assert ran >= 9


def test_the_doc_mentions_every_warning_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    lint_source = (ROOT / "game" / "content" / "lint.py").read_text(encoding="utf-8")
    for code in set(re.findall(r'code="([a-z-]+)"', lint_source)) | {"no-feedback"}:
        assert f"`{code}`" in text, code
