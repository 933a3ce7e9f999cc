"""Validating a library of 1,000 scenario files, as an organisation with a large library would.

The library is the shipped scenarios copied over and over under new ids (`<id>-0001` ...) into a
temporary folder with the rulebook, so every file is a real, valid call of real size (~30 kB) and each
has to be read, validated and linted. Measured:

1. `ardojo validate DIR` as a user runs it (a new process: interpreter start, the rulebook, every file
   read, validated and linted, the programs), every run, with the process's peak memory;
2. the same in process (`load_library`), every run;
3. the naive ways, each measured on a sample of the files in the same run and scaled to the whole
   library: the same loader with PyYAML's pure-Python parser in place of libyaml; and one
   `ardojo validate FILE` process per file (what a per-file hook or a shell loop does).

Usage: python bench/bench_library.py [--files N] [--runs N]     (BENCH_QUICK=1: 10 files, 1 run)
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from results import Naive, arguments, begin, cpu_words, fmt, scenarios_dir, sized
from timing import ROOT, run_child, time_once, timed_runs

from game.content import yaml_source
from game.content.library import load_library

#: 20 ms per file: the budget a trainer waiting on `ardojo validate` of a 1,000-call library gets (20 s),
#: about what one shipped scenario costs alone; set here, no issue sets one.
TARGET_S_PER_1000 = 20.0
ID_LINE = re.compile(r"^id:\s*(\S+)\s*$", re.MULTILINE)
SCHEMA_LINE = re.compile(r"\A# yaml-language-server:[^\n]*\n")


def build_library(folder: Path, count: int) -> list[Path]:
    """`count` scenario files (the shipped ones under new ids, round robin) plus the rulebook in `folder`."""
    source = scenarios_dir(ROOT)
    shutil.copy(source / "rulebook.yaml", folder / "rulebook.yaml")
    originals = [p for p in sorted(source.glob("*.yaml")) if p.name != "rulebook.yaml"]
    # their `# yaml-language-server: $schema=...` line pointed again at the schema from the new folder
    schema = os.path.relpath(ROOT / "game" / "content" / "schema" / "scenario.schema.json", folder)
    texts = [SCHEMA_LINE.sub(f"# yaml-language-server: $schema={schema}\n", p.read_text(encoding="utf-8"), count=1)
             for p in originals]
    files = []
    for n in range(count):
        text = texts[n % len(texts)]
        found = ID_LINE.search(text)
        if found is None:
            raise SystemExit(f"{originals[n % len(texts)].name} has no top-level `id:` line")
        new_id = f"{found.group(1)}-{n:04d}"
        path = folder / f"{new_id}.yaml"
        path.write_text(text[:found.start()] + f"id: {new_id}" + text[found.end():], encoding="utf-8")
        files.append(path)
    return files


def in_process(folder: Path) -> int:
    library = load_library([folder])
    if library.diagnostics.has_errors:
        raise SystemExit("the generated library has errors: "
                         + "; ".join(d.format() for d in library.diagnostics.errors[:3]))
    return len(library.scenarios)


def pure_python(folder: Path, runs: int) -> list[float]:
    """load_library of `folder` with PyYAML's pure-Python parser in place of libyaml (ms per run)."""
    saved = yaml_source.Loader
    yaml_source.Loader = yaml.SafeLoader
    try:
        return timed_runs(lambda: in_process(folder), runs, warmup=0)[0]
    finally:
        yaml_source.Loader = saved


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__)
    parser.add_argument("--files", type=int, default=sized(1000, 10), help="scenario files (default 1,000)")
    parser.add_argument("--runs", type=int, default=sized(2, 1), help="runs per figure (default 2)")
    args = parser.parse_args(argv)
    r = begin("bench_library", f"Validation of a {args.files:,}-scenario library",
              "The shipped scenarios copied under new ids into one folder: each file a real, valid call.")
    target_s = TARGET_S_PER_1000 * args.files / 1000
    with tempfile.TemporaryDirectory(prefix="ardojo-bench-library-") as tmp:
        folder = Path(tmp) / "library"
        folder.mkdir()
        files = build_library(folder, args.files)
        size = sum(p.stat().st_size for p in files)
        r.note(f"{len(files):,} files, {size / 1e6:,.1f} MB of YAML")
        sample_dir = Path(tmp) / "sample"
        sample_dir.mkdir()
        sample = files[:sized(30, 5)]
        for p in [*sample, folder / "rulebook.yaml"]:
            shutil.copy(p, sample_dir / p.name)
        scale = len(files) / len(sample)
        pure = pure_python(sample_dir, 1)
        libyaml = timed_runs(lambda: in_process(sample_dir), 1, warmup=0)[0]
        naive_loader = Naive("the same loader with PyYAML's pure-Python parser", [t * scale / 1e3 for t in pure], "s",
                             f"{fmt(pure[0], 'ms')} for {len(sample)} files (libyaml: {fmt(libyaml[0], 'ms')}), "
                             f"x{scale:,.1f}", extrapolated=True)
        each = [run_child([sys.executable, "-m", "game", "validate", str(p)], cwd=folder).seconds
                for p in sample[:sized(8, 1)]]
        naive_procs = Naive("one `ardojo validate FILE` process per file", [statistics.mean(each) * len(files)], "s",
                            f"mean {fmt(statistics.mean(each) * 1e3, 'ms')} per file over {len(each)} files, "
                            f"x{len(files):,}", extrapolated=True)

        cli, peaks, cpus = [], [], []
        for _ in range(args.runs):
            done = run_child([sys.executable, "-m", "game", "validate", str(folder)], cwd=folder, timeout=900)
            if done.returncode != 0:
                raise SystemExit(f"`ardojo validate` failed (exit {done.returncode}): {done.stdout[-400:]} "
                                 f"{done.stderr[-400:]}")
            cli.append(done.seconds)
            peaks.append(done.peak_mb)
            cpus.append(done.cpu_seconds)
        said = done.stdout.strip().splitlines()[-1]
        per_file = statistics.median(cli) / len(files) * 1e3
        r.measure(f"`ardojo validate` of the {len(files):,}-file library, end to end", cli, "s", target=target_s,
                  source="set here (20 ms a file; no issue sets one)", naive=[naive_loader, naive_procs],
                  detail=f"it says: {said}; {fmt(per_file, 'ms')} per file",
                  why=f"{fmt(per_file, 'ms')} per file; "
                      f"{cpu_words(statistics.median(cpus) * 1e3, statistics.median(cli) * 1e3)}: reading, validating "
                      "and linting each ~30 kB file in pure Python (bench_core shows where a load goes)")
        r.measure(f"peak memory of `ardojo validate` of the {len(files):,}-file library", peaks, "MB",
                  detail="every valid scenario is kept in memory until the report is printed")
        cpu_began = time.process_time()
        times, count = timed_runs(lambda: in_process(folder), 1, warmup=0)
        cpu = time.process_time() - cpu_began
        r.measure(f"load_library of the {len(files):,}-file library, in process", [t / 1e3 for t in times], "s",
                  target=target_s, source="set here", detail=f"{count:,} scenarios loaded; CPU time {cpu:,.1f} s",
                  why=f"CPU time {cpu:,.1f} s: {cpu / len(files) * 1e3:,.1f} ms of CPU per file to read, validate "
                      "and lint it")
        first_ms, _ = time_once(lambda: in_process(sample_dir))
        r.note(f"for scale: load_library of the {len(sample)}-file sample: {fmt(first_ms, 'ms')}")
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
