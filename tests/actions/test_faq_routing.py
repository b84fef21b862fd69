"""action_answer_faq, search first (issue 13): a button names its article; a typed question is searched.

Real actions over a real SQLite store loaded from knowledge/articles. The classifier's FAQ intent is
evidence for its topic (knowledge/routing.py), never the answer on its own.
"""
from __future__ import annotations

import pytest

from actions.faq import ActionAnswerFaq
from actions.knowledge_search import NO_CHECKED_ANSWER
from bot.clarify import CLARIFY, OFF_TOPIC
from tests.actions.conftest import tracker_from


def typed(text, intent, confidence=0.99):
    return tracker_from("mild_flare_complete", slots={"last_topic": "sun"}, latest_message={
        "text": text, "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}], "entities": []})


def answer(dispatcher, tracker):
    events = ActionAnswerFaq().run(dispatcher, tracker, {})
    [topic] = [e["value"] for e in events if e.get("name") == "last_topic"]
    [message] = dispatcher.messages
    return topic, message["text"], [b["payload"] for b in message.get("buttons") or []]


@pytest.mark.parametrize("intent, topic", [("ask_flare_rate", "flare_rate"), ("ask_diet", "diet"), ("ask_dose", "dose")])
def test_an_faq_payload_answers_its_own_topic_exactly(database, dispatcher, intent, topic):
    """"/ask_diet" is a button, not a question: nothing to search, its article is the answer."""
    got, text, _ = answer(dispatcher, typed(f"/{intent}", intent, confidence=1.0))
    assert got == topic and "Source: " in text


def test_a_typed_question_the_search_places_elsewhere_gets_the_searchs_article(database, dispatcher):
    """Filed as ask_dose, but it asks for the course total: cumulative_dose, not the dose article."""
    got, text, _ = answer(dispatcher, typed(
        "what total amount of isotretinoin per kilo do I need over the whole course", "ask_dose"))
    assert got == "cumulative_dose" and "Source: " in text


def test_a_typed_question_the_search_agrees_with_gets_that_article(database, dispatcher):
    got, _, _ = answer(dispatcher, typed("is it normal to break out when you start accutane", "ask_flare_rate"))
    assert got == "flare_rate"


@pytest.mark.parametrize("question, intent", [
    ("what's the weather like tomorrow", "ask_lifestyle"),
    ("who won the football last night", "ask_diet"),
    ("👍👍", "ask_flare_rate"),
    ("¿Qué tiempo hará mañana?", "ask_skin_care"),
])
def test_off_topic_filed_under_an_faq_intent_is_declined_without_the_clinic(database, dispatcher, question, intent):
    got, text, payloads = answer(dispatcher, typed(question, intent))
    assert got is None  # "tell me more" must not continue the earlier answer
    assert text == OFF_TOPIC and "outside what I can help with" in text and "clinic" not in text.lower()
    assert "/request_human" not in payloads and "/report_flare" in payloads


def test_a_care_question_the_search_declines_offers_the_classifiers_topic(database, dispatcher):
    """It names the medicine, so it is not off-topic; no article answers it: "Did you mean …?", never a guess."""
    got, text, payloads = answer(dispatcher, typed("can I take metformin with accutane", "ask_diet"))
    assert got is None and text == CLARIFY
    assert payloads[0] == "/ask_diet" and "/request_human" in payloads


def test_a_care_question_without_a_likely_topic_gets_no_checked_answer(database, dispatcher):
    tracker = typed("can I take metformin with accutane", "ask_diet", confidence=0.1)
    got, text, payloads = answer(dispatcher, tracker)
    assert got is None and text == NO_CHECKED_ANSWER and "/request_human" in payloads
