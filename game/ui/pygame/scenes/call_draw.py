"""Drawing of the call screen (kept apart from its input and state handling in call.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.ui.pygame import draw, icons

if TYPE_CHECKING:
    from game.ui.pygame.scenes.call import CallScene

HELP = "Keys 1–4 reply · Up/Down + Enter · Tab brief · Esc leave · F2 settings"
#: The key help with the history key, shown when it still fits in three lines (the History button always
#: shows its key).
HELP_HISTORY = "Keys 1–4 reply · Up/Down + Enter · Tab brief · H history · Esc leave · F2 settings"

#: Under an ended call, beside "Document the call": the longest that fits.
ENDED_MESSAGES = ("Write up what was agreed while it is fresh: that is the next step.",
                  "Write up what was agreed while it is fresh.", "Write it up while it is fresh.",
                  "Next: the write-up.")


def help_text(scene: "CallScene", width: int) -> str:
    """The key help for the left panel's width: with the history key when it fits in three lines."""
    ui = scene.ui
    history = HELP_HISTORY if not scene._typing() else HELP_HISTORY.replace("H history", "Ctrl+H history")
    return history if len(ui.text.wrap(history, "small", width)) <= 3 else HELP


def help_height(scene: "CallScene", width: int) -> int:
    """The height of the key help at the foot of the left panel."""
    ui = scene.ui
    return min(ui.text.block_height(help_text(scene, width), "small", width), ui.text.line_height("small") * 3)


def draw_call(scene: "CallScene", surface: pygame.Surface) -> None:
    ui, p = scene.ui, scene.ui.p
    surface.fill(p.bg)
    scene.top.draw(surface)
    _left(scene, surface)
    draw.panel(surface, ui, scene.talk, p.surface, p.border, radius=ui.m.radius * 1.5)
    if scene.ringing:
        _ringing(scene, surface)
    else:
        scene.transcript.draw(surface, live=not scene.call.ended)
    button = scene.history_button.rect
    room = button.left - scene.talk.left - ui.m.sp(3)
    draw.first_fitting(surface, ui, ["CONVERSATION"], "small_b", p.muted,
                       (scene.talk.left + ui.m.sp(1.5), button.centery), "midleft", room, whole="the History panel (H)")
    _replies(scene, surface)
    focused = scene.focus.focused
    for w in (scene.brief_button, scene.history_button, scene.top.settings):
        w.draw(surface, ui, w is focused, w is scene.focus.hover)


def _left(scene: "CallScene", surface: pygame.Surface) -> None:
    ui, m, p = scene.ui, scene.ui.m, scene.ui.p
    r = scene.left
    draw.panel(surface, ui, r, p.surface, p.border, radius=m.radius * 1.5)
    persona = scene.call.scenario.persona
    pad = m.sp(2)
    inner = r.width - 2 * pad
    # the portrait gives up room when the objective would not get two lines (large text, small window)
    fit, key = getattr(scene, "_face_fit", None), (r.size, m)
    shrink = fit[1] if fit is not None and fit[0] == key else 0
    size = max(48, min(inner, round(m.body * 6), round(r.height * 0.24)) - shrink)
    face = ui.portraits.get(scene.call.scenario, size, p.muted, p.accent_soft)
    y = r.top + pad
    surface.blit(face, face.get_rect(midtop=(r.centerx, y)))
    y += size + m.sp(1.5)
    name = draw.text(surface, ui, persona.name, "h2", p.text, (r.centerx, y), "midtop", max_width=inner)
    y = name.bottom + m.sp(0.5)
    sub = f"{persona.role}, {persona.company}" if persona.role else persona.company
    block = ui.text.block(sub, "small", p.muted, inner, align="center", max_lines=2)
    surface.blit(block, block.get_rect(midtop=(r.centerx, y)))
    y += block.get_height() + m.sp(1.5)
    y = _status(scene, surface, r.centerx, y) + m.sp(2)
    draw.divider(surface, ui, r.left + pad, r.right - pad, y)
    y += m.sp(2)
    for meter in scene.meters:
        meter.draw(surface, ui, pygame.Rect(r.left + pad, y, inner, meter.height(ui)))
        y += meter.height(ui) + m.sp(1.5)
    y = _voice(scene, surface, r.left + pad, y + m.sp(0.5), inner) + m.sp(2.5)
    box = pygame.Rect(r.left + pad, y, inner, scene.brief_button.rect.top - m.sp(2) - y)
    need = m.sp(3) + ui.text.line_height("small_b") + m.sp(0.5) + ui.text.line_height("small") * 2
    if fit is None or fit[0] != key:
        scene._face_fit = (key, max(0, min(need - box.height, size - 48)))
        if box.height < need and size > 48:
            return _left(scene, surface)  # once more, with the smaller portrait
    _objective(scene, surface, box)
    help_block = ui.text.block(help_text(scene, inner), "small", p.muted, inner, align="center", max_lines=3)
    surface.blit(help_block, help_block.get_rect(midbottom=(r.centerx, r.bottom - pad)))


def _status(scene: "CallScene", surface: pygame.Surface, cx: int, y: int) -> int:
    ui, p = scene.ui, scene.ui.p
    if scene.ringing:
        label, fg, bg = "Calling…", p.warn, p.warn_soft
    elif scene.call.ended:
        label, fg, bg = "Call ended", p.muted, p.track
    else:
        secs = int(scene.elapsed)
        label, fg, bg = f"On the call · {secs // 60}:{secs % 60:02d}", p.ok, p.ok_soft
    rect = draw.chip(surface, ui, label, (cx, y), fg, bg, anchor="midtop")
    return rect.bottom


def _objective(scene: "CallScene", surface: pygame.Surface, box: pygame.Rect) -> None:
    """The call's objective, as a reminder, in whatever room is left in the panel."""
    ui, m, p = scene.ui, scene.ui.m, scene.ui.p
    pad = m.sp(1.5)
    line = ui.text.line_height("small")
    lines = (box.height - pad * 2 - ui.text.line_height("small_b") - m.sp(0.5)) // line
    objective = scene.call.scenario.objective
    if lines < 2:  # no room for the text: say where it is (the brief, one key away)
        if box.height >= ui.text.line_height("small_b"):
            shown = draw.first_fitting(surface, ui, ["Objective: Tab", "Tab: objective"], "small_b", p.accent,
                                       box.topleft, "topleft", box.width, whole="the brief (Tab)")
            ui.text.record(objective, "", box.width, shown or box, whole="the brief (Tab)", surface=surface)
        else:
            ui.text.record(objective, "", box.width, box, dropped=True, surface=surface)
        return
    text = ui.text.block(objective, "small", p.text, box.width - pad * 2 - m.sp(0.5), max_lines=lines,
                         whole="the brief (Tab)")
    box.height = pad * 2 + ui.text.line_height("small_b") + m.sp(0.5) + text.get_height()
    draw.panel(surface, ui, box, p.accent_soft, p.accent_soft)
    pygame.draw.rect(surface, p.accent, (box.left, box.top, m.sp(0.5), box.height),
                     border_top_left_radius=m.radius, border_bottom_left_radius=m.radius)
    label = draw.text(surface, ui, "OBJECTIVE", "small_b", p.accent, (box.left + pad + m.sp(0.5), box.top + pad))
    surface.blit(text, (label.left, label.bottom + m.sp(0.5)))


def _voice(scene: "CallScene", surface: pygame.Surface, x: int, y: int, width: int) -> int:
    """The voice status line; returns its bottom."""
    ui, m, p = scene.ui, scene.ui.m, scene.ui.p
    voice = ui.voice
    on = voice.available and ui.settings.voice_enabled
    speaking = getattr(voice, "is_speaking", None)
    busy = on and bool(speaking()) if callable(speaking) else False
    h = ui.text.font("small_b").get_height()
    image = ui.icons.get("speaker-on" if on else "speaker-off", h + 4, p.accent if on else p.muted)
    if image is not None and not busy:
        surface.blit(image, (x, y - 2))
    else:
        icons.speaker(surface, pygame.Rect(x, y, h + 4, h), p.accent if on else p.muted, 2 if on else 0, ui.time)
    label = "Speaking" if busy else ("Voice on · captions shown" if on else "Captions only")
    return draw.text(surface, ui, label, "small_b", p.text if on else p.muted, (x + h + m.sp(1.5), y + h // 2),
                     "midleft", max_width=width - h - m.sp(1.5)).bottom


def _ringing(scene: "CallScene", surface: pygame.Surface) -> None:
    ui, m, p = scene.ui, scene.ui.m, scene.ui.p
    c = scene.talk.center
    radius = round(m.body * 2.2)
    pulse = (ui.time * 1.4) % 1.0
    for k in range(2):
        phase = (pulse + k * 0.5) % 1.0
        ring_r = radius + round(phase * radius * 1.2)
        color = tuple(round(a + (b - a) * phase) for a, b in zip(p.accent, p.surface))
        pygame.draw.circle(surface, color, (c[0], c[1] - radius), ring_r, 2)
    pygame.draw.circle(surface, p.accent, (c[0], c[1] - radius), radius)
    size = round(radius * 1.15)
    image = ui.icons.get("phone", size, p.on_accent)
    spot = pygame.Rect(0, 0, size, size)
    spot.center = (c[0], c[1] - radius)
    if image is not None:
        surface.blit(image, spot)
    else:
        icons.phone(surface, spot, p.on_accent)
    persona = scene.call.scenario.persona
    y = c[1] + round(radius * 0.6)
    label = draw.text(surface, ui, f"Calling {persona.name} at {persona.company}…", "h3", p.text, (c[0], y), "midtop",
                      max_width=scene.talk.width - m.sp(4))
    draw.text(surface, ui, "Press any key to skip the ringing", "small", p.muted, (c[0], label.bottom + m.sp(1)),
              "midtop")


def _replies(scene: "CallScene", surface: pygame.Surface) -> None:
    ui, m, p = scene.ui, scene.ui.m, scene.ui.p
    r = scene.replies
    if scene.ringing:
        return
    if scene.call.ended:
        draw.text(surface, ui, "THE CALL HAS ENDED", "small_b", p.muted, r.topleft)
        scene.document.draw(surface, ui, scene.document is scene.focus.focused, scene.document is scene.focus.hover)
        draw.first_fitting(surface, ui, list(ENDED_MESSAGES), "body", p.text, (r.left, scene.document.rect.centery),
                           "midleft", scene.document.rect.left - r.left - m.sp(2))
        return
    if scene.recall is not None and not scene.recall.picking:  # recall mode: the text box, no replies
        draw.text(surface, ui, "YOUR REPLY, IN YOUR OWN WORDS", "small_b", p.muted, r.topleft)
        scene.recall.draw(surface, scene.focus.focused is scene.recall.box)
        return
    head = draw.text(surface, ui, "YOUR REPLY", "small_b", p.muted, r.topleft)
    hidden = scene.resp_overflow() - scene.resp_scroll
    if hidden > 0:
        draw.text(surface, ui, "More replies below: Down or scroll", "small_b", p.accent, (r.right, head.centery),
                  "midright")
    else:
        draw.text(surface, ui, f"press 1–{len(scene.choices)} or click", "small", p.muted, (r.right, head.centery),
                  "midright")
    clip = surface.get_clip()
    surface.set_clip(pygame.Rect(r.left - m.sp(1), head.bottom + 2, r.width + m.sp(2), r.bottom - head.bottom + m.sp(1)))
    focused = scene.focus.focused
    for c in scene.choices:
        real = c.rect
        c.rect = real.move(0, -scene.resp_scroll)
        if c.rect.bottom >= r.top and c.rect.top <= r.bottom:
            c.draw(surface, ui, c is focused, c is scene.focus.hover)
        c.rect = real
    surface.set_clip(clip)

