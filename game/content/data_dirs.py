"""Where the shipped content lives: the scenarios folder (rulebook, programs) and the assets folder.

Order of precedence: the environment override (`ARDOJO_SCENARIOS`, `ARDOJO_ASSETS`), then the package
data of an installed wheel (`game._data/<name>`, found with `importlib.resources`), then the folder of the
same name at the top of a source checkout (editable installs and running from the repository).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

SCENARIOS_ENV = "ARDOJO_SCENARIOS"
ASSETS_ENV = "ARDOJO_ASSETS"
DATA_PACKAGE = "game._data"
_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]


def packaged_dir(name: str) -> Path | None:
    """`name` (scenarios or assets) inside the installed package data, or None when not shipped there."""
    try:
        root = resources.files(DATA_PACKAGE) / name
    except (ModuleNotFoundError, TypeError):
        return None
    if not root.is_dir():
        return None
    path = Path(str(root))
    return path if path.is_dir() else None


def data_dir(name: str, env: str) -> Path:
    """The folder `name`: `$env` when set, else the package data, else the checkout's top-level folder."""
    override = os.environ.get(env)
    if override:
        return Path(override)
    return packaged_dir(name) or _CHECKOUT_ROOT / name


def scenarios_dir() -> Path:
    """The scenarios folder (with rulebook.yaml and programs/)."""
    return data_dir("scenarios", SCENARIOS_ENV)


def assets_dir() -> Path:
    """The assets folder (fonts, portraits, icons, sounds)."""
    return data_dir("assets", ASSETS_ENV)
