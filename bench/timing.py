"""Small timing and memory helpers shared by the bench_*.py scripts (not a benchmark itself)."""

from __future__ import annotations

import gc
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Sequence, TypeVar

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so `import game` works however the script is started
    sys.path.insert(0, str(ROOT))


def time_once(fn: Callable[[], T], *, collect: bool = True) -> tuple[float, T]:
    """Run `fn` once and return (milliseconds, result). A full GC first (when `collect`) so that
    garbage left by a previous run is not charged to this one; GC stays enabled while timing."""
    if collect:
        gc.collect()
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1e3, result


def timed_runs(fn: Callable[[], T], runs: int, *, warmup: int = 1) -> tuple[list[float], T]:
    """Every one of `runs` timed runs of `fn` in milliseconds (after `warmup` untimed runs), and the last
    result. All runs are kept: the caller reports them all, never only the best."""
    result = None
    for _ in range(warmup):
        result = fn()
    times: list[float] = []
    for _ in range(runs):
        ms, result = time_once(fn)
        times.append(ms)
    return times, result  # type: ignore[return-value]


def cpu_ms(fn: Callable[[], object]) -> float:
    """Process CPU time of one run of `fn`, in milliseconds (what an idle core would take)."""
    gc.collect()
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1e3


def rss_mb() -> float:
    """This process's resident memory now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True)
class ChildRun:
    """A finished subprocess: wall seconds, its own peak resident memory (MB), exit code, output, and the
    CPU seconds it used (user + system, its children included)."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0


#: Runs argv[2:] as a grandchild and writes its own peak RSS (KB, from wait4) and CPU seconds (user +
#: system, its own children included) to the file argv[1]. A direct
#: child's ru_maxrss would include this (large) process's RSS when it forked; the wrapper is small
#: (python -S), and its grandchild's figure is the maximum of the two, so it is the command's own.
_PEAK_WRAPPER = """
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
children = os.times()
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_maxrss} {children.children_user + children.children_system}")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_child(command: Sequence[str], *, env: Mapping[str, str] | None = None, stdin: str | None = None,
              cwd: Path = ROOT, timeout: float = 600) -> ChildRun:
    """Run `command`, timing it and measuring its own peak resident memory (see _PEAK_WRAPPER). Killed
    with its process group after `timeout` seconds (exit code -9)."""
    with tempfile.NamedTemporaryFile(prefix="bench-peak-", delete=False) as handle:
        peak_file = Path(handle.name)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-S", "-c", _PEAK_WRAPPER, str(peak_file), *command], cwd=cwd,
                            env=dict(env) if env is not None else None, text=True, start_new_session=True,
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    killed = False
    try:
        out, err = proc.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        killed = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    seconds = time.perf_counter() - start
    try:
        peak_kb, cpu = peak_file.read_text().split()
    except (OSError, ValueError):
        peak_kb, cpu = "0", "0"
    peak_file.unlink(missing_ok=True)
    code = -9 if killed else (proc.returncode if proc.returncode < 128 else -(proc.returncode - 128))
    note = f"\n(killed after {timeout:.0f} s)" if killed else ""
    return ChildRun(seconds, int(peak_kb) / 1024, code, out, err + note, float(cpu))
