"""The condition grammar: `meter op number` clauses joined by `and`. Parsed, never evaluated as code."""

from __future__ import annotations

import re
from typing import Iterable

from game.content.diagnostics import Diagnostics, SourcePos, did_you_mean
from game.content.model import METER_MAX, METER_MIN, OPERATORS, Clause, Condition

#: `meter op number`; the number in ASCII digits, at most 9 of them (a longer one is a bad condition).
_CLAUSE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(-?[0-9]{1,9})\s*$")
_AND = re.compile(r"\s+and\s+")


def parse_condition(text: str, pos: SourcePos, meters: Iterable[str], diags: Diagnostics) -> Condition | None:
    """Parse a condition, reporting syntax errors, unknown meters, out-of-range numbers and
    conditions that can never hold. Returns None when it cannot be used."""
    meters = tuple(meters)
    clauses: list[Clause] = []
    ok = True
    parts = _AND.split(text.strip()) if text.strip() else [""]
    for part in parts:
        match = _CLAUSE.match(part)
        if not match:
            diags.error(pos, f"bad condition '{text}': expected `meter op number` joined by `and`, got '{part}'",
                        f"e.g. `patience > 20 and trust >= 40`; operators: {' '.join(OPERATORS)}",
                        code="condition")
            ok = False
            continue
        meter, op, number = match.group(1), match.group(2), int(match.group(3))
        if meter not in meters:
            hint = did_you_mean(meter, meters) or f"meters of this persona: {', '.join(meters)}"
            diags.error(pos, f"condition '{text}' uses the unknown meter '{meter}'", hint, code="condition")
            ok = False
        if not METER_MIN <= number <= METER_MAX:
            diags.error(pos, f"condition '{text}' compares with {number}, outside the meters' range "
                        f"{METER_MIN}..{METER_MAX}", code="condition")
            ok = False
        clauses.append(Clause(meter, op, number))
    if not ok:
        return None
    condition = Condition(tuple(clauses), pos)
    if not satisfiable(condition):
        diags.error(pos, f"condition '{text}' can never hold for meters in {METER_MIN}..{METER_MAX}",
                    "check the operator and the number", code="condition-never")
        return None
    return condition


def satisfiable(condition: Condition) -> bool:
    """True when some meter values in 0..100 make every clause hold."""
    for meter in {c.meter for c in condition.clauses}:
        values = set(range(METER_MIN, METER_MAX + 1))
        for clause in condition.clauses:
            if clause.meter == meter:
                values = {v for v in values if OPERATORS[clause.op](v, clause.value)}
        if not values:
            return False
    return True
