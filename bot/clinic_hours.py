"""Clinic opening hours: is the clinic open now, and when does it next open?

Configured by two settings (read once at start, so a mistake stops the
servers at start rather than a patient's hand-off):

* ``FLARECARE_CLINIC_OPEN`` — weekly hours, groups separated by ``;``::

      Mon-Fri 09:00-17:00
      Mon-Thu 08:30-12:30 13:30-17:00; Fri 08:30-15:00; Sat 10:00-12:00

  Days: ``Mon`` … ``Sun`` (or full names, any case), ranges ``Mon-Fri``
  (``Fri-Mon`` wraps), lists ``Mon,Wed,Fri``. Times: 24-hour ``HH:MM``; a range
  includes its opening minute and excludes its closing one; ``24:00`` closes at
  midnight. Overnight hours are written as two ranges
  (``Mon 22:00-24:00; Tue 00:00-06:00``) and read as one. Unlisted days are
  closed. Public holidays are not modelled.
* ``FLARECARE_CLINIC_TZ`` — the clinic's IANA time zone (``Europe/London``),
  required with ``FLARECARE_CLINIC_OPEN``: a silent UTC default would tell
  patients the wrong thing for hours every day.

Without ``FLARECARE_CLINIC_OPEN`` the bot only quotes the free text of
``FLARECARE_CLINIC_HOURS`` (as before); with it, that text is optional and
defaults to a description of the structured hours.

Pure functions over plain data; the only clock is the ``now`` passed in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import List, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import settings

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
RANGE = re.compile(r"^([^-]+)-([^-]+)$")


class ClinicHoursError(ValueError):
    """The opening-hours configuration cannot be understood; the message says how to fix it."""


@dataclass(frozen=True)
class OpeningHours:
    spec: str
    timezone: ZoneInfo
    # Open stretches in minutes from Monday 00:00, merged across midnight, sorted.
    stretches: Tuple[Tuple[int, int], ...]
    # Per weekday (0 = Monday), the (start, end) minutes of the day as configured.
    days: Tuple[Tuple[Tuple[int, int], ...], ...]


@dataclass(frozen=True)
class ClinicStatus:
    open_now: bool
    # Clinic-local: when it closes (open) or next opens (closed); None if open around the clock.
    next_change: Optional[datetime]


def _day(token: str, group: str) -> int:
    word = token.strip().lower()
    word = {"weds": "wed"}.get(word, word)
    for index, name in enumerate(DAY_NAMES):
        if len(word) >= 3 and name.lower().startswith(word):  # mon, tues, thurs, friday, ...
            return index
    raise ClinicHoursError(f"'{token.strip()}' in '{group}' is not a day; write Mon, Tue, Wed, Thu, Fri, Sat or Sun")


def _days(token: str, group: str) -> List[int]:
    days: List[int] = []
    for part in token.split(","):
        if not part.strip():
            raise ClinicHoursError(f"empty day in '{group}'")
        match = RANGE.match(part.strip())
        if match:
            first, last = _day(match.group(1), group), _day(match.group(2), group)
            days.extend((first + offset) % 7 for offset in range((last - first) % 7 + 1))
        else:
            days.append(_day(part, group))
    return days


def _minutes(token: str, group: str, closing: bool) -> int:
    match = TIME.match(token.strip())
    if not match:
        raise ClinicHoursError(f"'{token.strip()}' in '{group}' is not a time; write 24-hour HH:MM, e.g. 09:00 or 17:30")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if (hours, minutes) == (24, 0) and closing:
        return MINUTES_PER_DAY
    if hours > 23 or minutes > 59:
        raise ClinicHoursError(f"'{token.strip()}' in '{group}' is not a time of day (00:00 to 23:59, or 24:00 to close)")
    return hours * 60 + minutes


def _range(token: str, group: str) -> Tuple[int, int]:
    match = RANGE.match(token)
    if not match:
        raise ClinicHoursError(f"'{token}' in '{group}' is not a time range; write e.g. 09:00-17:00")
    start, end = _minutes(match.group(1), group, False), _minutes(match.group(2), group, True)
    if end <= start:
        raise ClinicHoursError(
            f"'{token}' in '{group}' closes before it opens; for overnight hours write two ranges, "
            "e.g. 'Mon 22:00-24:00; Tue 00:00-06:00'"
        )
    return start, end


def parse_opening_hours(spec: str, timezone: str) -> OpeningHours:
    """Parse ``FLARECARE_CLINIC_OPEN`` and ``FLARECARE_CLINIC_TZ``; raise ClinicHoursError if either is wrong."""
    try:
        zone = ZoneInfo((timezone or "").strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ClinicHoursError(
            f"'{timezone}' is not a time zone; use an IANA name such as Europe/London or America/New_York"
            " (if it is one, this system lacks time zone data: install tzdata)"
        ) from None
    per_day: List[List[Tuple[int, int]]] = [[] for _ in DAY_NAMES]
    groups = [group.strip() for group in (spec or "").split(";") if group.strip()]
    if not groups:
        raise ClinicHoursError("no opening hours given; write e.g. 'Mon-Fri 09:00-17:00'")
    for group in groups:
        normal = re.sub(r"\s*,\s*", ",", re.sub(r"\s*[-–—]\s*", "-", group))  # "Mon – Fri 9:00 - 17:00"
        tokens = normal.split()
        ranges = [_range(token, group) for token in ",".join(tokens[1:]).split(",") if token]
        if not ranges:
            raise ClinicHoursError(f"'{group}' needs days and hours, e.g. 'Mon-Fri 09:00-17:00'")
        for day in _days(tokens[0], group):
            per_day[day].extend(ranges)
    for day, ranges in enumerate(per_day):
        ranges.sort()
        for (_, end), (start, _) in zip(ranges, ranges[1:]):
            if start < end:
                raise ClinicHoursError(f"the hours given for {DAY_NAMES[day]} overlap")
    stretches: List[List[int]] = []
    for day, ranges in enumerate(per_day):
        for start, end in ranges:
            start, end = day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end
            if stretches and stretches[-1][1] == start:
                stretches[-1][1] = end  # e.g. Mon 22:00-24:00 then Tue 00:00-06:00
            else:
                stretches.append([start, end])
    return OpeningHours(
        spec=spec.strip(),
        timezone=zone,
        stretches=tuple((start, end) for start, end in stretches),
        days=tuple(tuple(ranges) for ranges in per_day),
    )


def from_environment(environ: Optional[Mapping[str, str]] = None) -> Optional[OpeningHours]:
    """The structured hours from the environment, None if not configured; ClinicHoursError if wrong."""
    configured = settings.load(environ)
    spec = (configured.clinic_open or "").strip()
    if not spec:
        return None
    timezone = (configured.clinic_tz or "").strip()
    if not timezone:
        raise ClinicHoursError(
            "FLARECARE_CLINIC_OPEN needs FLARECARE_CLINIC_TZ, the clinic's time zone (e.g. Europe/London)"
        )
    try:
        return parse_opening_hours(spec, timezone)
    except ClinicHoursError as error:
        raise ClinicHoursError(f"FLARECARE_CLINIC_OPEN / FLARECARE_CLINIC_TZ: {error}") from None


def _at(week_start: date, minute: int, zone: ZoneInfo) -> datetime:
    day, minute = divmod(minute, MINUTES_PER_DAY)
    return datetime.combine(week_start + timedelta(days=day), time(minute // 60, minute % 60), tzinfo=zone)


def status_at(hours: OpeningHours, now: datetime) -> ClinicStatus:
    """Open or closed at ``now`` (timezone-aware), and when that changes."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local = now.astimezone(hours.timezone)
    week_start = local.date() - timedelta(days=local.weekday())
    minute = local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute
    stretches = list(hours.stretches)
    always_open = stretches == [(0, MINUTES_PER_WEEK)]
    # Look at last week's, this week's and next week's stretches, so wrapping needs no special case.
    around = [(s + shift, e + shift) for shift in (-MINUTES_PER_WEEK, 0, MINUTES_PER_WEEK) for s, e in stretches]
    # A stretch ending at Sunday 24:00 continues into one starting at Monday 00:00.
    merged: List[List[int]] = []
    for start, end in around:
        if merged and merged[-1][1] == start:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    for start, end in merged:
        if start <= minute < end:
            return ClinicStatus(True, None if always_open else _at(week_start, end, hours.timezone))
    upcoming = min(start for start, _ in merged if start > minute)
    return ClinicStatus(False, _at(week_start, upcoming, hours.timezone))


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _when(moment: datetime, now: datetime) -> Tuple[str, str]:
    """('today' | 'tomorrow' | weekday, clock time), relative to ``now`` in the clinic's zone."""
    days = (moment.date() - now.astimezone(moment.tzinfo).date()).days
    if days == 0:
        return "today", _clock(moment)
    if days == 1:
        return "tomorrow", _clock(moment)
    return DAY_NAMES[moment.weekday()], _clock(moment)


def patient_text(hours: OpeningHours, now: datetime) -> str:
    """One sentence for the patient: "The clinic is closed now; they'll reply from Monday 9:00."."""
    status = status_at(hours, now)
    if status.next_change is None:
        return "The clinic is open now."
    day, clock = _when(status.next_change, now)
    moment = {"today": clock, "tomorrow": f"{clock} tomorrow"}.get(day, f"{day} {clock}")
    if status.open_now:
        return f"The clinic is open now, until {moment}."
    return f"The clinic is closed now; they'll reply from {clock + ' today' if day == 'today' else moment}."


def describe(hours: OpeningHours) -> str:
    """The hours in words: "Monday to Friday 9:00–17:00; Saturday 10:00–12:00"."""
    def ranges_text(ranges: Tuple[Tuple[int, int], ...]) -> str:
        def clock(minute: int) -> str:
            return "24:00" if minute == MINUTES_PER_DAY else f"{minute // 60}:{minute % 60:02d}"
        return ", ".join(f"{clock(start)}–{clock(end)}" for start, end in ranges)

    parts: List[str] = []
    day = 0
    while day < 7:
        if not hours.days[day]:
            day += 1
            continue
        last = day
        while last + 1 < 7 and hours.days[last + 1] == hours.days[day]:
            last += 1
        if last == day:
            days = DAY_NAMES[day]
        elif last == day + 1:
            days = f"{DAY_NAMES[day]} and {DAY_NAMES[last]}"
        else:
            days = f"{DAY_NAMES[day]} to {DAY_NAMES[last]}"
        parts.append(f"{days} {ranges_text(hours.days[day])}")
        day = last + 1
    return "; ".join(parts)
