"""Normalisation (knowledge.text) keeps apart the words that the issue-15 topics tell apart.

Each case is a fold or stem that once sent a question to the wrong article: the analyser runs on
the articles too, so a wrong fold also changes what an article is indexed under.
"""
from __future__ import annotations

import pytest

from knowledge.text import FUNCTION_WORDS, SCENE_WORDS, analyse, one_medicine_name, stem


@pytest.mark.parametrize("word", ["scar", "scars", "scarring", "scarred"])
def test_a_scar_is_not_being_scared(word):
    assert analyse(word) == ["scar"]
    assert analyse("scared") == analyse("worried") == ["worry"]


@pytest.mark.parametrize("text", ["peel", "peels", "a chemical peel"])
def test_a_peel_is_not_dryness(text):
    assert "peel" in analyse(text) and "dry" not in analyse(text)
    assert analyse("peeling lips") == analyse("dry lips")  # peeling skin still is


def test_milk_is_dairy_but_breast_milk_is_not():
    assert analyse("milk") == analyse("dairy") == ["dairy"]  # the diet article: milk and acne
    assert analyse("does it get into breast milk") == ["breastmilk"]
    assert analyse("breast-milk") == analyse("breastmilk")


def test_ipledge_is_the_programme_not_a_contraceptive():
    assert analyse("ipledge") == analyse("i pledge") == analyse("iPLEDGE")
    assert "contraception" not in analyse("what is ipledge")


def test_a_condom_is_contraception():
    """Kept on purpose: condoms are a method (pregnancy prevention); "men"/"guy" tell the men's article apart."""
    assert analyse("condoms") == analyse("contraception")


@pytest.mark.parametrize("word, expected", [("seeing", "see"), ("freeing", "free"), ("running", "run"), ("stopped", "stop")])
def test_stemming_undoubles_consonants_only(word, expected):
    assert stem(word) == expected


@pytest.mark.parametrize(
    "text",
    ["how is my dose worked out", "how do i work out my total dose", "your prescriber works out your dose"],
)
def test_working_out_a_dose_is_calculating_it(text):
    terms = analyse(text)
    assert "calculate" in terms and "exercise" not in terms


@pytest.mark.parametrize("text", ["my joints hurt after working out", "i worked out yesterday", "can i work out at the gym"])
def test_working_out_is_exercise(text):
    assert "exercise" in analyse(text)


def test_making_up_a_dose_is_not_makeup():
    assert "makeup" not in analyse("never take two doses to make up for it")
    assert analyse("make up") == analyse("make-up") == analyse("makeup") == ["makeup"]


def test_a_result_that_came_back_high_is_not_a_relapse():
    assert "relapse" not in analyse("my cholesterol came back high")
    assert "relapse" in analyse("will my acne come back after the course")


def test_blood_fats_are_lipids_not_dietary_fat():
    assert analyse("blood fats") == analyse("fats in the blood") == analyse("cholesterol") == ["lipid"]
    assert analyse("fatty food") == ["fat", "food"]


def test_room_temperature_is_not_a_fever():
    assert "fever" not in analyse("store at room temperature")
    assert analyse("i have a temperature") == analyse("i have a high temperature") == ["fever"]


def test_trying_for_a_baby_is_pregnancy_but_a_baby_alone_is_not():
    assert analyse("trying for a baby") == ["pregnancy"]
    assert "pregnancy" not in analyse("can i breastfeed my baby")


def test_returning_capsules_to_a_pharmacy_is_disposal_not_relapse():
    terms = analyse("return unused capsules to your pharmacist")
    assert "relapse" not in terms and "pharmacy" in terms
    assert analyse("return unused capsules to your pharmacist")[0] == analyse("dispose")[0]


def test_laser_hair_removal_is_laser_not_waxing():
    assert analyse("laser hair removal") == ["laser"]
    assert analyse("hair removal") == analyse("waxing")


def test_a_retinol_cream_is_not_a_vitamin_supplement():
    assert "vitamin" not in analyse("retinol serum")
    assert analyse("vitamin a tablets")[0] == "vitamin"


def test_seeing_results_is_not_a_blood_test():
    assert analyse("when will i start seeing results") == ["when", "start", "see", "result"]


def test_a_capsule_is_not_a_dose():
    assert analyse("where do i store my capsules") == analyse("where do i store my pills")
    assert "dose" not in analyse("where do i store my capsules")
    assert analyse("how many capsules should i take") == ["dose", "take"]  # an amount still is


def test_finishing_the_course_is_not_stopping_it_early():
    assert "stop" not in analyse("just finished my course")
    assert analyse("finished") == analyse("completed")
    assert analyse("quit") == analyse("stop")


def test_a_holiday_is_not_always_sun():
    assert "sun" not in analyse("going on holiday")
    assert "sun" in analyse("a beach holiday")


@pytest.mark.parametrize("word, other", [("call", "name"), ("expect", "common"), ("odd", "common")])
def test_a_word_is_not_taken_over_by_a_synonym_whose_stem_it_shares(word, other):
    assert analyse(word) != [other]


def test_every_name_of_the_medicine_becomes_one_for_the_encoder():
    """The sentence encoder does not know that the brands and slang are isotretinoin."""
    assert one_medicine_name("Can I drink on Roaccutane, tane or accutaine?") == (
        "Can I drink on isotretinoin, isotretinoin or isotretinoin?"
    )
    assert one_medicine_name("an isometric workout with my tanned iso") == "an isometric workout with my tanned isotretinoin"
    assert one_medicine_name("") == ""


def test_a_child_is_another_patient_not_scenery():
    """A question about a child's medicine is not about the patient's course: the child counts as unknown."""
    assert {"kid", "kids", "child", "children"}.isdisjoint(SCENE_WORDS)
    assert "watch" in FUNCTION_WORDS  # "what should I watch out for" asks nothing more specific
