"""Typed recall: the matcher on the held-out part of the paraphrase set (tuned on the dev part only), the
split, its determinism, the no-match path and too_close."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import pytest

from game.recall import match as M
from game.recall.evaluate import DEV, HELD_OUT, HELD_OUT_SHARE, KINDS, is_bad, part, score, split
from tune_recall import tune


@dataclass(frozen=True)
class Opt:
    say: str
    id: str = ""


def _matcher(text, options):
    m = M.match_reply(text, options)
    return m.kind, m.option_index


def test_paraphrase_set_is_big_enough_and_varied(paraphrase_cases):
    per_option = Counter((c.scenario, c.node, c.expected) for c in paraphrase_cases if c.expected is not None)
    assert len(per_option) >= 60
    assert min(per_option.values()) >= 5
    assert len({c.scenario for c in paraphrase_cases}) >= 3
    bad = [k for k in per_option if is_bad(next(c for c in paraphrase_cases
                                               if (c.scenario, c.node, c.expected) == k).options[k[2]])]
    assert len(bad) >= 20, "the set must include many rule-breaking options"
    assert sum(c.expected is None for c in paraphrase_cases) >= 40
    assert any(len(c.text.split()) <= 3 for c in paraphrase_cases), "curt replies"
    assert any(len(c.text.split()) >= 25 for c in paraphrase_cases), "rambling replies"


def test_typed_accuracy_and_costly_confusion_on_the_held_out_part(paraphrase_cases, recall_model):
    """The issue's targets, on replies the numbers were not tuned on."""
    fig = score(part(paraphrase_cases, HELD_OUT), _matcher)
    wrong = [(c.node, c.text, kind, taken) for c, kind, taken in fig.errors if c.expected is not None]
    assert fig.paraphrases >= 150 and fig.bad_paraphrases >= 60 and fig.no_match >= 30
    assert fig.accuracy >= 0.90, f"held-out typed accuracy {fig.accuracy:.1%}; misses: {wrong[:10]}"
    assert fig.bad_to_good_rate <= 0.02, f"bad replies taken as good ones: {fig.bad_to_good_rate:.1%}"
    assert fig.no_match_rate >= 0.85, f"only {fig.no_match_rate:.1%} of no-match replies asked what they mean"
    assert fig.no_match_to_good <= 0.05 * fig.no_match


def test_the_split_is_a_stratified_rule_with_a_large_enough_held_out_part(paraphrase_cases):
    held = part(paraphrase_cases, HELD_OUT)
    assert {c.part for c in paraphrase_cases} == {DEV, HELD_OUT}
    assert len(held) >= 0.30 * len(paraphrase_cases)
    strata = Counter((c.scenario, c.node, c.expected) for c in paraphrase_cases)
    held_strata = Counter((c.scenario, c.node, c.expected) for c in held)
    for key, n in strata.items():  # every option (and every node's no-match replies) in both parts
        assert held_strata[key] == (round(n * HELD_OUT_SHARE) if n > 1 else 0), key
    kinds, held_kinds = Counter(c.kind for c in paraphrase_cases), Counter(c.kind for c in held)
    assert set(kinds) == set(KINDS)
    for kind, n in kinds.items():  # every kind in about the same share
        assert 0.25 <= held_kinds[kind] / n <= 0.5, (kind, held_kinds[kind], n)
    again = split([replace(c, part="") for c in reversed(paraphrase_cases)])
    assert {(c.source, c.node, c.text): c.part for c in again} == \
        {(c.source, c.node, c.text): c.part for c in paraphrase_cases}, "the split depends on file order"


def test_the_shipped_numbers_are_the_ones_tuned_on_the_dev_part(paraphrase_cases, recall_model):
    """tests/recall/tune_recall.py reads only the dev part; match.py ships what it picks."""
    dev_only = [c for c in paraphrase_cases if c.part == DEV]
    result = tune(paraphrase_cases)
    assert result.cases == len(dev_only)
    assert result.tuning == M.TUNED == M.Tuning(M.SEMANTIC_WEIGHT, M.THRESHOLD, M.MARGIN, M.NONE_BELOW)
    assert tune(dev_only).tuning == result.tuning  # the held-out part plays no part in the choice


def test_every_authored_option_typed_verbatim_is_taken(recall_library, recall_model):
    misses = []
    for scenario in recall_library.values():
        for node in scenario.nodes.values():
            for i, choice in enumerate(node.choices):
                m = M.match_reply(choice.say, node.choices)
                if (m.kind, m.option_index) != ("clear", i):
                    misses.append(f"{scenario.id}/{node.id}/{choice.id}")
    assert not misses, misses[:10]


def test_match_is_deterministic_and_well_formed(recall_library, recall_model):
    node = recall_library["sunrise-bakery"].nodes["options"]
    first = M.match_reply("how much could you send on friday", node.choices)
    M.match_reply("something else entirely to disturb the cache", node.choices)
    again = M.match_reply("how much could you send on friday", node.choices)
    assert first == again
    assert first.kind == "clear" and node.choices[first.option_index].id == "her-friday"
    assert len(first.similarities) == len(first.lexical) == len(node.choices)
    assert first.best_index == first.option_index
    assert first.margin == round(sorted(first.similarities)[-1] - sorted(first.similarities)[-2], M.DECIMALS)
    assert all(round(s, M.DECIMALS) == s for s in first.similarities + first.lexical)


@pytest.mark.parametrize("text", ["", "   ", "?!"])
def test_empty_reply_is_none(text, recall_model):
    m = M.match_reply(text, [Opt("Yes, please."), Opt("No, just tell her it's urgent.")])
    assert m.kind == "none" and m.option_index is None


def test_no_options_is_none(recall_model):
    assert M.match_reply("hello", []).kind == "none"


def test_decide_rule():
    assert M.decide([0.8, 0.3]) == ("clear", 0, 0.5)
    assert M.decide([0.5, 0.49])[0:2] == ("unclear", None)
    assert M.decide([0.1, 0.05])[0:2] == ("none", None)
    assert M.decide([M.THRESHOLD - 0.01, 0.0])[0:2] == ("unclear", None)
    assert M.decide([0.6, 0.6])[0:2] == ("unclear", None)


def test_figures_read_as_words_match_digits(recall_model):
    options = [Opt("2,140 for 2347 on December 11th."), Opt("Could you make it 1,860?")]
    m = M.match_reply("could you make it one thousand eight hundred sixty", options)
    assert (m.kind, m.option_index) == ("clear", 1)


def test_too_close_flags_near_duplicates_only(recall_model):
    options = [Opt("Could you send 1,860 on Friday?"), Opt("Could you send 1,860 this Friday?"),
               Opt("I'll email Linda the plan today."), Opt("Could you send 1,860 on Friday?")]
    pairs = M.too_close(options)
    flagged = {(i, j) for i, j, _ in pairs}
    assert {(0, 1), (0, 3), (1, 3)} <= flagged
    assert not any(2 in pair for pair in flagged)
    assert pairs[0][2] == 1.0 and all(sim >= M.TOO_CLOSE for _, _, sim in pairs)
    assert M.too_close(options[:1]) == []


def test_a_paraphrase_file_written_for_a_moved_reply_is_refused(recall_library, tmp_path):
    from game.recall.evaluate import ParaphraseError, load_cases

    (tmp_path / "moved.yaml").write_text(
        'scenario: sunrise-bakery\nnodes:\n  greeting:\n    brief-open: ["hi, sam here"]\n'
        'says:\n  brief-open: "Maria, we emailed"\n', encoding="utf-8")
    with pytest.raises(ParaphraseError, match="no longer starts 'Maria, we emailed'"):
        load_cases(tmp_path, recall_library)
