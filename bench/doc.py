"""docs/performance.md from one run of every benchmark (used by run_all.py; not a benchmark itself).

`machine()` describes the computer the run happened on; `render(...)` turns the benchmarks' `Results`
(and how each process ended) into the Markdown page: the machine, a summary table of every figure
beside its target and the naive way measured in the same run, the misses and why, then every run of
every figure, benchmark by benchmark.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from results import INFO, MISSED, NOT_MEASURED, OK, Measure, Results, fmt

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Outcome:
    """How one benchmark process ended: its exit code, wall time, and its results (None if it crashed)."""

    name: str
    returncode: int
    seconds: float
    results: Results | None
    tail: str = ""  # the end of its output, when it crashed


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.MULTILINE)
    return found.group(1).strip() if found else ""


def _version(module: str) -> str:
    try:
        mod = __import__(module)
    except Exception:  # noqa: BLE001 - a missing or broken package is reported as such
        return "not installed"
    return str(getattr(mod, "__version__", "?"))


def machine() -> dict[str, str]:
    """What the run happened on: CPU, cores, memory, OS, Python and the libraries that matter here."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    release = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    mem_kb = _first(r"^MemTotal:\s+(\d+)", meminfo)
    try:
        import yaml
        libyaml = "with libyaml: CSafeLoader" if yaml.__with_libyaml__ else "no libyaml"
        yaml_text = f"PyYAML {yaml.__version__} ({libyaml})"
    except ImportError:
        yaml_text = "PyYAML not installed"
    try:
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        import pygame
        pygame_text = f"pygame {pygame.version.ver} (SDL {'.'.join(map(str, pygame.get_sdl_version()))})"
    except ImportError:
        pygame_text = "pygame not installed"
    espeak = shutil.which("espeak-ng")
    espeak_text = "not installed"
    if espeak:
        done = subprocess.run([espeak, "--version"], capture_output=True, text=True)
        espeak_text = " ".join(done.stdout.split()[:4]) or "installed"
    load1, load5, load15 = os.getloadavg()
    return {
        "CPU": _first(r"^model name\s*:\s*(.+)$", cpuinfo) or platform.processor() or platform.machine(),
        "cores": f"{cores} logical CPUs ({usable} usable by this run)",
        "memory": f"{int(mem_kb) / 1024 / 1024:.1f} GB" if mem_kb else "?",
        "OS": (_first(r'^PRETTY_NAME="?([^"\n]+)', release) or platform.system()) + f", kernel {platform.release()}",
        "Python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "libraries": f"{yaml_text}; transitions {_version('transitions')}; {pygame_text}; "
                     f"SQLite {sqlite3.sqlite_version}; espeak-ng {espeak_text}",
        "load average at the start": f"{load1:.2f} (1 min), {load5:.2f} (5 min), {load15:.2f} (15 min)",
    }


def _sentence(text: str) -> str:
    """`text` as a sentence: a capital first letter and a final full stop."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?)" else ".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _median_cell(m: Measure) -> str:
    if m.skipped:
        return "not measured"
    return fmt(m.median, m.unit)


def _worst_cell(m: Measure) -> str:
    return fmt(m.worst, m.unit) if len(m.runs) > 1 else "–"


def _verdict_cell(m: Measure) -> str:
    status = m.status
    if status == MISSED:
        return "**MISSED**"
    if status == NOT_MEASURED:
        return f"not measured: {m.skipped}"
    return "OK" if status == OK else "–"


def _naive_cell(m: Measure) -> str:
    return "; ".join(n.text() for n in m.naive) or "–"


def _ratio(m: Measure) -> str:
    if m.unit == "check" or not m.runs or not m.target:
        return ""
    ratio = m.target / m.median if m.higher_is_better else m.median / m.target
    return f" ({ratio:,.1f}× the target)" if ratio >= 1.05 else ""


def summary_lines(outcomes: list[Outcome]) -> list[str]:
    """The verdict in a few lines: how many targets met, which missed, what was not measured or crashed."""
    measures = [m for o in outcomes if o.results for m in o.results.measures]
    targeted = [m for m in measures if m.target is not None and not m.skipped]
    missed = [m for m in targeted if m.status == MISSED]
    lines = [f"**{len(targeted) - len(missed)} of {len(targeted)} targets met**"
             + (f"; **{len(missed)} missed**, each named with why under *Misses, and why* below." if missed else
                ": none missed.")]
    skipped = [m for m in measures if m.skipped]
    if skipped:
        lines.append("Not measured here: " + "; ".join(f"{m.name} ({m.skipped})" for m in skipped) + ".")
    crashed = [o for o in outcomes if o.results is None]
    if crashed:
        lines.append("**Crashed, so not measured:** " + ", ".join(f"{o.name} (exit {o.returncode})" for o in crashed)
                     + " — see below.")
    return lines


def render(outcomes: list[Outcome], info: dict[str, str], *, quick: bool, command: str, started: str,
           seconds: float, load_after: str) -> str:
    """The whole performance page."""
    out = ["# Performance", ""]
    mode = (" **Quick mode**: small sizes and single runs, to check the harness; these figures are not the "
            "product's.") if quick else ""
    out += [f"Written by `{command}` (`bench/run_all.py`) on {started}, from that one run: every figure below "
            f"is from it, every run is shown (never the best of several), and each figure is judged by its "
            f"median, with the worst run beside it. The whole run took {seconds / 60:,.1f} minutes. Regenerate "
            f"with `make bench`; do not edit by hand.{mode}", ""]
    out += ["## The machine", "", "| | |", "| --- | --- |"]
    out += [f"| {k} | {_cell(v)} |" for k, v in {**info, "load average at the end": load_after}.items()]
    out += ["", "Other work may have shared these CPUs during the run (see the load averages): wall-clock "
            "figures include any time spent waiting for a CPU; where that matters a CPU-time figure is given "
            "beside them.", ""]
    out += ["## Summary", ""] + [line + "  " for line in summary_lines(outcomes)] + [""]
    out += ["| benchmark | measure | median | worst | target | verdict | the naive way, same run |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for o in outcomes:
        if o.results is None:
            out.append(f"| {o.name} | (crashed: exit {o.returncode}) | – | – | – | **FAILED** | – |")
            continue
        for m in o.results.measures:
            out.append(f"| {o.name} | {_cell(m.name)} | {_median_cell(m)} | {_worst_cell(m)} | {m.target_text()} | "
                       f"{_cell(_verdict_cell(m))} | {_cell(_naive_cell(m))} |")
    out += ["", "## Misses, and why", ""]
    missed = [(o, m) for o in outcomes if o.results for m in o.results.missed]
    if not missed and all(o.results for o in outcomes):
        out.append("None: every target was met in this run.")
    for o, m in missed:
        out.append(f"- **{m.name}** ({o.name}): median {fmt(m.median, m.unit)} against {m.target_text()}"
                   f"{_ratio(m)}. {_sentence(m.why) or 'No explanation was recorded.'}")
    for o in outcomes:
        if o.results is None:
            out.append(f"- **{o.name} crashed** (exit {o.returncode}), so none of its figures exist in this run. "
                       f"The end of its output:")
            out += ["", "  ```", *[f"  {line}" for line in o.tail.splitlines()[-12:]], "  ```"]
    out += ["", "## Every figure, benchmark by benchmark", ""]
    for o in outcomes:
        out += _section(o)
    return "\n".join(out).rstrip() + "\n"


def _section(o: Outcome) -> list[str]:
    r = o.results
    if r is None:
        return [f"### {o.name} (crashed)", "", f"Exit code {o.returncode} after {o.seconds:,.1f} s; no results.", ""]
    out = [f"### {r.title}", "", f"`bench/{o.name}.py`, {o.seconds:,.1f} s. {r.about}".rstrip(), ""]
    for m in r.measures:
        if m.skipped:
            out.append(f"- **{m.name}**: not measured: {m.skipped}" + (f" (target {m.target_text()})" if m.target
                                                                     is not None else ""))
            continue
        verdict = {OK: "OK", MISSED: "**MISSED**", INFO: "no target"}[m.status]
        source = f", {m.target_source}" if m.target_source and m.target is not None else ""
        if m.unit == "check":
            figure = fmt(m.median, m.unit)
        elif len(m.runs) > 1:
            figure = (f"median {fmt(m.median, m.unit)}, worst {fmt(m.worst, m.unit)}; "
                      f"{len(m.runs)} runs: {m.runs_text()}")
        else:
            figure = f"{fmt(m.median, m.unit)} (1 run)"
        target = f"target {m.target_text()}{source}: {verdict}" if m.target is not None else verdict
        out.append(f"- **{m.name}**: {figure}. {target}.")
        if m.detail:
            out.append(f"  {m.detail}")
        for n in m.naive:
            runs = f"; runs: {', '.join(fmt(v, n.unit) for v in n.runs)}" if len(n.runs) > 1 else ""
            out.append(f"  - naive, {n.text()}{runs}")
        if m.status == MISSED and m.why:
            out.append(f"  - why missed: {_sentence(m.why)}")
    if r.notes:
        out += ["", "Notes from the run:", ""] + [f"- {_cell(note)}" for note in r.notes]
    return out + [""]


def now() -> str:
    """The current UTC time, as the page states it."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
