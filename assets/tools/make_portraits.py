"""Draw the client portraits as 256x256 PNGs in assets/portraits/: one per scenario persona, one per
archetype, a default, and the sidecar portraits.json.

    python assets/tools/make_portraits.py [OUT_DIR] [--scenarios DIR]

- `<scenario id>.png` for every scenario in DIR (default: the repository's scenarios/), drawn from
  its persona by personas.py: the name seeds the looks, the voice's gender decides the figure, the
  role hints at age and clothes, the archetype sets the expression and tints the background.
- `<archetype>.png` and `default.png`, the hand-made looks in archetypes.py: what a scenario without
  a portrait of its own (a trainer's new file) shows.
- `portraits.json`: scenario id -> file, persona name, voice gender, presentation, archetype and a
  one-line description, so the game can check a portrait is of the persona it shows and the tests
  that the face agrees with the voice.

Flat illustrations on a coloured disc with a light rim, transparent outside the disc, so they read
on dark and light backgrounds (the shared figure is in figure.py). The output depends only on the
scenario files and these scripts: run it again whenever a scenario is added or its persona changes.
Portraits that an earlier run listed in OUT_DIR's portraits.json and that no scenario needs any more
are removed.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from archetypes import LOOKS  # noqa: E402
from drawkit import write_pngs  # noqa: E402
from figure import render  # noqa: E402
from personas import look_for, plan, read_personas, sidecar_entry  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "assets" / "portraits"
SCENARIOS_DIR = ROOT / "scenarios"
SIDECAR = "portraits.json"
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def previous_files(out_dir: Path) -> set[str]:
    """The scenario portraits an earlier run listed in out_dir's sidecar (empty when there is none)."""
    try:
        data = json.loads((out_dir / SIDECAR).read_text(encoding="utf-8"))
        return {entry["file"] for entry in data["portraits"].values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()


def main(argv: list[str]) -> int:
    """Write every portrait and the sidecar into OUT_DIR (default assets/portraits/)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", type=Path, default=OUT_DIR)
    parser.add_argument("--scenarios", type=Path, default=SCENARIOS_DIR, help="folder of scenario files")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir
    pictures = {f"{name}.png": functools.partial(render, look) for name, look in LOOKS.items()}
    personas = []
    for persona in read_personas(args.scenarios):
        if not SAFE_ID.match(persona.scenario_id) or persona.scenario_id in LOOKS:
            print(f"skipped scenario {persona.scenario_id!r}: not usable as a portrait file name "
                  "(it shows its archetype's portrait)", file=sys.stderr)
            continue
        personas.append(persona)
    sidecar: dict[str, Any] = {
        "about": "One portrait per scenario persona, made by assets/tools/make_portraits.py; "
                 "scenarios not listed here show portraits/<archetype>.png, else default.png.",
        "portraits": {}}
    for persona, traits in plan(personas):
        entry = sidecar_entry(persona, traits)
        pictures[entry["file"]] = functools.partial(render, look_for(persona, traits))
        sidecar["portraits"][persona.scenario_id] = entry
    stale = previous_files(out_dir) - set(pictures)
    write_pngs(out_dir, pictures)
    for name in sorted(stale):
        (out_dir / name).unlink(missing_ok=True)
        print(f"removed {out_dir / name} (no scenario uses it now)")
    (out_dir / SIDECAR).write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out_dir / SIDECAR} ({len(sidecar['portraits'])} scenario portraits)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
