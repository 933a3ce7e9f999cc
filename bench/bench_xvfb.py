"""Frames under a real X server (Xvfb), beside a bare pygame window presenting the same surface size.

SDL's dummy driver (bench_frames.py) makes presenting a frame free, so it measures the drawing cost
only; here every frame goes to an X server. Each figure lists every run (none is dropped for being
slow): the bare window (fill + flip, the floor any game pays at this size), alone and while the
speech worker synthesizes lines; the game's call screen redrawing every frame, alone and while the
worker synthesizes new lines (p99 target 16.7 ms, issue 14); every frame of a whole session's screen
changes (sign-in, then brief to debrief and back, twice, with the voice on and an empty speech
cache, so lines are synthesized meanwhile and every decision is saved to SQLite: target no frame
over 50 ms, issue 14), and the worst frame of each kind of screen change on its own; and the share of one core a static
screen uses over a window of 30 s (target 3 %, issue 14) measured with the process's own CPU time
(os.times). Beside each slow frame the game thread's own CPU time says whether it was working or
waiting (for a CPU, the X server, the disk).

Xvfb comes from Debian's `xvfb` package (`make bench` and `.ci/run` install it when missing); without
it these figures are reported as not measured.

Usage: python bench/bench_xvfb.py [--runs N] [--frames N] [--idle SECONDS]   (BENCH_QUICK=1: small)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import arguments, begin, scenarios_dir, sized
from timing import ROOT

SIZE = (1280, 720)
SOURCE = "issue 14"


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] if ordered else 0.0


# -- the child processes (run with DISPLAY set to the Xvfb server) -----------------------------------
def speech_lines(tag: str) -> list[tuple[str, object]]:
    """Every client line of the shipped scenarios with its persona's voice, made new by `tag` (so none
    is in the speech cache and the worker has work for the whole run)."""
    from game.content.library import load_library
    library = load_library([scenarios_dir(ROOT)])
    return [(f"{node.client} ({tag})", s.persona.voice) for s in library.scenarios.values()
            for node in s.nodes.values() if node.client.strip()]


def busy_worker(cache: Path):
    """The game's speech service (worker process, pyttsx3 + espeak-ng) without pygame; None when it
    cannot start here."""
    from game.ui.speech.cache import AudioFormat, line_path
    from game.ui.speech.service import SpeechJob, SpeechService, State
    from game.ui.speech.voices import resolve_voice
    service = SpeechService(cache)
    service.start()
    deadline = time.monotonic() + 15
    while service.state is State.STARTING and time.monotonic() < deadline:
        time.sleep(0.02)
    if service.state is not State.READY:
        service.close(wait=1.0)
        return None
    fmt = AudioFormat()
    jobs = []
    for text, voice in speech_lines("bare"):
        spoken = resolve_voice(voice, 1.0)
        jobs.append(SpeechJob(text, spoken, line_path(cache, text, spoken, fmt), fmt))
    service.prefetch(jobs)
    return service


def child_bare(frames: int, synth: float = 0.0) -> dict:
    """A bare pygame window of SIZE, opened as the game opens its own (resizable): fill and flip.
    `synth`: meanwhile the speech worker synthesizes lines (the floor while synthesizing)."""
    import pygame
    pygame.display.init()
    window = pygame.display.set_mode(SIZE, pygame.RESIZABLE)
    with tempfile.TemporaryDirectory() as folder:
        service = busy_worker(Path(folder)) if synth else None
        if synth and service is None:
            return {"frames": [], "driver": pygame.display.get_driver(), "synthesized": -1}
        times = []
        for i in range(frames):
            start = time.perf_counter()
            pygame.event.pump()
            window.fill((i % 255, 40, 60))
            pygame.display.flip()
            times.append((time.perf_counter() - start) * 1000)
            if service is not None:
                time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - start)))  # the game's pace: 60 a second
        synthesized = service.synthesized if service is not None else 0
        if service is not None:
            service.close(wait=2.0)
    return {"frames": times, "driver": pygame.display.get_driver(), "synthesized": synthesized}


class Driver:
    """The real game in an X window, driven by posted events (as tests/ui/pygame do)."""

    def __init__(self, tmp: Path, voice: bool = True) -> None:
        import pygame
        from game.content.library import load_library
        from game.records.store import RecordStore
        from game.ui.pygame.app import App
        from game.ui.pygame.context import UI
        from game.ui.pygame.flow import Director
        from game.ui.pygame.run import open_window
        from game.ui.pygame.session import Session
        from game.ui.pygame.settings import Settings
        self.pygame = pygame
        library = load_library([scenarios_dir(ROOT)])
        window = open_window(SIZE)
        self.voice = real_voice(tmp / "speech-cache") if voice else None
        ui = UI(Settings(), window.get_size(), self.voice, persist=False)
        self.store = RecordStore.open(tmp / "records.sqlite3")
        self.app = App(ui, Director(ui, Session(library, self.store), ring=False), window)
        self.app.director.start(self.app)
        self.times: list[float] = []
        self.cpu: list[float] = []
        self.names: list[str] = []
        self.changes: list[str] = []
        self.label = ""
        self.frames(1)

    @property
    def top(self):
        return self.app.top

    def frames(self, count: int = 1, dt: float = 1 / 60) -> None:
        """`count` frames of the real loop, each timed (wall and this thread's CPU) and named by the
        screen change it made ("select > brief"), or by `label` (the frame after a key that took a
        decision on the call), else ""."""
        for _ in range(count):
            before = self.app.top.name if self.app.stack else ""
            start, start_cpu = time.perf_counter(), time.thread_time()
            self.app.step(dt)
            self.times.append((time.perf_counter() - start) * 1000)
            self.cpu.append((time.thread_time() - start_cpu) * 1000)
            after = self.app.top.name if self.app.stack else ""
            self.names.append(after)
            self.changes.append(f"{before} > {after}" if before != after else self.label)
            self.label = ""

    def key(self, key: int, mod: int = 0, text: str = "", frames: int = 1) -> None:
        pg = self.pygame
        if self.app.top.name == "call" and pg.K_1 <= key <= pg.K_9:
            self.label = "call: a decision (saved)"
        pg.event.post(pg.event.Event(pg.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0))
        if text:
            pg.event.post(pg.event.Event(pg.TEXTINPUT, text=text))
        self.frames(frames)

    def type(self, text: str) -> None:
        for ch in text:
            self.pygame.event.post(self.pygame.event.Event(self.pygame.TEXTINPUT, text=ch))
        self.frames()


def real_voice(cache: Path):
    """The game's real voice player with an empty cache (lines are synthesized as the game asks for
    them), or None when it cannot start here (the game then shows captions only)."""
    try:
        from game.ui.pygame.voice import VoicePlayer
        voice = VoicePlayer(enabled=True, rate_scale=1.0, cache_dir=cache)
    except Exception:  # noqa: BLE001 - reported as "voice off"
        return None
    deadline = time.monotonic() + 15
    while voice.available and "starting" in voice.status.lower() and time.monotonic() < deadline:
        voice.update()
        time.sleep(0.02)
    return voice if voice.available else None


def synthesized(game: "Driver") -> int:
    """How many lines the game's speech worker has rendered so far (0 without a voice)."""
    service = getattr(game.voice, "_service", None)
    return service.synthesized if service is not None else 0


def quiet_voice(game: "Driver", limit: float = 5.0) -> None:
    """Stop asking for lines and let the line being synthesized finish (for the figures without speech)."""
    if game.voice is None:
        return
    game.voice.cancel()
    service = getattr(game.voice, "_service", None)
    deadline = time.monotonic() + limit
    count = -1
    while service is not None and time.monotonic() < deadline and count != service.synthesized:
        count = service.synthesized
        time.sleep(0.3)


def child_game(frames: int, idle: float) -> dict:
    """The game with its real voice: a session's screen changes (every frame timed), the call screen
    redrawn every frame, the same while the worker synthesizes new lines, and the CPU share of a
    static screen over `idle` seconds of the real run loop."""
    sys.path.insert(0, str(ROOT / "tests" / "ui" / "pygame"))
    from window_helpers import best_place, fill_wrapup, play_to_end
    with tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CONFIG_HOME"] = str(Path(folder) / "config")
        game = Driver(Path(folder))
        pg = game.pygame
        game.times, game.cpu, game.names, game.changes = [], [], [], []
        game.type("Bench")
        game.key(pg.K_RETURN)                # sign in: the scenarios (part of the first session)
        game.frames(10)
        sessions: list[list[float]] = []
        sessions_cpu: list[list[float]] = []
        kinds: list[list[tuple[str, float, float]]] = []  # per session: (screen change, worst ms, its CPU ms)
        worst: list[str] = []
        lines_before = synthesized(game)
        for n in range(sized(2, 1)):
            if n:
                game.times, game.cpu, game.names, game.changes = [], [], [], []
            game.key(pg.K_RETURN)            # the focused card: its brief
            game.frames(10)
            game.key(pg.K_RETURN)            # dial
            game.frames(10)
            play_to_end(game, best_place)
            game.frames(10)
            game.key(pg.K_RETURN)            # document the call
            game.frames(10)
            fill_wrapup(game)                # save: the debrief opens
            game.frames(30)
            game.key(pg.K_ESCAPE)            # back to the scenarios
            game.frames(10)
            sessions.append(game.times)
            sessions_cpu.append(game.cpu)
            kinds.append(screen_changes(game.changes, game.times, game.cpu))
            at = max(range(len(game.times)), key=game.times.__getitem__)
            worst.append(f"{game.changes[at] or 'on ' + game.names[at]} ({game.times[at]:.0f} ms, CPU "
                         f"{game.cpu[at]:.0f} ms)")
        session_lines = synthesized(game) - lines_before
        game.key(pg.K_RETURN)
        game.key(pg.K_RETURN)                # on a call again
        game.frames(30)
        quiet_voice(game)
        steady = redrawn(game, frames)
        synth, synth_lines = [], -1
        if game.voice is not None:
            tag = f"bench {os.getpid()}"     # new words: none is cached, the worker is busy throughout
            call = game.top.call
            game.voice.prefetch(speech_lines(tag))
            game.voice.speak(f"{call.node.client} ({tag})", call.scenario.persona.voice, "bench")
            before = synthesized(game)
            synth = redrawn(game, frames)
            synth_lines = synthesized(game) - before
            quiet_voice(game)
        game.key(pg.K_ESCAPE)
        game.frames(10)
        while game.top.name != "select":
            game.key(pg.K_ESCAPE)
            game.key(pg.K_LEFT)
            game.key(pg.K_RETURN)
            game.frames(5)
        game.frames(60)
        clock = pg.time.Clock()
        before, drawn, t0 = os.times(), game.app.draws, time.perf_counter()
        dt = 0.0
        while time.perf_counter() - t0 < idle:
            game.app.step(dt)
            dt = game.app.wait(clock)
        after, wall = os.times(), time.perf_counter() - t0
        cpu = (after.user - before.user) + (after.system - before.system)
        voice_status = game.voice.status if game.voice is not None else "no voice here: captions only"
        if game.voice is not None:
            game.voice.shutdown()
        game.store.close()
        return {"changes": [t for s in sessions for t in s], "changes_cpu": [t for s in sessions_cpu for t in s],
                "last_session": sessions[-1], "worst_on": worst,
                "kinds": kinds, "steady": steady, "synth": synth, "synth_lines": synth_lines,
                "session_lines": session_lines, "voice": voice_status, "idle_share": cpu / wall,
                "idle_draws": game.app.draws - drawn, "driver": pg.display.get_driver()}


def redrawn(game: "Driver", frames: int) -> list[float]:
    """`frames` frames of the current screen, each redrawn in full, at most 60 a second as the game's
    loop paces them (wall milliseconds of each frame; the pause between frames is not counted)."""
    out = []
    for _ in range(frames):
        game.app.mark_dirty()
        start = time.perf_counter()
        game.app.step(1 / 60)
        spent = time.perf_counter() - start
        out.append(spent * 1000)
        time.sleep(max(0.0, 1 / 60 - spent))
    return out


AFTER = 5
"""Frames after a screen change still counted as part of it (a new screen's first frames)."""


def screen_changes(changes: list[str], times: list[float], cpu: list[float]) -> list[tuple[str, float, float]]:
    """(kind, worst ms, that frame's CPU ms) for every screen change in a session: the frame that changed
    the screen and the AFTER frames that followed it. A decision on the call (saved to SQLite, the next
    line asked of the voice) is its own kind, the frame of the number key and the one after it."""
    out: list[tuple[str, float, float]] = []
    for i, kind in enumerate(changes):
        if not kind:
            continue
        span = range(i, min(len(times), i + 1 + (AFTER if ">" in kind else 1)))
        at = max(span, key=times.__getitem__)
        out.append((kind, times[at], cpu[at]))
    return out


# -- the parent ------------------------------------------------------------------------------------
def start_xvfb() -> tuple[subprocess.Popen | None, str]:
    """An Xvfb server on a free display number; (process, ":N") or (None, why not)."""
    binary = shutil.which("Xvfb")
    if binary is None:
        return None, "Xvfb is not installed (Debian: apt-get install xvfb; `make bench` does it)"
    for number in range(91, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        proc = subprocess.Popen([binary, f":{number}", "-screen", "0", f"{SIZE[0] + 64}x{SIZE[1] + 64}x24",
                                 "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return proc, f":{number}"
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        proc.kill()
    return None, "Xvfb did not start"


def run_child_mode(display: str, mode: str, *args: str) -> dict:
    """Run this file as `--child mode args` on the X server `display`; its JSON result."""
    env = {**os.environ, "DISPLAY": display, "SDL_VIDEODRIVER": "x11", "SDL_AUDIODRIVER": "dummy",
           "PYGAME_HIDE_SUPPORT_PROMPT": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, __file__, "--child", mode, *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} child failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        mode, rest = argv[1], [float(a) for a in argv[2:]]
        out = child_bare(int(rest[0]), rest[1]) if mode == "bare" else child_game(int(rest[0]), rest[1])
        print(json.dumps(out))
        return 0
    parser = arguments(__doc__, runs=3)
    parser.add_argument("--frames", type=int, default=sized(600, 60), help="frames per steady run (default 600)")
    parser.add_argument("--idle", type=float, default=sized(30, 3), help="seconds of static screen (default 30)")
    args = parser.parse_args(argv)
    r = begin("bench_xvfb", "Frames under a real X server",
              f"Xvfb, {SIZE[0]}x{SIZE[1]}: a bare pygame window beside the game, in the same run; every run "
              "reported. The dummy-driver figures in bench_frames stay the drawing cost.")
    server, display = start_xvfb()
    if server is None:
        for name in ("bare window frame", "game: screen changes, worst frame", "game call screen while synthesizing",
                     "static screen CPU"):
            r.skip(name, display)
        return r.finish()
    try:
        bare, bare_synth, games = [], [], []
        for _ in range(args.runs):
            bare.append(run_child_mode(display, "bare", str(args.frames), "0"))
            bare_synth.append(run_child_mode(display, "bare", str(args.frames), "1"))
            games.append(run_child_mode(display, "game", str(args.frames), str(args.idle)))
    finally:
        server.terminate()
        server.wait(5)
    r.note(f"video driver: {games[0]['driver']}, display {display}; the X server shares the CPUs with the game, "
           "so a loaded machine slows both columns alike")
    r.note(f"voice: {games[0]['voice']}; lines synthesized during the sessions' screen changes: "
           + ", ".join(str(g["session_lines"]) for g in games))
    try:
        r.note("load average after the runs: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    except OSError:
        pass
    r.measure("bare window: median frame (fill + flip)", [statistics.median(b["frames"]) for b in bare],
              detail="the floor of presenting this size here")
    r.measure("bare window: p99 frame", [p99(b["frames"]) for b in bare])
    if all(b["frames"] for b in bare_synth):
        r.measure("bare window while the speech worker synthesizes: p99 frame", [p99(b["frames"]) for b in bare_synth],
                  detail="the floor while synthesizing: the same window at 60 frames a second beside the game's own "
                         "speech worker busy with new lines; lines synthesized per run: "
                         + ", ".join(str(b["synthesized"]) for b in bare_synth))
    else:
        r.skip("bare window while the speech worker synthesizes: p99 frame", "the speech worker cannot start here")
    r.measure("game call screen, redrawn every frame: median", [statistics.median(g["steady"]) for g in games],
              target=16.7, source=SOURCE)
    r.measure("game call screen, redrawn every frame: p99", [p99(g["steady"]) for g in games], target=16.7,
              source=SOURCE)
    if all(g["synth"] for g in games):
        bare_p99 = ", ".join(f"{p99(b['frames']):.1f} ms" for b in bare_synth if b["frames"]) or "not measured"
        r.measure("game call screen while synthesizing, redrawn every frame: median",
                  [statistics.median(g["synth"]) for g in games], target=16.7, source=SOURCE)
        r.measure("game call screen while synthesizing, redrawn every frame: p99", [p99(g["synth"]) for g in games],
                  target=16.7, source=SOURCE,
                  detail=f"new lines synthesized during each run's {len(games[0]['synth'])} frames: "
                         + ", ".join(str(g["synth_lines"]) for g in games)
                         + f"; the bare window's p99 beside a busy worker, same runs: {bare_p99}",
                  why="the speech worker, the X server and the game share the CPUs; compare the bare window's p99 "
                      "beside a busy worker (the floor here)")
    else:
        r.skip("game call screen while synthesizing, redrawn every frame: p99",
               games[0]["voice"] if games else "no voice", target=16.7, source=SOURCE)
    kinds = sorted({k for g in games for session in g["kinds"] for k, _, _ in session},
                   key=lambda k: min(i for g in games for session in g["kinds"]
                                     for i, (kk, _, _) in enumerate(session) if kk == k))
    for kind in kinds:
        per_run, cpu_of = [], []
        for g in games:
            seen = [(ms, cpu) for session in g["kinds"] for k, ms, cpu in session if k == kind]
            ms, cpu = max(seen) if seen else (0.0, 0.0)
            per_run.append(ms)
            cpu_of.append(cpu)
        name = kind if ">" not in kind else f"screen change {kind.replace(' > ', ' → ')}"
        r.measure(f"{name}: worst frame", per_run, target=50.0, source=SOURCE,
                  detail=f"that frame and the {AFTER} after it, every session of every run; the game thread's CPU "
                         "time in each run's worst: " + ", ".join(f"{c:.1f} ms" for c in cpu_of),
                  why="where the CPU time is far below the wall time the game thread was waiting (for a CPU, "
                      "the X server or the disk), not working")
    r.measure("game: screen changes, every frame of every session, worst", [max(g["changes"]) for g in games],
              target=50.0, source=SOURCE,
              detail="every frame from sign-in (first session) or the scenarios to the debrief and back; runs: "
                     + "; ".join(f"{sum(t > 50 for t in g['changes'])} of {len(g['changes'])} over 50 ms"
                                 for g in games),
              why="each session's worst frame, with the game thread's CPU time in it (where that is far below "
                  "the wall time, the frame waited for a CPU, the X server or the disk): "
                  + "; ".join(", ".join(g["worst_on"]) for g in games))
    r.measure("game: screen changes, last session only, worst frame", [max(g["last_session"]) for g in games],
              target=50.0, source=SOURCE, detail="warm: what every call after the first costs; runs: "
              + "; ".join(f"{sum(t > 50 for t in g['last_session'])} of {len(g['last_session'])} over 50 ms"
                          for g in games),
              why="the last session's worst frame: " + "; ".join(g["worst_on"][-1] for g in games))
    r.measure("game: screen changes, the game thread's CPU time in the dearest frame",
              [max(g["changes_cpu"]) for g in games],
              detail="the work a frame did itself (time.thread_time), whatever the machine's load; no target: "
                     "beside the wall-time figures above")
    r.measure(f"static screen: share of one core over {args.idle:g} s", [g["idle_share"] * 100 for g in games],
              unit="%", target=3.0, source=SOURCE,
              detail="frames drawn meanwhile: " + ", ".join(str(g["idle_draws"]) for g in games))
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
