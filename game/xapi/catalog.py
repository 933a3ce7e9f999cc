"""What the statements need beyond the records: the scenarios (titles, summaries, each node's replies and
which were the top ones at each decision) and the programs (their titles, rosters, idle limits).

Everything is optional: a call whose scenario is no longer in the library, or has changed since the call
(another content hash), gets statements from the records alone, as before. The top replies at a decision
are the grade's own (`DecisionScore.top`, found by re-playing the call's stored decisions through the
engine with its seed), never re-computed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from game.content.model import Node, Scenario
from game.engine.call import Call, CallError
from game.engine.machine import CompiledScenario, compile_scenario
from game.records.rows import CallRow, StoredDecision

try:  # the program loader moved to game.content (issue 13); older trees keep it in game.records
    from game.content.program_loader import load_program_set
except ImportError:  # pragma: no cover
    from game.records.programs import load_program_set  # type: ignore[no-redef]


@dataclass
class Catalog:
    """The library and programs the statements are described from (both may be empty)."""

    scenarios: Mapping[str, Scenario] = field(default_factory=dict)
    programs: Mapping[str, Any] = field(default_factory=dict)
    campaigns: Mapping[str, Any] = field(default_factory=dict)  # id -> Campaign (titles of campaign weeks)
    _compiled: dict[str, CompiledScenario] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, scenarios_dir: Path | None = None) -> "Catalog":
        """The default library (`$ARDOJO_SCENARIOS`, else the installed one), its programs and campaigns; an
        empty catalog when it cannot be read (statements then come from the records alone)."""
        from game.content.library import default_scenarios_dir, load_library

        folder = Path(scenarios_dir) if scenarios_dir is not None else default_scenarios_dir()
        try:
            library = load_library([folder])
            programs = load_program_set(folder, library.scenarios).programs
        except (OSError, ValueError):
            return cls()
        from game.records.week_audit import campaigns_in
        return cls(dict(library.scenarios), dict(programs), campaigns_in(folder, library.scenarios))

    def scenario(self, call: CallRow) -> Scenario | None:
        """The call's scenario as it was played (same content hash), or None."""
        scenario = self.scenarios.get(call.scenario_id)
        return scenario if scenario is not None and scenario.content_hash == call.scenario_hash else None

    def node(self, call: CallRow, node_id: str) -> Node | None:
        """A node of the call's scenario as played, or None."""
        scenario = self.scenario(call)
        return None if scenario is None else scenario.nodes.get(node_id)

    def top_replies(self, call: CallRow, decisions: Sequence[StoredDecision]) -> list[tuple[str, ...]] | None:
        """Per decision, the stable ids of the top replies there (the grade's own), or None when the
        call cannot be re-played (scenario gone or changed, decisions that do not fit)."""
        scenario = self.scenario(call)
        if scenario is None or not decisions:
            return None if scenario is None else []
        if scenario.id not in self._compiled:
            self._compiled[scenario.id] = compile_scenario(scenario)
        machine = self._compiled[scenario.id]
        try:
            replayed = Call.replay(machine, [d.choice for d in decisions], call.seed)
        except (CallError, IndexError, KeyError, ValueError):
            return None
        try:
            out = []
            for step, stored in zip(replayed.steps, decisions):
                if step.node.id != stored.node:
                    return None
                out.append(tuple(step.node.choices[i].id for i in step.scored.top))
            return out if len(out) == len(decisions) else None
        finally:
            replayed.close()

    def campaign(self, campaign_id: str | None) -> Any | None:
        """The campaign with this id, or None."""
        return self.campaigns.get(campaign_id) if campaign_id else None

    def program(self, program_id: str | None) -> Any | None:
        """The program with this id, or None (no id, or not in the library)."""
        return self.programs.get(program_id) if program_id else None

    def member(self, trainee: str, program_id: str | None) -> Any | None:
        """The roster member for a trainee: in the call's program, else in the first program that lists
        them (a practice call); None when no roster names them."""
        first = self.program(program_id)
        for program in ([first] if first is not None else []) + [p for p in self.programs.values() if p is not first]:
            finder = getattr(program, "member", None)
            found = finder(trainee) if callable(finder) and getattr(program, "roster", ()) else None
            if found is not None:
                return found
        return None
