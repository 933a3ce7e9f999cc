"""Print a certificate's HTML page to PDF with headless Chromium (when the machine has it).

Chromium is found as `$ARDOJO_CHROMIUM`, else `chromium`, `chromium-browser`, `google-chrome` on PATH, else
/usr/bin/chromium. It runs with a throw-away profile, no network services and a time limit; nothing is
downloaded. Without Chromium the caller gets a clear message and keeps the HTML.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_ENV = "ARDOJO_CHROMIUM"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "/usr/bin/chromium")
TIMEOUT_S = 60


class PdfProblem(Exception):
    """Why a PDF could not be printed, in one line."""


def find_chromium() -> str | None:
    """The Chromium executable to print with, or None when there is none."""
    override = os.environ.get(CHROMIUM_ENV)
    if override:
        return override if Path(override).is_file() and os.access(override, os.X_OK) else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_file: Path, pdf_file: Path, chromium: str | None = None) -> Path:
    """Print `html_file` to `pdf_file` with headless Chromium; PdfProblem when it cannot."""
    chromium = chromium or find_chromium()
    if chromium is None:
        raise PdfProblem("Chromium is not installed (or $ARDOJO_CHROMIUM is not an executable), so no PDF was "
                         "printed; open the HTML in a browser and print it, or install chromium")
    with tempfile.TemporaryDirectory(prefix="ardojo-chromium-") as profile:
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--disable-extensions", "--no-pdf-header-footer", f"--user-data-dir={profile}",
                   f"--print-to-pdf={pdf_file.resolve()}", html_file.resolve().as_uri()]
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfProblem(f"Chromium took longer than {TIMEOUT_S} s to print {pdf_file.name}") from None
        except OSError as exc:
            raise PdfProblem(f"cannot run Chromium ({chromium}): {exc.strerror or exc}") from None
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0 or pdf_file.read_bytes()[:5] != b"%PDF-":
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] if done.stderr else []
        raise PdfProblem(f"Chromium did not print {pdf_file.name} (exit {done.returncode}"
                         + (f": {tail[0][:200]}" if tail else "") + ")")
    return pdf_file
