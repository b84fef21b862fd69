"""bot/corrections.py: a patient changing an earlier answer mid-form."""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.corrections import Correction, confirmation, find_corrections, noted
from bot.units import Quantity, extract_quantities

TODAY = date(2026, 11, 25)
# Everything answered except the weight, which is being asked.
ANSWERED = {
    "flare_extent": "moderate", "skin_breakdown": False, "systemic_symptoms": False,
    "treatment_week": 6.0, "flare_duration_weeks": 2.0, "daily_dose_mg": 40.0,
}


def corrections_in(text, answered, asking, last_answered):
    """find_corrections with the quantities a message's reading holds (bot/reading.py)."""
    return find_corrections(text, extract_quantities(text, TODAY), answered, asking, last_answered, TODAY)


def corrected(text, asking="weight_kg", last_answered="daily_dose_mg", answered=ANSWERED):
    return {c.slot: c.new for c in corrections_in(text, answered, asking, last_answered)}


def test_the_quantities_are_the_readings_not_read_again_from_the_text():
    text = "actually it's 30mg"
    assert find_corrections(text, [], ANSWERED, "weight_kg", None, TODAY) == []
    [correction] = find_corrections(text, [Quantity("dose", 30.0, 14, 18, None)], ANSWERED, "weight_kg", None, TODAY)
    assert (correction.slot, correction.new) == ("daily_dose_mg", 30.0)


@pytest.mark.parametrize("text, change", [
    ("actually it's 30mg not 40", {"daily_dose_mg": 30.0}),
    ("actually it's 30mg not 40mg", {"daily_dose_mg": 30.0}),        # the negated value is dropped
    ("not 40mg but 30mg", {"daily_dose_mg": 30.0}),
    ("it's 30 not 40", {"daily_dose_mg": 30.0}),                     # bare numbers: the answer that was 40
    ("oops, I meant 3 x 20mg", {"daily_dose_mg": 60.0}),
    ("I've been on it 10 weeks not 6", {"treatment_week": 10.0}),
    ("the flare has actually been going on 5 weeks", {"flare_duration_weeks": 5.0}),
    ("sorry, I meant severe", {"flare_extent": "severe"}),
    ("actually it's mild, not moderate", {"flare_extent": "mild"}),
])
def test_corrections_are_found(text, change):
    assert corrected(text) == change


def test_a_role_less_duration_with_a_cue_corrects_the_duration_answered_last():
    assert corrected("sorry I meant 8 weeks", asking="daily_dose_mg", last_answered="flare_duration_weeks") == {
        "flare_duration_weeks": 8.0}
    only_treatment = {"treatment_week": 6.0}
    assert corrected("oops, I meant 9 weeks", asking="flare_duration_weeks", last_answered=None,
                     answered=only_treatment) == {"treatment_week": 9.0}


@pytest.mark.parametrize("text", [
    "70 kg",                                   # the answer to the question being asked
    "I'm on 40mg",                             # the same value again
    "8 weeks",                                 # a duration without a cue answers the current question
    "I went up from 20mg to 40mg",             # two new values: not guessed between
    "it's really bad, honestly",               # descriptive extent words never change the extent
    "severe",                                  # a level word without a correction word
    "yes actually there's a fever",            # yes/no answers are not taken back here
    "sorry I meant 8 weeks",                   # two durations answered, neither just now: no guess
    "", "   ", "🙂", "<script>alert(30)</script>", "'; DROP TABLE flare_reports; --", "实际上是30毫克",
])
def test_no_correction(text):
    assert corrected(text) == {}


def test_the_question_being_asked_is_never_corrected():
    assert corrected("sorry, 60 kg not 50", asking="weight_kg", answered={**ANSWERED, "weight_kg": 50.0}) == {}


def test_an_unanswered_question_is_not_corrected_but_left_to_the_form():
    assert corrected("actually 30mg", answered={"flare_extent": "mild"}) == {}


def test_an_impossible_value_keeps_the_earlier_answer_and_says_why():
    [correction] = corrections_in("actually it's 4000mg", ANSWERED, "weight_kg", None)
    assert correction == Correction("daily_dose_mg", 40.0, None, correction.problem)
    assert correction.kept == 40.0
    text = confirmation([correction])
    assert "out of range" in text and "kept 40 mg" in text


def test_confirmation_names_what_changed_in_plain_words():
    text = confirmation(corrections_in(
        "sorry, 30mg not 40, and I've been on it 10 weeks not 6", ANSWERED, "weight_kg", None))
    assert text == ("Thanks — I've changed your daily dose from 40 mg to 30 mg "
                    "and how long you've been taking it from 6 weeks to 10 weeks.")


def test_a_very_long_message_is_handled():
    assert corrected("actually " * 2000 + "30mg not 40") == {"daily_dose_mg": 30.0}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_and_only_touches_answered_questions(text):
    for correction in corrections_in(text, ANSWERED, "weight_kg", "daily_dose_mg"):
        assert correction.slot in ANSWERED and correction.slot != "weight_kg"
        assert correction.new is None or correction.new != ANSWERED[correction.slot]


def test_noted_names_each_answer_with_its_unit():
    assert noted({"weight_kg": 75.0}) == "Thanks, noted your weight: 75 kg."
    assert noted({"daily_dose_mg": 20.0, "treatment_week": 3.0}) == (
        "Thanks, noted your daily dose: 20 mg and how long you've been taking it: 3 weeks."
    )
