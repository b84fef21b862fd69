"""Body weight in kg (rounded to 0.01 kg, so "9 stone 4" is 58.97 as in the brief's example).

Decisions: unitless -> kg (also "60k"); several weights agreeing within 1 kg ("60kg (132 lbs)")
-> the first, otherwise ambiguous.
"""
from __future__ import annotations

from bot.units.combine import _current_only, _starts_with_between, _with_bare, _wrong_unit
from bot.units.results import (
    AMBIGUOUS,
    EMPTY,
    LIMITS,
    NO_NUMBER,
    OUT_OF_RANGE,
    WRONG_UNIT,
    Parsed,
    _fail,
    _internal,
    _never_raises,
)
from bot.units.scan import _prepare, _scan


@_never_raises(_internal)
def parse_weight_kg(text: str) -> Parsed:
    """Body weight in kg (2 decimals). kg, lb and stone(+lb) convert; unitless is kg; [25, 300]."""
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _scan(t)
    amounts = _current_only(_with_bare(items, t, ("weight",)), t)
    if not amounts:
        unit = _wrong_unit(items, ("weight",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    kgs = [a.value if a.family == "weight" else a.raw for a in amounts]  # bare -> kg
    if len(kgs) > 1 and (max(kgs) - min(kgs) > 1.0 or _starts_with_between(t, amounts)):
        return _fail(AMBIGUOUS, "kg")
    kg = round(kgs[0], 2)
    low, high = LIMITS["weight_kg"]
    if any(a.negative for a in amounts) or not (low <= kg <= high):
        return _fail(OUT_OF_RANGE, "kg")
    return Parsed(kg, None)
