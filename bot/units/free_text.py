"""Every quantity written with a unit in a free-text message, for the NLU and corrections.

Decisions:
- Only numbers with a unit count (and "temp/fever of N", "week N", vague "a few weeks", dates
  after since/from/started); negative numbers are skipped.
- A frequency right after a dose applies to it ("20mg twice a day" -> 40); "on alternate days"
  anywhere halves every dose in the message.
- Duration role: "week N", "N weeks in/into" and "the first N weeks" -> treatment; otherwise the
  nearest cue in the same clause (split at punctuation, "and", "but"), preferring cues before the
  number: drug names, "treatment", "course", "meds", "pills", "on it", "taking it", a dose in mg
  -> treatment; "flare", "breaking out", "purge", "spots", "pimples", "acne", "cysts", "worse"
  -> flare; no cue -> None.
"""
from __future__ import annotations

import math
import re
from datetime import date
from typing import List, Optional

from bot.units.dose import _frequency_multipliers, _merge_products
from bot.units.results import LIMITS, Quantity, _never_raises
from bot.units.scan import _prepare, _scan
from bot.units.temperature import _celsius, _f_to_c
from bot.units.text import _Text
from bot.units.unit_table import _Item


_TREATMENT_CUE = re.compile(
    r"\b(?:accutane|isotretinoin|roaccutane|absorica|claravis|amnesteem|myorisan|zenatane|oratane|epuris"
    r"|isotroin|isotrex|iso|tane|treatment|course|medication|meds|medicine|pills?|tablets?|capsules?"
    r"|(?:taking|on|started|starting|began|begun|start)\s+(?:it|them)|\d*\s?mg)\b")
_FLARE_CUE = re.compile(
    r"\b(?:flare[sd]?|flaring|flare-?ups?|break(?:ing)?\s?outs?|broke\s+out|broken\s+out|purg(?:e|es|ed|ing)"
    r"|spots?|pimples?|zits?|acne|bumps?|cysts?|nodules?|lesions?|worse|worsen(?:ed|ing)?)\b")
_IN_AFTER = re.compile(r"\s?(?:in|into)\b(?!\s(?:a\srow|the\s(?:morning|evening|afternoon)|total))")
_FIRST_BEFORE = re.compile(r"\b(?:first|1st)\s$")  # word numbers are digits by now
_CLAUSE_BREAK = re.compile(r"[.;!?\n,]|\band\b|\bbut\b|\bwhile\b|\bwhereas\b")


def _duration_role(t: _Text, item: _Item) -> Optional[str]:
    """'treatment', 'flare' or None, from the words around a duration in its clause."""
    if item.week_number or _IN_AFTER.match(t.text, item.end) or _FIRST_BEFORE.search(t.text, 0, item.start):
        return "treatment"  # "week 6", "6 weeks in", "the first few weeks" (of treatment)
    text = t.text
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, item.start - 120), item.start)]
    clause_start = starts[-1] if starts else max(0, item.start - 120)
    nxt = _CLAUSE_BREAK.search(text, item.end, item.end + 120)
    clause_end = nxt.start() if nxt else min(len(text), item.end + 120)
    before, after = text[clause_start:item.start], text[item.end:clause_end]
    cues = []  # (distance, preceding?, role)
    for role, rx in (("treatment", _TREATMENT_CUE), ("flare", _FLARE_CUE)):
        for m in rx.finditer(before):
            cues.append((0, len(before) - m.end(), role))
        for m in rx.finditer(after):
            cues.append((1, m.start(), role))
    return min(cues)[2] if cues else None


def within_limits(q: Quantity) -> bool:
    """Whether an extracted quantity is possible (extract_quantities does not range-check)."""
    if q.kind == "temperature":  # either scale's range, in °C: 33.9–43.3
        low = min(LIMITS["temp_c"][0], _f_to_c(LIMITS["temp_f"][0]))
        high = max(LIMITS["temp_c"][1], _f_to_c(LIMITS["temp_f"][1]))
        return round(low, 1) <= q.value <= round(high, 1)
    low, high = LIMITS[{"dose": "dose_mg", "weight": "weight_kg", "duration": "weeks"}[q.kind]]
    if q.kind == "dose":
        return low < q.value <= high
    return low <= q.value <= high


@_never_raises(list)
def extract_quantities(text: str, today: date) -> List[Quantity]:
    """Every dose, weight, duration and temperature written WITH a unit, in text order.

    Bare numbers are skipped. Values are converted (mg/day, kg, weeks, °C) but doses,
    weights and durations are not range-checked: "4000mg" comes back as 4000 so the
    caller can check LIMITS (or ``within_limits``) and re-ask. Temperatures are kept
    only when possible (a "c" or "f" after a number is too often something else).
    Negative numbers are skipped. Durations carry a role: "treatment", "flare" or None.
    """
    t = _prepare(text)
    if t is None:
        return []
    items = _merge_products(_scan(t, today, dates_need_trigger=True), t)
    doses = [i for i in items if i.family == "mass"]
    mult = _frequency_multipliers(doses, [i for i in items if i.family == "freq"])
    alt = math.prod(i.raw for i in items if i.family == "alt")
    out = []
    for i in items:
        if i.negative or i.problem:
            continue
        start, end = t.original(i.start, i.end)
        if i.family == "mass":
            out.append(Quantity("dose", round(i.value * mult.get(id(i), 1.0) * alt, 1), start, end, None))
        elif i.family == "weight":
            out.append(Quantity("weight", round(i.value, 2), start, end, None))
        elif i.family == "duration":
            out.append(Quantity("duration", round(i.value, 1), start, end, _duration_role(t, i)))
        elif i.family == "temp":
            c, possible, _ = _celsius(i)
            if possible:  # "0F", "5 c" are too often something else to pass on
                out.append(Quantity("temperature", round(c, 1), start, end, None))
    return out
