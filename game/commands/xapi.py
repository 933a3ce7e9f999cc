"""`ardojo xapi`: the stored calls as xAPI 1.0.3 statements — `export` them as JSON lines, or `sync`
them to a Learning Record Store (docs/xapi.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable

from game.commands.common import db_option, open_store
from game.records.names import printable
from game.records.paths import default_db_path
from game.records.signing import signing_key
from game.xapi.catalog import Catalog
from game.xapi.lrs import LrsClient, LrsConfigError, LrsError, normalize_endpoint, redact, split_credentials
from game.xapi.outbox import export_lines, pending_counts
from game.xapi.scheme import ENV_ACTIVITY_BASE, XapiConfig, XapiConfigError
from game.xapi.sync import RetryPolicy, sync

ENV_ENDPOINT = "ARDOJO_LRS_ENDPOINT"
ENV_USER = "ARDOJO_LRS_USER"
ENV_PASSWORD = "ARDOJO_LRS_PASSWORD"


def register(sub: argparse._SubParsersAction) -> None:
    xapi = sub.add_parser("xapi", help="export or send the calls as xAPI statements",
                          description="The stored calls as xAPI 1.0.3 statements (see docs/xapi.md).")
    actions = xapi.add_subparsers(dest="xapi_command", metavar="ACTION", required=True)

    export = actions.add_parser("export", help="write the statements as JSON lines",
                                description="Write every stored call's statements as JSON lines.")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    _common(export)
    export.set_defaults(func=run_export)

    push = actions.add_parser("sync", help="send unsent statements to a Learning Record Store",
                              description="Queue new statements and send every unsent one to an LRS; "
                                          "safe to run again at any time.")
    push.add_argument("--endpoint", default=os.environ.get(ENV_ENDPOINT), metavar="URL",
                      help=f"the LRS's xAPI endpoint, e.g. https://lrs.example.org/xAPI (or ${ENV_ENDPOINT})")
    push.add_argument("--user", default=os.environ.get(ENV_USER), metavar="U", help=f"LRS user (or ${ENV_USER})")
    push.add_argument("--password", default=None, metavar="P",
                      help=f"LRS password (better: ${ENV_PASSWORD}, which stays out of the process list)")
    push.add_argument("--batch-size", type=_number(int, 1, 10_000, "a whole number"), default=50, metavar="N",
                      help="statements per request (default: %(default)s)")
    push.add_argument("--retries", type=_number(int, 0, 100, "a whole number"), default=5, metavar="N",
                      help="retries per batch while the LRS is unreachable or failing (default: %(default)s)")
    push.add_argument("--max-wait", type=_number(float, 0, 3600, "a number of seconds"), default=30.0, metavar="S",
                      help="longest pause between retries, in seconds (default: %(default)s)")
    push.add_argument("--timeout", type=_number(float, 0.1, 3600, "a number of seconds"), default=30.0, metavar="S",
                      help="seconds to wait for each answer (default: %(default)s)")
    _common(push)
    push.set_defaults(func=run_sync)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--activity-base", metavar="IRI", default=None,
                   help=f"base of the activity ids (default: ${ENV_ACTIVITY_BASE} or https://ardojo.example/xapi)")
    p.add_argument("--homepage", metavar="IRI", default=None,
                   help="homePage of the trainees' accounts (default: the activity base)")
    p.add_argument("--mbox-domain", metavar="DOMAIN", default=None,
                   help="identify trainees by mbox mailto:<name>@DOMAIN instead of an account")
    db_option(p)


def _number(convert: Callable[[str], float], low: float, high: float, what: str) -> Callable[[str], float]:
    """An argparse type: `convert(text)` within low..high, else one clear line."""
    def parse(text: str) -> float:
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:g} to {high:g}, not {text}")
        return value
    return parse


def _fail(message: str) -> int:
    print(f"error: {printable(redact(message), newlines=False)}", file=sys.stderr)
    return 1


def _config(args: argparse.Namespace) -> XapiConfig:
    return XapiConfig.make(args.activity_base, args.homepage, args.mbox_domain)


def run_export(args: argparse.Namespace) -> int:
    try:
        config = _config(args)
    except XapiConfigError as exc:
        return _fail(str(exc))
    with open_store(args.db, write=False) as store:
        if not args.output:
            for line in export_lines(store, config, Catalog.load()):
                sys.stdout.write(line + "\n")
            return 0
        target = Path(args.output)
        partial = target.with_name(target.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as out:
                count = 0
                for line in export_lines(store, config, Catalog.load()):
                    out.write(line + "\n")
                    count += 1
            os.replace(partial, target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            return _fail(f"cannot write {target}: {exc.strerror or exc}")
    print(f"wrote {count} statement{'s' * (count != 1)} to {target}", file=sys.stderr)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    if not args.endpoint:
        return _fail(f"no LRS endpoint: pass --endpoint URL or set {ENV_ENDPOINT}")
    endpoint, url_user, url_password = split_credentials(args.endpoint)  # user:password@ in the URL
    user = args.user or url_user
    password = args.password if args.password is not None else os.environ.get(ENV_PASSWORD, url_password)
    if not user:
        return _fail(f"no LRS user: pass --user U or set {ENV_USER}")
    if password is None:
        return _fail(f"no LRS password: set {ENV_PASSWORD} (or pass --password)")
    try:
        config = _config(args)
        client = LrsClient(normalize_endpoint(endpoint), user, password, args.timeout)
    except (XapiConfigError, LrsConfigError) as exc:
        return _fail(str(exc))
    if client.plain_http_remote:
        print(f"warning: {client.endpoint} is plain http: the password crosses the network unencrypted",
              file=sys.stderr)
    db = default_db_path(args.db)
    if not db.exists():
        return _fail(f"no records database at {db} (play a call first, or pass --db)")
    with open_store(args.db, key=signing_key()) as store:  # with the key, queued statements are signed
        policy = RetryPolicy(retries=args.retries, max_wait=args.max_wait, first_wait=min(1.0, args.max_wait))
        try:
            report = sync(store, client, config, batch_size=args.batch_size, policy=policy, catalog=Catalog.load())
        except LrsError as exc:
            pending, _ = pending_counts(store)
            return _fail(f"{exc}; {pending} statements pending, kept for the next sync")
        except KeyboardInterrupt:
            pending, _ = pending_counts(store)
            print(f"\ninterrupted; {pending} statements pending, kept for the next sync", file=sys.stderr)
            return 130
    if report.problem:
        return _fail(f"{report.problem}; {report.summary()}, kept for the next sync")
    if report.abandoned:
        print(f"marked {report.abandoned} call{'s' * (report.abandoned != 1)} abandoned (idle past the limit)")
    print(printable(report.summary(), newlines=False))
    return 0
