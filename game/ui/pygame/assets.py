"""The shipped assets (`assets/`): the UI font, one portrait per archetype and the ring sound.

Every loader falls back gracefully — pygame's default font, a drawn silhouette, silence — so a
missing or broken file never stops the game.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

ASSETS_DIR = Path(__file__).resolve().parents[3] / "assets"
DEFAULT_PORTRAIT = "default"


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


class FontBook:
    """pygame fonts by (size, bold), loaded once. Without a bold file, bold is synthesized."""

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
        return font


def portrait_file(archetype: str) -> Path | None:
    """assets/portraits/<archetype>.png, else the default portrait, else None."""
    for name in (archetype, DEFAULT_PORTRAIT):
        path = ASSETS_DIR / "portraits" / f"{name}.png"
        if path.is_file():
            return path
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


class Portraits:
    """Round portraits by (archetype, size), loaded and scaled once."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, tuple], pygame.Surface] = {}
        self._raw: dict[str, pygame.Surface | None] = {}

    def get(self, archetype: str, size: int, skin: tuple[int, int, int],
            back: tuple[int, int, int]) -> pygame.Surface:
        key = (archetype, size, (skin, back))
        image = self._cache.get(key)
        if image is None:
            raw = self._load(archetype)
            if raw is None:
                image = _silhouette(size, skin, back)
            else:
                image = _round_mask(pygame.transform.smoothscale(raw, (size, size)))
            self._cache[key] = image
        return image

    def _load(self, archetype: str) -> pygame.Surface | None:
        if archetype not in self._raw:
            path = portrait_file(archetype)
            image = None
            if path is not None:
                try:
                    image = pygame.image.load(str(path))
                    side = min(image.get_size())
                    crop = pygame.Rect(0, 0, side, side)
                    crop.center = image.get_rect().center
                    image = image.subsurface(crop).copy()
                except (pygame.error, OSError, ValueError):
                    image = None
            self._raw[archetype] = image
        return self._raw[archetype]


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

    def stop(self, name: str) -> None:
        sound = self._sounds.get(name)
        if sound is not None:
            sound.stop()
