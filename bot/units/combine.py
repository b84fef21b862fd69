"""Reading several numbers in one answer: which bare numbers count, ranges, sums, "was 20 now 40",
"40 in total", and the unit that belongs to another question.

Decision: when a unit of the right kind is present, other bare numbers are ignored ("I'm 19 and
take 40mg" -> 40) unless joined to it by and/or/to/-/, ("10 and 20 mg", "60 or 61 kg").
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from bot.units.text import _Text
from bot.units.unit_table import _Item


_PURE_JOINER = re.compile(r"\s?(?:,\s?)?(?:and|&|\+|plus|or|to|-|maybe|perhaps|or\s(?:maybe|perhaps))?\s?")
_RANGE_WORDS = re.compile(r"\bor\b|\bto\b|-|/|\bbetween\b|\bmaybe\b|\beither\b|\bperhaps\b|\?")
_SUM_WORDS = re.compile(
    r"\band\b|&|\+|\bplus\b|\bwith\b|\balso\b|\bmorning\b|\bnight\b|\bevening\b|\bafternoon\b|\blunch\b"
    r"|\bbedtime\b|\bam\b|\bpm\b|\bbreakfast\b|\bdinner\b|\bsupper\b")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s?$")
_CURRENT = re.compile(
    r"\b(?:now|currently|at\sthe\smoment|these\sdays|nowadays|at\spresent)\b"
    r"|\b(?:increased|raised|upped|up|reduced|lowered|cut|dropped|down|changed|switched|moved|bumped|went|gone)"
    r"(?:\s(?:it|me|my\sdose|the\sdose))?\sto\b")
_PAST = re.compile(r"\b(?:from|was|were|before|previously|used\sto|had\sbeen)\b")
_TOTAL = re.compile(r"\b(?:in\s)?total(?:\sof)?\b|\baltogether\b|\boverall\b")


def _with_bare(items: List[_Item], t: _Text, families: Tuple[str, ...]) -> List[_Item]:
    """Amounts of the wanted families, plus bare numbers.

    With no unit anywhere, every bare number counts (the caller gives them the default
    unit). Otherwise a bare number counts only when joined to an amount with a unit
    ("10 and 20 mg", "60 or 61 kg", "a week or two"), and takes that unit.
    """
    pool = [i for i in items if i.family in families or i.family == "bare"]
    if not any(i.family in families for i in pool):
        return pool
    kept = []
    for k, item in enumerate(pool):
        if item.family != "bare":
            kept.append(item)
            continue
        for other in (pool[k + 1] if k + 1 < len(pool) else None, pool[k - 1] if k > 0 else None):
            if other is None or other.family not in families:
                continue
            a, b = (item, other) if other.start > item.start else (other, item)
            between = t.gap(a.end, b.start)
            if between.strip() and _PURE_JOINER.fullmatch(between):
                kept.append(_Item(other.family, item.raw, item.start, item.end, other.unit, other.factor,
                                  item.negative))
                break
    return kept


def _current_only(amounts: List[_Item], t: _Text) -> List[_Item]:
    """'was 20 now 40', 'increased to 40', '40 now': keep the current amount(s)."""
    marks = list(_CURRENT.finditer(t.text))
    if len(amounts) < 2 or not marks:
        return amounts
    mark = marks[-1]
    after = []
    for a in amounts:
        if a.start >= mark.end() and not _PAST.search(t.text[mark.end():a.start]):
            after.append(a)
    if after:
        return after
    before = [a for a in amounts if a.end <= mark.start() and mark.start() - a.end <= 12]
    return before[-1:] or amounts


def _total_only(amounts: List[_Item], t: _Text) -> List[_Item]:
    """'20mg twice a day, 40 in total': the amount next to 'total' is the answer."""
    for mark in _TOTAL.finditer(t.text):
        near = [a for a in amounts
                if (0 <= mark.start() - a.end <= 15 and not re.search(r"\d", t.text[a.end:mark.start()]))
                or (0 <= a.start - mark.end() <= 15 and not re.search(r"\d", t.text[mark.end():a.start]))]
        if near:
            return near[:1]
    return amounts


def _joined_as(t: _Text, a: _Item, b: _Item) -> str:
    """How two consecutive amounts relate: 'range', 'sum' or 'other'."""
    between = t.gap(a.end, b.start)
    if _RANGE_WORDS.search(between):
        return "range"
    if _SUM_WORDS.search(between):
        return "sum"
    return "other"


def _starts_with_between(t: _Text, items: List[_Item]) -> bool:
    return bool(items) and _BETWEEN_BEFORE.search(t.text[max(0, items[0].start - 10):items[0].start]) is not None


def _wrong_unit(items: List[_Item], allowed: Tuple[str, ...]) -> Optional[str]:
    """The first unit seen that belongs to another quantity."""
    for i in items:
        if i.unit and i.family not in allowed and i.family not in ("freq", "alt", "ordinal", "percent"):
            return i.unit
    return None
