"""Nothing is downloaded: the model and speech recogniser load and work in a fresh process whose sockets
refuse anything but 127.0.0.1, with an empty cache folder (so the tokenizer workaround really runs)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game.recall import model as recall_model
from game.recall.errors import RecallUnavailable

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import socket, sys
    attempts = []
    real_connect = socket.socket.connect
    def guarded(self, address, *a, **k):
        host = address[0] if isinstance(address, tuple) else str(address)
        if host not in ("127.0.0.1", "::1", "localhost"):
            attempts.append(host)
            raise OSError("network blocked by the test: " + host)
        return real_connect(self, address, *a, **k)
    socket.socket.connect = guarded
    socket.create_connection = lambda address, *a, **k: guarded(socket.socket(), address)
    from dataclasses import dataclass
    @dataclass
    class Opt:
        say: str
        id: str = ""
    from game.recall.match import match_reply
    from game.recall import speech
    opts = [Opt("What could you send this Friday?"), Opt("Just pay what you can.")]
    m = match_reply("how much can you send on friday", opts)
    heard = speech.recognise(bytes(16000), opts)
    print("MATCH", m.kind, m.option_index, "HEARD", repr(heard), "ATTEMPTS", attempts)
    sys.exit(1 if attempts else 0)
""")


def test_loads_and_matches_with_network_blocked(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "XDG_DATA_HOME": str(tmp_path / "data"),
           "HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT)}
    env.pop("ARDOJO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "MATCH clear 0" in proc.stdout and "ATTEMPTS []" in proc.stdout
    copied = tmp_path / "data" / "ardojo" / "cache" / "wordllama" / "tokenizers" / recall_model.TOKENIZER_FILE
    assert copied.is_file()


def test_unwritable_cache_falls_back_to_temp(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setenv(recall_model.CACHE_ENV, str(blocker))
    monkeypatch.setattr(recall_model.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    cache = recall_model.prepare_cache()
    assert cache.is_relative_to(tmp_path / "tmp")
    assert (cache / "tokenizers" / recall_model.TOKENIZER_FILE).is_file()


def test_no_writable_cache_is_a_clear_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    monkeypatch.setattr(recall_model, "cache_candidates", lambda: [blocker / "a", blocker / "b"])
    with pytest.raises(RecallUnavailable, match="no writable cache folder"):
        recall_model.prepare_cache()


def test_missing_model_file_is_an_error_not_a_download(tmp_path, monkeypatch):
    """With the packaged weights hidden, wordllama must fail (disable_download) rather than fetch them."""
    import wordllama
    from wordllama import WordLlama
    monkeypatch.setattr(recall_model, "_model", None)
    monkeypatch.setattr(WordLlama, "get_filename", classmethod(lambda cls, *a, **k: "absent.safetensors"))
    import requests
    monkeypatch.setattr(requests, "get", lambda *a, **k: pytest.fail("tried to download"))
    with pytest.raises(RecallUnavailable, match="could not be loaded"):
        recall_model.load_model()
    assert Path(wordllama.__file__).parent.is_dir()
