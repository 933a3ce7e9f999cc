"""The shipped assets (`assets/`): the UI font, the client portraits, the icons and the sounds.

A scenario shows its persona's own portrait (`portraits/<scenario id>.png`, when `portraits.json`
says that file is of this persona), else its archetype's, else `portraits/default.png`.

Every loader falls back gracefully — pygame's default font, a drawn silhouette, silence — so a
missing or broken file never stops the game.
"""

from __future__ import annotations

import re
import json
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import pygame

from game.content.data_dirs import assets_dir
from game.content.model import Scenario

#: `$ARDOJO_ASSETS`, else the installed package data, else the checkout's `assets/` (game.content.data_dirs).
ASSETS_DIR = assets_dir()
DEFAULT_PORTRAIT = "default"
PORTRAITS_SIDECAR = "portraits.json"
_PORTRAIT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


@lru_cache(maxsize=1)
def font_files() -> tuple[Path | None, Path | None]:
    """(regular, bold) font files under assets/fonts, either None when not shipped."""
    fonts = sorted((ASSETS_DIR / "fonts").glob("*.[ot]tf")) if (ASSETS_DIR / "fonts").is_dir() else []
    if not fonts:
        return None, None

    def weight(path: Path) -> str:
        name = path.stem.lower()
        return "bold" if "bold" in name and "semi" not in name and "extra" not in name else \
            "regular" if "regular" in name or "-" not in name else "other"

    regular = next((p for p in fonts if weight(p) == "regular"), None)
    bold = next((p for p in fonts if weight(p) == "bold"), None)
    if regular is None:
        regular = next((p for p in fonts if weight(p) != "bold"), fonts[0])
    return regular, bold


#: Rendered once when a font is opened: SDL_ttf keeps each glyph it has drawn, so a first line of text
#: in a fresh font costs ~2 ms and in a warmed one ~0.05 ms (the warm-up itself: ~3 ms per font).
WARM_GLYPHS = (" ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
               ".,;:!?'\"()[]{}<>/\\|@#$%&*+-=_~^`€£–—‘’“”…·•×✓")


class FontBook:
    """pygame fonts by (size, bold), loaded once, their common glyphs drawn once (WARM_GLYPHS).
    Without a bold file, bold is synthesized."""

    def __init__(self) -> None:
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self.regular, self.bold = font_files()

    def get(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._load(size, bold)
            self._fonts[key] = font
        return font

    def _load(self, size: int, bold: bool) -> pygame.font.Font:
        path = self.bold if bold and self.bold else self.regular
        try:
            font = pygame.font.Font(str(path) if path else None, size)
        except (OSError, pygame.error):
            font = pygame.font.Font(None, size)
        if bold and not (self.bold and path == self.bold):
            font.set_bold(True)
        try:
            font.render(WARM_GLYPHS, True, (0, 0, 0))
        except (pygame.error, ValueError):
            pass
        return font


@lru_cache(maxsize=4)
def persona_portraits(folder: Path) -> dict[str, dict[str, Any]]:
    """The sidecar `folder`/portraits.json: scenario id -> {"file", "name", "gender", ...}; empty
    when it is missing or unreadable."""
    try:
        data = json.loads((folder / PORTRAITS_SIDECAR).read_text(encoding="utf-8"))
        entries = data["portraits"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {sid: e for sid, e in entries.items() if isinstance(e, dict)} if isinstance(entries, dict) else {}


def portrait_file(archetype: str, scenario_id: str | None = None, persona_name: str | None = None,
                  folder: Path | None = None) -> Path | None:
    """The scenario's own portrait when the sidecar lists it for this persona (same scenario id and
    persona name, so a trainer's copy that changes the persona does not show someone else's face),
    else portraits/<archetype>.png, else the default portrait, else None."""
    folder = folder or ASSETS_DIR / "portraits"
    entry = persona_portraits(folder).get(scenario_id or "")
    names = [f"{archetype}.png", f"{DEFAULT_PORTRAIT}.png"]
    if entry and entry.get("name") == persona_name and isinstance(entry.get("file"), str):
        names.insert(0, entry["file"])
    for name in names:
        path = _plain_file(folder, name)
        if path is not None:
            return path
    return None


def _plain_file(folder: Path, name: str) -> Path | None:
    """folder/name when name is a plain file name (no folders, no NUL) of an existing file, else None
    (names come from scenario files, so a hostile one must neither escape the folder nor crash)."""
    if not name or "\0" in name or name in (".", "..") or Path(name).name != name or "\\" in name:
        return None
    path = folder / name
    try:
        return path if path.is_file() else None
    except (OSError, ValueError):  # e.g. a name too long for the file system
        return None


def _silhouette(size: int, skin: tuple[int, int, int], back: tuple[int, int, int]) -> pygame.Surface:
    """A drawn placeholder portrait: head and shoulders on a tinted disc."""
    surf = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(surf, back, (size // 2, size // 2), size // 2)
    pygame.draw.circle(surf, skin, (size // 2, round(size * 0.40)), round(size * 0.19))
    body = pygame.Rect(0, 0, round(size * 0.64), round(size * 0.5))
    body.midtop = (size // 2, round(size * 0.64))
    pygame.draw.ellipse(surf, skin, body)
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (size // 2, size // 2), size // 2)
    surf.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return surf


def _round_mask(image: pygame.Surface) -> pygame.Surface:
    size = image.get_width()
    out = image.convert_alpha() if pygame.display.get_surface() else image.copy()
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (size // 2, size // 2), size // 2)
    out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return out


def _decode_square(path: Path) -> pygame.Surface | None:
    """The image at `path`, cropped to its centred square; None when it cannot be read."""
    try:
        image = pygame.image.load(str(path))
        side = min(image.get_size())
        crop = pygame.Rect(0, 0, side, side)
        crop.center = image.get_rect().center
        return image.subsurface(crop).copy()
    except (pygame.error, OSError, ValueError):
        return None


def _file_key(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class _Decoded:
    """The shipped portraits decoded once per process by a background thread (PNG decoding releases
    the GIL), so the first screen that shows six faces does not decode six files in its frame. Each
    entry remembers the file's size and time: a file changed since is decoded again where it is used."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._images: dict[Path, tuple[tuple[int, int] | None, pygame.Surface | None]] = {}
        self._started: set[Path] = set()

    def start(self, folder: Path) -> None:
        """Decode every PNG in `folder` in the background (once per folder per process)."""
        with self._lock:
            if folder in self._started:
                return
            self._started.add(folder)
        threading.Thread(target=self._decode_all, args=(folder,), name="ardojo-portraits", daemon=True).start()

    def _decode_all(self, folder: Path) -> None:
        try:
            files = sorted(folder.glob("*.png")) if folder.is_dir() else []
        except OSError:
            return
        for path in files:
            key = _file_key(path)
            image = _decode_square(path)
            with self._lock:
                self._images.setdefault(path, (key, image))

    def get(self, path: Path) -> tuple[bool, pygame.Surface | None]:
        """(True, image) when `path` was decoded and has not changed since; (False, None) otherwise."""
        with self._lock:
            entry = self._images.get(path)
        if entry is None or entry[0] is None or entry[0] != _file_key(path):
            return False, None
        return True, entry[1]


_DECODED = _Decoded()


class Portraits:
    """Round client portraits by (scenario, size), loaded and scaled once (see portrait_file). The
    shipped files are decoded in the background as soon as the first Portraits is made (_Decoded)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Path | None, int, tuple], pygame.Surface] = {}
        self._raw: dict[Path, pygame.Surface | None] = {}
        self._paths: dict[tuple[str, str, str], Path | None] = {}
        _DECODED.start(ASSETS_DIR / "portraits")

    def get(self, scenario: Scenario, size: int, skin: tuple[int, int, int],
            back: tuple[int, int, int]) -> pygame.Surface:
        """The scenario's portrait as a `size` disc; a drawn silhouette (in skin on back) without one."""
        who = (scenario.id, scenario.archetype, scenario.persona.name)
        if who not in self._paths:
            self._paths[who] = portrait_file(scenario.archetype, scenario.id, scenario.persona.name)
        path = self._paths[who]
        key = (path, size, (skin, back))
        image = self._cache.get(key)
        if image is None:
            raw = self._load(path) if path is not None else None
            if raw is None:
                image = _silhouette(size, skin, back)
            else:
                image = _round_mask(pygame.transform.smoothscale(raw, (size, size)))
            self._cache[key] = image
        return image

    def _load(self, path: Path) -> pygame.Surface | None:
        if path not in self._raw:
            found, image = _DECODED.get(path)
            self._raw[path] = image if found else _decode_square(path)
        return self._raw[path]


class Icons:
    """assets/icons/<name>.png (white on transparent), tinted and scaled once per (name, size, colour).
    `get` returns None when the icon is not shipped, so callers can draw their own."""

    def __init__(self) -> None:
        self._raw: dict[str, pygame.Surface | None] = {}
        self._cache: dict[tuple[str, int, tuple], pygame.Surface | None] = {}

    def get(self, name: str, size: int, color: tuple[int, int, int]) -> pygame.Surface | None:
        key = (name, size, color)
        if key not in self._cache:
            raw = self._load(name)
            icon = None
            if raw is not None:
                icon = pygame.transform.smoothscale(raw, (size, size))
                icon.fill((*color, 255), special_flags=pygame.BLEND_RGBA_MULT)
            self._cache[key] = icon
        return self._cache[key]

    def _load(self, name: str) -> pygame.Surface | None:
        if name not in self._raw:
            path = ASSETS_DIR / "icons" / f"{name}.png"
            try:
                image = pygame.image.load(str(path)) if path.is_file() else None
                self._raw[name] = image.convert_alpha() if image and pygame.display.get_surface() else image
            except (pygame.error, OSError):
                self._raw[name] = None
        return self._raw[name]


class Sounds:
    """The shipped sounds (ring, pick-up, hang-up, busy), loaded once; silent without a mixer."""

    NAMES = ("ring", "pick-up", "hang-up", "busy")

    def __init__(self) -> None:
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        if not pygame.mixer.get_init():
            return
        for name in self.NAMES:
            path = ASSETS_DIR / "sounds" / f"{name}.wav"
            try:
                if path.is_file():
                    self._sounds[name] = pygame.mixer.Sound(str(path))
            except (pygame.error, OSError):
                continue

    def play(self, name: str, loops: int = 0) -> None:
        sound = self._sounds.get(name)
        if sound is not None:
            try:
                sound.play(loops=loops)
            except pygame.error:
                self._sounds.pop(name, None)

    def set_volume(self, volume: float) -> None:
        """Loudness 0..1 of every shipped sound."""
        for sound in self._sounds.values():
            sound.set_volume(max(0.0, min(1.0, volume)))

    def stop(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is not None:
            sound.stop()
