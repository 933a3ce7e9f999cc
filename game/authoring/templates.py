"""Starter scenarios for `ardojo new`: a small but real call, commented section by section.

One dialogue shape for every archetype, six nodes and three endings: a greeting with a good, a poor
and a hostile opener (the hostile one drops patience to 0, so the client hangs up), a middle node
reached with two different patience levels so that its conditional route really goes both ways, and
a closing node leading to a commitment or a vague callback. The words come from
`game.authoring.starters`. Every value written into the YAML is quoted as JSON, which YAML reads as-is.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from string import Template

from game.authoring.starters import starter_for
from game.content.lint import schema_line

_TEMPLATE = Template("""\
${schema_line}
# A starter scenario written by `ardojo new` (archetype: ${archetype}). Make it your own, then:
#   ardojo validate ${file} --strict        check it (every problem with file:line:col)
#   ardojo play --text --practice ${file}   play it in the terminal
# The format: docs/scenario-format.md. A step-by-step tutorial: docs/authoring.md.

# --- About the call ---------------------------------------------------------------------------
format: 1                          # the format version this file is written for
${id_line}
${title_line}
${archetype_line}
difficulty: 1                      # 1 (easy) .. 3 (hard)
summary: ${summary}

# --- The client -------------------------------------------------------------------------------
persona:
  name: ${name}
  company: ${company}
  role: ${role}
  voice: {rate: 170, gender: ${gender}}   # text-to-speech hints (optional)
  mood: {patience: 50, trust: 40}  # starting meters, 0..100: replies change them, routes test them

# --- What the caller knows before dialling (the account brief) ---------------------------------
account:
  terms: Net 30
  as_of: ${as_of}                # the day of the call in the story; days overdue count from it
  invoices:
    - {number: ${number}, amount: ${amount}, issued: ${issued}, due: ${due}, note: ${note}}
  history: ${history}
  notes: ${notes}
objective: ${objective}

# --- How the call runs ------------------------------------------------------------------------
start: greeting                    # the node the call starts at
hang_up_when: {patience: 0}        # after a reply that lowers patience to 0 or below ...
hang_up_to: hangs-up               # ... the client hangs up: the call ends at this ending

# --- The dialogue: node id -> what the client says, then the caller's choices or an ending ------
# A choice has: say (the caller's words), score (-10..10 for professionalism, empathy, clarity),
# mood (changes to the meters), rules it follows and breaks it makes (ids from scenarios/rulebook.yaml),
# critical (a broken rule that fails the call), feedback (coaching shown
# in the debrief) and goto (the next node, or routes tried in order: the first whose `if` holds).
nodes:
  greeting:
    client: ${greeting}
    choices:
      - say: ${good_say}
        score: {professionalism: 2, clarity: 2}
        mood: {trust: 5}
        rules: ${good_rules}
        feedback: ${good_feedback}
        goto: situation
      - say: ${poor_say}
        score: {professionalism: -1, clarity: -2}
        mood: {patience: -10, trust: -5}
        breaks: ${poor_rules}
        feedback: ${poor_feedback}
        goto: situation
      - say: ${hostile_say}
        score: {professionalism: -3, empathy: -3}
        mood: {patience: -50}      # 50 -> 0: the client hangs up at once
        breaks: [dont-be-aggressive]
        feedback: ${hostile_feedback}
        goto: hangs-up

  situation:                       # patience is 50 here after the good opener, 40 after the poor one
    client: ${situation}
    choices:
      - say: ${listen_say}
        score: {empathy: 2, clarity: 1}
        mood: {trust: 10}
        rules: ${listen_rules}
        feedback: ${listen_feedback}
        goto: offer
      - say: ${push_say}
        score: {professionalism: -1, empathy: -2}
        mood: {patience: -20}
        breaks: ${push_rules}
        feedback: ${push_feedback}
        goto:                      # routes are tried in order; the last one has no `if`
          - {if: "patience > 25", to: offer}   # 30 after the good opener: the client stays
          - {to: hangs-up}                     # 20 after the poor one: the client has had enough

  offer:
    client: ${offer}
    choices:
      - say: ${close_say}
        score: {professionalism: 1, clarity: 3}
        rules: ${close_rules}
        feedback: ${close_feedback}
        goto: ${commit_id}
      - say: ${vague_say}
        score: {clarity: -2}
        breaks: ${vague_rules}
        feedback: ${vague_feedback}
        goto: callback

  # --- Endings: the client's last line and what they agreed to ---------------------------------
  # commitment: full | plan | partial | callback | none; amount and days (until payment) are optional
  ${commit_id}:
    client: ${commit_line}
    end: {commitment: ${commitment}, amount: ${commit_amount}, days: ${days}}

  callback:
    client: ${callback_line}
    end: {commitment: callback, days: 7}

  hangs-up:
    client: ${hang_up_line}
    end: {commitment: none}
""")


def _commented(key: str, value: str, comment: str) -> str:
    """`key: value` with its comment in the template's comment column."""
    line = f"{key}: {value}"
    return f"{line}{' ' * max(1, _COMMENT_COLUMN - len(line))}# {comment}"


def _q(value: object) -> str:
    """A YAML scalar for text (a JSON string is a valid double-quoted YAML scalar)."""
    return json.dumps(str(value), ensure_ascii=False)


def _ids(values) -> str:
    return "[" + ", ".join(values) + "]"


def _texts(values) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


_COMMENT_COLUMN = 35


def render_starter(archetype: str, scenario_id: str, path: Path, today: _dt.date | None = None) -> str:
    """The text of a starter scenario `scenario_id` of `archetype`, to be written at `path` (the schema
    line is relative to it). `today` is the story's date (default: today)."""
    today = today or _dt.date.today()
    words = dict(starter_for(archetype))
    number, amount, issued_ago, due_ago, note = words.pop("invoices")[0]
    fields = {key: (_ids(value) if key.endswith("_rules") else _texts(value) if isinstance(value, list)
                    else value if key in ("commit_id", "commitment", "gender", "days") else _q(value))
              for key, value in words.items() if key not in ("amount",)}
    fields.update(
        schema_line=schema_line(path), file=path.name, archetype=archetype,
        id_line=_commented("id", scenario_id, "unique across the library, kebab-case"),
        title_line=_commented("title", _q(scenario_id.replace("-", " ").capitalize()), "shown in the scenario list"),
        archetype_line=_commented("archetype", _q(archetype),
                                  "the kind of client: cash-strapped, disputing, evasive, ..."),
        as_of=today.isoformat(), number=_q(number), amount=f"{amount:.2f}", note=_q(note),
        issued=(today - _dt.timedelta(days=issued_ago)).isoformat(),
        due=(today - _dt.timedelta(days=due_ago)).isoformat(),
        commit_amount=f"{words['amount']:.2f}",
    )
    return _TEMPLATE.substitute(fields)
