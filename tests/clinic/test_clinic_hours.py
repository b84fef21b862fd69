"""bot/clinic_hours.py: parsing, open/closed at every boundary, the patient's sentence, bad config."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.clinic_hours import (
    ClinicHoursError, describe, from_environment, parse_opening_hours, patient_text, status_at,
)

LONDON = ZoneInfo("Europe/London")
WEEKDAYS = parse_opening_hours("Mon-Fri 09:00-17:00", "Europe/London")


def at(text: str, zone=LONDON) -> datetime:
    """A clinic-local time; 2024-06-03 is a Monday."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


# --- open or closed ------------------------------------------------------------------------------


@pytest.mark.parametrize("moment, open_now", [
    ("2024-06-03 08:59:59", False),  # Monday, a second before opening
    ("2024-06-03 09:00:00", True),  # opening minute included
    ("2024-06-03 12:00:00", True),
    ("2024-06-03 16:59:59", True),
    ("2024-06-03 17:00:00", False),  # closing minute excluded
    ("2024-06-07 16:59:00", True),  # Friday
    ("2024-06-07 17:00:00", False),
    ("2024-06-08 12:00:00", False),  # Saturday
    ("2024-06-09 23:59:59", False),  # Sunday night
    ("2024-06-10 00:00:00", False),  # Monday midnight
])
def test_open_or_closed(moment, open_now):
    assert status_at(WEEKDAYS, at(moment)).open_now is open_now


@pytest.mark.parametrize("moment, expected", [
    ("2024-06-03 08:00", "The clinic is closed now; they'll reply from 9:00 today."),
    ("2024-06-03 09:00", "The clinic is open now, until 17:00."),
    ("2024-06-03 17:00", "The clinic is closed now; they'll reply from 9:00 tomorrow."),
    ("2024-06-06 23:30", "The clinic is closed now; they'll reply from 9:00 tomorrow."),  # Thursday night
    ("2024-06-07 17:00", "The clinic is closed now; they'll reply from Monday 9:00."),  # Friday evening
    ("2024-06-08 10:00", "The clinic is closed now; they'll reply from Monday 9:00."),  # Saturday
    ("2024-06-09 23:59", "The clinic is closed now; they'll reply from 9:00 tomorrow."),  # Sunday night
])
def test_patient_sentence(moment, expected):
    assert patient_text(WEEKDAYS, at(moment)) == expected


def test_now_in_another_zone_is_converted_to_the_clinics():
    # 16:30 UTC on a June Monday is 17:30 in London (BST): closed.
    assert status_at(WEEKDAYS, datetime(2024, 6, 3, 16, 30, tzinfo=timezone.utc)).open_now is False
    # 08:30 UTC is 09:30 in London: open.
    assert status_at(WEEKDAYS, datetime(2024, 6, 3, 8, 30, tzinfo=timezone.utc)).open_now is True
    # New York's view of the same instant does not matter.
    assert status_at(WEEKDAYS, datetime(2024, 6, 3, 4, 30, tzinfo=ZoneInfo("America/New_York"))).open_now is True


def test_next_opening_is_a_clinic_local_time_across_a_dst_change():
    # Friday 27 October 2023 evening; the clocks go back on Sunday 29th.
    status = status_at(WEEKDAYS, at("2023-10-27 18:00"))
    assert status.next_change == datetime(2023, 10, 30, 9, 0, tzinfo=LONDON)
    assert status.next_change.utcoffset() == timedelta(0)  # GMT again
    assert patient_text(WEEKDAYS, at("2023-10-27 18:00")) == "The clinic is closed now; they'll reply from Monday 9:00."


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        status_at(WEEKDAYS, datetime(2024, 6, 3, 12, 0))


# --- richer schedules ----------------------------------------------------------------------------


def test_lunch_break_and_saturday_morning():
    hours = parse_opening_hours("Mon-Thu 08:30-12:30 13:30-17:00; Fri 08:30-15:00; Sat 10:00-12:00", "Europe/London")
    assert status_at(hours, at("2024-06-03 12:30")).open_now is False
    assert patient_text(hours, at("2024-06-03 12:45")) == "The clinic is closed now; they'll reply from 13:30 today."
    assert patient_text(hours, at("2024-06-03 13:30")) == "The clinic is open now, until 17:00."
    assert patient_text(hours, at("2024-06-07 15:00")) == "The clinic is closed now; they'll reply from 10:00 tomorrow."
    assert patient_text(hours, at("2024-06-08 12:00")) == "The clinic is closed now; they'll reply from Monday 8:30."
    assert describe(hours) == (
        "Monday to Thursday 8:30–12:30, 13:30–17:00; Friday 8:30–15:00; Saturday 10:00–12:00"
    )


def test_overnight_written_as_two_ranges_is_one_stretch():
    hours = parse_opening_hours("Mon 22:00-24:00; Tue 00:00-06:00", "Europe/London")
    assert patient_text(hours, at("2024-06-03 23:00")) == "The clinic is open now, until 6:00 tomorrow."
    assert status_at(hours, at("2024-06-04 00:00")).open_now is True
    assert status_at(hours, at("2024-06-04 06:00")).open_now is False
    assert patient_text(hours, at("2024-06-04 07:00")) == "The clinic is closed now; they'll reply from Monday 22:00."


def test_sunday_night_into_monday_wraps_the_week():
    hours = parse_opening_hours("Sun 20:00-24:00; Mon 00:00-02:00", "Europe/London")
    status = status_at(hours, at("2024-06-09 21:00"))  # Sunday
    assert status.open_now and status.next_change == datetime(2024, 6, 10, 2, 0, tzinfo=LONDON)
    assert status_at(hours, at("2024-06-10 01:59")).open_now is True


def test_always_open():
    hours = parse_opening_hours("Mon-Sun 00:00-24:00", "UTC")
    assert status_at(hours, at("2024-06-05 03:00")).next_change is None
    assert patient_text(hours, at("2024-06-05 03:00")) == "The clinic is open now."
    assert describe(hours) == "Monday to Sunday 0:00–24:00"


@pytest.mark.parametrize("spec", [
    "Mon-Fri 09:00-17:00", "mon-fri 9:00-17:00", "Monday-Friday 09:00-17:00", "Mon – Fri 09:00 - 17:00",
    "Mon,Tue,Wed,Thu,Fri 09:00-17:00", "Mon, Tues, Weds, Thurs, Fri 09:00-17:00", " Mon-Fri 09:00-17:00 ; ",
])
def test_spellings_of_the_same_week(spec):
    assert parse_opening_hours(spec, "Europe/London").stretches == WEEKDAYS.stretches


def test_wrapping_day_range():
    hours = parse_opening_hours("Fri-Mon 10:00-14:00", "UTC")
    assert [bool(day) for day in hours.days] == [True, False, False, False, True, True, True]
    assert describe(hours) == "Monday 10:00–14:00; Friday to Sunday 10:00–14:00"


# --- bad configuration: a clear error ------------------------------------------------------------


@pytest.mark.parametrize("spec, words", [
    ("", "no opening hours"),
    ("   ;  ", "no opening hours"),
    ("Mon-Fri", "needs days and hours"),
    ("Mon-Fri 9am-5pm", "'9am' in 'Mon-Fri 9am-5pm' is not a time"),
    ("Mon-Fri 09:00", "is not a time range"),
    ("Mon-Fri 17:00-09:00", "closes before it opens"),
    ("Mon-Fri 09:00-09:00", "closes before it opens"),
    ("Mon-Fri 09:00-25:00", "not a time of day"),
    ("Mon-Fri 09:60-17:00", "not a time of day"),
    ("Mon-Fri 24:00-24:00", "not a time of day"),
    ("Funday 09:00-17:00", "'Funday' in 'Funday 09:00-17:00' is not a day"),
    ("Mo 09:00-17:00", "'Mo' in 'Mo 09:00-17:00' is not a day"),
    ("Mon-Fri 09:00-13:00 12:00-17:00", "the hours given for Monday overlap"),
    ("Mon-Fri 09:00-17:00; Wed 16:00-18:00", "the hours given for Wednesday overlap"),
    ("Mon,,Tue 09:00-17:00", "empty day"),
])
def test_bad_hours_say_what_is_wrong(spec, words):
    with pytest.raises(ClinicHoursError, match=words.replace("(", r"\(")):
        parse_opening_hours(spec, "Europe/London")


@pytest.mark.parametrize("zone", ["Europe/Londn", "GMT+1", "", "../etc/passwd"])
def test_bad_time_zone(zone):
    with pytest.raises(ClinicHoursError, match="is not a time zone"):
        parse_opening_hours("Mon-Fri 09:00-17:00", zone)


def test_environment():
    assert from_environment({}) is None
    assert from_environment({"FLARECARE_CLINIC_HOURS": "weekdays 8-6"}) is None  # free text only, as before
    hours = from_environment({"FLARECARE_CLINIC_OPEN": "Mon-Fri 09:00-17:00", "FLARECARE_CLINIC_TZ": "Europe/Dublin"})
    assert hours.timezone.key == "Europe/Dublin"
    with pytest.raises(ClinicHoursError, match="FLARECARE_CLINIC_OPEN needs FLARECARE_CLINIC_TZ"):
        from_environment({"FLARECARE_CLINIC_OPEN": "Mon-Fri 09:00-17:00"})
    with pytest.raises(ClinicHoursError, match="^FLARECARE_CLINIC_OPEN / FLARECARE_CLINIC_TZ: '9' in 'Mon-Fri 9-5' is not a time"):
        from_environment({"FLARECARE_CLINIC_OPEN": "Mon-Fri 9-5", "FLARECARE_CLINIC_TZ": "UTC"})


def test_every_minute_of_a_week_agrees_with_a_brute_force_reading():
    """Exhaustive: for each minute of a week, open_now matches the schedule read naively."""
    hours = parse_opening_hours("Mon-Thu 08:30-12:30 13:30-17:00; Fri 08:30-15:00; Sat 10:00-12:00", "UTC")
    start = datetime(2024, 6, 3, tzinfo=timezone.utc)  # Monday
    for minute in range(7 * 24 * 60):
        moment = start + timedelta(minutes=minute)
        day, of_day = moment.weekday(), moment.hour * 60 + moment.minute
        expected = any(begin <= of_day < end for begin, end in hours.days[day])
        status = status_at(hours, moment)
        assert status.open_now is expected, moment
        # The next change really is a change, and nothing changes before it.
        assert status_at(hours, status.next_change).open_now is not expected
        if (status.next_change - moment) > timedelta(minutes=1):
            assert status_at(hours, status.next_change - timedelta(minutes=1)).open_now is expected
