"""Dates ("since mid-October") -> the weeks from that day to today.

Decisions:
- No year -> the most recent such date not after today ("since mid-October" on 10 Oct 2024 ->
  15 Oct 2023). A future date (explicit year, "tomorrow", "next week") -> out_of_range, detail
  "date"; an impossible one ("31 February") -> unclear, detail "date".
- "since October" -> the 1st; early -> 5th, mid -> 15th, late -> 25th, end -> 28th.
- "since the 3rd" -> the most recent 3rd; "since Monday" -> the most recent Monday strictly before
  today; "since Christmas"/"new year" -> 25 Dec / 1 Jan; "since 2023" -> 1 Jan 2023; "yesterday"
  1 day, "last week" 7 days, "last month" 30.44 days, "last year" 52.18 weeks, "today" 0.
- "13/10" -> 13 October; "3/10" (both parts <= 12) -> ambiguous, detail "date"; ISO "2024-10-03"
  as is; "3.10" alone is a decimal number, not a date.
"""
from __future__ import annotations

import re
from datetime import date
from typing import List, Optional, Tuple

from bot.units.results import AMBIGUOUS, OUT_OF_RANGE, UNCLEAR
from bot.units.text import _Text
from bot.units.unit_table import DAYS_PER_MONTH, WEEKS_PER_YEAR, _NOT_A_UNIT, _Item


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:,?\s?(?P<y>[12]\d{3})(?!\d))?"
_PART_DAY = {"start": 1, "beginning": 1, "early": 5, "mid": 15, "middle": 15, "late": 25, "end": 28}
_DAY_MONTH = re.compile(
    rf"(?:\bthe\s)?(?<![\d.])(?P<d>\d{{1,2}}){_ORD}?(?:\sof)?[\s-]?(?P<m>{_MONTH})(?![a-z]){_YEAR}")
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH})[\s-]?(?:the\s)?(?P<d>\d{{1,2}})(?![\d.])(?:{_ORD}(?![a-z]))?{_NOT_A_UNIT}{_YEAR}")
_MONTH_ONLY = re.compile(
    rf"(?:\b(?P<part>early|mid|middle|late|(?:the\s)?(?:start|beginning|middle|end)\sof)[\s-]?)?"
    rf"\b(?P<m>{_MONTH})(?![a-z]){_YEAR}")
_THE_DAY = re.compile(rf"\b(?:since|from|on)\sthe\s(?P<d>\d{{1,2}}){_ORD}(?![a-z])")
_ISO_DATE = re.compile(r"(?<![\d.])(?P<y>[12]\d{3})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d.])")
_NUMERIC_DATE = re.compile(
    rf"(?<![\d./])(?P<a>\d{{1,2}})(?P<sep>[/.-])(?P<b>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?(?![\d/.])"
    rf"{_NOT_A_UNIT}")
_RELATIVE = re.compile(
    r"\b(?:the\sday\sbefore\syesterday|yesterday|last\snight|today|this\smorning|tonight|last\sweek"
    r"|last\smonth|last\syear|tomorrow|next\s(?:week|month|year))\b")
_RELATIVE_DAYS = {"the day before yesterday": 2, "yesterday": 1, "last night": 1, "today": 0,
                  "this morning": 0, "tonight": 0, "last week": 7, "last month": DAYS_PER_MONTH,
                  "last year": WEEKS_PER_YEAR * 7}
_WEEKDAY = re.compile(r"\b(?:last\s)?(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HOLIDAY = re.compile(r"\b(?P<h>christmas|xmas|new\syear(?:'?s)?(?:\s(?:day|eve))?)\b")
_YEAR_ONLY = re.compile(rf"\b(?:since|from|in)\s(?P<y>[12]\d{{3}})(?![\d.]){_NOT_A_UNIT}")
# A date is a start only after "since", "from" or "started/began ... (on|in)".
_TRIGGER = re.compile(
    r"(?:\bsince|\bfrom|\b(?:start|started|starting|began|begun|begin)(?:\s[a-z']+){0,3}?(?:\s(?:on|in|around|about))?)"
    r"\s?(?:the\s)?$")


def _month_no(word: str) -> int:
    return ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec").index(word[:3]) + 1


def _latest(today: date, month: int, day: int, year: Optional[int]) -> Tuple[Optional[date], Optional[str]]:
    """The date, or with no year the most recent one not after today; or a problem code."""
    if year is not None:
        try:
            return date(year, month, day), None
        except ValueError:
            return None, UNCLEAR
    for y in range(today.year, today.year - 9, -1):  # back far enough to find a 29 February
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        if d <= today:
            return d, None
    return None, UNCLEAR


def _latest_day(today: date, day: int) -> Tuple[Optional[date], Optional[str]]:
    """'since the 3rd': the most recent 3rd of a month, not after today."""
    y, m = today.year, today.month
    for _ in range(13):
        try:
            d = date(y, m, day)
            if d <= today:
                return d, None
        except ValueError:
            pass
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return None, UNCLEAR


def _year(s: Optional[str]) -> Optional[int]:
    if not s:
        return None
    return int(s) + 2000 if len(s) == 2 else int(s)


def _scan_dates(t: _Text, today: date, need_trigger: bool) -> List[_Item]:
    items: List[_Item] = []

    def has_trigger(m: re.Match) -> bool:
        return _TRIGGER.search(t.text[max(0, m.start() - 45):m.start()]) is not None

    def add(m: re.Match, found: Tuple[Optional[date], Optional[str]]) -> None:
        when, problem = found
        days = (today - when).days if when else 0
        if when and days < 0:
            problem = OUT_OF_RANGE
        add_weeks(m, max(days, 0) / 7, problem)

    def add_weeks(m: re.Match, weeks: float, problem: Optional[str] = None) -> None:
        items.append(_Item("duration", weeks, m.start(), m.end(), "date", problem=problem,
                           triggered=has_trigger(m) or m.group().startswith(("since", "from", "in"))))

    def accept(m: re.Match) -> bool:
        return not need_trigger or has_trigger(m)

    for m in t.take(_ISO_DATE, accept):
        add(m, _latest(today, int(m.group("m")), int(m.group("d")), int(m.group("y"))))
    for m in t.take(_DAY_MONTH, accept):
        add(m, _latest(today, _month_no(m.group("m")), int(m.group("d")), _year(m.group("y"))))
    for m in t.take(_MONTH_DAY, accept):
        add(m, _latest(today, _month_no(m.group("m")), int(m.group("d")), _year(m.group("y"))))

    def month_accept(m: re.Match) -> bool:  # "may" is a month only in a date-like context
        if m.group("m") == "may" and not (m.group("part") or m.group("y") or has_trigger(m)):
            return False
        return accept(m)

    for m in t.take(_MONTH_ONLY, month_accept):
        part = (m.group("part") or "start").split()
        day = _PART_DAY.get(part[-2] if part[-1] == "of" else part[-1], 1)
        add(m, _latest(today, _month_no(m.group("m")), day, _year(m.group("y"))))
    for m in t.take(_THE_DAY):
        add(m, _latest_day(today, int(m.group("d"))))
    for m in t.take(_NUMERIC_DATE, lambda m: (m.group("sep") == "/" or m.group("y")) and accept(m)):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= 12 and b <= 12 and a != b:
            add_weeks(m, 0, AMBIGUOUS)
            continue
        day, month = (a, b) if a > 12 else (b, a)
        add(m, _latest(today, month, day, _year(m.group("y"))))
    for m in t.take(_RELATIVE, accept):
        word = m.group()
        if word.startswith(("tomorrow", "next")):
            add_weeks(m, 0, OUT_OF_RANGE)
        else:
            add_weeks(m, _RELATIVE_DAYS[word] / 7)
    for m in t.take(_WEEKDAY, accept):
        add_weeks(m, ((today.weekday() - _WEEKDAYS.index(m.group("w"))) % 7 or 7) / 7)
    for m in t.take(_HOLIDAY, accept):
        month, day = (12, 25) if m.group("h") in ("christmas", "xmas") else (1, 1)
        add(m, _latest(today, month, day, None))
    for m in t.take(_YEAR_ONLY):
        add(m, _latest(today, 1, 1, int(m.group("y"))))
    return items
