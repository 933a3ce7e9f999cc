"""A records database of a large cohort for bench_report.py (not a benchmark itself).

Calls follow real paths through the real scenarios: a pool of paths is played through the engine
(`Call`), at several skill levels, then bulk-inserted through RecordStore's connection many times
over with trainees, dates and statuses spread out. The file is cached in bench/out/ and rebuilt
when the scenarios change or `fresh` is asked.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import random
import uuid
from dataclasses import dataclass
from pathlib import Path

import timing  # noqa: F401  (puts the repository on sys.path)
from game.content.library import Library
from game.engine.call import Call
from game.engine.machine import CompiledScenario, compile_scenario
from game.records.schema import SCHEMA_VERSION
from game.records.store import RecordStore

SKILLS = (0.1, 0.3, 0.5, 0.7, 0.85, 0.95)
PATHS_PER_SKILL = 40
PROGRAM = "onboarding"


@dataclass(frozen=True)
class PathTemplate:
    """One played call: its decision rows (without call id and time) and its final columns."""

    decisions: tuple[tuple[int, str, int, str, str, str, str], ...]
    node: str
    meters: str
    commitment: str | None
    scores: tuple[int, int, int, int]
    overall: int
    passed: int


def play_path(compiled: CompiledScenario, skill: float, rng: random.Random) -> PathTemplate:
    """Play one call: with probability `skill` the option with the best score total, else any."""
    call = Call(compiled)
    while not call.ended:
        options = call.options
        if rng.random() < skill:
            index = max(range(len(options)), key=lambda i: sum(options[i].score.values()))
        else:
            index = rng.randrange(len(options))
        call.choose(index)
    rows = tuple((s.number, s.node.id, s.choice.index, s.choice.say, json.dumps(list(s.choice.rules)),
                  json.dumps(dict(s.choice.score)), json.dumps(dict(s.meters_after))) for s in call.steps)
    score = call.score()
    ending = call.node.ending
    return PathTemplate(rows, call.state.node, json.dumps(dict(call.state.meters)),
                        ending.commitment.value if ending else None,
                        tuple(score.scores[d] for d in ("professionalism", "empathy", "clarity", "commitment")),
                        score.overall,
                        int(not score.critical and not score.below(compiled.scenario.pass_thresholds)))


def iso(moment: _dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fingerprint(library: Library, calls: int, trainees: int, seed: int) -> str:
    text = json.dumps([sorted(s.content_hash for s in library.scenarios.values()), calls, trainees, seed, SKILLS,
                       PATHS_PER_SKILL, SCHEMA_VERSION])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build(path: Path, library: Library, calls: int = 100_000, trainees: int = 150, seed: int = 7,
          fresh: bool = False) -> Path:
    """The database at `path` (reused when built with the same parameters), and how it was made."""
    stamp = path.with_suffix(".stamp")
    key = fingerprint(library, calls, trainees, seed)
    if not fresh and path.exists() and stamp.exists() and stamp.read_text() == key:
        return path
    for p in (path, stamp, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)
    rng = random.Random(seed)
    compiled = [compile_scenario(s) for s in library.scenarios.values()]
    pools = {c.scenario.id: {skill: [play_path(c, skill, rng) for _ in range(PATHS_PER_SKILL)] for skill in SKILLS}
             for c in compiled}
    start = _dt.datetime(2026, 1, 5, 8, 0, tzinfo=_dt.timezone.utc)
    with RecordStore.open(path) as store:
        conn = store.conn
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO trainees (id, name, created_at) VALUES (?, ?, ?)",
                         [(i + 1, f"Trainee {i + 1:03d}", "2026-01-05T08:00:00.000Z") for i in range(trainees)])
        talent = [rng.uniform(0.0, 0.5) for _ in range(trainees)]
        done = [0] * trainees
        call_rows, decision_rows = [], []
        for n in range(calls):
            t = rng.randrange(trainees)
            done[t] += 1
            skill = min(0.95, talent[t] + done[t] * 0.9 / (calls / trainees))
            level = min(SKILLS, key=lambda s: abs(s - skill))
            c = compiled[rng.randrange(len(compiled))]
            template = rng.choice(pools[c.scenario.id][level])
            began = start + _dt.timedelta(minutes=n * 120 * 24 * 60 / calls + rng.random())
            roll = rng.random()
            status = "completed" if roll < 0.92 else "abandoned" if roll < 0.97 else "in_progress"
            steps = template.decisions if status == "completed" else \
                template.decisions[:rng.randrange(len(template.decisions))]
            call_id = str(uuid.UUID(int=rng.getrandbits(128)))
            ended = iso(began + _dt.timedelta(minutes=len(steps) + 1)) if status != "in_progress" else None
            final = status == "completed"
            call_rows.append((call_id, t + 1, c.scenario.id, c.scenario.content_hash, "bench",
                              PROGRAM if rng.random() < 0.7 else None, iso(began), ended, status,
                              template.node if final else (steps[-1][1] if steps else c.scenario.start),
                              template.meters, template.node if final else None,
                              template.commitment if final else None,
                              *(template.scores if final else (None,) * 4), template.overall if final else None,
                              template.passed if final else None))
            decision_rows.extend((call_id, *row[:6], row[6], iso(began + _dt.timedelta(minutes=row[0])))
                                 for row in steps)
        conn.executemany(
            "INSERT INTO calls (id, trainee_id, scenario_id, scenario_hash, engine_version, program_id, started_at,"
            " ended_at, status, node, meters, outcome, commitment, professionalism, empathy, clarity,"
            " commitment_score, overall, passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            call_rows)
        conn.executemany("INSERT INTO decisions (call_id, seq, node, choice, said, rules, score, meters, at)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", decision_rows)
        conn.execute("COMMIT")
    stamp.write_text(key)
    return path
