"""No silent data change: where text is expected, a plain value YAML 1.1 would turn into something else
(`0042` into 34, `yes` into True, `2026-01-01` into a date, `1.50` into 1.5, `14:30` into 870) is kept
as the text the author wrote; where a number is expected, a whole number with leading zeros or in
base 60 is refused with a message naming the field, what is expected and what was written.
`true`/`false` stay booleans (the schema refuses them where text is expected, and so does the loader)."""

from __future__ import annotations

import datetime as dt

import pytest

from content_helpers import edit, load
from game.ui.text.render import render_brief

# what the author writes for the invoice number -> the invoice number the loader keeps
WRITTEN = ["0042", "007", "1.50", "1e3", "yes", "no", "on", "off", "Y", "2026-01-01", "2026-01-01 10:00:00",
           "12:30", "0x1F", "+12", "12_000", "INV-1"]


@pytest.mark.parametrize("written", WRITTEN)
def test_text_fields_keep_the_scalar_as_written(written):
    result = load(edit("number: INV-1", f"number: {written}"))
    assert result.scenario is not None, [d.format() for d in result.diagnostics.items]
    assert result.scenario.account.invoices[0].number == written


@pytest.mark.parametrize("written", ["0042", "yes", "2026-01-01", "1.50", "off"])
def test_every_kind_of_text_field_keeps_it(written):
    text = edit("client: Fine, Friday.", f"client: {written}", edit("terms: Net 30", f"terms: {written}"))
    text = edit("objective: Get a dated commitment", f"objective: {written}", text)
    text = edit("feedback: Hostile.", f"feedback: {written}", text)
    scenario = load(text).scenario
    assert scenario is not None
    greeting = scenario.nodes["greeting"]
    assert (scenario.nodes["pays"].client, scenario.account.terms, scenario.objective,
            greeting.choices[1].feedback) == (written,) * 4


def test_the_brief_shows_the_invoice_number_as_written():
    scenario = load(edit("number: INV-1", "number: 0042")).scenario
    brief = render_brief(scenario, dt.date(2026, 9, 1))
    assert "0042" in brief and " 34 " not in brief and "34\n" not in brief


def test_true_and_false_are_not_text():
    found = load(edit("client: Hello?", "client: true")).diagnostics.errors
    assert [d.format() for d in found] == [
        "s.yaml:18:13: error: 'client' in node 'greeting' must be text, got the boolean true "
        "(hint: quote it if it contains ':' or starts with a symbol)"]


@pytest.mark.parametrize("old,new,key,written,read", [
    ("days: 3}", "days: 010}", "days", "010", 8),
    ("difficulty: 1", "difficulty: 01", "difficulty", "01", 1),
    ("mood: {trust: 5}", "mood: {trust: 010}", "trust", "010", 8),
    ("days: 3}", "days: 1:30}", "days", "1:30", 90),
    ("score: {professionalism: 1, clarity: 1}", "score: {professionalism: -01, clarity: 1}", "professionalism",
     "-01", -1),
])
def test_numbers_yaml_would_change_are_refused_naming_field_type_and_text(old, new, key, written, read):
    found = load(edit(old, new)).diagnostics.errors
    assert [d.code for d in found] == ["coercion"], [d.format() for d in found]
    message = found[0].message
    assert message.startswith(f"'{key}' in ") and "a whole number" in message
    assert f"got '{written}' (YAML would read it as {read})" in message


def test_an_amount_with_a_leading_zero_is_not_changed_so_it_is_accepted():
    scenario = load(edit("amount: 100.0", "amount: 0100.50")).scenario
    assert scenario is not None and scenario.account.invoices[0].amount == 100.5


def test_ids_written_as_numbers_are_kept_as_written():
    scenario = load(edit("      - say: Pay up.", "      - id: 007\n        say: Pay up.")).scenario
    assert scenario is not None and scenario.nodes["greeting"].choices[1].id == "007"
    found = load(edit("      - say: Pay up.", "      - id: 1.50\n        say: Pay up.")).diagnostics.errors
    assert [(d.code, d.message.split(", got ")[1]) for d in found] == [("id", "'1.50'")]
