"""Build hook: ship the top-level `scenarios/` and `assets/` folders inside the wheel as `game/_data/`.

The folders stay where they are in the repository (authors edit them there); a built wheel carries a
copy under the `game._data` package, where `game.content.data_dirs` finds them with importlib.resources.
Everything else about the build is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("scenarios", "assets")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithData(build_py):
    """build_py that also copies the data folders into build/lib/game/_data/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's folders directly
        target = Path(self.build_lib) / "game" / "_data"
        for name in DATA_FOLDERS:
            source = ROOT / name
            if source.is_dir():
                shutil.rmtree(target / name, ignore_errors=True)
                shutil.copytree(source, target / name, ignore=SKIP)
        # The scenario files stay byte-identical (records fingerprint them), so their schema line
        # `../game/content/schema/scenario.schema.json` must resolve from game/_data/scenarios/ too.
        schemas = ROOT / "game" / "content" / "schema"
        mirror = target / "game" / "content" / "schema"
        shutil.rmtree(mirror, ignore_errors=True)
        mirror.mkdir(parents=True)
        for schema in schemas.glob("*.schema.json"):
            shutil.copy2(schema, mirror / schema.name)


setup(cmdclass={"build_py": BuildWithData})
