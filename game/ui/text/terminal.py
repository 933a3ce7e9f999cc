"""The terminal mode: sign in, pick a scenario, read the brief, take the call, read the debrief.

Plain line-based input and output so it can be scripted: `printf 'Sam\\n1\\n\\n1\\n2\\n' | ardojo play --text`.
End of input or Ctrl-C ends the session with a short message (handled by the CLI).
"""

from __future__ import annotations

from typing import Callable

from game.content.library import Library
from game.content.model import Scenario
from game.engine.call import Call, CallError, draw_seed
from game.engine.closing import closing_exchange
from game.engine.manners import TERMINAL_NOTICE
from game.engine.debrief import build_debrief
from game.engine.machine import compile_scenario
from game.engine.verdict import decide
from game.records.grading import (Progress, marks_for, program_for_call, progress_lines, scenario_marks,
                                  trainee_progress)
from game.content.program_model import Program
from game.records.signing import finish_call, signing_key
from game.records.names import NameProblem, check_name, printable
from game.records import recall_rows
from game.records.abandon import sweep
from game.records.store import BadName, RecordStore
from game.engine.wrapup import WrapUpReview, review_wrapup
from game.ui.text.terminal_io import Terminal
from game.ui.text.wrapup_prompt import ask_wrapup
from game.ui.text.recall_prompt import RECALL_NOTICE, Listener, ask_recall
from game.ui.text.render import render_brief, render_debrief, render_meters, signed, wrap


def menu_order(library: Library, program: Program | None = None) -> list[Scenario]:
    """The scenarios in the order the terminal lists (and numbers) them: the program's calls first, in
    the program's order, then the rest of the library as practice."""
    first = [step.scenario_id for step in program.steps if step.scenario_id in library.scenarios] if program else []
    return [library.scenarios[i] for i in first] + [sc for sc in library.scenarios.values() if sc.id not in first]


def pick_scenario(term: Terminal, library: Library, marks: dict[str, str] | None = None,
                  program: Program | None = None) -> Scenario:
    """One numbered list of the library (the program's calls first, with marks such as `[locked]`, then
    practice) and ask until the trainee picks one by number or id."""
    scenarios = menu_order(library, program)
    marks = marks or {}
    counted = sum(1 for sc in scenarios if program is not None and program.step(sc.id) is not None)
    term.say(f"Scenarios in {program.title} (these count):" if counted else "Scenarios:")
    for number, sc in enumerate(scenarios, 1):
        if counted and number == counted + 1:
            term.say("Practice (does not count for the program):")
        mark = f"  {marks[sc.id]}" if sc.id in marks else ""
        term.say(f"  {number}. {sc.title}  ({sc.archetype}, difficulty {sc.difficulty}/3){mark}")
    while True:
        answer = term.ask(f"Pick a scenario (1-{len(scenarios)}): ")
        if answer.isdigit() and 1 <= int(answer) <= len(scenarios):
            return scenarios[int(answer) - 1]
        if answer in library.scenarios:
            return library.scenarios[answer]
        term.say(f"Please type a number from 1 to {len(scenarios)}.")


def take_call(term: Terminal, call: Call, brief: str, on_step: Callable[[Call], None] | None = None,
              recall: bool = False, listener: Listener | None = None) -> Call:
    """Play the call turn by turn until an ending; `on_step` runs after every decision (saving).
    `recall`: the options are hidden and the trainee types their own words (game/ui/text/recall_prompt.py)."""
    scenario = call.scenario
    name = scenario.persona.name.split()[0]
    if not call.steps:
        term.say(f"Dialling {scenario.persona.company}...\n")
    term.say(TERMINAL_NOTICE + "\n")
    while not call.ended:
        node = call.node
        term.say(wrap(f"{name}: \"{node.client}\""))
        term.say(f"   {render_meters(call.meters)}")
        if recall:
            _after(term, call, ask_recall(term, call, brief, name, listener=listener), on_step)
            continue
        shown = call.shown
        _say_options(term, shown)
        while True:
            answer = term.ask(f"Your reply (1-{len(shown)}, b = brief): ").lower()
            if answer == "b":
                term.say(brief)
                term.say(wrap(f"{name}: \"{node.client}\""))
                _say_options(term, shown)
                continue
            if answer.isdigit() and 1 <= int(answer) <= len(shown):
                break
            term.say(f"Please type a number from 1 to {len(shown)}, or b for the account brief.")
        _after(term, call, call.choose_shown(int(answer) - 1), on_step)
    term.say(wrap(f"{name}: \"{call.node.client}\""))
    closing = closing_exchange(scenario, call.node)
    term.say(wrap(f"You: \"{closing.caller}\""))
    if closing.client:
        term.say(wrap(f"{name}: \"{closing.client}\""))
    term.say("-- The call has ended. --\n")
    return call


def _after(term: Terminal, call: Call, step, on_step: Callable[[Call], None] | None) -> None:
    """After a decision: save it, then show its effect on the meters."""
    if on_step is not None:
        on_step(call)
    mood = {m: step.meters_after[m] - step.meters_before[m] for m in step.meters_after}
    if any(mood.values()):
        term.say(f"   ({signed(mood)})")
    term.say()


def _say_options(term: Terminal, shown) -> None:
    for number, choice in enumerate(shown, 1):
        term.say(wrap(f"{number}. {choice.say}", "  ", "     "))


def offer_resume(term: Terminal, library: Library, store: RecordStore, trainee: str) -> tuple[Call, str] | None:
    """Offer to resume the trainee's unfinished calls (not one being played in another window); returns
    (call, call id) if they accept one."""
    for row in reversed(store.unfinished_calls(trainee)):
        scenario = library.scenarios.get(row.scenario_id)
        title = scenario.title if scenario else row.scenario_id
        answer = term.ask(f"You have an unfinished call: {title} (started {row.started_at[:16].replace('T', ' ')},"
                          f" {len(store.decisions(row.id))} decisions made). Resume it? [Y/n] ").lower()
        if answer not in ("", "y", "yes"):
            store.abandon_call(row.id)
            continue
        if scenario is None:
            term.say(f"The scenario '{row.scenario_id}' is no longer in the library; that call cannot resume.")
            store.abandon_call(row.id)
            continue
        if not store.claim(row.id):
            term.say("That call has just been taken up in another window; it stays there.")
            continue
        try:
            call = Call.resume(compile_scenario(scenario), row.state(store.decisions(row.id)))
        except CallError as exc:
            term.say(f"That call cannot resume: {exc}. It has been closed.")
            store.abandon_call(row.id)
            continue
        problem = recall_rows.resume_problem(store.conn, row.id, scenario, call)  # recall: same words, same reply
        if problem:
            term.say(f"That call cannot resume: {problem}. It has been closed.")
            store.abandon_call(row.id)
            continue
        term.say(f"Resuming your call with {scenario.persona.name} after decision {len(call.steps)}.\n")
        return call, row.id
    return None


def sign_in(term: Terminal, store: RecordStore | None, trainee: str | None,
            program: Program | None = None) -> str | None:
    """The trainee's name as stored: `trainee` (--name), else asked until it is one that can be used
    (normalised; control characters, bidi overrides and look-alikes of other trainees are refused, see
    game/records/names.py). When `program` has a roster, the trainee picks their name from it (by number
    or name) and names not on it are refused. None when --name gave a name that cannot be used."""
    roster = program.roster if program is not None else ()
    if roster and not trainee:
        term.say(f"Trainees of {program.title}:")
        for number, member in enumerate(roster, 1):
            term.say(f"  {number}. {member.name}" + (f"  ({member.group})" if member.group else ""))
    while True:
        if trainee:
            name = trainee
        elif roster:
            name = term.ask(f"Your name (1-{len(roster)}, or type it): ")
            if name.strip().isdigit() and 1 <= int(name) <= len(roster):
                name = roster[int(name) - 1].name
        else:
            name = term.ask("Your name: ") or "Trainee"
        if roster:
            member = program.member(name)
            if member is None:
                shown = printable(" ".join(name.split())[:60], newlines=False) or "(nothing)"
                term.say(f"'{shown}' is not on the roster of {program.title}. "
                         + ("Pick your name from the list, or ask your manager to add you." if not trainee
                            else "Use a name from the program's roster, or ask your manager to add you."))
                if trainee:
                    return None
                continue
            name = member.name
        try:
            return store.sign_in(name) if store is not None else check_name(name)
        except (BadName, NameProblem) as exc:
            if trainee:
                term.say(f"That name cannot be used: {exc}.")
                return None
            term.say(f"That name cannot be used: {exc}. Please type another.")


def document_call(term: Terminal, call: Call) -> tuple[WrapUpReview | None, dict | None]:
    """The wrap-up step: the trainee writes the call log, checked against what happened. If input ends
    here the call is still recorded, just without a log (nothing already played is lost)."""
    scenario = call.scenario
    try:
        written = ask_wrapup(term, scenario.account.call_date(), scenario)
    except EOFError:
        term.say("\nInput ended before the call log was written; the call is recorded without one.\n")
        return None, None
    review = review_wrapup(scenario, call.node, scenario.account.call_date(), written)
    term.say()
    return review, {**written.to_dict(), "score": review.score, "passed": review.passed,
                    "contradictions": [c.item for c in review.contradictions]}


def run_terminal(term: Terminal, library: Library, scenario_id: str | None = None,
                 trainee: str | None = None, store: RecordStore | None = None, program: Program | None = None,
                 in_order: bool = False, recall: bool = False, speak: bool = False) -> int:
    """The whole terminal session; returns the exit code. With a store, every decision is saved; with a
    program too, the trainee's progress is shown and calls that count are recorded for it. Replies are
    shown in a fresh shuffled order each call (`in_order`: file order, an author's preview). `recall`
    (or a program step with `recall: true`): the trainee answers in their own words; `speak` (implies
    recall): an empty line records a spoken reply from the microphone."""
    term.say("AR Dojo — practise accounts-receivable calls.\n")
    name = sign_in(term, store, trainee, program)
    if name is None:
        return 1
    term.say(f"Welcome, {name}.\n")
    if store is not None:  # walk-aways become facts at their last decision (docs/programs.md)
        sweep(store, {program.id: program} if program is not None else None)
    progress: Progress | None = None
    if program is not None and store is not None:
        progress = trainee_progress(store, program, library.scenarios, name)
        term.say(progress_lines(progress)[0] + "\n")  # the calls themselves are in the one list below
    resumed = offer_resume(term, library, store, name) if store is not None else None
    if resumed is not None:
        call, call_id = resumed
        brief = render_brief(call.scenario)
    else:
        marks = scenario_marks(progress) if progress is not None else None
        listed = program if progress is not None else None
        scenario = library.scenarios.get(scenario_id) if scenario_id else pick_scenario(term, library, marks, listed)
        if scenario is None:
            term.say(f"No scenario '{scenario_id}'. Known: {', '.join(library.scenarios)}")
            return 1
        program_id, note = program_for_call(progress, scenario.id) if progress is not None else (None, "")
        if note:
            term.say(note + "\n")
        brief = render_brief(scenario)
        term.say(brief)
        term.ask("Press Enter to dial. ")
        call = Call(compile_scenario(scenario), None if in_order else draw_seed())
        call_id = store.start_call(name, scenario, program_id, call.seed) if store is not None else ""
    save = (lambda c: store.record_step(call_id, c)) if store is not None else None
    step = program.step(call.scenario.id) if program is not None else None
    recall = recall or speak or bool(getattr(step, "recall", False))
    if recall:
        term.say(wrap(RECALL_NOTICE) + "\n")
    listener = Listener(term) if speak else None
    if listener is not None:
        term.say("Press Enter to talk and Enter again when you have finished; or type your reply.\n")
    take_call(term, call, brief, save, recall, listener)
    result = call.score()
    review, log = document_call(term, call)
    row = store.call(call_id) if store is not None else None
    counted = program if program is not None and row is not None and row.program_id == program.id else None
    verdict = decide(result, review, marks_for(counted, call.scenario), library.rule_titles())
    if store is not None:
        finish_call(store, call_id, call, result, verdict, log, key=signing_key())
    debrief = build_debrief(call, library.rulebook, review, verdict)
    term.say(render_debrief(debrief, call.scenario.persona.name.split()[0]))
    if progress is not None:
        term.say("\n".join(progress_lines(trainee_progress(store, program, library.scenarios, name),
                                           numbered=False)))
    return 0
