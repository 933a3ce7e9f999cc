"""Match a trainee's own words to the current node's options: clear, unclear or none.

Each option gets a score = SEMANTIC_WEIGHT x cosine similarity of the sentence embeddings (wordllama)
+ (1 - SEMANTIC_WEIGHT) x lexical similarity (the mean of rapidfuzz's token-set and token-sort ratios / 100),
both of normalised text.
The best-scoring option is taken ("clear") when its score is at least THRESHOLD and at least MARGIN above
the runner-up. A best score below NONE_BELOW is "none" (the reply means none of the options); anything
else is "unclear". Both "none" and "unclear" mean the client asks what the trainee means. One exception:
a reply whose normalised words are exactly one option's is taken, even when a near-twin option (say, the
same figures in another order) leaves no margin.

The numbers were tuned on the DEV part of the paraphrase set in tests/recall/paraphrases/ only (the split
rule is game/recall/evaluate.py's `split`; the search is tests/recall/tune_recall.py, which a test re-runs to
check these constants are the ones it picks): a grid over weight, threshold and margin keeping dev bad->good
confusion <= 1 % and no-match replies sent back >= 90 %, the best dev accuracy averaged with its grid
neighbours. The accuracy test and bench/bench_recall.py score the HELD-OUT part with these numbers.
Scores are rounded to 4 decimals before they are compared, so the same text and options
give the same Match on every run (replay and `verify` rely on it).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

import numpy as np
from rapidfuzz import fuzz

from game.recall.model import load_model
from game.recall.numbers import spell_numbers

#: Weight of the embedding similarity in the combined score (the rest is the lexical score).
SEMANTIC_WEIGHT = 0.3
#: The best option's combined score must reach this to be taken.
THRESHOLD = 0.38
#: ... and beat the runner-up by at least this much.
MARGIN = 0.02
#: A best combined score below this means the reply matches no option at all.
NONE_BELOW = 0.29
#: Options whose embedding similarity reaches this are too close to tell apart (see too_close).
TOO_CLOSE = 0.85
#: Decimals kept in similarities (so stored values and decisions are reproducible).
DECIMALS = 4

_CACHE_SIZE = 4096


class ChoiceLike(Protocol):
    """What matching needs of an option: its words and its id (game.content.model.Choice fits)."""

    say: str
    id: str


@dataclass(frozen=True, slots=True)
class Match:
    """How a reply was understood. `kind` is "clear" (option_index is taken), "unclear" or "none"
    (option_index is None: ask what they mean). `similarities` are the combined scores per option, in the
    options' order; `lexical` the lexical part alone; `margin` the best score minus the runner-up's."""

    kind: str
    option_index: int | None
    similarities: tuple[float, ...]
    lexical: tuple[float, ...]
    margin: float

    @property
    def best_index(self) -> int | None:
        """The best-scoring option, even when it was not taken (None when there are no options)."""
        if not self.similarities:
            return None
        return max(range(len(self.similarities)), key=lambda i: (self.similarities[i], -i))


_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s']+")


def normalise(text: str) -> str:
    """Lower-case, NFKC, figures spelled out (1,860 -> one thousand eight hundred sixty, as the speech
    recogniser hears them), punctuation dropped and spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    text = spell_numbers(text)
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


class _EmbeddingCache:
    """Normalised, unit-length embeddings of texts, memoised (options recur at every visit of a node)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, model: Any, texts: Sequence[str]) -> np.ndarray:
        """The embeddings of `texts` (one row each), computing only those not cached yet."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._items]
            if missing:
                vectors = np.asarray(model.embed(missing, norm=True), dtype=np.float32)
                for text, vector in zip(missing, vectors):
                    self._items[text] = vector
                    while len(self._items) > _CACHE_SIZE:
                        self._items.popitem(last=False)
            for text in texts:
                self._items.move_to_end(text)
            return np.stack([self._items[t] for t in texts])


_cache = _EmbeddingCache()


def semantic_scores(text: str, says: Sequence[str], model: Any = None) -> tuple[float, ...]:
    """Cosine similarity of the reply's embedding to each option's, rounded (normalised text)."""
    model = model or load_model()
    vectors = _cache.get(model, [normalise(text)] + [normalise(s) for s in says])
    sims = vectors[1:] @ vectors[0]
    return tuple(round(float(np.nan_to_num(s)), DECIMALS) for s in sims)


def lexical_scores(text: str, says: Sequence[str]) -> tuple[float, ...]:
    """Lexical similarity of the normalised reply to each normalised option, in 0..1, rounded: the mean of
    rapidfuzz's token-set ratio (full credit for a reply that contains the option's words, however much
    else it says) and token-sort ratio (which does not give that credit to a reply whose few words are
    merely *in* the option, such as "Right." against "You're right, and I'm sorry...")."""
    said = normalise(text)
    out = []
    for say in says:
        option = normalise(say)
        out.append(round((fuzz.token_set_ratio(said, option) + fuzz.token_sort_ratio(said, option)) / 200.0,
                         DECIMALS))
    return tuple(out)


def decide(scores: Sequence[float], threshold: float = THRESHOLD, margin: float = MARGIN,
           none_below: float = NONE_BELOW) -> tuple[str, int | None, float]:
    """(kind, option index or None, margin) from combined scores: the rule of the module docstring."""
    if not scores:
        return "none", None, 0.0
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best = order[0]
    gap = round(scores[best] - (scores[order[1]] if len(order) > 1 else 0.0), DECIMALS)
    if scores[best] < none_below:
        return "none", None, gap
    if scores[best] >= threshold and gap >= margin:
        return "clear", best, gap
    return "unclear", None, gap


@dataclass(frozen=True, slots=True)
class Tuning:
    """The matcher's tunable numbers (the module constants are the shipped ones, `TUNED`); the tuning
    script (tests/recall/tune_recall.py) searches over these on the dev part of the paraphrase set."""

    weight: float = SEMANTIC_WEIGHT
    threshold: float = THRESHOLD
    margin: float = MARGIN
    none_below: float = NONE_BELOW


#: The shipped numbers.
TUNED = Tuning()


def combine(semantic: Sequence[float], lexical: Sequence[float], weight: float = SEMANTIC_WEIGHT) -> tuple[float, ...]:
    """The combined score per option: `weight` x semantic + (1 - weight) x lexical, rounded."""
    return tuple(round(weight * s + (1 - weight) * lx, DECIMALS) for s, lx in zip(semantic, lexical))


def match_reply(text: str, options: Sequence[ChoiceLike], model: Any = None, tuning: Tuning | None = None) -> Match:
    """Match what the trainee typed (or what was heard) to `options` (each with `.say`); deterministic.
    An empty reply or no options is "none". `tuning` defaults to the shipped numbers (`TUNED`).
    Raises RecallUnavailable when the model cannot be loaded."""
    tuning = tuning or TUNED
    says = [o.say for o in options]
    if not says or not normalise(text):
        return Match("none", None, tuple(0.0 for _ in says), tuple(0.0 for _ in says), 0.0)
    semantic = semantic_scores(text, says, model)
    lexical = lexical_scores(text, says)
    combined = combine(semantic, lexical, tuning.weight)
    kind, index, gap = decide(combined, tuning.threshold, tuning.margin, tuning.none_below)
    exact = [i for i, say in enumerate(says) if normalise(say) == normalise(text)]
    if kind != "clear" and len(exact) == 1:  # the option's very words: taken even beside a near-twin
        kind, index = "clear", exact[0]
    return Match(kind, index, combined, lexical, gap)


def too_close(options: Sequence[ChoiceLike], limit: float = TOO_CLOSE,
              model: Any = None) -> list[tuple[int, int, float]]:
    """Pairs (i, j, similarity), i < j, of options whose wording is so alike (embedding similarity >= limit,
    or the same normalised words) that a trainee's own words could not tell them apart; most similar first."""
    says = [normalise(o.say) for o in options]
    if len(says) < 2:
        return []
    model = model or load_model()
    vectors = _cache.get(model, says)
    pairs = []
    for i in range(len(says)):
        for j in range(i + 1, len(says)):
            sim = 1.0 if says[i] == says[j] else round(float(vectors[i] @ vectors[j]), DECIMALS)
            if sim >= limit:
                pairs.append((i, j, sim))
    return sorted(pairs, key=lambda p: (-p[2], p[0], p[1]))
