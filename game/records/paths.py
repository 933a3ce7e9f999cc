"""Where records live: `--db PATH`, else `$ARDOJO_DB`, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path


def user_data_dir() -> Path:
    """The per-user data folder ($XDG_DATA_HOME/ardojo or ~/.local/share/ardojo)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ardojo"


def default_db_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file to use: an explicit path, then ARDOJO_DB, then the user data folder."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ARDOJO_DB")
    if env:
        return Path(env)
    return user_data_dir() / "records.sqlite3"
