"""Package data of an installed AR Dojo: `scenarios/` (with the rulebook and programs) and `assets/`.

In the repository these folders stay at the top level; `setup.py` copies them here when a wheel is
built, so an installed copy finds them with `importlib.resources` (see `game.content.data_dirs`).
"""
