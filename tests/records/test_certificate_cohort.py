"""`ardojo certificate --all`: one certificate per trainee who completed the program, HTML and PDF (headless
Chromium), branded with the program's organisation, from a template an organisation can override."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from records_helpers import ROOT, SCENARIOS, ardojo, complete_program, passing, record_call, store_at

KEY = "cohort-key"
ENV = {"ARDOJO_SIGNING_KEY": KEY}
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
HOSTILE = "<img src=x onerror=alert(1)> & María"
PROGRAM = """format: 1
id: ar-onboarding-week-1
title: AR onboarding, week 1
summary: Three calls of rising difficulty.
pass: {overall: 70, professionalism: 60, empathy: 55, clarity: 55, commitment: 50}
organisation: {name: "Acme Receivables <Ltd>", logo: logo.svg, signatory: Dana Cruz, signatory_title: Head of AR}
scenarios:
  - sunrise-bakery
  - {id: harbor-logistics, requires: [sunrise-bakery]}
  - {id: crestview-dental, requires: [harbor-logistics], attempts: 4, pass: {overall: 65}}
"""
LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" '
        'fill="#c0392b"/><text x="10" y="27" font-size="20" fill="white">ACME</text></svg>')


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(a scenarios folder whose program names an organisation, a records file where two trainees
    completed it and one did not)."""
    tmp = tmp_path_factory.mktemp("cohort")
    scenarios = tmp / "scenarios"
    (scenarios / "programs").mkdir(parents=True)
    for file in SCENARIOS.glob("*.yaml"):
        shutil.copy2(file, scenarios / file.name)
    (scenarios / "programs" / "week-1.yaml").write_text(PROGRAM, encoding="utf-8")
    (scenarios / "programs" / "logo.svg").write_text(LOGO, encoding="utf-8")
    db = tmp / "records.sqlite3"
    with store_at(db) as store:
        for name in ("Ana Lima", HOSTILE):
            complete_program(store, name, key=KEY.encode())
        record_call(store, "Cy Halfway", "sunrise-bakery", passing("sunrise-bakery"), key=KEY.encode())
    return scenarios, db


def codes(stdout: str) -> list[str]:
    return re.findall(r"verification code (\S+)", stdout)


@needs_chromium
def test_all_writes_html_and_pdf_for_every_trainee_who_completed(cohort, tmp_path: Path) -> None:
    scenarios, db = cohort
    out = tmp_path / "certs"
    done = ardojo("certificate", "--all", "--scenarios", str(scenarios), "--db", str(db), "-o", str(out), env=ENV,
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (f"2 certificate(s) for AR onboarding, week 1 in {out}; 1 trainee(s) in "
                                            "the records have not completed it")
    pages, pdfs = sorted(out.glob("*.html")), sorted(out.glob("*.pdf"))
    assert len(pages) == len(pdfs) == 2 and {p.stem for p in pages} == {p.stem for p in pdfs}
    assert not any("cy" in p.name for p in pages)
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 20_000  # fonts, text and the seal
        assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1  # one landscape sheet
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[([^\]]+)\]", data).group(1).split()]
        assert box[2] > box[3]
    texts = {p.read_text(encoding="utf-8") for p in pages}
    assert all("Acme Receivables &lt;Ltd&gt;" in t and "Dana Cruz" in t and "Head of AR" in t for t in texts)
    assert all('src="data:image/svg+xml;base64,' in t for t in texts)  # the logo, embedded
    hostile = next(t for t in texts if "onerror" in t)
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; María" in hostile and "<img src=x" not in hostile
    # every code checks as genuine, and issuing again gives the same certificates
    found = codes(done.stdout)
    assert len(found) == 2
    for code in found:
        verdict = ardojo("verify", "--db", str(db), "--scenarios", str(scenarios), "--certificate", code, env=ENV)
        assert verdict.stdout.startswith("GENUINE:"), verdict.stdout + verdict.stderr
    again = ardojo("certificate", "--all", "--no-pdf", "--scenarios", str(scenarios), "--db", str(db), "-o",
                   str(tmp_path / "again"), env=ENV, cwd=tmp_path)
    assert sorted(codes(again.stdout)) == sorted(found)
    # what a manager sees: the branded certificate, screenshotted for a look
    shot = tmp_path / "cohort.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium'}", f"--screenshot={shot}", "--window-size=1100,800",
                    pages[0].as_uri()], capture_output=True, timeout=90, check=False)
    assert shot.is_file() and shot.stat().st_size > 50_000
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    shutil.copy(shot, ROOT / "test-artifacts" / "certificate-cohort.png")


def test_without_chromium_the_html_is_still_written(cohort, tmp_path: Path) -> None:
    scenarios, db = cohort
    out = tmp_path / "certs"
    done = ardojo("certificate", "--all", "--scenarios", str(scenarios), "--db", str(db), "-o", str(out),
                  env={**ENV, "ARDOJO_CHROMIUM": str(tmp_path / "no-such-chromium")}, cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stderr.startswith("warning: Chromium is not installed") and done.stderr.count("\n") == 1
    assert len(list(out.glob("*.html"))) == 2 and not list(out.glob("*.pdf"))


def test_an_organisation_template_is_used_and_still_escapes(cohort, tmp_path: Path) -> None:
    scenarios, db = cohort
    template = tmp_path / "ours.html.j2"
    template.write_text("<!DOCTYPE html><h1>{{ organisation.name }} diploma</h1><p class=who>{{ cert.trainee }}</p>"
                        "<p>{{ cert.code }}</p>{% for row in rows %}<i>{{ row.title }} {{ row.overall }}</i>{% endfor %}",
                        encoding="utf-8")
    out = tmp_path / "mine.html"
    done = ardojo("certificate", "--trainee", HOSTILE, "--template", str(template), "--scenarios", str(scenarios),
                  "--db", str(db), "-o", str(out), env=ENV)
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html><h1>Acme Receivables &lt;Ltd&gt; diploma</h1>")
    assert "<p class=who>&lt;img src=x onerror=alert(1)&gt; &amp; María</p>" in page and page.count("<i>") == 3
    assert codes(done.stdout)[0] in page and "Certificate of Completion" not in page


@pytest.mark.parametrize("text, expected", [
    ("<h1>{{ cert.trainee }</h1>\n", r"ours\.html\.j2:1:1: error: template syntax: "),
    ("line one\n{{ nothing_like_this }}\n", r"ours\.html\.j2: error: the template uses something it is not given: "
                                           r"'nothing_like_this' is undefined"),
])
def test_a_broken_template_is_one_clear_line(cohort, tmp_path: Path, text: str, expected: str) -> None:
    scenarios, db = cohort
    template = tmp_path / "ours.html.j2"
    template.write_text(text, encoding="utf-8")
    done = ardojo("certificate", "--trainee", "Ana Lima", "--template", str(template), "--scenarios",
                  str(scenarios), "--db", str(db), "-o", str(tmp_path / "x.html"), env=ENV)
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert re.search(expected, done.stderr), done.stderr
