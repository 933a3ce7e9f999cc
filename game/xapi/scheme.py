"""The identifiers in our statements: activity ids under a configurable base IRI, the actor a trainee
maps to, and the stable statement ids (documented in docs/xapi.md)."""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

#: Activity ids and extension keys live under this base unless --activity-base / $ARDOJO_XAPI_BASE says.
DEFAULT_ACTIVITY_BASE = "https://ardojo.example/xapi"
ENV_ACTIVITY_BASE = "ARDOJO_XAPI_BASE"
ENV_HOMEPAGE = "ARDOJO_XAPI_HOMEPAGE"
ENV_MBOX_DOMAIN = "ARDOJO_XAPI_MBOX_DOMAIN"

#: Statement ids are uuid5(STATEMENT_NAMESPACE, "<call id>/<seq>/<verb>"). Never change it: it is what
#: makes a re-send of the same statement a harmless duplicate at the LRS.
STATEMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://ardojo.example/xapi/statement-ids")

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
LANGUAGE = "en-US"

_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class XapiConfigError(ValueError):
    """A bad --activity-base, --homepage or --mbox-domain, worded for the user."""


def _check_base(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or any(c.isspace() for c in value.strip()):
        raise XapiConfigError(f"{what} must be an http(s) IRI without query or fragment, like "
                              f"{DEFAULT_ACTIVITY_BASE}; got {value!r}")
    return value.strip().rstrip("/")


@dataclass(frozen=True, slots=True)
class XapiConfig:
    """Where our activity ids live and how trainee names become xAPI actors."""

    activity_base: str = DEFAULT_ACTIVITY_BASE
    homepage: str | None = None      # account homePage; None = the activity base
    mbox_domain: str | None = None   # when set, actors are mbox mailto:<name>@<domain> instead of accounts

    @classmethod
    def make(cls, activity_base: str | None = None, homepage: str | None = None,
             mbox_domain: str | None = None) -> "XapiConfig":
        """Options first, then $ARDOJO_XAPI_BASE / $ARDOJO_XAPI_HOMEPAGE / $ARDOJO_XAPI_MBOX_DOMAIN, then
        defaults; raises XapiConfigError on a bad value."""
        base = _check_base(activity_base or os.environ.get(ENV_ACTIVITY_BASE) or DEFAULT_ACTIVITY_BASE,
                           "the activity base")
        home = homepage or os.environ.get(ENV_HOMEPAGE)
        domain = (mbox_domain or os.environ.get(ENV_MBOX_DOMAIN) or "").strip().lower() or None
        if domain is not None and not _DOMAIN.match(domain):
            raise XapiConfigError(f"the mbox domain must be a domain name like example.org; got {domain!r}")
        return cls(base, _check_base(home, "the account homepage") if home else None, domain)

    # -- activity ids ---------------------------------------------------------------------------
    def scenario(self, scenario_id: str) -> str:
        """`<base>/scenarios/<scenario-id>`."""
        return f"{self.activity_base}/scenarios/{_seg(scenario_id)}"

    def node(self, scenario_id: str, node_id: str) -> str:
        """`<base>/scenarios/<scenario-id>/nodes/<node-id>`."""
        return f"{self.scenario(scenario_id)}/nodes/{_seg(node_id)}"

    def choice(self, scenario_id: str, node_id: str, choice_id: str) -> str:
        """`…/nodes/<node-id>/choices/<choice-id>`: a reply by its stable id (authored `id`, else
        `<node-id>.<n>` with n its place in the file, from 1), never by where it was shown."""
        return f"{self.node(scenario_id, node_id)}/choices/{_seg(choice_id)}"

    def certificate(self, program_id: str) -> str:
        """`<base>/programs/<program-id>/certificate`: the certificate of a program."""
        return f"{self.program(program_id)}/certificate"

    def activity_type(self, name: str) -> str:
        """An activity type of our own: `<base>/activity-types/<name>`."""
        return f"{self.activity_base}/activity-types/{name}"

    def program(self, program_id: str) -> str:
        """`<base>/programs/<program-id>`."""
        return f"{self.activity_base}/programs/{_seg(program_id)}"

    def campaign(self, campaign_id: str) -> str:
        """`<base>/campaigns/<campaign-id>`: a campaign (docs/campaign.md)."""
        return f"{self.activity_base}/campaigns/{_seg(campaign_id)}"

    def campaign_week(self, campaign_id: str, week_id: str) -> str:
        """`<base>/campaigns/<campaign-id>/weeks/<week-id>`: one trainee's week of a campaign."""
        return f"{self.campaign(campaign_id)}/weeks/{_seg(week_id)}"

    def extension(self, name: str) -> str:
        """An extension key: `<base>/extensions/<name>`."""
        return f"{self.activity_base}/extensions/{name}"

    # -- actors ---------------------------------------------------------------------------------
    def actor(self, trainee: str, member: Any | None = None) -> dict:
        """The Agent for a trainee name as stored (trimmed; the first spelling used). With their roster
        `member` (game.content.program_model.RosterMember): `mbox` from its email, else its `account`
        (home page, default the account homepage option, and account name); only a member with neither
        falls back to the name, as without a roster."""
        if member is not None:
            name = getattr(member, "name", None) or trainee
            email = getattr(member, "email", None)
            if email:
                return {"objectType": "Agent", "name": name, "mbox": f"mailto:{email}"}
            account = getattr(member, "account_name", None)
            if account:
                home = getattr(member, "account_home_page", None) or self.homepage or self.activity_base
                return {"objectType": "Agent", "name": name, "account": {"homePage": home, "name": account}}
            trainee = name
        if self.mbox_domain:
            return {"objectType": "Agent", "name": trainee,
                    "mbox": f"mailto:{mbox_local_part(trainee)}@{self.mbox_domain}"}
        return {"objectType": "Agent", "name": trainee,
                "account": {"homePage": self.homepage or self.activity_base, "name": trainee}}


def _seg(text: str) -> str:
    """One path segment of an activity id: ids are kebab-case already; anything else is percent-encoded."""
    return quote(text, safe="-._~")


def mbox_local_part(name: str) -> str:
    """`Ana María Ruiz` -> `ana.maria.ruiz`: lower case, accents dropped, runs of other characters
    become one dot (an empty result becomes `trainee`)."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    local = re.sub(r"[^a-z0-9]+", ".", ascii_name).strip(".")
    return local or "trainee"


#: `earned` for a certificate: the xAPI registry's verb "the actor achieved something, such as a badge or
#: certificate" (registry.tincanapi.com); ADL's vocabulary has no verb for being awarded something.
EARNED_VERB = "http://id.tincanapi.com/verb/earned"


def verb(name: str) -> dict:
    """An ADL verb with its English display (`earned` is the registry's, see EARNED_VERB)."""
    return {"id": EARNED_VERB if name == "earned" else ADL_VERBS + name, "display": {LANGUAGE: name}}


def program_statement_id(program_id: str, trainee: str, verb_name: str) -> str:
    """The stable id of a trainee's statement about a whole program (completed, passed/failed)."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"program/{program_id}/{trainee}/{verb_name}"))


def program_registration(program_id: str, trainee: str) -> str:
    """The registration of a trainee's statements about a whole program (one per trainee and program)."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"registration/{program_id}/{trainee}"))


def certificate_statement_id(code: str) -> str:
    """The stable id of the `earned` statement of an issued certificate (by its verification code)."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"certificate/{code}/earned"))


def week_statement_id(week_id: str, verb_name: str) -> str:
    """The stable id of a statement about a whole campaign week (initialized, completed)."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"campaign-week/{week_id}/{verb_name}"))


def statement_id(call_id: str, seq: int, verb_name: str) -> str:
    """The stable id of a call's `seq`-th statement: the same call always yields the same ids."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"{call_id}/{seq}/{verb_name}"))
