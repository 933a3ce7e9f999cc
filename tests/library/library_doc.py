"""Writes docs/library.md (the generator is game/authoring/library_doc.py, which `ardojo validate
--library` checks against): a short hand-written guide to the scenario library (what each call teaches,
a table of measures, the difficulty convention, the programs) followed by the exact output of
`ardojo analyze --format markdown scenarios/`, run from the repository root.

    .venv/bin/python tests/library/library_doc.py            # rewrite docs/library.md
    .venv/bin/python tests/library/library_doc.py --check    # exit 1 if it is out of date

tests/library/test_library_doc.py fails when the checked-in file differs from what this writes, so a
scenario change that alters outcomes shows up in review.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script
    sys.path.insert(0, str(HERE))

from game.authoring import library_doc  # noqa: E402
from library_calls import ROOT, rules  # noqa: E402

DOC = ROOT / "docs" / library_doc.DOC_NAME
ANALYZE = library_doc.ANALYZE
REGENERATE = library_doc.REGENERATE
TEACHES = library_doc.TEACHES


def analyze_markdown() -> str:
    """Exactly what `ardojo analyze --format markdown scenarios/` prints from the repository root."""
    return library_doc.analyze_markdown(rules())


def render() -> str:
    """The whole of docs/library.md, as the library rule `library-doc` expects it."""
    return library_doc.render(rules())


def main(argv: list[str]) -> int:
    """Write docs/library.md, or with `--check` report whether it is up to date."""
    text = render()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC.relative_to(ROOT)} is out of date; run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
