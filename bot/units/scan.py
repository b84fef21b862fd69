"""Normalising the answer and scanning it for everything numeric, most specific recogniser first
(dates, frequencies, "temp of 39", stones and pounds, heights, ages, "week 6", vague durations,
then any number with or without a unit).

Decisions:
- A comma is a decimal comma when 1-2 digits follow ("62,5"), a thousands separator when 3
  follow ("4,000").
- "-5 kg" and "minus 5" are negative (the parsers reject them as out_of_range); "20-40" is a
  range, not -40.
- "9 stone 14" is 9 stone: pounds count only when < 14, and the 14 is then a stray number.
  "1st", "21st" written solid (and "first") are ordinals, not stones ("11st" is 11 stone),
  unless pounds follow ("21st 0lb", "21st5").
- "19 years old" / "aged 19" is an age, not a duration.
"""
from __future__ import annotations

import re
from datetime import date
from typing import List, Optional

from bot.units.dates import _scan_dates
from bot.units.number_words import _fmt, _words_to_digits
from bot.units.text import _Text
from bot.units.unit_table import (
    LB_KG,
    STONE_LB,
    WEEKS_PER_MONTH,
    _DUR_UNITS,
    _DUR_WORDS,
    _NOT_A_UNIT,
    _NUM,
    _TEMP_UNITS,
    _UNIT_ALT,
    _Item,
    _num,
    _unit,
)


_SPACES = re.compile(r" {2,}")
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,.])")
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
_AND_A_HALF = re.compile(rf"(?<![\d.])(?P<n>{_NUM})\sand\s(?:a\s|one\s)?(?P<f>half|quarter)(?![a-z])")
_UNIT_AND_A_HALF = re.compile(
    rf"(?:\b(?P<a>an?|one)|(?<![\d.])(?P<n>{_NUM}))\s?(?P<u>{_DUR_WORDS}|stones?|st)\sand\s(?:a\s)?half(?![a-z])")
_HALF_A = re.compile(r"\b(?:a\s)?half\s(?:an?\s|of\san?\s)")


def _prepare(text: object) -> Optional[_Text]:
    """Normalised text with numbers in digits, or None when there is nothing to read."""
    if not isinstance(text, str) or not text.strip():
        return None
    t = _Text.of(text)
    t = t.sub(_SPACES, lambda m: " ")
    t = t.sub(_THOUSANDS, lambda m: m.group().replace(",", ""))  # "4,000 mg"
    t = t.sub(_DECIMAL_COMMA, lambda m: ".")  # "62,5 kg"
    t = _words_to_digits(t)
    t = t.sub(_UNIT_AND_A_HALF, _unit_and_a_half)  # "a month and a half" -> "1.5 month"
    t = t.sub(_AND_A_HALF, _and_a_half)  # "2 and a half" -> "2.5"
    t = t.sub(_HALF_A, lambda m: "0.5 ")  # "half a year" -> "0.5 year"
    return t


def _and_a_half(m: re.Match) -> Optional[str]:
    n = _num(m.group("n"))
    if n > 1e9:
        return None
    return _fmt(n + (0.5 if m.group("f") == "half" else 0.25))


def _unit_and_a_half(m: re.Match) -> Optional[str]:
    n = 1.0 if m.group("a") else _num(m.group("n"))
    if n > 1e9:
        return None
    return f"{_fmt(n + 0.5)} {m.group('u')}"


# Frequencies: how many doses a day. Claimed first so "a day" is not read as a duration.
_ALTERNATE = re.compile(
    r"\b(?:on\s)?(?:alternat(?:e|ing|ive)\s)days?\b|\bevery\s(?:other|second|2nd|2)\s?days?\b"
    r"|\bevery\sother\b|\beod\b|\balternat(?:e|ing|ely)\b")
_EVERY_THIRD = re.compile(r"\bevery\s(?:third|3rd|3)\s?days?\b")
_TIMES = re.compile(
    rf"(?<![\d.])(?P<n>{_NUM})\s?(?:x|times?)(?![a-z])(?!\s?\d)"
    r"(?:\s?(?:a|per|each|every|/|in\sa)?\s?(?P<per>days?|daily|d|weeks?|weekly|wk|w)(?![a-z]))?")
_ONCE_TWICE = re.compile(
    r"\b(?P<w>once|twice|thrice)\b(?:\s?(?:a|per|each|every|/|in\sa)?\s?(?P<per>days?|daily|weeks?|weekly)\b)?")
_ABBREVIATION = re.compile(  # prescription shorthand: twice, three times, once a day
    r"\b(?:(?P<two>bd|bid|b\.d\.?|b\.i\.d\.?)|(?P<three>tds|tid|t\.d\.s\.?|t\.i\.d\.?)"
    r"|(?P<one>od|qd|o\.d\.?|q\.d\.?))(?![a-z])")
_MORNING_AND_NIGHT = re.compile(
    r"\b(?:in\sthe\s)?morning\sand\s(?:in\sthe\s|at\s)?(?:night|evening|bedtime)\b|\bam\sand\spm\b")
_PER_WEEK = re.compile(r"\b(?:a|per|each|every)\s(?:week|wk)\b|/\s?(?:week|wk|w)\b|\bweekly\b")
_PER_DAY = re.compile(r"\b(?:a|per|each|every)\s(?:day|d)\b|/\s?(?:day|d)\b|\bdaily\b|\bnightly\b"
                      r"|\bevery\s(?:night|morning|evening)\b")
# "a day"/"a week" right after a dose is a frequency; after "for" it is a duration.
_DOSE_BEFORE = re.compile(r"(?:\d|mgs?|milligram(?:me)?s?|g|x|times?|once|twice|capsules?|caps?|tablets?|tabs?"
                          r"|pills?|dose)\s?$")

_TEMP_CONTEXT = re.compile(
    r"\b(?:temp(?:erature)?s?|fever|thermometer)"
    r"(?:\s(?:of|is|was|at|about|around|approx|approximately|roughly|reached|hit|reading|read|says|said"
    r"|showed|nearly|almost|over|like|up\sto|been|has|went|got|to)){0,4}\s?[:=~]?\s?"
    rf"(?P<neg>-\s?)?(?<![\d.])(?P<num>{_NUM})(?:\s?(?P<unit>{_TEMP_UNITS})(?![a-z]))?"
    rf"{_NOT_A_UNIT}")  # "fever 2 weeks ago" is a duration
_STONE_LB = re.compile(
    rf"(?<![\d.])(?P<st>{_NUM})\s?(?:st|stn|stones?)(?![a-z])\s?(?:and\s|,\s?|&\s?)?"
    rf"(?P<lb>{_NUM})(?![\d.])\s?(?:lbs?|ibs|pounds?|p)?(?![a-z\d])")
_FEET_INCHES = re.compile(
    r"(?<![\d.])(?P<ft>\d)\s?(?:'|ft|foot|feet)(?![a-z])"
    r"(?:\s?(?P<inch>\d{1,2}(?:\.\d+)?)\s?(?:\"|''|in(?:ch(?:es)?)?)?(?![a-z\d]))?")
_WEEK_NUMBER = re.compile(
    rf"\b(?P<u>week|wk|month)\s?(?:number\s|no\.?\s?|#\s?)?(?P<num>\d{{1,3}})(?![\d.]){_NOT_A_UNIT}")
_ORDINAL_WEEK = re.compile(r"(?<![\d.])(?P<num>\d{1,3})(?:st|nd|rd|th)\s(?P<u>week|wk|month)\b")
# "19 years old" / "aged 19" is an age, not a duration.
_AGE = re.compile(
    rf"(?<![\d.])\d{{1,3}}\s?(?:years?|yrs?|y)\s?(?:old|of\sage)\b|\baged?\s?\d{{1,3}}(?![\d.]){_NOT_A_UNIT}")
_VAGUE_DURATION = re.compile(
    rf"\b(?P<q>an?|a\scouple(?:\sof)?|couple(?:\sof)?|a\sfew|few)\s(?P<unit>{_DUR_UNITS})(?![a-z])")
# "1e309" is read as a number (infinite, so out of range), not as 1 and 309.
_NUMBER = re.compile(
    rf"(?P<neg>(?<![\w.])-\s?|\bminus\s)?(?<![\d.])(?P<num>{_NUM}(?:e[+-]?\d+(?![a-z\d.]))?)"
    rf"(?:\s?(?P<unit>{_UNIT_ALT})(?![a-z]))?")
_DIGIT_BEFORE = re.compile(r"\d\s?$")


def _scan(t: _Text, today: Optional[date] = None, dates_need_trigger: bool = False) -> List[_Item]:
    """Everything numeric in the text, most specific recognisers first."""
    items: List[_Item] = []
    if today is not None:
        items += _scan_dates(t, today, dates_need_trigger)
    items += _scan_frequencies(t)
    for m in t.take(_TEMP_CONTEXT):
        unit = m.group("unit")
        items.append(_Item("temp", _num(m.group("num")), m.start("num"), m.end(),
                           _unit(unit)[0] if unit else "°", negative=bool(m.group("neg"))))
    for m in t.take(_STONE_LB, lambda m: _num(m.group("lb")) < STONE_LB and not _ordinal_then_number(m)):
        lb = _num(m.group("st")) * STONE_LB + _num(m.group("lb"))
        items.append(_Item("weight", lb, m.start(), m.end(), "st", LB_KG))
    for m in t.take(_FEET_INCHES):
        inches = _num(m.group("ft")) * 12 + (_num(m.group("inch")) if m.group("inch") else 0)
        items.append(_Item("height", inches, m.start(), m.end(), "ft", 2.54))
    for m in t.take(_AGE):
        items.append(_Item("age", 0, m.start(), m.end()))
    for rx in (_WEEK_NUMBER, _ORDINAL_WEEK):
        for m in t.take(rx, lambda m: not _is_frequency_word_before(t, m.start())):
            factor = WEEKS_PER_MONTH if m.group("u") == "month" else 1.0
            items.append(_Item("duration", _num(m.group("num")), m.start(), m.end(), m.group("u"), factor,
                               week_number=True))
    for m in t.take(_VAGUE_DURATION):
        name, _, factor = _unit(m.group("unit"))
        q = m.group("q")
        count = 2 if "couple" in q else 3 if "few" in q else 1
        items.append(_Item("duration", count, m.start(), m.end(), name, factor))
    for m in t.take(_NUMBER):
        unit = m.group("unit")
        name, fam, factor = _unit(unit) if unit else ("", "bare", 1.0)
        if _is_ordinal_st(m):  # "1st", "first", "21st": an ordinal, not stones
            name, fam, factor = "th", "ordinal", 1.0
        negative = bool(m.group("neg")) and not _DIGIT_BEFORE.search(t.text[max(0, m.start() - 3):m.start()])
        start = m.start() if negative else m.start("num")
        items.append(_Item(fam, _num(m.group("num")), start, m.end(), name, factor, negative))
    return sorted(items, key=lambda i: i.start)


# "1st" / "21st" written solid is an ordinal (1 or 21 stone would be "1 st" or "21 stone").
_SOLID_ORDINAL = re.compile(r"(?:\d*[02-9])?1st(?![a-z])")


def _ordinal_then_number(m: re.Match) -> bool:
    """'the 1st 3 weeks': an ordinal, a space and a number with no pounds unit ('21st 0lb' is stones)."""
    return re.fullmatch(r"(?:\d*[02-9])?1st\s\d+(?:\.\d+)?", m.group()) is not None


def _is_ordinal_st(m: re.Match) -> bool:
    return m.group("unit") == "st" and _SOLID_ORDINAL.fullmatch(m.group()[m.start("num") - m.start():]) is not None


def _is_frequency_word_before(t: _Text, pos: int) -> bool:
    return re.search(r"\b(?:a|per|each|every|this|next|last)\s?$", t.text[max(0, pos - 7):pos]) is not None


def _scan_frequencies(t: _Text) -> List[_Item]:
    items = []
    for m in t.take(_EVERY_THIRD):
        items.append(_Item("alt", 1 / 3, m.start(), m.end()))
    for m in t.take(_ALTERNATE):
        items.append(_Item("alt", 0.5, m.start(), m.end()))
    for m in t.take(_TIMES):
        per_week = (m.group("per") or "d")[0] == "w"
        items.append(_Item("freq", _num(m.group("n")) / (7 if per_week else 1), m.start(), m.end()))
    for m in t.take(_ONCE_TWICE):
        n = {"once": 1, "twice": 2, "thrice": 3}[m.group("w")]
        per_week = (m.group("per") or "d")[0] == "w"
        items.append(_Item("freq", n / (7 if per_week else 1), m.start(), m.end()))
    for m in t.take(_ABBREVIATION):
        items.append(_Item("freq", 2 if m.group("two") else 3 if m.group("three") else 1, m.start(), m.end()))
    for m in t.take(_MORNING_AND_NIGHT):
        items.append(_Item("freq", 2, m.start(), m.end()))

    def after_dose(m: re.Match) -> bool:
        return not m.group().startswith("a ") or _DOSE_BEFORE.search(t.text[max(0, m.start() - 12):m.start()])

    for m in t.take(_PER_WEEK, after_dose):
        items.append(_Item("freq", 1 / 7, m.start(), m.end()))
    for m in t.take(_PER_DAY, after_dose):
        items.append(_Item("freq", 1, m.start(), m.end()))
    return items
