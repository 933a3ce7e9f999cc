"""`ardojo new`: each archetype's starter validates clean with --strict and plays through each of its
endings (scripted `ardojo play --text`); existing files are never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import ardojo
from game.authoring.starters import STARTERS

ARCHETYPES = [a for a in STARTERS if a != "general"] + ["angry-but-fair"]


def play(folder: Path, file: str, replies: str) -> str:
    done = ardojo("play", "--text", "--in-order", "--name", "Sam", file, cwd=folder, stdin="\n" + replies + "\n" * 8)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def reasons(transcript: str) -> list[str]:
    """The verdict's reasons printed under the debrief's title."""
    head = transcript.split("DEBRIEF", 1)[1].split("  Scores", 1)[0]
    return [line.strip() for line in head.splitlines() if line.startswith("  - ")]


def outcome(transcript: str) -> str:
    return next(line for line in transcript.splitlines() if line.startswith("Outcome: ")).split(".")[0]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_starter_validates_clean_and_plays_every_ending(tmp_path: Path, archetype: str) -> None:
    done = ardojo("new", "--archetype", archetype, "my-call", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"wrote my-call.yaml (starter scenario 'my-call', archetype {archetype}); "
                           "next: ardojo validate my-call.yaml --strict\n")
    text = (tmp_path / "my-call.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    done = ardojo("validate", "--strict", "my-call.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert done.stdout == "ok: 2 files checked, 1 scenario valid, 0 errors, 0 warnings\n"
    words = STARTERS.get(archetype, STARTERS["general"])
    best = play(tmp_path, "my-call.yaml", "1\n1\n1\n")
    # the model call: nothing to fail it but the call log, which this script leaves unwritten
    assert reasons(best) == ["- no call log: the call was not documented"]
    assert outcome(best) != "Outcome: no commitment"
    assert f'"{words["commit_line"]}"' in best
    assert outcome(play(tmp_path, "my-call.yaml", "1\n1\n2\n")) == "Outcome: a dated follow-up"
    hostile = play(tmp_path, "my-call.yaml", "3\n")
    assert outcome(hostile) == "Outcome: no commitment" and f'"{words["hang_up_line"]}"' in hostile
    # the conditional route: pushing after the good opener keeps the client (patience 30 > 25) ...
    assert outcome(play(tmp_path, "my-call.yaml", "1\n2\n1\n")) == outcome(best)
    # ... after the poor opener it does not (patience 20)
    assert outcome(play(tmp_path, "my-call.yaml", "2\n2\n")) == "Outcome: no commitment"


def test_starter_texts_and_comments() -> None:
    from game.authoring.templates import render_starter
    text = render_starter("evasive", "my-call", Path("scenarios/my-call.yaml"))
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../game/content/schema/scenario.schema.json"
    for section in ("About the call", "The client", "account brief", "How the call runs", "The dialogue",
                    "Endings"):
        assert f"# --- {section}" in text or section in text
    assert text.count("\n  ") > 40 and len([l for l in text.splitlines() if l.lstrip().startswith("#")]) >= 12


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("my work\n", encoding="utf-8")
    done = ardojo("new", "--archetype", "evasive", "mine", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == "error: mine.yaml already exists; choose another name or -o FILE (nothing was written)\n"
    assert (tmp_path / "mine.yaml").read_text(encoding="utf-8") == "my work\n"


def test_new_with_output_path_and_bad_names(tmp_path: Path) -> None:
    done = ardojo("new", "corner-shop", "-o", "sub/corner.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("error: cannot write sub/corner.yaml: ")
    (tmp_path / "sub").mkdir()
    assert ardojo("new", "corner-shop", "-o", "sub/corner.yaml", cwd=tmp_path).returncode == 0
    text = (tmp_path / "sub" / "corner.yaml").read_text(encoding="utf-8")
    assert "id: corner-shop " in text and 'archetype: "general"' in text
    done = ardojo("new", "Corner Shop", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == ("error: the scenario name must be kebab-case (lowercase words joined by '-'), got "
                           "'Corner Shop'; try 'corner-shop'\n")
