"""Content that validates plays in every UI: a scenario whose every text field is hostile but valid (a
10,000-character unbreakable word, lines of thousands of words, wide CJK text, right-to-left scripts,
stacks of combining marks, no-break and zero-width characters, tabs and blank lines) is played to the
debrief through every route, in the headless window (at two sizes, small and large text) and in the
terminal, without a crash, within a time bound, and with nothing a terminal would act on printed.
The word wrap itself is checked for linear time on the 10,000-character word."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pygame
import pytest
import yaml

from conftest import ROOT
from game.content.library import Library, load_library
from game.content.safe_text import first_unsafe
from game.ui.pygame.scenes.call import CallScene
from game.ui.pygame.scenes.debrief import DebriefScene
from game.ui.pygame.scenes.wrapup import WrapUpScene
from game.ui.pygame.settings import Settings
from game.ui.pygame.text import wrap_words
from game.ui.text.terminal import Terminal, run_terminal
from window_helpers import fill_wrapup, open_scenario, sign_in

WORD = ("Unbreakable" * 1000)[:10_000]  # the longest text a value may hold, with no place to break
LINE = " ".join(f"word{n}" for n in range(1_100))
WIDE = ("請求書の支払い期限について確認させてください。" * 300)[:6_000]
RTL = "مرحبا، نتصل بشأن الفاتورة رقم ١٢٣ " * 50 + "שלום, אנחנו מתקשרים לגבי החשבונית " * 50
MARKS = "Z\u0334\u0321\u031ba\u0337\u0322l\u0336g\u0338o\u0335 " * 400
MIXED = ("Ünïcödé façade — “quotes” ‘single’ … ½ € ₹ ∑ ∞ ﷺ\u00a0no\u00a0break soft\u00adhyphen zero\u200dwidth"
         "\ttab\nnew line\n\n\n  indented   spaces   " + "ＦＵＬＬＷＩＤＴＨ " * 50)
TEXTS = (WORD, LINE, WIDE, RTL, MARKS, MIXED)
ID = "hostile-" + "a" * 120
NAME = "Ana\u00adMaría ﷺ " + "Ｂ" * 40


def text(n: int) -> str:
    """The n-th hostile text, round and round."""
    return TEXTS[n % len(TEXTS)]


def _choice(n: int, goto: str, good: bool = True) -> dict:
    """Choice `c<n>`, saying text n with text n+1 as its feedback; a poor one makes the client hang up."""
    return {"id": f"c{n}", "say": text(n), "score": {"professionalism": 1 if good else -2, "clarity": 1},
            "mood": {"trust": 5} if good else {"patience": -100},
            **({"rules": ["do-stay-professional"]} if good else {"breaks": ["dont-be-aggressive"]}),
            "feedback": text(n + 1), "goto": goto}


def hostile_scenario() -> dict:
    """Every text field of a scenario, filled with the texts above; four routes to four endings."""
    return {
        "format": 1, "id": ID, "title": text(1)[:9_000] + " " + WORD[:900], "archetype": WORD,
        "difficulty": 2, "summary": text(3),
        "persona": {"name": WORD, "company": text(2), "role": text(3), "mood": {"patience": 60, "trust": 40}},
        "account": {"terms": text(4), "as_of": dt.date(2026, 11, 23), "contact": text(5),
                    "invoices": [{"number": f"{WORD[:9_990]}-{n}", "amount": 123456789.99,
                                  "issued": dt.date(2026, 8, 1), "due": dt.date(2026, 8, 31), "note": text(n)}
                                 for n in range(2)],
                    "history": list(TEXTS), "notes": list(reversed(TEXTS))},
        "objective": text(0), "start": "greeting",
        "nodes": {
            "greeting": {"client": text(0), "choices": [_choice(1, "plan"), _choice(2, "middle"), _choice(3, "middle"),
                                                        _choice(4, "hangs-up", good=False)]},
            "middle": {"client": text(5), "choices": [_choice(5, "pays"), _choice(6, "calls-back")]},
            "plan": {"client": text(1), "end": {"commitment": "plan", "amount": 1000.0,
                                               "instalments": [{"amount": 400.0, "days": 7},
                                                               {"amount": 600.0, "days": 14}]}},
            "pays": {"client": text(2), "end": {"commitment": "full", "amount": 123456789.99, "days": 3}},
            "calls-back": {"client": text(3), "end": {"commitment": "callback", "days": 2, "time": "14:30"}},
            "hangs-up": {"client": text(4), "end": {"commitment": "none"}},
        },
    }


#: The replies (choice ids) of each route: together they take every choice and reach every ending.
ROUTES = (("c2", "c5"), ("c3", "c6"), ("c1",), ("c4",))


@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The hostile scenario, loaded as `ardojo play` would, with the shipped rulebook: it is valid."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "rulebook.yaml").write_bytes((ROOT / "scenarios" / "rulebook.yaml").read_bytes())
    (folder / "hostile.yaml").write_text(yaml.safe_dump(hostile_scenario(), sort_keys=False, allow_unicode=True),
                                         encoding="utf-8")
    library = load_library([folder])
    assert not library.diagnostics.has_errors, [d.format() for d in library.diagnostics.errors]
    assert list(library.scenarios) == [ID]
    return library


def test_the_hostile_scenario_really_carries_its_texts(hostile_library: Library) -> None:
    scenario = hostile_library.scenarios[ID]
    assert scenario.persona.name == WORD and len(WORD) == 10_000
    assert {c.say for n in scenario.nodes.values() for c in n.choices} == {text(n).strip() for n in range(1, 7)}


def test_a_10000_character_word_wraps_in_linear_time() -> None:
    """Counted, not timed: how often the wrapper measures text (each measure is what costs). Linear
    wrapping measures a bounded number of times per line it makes; the old wrapper measured every prefix
    of the word (about 50 million measures at 10,000 characters: 247 s)."""
    pygame.font.init()
    font = pygame.font.Font(None, 24)

    def measures(word: str) -> tuple[int, int]:
        count = 0

        def width(s: str) -> int:
            nonlocal count
            count += 1
            return font.size(s)[0]
        lines = wrap_words(word, 600, width)
        assert "".join(lines) == word and all(font.size(line)[0] <= 600 for line in lines)
        return count, len(lines)
    (once, lines_once), (tenfold, lines_tenfold) = measures(WORD), measures(WORD * 10)
    assert once <= 40 * lines_once and tenfold <= 40 * lines_tenfold  # a bounded number per line made
    assert tenfold < 15 * once  # 10x the text: about 10x the work, not 100x


def _pick(route: tuple[str, ...]):
    """The place on screen of the reply of `route` offered now (replies are shuffled)."""
    def pick(call) -> int:
        return next(i for i, choice in enumerate(call.shown) if choice.id in route)
    return pick


@pytest.mark.parametrize("size, text_size", [((1280, 720), 1), ((800, 600), 2)])
def test_every_route_plays_to_the_debrief_in_the_window(make, hostile_library: Library, tmp_path: Path,
                                                        size: tuple[int, int], text_size: int) -> None:
    for number, route in enumerate(ROUTES):
        game = make(library=hostile_library, db=tmp_path / f"r{number}.sqlite3", size=size, program=False,
                    settings=Settings(text_size=text_size))
        start = time.perf_counter()
        sign_in(game, NAME)
        open_scenario(game, ID)
        game.settle(0.5)
        game.key(pygame.K_RETURN)  # dial
        call = game.top
        assert isinstance(call, CallScene)
        game.key(pygame.K_TAB)  # the brief over the call, and back
        game.frames(5)
        game.key(pygame.K_TAB)
        while not call.call.ended:
            game.key(pygame.K_1 + _pick(route)(call.call))
            game.frames(3)
        game.settle(0.5)
        game.key(pygame.K_RETURN)  # document the call
        assert isinstance(game.top, WrapUpScene)
        fill_wrapup(game)
        debrief = game.top
        assert isinstance(debrief, DebriefScene)
        for key in (pygame.K_RIGHT,) * 4 + (pygame.K_PAGEDOWN,) * 8 + (pygame.K_END, pygame.K_HOME):
            game.key(key)
            game.frames(2)
        game.settle(0.5)
        game.shot(f"hostile-{size[0]}-{text_size}-route-{number + 1}")
        assert time.perf_counter() - start < 60
        assert game.rendered(text(int(route[-1][1:])).strip())  # the last reply taken was drawn


def test_every_route_plays_to_the_debrief_in_the_terminal(hostile_library: Library) -> None:
    for route in ROUTES:
        # in file order (an author's preview), reply n of a node is its choice n: c1..c4, then c5, c6
        replies = ["b"] + [str(int(choice[1:]) - (4 if choice in ("c5", "c6") else 0)) for choice in route]
        out = io.StringIO()

        def answer(prompt: str) -> str:
            if "reply" in prompt:
                return replies.pop(0)
            if "Press Enter" in prompt:
                return ""
            raise EOFError  # the wrap-up: left unwritten

        start = time.perf_counter()
        code = run_terminal(Terminal(out, answer), hostile_library, ID, NAME, in_order=True)
        printed = out.getvalue()
        assert code == 0 and "DEBRIEF" in printed and not replies
        assert time.perf_counter() - start < 10
        assert first_unsafe(printed) < 0
        assert printed.count("ACCOUNT BRIEF") == 2  # before dialling, and on `b`
        for piece in (WIDE[:20], RTL[:20], MARKS[:12], WORD[:60], "ＦＵＬＬＷＩＤＴＨ"):
            assert piece in printed
