"""Fuzzing the loaders: thousands of mutated scenario, rulebook and program files (keys deleted,
duplicated, retyped or renamed, node ids swapped, random unicode, truncation, deep nesting, bad bytes,
alias bombs, hostile tags). The only outcomes allowed: a valid load, or our own diagnostics, each at a
file:line:col inside the file. Any exception, an input taking over 1 s of CPU, or one using over 200 MB
(every 50th input is measured) fails.

The normal run draws 2,000 examples per file kind, the same ones every run (`derandomize`);
`pytest --fuzz-long` draws 20,000 per kind from a fresh seed. A failure prints the seed file and the
operations; add them to test_hostile_yaml.py as a regression test.
"""

from __future__ import annotations

import functools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_helpers import REPO as ROOT, SCENARIOS, rulebook
from fuzz_helpers import (OPS, SNIPPETS, TIME_LIMIT_S, check_diagnostics, mutate, program_seeds, random_ops,
                          rulebook_seeds, scenario_seeds, time_guard, unsafe_texts)
from game import cli
from game.content.diagnostics import Diagnostics
from game.content.lint import lint_scenario
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario
from game.engine.machine import compile_scenario
from game.records.programs import load_program

EXAMPLES = 2_000
LONG_EXAMPLES = 20_000
MEMORY_LIMIT = 200 * 1024 * 1024
MEMORY_EVERY = 50  # every 50th input is loaded again under tracemalloc, to bound its peak memory
VALIDATE_FILES = 1_100
POSITIONED = re.compile(r"^\S.*:\d+:\d+: (error|warning): \S")

OPERATIONS = st.lists(
    st.tuples(st.integers(0, len(OPS) - 1), st.integers(0, 1 << 16), st.integers(0, 1 << 16),
              st.integers(0, len(SNIPPETS) - 1), st.text(max_size=8)),
    min_size=1, max_size=4)

Loader = Callable[[Path], tuple[Diagnostics, object]]


def _scenario(path: Path) -> tuple[Diagnostics, object]:
    result = load_scenario(path, rulebook(), "fuzz.yaml")
    if result.scenario is not None:  # what `validate` and `play` do next with a valid one
        lint_scenario(result.scenario)
        compile_scenario(result.scenario)
    return result.diagnostics, result.scenario


def _rulebook(path: Path) -> tuple[Diagnostics, object]:
    result = load_rulebook(path, "fuzz.yaml")
    return result.diagnostics, result.rulebook


def _program(path: Path) -> tuple[Diagnostics, object]:
    result = load_program(path, _library_ids(), "fuzz.yaml")
    return result.diagnostics, result.program


@functools.cache
def _library_ids() -> tuple[str, ...]:
    """The ids of the shipped scenarios (read from their `id:` lines: the programs name them)."""
    found = (re.search(r"(?m)^id: *(\S+)", p.read_text(encoding="utf-8")) for p in SCENARIOS.glob("*.yaml"))
    return tuple(sorted(m.group(1).strip("'\"") for m in found if m))


KINDS: dict[str, tuple[Callable[[], list[str]], Loader]] = {
    "scenario": (scenario_seeds, _scenario),
    "rulebook": (rulebook_seeds, _rulebook),
    "program": (program_seeds, _program),
}


def peak_memory(load: Loader, path: Path) -> int:
    """The most memory loading `path` takes, in bytes."""
    tracemalloc.start()
    try:
        load(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def check_one(load: Loader, path: Path, data: bytes, measure: bool = False) -> None:
    """Load one mutated file and hold the loader to the rules of the module docstring."""
    path.write_bytes(data)
    with time_guard(TIME_LIMIT_S):
        diags, loaded = load(path)
    check_diagnostics(diags, "fuzz.yaml", data)
    if loaded is not None:
        assert not diags.has_errors
        assert unsafe_texts(loaded) == []
    else:
        assert diags.has_errors, "refused without saying why"
    if measure:
        assert peak_memory(load, path) < MEMORY_LIMIT


@pytest.fixture
def fast_tmp(tmp_path: Path) -> Iterator[Path]:
    """A scratch folder in memory when the machine has one (/dev/shm): each example writes its file,
    and on a disk that costs a couple of milliseconds, most of the run."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="ardojo-fuzz-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fuzz_examples(request: pytest.FixtureRequest) -> tuple[int, bool]:
    """How many examples per kind, and whether to draw them the same way every run."""
    long = request.config.getoption("--fuzz-long", default=False)
    return (LONG_EXAMPLES, False) if long else (EXAMPLES, True)


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_files_load_or_are_refused_with_a_position(kind: str, fast_tmp: Path,
                                                           fuzz_examples: tuple[int, bool]) -> None:
    seeds_of, load = KINDS[kind]
    seeds = seeds_of()
    for seed in seeds:  # every unmutated file is valid
        diags, loaded = load(_write(fast_tmp / "seed.yaml", seed))
        assert loaded is not None, [d.format() for d in diags.errors]
    path = fast_tmp / "fuzz.yaml"
    examples, fixed = fuzz_examples
    count = [0]

    @settings(max_examples=examples, derandomize=fixed, deadline=None, database=None,  # time_guard times it
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture])
    @given(seed=st.integers(0, len(seeds) - 1), ops=OPERATIONS)
    def loads_or_refuses(seed: int, ops: list) -> None:
        count[0] += 1
        check_one(load, path, mutate(seeds[seed], ops), measure=count[0] % MEMORY_EVERY == 0)

    loads_or_refuses()
    assert count[0] >= examples


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_validate_never_prints_a_traceback(fast_tmp: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """`ardojo validate` over 1,100 mutated scenario and program files (in batches of 100, as a
    trainer would run it on a folder): every output line is a positioned diagnostic or the summary.
    The last batch is also run as a subprocess (`python main.py validate`), with the same output."""
    rng = random.Random(20261123)
    scenarios, programs = scenario_seeds(), program_seeds()
    folder = fast_tmp / "lib"
    (folder / "programs").mkdir(parents=True)
    (folder / "rulebook.yaml").write_bytes((SCENARIOS / "rulebook.yaml").read_bytes())
    for batch in range(VALIDATE_FILES // 100):
        for stale in [*folder.glob("*.yaml"), *(folder / "programs").glob("*.yaml")]:
            if stale.name != "rulebook.yaml":
                stale.unlink()
        for number in range(100):
            kind_programs = number % 5 == 4
            seeds = programs if kind_programs else scenarios
            target = folder / "programs" if kind_programs else folder
            (target / f"m{batch:02d}-{number:03d}.yaml").write_bytes(mutate(rng.choice(seeds), random_ops(rng)))
        with time_guard(60):
            code = cli.main(["validate", str(folder)])
        out, err = capfd.readouterr()
        lines = out.splitlines()
        assert code in (0, 1) and err == ""
        assert lines[-1].startswith(("ok: ", "FAILED: ")) and len(lines) > 50, lines[-1]
        for line in lines[:-1]:
            assert POSITIONED.match(line), line
    # the last batch once more through the real entry point, as a user runs it
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "validate", str(folder)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode in (0, 1) and done.stderr == "" and "Traceback" not in done.stdout
    assert done.stdout == out
