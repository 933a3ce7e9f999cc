"""The optional people parts of a program file: `roster:` (who the program is for), `organisation:`
(named on certificates) — read with positions and checked like the rest of the program.

Each roster member has a name (unique within the roster, compared as `roster_key` does), optionally an
email (an xAPI mbox) or an account (`name` and `home_page`, both needed), and a group (cohort).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from game.content.diagnostics import Diagnostics
from game.content.fields import Fields
from game.content.program_model import DEFAULT_ORGANISATION, Organisation, RosterMember, roster_key

ROSTER_KEYS = ("name", "email", "account", "group")
ROSTER_ACCOUNT_KEYS = ("name", "home_page")
ORGANISATION_KEYS = ("name", "logo", "signatory", "signatory_title")
MAX_ROSTER = 10_000
EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*"
                   r"[A-Za-z0-9])?)+$")
HOME_PAGE = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
DOC = "docs/programs.md"


def read_roster(top: Fields, diags: Diagnostics) -> tuple[RosterMember, ...]:
    """The `roster:` list of a program (empty when absent); every mistake reported with its position."""
    seq = top.seq("roster", required=False)
    if seq is None:
        return ()
    if len(seq.items) > MAX_ROSTER:
        diags.error(seq.pos, f"the roster lists {len(seq.items)} trainees; at most {MAX_ROSTER} are allowed",
                    "split the cohort over several programs", code="range")
        return ()
    members: list[RosterMember] = []
    names: dict[str, int] = {}
    ids: dict[str, int] = {}
    for index, item in enumerate(seq.items):
        member = _member(Fields(item, f"roster entry {index + 1}", diags, ROSTER_KEYS, item.pos), index, diags)
        if member is None:
            continue
        key = roster_key(member.name)
        if key in names:
            diags.error(member.source, f"'{member.name}' is on the roster twice (first at line {names[key]})",
                        "list each trainee once; add a middle initial to tell two people apart", code="duplicate-id")
            continue
        names[key] = member.source.line
        actor = (f"mailto:{member.email.casefold()}" if member.email else
                 f"{member.account_home_page}|{member.account_name}" if member.account_name else None)
        if actor is not None and actor in ids:
            diags.error(member.source, f"'{member.name}' has the same email or account as the trainee at line "
                        f"{ids[actor]}", "every trainee needs their own email or account", code="duplicate-id")
            continue
        if actor is not None:
            ids[actor] = member.source.line
        members.append(member)
    return tuple(members)


def _member(mf: Fields, index: int, diags: Diagnostics) -> RosterMember | None:
    if not mf.ok:
        return None
    if not mf.has("name"):
        diags.error(mf.pos, f"roster entry {index + 1} has no 'name'", "write `- name: Ana Lima`",
                    code="missing-key")
    name = _clean(mf, "name", diags, required=mf.has("name"))
    source = mf.map.get("name").pos if mf.has("name") else mf.pos
    email = _clean(mf, "email", diags)
    if email and not EMAIL.match(email):
        diags.error(mf.map.get("email").pos, f"'{email}' is not an email address",
                    "write it as name@example.com", code="type")
        email = ""
    account_name = home_page = ""
    if mf.has("account"):
        af = mf.sub("account", f"the account of roster entry {index + 1}", ROSTER_ACCOUNT_KEYS)
        if af.ok:
            for key in ROSTER_ACCOUNT_KEYS:
                if not af.has(key):
                    diags.error(af.pos, f"the account of roster entry {index + 1} needs both 'name' and "
                                "'home_page'", "write `account: {name: ana.lima, home_page: https://lms.example}`",
                                code="missing-key")
                    break
            account_name = _clean(af, "name", diags, required=af.has("name"))
            home_page = _clean(af, "home_page", diags, required=af.has("home_page"))
            if home_page and not HOME_PAGE.match(home_page):
                diags.error(af.map.get("home_page").pos, f"'{home_page}' is not a web address",
                            "write the LMS's address, e.g. https://lms.example.com", code="type")
                home_page = ""
            af.finish()
        if not (account_name and home_page):
            account_name = home_page = ""
    group = _clean(mf, "group", diags)
    mf.finish()
    if not name:
        return None
    return RosterMember(name, email or None, account_name or None, home_page or None, group or None, source)


def _clean(fields: Fields, key: str, diags: Diagnostics, required: bool = False) -> str:
    """Text of `key`, NFKC-normalised, with control characters refused."""
    text = fields.text(key, required=required)
    if not text:
        return ""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in text):
        diags.error(fields.map.get(key).pos, f"'{key}' in {fields.where} contains control or invisible characters",
                    "type it again as plain text", code="type")
        return ""
    return text


def read_organisation(top: Fields, diags: Diagnostics, program_file: Path | None) -> Organisation:
    """The `organisation:` block (the default organisation when absent). A logo that does not exist
    beside the program file is a warning: certificates are then printed without it."""
    if not top.has("organisation"):
        return Organisation()
    of = top.sub("organisation", "the organisation", ORGANISATION_KEYS)
    if not of.ok:
        return Organisation()
    name = _clean(of, "name", diags, required=True) or DEFAULT_ORGANISATION
    logo = _clean(of, "logo", diags) or None
    if logo and program_file is not None and not (program_file.parent / logo).is_file():
        diags.warning(of.map.get("logo").pos, f"no logo file '{logo}' beside the program",
                      "give a path relative to the program file; certificates are printed without a logo",
                      code="missing-file")
    signatory = _clean(of, "signatory", diags) or None
    title = _clean(of, "signatory_title", diags) or None
    of.finish()
    return Organisation(name, logo, signatory, title)


def logo_path(program_path: str | Path, logo: str | None) -> Path | None:
    """The logo file of an organisation, resolved against its program file (None when absent)."""
    if not logo:
        return None
    path = Path(program_path).parent / logo
    return path if path.is_file() else None
