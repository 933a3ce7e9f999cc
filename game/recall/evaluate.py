"""Measure matching on a paraphrase set: accuracy, bad->good confusion, no-match handling.

A paraphrase file (YAML) names a scenario and, per node, the paraphrases of each option (keyed by the
option's id) and under "(no match)" replies that mean none of them:

    scenario: sunrise-bakery
    nodes:
      greeting:
        brief-open: ["hi, sam from northwind, two minutes?", ...]
        "(no match)": ["purple monkey dishwasher", ...]

An option is *bad* when it breaks a rule (or is critical), else *good*. The costly error is a paraphrase
of a bad option taken, clearly, as a good one: `bad_to_good` counts it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import yaml

NO_MATCH = "(no match)"


@dataclass(frozen=True, slots=True)
class Case:
    """One reply to match: the node's options, and the expected option index (None: matches none)."""

    scenario: str
    node: str
    text: str
    options: tuple  # the node's Choice objects
    expected: int | None
    source: str = ""  # the paraphrase file's name without .yaml

    @property
    def expected_bad(self) -> bool:
        """The expected option breaks a rule."""
        return self.expected is not None and is_bad(self.options[self.expected])


def is_bad(choice) -> bool:
    """A reply that breaks a rule of practice (critical ones included)."""
    return bool(getattr(choice, "breaks", ())) or bool(getattr(choice, "critical", None))


class ParaphraseError(ValueError):
    """A paraphrase file names a scenario, node or option that the library does not have."""


def load_cases(folder: Path, scenarios: dict) -> list[Case]:
    """Every case of every *.yaml in `folder`, resolved against `scenarios` (id -> Scenario)."""
    cases: list[Case] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        scenario = scenarios.get(data.get("scenario"))
        if scenario is None:
            raise ParaphraseError(f"{path.name}: no scenario {data.get('scenario')!r} in the library")
        for node_id, groups in (data.get("nodes") or {}).items():
            node = scenario.nodes.get(node_id)
            if node is None or not node.choices:
                raise ParaphraseError(f"{path.name}: {scenario.id} has no node {node_id!r} with replies")
            ids = {c.id: i for i, c in enumerate(node.choices)}
            for key, texts in groups.items():
                if key != NO_MATCH and key not in ids:
                    raise ParaphraseError(f"{path.name}: node {node_id!r} has no reply {key!r}")
                expected = None if key == NO_MATCH else ids[key]
                cases.extend(Case(scenario.id, node_id, str(t), tuple(node.choices), expected, path.stem)
                             for t in texts)
    return cases


@dataclass
class Figures:
    """Results of one matcher on a set of cases."""

    paraphrases: int = 0          # cases with an expected option
    correct: int = 0              # ... taken, clearly, as that option
    wrong: int = 0                # ... taken, clearly, as another option
    asked: int = 0                # ... sent to "what do you mean"
    bad_paraphrases: int = 0      # cases whose expected option is bad
    bad_to_good: int = 0          # ... clearly taken as a good option (the costly error)
    no_match: int = 0             # cases matching no option
    no_match_asked: int = 0       # ... sent to "what do you mean" (correct)
    no_match_to_good: int = 0     # ... taken as a good option
    errors: list = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of paraphrases taken, clearly, as their own option."""
        return self.correct / self.paraphrases if self.paraphrases else 0.0

    @property
    def bad_to_good_rate(self) -> float:
        """Share of bad-option paraphrases taken as a good option."""
        return self.bad_to_good / self.bad_paraphrases if self.bad_paraphrases else 0.0

    @property
    def no_match_rate(self) -> float:
        """Share of no-match replies sent to "what do you mean"."""
        return self.no_match_asked / self.no_match if self.no_match else 0.0


def score(cases: Iterable[Case], matcher: Callable[[str, Sequence], tuple[str, int | None]]) -> Figures:
    """Run `matcher(text, options) -> (kind, index)` on every case and count the outcomes."""
    fig = Figures()
    for case in cases:
        kind, index = matcher(case.text, case.options)
        taken = index if kind == "clear" else None
        taken_good = taken is not None and not is_bad(case.options[taken])
        if case.expected is None:
            fig.no_match += 1
            fig.no_match_asked += taken is None
            fig.no_match_to_good += taken_good
            if taken is not None:
                fig.errors.append((case, kind, taken))
            continue
        fig.paraphrases += 1
        fig.bad_paraphrases += case.expected_bad
        if taken == case.expected:
            fig.correct += 1
            continue
        fig.errors.append((case, kind, taken))
        if taken is None:
            fig.asked += 1
        else:
            fig.wrong += 1
            fig.bad_to_good += case.expected_bad and taken_good
    return fig
