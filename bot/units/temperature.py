"""Body temperature in °C (rounded to 0.1).

Decisions: an explicit °C is valid in 34-43, an explicit °F in 93-110 (so 93 °F -> 33.9 °C and
110 °F -> 43.3 °C are accepted); "degrees" alone and bare numbers go by the same ranges. Several
readings -> the highest (fever is what matters); bare numbers outside both ranges are ignored if
another bare number is plausible ("I'm 25, temp 39" -> 39).
"""
from __future__ import annotations

from typing import Optional, Tuple

from bot.units.combine import _wrong_unit
from bot.units.results import (
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
from bot.units.unit_table import _Item


def _f_to_c(f: float) -> float:
    return (f - 32) * 5 / 9


def _celsius(item: _Item) -> Tuple[Optional[float], bool, str]:
    """(°C or None when the scale can't be told, possible?, scale typed) for a reading.

    An explicit °C/°F is taken as typed; a bare number (or plain 'degrees') is Celsius
    when 34–43 and Fahrenheit when 93–110, and otherwise impossible.
    """
    raw = item.raw
    scale = {"°C": "C", "°F": "F"}.get(item.unit)
    if scale is None:
        scale = "C" if 34 <= raw <= 43 else "F" if 93 <= raw <= 110 else ""
    if not scale:
        return None, False, "°C"
    low, high = LIMITS["temp_c" if scale == "C" else "temp_f"]
    possible = not item.negative and low <= raw <= high
    return (raw if scale == "C" else _f_to_c(raw)), possible, "°" + scale


@_never_raises(_internal)
def parse_temperature_c(text: str) -> Parsed:
    """Body temperature in °C (1 decimal). Several readings -> the highest."""
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _scan(t)
    readings = [i for i in items if i.family == "temp"]
    if not readings:
        bare = [i for i in items if i.family == "bare"]
        plausible = [b for b in bare if _celsius(b)[1]]
        readings = plausible or bare
    if not readings:
        unit = _wrong_unit(items, ("temp",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    values = []
    for r in readings:
        c, possible, scale = _celsius(r)
        if not possible:
            return _fail(OUT_OF_RANGE, scale)
        values.append(c)
    return Parsed(round(max(values), 1), None)
