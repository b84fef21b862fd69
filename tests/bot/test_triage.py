"""Triage protocol v1: every row, the precedence, and properties over all inputs."""
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.triage import LEVELS, TABLE, FlareFacts, rank, triage

EMERGENCY = ["suicidal_thoughts", "breathing_difficulty", "facial_swelling", "blistering_skin_with_fever",
             "chest_pain", "fainting", "seizure", "overdose"]
URGENT_FLAGS = ["skin_breakdown", "systemic_symptoms", "pregnancy", "mood_change", "severe_headache_vision",
                "severe_stomach_pain", "jaundice", "bloody_diarrhoea", "sudden_hearing_vision_loss",
                "blistering_rash", "vision_problems", "swallowing_problems", "heartburn", "muscle_weakness",
                "high_blood_sugar", "psychosis", "diarrhoea", "allergic_skin_reaction"]

# A mild flare in week 6 that began 2 weeks ago on 40 mg at 70 kg: plain self-care.
MILD_EARLY = FlareFacts(
    treatment_week=6, daily_dose_mg=40, weight_kg=70, flare_extent="mild",
    skin_breakdown=False, systemic_symptoms=False, flare_duration_weeks=2,
)


def test_mild_early_flare_is_self_care():
    result = triage(MILD_EARLY)
    assert result.level == "self_care"
    assert result.reasons == ("early_mild_flare",)


def test_moderate_early_flare_is_self_care():
    assert triage(replace(MILD_EARLY, flare_extent="moderate")).reasons == ("early_moderate_flare",)


@pytest.mark.parametrize("code", EMERGENCY)
def test_each_emergency_flag(code):
    result = triage(replace(MILD_EARLY, red_flags=frozenset({code})))
    assert result.level == "emergency"
    assert result.reasons[0] == code


@pytest.mark.parametrize("code", URGENT_FLAGS)
def test_each_urgent_flag(code):
    result = triage(replace(MILD_EARLY, red_flags=frozenset({code})))
    assert result.level == "urgent"
    assert code in result.reasons


def test_skin_breakdown_answer_is_urgent():
    assert triage(replace(MILD_EARLY, skin_breakdown=True)).reasons == ("skin_breakdown",)


def test_systemic_answer_is_urgent():
    assert triage(replace(MILD_EARLY, systemic_symptoms=True)).reasons == ("systemic_symptoms",)


def test_severe_with_breakdown_is_urgent_not_doctor_soon():
    result = triage(replace(MILD_EARLY, flare_extent="severe", skin_breakdown=True))
    assert result.level == "urgent"
    assert "severe_extent" not in result.reasons


@pytest.mark.parametrize("weeks,level", [(8.0, "self_care"), (8.01, "doctor_soon"), (12, "doctor_soon")])
def test_flare_duration_boundary(weeks, level):
    facts = replace(MILD_EARLY, treatment_week=max(6, weeks), flare_duration_weeks=weeks)
    assert triage(facts).level == level


@pytest.mark.parametrize("week,duration,level", [
    (12, 1, "self_care"),       # began in week 11
    (13, 1, "self_care"),       # began in week 12: still early
    (13.5, 1, "doctor_soon"),   # began in week 12.5
    (20, 2, "doctor_soon"),
])
def test_flare_onset_after_week_12(week, duration, level):
    assert triage(replace(MILD_EARLY, treatment_week=week, flare_duration_weeks=duration)).level == level


def test_severe_extent_alone_is_doctor_soon():
    assert triage(replace(MILD_EARLY, flare_extent="severe")).reasons == ("severe_extent",)


@pytest.mark.parametrize("dose,weight,level", [(70, 70, "self_care"), (71, 70, "doctor_soon"), (80, 40, "doctor_soon")])
def test_dose_above_one_mg_per_kg(dose, weight, level):
    assert triage(replace(MILD_EARLY, daily_dose_mg=dose, weight_kg=weight)).level == level


def test_all_reasons_are_returned_most_severe_first():
    facts = replace(MILD_EARLY, flare_extent="severe", flare_duration_weeks=10, treatment_week=10,
                    daily_dose_mg=90, red_flags=frozenset({"pregnancy", "seizure"}))
    result = triage(facts)
    assert result.level == "emergency"
    levels = [next(r.level for r in TABLE if r.reason == reason) for reason in result.reasons]
    assert levels == sorted(levels, key=rank, reverse=True)
    assert {"seizure", "pregnancy", "flare_over_8_weeks", "severe_extent", "dose_above_range"} <= set(result.reasons)


def test_missing_information_is_never_self_care():
    result = triage(replace(MILD_EARLY, weight_kg=None))
    assert result.level == "doctor_soon"
    assert result.reasons == ("incomplete_information",)


def test_unknown_extent_is_not_self_care():
    assert triage(replace(MILD_EARLY, flare_extent="catastrophic")).level == "doctor_soon"


def test_red_flag_alone_without_form_details():
    assert triage(FlareFacts(red_flags=frozenset({"overdose"}))).level == "emergency"


def test_table_covers_every_red_flag_code():
    from bot.red_flags import EMERGENCY_CODES, URGENT_CODES
    by_level = {level: {r.reason for r in TABLE if r.level == level} for level in LEVELS}
    assert set(EMERGENCY_CODES) == by_level["emergency"] == set(EMERGENCY)
    assert set(URGENT_CODES) <= by_level["urgent"]
    assert set(URGENT_FLAGS) == set(URGENT_CODES)


def test_every_rule_names_a_source():
    assert all(rule.source for rule in TABLE)


maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
facts_strategy = st.builds(
    FlareFacts,
    treatment_week=maybe(st.floats(0, 104)),
    daily_dose_mg=maybe(st.floats(0.5, 200)),
    weight_kg=maybe(st.floats(25, 300)),
    flare_extent=maybe(st.sampled_from(["mild", "moderate", "severe"])),
    skin_breakdown=maybe(st.booleans()),
    systemic_symptoms=maybe(st.booleans()),
    flare_duration_weeks=maybe(st.floats(0, 104)),
    red_flags=st.frozensets(st.sampled_from(EMERGENCY + URGENT_FLAGS)),
)


@settings(max_examples=400, deadline=None)
@given(facts_strategy)
def test_level_is_total_and_reasons_explain_it(facts):
    result = triage(facts)
    assert result.level in LEVELS
    assert result.reasons
    if result.level in ("emergency", "urgent"):
        assert result.reasons[0] in {r.reason for r in TABLE if r.level == result.level}


@settings(max_examples=400, deadline=None)
@given(facts_strategy, st.sampled_from(EMERGENCY + URGENT_FLAGS))
def test_more_red_flags_never_lower_the_level(facts, extra):
    before = triage(facts)
    after = triage(replace(facts, red_flags=facts.red_flags | {extra}))
    assert rank(after.level) >= rank(before.level)


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_answering_yes_to_a_danger_question_never_lowers_the_level(facts):
    for field in ("skin_breakdown", "systemic_symptoms"):
        assert rank(triage(replace(facts, **{field: True})).level) >= rank(triage(facts).level)
        assert rank(triage(replace(facts, **{field: True})).level) >= rank("urgent")


def test_blistering_and_fever_in_separate_messages_is_the_emergency():
    facts = FlareFacts(red_flags=frozenset({"blistering_rash", "systemic_symptoms"}))
    assert triage(facts).level == "emergency"
    assert triage(FlareFacts(red_flags=frozenset({"blistering_rash"}))).level == "urgent"
    assert triage(replace(MILD_EARLY, systemic_symptoms=True, red_flags=frozenset({"blistering_rash"}))).level == "emergency"
