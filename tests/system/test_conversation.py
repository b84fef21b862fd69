"""Whole conversations against the running servers over HTTP (REST channel)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, text

from bot.contract import READING_KEY
from bot.reading import read_message
from tests.conftest import new_sender, texts

MILD_EARLY_ANSWERS = ["mild", "no", "no", "6 weeks", "about 2 weeks", "40mg", "70 kg"]


def report_rows(assistant, sender):
    engine = create_engine(f"sqlite:///{assistant.data_dir / 'flarecare.db'}")
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT triage_level, weight_kg, daily_dose_mg FROM flare_reports WHERE sender_id = :s"),
            {"s": sender},
        ).all()


def handoff_rows(assistant, sender):
    engine = create_engine(f"sqlite:///{assistant.data_dir / 'flarecare.db'}")
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT trigger, triage_level, summary_text FROM handoffs WHERE sender_id = :s"), {"s": sender}
        ).all()


def run_form(assistant, sender, answers):
    replies = []
    for answer in answers:
        replies = assistant.say(sender, answer)
    return replies


def test_faq_answer_cites_its_source(assistant):
    reply = texts(assistant.say(new_sender(), "how common is it to break out on accutane?"))
    assert "15%" in reply
    assert "Source" in reply


def test_mild_early_flare_ends_in_self_care_and_is_stored(assistant):
    sender = new_sender()
    opening = texts(assistant.say(sender, "my acne has got way worse since starting isotretinoin"))
    assert "How bad is the flare" in opening
    final = texts(run_form(assistant, sender, MILD_EARLY_ANSWERS))
    assert "15%" in final and "0.57 mg/kg/day" in final
    slots = assistant.tracker(sender)["slots"]
    assert slots["triage_level"] == "self_care"
    assert slots["weight_kg"] == 70.0 and slots["daily_dose_mg"] == 40.0
    assert report_rows(assistant, sender) == [("self_care", 70.0, 40.0)]


def test_open_sores_answer_is_urgent_with_a_handoff(assistant):
    sender = new_sender()
    assistant.say(sender, "I'm breaking out badly")
    final = texts(run_form(assistant, sender, ["severe", "yes", "no", "8 weeks", "3 weeks", "2x20mg", "9 stone 4"]))
    assert "URGENT" in final
    assert assistant.tracker(sender)["slots"]["triage_level"] == "urgent"
    assert report_rows(assistant, sender)[0][0] == "urgent"
    trigger, level, summary = handoff_rows(assistant, sender)[0]
    assert (trigger, level) == ("triage", "urgent")
    assert "Prednisone" in summary  # guideline figures go to the clinician ...
    assert "rednisone" not in final  # ... never to the patient


def test_units_are_converted_and_bad_answers_re_asked(assistant):
    sender = new_sender()
    assistant.say(sender, "can you check my flare")
    for answer in ["moderate", "no", "no", "three weeks", "a fortnight"]:
        assistant.say(sender, answer)
    reask = texts(assistant.say(sender, "4000 mg"))
    assert "out of range" in reask and "milligrams" in reask
    assistant.say(sender, "twenty milligrams")
    assistant.say(sender, "150 lbs")
    slots = assistant.tracker(sender)["slots"]
    assert slots["daily_dose_mg"] == 20.0
    assert abs(slots["weight_kg"] - 68.0) < 0.1
    assert slots["flare_duration_weeks"] == 2.0


def test_red_flag_mid_form_escalates_at_once(assistant):
    sender = new_sender()
    assistant.say(sender, "I'm flaring, can you check")
    assistant.say(sender, "mild")
    reply = texts(assistant.say(sender, "no, but honestly I don't want to be here anymore"))
    assert reply.startswith("⚠️") and "988" in reply
    tracker = assistant.tracker(sender)
    assert tracker["active_loop"] == {} or tracker["active_loop"].get("name") is None
    assert tracker["slots"]["triage_level"] == "emergency"
    assert "suicidal_thoughts" in tracker["slots"]["triage_reasons"]  # the hand-off's triage reasons
    assert "suicidal_thoughts" in tracker["slots"]["red_flag_codes"]  # the NLU's codes
    assert handoff_rows(assistant, sender)[0][:2] == ("red_flag", "emergency")


def test_the_nlus_reading_reaches_the_tracker_the_actions_get(assistant):
    """Rasa sends the action server the tracker's current state, which this endpoint returns: the
    reading is in latest_message and in the user event's parse_data (kept by the tracker store)."""
    sender = new_sender()
    message = "last night I had chest pain, I'm on 40mg"
    assistant.say(sender, message)
    tracker = assistant.tracker(sender)
    expected = read_message(message, date.today()).to_dict()
    assert tracker["latest_message"][READING_KEY] == expected
    [user] = [e for e in tracker["events"] if e["event"] == "user"]
    assert user["parse_data"][READING_KEY] == expected
    assert expected["red_flags"]["to_ask"]["code"] == "chest_pain"
    reply = texts(assistant.say(sender, "yes"))  # the hand-off reads the flag from that first reading
    assert "⚠️" in reply and handoff_rows(assistant, sender)[0][:2] == ("red_flag", "emergency")


def test_negated_symptom_is_not_escalated(assistant):
    reply = texts(assistant.say(new_sender(), "no fever and I'm not pregnant, just wondering how long the purge lasts"))
    assert "⚠️" not in reply


def test_request_human_creates_a_handoff(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, "can I talk to a real person please"))
    assert "clinic" in reply
    assert handoff_rows(assistant, sender)[0][0] == "patient_request"


def test_opening_message_prefills_the_form(assistant):
    sender = new_sender()
    assistant.say(sender, "I'm 6 weeks in on 40mg and breaking out badly")
    slots = assistant.tracker(sender)["slots"]
    assert slots["treatment_week"] == 6.0 and slots["daily_dose_mg"] == 40.0
    asked = texts(run_form(assistant, sender, ["moderate", "no", "no", "10 days"]))
    assert "weight" in asked  # dose and treatment week are not asked again
    final = texts(assistant.say(sender, "11 stone"))
    assert "15%" in final


def test_question_mid_form_is_answered_and_the_form_resumes(assistant):
    sender = new_sender()
    assistant.say(sender, "please check my flare")
    reply = texts(assistant.say(sender, "how long does the purge usually last?"))
    assert "Source" in reply and "How bad is the flare" in reply


def test_stop_cancels_the_form_cleanly(assistant):
    sender = new_sender()
    assistant.say(sender, "check my breakout")
    assistant.say(sender, "mild")
    reply = texts(assistant.say(sender, "never mind, stop"))
    assert "stopped the questions" in reply
    tracker = assistant.tracker(sender)
    assert not tracker["active_loop"].get("name")
    assert tracker["slots"]["flare_extent"] == "mild"  # nothing already given is lost


def test_repeated_unusable_answers_offer_the_clinic(assistant):
    sender = new_sender()
    assistant.say(sender, "check my flare")
    run_form(assistant, sender, ["mild", "no", "no", "6 weeks", "2 weeks", "40 mg"])
    assistant.say(sender, "heavy")
    second = texts(assistant.say(sender, "quite heavy"))
    assert "9 stone 4" in second
    third = assistant.say(sender, "very heavy")
    assert "go round in circles" in texts(third)
    assert assistant.tracker(sender)["slots"]["triage_level"] == "doctor_soon"


def test_returning_patient_is_followed_up_and_a_long_flare_escalates(assistant):
    sender = new_sender()
    assistant.say(sender, "my skin is flaring")
    run_form(assistant, sender, ["mild", "no", "no", "6 weeks", "5 weeks", "40mg", "70 kg"])
    engine = create_engine(f"sqlite:///{assistant.data_dir / 'flarecare.db'}")
    with engine.begin() as connection:  # the first check was four weeks ago
        connection.execute(
            text("UPDATE flare_reports SET created_at = datetime('now', '-28 days') WHERE sender_id = :s"),
            {"s": sender},
        )
    greeting = texts(assistant.say(sender, "hello again"))
    assert "Welcome back" in greeting and "mild flare" in greeting
    reply = texts(assistant.say(sender, "/flare_same"))
    assert "about 9 weeks" in reply and "within the next few days" in reply
    assert assistant.tracker(sender)["slots"]["triage_level"] == "doctor_soon"
    assert [row[0] for row in report_rows(assistant, sender)] == ["self_care", "doctor_soon"]


def test_new_patient_gets_no_follow_up_question(assistant):
    assert "Welcome back" not in texts(assistant.say(new_sender(), "hi"))
