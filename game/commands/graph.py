"""`ardojo graph`: draw a scenario's dialogue as a Mermaid or Graphviz DOT diagram."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.authoring.targets import load_targets
from game.commands.common import print_problems, scenario_options

#: Diagram languages (game.authoring.graph is imported only when the command runs: it pulls in
#: transitions' diagram extension, which costs every other command ~50 ms at start-up).
FORMATS = ("mermaid", "dot")
#: File suffixes that choose the format when --format is not given.
SUFFIX_FORMATS = {".mmd": "mermaid", ".mermaid": "mermaid", ".md": "mermaid", ".dot": "dot", ".gv": "dot"}


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("graph", help="draw a scenario's dialogue as a diagram",
                         description="Draw a scenario's dialogue as a diagram: nodes show the start of the client's "
                                     "line, arrows the choice number, its start and its score, endings are coloured "
                                     "by commitment. Mermaid needs nothing installed (paste it into a Markdown file "
                                     "or mermaid.live); DOT renders with Graphviz: dot -Tsvg x.dot -o x.svg.")
    cmd.add_argument("scenario", help="scenario file or id")
    cmd.add_argument("--format", choices=FORMATS, default=None,
                     help="diagram language (default: from the -o suffix .mmd/.md/.dot/.gv, else mermaid)")
    cmd.add_argument("-o", "--output", type=Path, metavar="FILE",
                     help="write to FILE (a .md file gets a ```mermaid fence) instead of printing")
    scenario_options(cmd)
    cmd.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    targets = load_targets([args.scenario], args.scenarios, args.rulebook)
    if targets.diagnostics.has_errors or not targets.scenarios:
        print_problems(targets.diagnostics, sys.stderr)
        print(f"error: cannot draw '{args.scenario}': fix the problems above (`ardojo validate` lists them all)",
              file=sys.stderr)
        return 1
    suffix = args.output.suffix.lower() if args.output else ""
    fmt = args.format or SUFFIX_FORMATS.get(suffix, "mermaid")
    from game.authoring.graph import render_graph

    text = render_graph(targets.scenarios[0], fmt)
    if suffix == ".md" and fmt == "mermaid":
        text = f"```mermaid\n{text}```\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.output} ({fmt}, {len(targets.scenarios[0].nodes)} nodes)", file=sys.stderr)
    return 0
