"""The shared drawing context every scene gets: settings, palette, metrics, cached text, portraits,
the voice and the ring sound. Scenes share this, never each other."""

from __future__ import annotations

import pygame

from game.ui.pygame.assets import FontBook, Icons, Portraits, Sounds
from game.ui.pygame.settings import Settings, save_settings
from game.ui.pygame.text import TextCache
from game.ui.pygame.theme import Metrics, Palette, metrics_for, palette_for
from game.ui.pygame.voiceport import SilentVoice, VoiceLike


class UI:
    """Look and feel for the current window size and settings."""

    def __init__(self, settings: Settings, size: tuple[int, int], voice: VoiceLike | None = None, *,
                 cache_text: bool = True, persist: bool = True) -> None:
        self.settings = settings
        self.size = size
        self.palette: Palette = palette_for(settings.high_contrast)
        self.metrics: Metrics = metrics_for(size, settings.text_size)
        self.fonts = FontBook()
        self.text = TextCache(self.fonts, self.metrics, enabled=cache_text)
        self.portraits = Portraits()
        self.voice: VoiceLike = voice or SilentVoice()
        self.icons = Icons()
        self.sounds = Sounds()
        self.persist = persist
        self.notice = ""
        self.time = 0.0
        self.pointer_scale = 1.0

    def mouse_pos(self) -> tuple[int, int]:
        """The pointer in layout coordinates (the window may show the layout scaled down)."""
        x, y = pygame.mouse.get_pos()
        return round(x / self.pointer_scale), round(y / self.pointer_scale)

    @property
    def m(self) -> Metrics:
        return self.metrics

    @property
    def p(self) -> Palette:
        return self.palette

    def resize(self, size: tuple[int, int]) -> None:
        self.size = size
        self.metrics = metrics_for(size, self.settings.text_size)
        self.text.set_metrics(self.metrics)

    def apply_settings(self) -> None:
        """Re-derive palette and sizes from the settings, tell the voice, and save them."""
        self.palette = palette_for(self.settings.high_contrast)
        self.metrics = metrics_for(self.size, self.settings.text_size)
        self.text.set_metrics(self.metrics)
        self.text.clear()
        self.voice.set_enabled(self.settings.voice_enabled)
        self.voice.set_rate(self.settings.voice_rate)
        self.apply_volume()
        if self.persist:
            self.notice = save_settings(self.settings) or ""

    def apply_volume(self) -> None:
        """The volume setting, to the voice and the phone sounds."""
        volume = self.settings.volume / 100
        self.sounds.set_volume(volume)
        if hasattr(self.voice, "volume"):
            self.voice.volume = volume  # type: ignore[attr-defined]

    def play(self, sound: str, loops: int = 0) -> None:
        """Play a shipped sound (ring, pick-up, hang-up, busy); nothing without a mixer."""
        self.sounds.play(sound, loops)

    def stop(self, sound: str) -> None:
        self.sounds.stop(sound)
