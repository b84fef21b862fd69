"""The daily dose in mg (rounded to 0.1 mg), from however the patient writes it.

Decisions:
- Unitless -> mg; g and mcg convert; "0.5 mg/kg" -> wrong_unit "mg/kg"; "2 capsules" with no
  strength -> wrong_unit "capsule"; 0 mg -> out_of_range.
- "30mg on alternate days"/"every other day" -> 15 (the average per day); "every 3rd day" -> /3.
- "10 and 20", "10 + 20", "10mg in the morning and 20mg at night" -> 30 (a daily total);
  "alternating 10 and 20" -> 15.
- "10 or 20", "20-40", "20 to 40", "between 20 and 40", "20mg, 40mg" -> ambiguous.
- "N mg a week"/"weekly" -> N/7; "20mg 3 times a week" -> 60/7 = 8.6.
- "was 20 now 40", "increased to 40 from 20", "40 now" -> 40; "20 twice a day (40 total)" -> 40.
"""
from __future__ import annotations

import math
import re
from typing import List, Optional

from bot.units.combine import _current_only, _joined_as, _starts_with_between, _total_only, _with_bare, _wrong_unit
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


_CAPSULE_WORD = re.compile(r"\s?(?:capsules?|caps?|tablets?|tabs?|pills?|softgels?)\b")
_TIMES_SIGN = re.compile(r"\s?(?:(?:capsules?|caps?|tablets?|tabs?|pills?)\s?)?(?:x|\*|times)\s?")
_COUNT_OF = re.compile(r"\s?(?:of|at|x|,|with|containing|-)?\s?")


def _merge_products(items: List[_Item], t: _Text) -> List[_Item]:
    """'2x20mg', '20mg x 2', '2 capsules of 20mg', 'one 40mg capsule' -> one mass amount."""
    amounts = [i for i in items if i.family in ("mass", "bare", "count")]
    others = [i for i in items if i.family not in ("mass", "bare", "count")]
    merged: List[_Item] = []
    k = 0
    while k < len(amounts):
        a = amounts[k]
        b = amounts[k + 1] if k + 1 < len(amounts) else None
        product = _product(a, b, t) if b else None
        if product:
            merged.append(product)
            k += 2
        else:
            merged.append(a)
            k += 1
    return sorted(merged + others, key=lambda i: i.start)


def _is_small_count(i: _Item) -> bool:
    return i.family == "bare" and float(i.raw).is_integer() and 1 <= i.raw <= 10


def _product(a: _Item, b: _Item, t: _Text) -> Optional[_Item]:
    """Two neighbouring amounts as one, when the text multiplies them; else None."""
    between = t.gap(a.end, b.start)
    times = (_TIMES_SIGN.fullmatch(between) and "count" not in (a.family, b.family)
             and not a.family == b.family == "mass")  # "2x20mg", "20mg x 2", "2 x 20"
    capsules_of = a.family == "count" and b.family == "mass" and _COUNT_OF.fullmatch(between)  # "2 caps of 20mg"
    n_capsules = (_is_small_count(a) and b.family == "mass" and between.strip() in ("", "x")
                  and _CAPSULE_WORD.match(t.text, b.end))  # "one 40mg capsule"
    if not (times or capsules_of or n_capsules):
        return None
    mass = a if a.family == "mass" else b if b.family == "mass" else None
    return _Item("mass" if mass else "bare", a.value * b.value, a.start, b.end, mass.unit if mass else "",
                 1.0, a.negative or b.negative)


def _frequency_multipliers(amounts: List[_Item], freqs: List[_Item]) -> dict:
    """Each frequency applies to the amounts since the previous one ('20mg twice a day and 10mg at
    night' -> 2 and 1); a frequency before any amount ('twice a day, 20mg') applies to the rest."""
    mult, pending, leading = {}, [], None
    for ev in sorted(amounts + freqs, key=lambda i: i.start):
        if ev.family == "freq":
            if pending:
                for a in pending:
                    mult[id(a)] = ev.raw
                pending = []
            elif not mult:
                leading = ev.raw
        else:
            pending.append(ev)
    for a in pending:
        mult[id(a)] = leading if leading is not None and not mult else 1.0
    return mult


@_never_raises(_internal)
def parse_dose_mg(text: str) -> Parsed:
    """Total mg per day. Unitless numbers are mg; g and mcg convert; range (0, 200]."""
    t = _prepare(text)
    if t is None:
        return _fail(EMPTY)
    items = _merge_products(_scan(t), t)
    all_amounts = _with_bare(items, t, ("mass",))
    mult = _frequency_multipliers(all_amounts, [i for i in items if i.family == "freq"])
    amounts = _total_only(_current_only(all_amounts, t), t)
    if not amounts:  # "2 capsules" says how many, not how much
        unit = "capsule" if any(i.family == "count" for i in items) else _wrong_unit(items, ("mass",))
        return _fail(WRONG_UNIT, unit) if unit else _fail(NO_NUMBER)
    if _starts_with_between(t, amounts) or any(
            _joined_as(t, a, b) != "sum" for a, b in zip(amounts, amounts[1:])):
        return _fail(AMBIGUOUS, "mg")
    per_day = math.prod(i.raw for i in items if i.family == "alt")  # "on alternate days" -> 0.5
    total = round(sum(a.value * mult.get(id(a), 1.0) for a in amounts) * per_day, 1)
    low, high = LIMITS["dose_mg"]
    if any(a.negative for a in amounts) or not (low < total <= high):  # NaN fails too
        return _fail(OUT_OF_RANGE, "mg")
    return Parsed(total, None)
