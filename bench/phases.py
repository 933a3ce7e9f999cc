"""Where the time of load + validate + compile goes, phase by phase, with the cyclic GC's pauses
charged to the phase during which they happened (a cProfile by tottime charges them to whatever
function happened to allocate, e.g. PyYAML's construct_scalar, which misleads).

The phases are found by wrapping, in this process only, the functions the game calls; nothing under
game/ is changed. Phases nest (build contains check_graph); times are exclusive of nested phases.
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import yaml

from game.content import scenario_loader, yaml_source

try:
    from game.content import yaml_build
except ImportError:  # an older loader without it
    yaml_build = None  # type: ignore[assignment]
from game.engine import machine


@dataclass
class Phase:
    """Exclusive wall time and GC pause time of one phase, in seconds."""

    name: str
    wall: float = 0.0
    gc: float = 0.0
    gc_collections: dict[int, int] = field(default_factory=dict)


class PhaseTimer:
    """Wraps functions so that their (exclusive) time and the GC pauses inside them are recorded."""

    def __init__(self) -> None:
        self.phases: dict[str, Phase] = {}
        self._stack: list[tuple[Phase, float, float]] = []  # (phase, start, nested time)
        self._gc_start = 0.0

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        phase = self.phases.setdefault(name, Phase(name))

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self._stack.append((phase, time.perf_counter(), 0.0))
            try:
                return fn(*args, **kwargs)
            finally:
                _, start, nested = self._stack.pop()
                spent = time.perf_counter() - start
                phase.wall += spent - nested
                if self._stack:
                    outer, outer_start, outer_nested = self._stack[-1]
                    self._stack[-1] = (outer, outer_start, outer_nested + spent)

        return wrapper

    def _on_gc(self, event: str, info: dict[str, int]) -> None:
        if event == "start":
            self._gc_start = time.perf_counter()
            return
        if not self._stack:  # e.g. an explicit gc.collect() between runs
            return
        phase = self._stack[-1][0]
        phase.gc += time.perf_counter() - self._gc_start
        generation = info["generation"]
        phase.gc_collections[generation] = phase.gc_collections.get(generation, 0) + 1

    @contextmanager
    def installed(self) -> Iterator["PhaseTimer"]:
        """Patch the phase functions (and restore them afterwards) and listen to the GC."""
        patches: list[tuple[Any, str, str]] = [
            (yaml, "compose", "yaml.compose (libyaml parse + PyYAML nodes + Python resolver)"),
            (getattr(yaml_source, "_Converter", None), "convert", "positioned tree (_Converter)"),
            (getattr(yaml_build, "TreeBuilder", None), "build",
             "parse + positioned tree (libyaml events, TreeBuilder)"),
            (getattr(scenario_loader, "_Builder", None), "build", "build model + field checks (_Builder)"),
            (scenario_loader, "check_graph", "graph checks (check_graph)"),
            (machine, "DialogueMachine", "transitions machine (DialogueMachine)"),
            (machine, "compute_ranges", "DP score ranges (compute_ranges)"),
        ]
        patches = [p for p in patches if hasattr(p[0], p[1])]  # tolerate renames in game/: skip, don't crash
        saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in patches]
        for owner, attr, name in patches:
            setattr(owner, attr, self.wrap(name, getattr(owner, attr)))
        gc.callbacks.append(self._on_gc)
        try:
            yield self
        finally:
            gc.callbacks.remove(self._on_gc)
            for owner, attr, original in saved:
                setattr(owner, attr, original)

    def table(self) -> list[str]:
        """One line per phase: exclusive ms, of which GC ms, and the share of the total."""
        total = sum(p.wall for p in self.phases.values()) or 1.0
        lines = []
        for p in sorted(self.phases.values(), key=lambda p: -p.wall):
            gens = ", ".join(f"gen{g} x{n}" for g, n in sorted(p.gc_collections.items()))
            lines.append(f"{p.name:<62} {p.wall * 1e3:8.1f} ms {p.wall / total:4.0%}   of which GC "
                         f"{p.gc * 1e3:7.1f} ms{f' ({gens})' if gens else ''}")
        return lines
