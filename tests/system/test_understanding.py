"""What patients actually ask (issues 13 and 14), against the real servers over REST.

Each case was reported from outside: the widget's opening payload fell back, a
question about the initial breakout was not understood or started the flare
check, "do I need to see a doctor" filed a hand-off, off-topic requests were
sent to the clinic, and a weight or dose given for the extent made the form give up.
"""
from __future__ import annotations

import pytest

from bot.clarify import CLARIFY
from tests.conftest import new_sender, texts
from tests.system.test_conversation import handoff_rows

GREETING = "Hi, I'm FlareCare"
FALLBACK = "Sorry, I'm not sure what to do with that"
EXTENT_QUESTION = "How bad is the flare right now?"
FLARE_INTRO = "I'm sorry your skin is flaring"


def latest_intent(assistant, sender):
    return assistant.tracker(sender)["latest_message"]["intent"]["name"]


@pytest.mark.parametrize("opening", ["/get_started", "GET_STARTED"])
def test_the_chat_opening_payload_gets_the_greeting(assistant, opening):
    sender = new_sender()
    reply = texts(assistant.say(sender, opening))
    assert GREETING in reply and FALLBACK not in reply
    assert latest_intent(assistant, sender) == "get_started"


@pytest.mark.parametrize("question", ["what is the initial breakout", "wk 3 on 20mg, is this the IB?"])
def test_an_initial_breakout_question_is_a_question_not_a_flare_report(assistant, question):
    sender = new_sender()
    reply = texts(assistant.say(sender, question))
    assert CLARIFY not in reply and FLARE_INTRO not in reply and EXTENT_QUESTION not in reply
    tracker = assistant.tracker(sender)
    assert not tracker["active_loop"].get("name")
    assert tracker["latest_message"]["intent"]["name"] == "ask_question"  # answered by the knowledge search


def test_do_i_need_a_doctor_is_answered_and_files_no_handoff(assistant):
    sender = new_sender()
    replies = assistant.say(sender, "Do I need to see a doctor for acne?")
    reply = texts(replies)
    assert "Not for a usual early flare" in reply and "today" in reply
    assert "/report_flare" in [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert handoff_rows(assistant, sender) == []


def test_asking_for_a_person_still_files_a_handoff(assistant):
    sender = new_sender()
    assistant.say(sender, "can I talk to a nurse please")
    assert handoff_rows(assistant, sender)[0][0] == "patient_request"


@pytest.mark.parametrize("request_text", ["what's the weather", "book me a flight"])
def test_off_topic_is_declined_without_the_clinic(assistant, request_text):
    sender = new_sender()
    replies = assistant.say(sender, request_text)
    reply = texts(replies)
    assert "outside what I can help with" in reply
    assert "clinic's team can help" not in reply
    payloads = [b["payload"] for r in replies for b in r.get("buttons") or []]
    assert "/request_human" not in payloads and "/report_flare" in payloads
    assert handoff_rows(assistant, sender) == []


def test_a_dose_and_a_weight_given_for_the_extent_are_kept_and_the_form_does_not_give_up(assistant):
    sender = new_sender()
    assistant.say(sender, "check my flare please")
    first = texts(assistant.say(sender, "20 mg"))
    assert "Thanks, noted your daily dose: 20 mg." in first and EXTENT_QUESTION in first
    second = texts(assistant.say(sender, "165 lbs"))
    assert "Thanks, noted your weight: 74.84 kg." in second and EXTENT_QUESTION in second
    third = texts(assistant.say(sender, "6 weeks in"))
    assert "trouble with that one" not in third
    tracker = assistant.tracker(sender)
    assert tracker["active_loop"]["name"] == "flare_form"
    slots = tracker["slots"]
    assert slots["daily_dose_mg"] == 20.0 and slots["weight_kg"] == 74.84 and slots["treatment_week"] == 6.0
    assert not (slots.get("form_attempts") or {}).get("flare_extent")
    final = texts(assistant.say(sender, "mild"))
    assert "Are any of the spots open" in final  # the form carries on with the next question
