"""Tune the recall matcher's numbers on the DEV part of the paraphrase set only.

    .venv/bin/python tests/recall/tune_recall.py          # prints the chosen numbers and the dev figures

The paraphrase set (tests/recall/paraphrases/) is split by a fixed rule (game/recall/evaluate.py: `split`)
into a dev part and a held-out part. This script reads the dev part and nothing else: the held-out part is
only scored by the accuracy test (tests/recall/test_recall_match.py) and bench/bench_recall.py, with the
numbers this script chose. `test_recall_match.py` also runs `tune()` and checks that the constants in
game/recall/match.py are the ones it picks, so the shipped numbers can be traced to the dev part.

The search (decided before looking at any held-out figure):

* grid: semantic weight 0.00-1.00 (step 0.05), threshold 0.20-0.55 and margin 0.00-0.12 (step 0.01);
* a point is admissible when, on dev, bad->good confusion is at most DEV_BAD_TO_GOOD (half the issue's
  2 %, headroom for replies never seen), no-match replies are sent back at least DEV_NO_MATCH of the time,
  and the margin is at least MIN_MARGIN;
* among admissible points, the highest dev accuracy *averaged over the point and its grid neighbours*
  (threshold and margin one step either way, same weight), so the choice sits on a plateau rather than on
  a lucky edge; ties go to the higher raw accuracy, then the larger margin, the larger threshold and the
  smaller weight (the more cautious matcher);
* NONE_BELOW only tells "none" (matches nothing) from "unclear" (close to something) among replies not
  taken; both make the client ask what you mean. It is the value (0.05 to the threshold) that best tells,
  on dev, the no-match replies not taken from the paraphrases not taken (balanced accuracy); ties: the
  middle of the best run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.recall import match as M  # noqa: E402
from game.recall.evaluate import DEV, Case, is_bad, part  # noqa: E402

WEIGHTS = tuple(round(0.05 * i, 2) for i in range(21))
THRESHOLDS = tuple(round(0.20 + 0.01 * i, 2) for i in range(36))
MARGINS = tuple(round(0.01 * i, 2) for i in range(13))
NONE_GRID = tuple(round(0.05 + 0.01 * i, 2) for i in range(60))
DEV_BAD_TO_GOOD, DEV_NO_MATCH, MIN_MARGIN = 0.01, 0.90, 0.02


@dataclass(frozen=True)
class Result:
    """The chosen numbers and their dev figures."""

    tuning: M.Tuning
    accuracy: float
    smoothed: float
    bad_to_good: float
    no_match: float
    none_split: float  # balanced accuracy of none vs unclear at NONE_BELOW
    cases: int


def _features(cases: list[Case]):
    """Per case: semantic and lexical scores per option, the unique exact-words option (or -1)."""
    feats = []
    for case in cases:
        says = [o.say for o in case.options]
        sem = M.semantic_scores(case.text, says) if M.normalise(case.text) else tuple(0.0 for _ in says)
        lex = M.lexical_scores(case.text, says)
        exact = [i for i, s in enumerate(says) if M.normalise(s) == M.normalise(case.text)]
        feats.append((sem, lex, exact[0] if len(exact) == 1 else -1))
    return feats


def _arrays(cases, feats, weight):
    """best score, gap to the runner-up, best index, exact index per case (decide's rule, vectorised)."""
    best, gap, idx, exact = [], [], [], []
    for case, (sem, lex, ex) in zip(cases, feats):
        combined = M.combine(sem, lex, weight) if M.normalise(case.text) else tuple(0.0 for _ in sem)
        order = sorted(range(len(combined)), key=lambda i: (-combined[i], i))
        b = order[0]
        best.append(combined[b])
        gap.append(round(combined[b] - (combined[order[1]] if len(order) > 1 else 0.0), M.DECIMALS))
        idx.append(b)
        exact.append(ex)
    return np.array(best), np.array(gap), np.array(idx), np.array(exact)


def tune(cases: list[Case]) -> Result:
    """Pick weight, threshold, margin and NONE_BELOW on the DEV cases of `cases` (others are ignored)."""
    dev = part(cases, DEV)
    feats = _features(dev)
    expected = np.array([-1 if c.expected is None else c.expected for c in dev])
    para = expected >= 0
    bad_exp = np.array([c.expected is not None and is_bad(c.options[c.expected]) for c in dev])
    bad_opt = [np.array([is_bad(o) for o in c.options]) for c in dev]
    n_para, n_bad, n_none = para.sum(), bad_exp.sum(), (~para).sum()
    T, G = np.array(THRESHOLDS)[:, None, None], np.array(MARGINS)[None, :, None]
    candidates = []
    for weight in WEIGHTS:
        best, gap, idx, exact = _arrays(dev, feats, weight)
        clear = (best[None, None, :] >= T) & (gap[None, None, :] >= G)
        taken = np.where(clear, idx[None, None, :], np.broadcast_to(exact, clear.shape))
        good_taken = np.zeros_like(taken, dtype=bool)
        for n in range(len(dev)):
            t = taken[:, :, n]
            good_taken[:, :, n] = (t >= 0) & ~bad_opt[n][np.clip(t, 0, None)]
        correct = ((taken == expected) & para).sum(axis=2) / n_para
        b2g = ((taken != expected) & bad_exp & good_taken).sum(axis=2) / max(n_bad, 1)
        asked = ((taken < 0) & ~para).sum(axis=2) / max(n_none, 1)
        padded = np.pad(correct, 1, mode="edge")
        smooth = sum(padded[1 + dt:1 + dt + len(THRESHOLDS), 1 + dm:1 + dm + len(MARGINS)]
                     for dt in (-1, 0, 1) for dm in (-1, 0, 1)) / 9
        for ti, threshold in enumerate(THRESHOLDS):
            for mi, margin in enumerate(MARGINS):
                if margin < MIN_MARGIN or b2g[ti, mi] > DEV_BAD_TO_GOOD or asked[ti, mi] < DEV_NO_MATCH:
                    continue
                key = (round(float(smooth[ti, mi]), 6), round(float(correct[ti, mi]), 6), margin, threshold, -weight)
                candidates.append((key, weight, threshold, margin, float(correct[ti, mi]), float(smooth[ti, mi]),
                                   float(b2g[ti, mi]), float(asked[ti, mi])))
    if not candidates:
        raise SystemExit("no admissible numbers on the dev part")
    _, weight, threshold, margin, acc, smooth_acc, b2g, asked = max(candidates)
    best, gap, idx, exact = _arrays(dev, feats, weight)
    taken = np.where((best >= threshold) & (gap >= margin), idx, exact)
    left = taken < 0
    scores = []
    for none_below in (v for v in NONE_GRID if v <= threshold):
        said_none = best < none_below
        right_none = (said_none & left & ~para).sum() / max((left & ~para).sum(), 1)
        right_unclear = (~said_none & left & para).sum() / max((left & para).sum(), 1)
        scores.append((round((right_none + right_unclear) / 2, 6), none_below))
    top = max(s for s, _ in scores)
    run = [v for s, v in scores if s == top]
    none_below = run[len(run) // 2]
    return Result(M.Tuning(weight, threshold, margin, none_below), acc, smooth_acc, b2g, asked, top, len(dev))


def main() -> int:
    """Tune on the dev part and print the numbers to put in game/recall/match.py."""
    from game.content.library import load_library
    from game.recall.evaluate import load_cases
    scenarios = load_library([ROOT / "scenarios"]).scenarios
    cases = load_cases(ROOT / "tests" / "recall" / "paraphrases", scenarios)
    r = tune(cases)
    t = r.tuning
    print(f"dev part: {r.cases} of {len(cases)} replies (the held-out part is not read)")
    print(f"SEMANTIC_WEIGHT = {t.weight}\nTHRESHOLD = {t.threshold}\nMARGIN = {t.margin}\nNONE_BELOW = {t.none_below}")
    print(f"dev: accuracy {r.accuracy:.1%} (with grid neighbours {r.smoothed:.1%}), bad->good {r.bad_to_good:.1%}, "
          f"no-match asked {r.no_match:.1%}, none/unclear told apart {r.none_split:.1%}")
    shipped = M.TUNED
    if shipped != t:
        print(f"game/recall/match.py ships {shipped}: update it to the numbers above")
        return 1
    print("game/recall/match.py ships these numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
