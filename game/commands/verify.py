"""`ardojo verify`: check the records file (integrity, every call re-played, signatures, each trainee's
numbered list, the LRS queue, the certificates), or one certificate; with --sign, seal what checks out."""

from __future__ import annotations

import argparse
import sys

from game.commands.common import db_option, load_scenarios, open_store, scenario_options
from game.records.certificates import check
from game.records.names import printable
from game.records.signing import SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, signing_key
from game.records.verify import VerifyReport, verify_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check stored calls and certificates",
                       description="Run SQLite's integrity check, re-play every completed call's decisions through "
                                   "the engine and report any record that does not match (edited), whose scenario "
                                   "has changed, whose signature is missing or wrong (with $ARDOJO_SIGNING_KEY or "
                                   "$ARDOJO_SIGNING_KEY_FILE), a call missing from a trainee's numbered list, a "
                                   "statement queued for the LRS that was rewritten, a certificate that no "
                                   "longer holds, or a campaign week that does not match its calls or report. "
                                   "Exit 1 on any problem. With --certificate, tell whether one certificate is "
                                   "genuine.")
    p.add_argument("--certificate", metavar="CODE", help="check the certificate with this verification code")
    p.add_argument("--sign", action="store_true",
                   help="then sign, with the key, every finished call and trainee's list that checked out but is "
                        "unsigned or signed under an older scheme (signing at sync time, by an account the trainees "
                        "cannot read the key of)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (default) or json: one object with stable keys (ok, checked, problems, ...; "
                        "see docs/programs.md, Verify)")
    db_option(p)
    scenario_options(p)
    p.set_defaults(func=run)


def _json(data: dict) -> None:
    """Print `data` as indented JSON (stored names as they are, control characters escaped by JSON)."""
    from game.reports.json_out import safe_json

    print(safe_json(data))


def _report_json(report: VerifyReport) -> dict:
    """The verification's outcome with stable keys."""
    return {"format": "ardojo-verify", "format_version": 1, "ok": report.ok, "checked": report.checked,
            "signatures_checked": report.signatures_checked, "replays": report.replays, "weeks": report.weeks,
            "seconds": round(report.seconds, 3), "summary": report.summary(),
            "problems": [{"call_id": p.call_id or None, "trainee": p.trainee or None,
                          "scenario": p.scenario_id or None, "kind": p.kind, "detail": p.detail}
                         for p in report.problems]}


def run(args: argparse.Namespace) -> int:
    library = load_scenarios(args)
    broken = len({d.pos.file for d in library.diagnostics.errors})
    if broken:
        print(f"warning: {broken} scenario file(s) have errors; calls on them cannot be re-checked "
              "(run `ardojo validate`)", file=sys.stderr)
    key = signing_key()
    as_json = getattr(args, "format", "text") == "json"
    if args.sign and as_json:
        print("error: --sign writes to the records; run it without --format json", file=sys.stderr)
        return 1
    if args.sign and key is None:
        print(f"error: --sign needs the signing key: set {SIGNING_KEY_FILE_ENV} to a file holding it (or "
              f"{SIGNING_KEY_ENV})", file=sys.stderr)
        return 1
    with open_store(args.db, write=args.sign) as store:
        if args.certificate is not None:
            verdict = check(store, args.certificate, library.scenarios, key)
            if as_json:
                _json({"format": "ardojo-verify-certificate", "format_version": 1, "code": args.certificate,
                       "genuine": verdict.genuine, "line": verdict.line})
            else:
                print(printable(verdict.line, newlines=False))
            return 0 if verdict.genuine else 1
        from game.records.week_audit import campaigns_in
        report = verify_store(store, library.scenarios, key,
                              campaigns=campaigns_in(args.scenarios, library.scenarios))
        if as_json:
            _json(_report_json(report))
            return 0 if report.ok else 1
        for problem in report.problems:
            print(problem.format())
        print(report.summary())
        if args.sign:
            return _sign(store, report, key)
    return 0 if report.ok else 1


def _sign(store, report: VerifyReport, key: bytes) -> int:
    """Seal the finished calls and trainees' lists that checked out (unsigned, or v1/v2); exit 1 when
    anything else was found."""
    from game.records.campaigns import reseal_weeks
    from game.records.verify import UNSIGNED
    from game.records.week_audit import WEEK_PREFIX

    if any(p.kind != UNSIGNED or not (p.call_id or p.detail.startswith(WEEK_PREFIX)) for p in report.problems):
        print("verify: nothing signed: fix or explain the problems above first", file=sys.stderr)
        return 1
    calls = [r[0] for r in store.query("SELECT id FROM calls WHERE status IN ('completed', 'abandoned') AND "
                                       "(signature IS NULL OR signature NOT LIKE 'v3:%')")]
    trainees = [r[0] for r in store.query("SELECT id FROM trainees")]
    store.reseal(calls, trainees, key)
    weeks = reseal_weeks(store, key)
    print(f"verify: signed {len(calls):,} call{'s' * (len(calls) != 1)} and {len(trainees):,} trainee list"
          f"{'s' * (len(trainees) != 1)} with the key" + (f", and {weeks:,} campaign week{'s' * (weeks != 1)}"
                                                             if weeks else ""))
    return 0
