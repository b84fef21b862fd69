from datetime import datetime, timedelta, timezone

import pytest

from bot.follow_up import follow_up_triage, ongoing_facts, weeks_between
from bot.triage import FlareFacts

PREVIOUS = FlareFacts(6, 40, 70, "mild", False, False, 5)


def test_weeks_between_handles_naive_sqlite_datetimes():
    now = datetime(2026, 11, 25, tzinfo=timezone.utc)
    assert weeks_between(datetime(2026, 11, 11), now) == pytest.approx(2)
    assert weeks_between(now + timedelta(days=3), now) == 0.0  # clock skew never goes negative


def test_flare_past_8_weeks_across_visits_is_doctor_soon():
    result = follow_up_triage(PREVIOUS, 4, "same")  # 5 + 4 = 9 weeks
    assert result.level == "doctor_soon" and "flare_over_8_weeks" in result.reasons


def test_flare_within_8_weeks_stays_self_care():
    assert follow_up_triage(PREVIOUS, 2, "same").level == "self_care"


def test_better_needs_no_triage():
    assert follow_up_triage(PREVIOUS, 20, "better") is None


def test_red_flags_of_the_last_report_still_count():
    previous = FlareFacts(6, 40, 70, "mild", True, False, 1)
    assert follow_up_triage(previous, 0.5, "worse").level == "urgent"


def test_treatment_week_moves_on():
    assert ongoing_facts(PREVIOUS, 3).treatment_week == 9


def test_unknown_progress_is_rejected():
    with pytest.raises(ValueError):
        follow_up_triage(PREVIOUS, 1, "sideways")
