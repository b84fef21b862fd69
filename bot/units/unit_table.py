"""Units and conversions: every unit a patient types, its family and its factor to the base unit
(mass -> mg, weight -> kg, duration -> weeks, height -> cm; temperatures keep the raw number).

Heights ("5'6", "170cm", "5 foot 6") and counts ("2 capsules") are units too, so they are
recognised and not read as weights or doses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Tuple


# Conversions (fixed by the brief).
LB_KG = 0.45359237
STONE_LB = 14
DAYS_PER_MONTH = 30.44
WEEKS_PER_MONTH = DAYS_PER_MONTH / 7
WEEKS_PER_YEAR = 52.18


_NUM = r"\d+(?:\.\d+)?"

# (canonical unit, family, factor to the family's base unit, regex). Base units:
# mass -> mg, weight -> kg, duration -> weeks, height -> cm; temperatures keep the raw number.
_UNIT_TABLE = (
    ("mg/kg", "dose_rate", 1.0, r"mg\s*/\s*kg(?:\s*/\s*d(?:ay)?)?"),
    ("mg", "mass", 1.0, r"mgs?|milli\s?gram(?:me)?s?"),
    ("mcg", "mass", 0.001, r"mcgs?|[uµμ]g|micro\s?gram(?:me)?s?"),
    ("g", "mass", 1000.0, r"g|gms?|gram(?:me)?s?"),
    ("kg", "weight", 1.0, r"kgs?|kilo\s?gram(?:me)?s?|kilos?"),
    ("lb", "weight", LB_KG, r"lbs?|ibs|pounds?"),
    ("st", "weight", STONE_LB * LB_KG, r"st|stn|stones?"),
    ("cm", "height", 1.0, r"cms?|centimet(?:er|re)s?"),
    ("ft", "height", 30.48, r"ft|foot|feet"),
    ("minute", "duration", 1 / 10080, r"minutes?|mins?"),
    ("hour", "duration", 1 / 168, r"hours?|hrs?"),
    ("day", "duration", 1 / 7, r"days?|d"),
    ("week", "duration", 1.0, r"weeks?|wks?|w"),
    ("fortnight", "duration", 2.0, r"fortnights?"),
    ("month", "duration", WEEKS_PER_MONTH, r"months?|mths?|mnths?|mos?"),
    ("year", "duration", WEEKS_PER_YEAR, r"years?|yrs?"),
    ("°C", "temp", 1.0, r"(?:°|deg(?:ree)?s?)?\s?(?:c|celsius|centigrade)"),
    ("°F", "temp", 1.0, r"(?:°|deg(?:ree)?s?)?\s?(?:f|fahrenheit|farenheit|fahrenheight)"),
    ("°", "temp", 1.0, r"°|deg(?:ree)?s?"),
    ("capsule", "count", 1.0, r"capsules?|caps?|tablets?|tabs?|pills?|softgels?"),
    ("th", "ordinal", 1.0, r"th|nd|rd"),
    ("time", "clock", 1.0, r"a\.?m\.?|p\.?m\.?|o'?clock"),
    ("%", "percent", 1.0, r"%|percent|per\s?cent"),
    ("ml", "volume", 1.0, r"mls?|millilit(?:er|re)s?|lit(?:er|re)s?"),
)
_UNIT_ALT = "|".join(f"(?:{rx})" for *_, rx in _UNIT_TABLE)
_UNIT_RES = [(name, fam, factor, re.compile(rx)) for name, fam, factor, rx in _UNIT_TABLE]
_DUR_UNITS = "|".join(f"(?:{rx})" for name, fam, _, rx in _UNIT_TABLE if fam == "duration")
_TEMP_UNITS = "|".join(f"(?:{rx})" for name, fam, _, rx in _UNIT_TABLE if fam == "temp")
_DUR_WORDS = r"days?|weeks?|wks?|fortnights?|months?|mths?|years?|yrs?|hours?"
_NOT_A_UNIT = rf"(?!\s?(?:{_UNIT_ALT})(?![a-z]))"  # a number not followed by a unit


def _unit(text: str) -> Tuple[str, str, float]:
    for name, fam, factor, rx in _UNIT_RES:
        if rx.fullmatch(text):
            return name, fam, factor
    return "", "bare", 1.0  # unreachable: the text matched _UNIT_ALT


@dataclass
class _Item:
    """One thing recognised in the text (positions are in the normalised text)."""

    family: str  # mass, weight, duration, temp, count, height, dose_rate, bare, freq, alt, ...
    raw: float  # the number as typed
    start: int
    end: int
    unit: str = ""
    factor: float = 1.0  # raw * factor = value in the family's base unit
    negative: bool = False
    problem: Optional[str] = None  # dates: "out_of_range" (future), "ambiguous", "unclear"
    week_number: bool = False  # "week 6", "6th week": a position in the treatment
    triggered: bool = False  # a date after "since", "from", "started ... on"

    @property
    def value(self) -> float:
        return self.raw * self.factor


def _num(s: str) -> float:
    return float(s)  # a huge digit string becomes inf, which every range check rejects
