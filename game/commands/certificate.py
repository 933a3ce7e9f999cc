"""`ardojo certificate`: write the printable certificate of a trainee who completed a program."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import db_option, load_scenarios, open_store, print_problems, scenario_options
from game.content.fields import slug
from game.records.certificate_html import render_certificate
from game.records.certificates import CertificateError, issue
from game.records.names import printable
from game.records.programs import load_program_set
from game.records.signing import signing_key


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("certificate", help="write a trainee's program certificate",
                       description="Issue the certificate of a trainee who completed a program and write it as "
                                   "a printable HTML page. Signed with $ARDOJO_SIGNING_KEY when set.")
    p.add_argument("--trainee", required=True, metavar="NAME", help="the trainee's name")
    p.add_argument("--program", metavar="ID", help="the program id (default: the first program)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="where to write the HTML (default: certificate-<trainee>-<program>.html)")
    db_option(p)
    scenario_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    library = load_scenarios(args)
    programs = load_program_set(args.scenarios, library.scenarios)
    if programs.diagnostics.has_errors:
        print_problems(programs.diagnostics, sys.stderr)
        print("error: the program files have problems; run `ardojo validate`", file=sys.stderr)
        return 1
    program = programs.pick(args.program)
    if program is None:
        known = ", ".join(programs.programs) or f"none in {args.scenarios / 'programs'}"
        print(f"error: no program '{args.program}' (programs: {known})" if args.program
              else f"error: no programs found in {args.scenarios / 'programs'}", file=sys.stderr)
        return 1
    key = signing_key()
    with open_store(args.db) as store:
        try:
            cert = issue(store, program, library.scenarios, args.trainee, key)
        except CertificateError as exc:
            print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
            return 1
    out = args.output or Path(f"certificate-{slug(cert.trainee)}-{program.id}.html")
    try:
        out.write_text(render_certificate(cert), encoding="utf-8")
    except OSError as exc:
        print(f"error: cannot write {out}: {exc.strerror or exc} (the certificate {cert.code} is stored; "
              "try another -o)", file=sys.stderr)
        return 1
    if cert.signed:
        line = (f"wrote {out}: {cert.trainee}, {program.title}; verification code {cert.code} "
                f"(check it with `ardojo verify --certificate {cert.code}`)")
    else:
        line = (f"wrote {out}: {cert.trainee}, {program.title}; UNSIGNED (code {cert.code}): set "
                "ARDOJO_SIGNING_KEY to issue certificates that can be verified")
    print(printable(line, newlines=False))
    return 0
