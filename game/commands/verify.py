"""`ardojo verify`: re-play every stored call and check signatures, or check one certificate."""

from __future__ import annotations

import argparse
import sys

from game.commands.common import db_option, load_scenarios, open_store, scenario_options
from game.records.certificates import check
from game.records.signing import signing_key
from game.records.verify import verify_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check stored calls and certificates",
                       description="Re-play every completed call's decisions through the engine and report any "
                                   "record that does not match (edited), whose scenario has changed, or whose "
                                   "signature is missing or wrong (with $ARDOJO_SIGNING_KEY). Exit 1 on any "
                                   "problem. With --certificate, tell whether one certificate is genuine.")
    p.add_argument("--certificate", metavar="CODE", help="check the certificate with this verification code")
    db_option(p)
    scenario_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = load_scenarios(args)
    broken = len({d.pos.file for d in library.diagnostics.errors})
    if broken:
        print(f"warning: {broken} scenario file(s) have errors; calls on them cannot be re-checked "
              "(run `ardojo validate`)", file=sys.stderr)
    key = signing_key()
    with open_store(args.db, write=False) as store:
        if args.certificate is not None:
            verdict = check(store, args.certificate, library.scenarios, key)
            print(verdict.line)
            return 0 if verdict.genuine else 1
        report = verify_store(store, library.scenarios, key)
    for problem in report.problems:
        print(problem.format())
    print(report.summary())
    return 0 if report.ok else 1
