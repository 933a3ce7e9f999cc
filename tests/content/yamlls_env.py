"""The yaml-language-server the schema tests run: the pinned npm package, installed once into `.yamlls/`
beside the game's `.venv` (or $ARDOJO_YAMLLS_DIR). Standard library only.

`make test` runs `python tests/content/yamlls_env.py` first (the `yamlls` target), so nothing is
downloaded while the tests run; the test fixture calls `ensure()` too, so a plain `pytest` on a fresh
checkout installs it as well. Without node and npm, or when the install fails, the tests are skipped
with the reason; ARDOJO_SKIP_YAMLLS=1 skips them on purpose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "yaml-language-server"
VERSION = "1.19.2"
SKIP_ENV = "ARDOJO_SKIP_YAMLLS"


class YamlLsEnvError(Exception):
    """The server is missing and could not be installed; the message says why."""


def install_dir() -> Path:
    return Path(os.environ.get("ARDOJO_YAMLLS_DIR") or ROOT / ".yamlls")


def server_script(prefix: Path) -> Path:
    """The server's entry point (run with `node SCRIPT --stdio`)."""
    return prefix / "node_modules" / PACKAGE / "bin" / PACKAGE


def installed_version(prefix: Path) -> str | None:
    manifest = prefix / "node_modules" / PACKAGE / "package.json"
    if not manifest.is_file():
        return None
    import json
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8")).get("version"))
    except (OSError, ValueError):
        return None


def is_ready(prefix: Path) -> bool:
    """True when the pinned version is installed."""
    return installed_version(prefix) == VERSION and server_script(prefix).is_file()


def ensure(prefix: Path | None = None) -> Path:
    """The server's entry point, installing the pinned package first when it is missing."""
    prefix = prefix or install_dir()
    if is_ready(prefix):
        return server_script(prefix)
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise YamlLsEnvError("node and npm are needed to install yaml-language-server (not found on PATH)")
    cmd = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--ignore-scripts",
           "--no-save", f"{PACKAGE}@{VERSION}"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        raise YamlLsEnvError(f"`{' '.join(cmd)}` took over 300 s (is the npm registry reachable?)") from None
    if done.returncode != 0 or not is_ready(prefix):
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-10:])
        raise YamlLsEnvError(f"installing {PACKAGE}@{VERSION} failed (exit {done.returncode}; needs the npm "
                             f"registry once): {' '.join(cmd)}\n{tail}")
    return server_script(prefix)


def main() -> int:
    if os.environ.get(SKIP_ENV) == "1":
        print(f"{SKIP_ENV}=1: not installing yaml-language-server (the editor-schema tests will be skipped)",
              file=sys.stderr)
        return 0
    prefix = install_dir()
    if is_ready(prefix):
        return 0
    print(f"installing {PACKAGE}@{VERSION} for the schema tests into {prefix} (once)", file=sys.stderr)
    try:
        ensure(prefix)
    except YamlLsEnvError as exc:
        # not fatal for `make test`: the tests that need it then skip, saying why
        print(f"warning: {exc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
