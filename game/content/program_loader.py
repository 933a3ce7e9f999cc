"""Onboarding programs: `scenarios/programs/*.yaml`, authored YAML loaded and validated like scenarios.

A program is a named track of scenarios in order, with pass thresholds, attempts allowed and which
scenarios unlock others, and optionally a roster, an organisation and the stuck/abandon limits (see
`game.content.program_model` and docs/programs.md). Every problem is reported as
`file:line:col: error: ... (hint: ...)` through the same safe YAML reader and `Fields` accessors as
scenarios; nothing here raises for a user mistake. Grading against programs lives in `game.records`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Collection, Iterable, Mapping

from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.fields import Fields
from game.content.library import YAML_SUFFIXES, Library, display_path, load_library
from game.content.model import MARK_KEYS, frozen_map
from game.content.program_model import Program, ProgramResult, ProgramSet, ProgramStep
from game.content.program_roster import read_organisation, read_roster
from game.content.yaml_source import YNode, YScalar, YSeq, describe, load_yaml

PROGRAM_FORMAT = 1
PROGRAMS_DIRNAME = "programs"
DEFAULT_ATTEMPTS = 3
MAX_ATTEMPTS = 99
MAX_STUCK_DAYS = 365
MAX_ABANDON_MINUTES = 7 * 24 * 60
THRESHOLD_KEYS: tuple[str, ...] = MARK_KEYS
PROGRAM_KEYS = ("format", "id", "title", "summary", "attempts", "pass", "stuck_after_days", "abandon_after_minutes",
                "organisation", "roster", "scenarios")
STEP_KEYS = ("id", "requires", "attempts", "pass", "recall")
REQUIRED_KEYS = ("format", "id", "title", "scenarios")
DOC = "docs/programs.md"


def programs_dir(scenarios_dir: Path) -> Path:
    """Where a scenarios folder keeps its programs."""
    return Path(scenarios_dir) / PROGRAMS_DIRNAME


def program_files(folder: Path) -> list[Path]:
    """The program files in a programs folder (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def split_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Split what `ardojo validate` was given into scenario paths and program files: a scenarios
    folder brings its programs/ subfolder; a programs folder or a file in one holds programs."""
    scenario_paths: list[Path] = []
    programs: list[Path] = []
    for path in paths:
        if path.is_dir() and path.name == PROGRAMS_DIRNAME:
            programs.extend(program_files(path))
        elif path.is_file() and path.parent.name == PROGRAMS_DIRNAME:
            programs.append(path)
        else:
            scenario_paths.append(path)
            if path.is_dir():
                programs.extend(program_files(programs_dir(path)))
    return scenario_paths, programs


def load_for_validation(paths: Iterable[Path], rulebook: Path | None) -> tuple[Library, ProgramSet]:
    """What `ardojo validate` checks: the scenarios and the programs among `paths`, with every program
    diagnostic added to the library's. Programs given alone are checked against their own library."""
    scenario_paths, program_paths = split_paths(paths)
    library = load_library(scenario_paths, rulebook) if scenario_paths or not program_paths else Library(None)
    known = library.scenarios
    if program_paths and not scenario_paths:
        known = load_library([program_paths[0].resolve().parent.parent], rulebook).scenarios
    programs = load_programs(program_paths, known)
    library.diagnostics.extend(programs.diagnostics.items)
    library.files_checked += programs.files_checked
    return library, programs


def load_program_set(scenarios_dir: Path, scenario_ids: Collection[str]) -> ProgramSet:
    """The programs of a scenarios folder (its programs/ subfolder), checked against `scenario_ids`."""
    return load_programs(program_files(programs_dir(scenarios_dir)), scenario_ids)


def load_programs(files: Iterable[Path], scenario_ids: Collection[str]) -> ProgramSet:
    """Load and check program files against the scenario ids of the library; duplicate ids are errors."""
    result = ProgramSet()
    for file in files:
        loaded = load_program(file, scenario_ids, display_path(file))
        result.files_checked += 1
        result.diagnostics.extend(loaded.diagnostics.items)
        program = loaded.program
        if program is None:
            continue
        first = result.programs.get(program.id)
        if first is not None:
            result.diagnostics.error(program.pos, f"duplicate program id '{program.id}' (also in {first.path})",
                                     "program ids must be unique", code="duplicate-id")
            continue
        result.programs[program.id] = program
    return result


def load_program(path: Path, scenario_ids: Collection[str], display: str | None = None) -> ProgramResult:
    """Load and validate one program file; `scenario_ids` are the scenarios that exist."""
    diags = Diagnostics()
    file = display or str(path)
    tree = load_yaml(path, diags, file)
    if tree is None:
        return ProgramResult(None, diags)
    program = _Builder(file, diags, tuple(scenario_ids), Path(path)).build(tree)
    return ProgramResult(None if diags.has_errors else program, diags)


class _Builder:
    def __init__(self, file: str, diags: Diagnostics, scenario_ids: tuple[str, ...], path: Path | None = None) -> None:
        self.file = file
        self.path = path
        self.diags = diags
        self.scenario_ids = scenario_ids
        self.wanted: dict[str, tuple[tuple[str, SourcePos], ...]] = {}  # step id -> requires as written

    def build(self, tree: YNode) -> Program | None:
        top = Fields(tree, "the program", self.diags, PROGRAM_KEYS, SourcePos(self.file, 1, 1))
        if not top.ok:
            return None
        for key in REQUIRED_KEYS:
            if not top.has(key):
                self.diags.error(top.anchor, f"the program is missing the required key '{key}'",
                                 f"add `{key}:` (see {DOC})", code="missing-key")
        fmt = top.integer("format", 1, 999, required=top.has("format"))
        if fmt is not None and fmt != PROGRAM_FORMAT:
            self.diags.error(top.map.get("format").pos, f"program is written for format {fmt}; this AR Dojo "
                             f"reads format {PROGRAM_FORMAT}", "write `format: 1`", code="format")
        program_id = top.ident("id", required=top.has("id"))
        title = top.text("title", required=top.has("title"))
        summary = top.text("summary", required=False)
        attempts = top.integer("attempts", 1, MAX_ATTEMPTS, required=False, default=DEFAULT_ATTEMPTS)
        thresholds = self.thresholds(top, "the program's pass")
        stuck = top.integer("stuck_after_days", 1, MAX_STUCK_DAYS, required=False)
        abandon = top.integer("abandon_after_minutes", 1, MAX_ABANDON_MINUTES, required=False)
        organisation = read_organisation(top, self.diags, self.path)
        roster = read_roster(top, self.diags)
        steps = self.steps(top, attempts or DEFAULT_ATTEMPTS, thresholds)
        top.finish()
        steps = self.check_requires(steps)
        return Program(program_id, title, summary, tuple(steps), self.file, top.pos, roster=roster,
                       stuck_after_days=stuck, abandon_after_minutes=abandon, organisation=organisation)

    def thresholds(self, parent: Fields, where: str) -> dict[str, int]:
        if not parent.has("pass"):
            return {}
        pf = parent.sub("pass", where, THRESHOLD_KEYS)
        out = {}
        for key in THRESHOLD_KEYS:
            value = pf.integer(key, 0, 100, required=False)
            if value is not None:
                out[key] = value
        pf.finish()
        return out

    def steps(self, top: Fields, attempts: int, thresholds: dict[str, int]) -> list[ProgramStep]:
        seq = top.seq("scenarios", required=top.has("scenarios"))
        if seq is None:
            return []
        if not seq.items:
            self.diags.error(seq.pos, "the program lists no scenarios", "add at least one `- id: scenario-id`",
                             code="missing-key")
        steps: list[ProgramStep] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(seq.items):
            if isinstance(item, YScalar) and isinstance(item.value, str):
                step_id, requires, step_attempts, overrides = item.value.strip(), (), attempts, {}
                recall = False
                pos = item.pos
                self.check_scenario(step_id, pos)
            else:
                sf = Fields(item, f"scenario {index + 1} of the program", self.diags, STEP_KEYS, item.pos)
                if not sf.ok:
                    continue
                if not sf.has("id"):
                    self.diags.error(item.pos, f"scenario {index + 1} of the program has no 'id'",
                                     "write `- id: scenario-id`", code="missing-key")
                step_id = sf.text("id", required=sf.has("id"))
                pos = sf.map.get("id").pos if sf.has("id") else item.pos
                if step_id:
                    self.check_scenario(step_id, pos)
                requires = self.requires(sf)
                step_attempts = sf.integer("attempts", 1, MAX_ATTEMPTS, required=False, default=attempts)
                overrides = self.thresholds(sf, f"the pass of '{step_id}'")
                recall = self.recall(sf)
                sf.finish()
            if not step_id:
                continue
            if step_id in seen:
                self.diags.error(pos, f"'{step_id}' is listed twice in the program (first at line {seen[step_id]})",
                                 "list each scenario once", code="duplicate-id")
                continue
            seen[step_id] = pos.line
            self.wanted[step_id] = requires
            steps.append(ProgramStep(step_id, (), step_attempts or attempts,
                                     frozen_map({**thresholds, **overrides}), pos, recall))
        return steps

    def recall(self, sf: Fields) -> bool:
        """`recall: true` (the trainee answers in their own words); false or absent: they may pick."""
        node = sf.node("recall", required=False)
        if node is None:
            return False
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.diags.error(node.pos, f"'recall' in {sf.where} must be true or false, got {describe(node)}",
                         "write `recall: true` to have the trainee answer in their own words", code="type")
        return False

    def check_scenario(self, scenario_id: str, pos: SourcePos) -> None:
        if scenario_id not in self.scenario_ids:
            hint = did_you_mean(scenario_id, self.scenario_ids) or \
                (f"scenarios in the library: {', '.join(self.scenario_ids)}" if self.scenario_ids else
                 "the library has no valid scenarios; run `ardojo validate`")
            self.diags.error(pos, f"no scenario '{scenario_id}' in the library", hint, code="missing-scenario")

    def requires(self, sf: Fields) -> tuple[tuple[str, SourcePos], ...]:
        node = sf.node("requires", required=False)
        if node is None:
            return ()
        items = node.items if isinstance(node, YSeq) else (node,)
        out = []
        for item in items:
            if isinstance(item, YScalar) and isinstance(item.value, str) and item.value.strip():
                out.append((item.value.strip(), item.pos))
            else:
                self.diags.error(item.pos, f"'requires' lists scenario ids, got {describe(item)}",
                                 "write `requires: [sunrise-bakery]`", code="type")
        return tuple(out)

    def check_requires(self, steps: list[ProgramStep]) -> list[ProgramStep]:
        """Every requirement names a step of this program (not itself), and nothing requires itself
        through a chain. Returns the steps with their requirements filled in."""
        ids = [s.scenario_id for s in steps]
        order = {sid: i for i, sid in enumerate(ids)}
        graph: dict[str, tuple[str, ...]] = {}
        for i, step in enumerate(steps):
            kept = []
            for req, pos in self.wanted[step.scenario_id]:
                if req == step.scenario_id:
                    self.diags.error(pos, f"'{req}' requires itself", "remove it from its own `requires`",
                                     code="cycle")
                elif req not in order:
                    hint = did_you_mean(req, ids) or f"scenarios of this program: {', '.join(ids)}"
                    self.diags.error(pos, f"'{step.scenario_id}' requires '{req}', which is not in this program",
                                     hint, code="missing-scenario")
                else:
                    if order[req] > i:
                        self.diags.warning(pos, f"'{step.scenario_id}' requires '{req}', which is listed after it",
                                           "list scenarios in the order trainees take them", code="order")
                    kept.append(req)
            graph[step.scenario_id] = tuple(dict.fromkeys(kept))
        cycle = find_cycle(graph)
        if cycle:
            pos = next(p for r, p in self.wanted[cycle[0]] if r == cycle[1])
            self.diags.error(pos, f"the requirements go round in a circle: {' -> '.join(cycle)}",
                             "a scenario cannot (even indirectly) require itself; remove one `requires` entry",
                             code="cycle")
        return [replace(step, requires=graph[step.scenario_id]) for step in steps]


def find_cycle(graph: Mapping[str, tuple[str, ...]]) -> list[str]:
    """A cycle in a requirements graph as [a, b, ..., a], or [] when there is none."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for start in graph:
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []
