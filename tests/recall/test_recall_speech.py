"""Spoken recall end to end: espeak-ng speaks options and paraphrases into WAV files, pocketsphinx (biased to
the node's words) recognises them, and match_reply takes an option. Also the audio error paths."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
import wave
from dataclasses import dataclass

import pytest

from espeak_audio import VOICES, espeak_available, speak_to_wav, spoken_subset
from game.recall import speech
from game.recall.errors import RecallUnavailable
from game.recall.match import match_reply

needs_espeak = pytest.mark.skipif(not espeak_available(), reason="espeak-ng is not installed")


@dataclass(frozen=True)
class Opt:
    say: str
    id: str = ""


@needs_espeak
def test_spoken_accuracy_and_speed(paraphrase_cases, recall_model, tmp_path):
    subset = spoken_subset(paraphrase_cases, 20)
    assert len(subset) == 20
    with ThreadPoolExecutor(2) as pool:  # espeak-ng runs are independent processes
        wavs = list(pool.map(lambda n: speak_to_wav(subset[n][0], tmp_path / f"u{n}.wav", VOICES[n % len(VOICES)]),
                             range(len(subset))))
    correct, heard_s, audio_s, misses = 0, 0.0, 0.0, []
    for wav, (text, case) in zip(wavs, subset):
        pcm = speech.read_wav(wav)
        audio_s += len(pcm) / 2 / speech.RATE
        start = time.perf_counter()
        heard = speech.recognise(pcm, case.options)
        heard_s += time.perf_counter() - start
        m = match_reply(heard, case.options)
        if m.kind == "clear" and m.option_index == case.expected:
            correct += 1
        else:
            misses.append((text, heard, m.kind))
    assert correct / len(subset) >= 0.80, misses
    assert heard_s < audio_s, f"recognition took {heard_s:.1f} s for {audio_s:.1f} s of audio"


@needs_espeak
def test_wav_path_and_pcm_bytes_agree_whatever_came_before(recall_library, tmp_path):
    node = recall_library["bramble-finch"].nodes["what-to-say"]
    wav = speak_to_wav("No, just tell her it's urgent.", tmp_path / "a.wav")
    with wave.open(str(wav)) as w:
        assert w.getframerate() != speech.RATE  # espeak-ng writes 22.05 kHz: read_wav resamples
    by_path = speech.recognise(wav, node.choices)
    assert by_path == speech.recognise(speech.read_wav(wav), node.choices)
    assert "urgent" in by_path.split()
    other = speak_to_wav("Yes, please.", tmp_path / "b.wav", "en-gb")
    speech.recognise(other, recall_library["sunrise-bakery"].nodes["options"].choices)
    assert speech.recognise(wav, node.choices) == by_path, "what was heard before must not change it"


def test_silence_is_heard_as_nothing(recall_library):
    node = recall_library["bramble-finch"].nodes["what-to-say"]
    heard = speech.recognise(bytes(2 * speech.RATE), node.choices)
    assert match_reply(heard, node.choices).kind == "none"


def test_unreadable_audio_is_a_clear_error(tmp_path):
    bad = tmp_path / "not-a.wav"
    bad.write_text("hello")
    with pytest.raises(RecallUnavailable, match="cannot read the recording"):
        speech.recognise(bad, [Opt("Yes, please.")])
    with pytest.raises(RecallUnavailable, match="cannot read the recording"):
        speech.recognise(tmp_path / "missing.wav", [Opt("Yes, please.")])
    with pytest.raises(RecallUnavailable, match="16-bit"):
        speech.recognise(b"\x00\x01\x02", [Opt("Yes, please.")])


def test_eight_bit_wav_is_refused(tmp_path):
    path = tmp_path / "8bit.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(1), w.setframerate(8000), w.writeframes(bytes(800))
    with pytest.raises(RecallUnavailable, match="not 16-bit"):
        speech.read_wav(path)


def test_unknown_bias_is_refused():
    with pytest.raises(ValueError):
        speech.recognise(bytes(320), [Opt("Yes.")], bias="magic")


def test_vocabulary_keeps_dictionary_words_and_spells_figures():
    vocab = speech.vocabulary([Opt("Could you make it 1,860? Okonkwo xqzt")])
    assert {"could", "one", "thousand", "eight", "hundred", "sixty"} <= set(vocab)
    assert "xqzt" not in vocab and vocab == sorted(vocab)
