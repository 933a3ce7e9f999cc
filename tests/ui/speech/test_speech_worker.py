"""The real worker process: pyttsx3 + espeak-ng speak lines into WAV files, stdout carries only
the protocol, and a machine without espeak-ng gets a clear one-line reason instead of a crash."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audio_checks import median_pitch, wav_seconds
from game.ui.speech import worker
from game.ui.speech.worker import Synthesizer, serve

REPO = Path(__file__).resolve().parents[3]
LINE = "Sunrise Bakery, this is Maria. Sorry, it's a little crazy here, it's pie week."


def run_worker(requests: list[dict | str], cache: Path) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    lines = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in requests)
    done = subprocess.run([sys.executable, "-m", "game.ui.speech.worker", "--cache", str(cache)], input=lines,
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    return [json.loads(line) for line in done.stdout.splitlines()]  # any stray print would fail here


def request(text: str, voice: str, path: Path, rate: int = 165, out_rate: int = 22050, channels: int = 1) -> dict:
    return {"text": text, "voice": voice, "rate": rate, "path": str(path), "out_rate": out_rate,
            "out_channels": channels}


def test_a_real_line_is_spoken_with_a_plausible_length_and_a_clean_stdout(tmp_path: Path) -> None:
    target = tmp_path / "line.wav"
    hello, reply = run_worker([request(LINE, "gmw/en-us+f3", target, out_rate=44100, channels=2)], tmp_path)
    assert hello["ready"] is True and hello["voices"] > 10
    assert reply["ok"] is True and reply["path"] == str(target)
    assert 1.0 <= wav_seconds(target) <= 8.0
    assert abs(wav_seconds(target) - reply["seconds"]) < 0.01
    assert sorted(p.name for p in tmp_path.iterdir()) == ["line.wav"]  # no temporary files left


def test_female_and_male_personas_sound_different(tmp_path: Path) -> None:
    female, male = tmp_path / "f.wav", tmp_path / "m.wav"
    replies = run_worker([request(LINE, "gmw/en-us+f3", female), request(LINE, "gmw/en-us+m3", male)], tmp_path)
    assert all(r.get("ok") for r in replies[1:])
    assert female.read_bytes() != male.read_bytes()
    f_pitch, m_pitch = median_pitch(female), median_pitch(male)
    assert f_pitch > 1.3 * m_pitch, (f_pitch, m_pitch)
    assert 140 <= f_pitch <= 320 and 70 <= m_pitch <= 160


def test_the_rate_changes_the_length(tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    run_worker([request(LINE, "gmw/en-us+f3", slow, rate=120), request(LINE, "gmw/en-us+f3", fast, rate=240)],
               tmp_path)
    assert wav_seconds(slow) > 1.5 * wav_seconds(fast)


def test_bad_requests_and_unknown_voices_do_not_stop_the_worker(tmp_path: Path) -> None:
    replies = run_worker(["this is not json", {"text": "Hi"},
                          request("Hello there.", "no-such-voice+m3", tmp_path / "a.wav")], tmp_path)
    assert [r.get("ok") for r in replies[1:]] == [False, False, True]
    assert replies[1]["error"].startswith("ValueError: bad request")
    assert replies[3]["voice"] == "gmw/en-us+m3"  # the base voice, keeping the male variant
    assert 0.3 < wav_seconds(tmp_path / "a.wav") < 4


def test_without_espeak_the_worker_says_why_and_exits(tmp_path: Path, fake_pyttsx3_without_espeak: Path) -> None:
    replies = run_worker([request(LINE, "gmw/en-us+f3", tmp_path / "x.wav")], tmp_path)
    assert replies == [{"ready": False, "error": "espeak-ng is not installed (on Debian/Ubuntu: apt-get install "
                                                 "espeak-ng)"}]
    assert not (tmp_path / "x.wav").exists()


def test_serve_reports_an_init_failure_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyttsx3

    def broken_init(*args: object, **kwargs: object) -> None:
        raise OSError("libespeak-ng.so.1: cannot open shared object file")

    monkeypatch.setattr(pyttsx3, "init", broken_init)
    replies = io.StringIO()
    assert serve(io.StringIO('{"text": "Hi"}\n'), replies, Synthesizer()) == 0
    message = json.loads(replies.getvalue())
    assert message == {"ready": False, "error": "espeak-ng is not installed (on Debian/Ubuntu: apt-get install "
                                                "espeak-ng)"}
    assert worker.describe_init_error(RuntimeError("no audio")) == "the speech engine could not start (no audio)"


def test_the_speech_package_does_not_import_pygame() -> None:
    code = ("import sys, game.ui.speech.service, game.ui.speech.worker, game.ui.speech.cache; "
            "print('pygame' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"
