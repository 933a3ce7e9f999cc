"""Frame time of the call screen, and time from `ardojo play` to the first drawn frame.

Renders the call screen headless (SDL_VIDEODRIVER=dummy, where presenting a frame costs nothing, so this
is the cost of drawing) at 1280x720 with a 60-line transcript: the median and p99 of each run's frames
(events, update, draw, flip) against 4 ms / 16.7 ms (issue 4) — steady, with the meters animating and
new lines arriving, and again while the voice worker synthesizes lines (when the voice can start
here). Every run is reported; a figure is the median over the runs, with the worst run beside it. Beside
it, the naive way in the same run: re-wrapping and re-rendering every text each frame. Then `ardojo
play` is started as a user would, several times, and the wall time to its first frame is reported
against 1.5 s (issue 4).

Usage: python bench/bench_frames.py [--frames N] [--runs N]     (BENCH_QUICK=1: 30 frames, 1 run)
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from results import Naive, arguments, begin, cpu_words, fmt, scenarios_dir, sized  # noqa: E402
from timing import ROOT, run_child  # noqa: E402

import pygame  # noqa: E402

from game.content.library import load_library  # noqa: E402
from game.records.store import RecordStore  # noqa: E402
from game.ui.pygame.app import App  # noqa: E402
from game.ui.pygame.context import UI  # noqa: E402
from game.ui.pygame.flow import Director  # noqa: E402
from game.ui.pygame.run import open_window  # noqa: E402
from game.ui.pygame.scenes.call import CallScene  # noqa: E402
from game.ui.pygame.session import Session  # noqa: E402
from game.ui.pygame.settings import Settings  # noqa: E402
from game.ui.pygame.transcript import CLIENT, YOU, Entry  # noqa: E402

TARGET_MEDIAN_MS = 4.0
TARGET_P99_MS = 16.7
TARGET_FIRST_FRAME_MS = 1500.0
SIZE = (1280, 720)
LINES = 60
DT = 1 / 60
SOURCE = "issue 4"
DECIDE_EVERY = 180  # frames between two decisions (3 s)


def call_screen(tmp: Path, cache_text: bool = True, voice=None) -> tuple[App, CallScene]:
    """The real App on the call screen of the first scenario, its transcript grown to 60 lines."""
    library = load_library([scenarios_dir(ROOT)])
    window = open_window(SIZE)
    ui = UI(Settings(), window.get_size(), voice, cache_text=cache_text, persist=False)
    store = RecordStore.open(tmp / f"bench-{time.monotonic_ns()}.sqlite3")
    app = App(ui, Director(ui, Session(library, store), trainee="Bench", ring=False), window)
    app.director.start(app)
    scenario = library.scenarios["sunrise-bakery"]
    app.director.handle(app, app.top, _dial(scenario.id))
    scene = app.top
    assert isinstance(scene, CallScene)
    lines = [(node.client, choice.say) for node in scenario.nodes.values() for choice in node.choices]
    i = 0
    while len(scene.transcript.entries) < LINES:
        client, said = lines[i % len(lines)]
        scene.transcript.add(Entry(CLIENT, client, scenario.persona.name))
        scene.transcript.add(Entry(YOU, said, "You"))
        i += 1
    app.relayout()
    return app, scene


def _dial(scenario_id: str):
    from game.ui.pygame.scenes.brief import Dial
    return Dial(scenario_id)


def measure(app: App, scene: CallScene, frames: int, naive: bool = False, decide_every: int = DECIDE_EVERY,
            cpu: list[float] | None = None) -> list[float]:
    """Per-frame milliseconds of `app.step`; a decision every `decide_every` frames (3 s: new lines,
    meters moving, the decision saved to SQLite in that frame). `naive`: every text is wrapped and rendered
    again each frame."""
    times = []
    for _ in range(20):
        app.step(DT)
    for n in range(frames):
        if n % decide_every == decide_every - 1 and not scene.call.ended:
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0))
        start, start_cpu = time.perf_counter(), time.thread_time()
        if naive:
            scene.transcript.set_rect(scene.transcript.rect, force=True)
            scene.build()
        app.step(DT)
        times.append((time.perf_counter() - start) * 1e3)
        if cpu is not None:
            cpu.append((time.thread_time() - start_cpu) * 1e3)
    return times


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def real_voice(cache: Path):
    """The real voice player with an empty cache, or None when it cannot start here."""
    try:
        from game.ui.pygame.voice import VoicePlayer
    except ImportError:
        return None
    try:
        voice = VoicePlayer(enabled=True, rate_scale=1.0, cache_dir=cache)
    except Exception:  # noqa: BLE001 - the bench reports the voice as unavailable
        return None
    if not voice.available:
        return None
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and "starting" in voice.status.lower():
        voice.update()
        time.sleep(0.02)
    return voice if voice.available else None


def frame_runs(r: Results, name: str, runs: int, measure_run, naive: list[float] | None = None) -> None:
    """`runs` measured runs of `measure_run(cpu)`; the median and p99 of each run, all reported."""
    medians, p99s, cpus, worst_frame = [], [], [], 0.0
    slow = decided = waited = 0
    for _ in range(runs):
        cpu: list[float] = []
        times = measure_run(cpu)
        medians.append(statistics.median(times))
        p99s.append(p99(times))
        cpus.append(statistics.median(cpu))
        worst_frame = max(worst_frame, max(times))
        for n, (wall, own) in enumerate(zip(times, cpu)):
            if wall > TARGET_P99_MS:
                slow += 1
                decided += n % DECIDE_EVERY == DECIDE_EVERY - 1
                waited += own < wall / 2
    frames = len(times)
    naive_median = [Naive("re-wrap and re-render every text each frame", [statistics.median(naive)], "ms",
                          f"{len(naive)} frames")] if naive else []
    naive_p99 = [Naive("re-wrap and re-render every text each frame", [p99(naive)], "ms",
                       f"{len(naive)} frames")] if naive else []
    r.measure(f"{name}: median frame", medians, target=TARGET_MEDIAN_MS, source=SOURCE, naive=naive_median,
              detail=f"{runs} runs of {frames} frames; the game thread's own CPU time per frame, median of each run: "
                     f"{', '.join(fmt(c, 'ms') for c in cpus)}",
              why="CPU time per frame is " + ", ".join(fmt(c, "ms") for c in cpus)
                  + "; for the rest of the wall time the game thread was not running (waiting for a CPU, or the GIL)")
    r.measure(f"{name}: p99 frame", p99s, target=TARGET_P99_MS, source=SOURCE, naive=naive_p99,
              detail=f"slowest single frame of all runs: {fmt(worst_frame, 'ms')}",
              why=f"of the {slow} frames over {TARGET_P99_MS:g} ms in all runs, {decided} took a decision (saved to "
                  f"SQLite, the transcript laid out again) and {waited} spent less than half their time on the CPU "
                  "(the game thread was waiting: for a CPU, or for the speech thread holding the GIL)")


def bench_synthesizing(r: Results, tmp: Path, frames: int, runs: int) -> None:
    voice = real_voice(tmp / "speech-cache")
    if voice is None:
        reason = "espeak-ng not installed" if shutil.which("espeak-ng") is None else \
            "the voice cannot start here (no pyttsx3 or audio device)"
        r.skip("call screen while synthesizing: median frame", reason, TARGET_MEDIAN_MS, source=SOURCE)
        r.skip("call screen while synthesizing: p99 frame", reason, TARGET_P99_MS, source=SOURCE)
        return
    try:
        app, scene = call_screen(tmp, voice=voice)
        library = app.director.session.library
        lines = [(n.client, s.persona.voice) for s in library.scenarios.values() for n in s.nodes.values()]
        numbers = iter(range(runs))

        def run(cpu: list[float]) -> list[float]:
            tag = f" (run {next(numbers)})"  # new words each run, so nothing is cached: the worker is busy throughout
            voice.prefetch([(text + tag, v) for text, v in lines])
            voice.speak(scene.call.node.client + tag, scene.call.scenario.persona.voice, "bench")
            return measure(app, scene, frames, cpu=cpu)
        r.note(f"voice: {voice.status.rstrip('.')}; {len(lines)} new lines queued for synthesis at the start of "
               "each run")
        frame_runs(r, "call screen while synthesizing", runs, run)
    finally:
        voice.shutdown()


def first_frame_ms(tmp: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall time from starting `ardojo play` to its first drawn frame (the game writes the time and quits),
    and the CPU time of each of those processes (which quit right after that frame)."""
    ardojo = Path(sys.executable).with_name("ardojo")
    command = [str(ardojo), "play"] if ardojo.exists() else [sys.executable, "-m", "game", "play"]
    out, cpu = [], []
    for run in range(runs):
        marker = tmp / f"first-frame-{run}.txt"
        env = {**os.environ, "ARDOJO_FIRST_FRAME_FILE": str(marker), "ARDOJO_DB": str(tmp / "first.sqlite3"),
               "XDG_CONFIG_HOME": str(tmp / "config"), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        start = time.time()
        done = run_child(command, env=env, cwd=ROOT, timeout=60)
        if done.returncode != 0 or not marker.exists():
            raise SystemExit(f"`ardojo play` failed: {done.stderr.strip()[-400:]}")
        out.append((float(marker.read_text()) - start) * 1e3)
        cpu.append(done.cpu_seconds * 1e3)
    return out, cpu


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__)
    parser.add_argument("--frames", type=int, default=sized(600, 30), help="frames per measured run (default 600)")
    parser.add_argument("--runs", type=int, default=sized(3, 1), help="measured runs per figure (default 3)")
    args = parser.parse_args(argv)
    r = begin("bench_frames", "Frame time and time to first frame",
              f"The real App on the call screen, {SIZE[0]}x{SIZE[1]}, {LINES}-line transcript, SDL's dummy video "
              "driver (drawing cost; presenting a frame is free there).")
    r.note(f"pygame {pygame.version.ver} (SDL {pygame.version.SDL})")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        app_n, scene_n = call_screen(tmp, cache_text=False)
        naive = measure(app_n, scene_n, max(sized(30, 10), args.frames // 5), naive=True)
        app, scene = call_screen(tmp)
        frame_runs(r, "call screen", args.runs, lambda cpu: measure(app, scene, args.frames, cpu=cpu), naive)
        bench_synthesizing(r, tmp, args.frames // 2, args.runs)
        pygame.quit()
        firsts, cpu = first_frame_ms(tmp, sized(5, 1))
        r.measure("`ardojo play` to its first frame", firsts, target=TARGET_FIRST_FRAME_MS, source=SOURCE,
                  detail=f"CPU time of each process: {', '.join(fmt(c, 'ms') for c in cpu)}",
                  why=f"{cpu_words(statistics.median(cpu), statistics.median(firsts))}: starting Python, importing "
                      "pygame and the game, loading and validating every scenario before the first frame")
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
