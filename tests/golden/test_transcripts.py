"""Golden transcripts: whole calls written down as plain text and replayed through the real engine.

Every `tests/golden/*.transcript` file is one test. It names a scenario from `scenarios/`, plays it
choice by choice through `game.engine.call.Call`, and checks every `expect` line on the way. A
failure names the transcript file and line, says what was expected and what happened, and shows
the line as it would read now. (Like Yarn Spinner's `.testplan` files.) See tests/golden/README.md.

The format, one directive per line:

    # scenario: sunrise-bakery          required header: the scenario id to play
    # path: best                        optional header: a label. Headers come before the first
                                        directive; every other `#` line is a comment
    # seed: 1234                        optional header: the seed of the on-screen order (default: none,
                                        replies shown in file order)
    choose 1                            take choice 1 (numbered from 1 as written in the file: the
                                        on-screen order is shuffled per call, the file order is stable)
    expect shown: 3, 1, 2               the replies on screen now, by their file numbers (needs a seed)
    choose 1: Hi Maria, this is Sam...  the same, and check the choice's text; a trailing `...`
                                        means "starts with", otherwise the text must match exactly
    expect client: Okay, if we keep...  the client's current line (same `...` rule); before the
                                        first `choose` that is the opening line
    expect node: which-invoices         the node the call is at
    expect meters: patience 65, trust 50     the listed meters have these values (others unchecked)
    expect hung-up                      the last choice made the client hang up (the automatic
                                        hang-up, not a `goto` to the hang-up ending)
    expect ending: plan-agreed (plan)   the call has ended at this node, with this commitment
    expect scores: professionalism 100, empathy 93, clarity 100, commitment 100, overall 98, passed
                                        the final 0..100 scores; ends with the verdict `passed` or
                                        `failed` (the scenario's marks, with a careful call log)
    expect below: overall, commitment   the pass marks missed, in the engine's order (`none` if none)
    expect critical: dont-overpromise   the rules of the call's critical errors (`none` if none)
    expect closing: To confirm: 2,140.55...   the caller's closing line, then ` | ` and the client's
                                        goodbye (`...` rule on the whole line; no ` | ` after a hang-up)

Blank lines are ignored. A transcript must play a whole call: it fails if the call has not ended
at the end of the file, or if it has no `expect` line at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from game.content.model import DIMENSIONS
from game.content.rulebook_loader import load_rulebook
from game.content.scenario_loader import load_scenario
from game.engine.call import Call, CallError
from game.engine.machine import CompiledScenario, compile_scenario
from game.engine.verdict import Marks, Verdict, decide
from game.engine.closing import closing_exchange
from game.engine.wrapup import expected_wrapup, review_wrapup

GOLDEN_DIR = Path(__file__).resolve().parent
ROOT = GOLDEN_DIR.parents[1]
SCENARIOS_DIR = ROOT / "scenarios"
TRANSCRIPTS = sorted(GOLDEN_DIR.glob("*.transcript"))

_HEADER = re.compile(r"^#\s*([a-z_-]+)\s*:\s*(.*?)\s*$")
_CHOOSE = re.compile(r"^choose\s+(\d+)\s*(?::\s*(.*?))?\s*$")
_EXPECT = re.compile(r"^expect\s+([a-z-]+)\s*(?::\s*(.*?))?\s*$")
_ENDING = re.compile(r"^([a-z0-9-]+)\s*\(\s*([a-z]+)\s*\)$")
_PAIR = re.compile(r"^([a-z_]+)\s+(-?\d+)$")
ELLIPSIS = "..."


class TranscriptFailure(AssertionError):
    """A transcript that does not replay as written; the message starts with `file:line:`."""


@dataclass(frozen=True)
class Line:
    number: int
    verb: str          # "choose" or "expect"
    what: str          # the choice number for choose; the expectation's name for expect
    text: str | None   # the text after the colon, if any


@dataclass(frozen=True)
class Transcript:
    path: Path
    headers: dict[str, str]
    lines: tuple[Line, ...]

    @property
    def scenario_id(self) -> str:
        return self.headers["scenario"]


def parse_transcript(path: Path) -> Transcript:
    """Read a transcript file; a line that is not a known directive is a TranscriptFailure."""
    headers: dict[str, str] = {}
    lines: list[Line] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.strip()
        if not text:
            continue
        if text.startswith("#"):
            match = _HEADER.match(text)
            if match and not lines and match.group(1) not in headers:
                headers[match.group(1)] = match.group(2)
            continue
        if match := _CHOOSE.match(text):
            lines.append(Line(number, "choose", match.group(1), match.group(2)))
        elif match := _EXPECT.match(text):
            lines.append(Line(number, "expect", match.group(1), match.group(2)))
        else:
            raise TranscriptFailure(f"{_name(path)}:{number}: cannot read '{text}' "
                                    "(expected `choose N`, `expect WHAT: ...` or a `#` comment)")
    if "scenario" not in headers:
        raise TranscriptFailure(f"{_name(path)}:1: no `# scenario: <id>` header before the first directive")
    if not any(line.verb == "expect" for line in lines):
        raise TranscriptFailure(f"{_name(path)}:1: the transcript expects nothing")
    return Transcript(path, headers, tuple(lines))


def _name(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def text_matches(expected: str, actual: str) -> bool:
    """Exact match, or a prefix match when `expected` ends with `...`."""
    if expected.endswith(ELLIPSIS):
        return actual.startswith(expected[: -len(ELLIPSIS)].rstrip())
    return actual == expected


def parse_pairs(text: str) -> list[tuple[str, int]]:
    """`patience 65, trust 50` -> [("patience", 65), ("trust", 50)]; ValueError when malformed."""
    pairs = []
    for item in (part.strip() for part in text.split(",")):
        match = _PAIR.match(item)
        if not match:
            raise ValueError(f"'{item}' is not `name number`")
        pairs.append((match.group(1), int(match.group(2))))
    return pairs


def verdict_of(call: Call) -> Verdict:
    """The verdict of a finished call with the scenario's marks and the call log a careful caller writes
    (so a transcript's verdict is about the conversation)."""
    scenario = call.scenario
    day = scenario.account.call_date()
    review = review_wrapup(scenario, call.node, day, expected_wrapup(scenario, call.node, day))
    return decide(call.score(), review, Marks.of_scenario(scenario))


def scores_line(call: Call) -> str:
    result = call.score()
    parts = [f"{d} {result.scores[d]}" for d in DIMENSIONS] + [f"overall {result.overall}"]
    return ", ".join(parts) + (", passed" if verdict_of(call).passed else ", failed")


def below_line(call: Call) -> str:
    return ", ".join(verdict_of(call).below) or "none"


def critical_line(call: Call) -> str:
    return ", ".join(verdict_of(call).critical) or "none"


def closing_line(call: Call) -> str:
    """The closing exchange as `expect closing` writes it: the caller's line, then ` | ` and the goodbye."""
    closing = closing_exchange(call.scenario, call.node)
    return closing.caller + (f" | {closing.client}" if closing.client else "")


def shown_line(call: Call) -> str:
    return ", ".join(str(c.index + 1) for c in call.shown)


def meters_line(call: Call, names) -> str:
    return ", ".join(f"{name} {call.state.meters.get(name)}" for name in names)


def run_transcript(transcript: Transcript, scenarios: dict[str, CompiledScenario]) -> Call:
    """Replay a transcript through a new Call and check every expectation; returns the finished call."""
    name = _name(transcript.path)
    compiled = scenarios.get(transcript.scenario_id)
    if compiled is None:
        raise TranscriptFailure(f"{name}:1: no scenario '{transcript.scenario_id}' in {SCENARIOS_DIR} "
                                f"(known: {', '.join(sorted(scenarios))})")
    seed = transcript.headers.get("seed")
    if seed is not None and not seed.isdigit():
        raise TranscriptFailure(f"{name}:1: `# seed:` must be a whole number, got '{seed}'")
    call = Call(compiled, None if seed is None else int(seed))
    try:
        for line in transcript.lines:
            problem = _check(call, line)
            if problem:
                raise TranscriptFailure(f"{name}:{line.number}: {problem}")
        if not call.ended:
            last = transcript.lines[-1].number
            raise TranscriptFailure(f"{name}:{last}: the transcript ends but the call has not: it is at node "
                                    f"'{call.state.node}' with {len(call.options)} choices")
    finally:
        call.close()
    return call


def _check(call: Call, line: Line) -> str | None:
    """Apply one directive; returns what went wrong, or None."""
    if line.verb == "choose":
        number = int(line.what)
        if call.ended:
            return f"cannot choose {number}: the call already ended at '{call.state.node}'"
        if not 1 <= number <= len(call.options):
            return f"node '{call.state.node}' has no choice {number} (it has {len(call.options)})"
        # the file number, whatever the on-screen order
        said = call.options[number - 1].say
        if line.text is not None and not text_matches(line.text, said):
            return (f"choice {number} at node '{call.state.node}' says {said!r}, not {line.text!r}\n"
                    f"  now: choose {number}: {said}")
        try:
            call.choose(number - 1)
        except CallError as exc:  # pragma: no cover - guarded above
            return f"choose {number}: {exc}"
        return None

    what, text = line.what, line.text
    if what == "client":
        actual = call.node.client
        if text is None or not text_matches(text, actual):
            return (f"expected the client to say {text!r} at node '{call.state.node}', but they say {actual!r}\n"
                    f"  now: expect client: {actual}")
    elif what == "node":
        if call.state.node != text:
            return f"expected node '{text}', but the call is at '{call.state.node}'\n  now: expect node: {call.state.node}"
    elif what == "meters":
        try:
            pairs = parse_pairs(text or "")
        except ValueError as exc:
            return f"cannot read `expect meters`: {exc}"
        unknown = [m for m, _ in pairs if m not in call.state.meters]
        if unknown:
            return f"no meter {', '.join(unknown)} (meters: {', '.join(call.state.meters)})"
        if any(call.state.meters[m] != v for m, v in pairs):
            actual = meters_line(call, [m for m, _ in pairs])
            return f"expected meters {text}, but they are {actual}\n  now: expect meters: {actual}"
    elif what == "hung-up":
        if text is not None:
            return "`expect hung-up` takes no value"
        if not call.steps or not call.steps[-1].hung_up:
            how = "no choice has been made" if not call.steps else f"the call is at '{call.state.node}'"
            return f"expected the client to have hung up after the last choice, but {how}"
    elif what == "shown":
        actual = shown_line(call)
        if _normalize_list(text) != _normalize_list(actual):
            return f"expected the replies shown as {text}, but they are {actual}\n  now: expect shown: {actual}"
    elif what in ("ending", "scores", "below", "critical", "closing"):
        if not call.ended:
            return f"expected the call to have ended, but it is at node '{call.state.node}'"
        if what == "ending":
            match = _ENDING.match(text or "")
            if not match:
                return "cannot read `expect ending`: write `expect ending: <node-id> (<commitment>)`"
            actual = f"{call.state.node} ({call.node.ending.commitment.value})"
            if (match.group(1), match.group(2)) != (call.state.node, call.node.ending.commitment.value):
                return f"expected ending {text}, but the call ended at {actual}\n  now: expect ending: {actual}"
        elif what == "scores":
            actual = scores_line(call)
            if _normalize_list(text) != _normalize_list(actual):
                return f"expected scores\n    {text}\n  but got\n    {actual}\n  now: expect scores: {actual}"
        elif what == "closing":
            actual = closing_line(call)
            if not text_matches(text or "", actual):
                return f"expected the closing {text!r}, but it is {actual!r}\n  now: expect closing: {actual}"
        elif what == "critical":
            actual = critical_line(call)
            if _normalize_list(text) != _normalize_list(actual):
                return f"expected critical: {text}, but got critical: {actual}\n  now: expect critical: {actual}"
        else:
            actual = below_line(call)
            if _normalize_list(text) != _normalize_list(actual):
                return f"expected below: {text}, but got below: {actual}\n  now: expect below: {actual}"
    else:
        return (f"unknown expectation '{what}' (client, node, meters, hung-up, shown, ending, scores, below, critical, "
                "closing)")
    return None


def _normalize_list(text: str | None) -> list[str]:
    return [" ".join(part.split()) for part in (text or "").split(",")]


# --- pytest ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scenarios() -> dict[str, CompiledScenario]:
    """Every real scenario in scenarios/, compiled, by id."""
    rulebook = load_rulebook(SCENARIOS_DIR / "rulebook.yaml")
    assert rulebook.rulebook is not None, "\n".join(d.format() for d in rulebook.diagnostics.items)
    out = {}
    for path in sorted(SCENARIOS_DIR.glob("*.yaml")):
        if path.name == "rulebook.yaml":
            continue
        result = load_scenario(path, rulebook.rulebook)
        assert result.scenario is not None, "\n".join(d.format() for d in result.diagnostics.items)
        out[result.scenario.id] = compile_scenario(result.scenario)
    return out


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.name for p in TRANSCRIPTS])
def test_transcript(path: Path, scenarios):
    failure = None
    try:
        run_transcript(parse_transcript(path), scenarios)
    except TranscriptFailure as exc:
        failure = str(exc)
    if failure:
        pytest.fail(failure, pytrace=False)


def test_every_scenario_has_a_passing_and_a_failing_transcript(scenarios):
    verdicts: dict[str, set[str]] = {sid: set() for sid in scenarios}
    for path in TRANSCRIPTS:
        transcript = parse_transcript(path)
        for line in transcript.lines:
            if line.verb == "expect" and line.what == "scores" and line.text:
                verdicts.setdefault(transcript.scenario_id, set()).add(line.text.rsplit(",", 1)[-1].strip())
    missing = [f"{sid}: no {v} transcript" for sid, seen in sorted(verdicts.items())
               for v in ("passed", "failed") if v not in seen]
    assert not missing, "\n".join(missing)


# --- the runner itself ---------------------------------------------------------------------------

def _write(tmp_path: Path, body: str, name: str = "probe.transcript") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _first_call(scenarios) -> tuple[str, str, str]:
    """A scenario id, its opening line and the text of its first choice (for the runner's own tests)."""
    sid, compiled = sorted(scenarios.items())[0]
    start = compiled.scenario.nodes[compiled.scenario.start]
    return sid, start.client, start.choices[0].say


def test_runner_reports_file_and_line(scenarios, tmp_path):
    sid, opening, _ = _first_call(scenarios)
    path = _write(tmp_path, f"# scenario: {sid}\n\nexpect client: {opening}\nexpect client: Not what they say\n")
    with pytest.raises(TranscriptFailure, match=r"probe\.transcript:4: expected the client to say 'Not what"):
        run_transcript(parse_transcript(path), scenarios)


def test_runner_checks_choice_text_and_prefixes(scenarios, tmp_path):
    sid, opening, first_say = _first_call(scenarios)
    ok = _write(tmp_path, f"# scenario: {sid}\nexpect client: {opening[:12]}...\nchoose 1: {first_say[:15]}...\n"
                          "expect node: nowhere\n")
    with pytest.raises(TranscriptFailure, match=r"probe\.transcript:4: expected node 'nowhere'"):
        run_transcript(parse_transcript(ok), scenarios)
    wrong = _write(tmp_path, f"# scenario: {sid}\nchoose 1: Something else entirely\nexpect node: x\n")
    with pytest.raises(TranscriptFailure, match=r"probe\.transcript:2: choice 1 at node .* says"):
        run_transcript(parse_transcript(wrong), scenarios)


def test_runner_requires_a_whole_call(scenarios, tmp_path):
    sid, opening, _ = _first_call(scenarios)
    path = _write(tmp_path, f"# scenario: {sid}\nchoose 1\nexpect meters: patience 0\n")
    with pytest.raises(TranscriptFailure, match=r"probe\.transcript:3: expected meters patience 0, but they are"):
        run_transcript(parse_transcript(path), scenarios)
    path = _write(tmp_path, f"# scenario: {sid}\nexpect client: {opening}\n")
    with pytest.raises(TranscriptFailure, match=r"probe\.transcript:2: the transcript ends but the call has not"):
        run_transcript(parse_transcript(path), scenarios)


@pytest.mark.parametrize("body, message", [
    ("# path: x\nchoose 1\n", r":1: no `# scenario: <id>` header"),
    ("# scenario: nope\nchoose 1\nexpect node: a\n", r":1: no scenario 'nope'"),
    ("# scenario: x\nchoose 1\n", r":1: the transcript expects nothing"),
    ("# scenario: x\npick 1\n", r":2: cannot read 'pick 1'"),
])
def test_runner_rejects_bad_transcripts(scenarios, tmp_path, body, message):
    with pytest.raises(TranscriptFailure, match=message):
        run_transcript(parse_transcript(_write(tmp_path, body)), scenarios)
