"""`ardojo certificate`: write the printable certificate of a trainee who completed a program, or with
`--all` one per trainee who completed it (HTML, and PDF through headless Chromium when present)."""

from __future__ import annotations

import argparse
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from game.commands.common import db_option, load_scenarios, open_store, print_problems, scenario_options
from game.content.program_loader import load_program_set
from game.content.program_model import Program
from game.content.program_roster import logo_path
from game.records.certificate_html import TemplateProblem, render_certificate
from game.records.certificate_pdf import PdfProblem, find_chromium, print_pdf
from game.records.certificates import Certificate, CertificateError, completed_trainees, issue
from game.records.names import printable
from game.records.signing import signing_key

#: Chromiums printing PDFs at once for --all (each is a separate process).
PDF_WORKERS = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("certificate", help="write program certificates (one trainee, or --all)",
                       description="Issue the certificate of a trainee who completed a program and write it as "
                                   "a printable HTML page (and PDF with --pdf), or with --all one per trainee "
                                   "who completed it, HTML and PDF, into a folder. Signed with "
                                   "$ARDOJO_SIGNING_KEY when set.")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--trainee", metavar="NAME", help="the trainee's name")
    who.add_argument("--all", action="store_true", help="every trainee who completed the program")
    p.add_argument("--program", metavar="ID", help="the program id (default: the first program)")
    p.add_argument("-o", "--output", type=Path, metavar="PATH",
                   help="the HTML file (default: certificate-<trainee>-<program>.html); with --all, the folder "
                        "(default: certificates-<program>)")
    p.add_argument("--pdf", action="store_true", help="also print a PDF beside the HTML (always with --all)")
    p.add_argument("--no-pdf", action="store_true", help="with --all: HTML only")
    p.add_argument("--template", type=Path, metavar="FILE",
                   help="a Jinja2 certificate template of your own (start from "
                        "game/records/templates/certificate.html.j2)")
    db_option(p)
    scenario_options(p)
    p.set_defaults(func=run)


def file_stem(trainee: str, program_id: str) -> str:
    """A file name for a trainee's certificate: letters and digits of any script kept, the rest dashes."""
    name = re.sub(r"[^\w]+", "-", trainee.casefold()).strip("-_") or "trainee"
    return f"certificate-{name[:60]}-{program_id}"


def _program(args: argparse.Namespace, library) -> Program | None:
    programs = load_program_set(args.scenarios, library.scenarios)
    if programs.diagnostics.has_errors:
        print_problems(programs.diagnostics, sys.stderr)
        print("error: the program files have problems; run `ardojo validate`", file=sys.stderr)
        return None
    program = programs.pick(args.program)
    if program is None:
        known = ", ".join(programs.programs) or f"none in {args.scenarios / 'programs'}"
        print(f"error: no program '{args.program}' (programs: {known})" if args.program
              else f"error: no programs found in {args.scenarios / 'programs'}", file=sys.stderr)
    return program


def _write_html(cert: Certificate, program: Program, html_file: Path, template: Path | None) -> None:
    """Write one certificate's HTML page (TemplateProblem / OSError when it cannot be made)."""
    org = program.organisation
    page = render_certificate(cert, org, logo_path(program.path, org.logo), template)
    html_file.write_text(page, encoding="utf-8")


def _print_pdfs(pages: list[Path]) -> list[str]:
    """Print each HTML page to a PDF beside it (a few Chromiums at a time); per page, what was written.
    A PDF that cannot be printed is a warning: its HTML stays."""
    def one(page: Path) -> str:
        try:
            return f"{page} and {print_pdf(page, page.with_suffix('.pdf')).name}"
        except PdfProblem as exc:
            print(f"warning: {printable(exc, newlines=False)}", file=sys.stderr)
            return str(page)
    with ThreadPoolExecutor(max_workers=max(1, min(PDF_WORKERS, len(pages)))) as pool:
        return list(pool.map(one, pages))


def _line(cert: Certificate, program: Program, wrote: str) -> str:
    if cert.signed:
        return (f"wrote {wrote}: {cert.trainee}, {program.title}; verification code {cert.code} "
                f"(check it with `ardojo verify --certificate {cert.code}`)")
    return (f"wrote {wrote}: {cert.trainee}, {program.title}; UNSIGNED (code {cert.code}): set "
            "ARDOJO_SIGNING_KEY to issue certificates that can be verified")


def run(args: argparse.Namespace) -> int:
    library = load_scenarios(args)
    program = _program(args, library)
    if program is None:
        return 1
    if args.template is not None and not args.template.is_file():
        print(f"error: no template file {args.template}", file=sys.stderr)
        return 1
    key = signing_key()
    with open_store(args.db) as store:
        if not args.all:
            try:
                certs = [issue(store, program, library.scenarios, args.trainee, key)]
            except CertificateError as exc:
                print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
                return 1
        else:
            names = completed_trainees(store, program, library.scenarios)
            certs, failed = [], 0
            for name in names:
                try:
                    certs.append(issue(store, program, library.scenarios, name, key))
                except CertificateError as exc:
                    print(f"error: {printable(exc, newlines=False)}", file=sys.stderr)
                    failed += 1
            others = len(store.trainees()) - len(names)
    if not args.all:
        out = args.output or Path(file_stem(certs[0].trainee, program.id) + ".html")
        return _emit(certs, program, lambda cert: out, args.template, args.pdf)
    folder = args.output or Path(f"certificates-{program.id}")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot make the folder {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if not args.no_pdf and find_chromium() is None:
        print("warning: Chromium is not installed, so only HTML certificates are written; print them from a "
              "browser, or install chromium and run this again", file=sys.stderr)
    used: set[str] = set()

    def place(cert: Certificate) -> Path:
        stem = file_stem(cert.trainee, program.id)
        if stem in used:
            stem = f"{stem}-{cert.code.replace('-', '')[-8:].lower()}"
        used.add(stem)
        return folder / f"{stem}.html"

    code = _emit(certs, program, place, args.template, not args.no_pdf and find_chromium() is not None)
    print(printable(f"{len(certs)} certificate(s) for {program.title} in {folder}; {others} trainee(s) in the "
                    "records have not completed it", newlines=False))
    return 1 if code or failed else 0


def _emit(certs: list[Certificate], program: Program, place, template: Path | None, pdf: bool) -> int:
    pages: list[Path] = []
    for cert in certs:
        out = place(cert)
        try:
            _write_html(cert, program, out, template)
        except TemplateProblem as exc:
            print(printable(exc, newlines=False), file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"error: cannot write {out}: {exc.strerror or exc} (the certificate {cert.code} is stored; "
                  "try another -o)", file=sys.stderr)
            return 1
        pages.append(out)
    wrote = _print_pdfs(pages) if pdf and pages else [str(p) for p in pages]
    for cert, what in zip(certs, wrote):
        print(printable(_line(cert, program, what), newlines=False))
    return 0
