"""Campaign files (`scenarios/campaigns/*.yaml`): loaded and validated like scenarios and programs.

Every problem is reported as `file:line:col: error: ... (hint: ...)` through the same safe YAML reader
and `Fields` accessors; nothing here raises for a user mistake. The format is in docs/campaign.md.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Mapping

from game.content.campaign_model import (CAMPAIGN_FORMAT, MAX_ACCOUNTS, MIN_ACCOUNTS, Campaign, CampaignAccount,
                                         CampaignResult, PriorPromise)
from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.fields import Fields
from game.content.model import Scenario
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
        accounts = self.accounts(top, days or MAX_DAYS)
        top.finish()
        if None in (campaign_id, start, days, slots, daily_sales) or not (campaign_id and title):
            return None
        return Campaign(campaign_id, title, summary, start, days, slots, daily_sales, seed or 0, tuple(accounts),
                        self.file, digest, top.pos)

    def accounts(self, top: Fields, days: int) -> list[CampaignAccount]:
        seq = top.seq("accounts")
        if seq is None:
            return []
        if not MIN_ACCOUNTS <= len(seq.items) <= MAX_ACCOUNTS:
            self.diags.error(seq.pos, f"the campaign lists {len(seq.items)} accounts; a week's worklist holds "
                             f"{MIN_ACCOUNTS} to {MAX_ACCOUNTS}", f"see {DOC}", code="campaign-size")
        out: list[CampaignAccount] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(seq.items):
            account = self.account(item, index, days)
            if account is None:
                continue
            if account.id in seen:
                self.diags.error(account.pos, f"account '{account.id}' is listed twice (first at line "
                                 f"{seen[account.id]})", "give each account its own id", code="duplicate-id")
                continue
            seen[account.id] = account.pos.line
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
        return value or None

    def account(self, item: YNode, index: int, days: int) -> CampaignAccount | None:
        af = Fields(item, f"account {index + 1}", self.diags, ACCOUNT_KEYS, item.pos)
        if not af.ok:
            return None
        account_id = af.ident("id")
        if account_id:
            af.where = f"account '{account_id}'"
        first = self.scenario_ref(af, "scenario", None) if af.has("scenario") else af.ident("scenario")
        follow = self.scenario_ref(af, "follow_up", first)
        broken = self.scenario_ref(af, "broken_promise", follow)
        scenario = self.scenarios.get(first or "")
        default_age = None
        if scenario is not None:
            as_of = scenario.account.call_date()
            default_age = max((inv.days_overdue(as_of) for inv in scenario.account.invoices), default=0)
        age = af.integer("days_overdue", 0, 3650, required=False, default=default_age)
        red_flags = af.text_list("red_flags")
        notes = af.text_list("notes")
        last_contact = af.date("last_contact", required=False)
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
