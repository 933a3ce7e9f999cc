"""Measure matching on a paraphrase set: accuracy, bad->good confusion, no-match handling.

A paraphrase file (YAML) names a scenario and, per node, the paraphrases of each option (keyed by the
option's id) and under "(no match)" replies that mean none of them:

    scenario: sunrise-bakery
    nodes:
      greeting:
        brief-open: ["hi, sam from northwind, two minutes?", ...]
        "(no match)": ["purple monkey dishwasher", ...]
    says:                      # optional: how each option starts, checked (for ids given by position,
      brief-open: "Hi Maria"   # such as "greeting.1", which a reordered scenario would silently move)

An option is *bad* when it breaks a rule (or is critical), else *good*. The costly error is a paraphrase
of a bad option taken, clearly, as a good one: `bad_to_good` counts it.

Every case has a *kind* (`kind_of`) and a *part* (`split`): the matcher's numbers are tuned on the DEV part
only (tests/recall/tune_recall.py) and the accuracy targets are asserted on the HELD_OUT part. The split
is a rule, not a list, so a paraphrase added later falls into a part by the same rule:

* a *stratum* is one option of one node (its paraphrases from every file), or one node's no-match replies;
* of a stratum of n replies, round(n x HELD_OUT_SHARE) are held out (2 of 5, 1 of 3; none of a single one);
* which ones: the strata are walked in order (scenario, node, option), and each held-out place goes to the
  reply whose kind is furthest behind HELD_OUT_SHARE of that kind's replies seen so far; ties go to the
  smallest SHA-1 of the reply's text. So both parts have every option, and every kind in about the same
  share. Nothing in the rule looks at scores.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence

import yaml

NO_MATCH = "(no match)"
#: The parts of the paraphrase set.
DEV, HELD_OUT = "dev", "held-out"
#: The share of each stratum held out (never tuned on).
HELD_OUT_SHARE = 0.4
#: The kinds of reply, as `kind_of` tells them apart (the first that fits).
KINDS = ("no-match", "reworded", "rambling", "misspelled", "curt", "plain")
#: A reply of this many words or more is rambling; of CURT_WORDS or fewer, curt.
RAMBLING_WORDS, CURT_WORDS = 20, 6


@dataclass(frozen=True, slots=True)
class Case:
    """One reply to match: the node's options, and the expected option index (None: matches none)."""

    scenario: str
    node: str
    text: str
    options: tuple  # the node's Choice objects
    expected: int | None
    source: str = ""  # the paraphrase file's name without .yaml
    kind: str = ""    # one of KINDS (kind_of)
    part: str = ""    # DEV or HELD_OUT (split)

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
                start = (data.get("says") or {}).get(key)
                if start is not None and not node.choices[ids[key]].say.startswith(str(start)):
                    raise ParaphraseError(f"{path.name}: reply {key!r} of node {node_id!r} no longer starts "
                                          f"{start!r}: the paraphrases were written for another reply")
                expected = None if key == NO_MATCH else ids[key]
                cases.extend(Case(scenario.id, node_id, str(t), tuple(node.choices), expected, path.stem)
                             for t in texts)
    known = _known_words(scenarios)
    return split([replace(c, kind=kind_of(c, known.get(c.scenario, frozenset()))) for c in cases])


def _known_words(scenarios: dict) -> dict[str, frozenset[str]]:
    """Per scenario: the words of the pronouncing dictionary and of the scenario's own lines (names,
    invoice numbers), which a reply spells right."""
    from game.recall import speech
    try:
        dictionary = frozenset(speech.pronunciations())
    except Exception:  # no speech model: only the scenario's own words count as spelled right
        dictionary = frozenset()
    return {sid: dictionary | speech.library_words([s]) for sid, s in scenarios.items()}


def kind_of(case: Case, known: frozenset[str]) -> str:
    """The kind of reply: "no-match"; "reworded" (from a -reworded file: the meaning in other words);
    "rambling" (RAMBLING_WORDS words or more); "misspelled" (a word neither in the pronouncing dictionary
    nor in the scenario's lines: typos, missing apostrophes, "pls"); "curt" (CURT_WORDS words or fewer);
    else "plain"."""
    from game.recall.speech import sentence_words
    if case.expected is None:
        return "no-match"
    if case.source.endswith("-reworded"):
        return "reworded"
    count = len(case.text.split())
    if count >= RAMBLING_WORDS:
        return "rambling"
    if known and any(w not in known for w in sentence_words(case.text)):
        return "misspelled"
    return "curt" if count <= CURT_WORDS else "plain"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def split(cases: Sequence[Case], share: float = HELD_OUT_SHARE) -> list[Case]:
    """`cases` with their part set by the rule of the module docstring (same order; deterministic)."""
    strata: dict[tuple, list[int]] = defaultdict(list)
    for n, case in enumerate(cases):
        strata[(case.scenario, case.node, -1 if case.expected is None else case.expected)].append(n)
    seen: Counter = Counter()
    held: Counter = Counter()
    out_of: set[int] = set()
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda n: (_digest(cases[n].text), n))
        seen.update(cases[n].kind for n in members)
        for _ in range(round(len(members) * share) if len(members) > 1 else 0):
            pick = min((n for n in members if n not in out_of),
                       key=lambda n: (-(share * seen[cases[n].kind] - held[cases[n].kind]), members.index(n)))
            out_of.add(pick)
            held[cases[pick].kind] += 1
    return [replace(c, part=HELD_OUT if n in out_of else DEV) for n, c in enumerate(cases)]


def part(cases: Iterable[Case], name: str) -> list[Case]:
    """The cases of one part (DEV or HELD_OUT)."""
    return [c for c in cases if c.part == name]


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
