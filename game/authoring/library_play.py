"""Every call a trainee can really play in a library's scenarios, for the library rules
(game/authoring/library_rules.py) and the library tests: a depth-first walk with the engine's own
routing rule and scoring, the model call (the best reply a team lead would recommend at every decision),
the worst playable call, and the verdict of a call with a correct call log.

The shipped scenarios are small (a few thousand playable calls at most), so the walk enumerates them
all; `Call.replay` then plays the chosen calls through the real engine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from game.content.library import Library
from game.content.model import DIMENSIONS, Choice, Scenario
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.scoring import CallScore, eligible, score_call, score_decision
from game.engine.verdict import Marks, Verdict, decide
from game.engine.wrapup import expected_wrapup, review_wrapup


@dataclass(frozen=True)
class PlayedCall:
    """One playable call: the choices (0-based file indices), the nodes visited (start first, ending
    last), whether the last choice made the client hang up, and the engine's score for it."""

    choices: tuple[int, ...]
    nodes: tuple[str, ...]
    hung_up: bool
    score: CallScore

    @property
    def ending(self) -> str:
        return self.nodes[-1]

    def taken(self, scenario: Scenario) -> tuple[Choice, ...]:
        """The replies this call takes, in order."""
        return tuple(scenario.nodes[n].choices[i] for n, i in zip(self.nodes, self.choices))

    def sort_key(self) -> tuple:
        """Lower is worse: overall, then the sum of the dimensions, then the choices (deterministic)."""
        return (self.score.overall, sum(self.score.scores[d] for d in DIMENSIONS), self.choices)


class LibraryPlay:
    """The playable calls of one loaded library, each scenario compiled and walked once (memoised)."""

    def __init__(self, library: Library) -> None:
        self.library = library

    @functools.lru_cache(maxsize=None)
    def compiled(self, scenario_id: str) -> CompiledScenario:
        """The scenario compiled for the engine."""
        return compile_scenario(self.library.scenarios[scenario_id])

    @functools.lru_cache(maxsize=None)
    def playable_calls(self, scenario_id: str) -> tuple[PlayedCall, ...]:
        """Every call that can really be played, found depth first with the engine's routing and scoring
        (each decision scored against the options the meters give there, as `Call.choose` does)."""
        comp = self.compiled(scenario_id)
        scenario: Scenario = comp.scenario
        lookahead = comp.lookahead
        model = lookahead.model_commitment()
        out: list[PlayedCall] = []

        def walk(node_id: str, meters: dict[str, int], choices: tuple[int, ...], nodes: tuple[str, ...],
                 scored: tuple, hung_up: bool) -> None:
            if scenario.nodes[node_id].is_ending:
                out.append(PlayedCall(choices, nodes, hung_up, score_call(scenario, comp.ranges, scored, node_id,
                                                                          model)))
                return
            options = lookahead.options(node_id, meters)
            for option in options:
                decision = score_decision(len(scored) + 1, node_id, option.choice, options)
                target, after = option.target, dict(option.meters_after)
                hangs = target == scenario.hang_up_to and scenario.hang_up_due(after)
                walk(target, after, choices + (option.choice.index,), nodes + (target,), scored + (decision,), hangs)

        walk(scenario.start, dict(scenario.persona.mood), (), (scenario.start,), (), False)
        return tuple(out)

    @functools.lru_cache(maxsize=None)
    def best_choices(self, scenario_id: str) -> tuple[int, ...]:
        """The model call (0-based file indices): at every decision the best reply a team lead could
        recommend (not critical, breaking no rule, scoring zero or more) by the engine's value, ties going
        to the first in the file, as `Lookahead.model_commitment` plays it."""
        comp = self.compiled(scenario_id)
        scenario = comp.scenario
        node_id, meters, choices = scenario.start, dict(scenario.persona.mood), []
        while not scenario.nodes[node_id].is_ending:
            good = {c.index for c in eligible(scenario.nodes[node_id].choices)}
            options = [o for o in comp.lookahead.options(node_id, meters) if o.choice.index in good]
            if not options:
                break
            best = max(options, key=lambda o: (o.value, -o.choice.index))
            choices.append(best.choice.index)
            node_id, meters = best.target, dict(best.meters_after)
        return tuple(choices)

    def worst_call(self, scenario_id: str) -> PlayedCall:
        """The playable call with the lowest overall score (ties: lowest dimension sum, then choices)."""
        return min(self.playable_calls(scenario_id), key=PlayedCall.sort_key)

    def replay(self, scenario_id: str, choices: tuple[int, ...]) -> Call:
        """Play `choices` through the real engine; the call is returned finished (or wherever it stopped)."""
        return Call.replay(self.compiled(scenario_id), choices)

    def verdict(self, scenario_id: str, score: CallScore, ending: str, marks: Marks | None = None) -> Verdict:
        """The verdict of a call that reached `ending` with `score`, its call log written correctly (as a
        careful caller writes it, reviewed as the game reviews it), with the scenario's marks unless given."""
        scenario = self.library.scenarios[scenario_id]
        node = scenario.nodes[ending]
        day = scenario.account.call_date()
        review = review_wrapup(scenario, node, day, expected_wrapup(scenario, node, day))
        return decide(score, review, marks or Marks.of_scenario(scenario), self.library.rule_titles())

    def call_verdict(self, call: Call, marks: Marks | None = None) -> Verdict:
        """The verdict of a finished call with a correct call log."""
        return self.verdict(call.scenario.id, call.score(), call.state.node, marks)
