"""Related questions over REST against the real servers: the buttons come with an answer, and a tap answers.

The REST channel returns each button as ``{"title", "payload"}``, exactly what
the widget renders and sends back on a tap.
"""
from __future__ import annotations

from tests.conftest import new_sender, texts


def buttons(replies):
    return [(b["title"], b["payload"]) for reply in replies for b in reply.get("buttons") or []]


def test_tapping_a_related_question_answers_it_and_tell_me_more_follows_it(assistant):
    sender = new_sender()
    first = assistant.say(sender, "/ask_flare_rate")  # the greeting's "Is a flare normal?" button
    offered = buttons(first)
    assert offered[:2] == [("Tell me more", "/tell_more"), ("No, thanks", "/deny")]
    title, payload = offered[3]
    assert (title, payload) == ("Is a flare a good or a bad sign?", '/ask_topic{"topic":"flare_meaning"}')

    tapped = assistant.say(sender, payload)
    assert texts(tapped).startswith("A flare is neither a good nor a bad sign") and "Source: " in texts(tapped)
    assert buttons(tapped)[:2] == [("Tell me more", "/tell_more"), ("No, thanks", "/deny")]
    assert assistant.tracker(sender)["slots"]["last_topic"] == "flare_meaning"
    intent = assistant.tracker(sender)["latest_message"]["intent"]["name"]
    assert intent == "ask_topic"  # the payload, not the classifier, chose the article

    more = texts(assistant.say(sender, "/tell_more"))
    assert "Source: " in more and len(more) > len(texts(tapped))


def test_a_search_answer_offers_related_questions_too(assistant):
    replies = assistant.say(new_sender(), "i forgot to take my capsule last night, what now?")
    assert "Never take two doses" in texts(replies)
    assert any(payload.startswith("/ask_topic") for _, payload in buttons(replies))


def test_a_stale_related_button_gets_a_kind_reply(assistant):
    reply = texts(assistant.say(new_sender(), '/ask_topic{"topic":"no_longer_here"}'))
    assert "don't have a checked answer" in reply and "Traceback" not in reply
