"""Small timing helpers shared by the bench_*.py scripts (not a benchmark itself)."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

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


def median_ms(fn: Callable[[], T], runs: int, *, warmup: int = 1) -> tuple[float, list[float], T]:
    """Median milliseconds of `runs` runs of `fn` after `warmup` untimed runs, all the times, and
    the last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    times: list[float] = []
    for _ in range(runs):
        ms, result = time_once(fn)
        times.append(ms)
    return statistics.median(times), times, result  # type: ignore[return-value]


def ms(value: float) -> str:
    """Milliseconds for humans: `31.2 ms`, `1,234 ms`."""
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def duration(seconds: float) -> str:
    """A long duration for humans: seconds, hours, days or years."""
    for unit, size in (("years", 365.25 * 86400), ("days", 86400), ("hours", 3600)):
        if seconds >= size:
            return f"{seconds / size:,.3g} {unit}"
    return f"{seconds:,.3g} s"


@dataclass
class Report:
    """Collects `name: value (target <= X) OK|MISSED` lines; `failed` lists missed targets."""

    failed: list[str] = field(default_factory=list)

    def check(self, name: str, value_ms: float, target_ms: float, detail: str = "") -> bool:
        ok = value_ms <= target_ms
        extra = f" [{detail}]" if detail else ""
        print(f"{name}: {ms(value_ms)} (target <= {target_ms:g} ms) {'OK' if ok else 'MISSED'}{extra}", flush=True)
        if not ok:
            self.failed.append(name)
        return ok

    def info(self, text: str) -> None:
        print(f"  {text}", flush=True)
