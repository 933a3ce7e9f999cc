"""Can a window open here? Checked before pygame is even imported, so the answer is instant."""

from __future__ import annotations

import os
import sys
from typing import Mapping

TEXT_HINT = "try `ardojo play --text` to play in the terminal"


def display_problem(environ: Mapping[str, str] | None = None, platform: str | None = None) -> str | None:
    """Why no window can open (no DISPLAY or WAYLAND_DISPLAY and no SDL video driver chosen), or None."""
    env = os.environ if environ is None else environ
    if (platform or sys.platform).startswith(("linux", "freebsd", "openbsd", "netbsd")):
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("SDL_VIDEODRIVER")):
            return f"error: no display available (DISPLAY and WAYLAND_DISPLAY are not set); {TEXT_HINT}"
    return None
