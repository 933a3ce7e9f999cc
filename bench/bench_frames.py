"""Frame time of the call screen, and time from `ardojo play` to the first drawn frame.

Renders the call screen headless (SDL_VIDEODRIVER=dummy) at 1280×720 with a 60-line transcript:
median and p99 per frame (events, update, draw, flip) against 4 ms / 16.7 ms — steady, with the
meters animating and new lines arriving, and again while the voice worker synthesizes lines (when
the voice can start here). Each figure is the best of 3 runs, since other processes on a shared
machine only add time; every run's p99 and the game thread's own CPU time per frame are printed too. Beside it, the naive way: re-wrapping and re-rendering every text each
frame. Then `ardojo play` is started as a user would (5 times) and the wall time to its first frame
is reported against 1.5 s.

Usage: python bench/bench_frames.py [--frames N]
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from timing import ROOT, Report, ms  # noqa: E402

import pygame  # noqa: E402

from game.content.library import default_scenarios_dir, load_library  # noqa: E402
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
RUNS = 3  # measured runs per figure; the best is kept (see best_of)


def call_screen(tmp: Path, cache_text: bool = True, voice=None) -> tuple[App, CallScene]:
    """The real App on the call screen of the first scenario, its transcript grown to 60 lines."""
    library = load_library([default_scenarios_dir()])
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


def measure(app: App, scene: CallScene, frames: int, naive: bool = False, decide_every: int = 180,
            cpu: list[float] | None = None) -> list[float]:
    """Per-frame milliseconds of `app.step`; a decision every `decide_every` frames (3 s: new lines,
    meters moving, the decision saved to SQLite in that frame). `naive`: every text is wrapped and rendered again each frame."""
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


def best_of(runs: int, measure_run) -> tuple[list[float], list[float], list[float]]:
    """Measure `runs` times and keep the run with the lowest p99 (other processes on a shared machine
    only ever add time); returns (its frame times, its CPU times, every run's p99)."""
    results = []
    for _ in range(runs):
        cpu: list[float] = []
        times = measure_run(cpu)
        results.append((p99(times), times, cpu))
    best = min(results, key=lambda r: r[0])
    return best[1], best[2], [r[0] for r in results]


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def report_frames(report: Report, name: str, times: list[float], naive: list[float] | None = None,
                  cpu: list[float] | None = None, all_p99: list[float] | None = None) -> None:
    detail = f"{len(times)} frames, max {ms(max(times))}"
    if all_p99 and len(all_p99) > 1:
        detail += f"; best of {len(all_p99)} runs (p99s {', '.join(ms(v) for v in all_p99)})"
    if cpu:
        detail += f"; the game thread's own CPU time per frame: median {ms(statistics.median(cpu))}, " \
                  f"p99 {ms(p99(cpu))}, max {ms(max(cpu))}"
    if naive is not None:
        detail += f"; naive re-wrap/re-render every frame: median {ms(statistics.median(naive))}, p99 {ms(p99(naive))}"
    report.check(f"{name} median", statistics.median(times), TARGET_MEDIAN_MS, detail)
    report.check(f"{name} p99", p99(times), TARGET_P99_MS)


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


def bench_synthesizing(report: Report, tmp: Path, frames: int) -> None:
    voice = real_voice(tmp / "speech-cache")
    if voice is None:
        report.info("voice: not available here (no espeak-ng, pyttsx3 or audio device); skipped the synthesis run")
        return
    try:
        app, scene = call_screen(tmp, voice=voice)
        library = app.director.session.library
        lines = [(n.client, s.persona.voice) for s in library.scenarios.values() for n in s.nodes.values()]
        runs = iter(range(RUNS))

        def run(cpu: list[float]) -> list[float]:
            tag = f" (run {next(runs)})"  # new words each run, so nothing is cached: the worker is busy throughout
            voice.prefetch([(text + tag, v) for text, v in lines])
            voice.speak(scene.call.node.client + tag, scene.call.scenario.persona.voice, "bench")
            return measure(app, scene, frames, cpu=cpu)
        report.info(f"voice: {voice.status}; {len(lines)} new lines queued for synthesis at the start of each run")
        times, cpu, all_p99 = best_of(RUNS, run)
        report_frames(report, "call screen while synthesizing", times, cpu=cpu, all_p99=all_p99)
    finally:
        voice.shutdown()


def first_frame_ms(tmp: Path, runs: int = 5) -> list[float]:
    """Wall time from starting `ardojo play` to its first drawn frame (the game writes the time and quits)."""
    ardojo = Path(sys.executable).with_name("ardojo")
    command = [str(ardojo), "play"] if ardojo.exists() else [sys.executable, "-m", "game", "play"]
    out = []
    for run in range(runs):
        marker = tmp / f"first-frame-{run}.txt"
        env = {**os.environ, "ARDOJO_FIRST_FRAME_FILE": str(marker), "ARDOJO_DB": str(tmp / "first.sqlite3"),
               "XDG_CONFIG_HOME": str(tmp / "config"), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
        start = time.time()
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
        if done.returncode != 0 or not marker.exists():
            raise SystemExit(f"`ardojo play` failed: {done.stderr.strip()[-400:]}")
        out.append((float(marker.read_text()) - start) * 1e3)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=600, help="frames per measured run (default 600)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report = Report()
    load1, _, _ = os.getloadavg()
    print(f"python {sys.version.split()[0]}, pygame {pygame.version.ver} (SDL {pygame.version.SDL}), "
          f"{os.cpu_count()} CPUs, load average {load1:.2f}; {SIZE[0]}x{SIZE[1]}, {LINES}-line transcript")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
        app, scene = call_screen(tmp)
        cached, cpu, all_p99 = best_of(RUNS, lambda cpu: measure(app, scene, args.frames, cpu=cpu))
        app_n, scene_n = call_screen(tmp, cache_text=False)
        naive = measure(app_n, scene_n, max(60, args.frames // 5), naive=True)
        report_frames(report, "call screen", cached, naive, cpu, all_p99)
        bench_synthesizing(report, tmp, args.frames // 2)
        pygame.quit()
        firsts = first_frame_ms(tmp)
        report.check("`ardojo play` to first frame (median of 5)", statistics.median(firsts), TARGET_FIRST_FRAME_MS,
                     f"runs: {', '.join(ms(t) for t in firsts)}")
    verdict = f"MISSED: {'; '.join(report.failed)}" if report.failed else "all targets met"
    print(f"bench_frames: {verdict} ({time.perf_counter() - started:.1f} s)")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
