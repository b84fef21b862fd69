"""A long conversation against the real servers: the tracker store reads only recent turns
(runtime/tracker_window.py), and nothing said before them may be lost or stored twice."""
from __future__ import annotations

from runtime.tracker_window import RECENT_USER_TURNS
from tests.conftest import new_sender, texts

FAQS = [
    "how common is it to break out on accutane?",
    "how long does the purge usually last?",
    "is a flare a good sign that it's working?",
    "what skincare should I use while on isotretinoin?",
]


def test_answers_given_before_the_recent_turns_still_count(assistant):
    sender = new_sender()
    sent = ["can you check my flare", "moderate", "no"]
    for message in sent:
        assistant.say(sender, message)
    # More questions mid-form than the store reads back: the first answers are now only in its summary.
    questions = [FAQS[i % len(FAQS)] for i in range(RECENT_USER_TURNS + 2)]
    for question in questions:
        assert texts(assistant.say(sender, question)).strip(), question
    rest = ["no", "6 weeks", "about 2 weeks", "40mg", "70 kg"]
    replies = [assistant.say(sender, message) for message in rest]
    sent += questions + rest

    tracker = assistant.tracker(sender)  # the HTTP API reads the whole conversation
    slots = tracker["slots"]
    assert (slots["flare_extent"], slots["skin_breakdown"], slots["systemic_symptoms"]) == ("moderate", False, False)
    assert (slots["treatment_week"], slots["daily_dose_mg"], slots["weight_kg"]) == (6.0, 40.0, 70.0)
    assert slots["triage_level"] in {"doctor_soon", "self_care"}
    # Every message stored once, in the order it was sent.
    assert [e["text"] for e in tracker["events"] if e["event"] == "user"] == sent
