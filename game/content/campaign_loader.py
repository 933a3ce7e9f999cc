"""Campaign files (`scenarios/campaigns/*.yaml`): loaded and validated like scenarios and programs.

Every problem is reported as `file:line:col: error: ... (hint: ...)` through the same safe YAML reader
and `Fields` accessors; nothing here raises for a user mistake. The format is in docs/campaign.md.

Beyond the shape, each account is cross-checked against the library: its scenarios exist and owe money,
its follow-up calls are with the same client (warning), it has a follow-up call of its own (warning: else
its second call replays its first), its promise falls within the week and is at most the balance, and
its last contact is before the week starts. `ardojo validate` runs these checks on `campaigns/`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from pathlib import Path
from typing import Callable, Iterable, Mapping

from game.content.campaign_model import (CAMPAIGN_FORMAT, MAX_ACCOUNTS, MIN_ACCOUNTS, Campaign, CampaignAccount,
                                         CampaignResult, PriorPromise)
from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.fields import Fields
from game.content.model import Scenario
from game.content.library import YAML_SUFFIXES
from game.content.yaml_source import YNode, load_yaml

CAMPAIGNS_DIRNAME = "campaigns"
TOP_KEYS = ("format", "id", "title", "summary", "start", "days", "slots", "daily_sales", "seed", "accounts")
ACCOUNT_KEYS = ("id", "scenario", "follow_up", "broken_promise", "days_overdue", "red_flags", "notes",
                "last_contact", "promise")
PROMISE_KEYS = ("amount", "day", "firm")
DOC = "docs/campaign.md"
MAX_DAYS, MAX_SLOTS = 10, 8


def campaigns_dir(scenarios_dir: Path) -> Path:
    """Where a scenarios folder keeps its campaigns."""
    return Path(scenarios_dir) / CAMPAIGNS_DIRNAME


def load_campaign(path: Path, scenarios: Mapping[str, Scenario], display: str | None = None) -> CampaignResult:
    """Load and validate one campaign file against the library's scenarios (id -> Scenario)."""
    diags = Diagnostics()
    file = display or str(path)
    tree = load_yaml(Path(path), diags, file)
    if tree is None:
        return CampaignResult(None, diags)
    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
    except OSError:  # read_text above already read it; a race is reported, not raised
        diags.error(SourcePos(file, 1, 1), "the campaign file could not be read again", code="encoding")
        return CampaignResult(None, diags)
    campaign = _Builder(file, diags, scenarios).build(tree, digest)
    return CampaignResult(None if diags.has_errors else campaign, diags)


class _Builder:
    def __init__(self, file: str, diags: Diagnostics, scenarios: Mapping[str, Scenario]) -> None:
        self.file = file
        self.diags = diags
        self.scenarios = scenarios

    def build(self, tree: YNode, digest: str) -> Campaign | None:
        top = Fields(tree, "the campaign", self.diags, TOP_KEYS, SourcePos(self.file, 1, 1))
        if not top.ok:
            return None
        fmt = top.integer("format", 1, 999)
        if fmt is not None and fmt != CAMPAIGN_FORMAT:
            self.diags.error(top.map.get("format").pos, f"campaign is written for format {fmt}; this AR Dojo "
                             f"reads format {CAMPAIGN_FORMAT}", "write `format: 1`", code="format")
        campaign_id = top.ident("id")
        title = top.text("title")
        summary = top.text("summary", required=False)
        start = top.date("start")
        if start is not None and start.weekday() >= 5:
            self.diags.error(top.map.get("start").pos, f"'start' is a {start.strftime('%A')}; the week starts on "
                             "a working day", "pick a Monday to Friday date", code="campaign-calendar")
            start = None
        days = top.integer("days", 1, MAX_DAYS)
        slots = top.integer("slots", 1, MAX_SLOTS)
        daily_sales = top.number("daily_sales", 0.01)
        seed = top.integer("seed", 0, 2 ** 31 - 1, required=False, default=1)
        accounts = self.accounts(top, days or MAX_DAYS, start)
        top.finish()
        if slots is not None and accounts and slots >= len(accounts):
            self.diags.warning(top.map.get("slots").pos, f"{slots} call slots a day reach all {len(accounts)} "
                               "accounts every day: the worklist needs no prioritising",
                               "give a day fewer slots than there are accounts", code="campaign-slots")
        if None in (campaign_id, start, days, slots, daily_sales) or not (campaign_id and title):
            return None
        return Campaign(campaign_id, title, summary, start, days, slots, daily_sales, seed or 0, tuple(accounts),
                        self.file, digest, top.pos)

    def accounts(self, top: Fields, days: int, start: _dt.date | None) -> list[CampaignAccount]:
        seq = top.seq("accounts")
        if seq is None:
            return []
        if not MIN_ACCOUNTS <= len(seq.items) <= MAX_ACCOUNTS:
            self.diags.error(seq.pos, f"the campaign lists {len(seq.items)} accounts; a week's worklist holds "
                             f"{MIN_ACCOUNTS} to {MAX_ACCOUNTS}", f"see {DOC}", code="campaign-size")
        out: list[CampaignAccount] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(seq.items):
            account = self.account(item, index, days, start)
            if account is None:
                continue
            if account.id in seen:
                self.diags.error(account.pos, f"account '{account.id}' is listed twice (first at line "
                                 f"{seen[account.id]})", "give each account its own id", code="duplicate-id")
                continue
            seen[account.id] = account.pos.line
            twin = next((a for a in out if a.scenario == account.scenario), None)
            if twin is not None:
                self.diags.warning(account.pos, f"account '{account.id}' starts with the same call as account "
                                   f"'{twin.id}' (line {twin.pos.line}), scenario '{account.scenario}': the "
                                   "worklist would list the same client twice", "give each account its own client",
                                   code="campaign-client")
            out.append(account)
        return out

    def scenario_ref(self, af: Fields, key: str, default: str | None) -> str | None:
        if not af.has(key):
            return default
        value = af.ident(key)
        if value and value not in self.scenarios:
            hint = did_you_mean(value, self.scenarios) or f"scenarios in the library: {', '.join(self.scenarios)}"
            self.diags.error(af.map.get(key).pos, f"no scenario '{value}' in the library", hint,
                             code="missing-scenario")
            return None
        if value and self.scenarios[value].account.total_due <= 0.005:
            self.diags.error(af.map.get(key).pos, f"'{key}' of {af.where} is scenario '{value}', whose account "
                             "owes nothing: the ledger takes a call's amounts as shares of its scenario's balance",
                             "point at a scenario with invoices due", code="campaign-balance")
            return None
        return value or None

    def same_client(self, af: Fields, key: str, first: str | None, other: str | None) -> None:
        """Warn when a later call of the account is with another client than its first call."""
        if not (af.has(key) and first and other and first != other):
            return
        was, now = self.scenarios[first].persona, self.scenarios[other].persona
        if was.company.casefold() != now.company.casefold():
            self.diags.warning(af.map.get(key).pos, f"'{key}' of {af.where} is a call with {now.company}, but the "
                               f"account is {was.company} (its scenario '{first}')",
                               "point at a scenario with the same client", code="campaign-client")

    def follow_up_warning(self, af: Fields, first: str | None, follow: str | None) -> None:
        """Warn when the account's second call would replay its first without the author saying so: an absent
        `follow_up` warns; `follow_up` naming the first scenario itself is a deliberate replay and is quiet."""
        if first and follow == first and not af.has("follow_up"):
            self.diags.warning(af.pos, f"{af.where} has no follow_up scenario: its second call replays '{first}'",
                               "add `follow_up: SCENARIO-ID`, a call that continues the story (or name the first "
                               "scenario itself to replay it on purpose)", code="campaign-no-follow-up")

    def account(self, item: YNode, index: int, days: int, start: _dt.date | None) -> CampaignAccount | None:
        af = Fields(item, f"account {index + 1}", self.diags, ACCOUNT_KEYS, item.pos)
        if not af.ok:
            return None
        account_id = af.ident("id")
        if account_id:
            af.where = f"account '{account_id}'"
        first = self.scenario_ref(af, "scenario", None) if af.has("scenario") else af.ident("scenario")
        follow = self.scenario_ref(af, "follow_up", first)
        broken = self.scenario_ref(af, "broken_promise", follow)
        self.same_client(af, "follow_up", first, follow)
        self.same_client(af, "broken_promise", first, broken)
        self.follow_up_warning(af, first, follow)
        scenario = self.scenarios.get(first or "")
        default_age = None
        if scenario is not None:
            as_of = scenario.account.call_date()
            default_age = max((inv.days_overdue(as_of) for inv in scenario.account.invoices), default=0)
        age = af.integer("days_overdue", 0, 3650, required=False, default=default_age)
        red_flags = af.text_list("red_flags")
        notes = af.text_list("notes")
        last_contact = af.date("last_contact", required=False)
        if last_contact is not None and start is not None and last_contact >= start:
            self.diags.error(af.map.get("last_contact").pos, f"the last contact of {af.where} is "
                             f"{last_contact.isoformat()}, not before the week starts on {start.isoformat()}",
                             "a last contact is a call made before the week", code="campaign-dates")
            last_contact = None
        promise = self.promise(af, days, scenario)
        af.finish()
        if not (account_id and first and follow and broken and scenario is not None and age is not None):
            return None
        return CampaignAccount(account_id, first, follow, broken, age, red_flags, notes, last_contact, promise,
                               af.pos)

    def promise(self, af: Fields, days: int, scenario: Scenario | None) -> PriorPromise | None:
        if not af.has("promise"):
            return None
        pf = af.sub("promise", f"the promise of {af.where}", PROMISE_KEYS)
        amount = pf.number("amount", 0.01)
        day = pf.integer("day", 1, days)
        firm_node = pf.node("firm", required=False)
        firm = bool(getattr(firm_node, "value", False))
        if firm_node is not None and not isinstance(getattr(firm_node, "value", None), bool):
            self.diags.error(firm_node.pos, f"'firm' in the promise of {af.where} must be true or false",
                             "write `firm: true` for a dated, confirmed promise", code="type")
        pf.finish()
        if amount is not None and scenario is not None and amount > scenario.account.total_due + 0.005:
            self.diags.error(pf.map.get("amount").pos, f"the promise of {af.where} is {amount:,.2f}, more than the "
                             f"balance of {scenario.account.total_due:,.2f}", "promise at most the balance",
                             code="range")
            return None
        if amount is None or day is None:
            return None
        return PriorPromise(amount, day, firm, pf.pos)


def campaign_files(folder: Path) -> list[Path]:
    """The campaign files in a campaigns folder (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def looks_like_campaign(path: Path) -> bool:
    """True when a YAML file has a campaign's shape: a top-level `accounts:` key and no dialogue `nodes:`.
    A look at the text only (the first megabyte), so that a file is parsed once, by the loader that then
    reports its problems; a file that cannot be read is not a campaign (its own loader says why)."""
    if path.suffix not in YAML_SUFFIXES or not path.is_file():
        return False
    try:
        with open(path, "rb") as handle:
            text = handle.read(1 << 20).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_ACCOUNTS.search(text)) and not _NODES.search(text)


_ACCOUNTS = re.compile(r"^accounts[ \t]*:", re.M)
_NODES = re.compile(r"^nodes[ \t]*:", re.M)


def split_campaign_paths(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, Path | None]]]:
    """Split what `ardojo validate` was given into other paths and campaign files, each with the
    scenarios folder it belongs to (None: check it against the library validated with it). A campaigns
    folder, a file in one, or a file of a campaign's shape holds campaigns; a scenarios folder brings its
    campaigns/ subfolder."""
    others: list[Path] = []
    found: list[tuple[Path, Path | None]] = []
    for path in paths:
        if path.is_dir() and path.name == CAMPAIGNS_DIRNAME:
            found += [(f, path.parent) for f in campaign_files(path)]
        elif path.is_file() and path.parent.name == CAMPAIGNS_DIRNAME:
            found.append((path, path.parent.parent))
        elif path.is_file() and looks_like_campaign(path):
            found.append((path, None))
        else:
            others.append(path)
            if path.is_dir():
                found += [(f, None) for f in campaign_files(campaigns_dir(path))]
    return others, found


def validate_campaigns(files: Iterable[tuple[Path, Path | None]], scenarios: Mapping[str, Scenario],
                       library_for: Callable[[Path | None], Mapping[str, Scenario]]
                       ) -> tuple[list[Campaign], Diagnostics]:
    """Load every campaign file for `ardojo validate`: against `scenarios` (the library validated with
    them), or, for campaigns given without their library, against `library_for(their scenarios folder)`
    (None: the default one)."""
    from game.content.library import display_path

    diags = Diagnostics()
    campaigns: list[Campaign] = []
    own: dict[Path | None, Mapping[str, Scenario]] = {}
    for path, root in files:
        known = scenarios
        if not scenarios:
            if root not in own:
                own[root] = library_for(root)
            known = own[root]
        result = load_campaign(path, known, display_path(path))
        diags.extend(result.diagnostics.items)
        if result.campaign is not None:
            campaigns.append(result.campaign)
    return campaigns, diags
