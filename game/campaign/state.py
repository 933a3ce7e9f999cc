"""The saved state of a campaign week: small, JSON-serializable, and enough to replay the whole week.

The week is a pure function of (campaign, seed, decisions): the decisions are the calls made (which
account on which day, the replies taken, the call log written) and how many days were ended. Replaying
them (`game.campaign.week.Week.replay`) rebuilds the same ledger, the same kept and broken promises and
the same grades.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

WEEK_FORMAT = 1


class WeekError(Exception):
    """A user-facing problem with a campaign week: an invalid move, or a saved week that cannot be replayed."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(slots=True)
class CallEntry:
    """One call of the week as decided: day, account, scenario, reply-order seed, replies (file indices)
    and the call log (`WrapUp.to_dict()`, None when none was written)."""

    day: int
    account: str
    scenario: str
    seed: int
    choices: list[int]
    wrapup: dict | None

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day, "account": self.account, "scenario": self.scenario, "seed": self.seed,
                "choices": list(self.choices), "wrapup": self.wrapup}

    @classmethod
    def from_dict(cls, data: Any) -> "CallEntry":
        if not isinstance(data, dict):
            raise WeekError("saved week is malformed: a call is not an object")
        ok = (_is_int(data.get("day")) and isinstance(data.get("account"), str)
              and isinstance(data.get("scenario"), str) and _is_int(data.get("seed"))
              and isinstance(data.get("choices"), list) and all(_is_int(c) for c in data["choices"])
              and (data.get("wrapup") is None or isinstance(data.get("wrapup"), dict)))
        if not ok:
            raise WeekError("saved week is malformed: a call lacks its day, account, scenario, seed or replies")
        return cls(data["day"], data["account"], data["scenario"], data["seed"], list(data["choices"]),
                   data.get("wrapup"))


@dataclass(slots=True)
class WeekState:
    """Everything decided in a week: the seed, the calls, and the day it is on (days ended = day - 1)."""

    campaign_id: str
    campaign_hash: str
    seed: int
    day: int = 1
    calls: list[CallEntry] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"format": WEEK_FORMAT, "campaign_id": self.campaign_id, "campaign_hash": self.campaign_hash,
                "seed": self.seed, "day": self.day, "calls": [c.to_dict() for c in self.calls]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, data: Any) -> "WeekState":
        if not isinstance(data, dict) or data.get("format") != WEEK_FORMAT:
            raise WeekError(f"saved week is not a format-{WEEK_FORMAT} campaign week")
        if not (isinstance(data.get("campaign_id"), str) and isinstance(data.get("campaign_hash"), str)
                and _is_int(data.get("seed")) and _is_int(data.get("day")) and isinstance(data.get("calls"), list)):
            raise WeekError("saved week is malformed: campaign, seed, day or calls missing")
        return cls(data["campaign_id"], data["campaign_hash"], data["seed"], data["day"],
                   [CallEntry.from_dict(c) for c in data["calls"]])

    @classmethod
    def from_json(cls, text: str) -> "WeekState":
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise WeekError(f"saved week is not valid JSON: {exc}") from None
