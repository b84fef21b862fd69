"""bot/clarify.py: which topics "Did you mean …?" offers."""
import pytest

from bot.clarify import OFFERS, SOMETHING_ELSE, TALK_TO_CLINIC, clarifying_buttons, clarifying_offers


def ranking(*pairs):
    return [{"name": "nlu_fallback", "confidence": 0.65}] + [{"name": n, "confidence": c} for n, c in pairs]


def offered(*pairs):
    return [offer.intent for offer in clarifying_offers(ranking(*pairs))]


def test_the_two_likeliest_topics_are_offered_best_first():
    assert offered(("ask_flare_duration", 0.45), ("ask_flare_rate", 0.3), ("ask_diet", 0.2)) == [
        "ask_flare_duration", "ask_flare_rate"]


def test_a_weak_runner_up_is_left_out():
    assert offered(("ask_dose", 0.55), ("ask_diet", 0.1)) == ["ask_dose"]


def test_nothing_is_offered_when_no_guess_is_likely_enough():
    assert offered(("ask_diet", 0.15), ("ask_skin_care", 0.12)) == []


@pytest.mark.parametrize("top", ["greet", "out_of_scope", "deny", "inform", "stop", "flare_same", "red_flag_urgent"])
def test_intents_that_are_not_topics_are_never_offered(top):
    assert offered((top, 0.5), ("ask_prevention", 0.3)) == ["ask_prevention"]


def test_only_the_top_two_guesses_are_considered():
    assert offered(("out_of_scope", 0.4), ("greet", 0.3), ("ask_diet", 0.25)) == []


@pytest.mark.parametrize("bad", [None, [], [None, "x", 3], [{"name": "ask_diet"}], [{"name": "ask_diet", "confidence": "high"}]])
def test_malformed_rankings_offer_nothing(bad):
    assert clarifying_offers(bad) == []


def test_buttons_are_the_topics_then_something_else_and_the_clinic():
    buttons = clarifying_buttons(clarifying_offers(ranking(("report_flare", 0.5), ("ask_flare_rate", 0.4))))
    assert buttons == [
        {"title": OFFERS["report_flare"], "payload": "/report_flare"},
        {"title": OFFERS["ask_flare_rate"], "payload": "/ask_flare_rate"},
        SOMETHING_ELSE, TALK_TO_CLINIC,
    ]

