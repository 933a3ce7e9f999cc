"""`ardojo analyze`: paths, score bounds, the best playable call, call lengths, rules and dominated
choices of scenarios, computed over their graphs; and how fixed strategies (first on screen, longest,
most mood, random) fare when played through the engine (`game.authoring.gaming`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.authoring.analysis import analyze_library
from game.authoring.gaming import DEFAULT_CALLS, FIRST_SEED
from game.authoring.analysis_report import FORMATS, RENDERERS
from game.authoring.targets import load_targets
from game.commands.common import print_problems, scenario_options
from game.recall.errors import RecallUnavailable


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("analyze", help="analyze scenarios: paths, best call, dominated choices, rules, gaming, difficulty",
                         description="Analyze scenarios over their dialogue graphs: number of paths, best and worst "
                                     "totals per dimension, the best call that can be played (replayed in the "
                                     "engine), the playable calls (best, worst, shortest, longest, one per gaming "
                                     "strategy) over the exact (node, meters) states, each with its "
                                     "`ardojo play FILE --text --replay N,N,...` line (labelled as the graph's "
                                     "bounds when the states are too many), dominated choices, rules cited and rules "
                                     "of the rulebook no scenario cites. Then the gaming measures: the pass rate "
                                     "of fixed strategies (always the first reply on screen, the longest, the one "
                                     "that raises the meters most), of uniform random play and of the best reply, "
                                     "each over seeded shuffled calls through the engine with a correct call log "
                                     "assumed, and the share of decision points where the best reply is the "
                                     "longest. Last, the measured difficulty (random play's pass probability "
                                     "and the share of calls that pass, exact over every playable call; the "
                                     "critical traps; how early one slip sinks the best call; the level these "
                                     "give beside the label) and the length cues (decision nodes where the "
                                     "longest or the shortest reply is a top reply).")
    cmd.add_argument("scenarios_named", nargs="*", metavar="SCENARIO",
                     help="scenario files, folders or ids (default: the scenarios folder)")
    cmd.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    cmd.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of printing")
    cmd.add_argument("--calls", type=_calls, default=DEFAULT_CALLS, metavar="N",
                     help="seeded shuffled calls per strategy and scenario for the gaming measures "
                          "(default: %(default)s; 0 leaves them out)")
    cmd.add_argument("--seed", type=int, default=FIRST_SEED, metavar="S",
                     help="seed of the first gaming call (call i uses S + i; default: %(default)s)")
    cmd.add_argument("--recall", action="store_true",
                     help="only list the replies of each node too alike to tell apart in recall mode (the trainee's "
                          "own words), with their positions, so they can be reworded (docs/recall.md)")
    scenario_options(cmd)
    cmd.set_defaults(func=run)


def _calls(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of calls cannot be negative")
    return value


def run(args: argparse.Namespace) -> int:
    targets = load_targets(args.scenarios_named, args.scenarios, args.rulebook)
    problems = targets.diagnostics.has_errors
    if problems:
        print_problems(targets.diagnostics, sys.stderr)
    if not targets.scenarios:
        print("error: no valid scenario to analyze", file=sys.stderr)
        return 1
    if args.recall:
        from game.authoring.recall_report import render_recall
        try:
            text = render_recall(targets.scenarios, args.format)
        except RecallUnavailable as exc:
            print(f"error: recall analysis is not available: {exc}", file=sys.stderr)
            return 1
        return _emit(args, text, problems)
    report = analyze_library(targets.scenarios, targets.rulebook, gaming_calls=args.calls, first_seed=args.seed)
    return _emit(args, RENDERERS[args.format](report), problems)


def _emit(args: argparse.Namespace, text: str, problems: bool) -> int:
    """Print `text` or write it to --output; the exit code."""
    if args.output is None:
        sys.stdout.write(text)
    else:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    if problems:
        print("error: some scenarios have problems and were left out; `ardojo validate` lists them all",
              file=sys.stderr)
    return 1 if problems else 0
