"""Related questions under a knowledge answer, and tapping one (``/ask_topic{"topic": ...}``).

Real actions over a real SQLite store loaded from knowledge/articles.
"""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_buttons import PAYLOAD_LIMIT, answer_buttons, ask_topic_payload
from actions.faq import MISSING, ActionAnswerFaq
from knowledge.answers import answer_for_topic, format_answer
from knowledge.related import Related, related_topics
from storage.database import session_scope
from tests.actions.conftest import tracker_from

MORE = [("Tell me more", "/tell_more"), ("No, thanks", "/deny")]


def buttons(dispatcher):
    [message] = dispatcher.messages
    return [(b["title"], b["payload"]) for b in message.get("buttons") or []]


def last_topic(events):
    [value] = [e["value"] for e in events if e.get("name") == "last_topic"]
    return value


def faq(intent):
    """The FAQ button for ``intent`` ("/ask_flare_rate"): it names its topic (a typed question is searched)."""
    return tracker_from("mild_flare_complete", latest_message={
        "text": f"/{intent}", "intent": {"name": intent, "confidence": 1.0}, "entities": []})


def tap(entities):
    """The related-question fixture, with the latest payload's entities replaced."""
    return tracker_from("related_question_tap", latest_message={
        "text": "/ask_topic", "intent": {"name": "ask_topic", "confidence": 1.0}, "entities": entities})


def test_an_faq_answer_offers_more_then_the_articles_own_related_questions(database, dispatcher):
    ActionAnswerFaq().run(dispatcher, faq("ask_flare_rate"), {})
    # flare_rate.md: related: [flare_duration, flare_meaning, prevention], in that order, titled by their articles
    assert buttons(dispatcher) == MORE + [
        ("When does a flare start, and how long does it last?", '/ask_topic{"topic":"flare_duration"}'),
        ("Is a flare a good or a bad sign?", '/ask_topic{"topic":"flare_meaning"}'),
        ("Can a flare be prevented?", '/ask_topic{"topic":"prevention"}'),
    ]


def test_tapping_a_related_question_answers_that_article(database, dispatcher):
    events = ActionAnswerFaq().run(dispatcher, tracker_from("related_question_tap"), {})
    assert last_topic(events) == "flare_meaning"  # so "tell me more" continues the new answer
    with session_scope() as session:
        expected = format_answer(answer_for_topic(session, "flare_meaning"))
    assert dispatcher.messages[0]["text"] == expected and "Source: " in expected
    assert buttons(dispatcher)[:2] == MORE
    assert [p for _, p in buttons(dispatcher)[2:]] == [ask_topic_payload(t) for t in ("flare_rate", "mechanism", "severe_flare")]


def test_without_a_related_list_the_related_questions_are_computed(database):
    with session_scope() as session:
        first = related_topics(session, "alcohol")
        again = related_topics(session, "alcohol")
        titles = {topic: answer_for_topic(session, topic) for topic in [r.topic for r in first]}
    assert first == again and 1 <= len(first) <= 3  # deterministic, and something to offer
    assert all(r.topic != "alcohol" and titles[r.topic].title == r.title for r in first)


@pytest.mark.parametrize("value", ["no_such_topic", "'; DROP TABLE knowledge_articles; --", "x" * 500, 42, ""])
def test_a_tap_on_a_missing_or_odd_topic_gets_a_kind_reply(database, dispatcher, value):
    events = ActionAnswerFaq().run(dispatcher, tap([{"entity": "topic", "value": value}]), {})
    assert dispatcher.messages[0]["text"] == MISSING and not dispatcher.messages[0].get("buttons")
    assert last_topic(events) is None
    with session_scope() as session:  # nothing was harmed
        assert answer_for_topic(session, "flare_rate") is not None


def test_an_ask_topic_payload_without_a_topic_is_declined_not_guessed(database, dispatcher):
    events = ActionAnswerFaq().run(dispatcher, tap([]), {})
    assert "don't have a checked answer" in dispatcher.messages[0]["text"] and last_topic(events) is None


def test_a_typed_question_the_classifier_filed_as_ask_topic_is_searched_not_guessed(database, dispatcher):
    tracker = tracker_from("mild_flare_complete", latest_message={
        "text": "can i get my legs waxed while im on roaccutane", "intent": {"name": "ask_topic", "confidence": 0.8},
        "entities": []})
    events = ActionAnswerFaq().run(dispatcher, tracker, {})
    assert last_topic(events) == "waxing" and "Source: " in dispatcher.messages[0]["text"]


def test_a_payload_too_long_for_telegram_is_not_offered():
    long_key = "a" * 60
    offered = answer_buttons([Related("dose", "My dose"), Related(long_key, "Long")])
    assert [b["payload"] for b in offered] == ["/tell_more", "/deny", '/ask_topic{"topic":"dose"}']
    assert all(len(b["payload"].encode()) <= PAYLOAD_LIMIT for b in offered)
