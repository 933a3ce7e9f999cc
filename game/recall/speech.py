"""Offline speech recognition of a spoken reply (pocketsphinx, its US English model ships in the wheel),
biased towards the words of the current node's options; the text then goes through match_reply.

Biasing (`bias=`): "lm" (default) decodes with a small per-node trigram language model built from the
options' sentences plus everyday words (COMMON_WORDS, and `extra_words` if given) so paraphrases can still
be heard; "words" with a JSGF grammar looping over the same vocabulary; "generic" with the shipped general
English model and its 134k-word dictionary. Measured on espeak-ng recordings (bench/bench_recall.py):
"lm" led to the right option for 97 % of 130 utterances (options and paraphrases) at ~0.12x real time;
"generic" for 70 % of a 10-utterance sample at ~0.4x (and above 1x on a loaded machine); "words" was about
70x slower than real time and was dropped after a few utterances. The biased decoder uses a dictionary
of only the words it needs (grown per node), because building a search over the whole dictionary takes
seconds; the first call pays ~1 s to read the pronouncing dictionary and the acoustic model. Cepstral
mean normalisation is per utterance ("batch") and the front end is reset before each one, so a recording
is heard the same whatever was heard before it (replay can reproduce it).

Audio: a WAV file path, or raw 16 kHz mono 16-bit little-endian PCM bytes. Other WAV rates and channel
counts are converted. Nothing is downloaded; only short-lived temporary dictionary and LM files are written.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import wave
from collections import OrderedDict
from io import StringIO
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from game.recall.errors import RecallUnavailable
from game.recall.numbers import spell_numbers

RATE = 16000
#: Language-model weight of the biased decoder (pocketsphinx's default is 6.5): lower trusts the sound more,
#: which helps paraphrases in words outside the options; 4 was best of 2, 4, 6.5, 9 on the espeak-ng set.
LANGUAGE_WEIGHT = 4.0
BIASES = ("lm", "words", "generic")
#: Audio whose loudest sample is below this (about -44 dBFS) is silence: nothing was said.
SILENCE_PEAK = 200
#: Everyday words added to every per-node vocabulary, so a reply in other words than the options' is heard.
COMMON_WORDS = """
a about after again all also am an and any anything are as ask at back be because been before but by call
can can't could day did do does don't done down email for from get give go going good got great had has
have he her here hi hello him his how i i'll i'm if in is it it's just know let let's like look make may
me more much my need no not now of off okay on one only or our out over pay paid payment please right
say see send she so some soon sorry sure talk tell thank thanks that that's the their them then there
they this time to today too two up us very want was we we'll well what when where which who why will
with would yeah yes you you're your invoice invoices account money amount week friday monday dollars
able afraid ago ahead already always another anyone around away bad balance best better bill bills both
bring business busy calling came cash change check clear company confirm contact cost credit date days
deal different doing due each else end enough even every fine first full give glad happen happened help
hold home hope hurry idea keep kind last late later leave less little long lot mean message minute
month months morning most never next nice nothing number once other owe owed own part people person
plan problem quick quite rather really remember rest ring same sent should since something still such
take than these thing things think those through tomorrow tuesday wednesday thursday until usual wait
way went were what's while whole won't work working wrong year
""".split()

_lock = threading.Lock()
_state: dict[str, Any] = {}
_searches: OrderedDict[str, str] = OrderedDict()
_MAX_SEARCHES = 64


def _model_dir() -> Path:
    try:
        from pocketsphinx import get_model_path
    except ImportError as exc:
        raise RecallUnavailable(f"speech recognition is not installed (pocketsphinx: {exc})") from exc
    path = Path(get_model_path()) / "en-us"
    if not (path / "en-us").is_dir() or not (path / "cmudict-en-us.dict").is_file():
        raise RecallUnavailable(f"the speech model is missing from {path}")
    return path


def pronunciations() -> dict[str, str]:
    """The shipped pronouncing dictionary, word -> phones (first pronunciation), parsed once."""
    if "pron" not in _state:
        pron: dict[str, str] = {}
        try:
            with open(_model_dir() / "cmudict-en-us.dict", encoding="utf-8") as source:
                for line in source:
                    word, _, phones = line.strip().partition(" ")
                    if phones and "(" not in word:
                        pron.setdefault(word, phones.strip())
        except OSError as exc:
            raise RecallUnavailable(f"cannot read the pronouncing dictionary: {exc}") from exc
        _state["pron"] = pron
    return _state["pron"]


def _new_decoder(full: bool) -> Any:
    """A decoder on the shipped acoustic model: with the whole dictionary and general LM (full), else
    with a dictionary of COMMON_WORDS only, grown word by word (a search over the 134k-word dictionary
    takes seconds to build; over a node's few hundred words, milliseconds)."""
    model = _model_dir()
    try:
        from pocketsphinx import Decoder
        if full:
            return Decoder(hmm=str(model / "en-us"), lm=str(model / "en-us.lm.bin"),
                           dict=str(model / "cmudict-en-us.dict"), samprate=RATE, loglevel="FATAL", cmn="batch")
        pron = pronunciations()
        fd, path = tempfile.mkstemp(suffix=".dict", prefix="ardojo-dict-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as sink:
                sink.writelines(f"{w} {pron[w]}\n" for w in sorted(set(COMMON_WORDS)) if w in pron)
            return Decoder(hmm=str(model / "en-us"), dict=path, lm=None, samprate=RATE, loglevel="FATAL",
                           lw=LANGUAGE_WEIGHT, cmn="batch")
        finally:
            os.unlink(path)
    except (RuntimeError, ValueError, OSError) as exc:
        raise RecallUnavailable(f"the speech model could not be loaded: {exc}") from exc


def _get_decoder(full: bool = False) -> Any:
    key = "full" if full else "small"
    if key not in _state:
        _state[key] = _new_decoder(full)
        _state.setdefault("known", set(COMMON_WORDS) & set(pronunciations()))
    return _state[key]


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def sentence_words(text: str) -> list[str]:
    """Lower-case words of `text` as the recogniser spells them (figures written out)."""
    return _WORD.findall(spell_numbers(text).lower().replace("\u2019", "'"))


def library_words(scenarios: Iterable[Any]) -> frozenset[str]:
    """Every word of every reply and client line in `scenarios` (Scenario objects): pass it to recognise()
    as `extra_words` so that a paraphrase in the library's own language can be heard at any node."""
    words: set[str] = set()
    for scenario in scenarios:
        for node in scenario.nodes.values():
            words.update(sentence_words(node.client or ""))
            for choice in node.choices:
                words.update(sentence_words(choice.say))
    return frozenset(words)


def vocabulary(options: Sequence[Any], extra_words: Iterable[str] = ()) -> list[str]:
    """The options' words, `extra_words` and COMMON_WORDS, sorted, keeping only words the pronouncing
    dictionary has."""
    pron = pronunciations()
    words = {w for o in options for w in sentence_words(o.say)} | set(COMMON_WORDS) | set(extra_words)
    return sorted(w for w in words if w in pron)


def _arpa(options: Sequence[Any], vocab: Sequence[str]) -> str:
    from pocketsphinx.lm import ArpaBoLM
    known = set(vocab)
    lines = [" ".join(w for w in sentence_words(o.say) if w in known) for o in options]
    text = "\n".join(line for line in lines if line) or " ".join(COMMON_WORDS[:12])
    lm = ArpaBoLM(text=text, add_start=True)
    for word in vocab:
        lm.grams_1.setdefault(word, 1)
    lm.compute()
    out = StringIO()
    lm.write(out)
    return out.getvalue()


def _jsgf(vocab: Sequence[str]) -> str:
    return "#JSGF V1.0;\ngrammar reply;\npublic <reply> = ( " + " | ".join(vocab) + " )+ ;\n"


def _search_for(options: Sequence[Any], bias: str, extra_words: frozenset[str]) -> tuple[Any, str]:
    """The decoder and the name of its search biased to `options` (built once, kept in a small LRU)."""
    if bias == "generic":
        decoder = _get_decoder(full=True)
        return decoder, decoder.current_search()
    decoder = _get_decoder()
    digest = hashlib.sha256("\n".join([o.say for o in options] + ["--"] + sorted(extra_words)).encode())
    key = f"{bias}:{digest.hexdigest()[:16]}"
    if key in _searches:
        _searches.move_to_end(key)
        return decoder, key
    vocab = vocabulary(options, extra_words)
    pron, known = pronunciations(), _state["known"]
    for word in vocab:
        if word not in known:
            decoder.add_word(word, pron[word], False)
            known.add(word)
    if bias == "words":
        decoder.add_jsgf_string(key, _jsgf(vocab))
    else:
        from pocketsphinx import NGramModel
        fd, path = tempfile.mkstemp(suffix=".arpa", prefix="ardojo-lm-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as sink:
                sink.write(_arpa(options, vocab))
            decoder.add_lm(key, NGramModel(decoder.config, decoder.logmath, path))
        finally:
            os.unlink(path)
    _searches[key] = key
    while len(_searches) > _MAX_SEARCHES:
        old, _ = _searches.popitem(last=False)
        decoder.remove_search(old)
    return decoder, key


def read_wav(path: str | os.PathLike) -> bytes:
    """16 kHz mono 16-bit PCM of a WAV file (mixed down and resampled when needed).
    Raises RecallUnavailable when the file is missing or not a PCM WAV."""
    try:
        with wave.open(str(path), "rb") as wav:
            rate, channels, width = wav.getframerate(), wav.getnchannels(), wav.getsampwidth()
            frames = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        raise RecallUnavailable(f"cannot read the recording {path}: {exc}") from exc
    if width != 2:
        raise RecallUnavailable(f"the recording {path} is not 16-bit PCM ({8 * width}-bit)")
    samples = np.frombuffer(frames, dtype="<i2").astype(np.float32)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    if rate != RATE and samples.size:
        count = int(round(samples.size * RATE / rate))
        samples = np.interp(np.arange(count) * (rate / RATE), np.arange(samples.size), samples)
    return np.clip(np.round(samples), -32768, 32767).astype("<i2").tobytes()


def recognise(audio: str | os.PathLike | bytes, options: Sequence[Any], bias: str = "lm",
              extra_words: Iterable[str] = ()) -> str:
    """The words heard in `audio` (a WAV path, or 16 kHz mono 16-bit PCM bytes), lower case, "" when
    nothing was heard. Biased towards the words of `options` (each with `.say`), with `extra_words` (e.g.
    library_words(...)) also allowed; see the module docstring.
    Raises RecallUnavailable when the speech model or the audio cannot be used."""
    if bias not in BIASES:
        raise ValueError(f"bias must be one of {', '.join(BIASES)}")
    pcm = audio if isinstance(audio, (bytes, bytearray)) else read_wav(audio)
    if len(pcm) % 2:
        raise RecallUnavailable("the audio is not 16-bit PCM (odd number of bytes)")
    if len(pcm) < RATE // 10 * 2:  # under 0.1 s (a key tapped, not held): nothing to hear
        return ""
    if int(np.abs(np.frombuffer(bytes(pcm), dtype="<i2").astype(np.int32)).max()) < SILENCE_PEAK:
        return ""  # nothing louder than a quiet room: the decoder would make up a word ("as")
    with _lock:
        decoder, search = _search_for(options, bias, frozenset(extra_words))
        try:
            decoder.activate_search(search)
            decoder.reinit_feat()  # a fresh front end: the noise estimate must not carry over between replies
            decoder.start_utt()
            decoder.process_raw(bytes(pcm), full_utt=True)
            decoder.end_utt()
        except RuntimeError as exc:
            raise RecallUnavailable(f"speech recognition failed: {exc}") from exc
        hyp = decoder.hyp()
    words = hyp.hypstr.split() if hyp is not None else []
    return " ".join(w for w in words if not w.startswith(("<", "[")))
