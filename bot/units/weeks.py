"""A duration in weeks (rounded to 0.1), from numbers with units, vague phrases and start dates.

Decisions:
- Unitless -> weeks. "a"/"an" -> 1, "a couple (of)" -> 2, "a few" -> 3; "several" -> no_number.
- Ranges ("6-8 weeks", "6 or 8 weeks", "between 6 and 8 weeks", "6 weeks, maybe 7") -> the upper
  end: it escalates rather than misses (triage thresholds are > 8 weeks and > week 12), unless
  the upper end is more than 3x the lower ("6 weeks or 6 months") -> ambiguous.
- "1 month and 2 weeks" -> the sum; two different readings within a week of each other -> the
  first; otherwise ambiguous.
- "week 6", "6th week", "month 2" -> 6, 6, 8.7 weeks. "2 years" = 104.36 weeks -> out_of_range.
- A date not introduced by since/from/started... is ignored when an explicit duration is also
  given ("6 weeks, worse since yesterday" is not read as "since yesterday" alone).
"""
from __future__ import annotations

import re
from datetime import date
from typing import List, Optional

from bot.units.combine import _joined_as, _starts_with_between, _with_bare, _wrong_unit
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
from bot.units.text import _Text
from bot.units.unit_table import _Item


_SUM_JOINER = re.compile(r"\s?(?:,\s?)?(?:and|&|\+|plus)?\s?")


def _combine_durations(durations: List[_Item], t: _Text) -> Optional[float]:
    """One value in weeks from several, or None when they disagree.

    '6-8 weeks', '6 or 8 weeks', 'between 6 and 8' -> the upper end; '1 month and 2 weeks'
    -> the sum; repeats that agree within a week ('since 1 Oct, so 6 weeks') -> the first.
    """
    values = [d.value for d in durations]
    if len(values) == 1:
        return values[0]
    pairs = list(zip(durations, durations[1:]))
    if _starts_with_between(t, durations) or all(_joined_as(t, a, b) == "range" for a, b in pairs):
        # a range too wide to mean one thing ("6 weeks or 6 months") is ambiguous
        return max(values) if max(values) <= 3 * min(values) else None
    units = [d.unit for d in durations]
    if (all(_SUM_JOINER.fullmatch(t.gap(a.end, b.start)) for a, b in pairs)
            and len(set(units)) == len(units) and "date" not in units and "" not in units):
        return sum(values)
    if max(values) - min(values) <= 1.0:
        return values[0]
    return None


@_never_raises(_internal)
def parse_weeks(text: str, today: date) -> Parsed:
    """A duration in weeks (1 decimal): numbers with units, vague phrases and start dates.

    Unitless numbers are weeks. A start date gives the weeks from it to ``today``;
    a date in the future is out_of_range (detail "date"). Range [0, 104].
    """
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _scan(t, today)
    durations = [d for d in _with_bare(items, t, ("duration",)) if d.problem is None]
    if any(d.unit != "date" for d in durations):  # "6 weeks, worse since yesterday": keep the 6 weeks
        durations = [d for d in durations if d.unit != "date" or d.triggered]
    if not durations:
        problems = [d for d in items if d.family == "duration" and d.problem]
        if problems:
            return _fail(problems[0].problem, "date")
        unit = _wrong_unit(items, ("duration",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    weeks = _combine_durations(durations, t)
    if weeks is None:
        return _fail(AMBIGUOUS, "weeks")
    weeks = round(weeks, 1)
    low, high = LIMITS["weeks"]
    if any(d.negative for d in durations) or not (low <= weeks <= high):
        return _fail(OUT_OF_RANGE, "weeks")
    return Parsed(weeks, None)
