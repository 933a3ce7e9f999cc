"""Install anywhere: the built wheel, installed into a fresh venv outside the checkout, finds its
scenarios, rulebook, programs, schemas, assets and certificate template as package data and plays,
validates, reports and issues certificates from an unrelated folder.

The runtime dependencies are installed once (from the package index pip is configured with: PyPI or its
local mirror) into a folder of third-party packages in the temp folder, reused by later runs; the first
run takes about a minute longer. ARDOJO_SKIP_WHEEL=1 skips the test (offline machines).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("game", "scenarios", "assets", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")

pytestmark = pytest.mark.skipif(os.environ.get("ARDOJO_SKIP_WHEEL") == "1",
                                reason="ARDOJO_SKIP_WHEEL=1: no wheel build and install (offline)")


def _run(args: list[str], cwd: Path, env: dict[str, str], stdin: str = "", timeout: int = 120):
    return subprocess.run(args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout)


def _build_wheel(tmp: Path) -> Path:
    """A wheel built from a copy of the checkout's sources (so the build leaves nothing in the checkout)."""
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(path, src / name)
    dist = tmp / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "--disable-pip-version-check", "-w", str(dist), str(src)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    (wheel,) = dist.glob("ar_dojo-*.whl")
    return wheel


def _runtime_requirements() -> list[str]:
    import tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def _deps_folder(requirements: list[str]) -> Path:
    """The runtime dependencies (third-party only, never the checkout), installed once per requirement
    set into a folder outside the checkout and reused by later runs (pygame takes a minute to unpack)."""
    digest = hashlib.sha256("\n".join(requirements + [sys.version]).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"ardojo-wheel-deps-{digest}"
    if (folder / ".complete").is_file():
        return folder
    partial = folder.with_name(folder.name + f".{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "--target", str(partial), *requirements], capture_output=True, text=True, timeout=600)
    if done.returncode != 0 and ("Could not find a version" in done.stderr or "No matching distribution" in done.stderr):
        pytest.skip("the runtime dependencies cannot be installed (no package index reachable)")
    assert done.returncode == 0, done.stderr[-2000:]
    assert not (partial / "game").exists()
    (partial / ".complete").touch()
    try:
        partial.rename(folder)
    except OSError:  # another run finished first
        shutil.rmtree(partial, ignore_errors=True)
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the fresh venv's bin folder, an environment without the checkout on any path). The venv has no
    system site-packages; the wheel is installed into it with --no-deps and its dependencies come from a
    folder of third-party packages only (see `_deps_folder`)."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(tmp)
    deps = _deps_folder(_runtime_requirements())
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    bin_dir = env_dir / "bin"
    site = next((env_dir / "lib").glob("python3*/site-packages"))
    (site / "ardojo_test_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ARDOJO_SCENARIOS", "ARDOJO_ASSETS",
                                                            "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", ARDOJO_SIGNING_KEY="wheel-test-key",
               PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    done = _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "-q", "--no-deps",
                 "--disable-pip-version-check", str(wheel)], tmp, env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return bin_dir, env


def test_the_installed_package_uses_its_own_data(installed, tmp_path: Path) -> None:
    bin_dir, env = installed
    probe = ("import game, game.content.data_dirs as d, game.records.certificate_html as c\n"
             "from game.content.schema import schema_path\n"
             "print(game.__file__); print(d.scenarios_dir()); print(d.assets_dir()); print(schema_path('program'))")
    done = _run([str(bin_dir / "python"), "-c", probe], tmp_path, env)
    assert done.returncode == 0, done.stderr
    paths = [Path(line) for line in done.stdout.splitlines()]
    site = bin_dir.parent
    assert all(site in p.parents for p in paths), paths  # nothing read from the checkout
    assert (paths[1] / "rulebook.yaml").is_file() and list((paths[1] / "programs").glob("*.yaml"))
    assert list((paths[2] / "fonts").glob("*.ttf")) and paths[3].is_file()
    # the overrides still win
    other = tmp_path / "assets-elsewhere"
    other.mkdir()
    done = _run([str(bin_dir / "python"), "-c", probe], tmp_path,
                {**env, "ARDOJO_ASSETS": str(other), "ARDOJO_SCENARIOS": str(ROOT / "scenarios")})
    assert done.stdout.splitlines()[1:3] == [str(ROOT / "scenarios"), str(other)]


def test_play_validate_report_and_certificate_from_another_folder(installed, tmp_path: Path) -> None:
    bin_dir, env = installed
    ardojo = str(bin_dir / "ardojo")
    env = {**env, "ARDOJO_DB": str(tmp_path / "records.sqlite3")}
    checked = _run([ardojo, "validate"], tmp_path, env)
    assert checked.returncode == 0 and " 0 errors, 0 warnings" in checked.stdout, checked.stdout + checked.stderr
    assert "programs valid" in checked.stdout
    # a scripted call: name, the first scenario of the program, dial, the first reply every turn; input
    # then ends in the wrap-up, so the call is recorded without a log
    played = _run([ardojo, "play", "--text"], tmp_path, env, stdin="Ana\n1\n\n" + "1\n" * 12, timeout=60)
    assert played.returncode == 0, played.stdout[-1500:] + played.stderr
    assert "Welcome, Ana." in played.stdout and "-- The call has ended. --" in played.stdout
    assert "Traceback" not in played.stderr
    report = _run([ardojo, "report"], tmp_path, env)
    assert report.returncode == 0 and "Ana" in report.stdout, report.stderr
    not_yet = _run([ardojo, "certificate", "--trainee", "Ana"], tmp_path, env)
    assert not_yet.returncode == 1 and "has not completed" in not_yet.stderr and "Traceback" not in not_yet.stderr
    # a cohort that completed the program (recorded by the checkout's code into a database file)
    cohort_db = tmp_path / "cohort.sqlite3"
    subprocess.run([sys.executable, str(Path(__file__).with_name("cohort_db.py")), str(cohort_db)], check=True,
                   env={**os.environ, "ARDOJO_SIGNING_KEY": "wheel-test-key"}, timeout=60)
    out = tmp_path / "certs"
    certs = _run([ardojo, "certificate", "--all", "--no-pdf", "--db", str(cohort_db), "-o", str(out)], tmp_path, env)
    assert certs.returncode == 0, certs.stderr
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 2 and all("Certificate of Completion" in p.read_text(encoding="utf-8") for p in pages)
    code = certs.stdout.split("verification code ")[1].split()[0]
    verified = _run([ardojo, "verify", "--certificate", code, "--db", str(cohort_db)], tmp_path, env)
    assert "GENUINE" in verified.stdout and "NOT GENUINE" not in verified.stdout, verified.stdout + verified.stderr
