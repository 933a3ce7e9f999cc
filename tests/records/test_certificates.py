"""Certificates: issued only for a completed program, checkable later, tamper-evident, printable."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from game.records.certificate_html import render_certificate
from game.records.certificates import CertificateError, check, issue, normalize_code
from game.records.store import RecordStore
from records_helpers import ROOT, ardojo, complete_program, library, passing, program, record_call, store_at

KEY = b"certificate-key"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture
def store(tmp_path: Path) -> RecordStore:
    with store_at(tmp_path / "records.sqlite3") as s:
        yield s


def issued(store: RecordStore, trainee: str = "Sam", key: bytes | None = KEY):
    return issue(store, program(), library().scenarios, trainee, key)


def test_only_a_completed_program_earns_a_certificate(store: RecordStore) -> None:
    with pytest.raises(CertificateError, match="no trainee named 'Nobody'"):
        issued(store, "Nobody")
    record_call(store, "Sam", "sunrise-bakery", passing("sunrise-bakery"), key=KEY)
    with pytest.raises(CertificateError) as err:
        issued(store)
    assert str(err.value) == ("Sam has not completed 'AR onboarding, week 1': 1 of 3 scenarios passed "
                              "(harbor-logistics open, crestview-dental locked)")


def test_issue_is_stored_once_and_checks_as_genuine(store: RecordStore) -> None:
    calls = complete_program(store, "Sam", key=KEY)
    cert = issued(store, "sam")
    assert re.fullmatch(r"[0-9A-F]{4}(-[0-9A-F]{4}){4}", cert.code) and cert.signed
    assert cert.trainee == "Sam" and [c.call_id for c in cert.calls] == calls
    again = issued(store)
    assert (again.code, again.issued_at) == (cert.code, cert.issued_at)
    assert store.query("SELECT COUNT(*) FROM certificates") == [(1,)]
    verdict = check(store, cert.code.lower().replace("-", " "), library().scenarios, KEY)
    assert verdict.genuine and verdict.line.startswith(f"GENUINE: certificate {cert.code} (Sam, ar-onboarding")


@pytest.mark.parametrize("tamper, expected", [
    ("UPDATE calls SET clarity = clarity - 1 WHERE scenario_id = 'sunrise-bakery'", "problem(s) with its records"),
    ("DELETE FROM calls WHERE scenario_id = 'harbor-logistics'", "is missing from the records"),
    ("UPDATE certificates SET program_id = 'ar-onboarding-week-2'", "is not Sam's call in ar-onboarding-week-2"),
    ("UPDATE trainees SET name = 'Samuel'", "problem(s) with its records"),
])
def test_tampering_is_detected(store: RecordStore, tamper: str, expected: str) -> None:
    complete_program(store, "Sam", key=KEY)
    code = issued(store).code
    store.conn.execute("PRAGMA foreign_keys = OFF")
    store.conn.execute(tamper)
    verdict = check(store, code, library().scenarios, KEY)
    assert not verdict.genuine and verdict.line.startswith("NOT GENUINE") and expected in verdict.line


def test_the_key_matters(store: RecordStore) -> None:
    complete_program(store, "Sam", key=KEY)
    code = issued(store).code
    assert check(store, code, library().scenarios, None).line.startswith("CANNOT CHECK")
    assert check(store, code, library().scenarios, b"other").line.startswith("NOT GENUINE")
    assert check(store, "0000-0000-0000-0000-0000", library().scenarios, KEY).line.startswith("NOT FOUND")


def test_unsigned_certificates_say_so(store: RecordStore) -> None:
    complete_program(store, "Ana")
    cert = issued(store, "Ana", key=None)
    assert cert.code.startswith("UNSIGNED-") and not cert.signed
    assert normalize_code(cert.code.lower().replace("-", "")) == cert.code
    verdict = check(store, cert.code, library().scenarios, None)
    assert not verdict.genuine and verdict.line.startswith("UNSIGNED:")
    page = render_certificate(cert)
    assert "UNSIGNED &middot; NOT VERIFIABLE" in page and "cannot be verified" in page


def test_html_is_self_contained_escaped_and_made_for_print(store: RecordStore) -> None:
    complete_program(store, "<b>Jo</b> & Co", key=KEY)
    page = render_certificate(issued(store, "<b>Jo</b> & Co"))
    assert "&lt;b&gt;Jo&lt;/b&gt; &amp; Co" in page and "<b>Jo</b>" not in page
    assert "@page" in page and "size: landscape" in page
    for external in ("http:", "https:", "src=", "url(", "<link", "<script", "@import"):
        assert external not in page
    assert "ardojo verify --certificate" in page and "Certificate of Completion" in page


def test_cli_certificate_and_verify(tmp_path: Path) -> None:
    db = tmp_path / "records.sqlite3"
    with store_at(db) as store:
        complete_program(store, "Sam Lee", key=KEY)
        record_call(store, "Ana", "sunrise-bakery", passing("sunrise-bakery"), key=KEY)
    env = {"ARDOJO_SIGNING_KEY": KEY.decode()}
    done = ardojo("certificate", "--db", str(db), "--trainee", "Ana", env=env, cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: Ana has not completed 'AR onboarding, week 1'")
    done = ardojo("certificate", "--db", str(db), "--trainee", "Sam Lee", "--program", "ar-onboarding-week-1",
                  env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "certificate-sam-lee-ar-onboarding-week-1.html"
    assert out.is_file() and "Sam Lee" in out.read_text(encoding="utf-8")
    code = re.search(r"verification code (\S+)", done.stdout).group(1)
    done = ardojo("verify", "--db", str(db), "--certificate", code, env=env)
    assert done.returncode == 0 and done.stdout.startswith("GENUINE:") and done.stdout.count("\n") == 1
    done = ardojo("verify", "--db", str(db), "--certificate", "ABCD-ABCD-ABCD-ABCD-ABCD", env=env)
    assert done.returncode == 1 and done.stdout.startswith("NOT FOUND:")
    done = ardojo("verify", "--db", str(db), "--certificate", code)
    assert done.returncode == 1 and done.stdout.startswith("CANNOT CHECK:")
    done = ardojo("certificate", "--db", str(db), "--trainee", "Sam Lee", "-o", str(tmp_path / "no" / "x.html"),
                  env=env)
    assert done.returncode == 1 and done.stderr.startswith("error: cannot write") and "Traceback" not in done.stderr


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_certificate_renders_in_headless_chromium(store: RecordStore, tmp_path: Path, signed: bool) -> None:
    trainee = "María-José O'Connor" if signed else "Ana Unsigned"
    complete_program(store, trainee, key=KEY if signed else None)
    page = tmp_path / "certificate.html"
    page.write_text(render_certificate(issued(store, trainee, KEY if signed else None)), encoding="utf-8")
    shot = tmp_path / "certificate.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'chromium'}", f"--screenshot={shot}", "--window-size=1280,900",
                    page.as_uri()], capture_output=True, timeout=90, check=False)
    data = shot.read_bytes()
    assert png_size(data) == (1280, 900)
    assert len(data) > 50_000  # a blank or error page compresses to a few kilobytes
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / f"certificate-{'signed' if signed else 'unsigned'}.png")
