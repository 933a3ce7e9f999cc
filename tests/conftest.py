"""Shared test set-up: records, settings and caches go to temporary folders, never the user's own.

Parallel runs (pytest-xdist, what `make test` uses): every worker has its own temp folders, so the tests
are independent, with two exceptions handled here:

- tests that measure wall-clock or CPU time are marked `timing`; `make test` runs them on their own
  after the parallel part (`-m timing`), so a busy second worker never makes them fail or pass wrongly;
- tests sharing a costly per-process resource get one `xdist_group` each (run with `--dist loadgroup`),
  so it is built once, not once per worker: the real Ralph LRS (tests/xapi/) and the library's played
  calls, gaming sample and analysis (tests/library/, cached in library_calls.py).

Plain `pytest` (no -n) still runs everything in one process, the timing tests included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

# Test files (relative to tests/) that assert on elapsed wall time or CPU share: run alone (see above).
TIMING_FILES = {
    "ui/pygame/test_window_idle_cpu.py",   # CPU share and frames drawn over 5 s of the real loop
    "ui/pygame/test_text_safety.py",       # hostile text laid out within 0.5 s / 2 s
    "ui/test_voice_player.py",             # speak()/update() under 2 ms while espeak-ng works
    "recall/test_recall_speech.py",        # recognition faster than the audio lasts
    "bench/test_bench_harness.py",
    "content/test_hostile_yaml.py",        # hostile YAML refused within 1 s of CPU (a busy core slows CPU time too)         # run_all.py --quick stops any benchmark still running after 60 s
}

# Folders (relative to tests/) whose tests share one per-process resource, and the group each runs in.
GROUPS = {
    "xapi": "ralph-lrs",     # one Ralph server per session (tests/xapi/conftest.py)
    "library": "library",    # library_calls.py's lru_caches: playable calls, gaming, analysis
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "timing: asserts on elapsed or CPU time; `make test` runs these alone")
    config.addinivalue_line("markers", "xdist_group(name): tests run by the same pytest-xdist worker")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects and xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        try:
            rel = Path(item.path).resolve().relative_to(TESTS).as_posix()
        except ValueError:
            continue
        if rel in TIMING_FILES:
            item.add_marker(pytest.mark.timing)
        group = GROUPS.get(rel.split("/", 1)[0])
        if group:
            item.add_marker(pytest.mark.xdist_group(group))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="fuzz the loaders ten times longer, from a fresh seed (tests/content/test_fuzz_loaders.py)")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("ARDOJO_DB", str(folder / "records.sqlite3"))
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
