"""`ardojo validate` on a folder without scenarios is an error (a wrong path must not pass as "ok")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_helpers import RULEBOOK, ardojo


def test_a_folder_with_no_scenarios_fails(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    shutil.copy(RULEBOOK, folder / "rulebook.yaml")  # a rulebook, but not one scenario
    done = ardojo("validate", str(folder), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].endswith("empty:1:1: error: no scenario files found here (hint: scenarios are .yaml files "
                             "(see docs/scenario-format.md); check the path)")
    assert lines[-1].startswith("FAILED: ") and "0 scenarios valid, 1 error" in lines[-1]
    report = json.loads(ardojo("validate", "--format", "json", str(folder), cwd=tmp_path).stdout)
    assert report["errors"] == 1 and report["diagnostics"][0]["code"] == "no-scenarios"
