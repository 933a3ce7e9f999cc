"""Recall mode's core: match a trainee's own words (typed or spoken) to the current node's options, offline.

* `match.match_reply(text, options) -> Match(kind, option_index, similarities, lexical, margin)`:
  kind "clear" (option_index taken), "unclear" or "none" (ask what they mean); deterministic;
* `match.too_close(options) -> [(i, j, similarity)]`: options too alike to tell apart (for authors);
* `speech.recognise(wav_path_or_pcm16, options, bias="lm", extra_words=()) -> str`: the words heard,
  biased towards the options' words; feed the text to match_reply;
* `model.load_model()`: the packaged wordllama model, loaded once, never downloading;
* `turn.RecallTurn(call)`: one recall decision's rules (take, ask what they mean, fall back), which the
  terminal and the window both drive;
* `evaluate`: the paraphrase set, its dev/held-out split and the figures (tests/recall, bench/).

Nothing here downloads anything: a missing model or unusable audio is a `RecallUnavailable` error.
"""

from game.recall.errors import RecallUnavailable

__all__ = ["RecallUnavailable"]
