"""bot/form_slots.py: every flare-form slot, good, bad and hostile answers."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.flare_form import FORM_SLOTS
from bot.form_slots import GIVE_UP, MAX_ATTEMPTS, check_slot
from bot.reading import read_message
from bot.units import LIMITS

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("slot,answer,value", [
    ("daily_dose_mg", "twenty milligrams", 20.0),
    ("daily_dose_mg", "2x20mg", 40.0),
    ("daily_dose_mg", 40.0, 40.0),              # from an entity
    ("weight_kg", "9 stone 4", 58.97),
    ("weight_kg", "150 lbs", 68.04),
    ("weight_kg", 70, 70.0),
    ("treatment_week", "since mid-October", 5.9),
    ("treatment_week", "about 2 months", 8.7),
    ("flare_duration_weeks", "a fortnight", 2.0),
    ("flare_duration_weeks", "10 days", 1.4),
    ("flare_extent", "mild", "mild"),
    ("flare_extent", "huge painful cysts everywhere", "severe"),
    ("skin_breakdown", "no", False),
    ("skin_breakdown", "yes", True),
    ("systemic_symptoms", "nope", False),
    ("systemic_symptoms", True, True),          # from the red-flag entity
])
def test_usable_answers(slot, answer, value):
    check = check_slot(slot, answer, TODAY)
    assert check.ok and check.reask is None
    assert check.value == pytest.approx(value) if isinstance(value, float) else check.value == value


@pytest.mark.parametrize("slot,text", [
    ("skin_breakdown", "a couple have crusted over and bleed"),
    ("systemic_symptoms", "no fever but my knees ache a lot"),
])
def test_a_description_is_a_yes_by_the_red_flag_codes_of_its_reading(slot, text):
    codes = read_message(text, TODAY).red_flags.codes
    assert check_slot(slot, text, TODAY, red_flags=codes).value is True
    assert check_slot(slot, text, TODAY).value is None  # the text alone is not scanned for flags


def test_another_questions_red_flag_is_not_a_yes():
    assert check_slot("skin_breakdown", "hmm", TODAY, red_flags=("systemic_symptoms",)).value is None


@pytest.mark.parametrize("slot,answer,words", [
    ("daily_dose_mg", "4000 mg", "out of range"),
    ("daily_dose_mg", "60kg", "not a dose"),
    ("daily_dose_mg", 4000.0, "out of range"),
    ("weight_kg", "900 kg", "out of range"),
    ("weight_kg", "40mg", "not a weight"),
    ("weight_kg", -70.0, "out of range"),
    ("weight_kg", float("nan"), "out of range"),
    ("treatment_week", "300 weeks", "doesn't look right"),
    ("flare_duration_weeks", "banana", "couldn't tell"),
    ("flare_extent", "purple", "options"),
    ("skin_breakdown", "maybe", "yes or no"),
    ("weight_kg", None, "couldn't read"),
    ("weight_kg", True, "couldn't read"),
])
def test_unusable_answers_get_a_specific_reask(slot, answer, words):
    check = check_slot(slot, answer, TODAY)
    assert check.value is None and not check.give_up
    assert words in check.reask


def test_second_attempt_adds_examples_third_gives_up():
    first = check_slot("weight_kg", "lots", TODAY, attempt=1)
    second = check_slot("weight_kg", "lots", TODAY, attempt=2)
    third = check_slot("weight_kg", "lots", TODAY, attempt=MAX_ATTEMPTS)
    assert "9 stone 4" not in first.reask and "9 stone 4" in second.reask
    assert third.give_up and third.reask == GIVE_UP


def test_a_good_answer_is_taken_even_after_failures():
    assert check_slot("weight_kg", "62kg", TODAY, attempt=MAX_ATTEMPTS).value == 62.0


def test_unknown_slot_is_a_programming_error():
    with pytest.raises(KeyError):
        check_slot("shoe_size", "9", TODAY)


HOSTILE = ["", " ", "x" * 10_000, "😀😀😀", "<script>alert(1)</script>", "'; DROP TABLE flare_reports;--",
           "पचास किलो", "NaN", "inf", "1e309", "\x00\x07", "-5", "٣٠ mg"]


@pytest.mark.parametrize("slot", FORM_SLOTS)
@pytest.mark.parametrize("answer", HOSTILE)
def test_hostile_answers_never_raise_and_never_store_junk(slot, answer):
    check = check_slot(slot, answer, TODAY)
    if check.ok:
        assert slot in ("weight_kg", "daily_dose_mg", "treatment_week", "flare_duration_weeks")
        assert isinstance(check.value, float)
    else:
        assert check.reask


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FORM_SLOTS), st.one_of(st.text(max_size=200), st.floats(allow_nan=True), st.integers()))
def test_any_answer_gives_a_value_in_range_or_a_reask(slot, answer):
    check = check_slot(slot, answer, TODAY)
    assert check.ok != bool(check.reask)
    limits = {"daily_dose_mg": "dose_mg", "weight_kg": "weight_kg", "treatment_week": "weeks",
              "flare_duration_weeks": "weeks"}
    if check.ok and slot in limits:
        low, high = LIMITS[limits[slot]]
        assert low <= check.value <= high
