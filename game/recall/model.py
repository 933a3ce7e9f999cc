"""The sentence-embedding model (wordllama, weights shipped in its wheel), loaded with no network at all.

wordllama 0.4.0.post1 looks for its tokenizer under `wordllama/tokenizer/` inside the package, but the
wheel ships it in `wordllama/tokenizers/`; without help it would try to download it. The workaround:
copy the packaged tokenizer file into `<cache>/tokenizers/` and load with `cache_dir=<cache>` and
`disable_download=True`, so a missing file is an error, never a network call. `<cache>` is
`$ARDOJO_CACHE/wordllama`, else `<user data>/cache/wordllama` ($XDG_DATA_HOME/ardojo or
~/.local/share/ardojo), else a folder in the temp dir when the user data folder is not writable.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from game.recall.errors import RecallUnavailable

CONFIG = "l2_supercat"
DIM = 256
TOKENIZER_FILE = f"{CONFIG}_tokenizer_config.json"
CACHE_ENV = "ARDOJO_CACHE"

_lock = threading.Lock()
_model: Any = None


def cache_candidates() -> list[Path]:
    """Folders to hold the tokenizer copy, in order of preference."""
    override = os.environ.get(CACHE_ENV)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    first = Path(override) if override else Path(base) / "ardojo" / "cache"
    return [first / "wordllama", Path(tempfile.gettempdir()) / f"ardojo-cache-{os.getuid()}" / "wordllama"]


def _import_wordllama() -> Any:
    """Import wordllama without letting it configure logging: its modules call logging.basicConfig(INFO)
    on import, which would print every library's INFO log (transitions') into the terminal game."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return wordllama


def _packaged_tokenizer() -> Path:
    try:
        wordllama = _import_wordllama()
    except ImportError as exc:
        raise RecallUnavailable(f"the text-matching model is not installed (wordllama: {exc})") from exc
    source = Path(wordllama.__file__).parent / "tokenizers" / TOKENIZER_FILE
    if not source.is_file():
        raise RecallUnavailable(f"the text-matching model is incomplete: {source} is missing")
    return source


def prepare_cache() -> Path:
    """A cache folder laid out as wordllama expects (`<cache>/tokenizers/<file>`), the packaged tokenizer
    copied into it (again when the copy differs in size). Raises RecallUnavailable when none is writable."""
    source = _packaged_tokenizer()
    errors = []
    for cache in cache_candidates():
        target = cache / "tokenizers" / TOKENIZER_FILE
        try:
            if not target.is_file() or target.stat().st_size != source.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_suffix(f".{os.getpid()}.part")
                shutil.copyfile(source, partial)
                os.replace(partial, target)
            return cache
        except OSError as exc:
            errors.append(f"{cache}: {exc.strerror or exc}")
    raise RecallUnavailable("no writable cache folder for the text-matching model (" + "; ".join(errors) + ")")


def load_model() -> Any:
    """The packaged wordllama model (a `WordLlamaInference`), loaded once per process and shared.
    Never downloads: raises RecallUnavailable when a file is missing or unreadable."""
    global _model
    with _lock:
        if _model is None:
            cache = prepare_cache()
            try:
                from wordllama import WordLlama
                _model = WordLlama.load(config=CONFIG, dim=DIM, cache_dir=cache, disable_download=True)
            except (OSError, ValueError, RuntimeError) as exc:  # FileNotFoundError, safetensors/tokenizer errors
                raise RecallUnavailable(f"the text-matching model could not be loaded: {exc}") from exc
        return _model
