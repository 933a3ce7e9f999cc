"""`ardojo campaign`: a week on the collections desk (`--text` in the terminal), and `ardojo campaign
analyze FILE`: fixed worklist strategies against the documented policy."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.commands.common import db_option, open_store, print_problems, scenario_options


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("campaign", help="play a week on the collections desk",
                       usage="ardojo campaign [--text] [--seed N] [--db PATH] [--name NAME] CAMPAIGN_FILE\n"
                             "       ardojo campaign analyze CAMPAIGN_FILE [--seed N] [--weeks N]",
                       description="Play a campaign week: a worklist of accounts, graded calls, promises kept or "
                                   "broken, and an end-of-week report. `ardojo campaign analyze FILE` compares "
                                   "fixed worklist strategies with the documented policy.")
    p.add_argument("words", nargs="+", metavar="[analyze] CAMPAIGN_FILE",
                   help="a campaign file (or the id of one in the scenarios' campaigns/ folder), after `analyze` "
                        "to compare strategies")
    p.add_argument("--text", action="store_true", help="play in the terminal")
    p.add_argument("--seed", type=int, default=None, metavar="N",
                   help="the week's seed (default: the campaign's own); the same seed and decisions replay "
                        "the same week")
    p.add_argument("--name", help="trainee name (default: ask)")
    p.add_argument("--weeks", type=int, default=None, metavar="N", help="with analyze: weeks per strategy")
    db_option(p)
    scenario_options(p)
    p.set_defaults(func=run)


def _campaign_path(target: str, scenarios_dir: Path) -> Path:
    path = Path(target)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    from game.content.campaign_loader import campaigns_dir
    return campaigns_dir(scenarios_dir) / f"{target}.yaml"


def run(args: argparse.Namespace) -> int:
    from game.content.campaign_loader import load_campaign
    from game.content.library import display_path, load_library

    words = list(args.words)
    analyze = words[0] == "analyze"
    if analyze:
        words = words[1:]
    if len(words) != 1:
        print("error: give one campaign file: `ardojo campaign [analyze] CAMPAIGN_FILE`", file=sys.stderr)
        return 2
    if args.seed is not None and not 0 <= args.seed < 2 ** 31:
        print("error: --seed must be a whole number from 0 to 2147483647", file=sys.stderr)
        return 2
    path = _campaign_path(words[0], args.scenarios)
    if not path.is_file():
        print(f"error: no campaign file {path}", file=sys.stderr)
        return 1
    library = load_library([args.scenarios], args.rulebook)
    if library.diagnostics.has_errors:
        print_problems(library.diagnostics, sys.stderr)
        print("error: the scenarios have problems; run `ardojo validate`", file=sys.stderr)
        return 1
    loaded = load_campaign(path, library.scenarios, display_path(path))
    from game.content.diagnostics import Diagnostics
    print_problems(Diagnostics(loaded.diagnostics.errors), sys.stderr)  # its warnings: `ardojo validate`
    if loaded.campaign is None:
        print("error: the campaign file has problems (above)", file=sys.stderr)
        return 1
    campaign = loaded.campaign
    if analyze:
        from game.campaign.strategies import WEEKS, analysis_lines, analyze_campaign, policy_beats_all
        seed = campaign.seed if args.seed is None else args.seed
        weeks = args.weeks if args.weeks is not None else WEEKS
        if not 1 <= weeks <= 200:
            print("error: --weeks must be from 1 to 200", file=sys.stderr)
            return 2
        results = analyze_campaign(campaign, library.scenarios, seed, weeks)
        print("\n".join(analysis_lines(campaign, results, seed)))
        return 0 if not policy_beats_all(results) else 1
    if not args.text:
        from game.ui.pygame.display import display_problem
        problem = display_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        return _window(args, campaign, library)
    return _play(args, campaign, library)


def _window(args: argparse.Namespace, campaign, library) -> int:
    """The week in the game window (game/ui/pygame/campaign_flow.py), saved like the terminal's; an
    unfinished week is offered at sign-in."""
    from game.records.signing import signing_key
    from game.ui.pygame.app import App
    from game.ui.pygame.campaign_flow import CampaignDirector
    from game.ui.pygame.run import play_window

    with open_store(args.db, key=signing_key()) as store:
        begin, unfinished = window_week(store, campaign, library, args.seed)
        return play_window(lambda ui, window: App(ui, CampaignDirector(ui, begin, library.rulebook,
                                                                       store.trainees(), args.name,
                                                                       unfinished=unfinished), window))


def window_week(store, campaign, library, seed: int | None):
    """The window's `begin(name, row=None)` (a new week, or an unfinished one replayed from the records)
    and `unfinished(name)` (the weeks to offer at sign-in) over one records store."""
    from game.campaign.week import Week
    from game.records import campaigns as records
    from game.ui.pygame.campaign_flow import WeekOffer

    def unfinished(name: str) -> list[WeekOffer]:
        rows = resumable(store, store.sign_in(name), campaign.id, seed)
        return [WeekOffer(row, campaign.title, min(row.state.day, campaign.days), len(row.state.calls),
                          row.seed, row.started_at) for row in rows]

    def begin(name: str, row=None):
        name = store.sign_in(name)
        if row is not None:  # replayed from its decisions: same seed, worklist, day and slots
            week, week_id = Week.replay(campaign, library.scenarios, row.state, library.rule_titles()), row.id
        else:
            week = Week(campaign, library.scenarios, seed, library.rule_titles())
            week_id = records.start_week(store, name, week.state)
        recorder = records.WeekRecorder(store, week_id, name)  # saves the week and records each call
        return week, recorder, recorder.finish, name

    return begin, unfinished


def resumable(store, name: str, campaign_id: str, seed: int | None) -> list:
    """The trainee's unfinished weeks of this campaign, newest first (with `seed`, only that seed's)."""
    from game.records import campaigns as records
    return [row for row in reversed(records.weeks(store, name, campaign_id, "in_progress"))
            if seed is None or row.seed == seed]


def _play(args: argparse.Namespace, campaign, library) -> int:
    from game.campaign.state import WeekError
    from game.campaign.week import Week
    from game.records import campaigns as records
    from game.records.signing import signing_key
    from game.ui.text.campaign_terminal import run_week
    from game.ui.text.terminal import sign_in
    from game.ui.text.terminal_io import Terminal

    term = Terminal(sys.stdout)
    with open_store(args.db, key=signing_key()) as store:
        term.say(f"AR Dojo — campaign: {campaign.title}\n")
        name = sign_in(term, store, args.name)
        if name is None:
            return 1
        term.say(f"Welcome, {name}.")
        titles = library.rule_titles()
        week, week_id = None, None
        for row in resumable(store, name, campaign.id, args.seed):
            answer = term.ask(f"You have an unfinished week of this campaign (seed {row.seed}, day {row.state.day}, "
                              f"{len(row.state.calls)} calls made). Resume it? [Y/n] ").lower()
            if answer in ("", "y", "yes"):
                try:
                    week, week_id = Week.replay(campaign, library.scenarios, row.state, titles), row.id
                except WeekError as exc:
                    term.say(f"That week cannot resume: {exc}.")
                break
        if week is None:
            week = Week(campaign, library.scenarios, args.seed, titles)
            week_id = records.start_week(store, name, week.state)
        term.say(wrap_summary(campaign, week))
        recorder = records.WeekRecorder(store, week_id, name)  # each call a full record (game/records/campaigns.py)
        run_week(term, week, library.rulebook, recorder.save, recorder)
        recorder.finish(week)
    return 0


def wrap_summary(campaign, week) -> str:
    """The opening lines of a week."""
    from game.ui.text.render import wrap
    return "\n".join([wrap(campaign.summary), f"{len(campaign.accounts)} accounts, {campaign.days} working days from "
                      f"{campaign.start:%A %d %B %Y}, {campaign.slots} calls a day. Seed {week.seed}."])
