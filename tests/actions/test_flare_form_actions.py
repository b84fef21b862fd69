import asyncio

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func, select

from actions.escalation import ActionHandoff, ActionRecordEscalation
from actions.faq import ActionAnswerFaq, ActionTellMore
from actions.flare_form import ActionSubmitFlare, ValidateFlareForm
from storage.database import session_scope
from storage.records import FlareReport, Handoff
from tests.actions.conftest import tracker_from


def messages(dispatcher):
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def count(model):
    with session_scope() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_submit_stores_one_report_and_sets_the_level(database, dispatcher):
    tracker = tracker_from("mild_flare_complete")
    events = ActionSubmitFlare().run(dispatcher, tracker, {})
    assert {"event": "slot", "name": "triage_level", "value": "self_care", "timestamp": None} in events
    assert "15%" in messages(dispatcher)
    ActionSubmitFlare().run(dispatcher, tracker, {})  # a retried action: still one row
    assert count(FlareReport) == 1
    assert count(Handoff) == 0


def test_submit_keeps_an_earlier_red_flag(database, dispatcher):
    tracker = tracker_from("mild_flare_complete", slots={"triage_reasons": ["pregnancy"]})
    ActionSubmitFlare().run(dispatcher, tracker, {})
    with session_scope() as session:
        report = session.execute(select(FlareReport)).scalar_one()
        assert report.triage_level == "urgent" and "pregnancy" in report.triage_reasons
    assert count(Handoff) == 1


def test_submit_counts_the_red_flag_codes_the_nlu_found(database, dispatcher):
    tracker = tracker_from("mild_flare_complete", slots={"red_flag_codes": ["pregnancy"]})
    ActionSubmitFlare().run(dispatcher, tracker, {})
    with session_scope() as session:
        assert session.execute(select(FlareReport)).scalar_one().triage_level == "urgent"


def test_submit_with_missing_dose_is_never_self_care(database, dispatcher):
    tracker = tracker_from("mild_flare_complete", slots={"daily_dose_mg": None})
    events = ActionSubmitFlare().run(dispatcher, tracker, {})
    assert any(e.get("name") == "triage_level" and e["value"] == "doctor_soon" for e in events)


def test_escalation_records_the_evidence_for_the_clinic(database, dispatcher):
    ActionRecordEscalation().run(dispatcher, tracker_from("red_flag_mid_form"), {})
    with session_scope() as session:
        handoff = session.execute(select(Handoff)).scalar_one()
    assert handoff.trigger == "red_flag" and handoff.triage_level == "urgent"
    assert "skin_breakdown" in handoff.summary["red_flag_evidence"]
    assert "Prednisone" in handoff.summary_text  # weight 64 kg → 32–64 mg/day
    assert "32–64 mg/day" in handoff.summary_text
    assert "clinic" in messages(dispatcher)


def test_handoff_on_request_tells_the_patient_what_happens(database, dispatcher, monkeypatch):
    monkeypatch.setenv("FLARECARE_CLINIC_HOURS", "weekdays 8–6")
    ActionHandoff().run(dispatcher, tracker_from("mild_flare_complete"), {})
    assert "weekdays 8–6" in messages(dispatcher)
    assert count(Handoff) == 1


def test_faq_answer_and_tell_more(database, dispatcher):
    tracker = tracker_from("mild_flare_complete", latest_message={
        "text": "is it normal to break out when you start accutane", "intent": {"name": "ask_flare_rate", "confidence": 0.9}})
    events = ActionAnswerFaq().run(dispatcher, tracker, {})
    assert events[0]["name"] == "last_topic" and events[0]["value"] == "flare_rate"
    short = messages(dispatcher)
    assert "15%" in short and "Source" in short
    more_dispatcher = CollectingDispatcher()
    ActionTellMore().run(more_dispatcher, tracker_from("mild_flare_complete", slots={"last_topic": "flare_rate"}), {})
    assert len(messages(more_dispatcher)) > len(short)


def _validate(dispatcher, slot, value, intent="inform", confidence=0.95, attempts=None):
    tracker = tracker_from(
        "mild_flare_complete",
        slots={slot: value, "requested_slot": slot, "form_attempts": attempts},
        latest_message={"text": str(value), "intent": {"name": intent, "confidence": confidence}, "entities": []},
        active_loop={"name": "flare_form"},
        events=[{"event": "slot", "name": slot, "value": value}],
    )
    return asyncio.run(ValidateFlareForm().run(dispatcher, tracker, {"slots": {}, "forms": {"flare_form": {"required_slots": [slot]}}}))


def test_validation_converts_stone(dispatcher):
    events = _validate(dispatcher, "weight_kg", "9 stone 4")
    assert events[0]["value"] == 58.97


def test_validation_rejects_impossible_weight_with_a_reask(dispatcher):
    events = _validate(dispatcher, "weight_kg", "900 kg")
    assert events[0]["value"] is None
    assert "out of range" in messages(dispatcher)


def test_question_mid_form_is_answered_then_the_form_goes_on(database, dispatcher):
    events = _validate(dispatcher, "treatment_week", "how long will this flare last?", intent="ask_flare_duration")
    assert events[0]["value"] is None
    assert "Source" in messages(dispatcher) and "back to your flare" in messages(dispatcher)


def test_second_bad_answer_gets_examples_and_third_offers_the_clinic(dispatcher):
    first = _validate(dispatcher, "weight_kg", "heavy-ish")
    assert first[-1]["name"] == "form_attempts" and first[-1]["value"] == {"weight_kg": 1}
    second = _validate(dispatcher, "weight_kg", "heavy-ish", attempts={"weight_kg": 1})
    assert "9 stone 4" in dispatcher.messages[-1]["text"]
    third = _validate(dispatcher, "weight_kg", "heavy-ish", attempts={"weight_kg": 2})
    assert {"event": "slot", "name": "requested_slot", "value": None, "timestamp": None} in third
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/request_human"
    assert second[0]["value"] is None


def test_flags_from_earlier_messages_combine_and_raise_the_level(database, dispatcher):
    tracker = tracker_from(
        "red_flag_mid_form",
        slots={"triage_level": "urgent", "red_flag_codes": ["systemic_symptoms"], "red_flags_seen": ["blistering_rash"]},
        latest_message={"text": "I've had a fever of 38.8 since last night", "intent": {"name": "red_flag_urgent", "confidence": 1.0}},
    )
    events = ActionRecordEscalation().run(dispatcher, tracker, {})
    assert "EMERGENCY" in dispatcher.messages[0]["text"] and "911" in dispatcher.messages[0]["text"]
    slots = {e["name"]: e["value"] for e in events}
    assert slots["triage_level"] == "emergency"
    assert slots["red_flags_seen"] == ["blistering_rash", "systemic_symptoms"]


def test_no_extra_warning_when_the_level_is_not_raised(database, dispatcher):
    ActionRecordEscalation().run(dispatcher, tracker_from("red_flag_mid_form"), {})
    assert len(dispatcher.messages) == 1 and "⚠️" not in dispatcher.messages[0]["text"]


def test_same_without_an_earlier_report_is_treated_as_a_question(database, dispatcher):
    from actions.returning_patient import ActionFlareProgress

    tracker = tracker_from("mild_flare_complete", latest_message={
        "text": "is generic isotretinoin the same as roaccutane", "intent": {"name": "flare_same", "confidence": 0.91}})
    ActionFlareProgress().run(dispatcher, tracker, {})
    assert "Source" in messages(dispatcher)  # answered from the store (brand names), not a follow-up


def _answer_to_another_question(dispatcher, asking, text, entities, attempts=None):
    """The form asks ``asking``; the patient's ``text`` also sets the slots in ``entities`` (slot -> value)."""
    slots = {slot: None for slot in ("flare_extent", "skin_breakdown", "systemic_symptoms", "treatment_week",
                                     "flare_duration_weeks", "daily_dose_mg", "weight_kg")}
    slots.update(entities, requested_slot=asking, form_attempts=attempts)
    slots[asking] = text
    tracker = tracker_from(
        "mild_flare_complete",
        slots=slots,
        latest_message={"text": text, "intent": {"name": "inform", "confidence": 1.0}, "entities": []},
        active_loop={"name": "flare_form"},
        events=[
            {"event": "slot", "name": "requested_slot", "value": asking},
            {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform", "confidence": 1.0}}},
            *({"event": "slot", "name": slot, "value": value} for slot, value in entities.items()),
            {"event": "slot", "name": asking, "value": text},
        ],
    )
    domain = {"slots": {}, "forms": {"flare_form": {"required_slots": list(slots)[:7]}}}
    events = asyncio.run(ValidateFlareForm().run(dispatcher, tracker, domain))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_dose_given_for_the_extent_is_kept_confirmed_and_not_a_failed_answer(dispatcher):
    slots = _answer_to_another_question(dispatcher, "flare_extent", "20 mg", {"daily_dose_mg": 20.0})
    assert slots["daily_dose_mg"] == 20.0 and slots["flare_extent"] is None
    assert "form_attempts" not in slots
    assert messages(dispatcher) == "Thanks, noted your daily dose: 20 mg."


def test_a_weight_as_the_third_answer_to_the_extent_does_not_give_up(dispatcher):
    slots = _answer_to_another_question(
        dispatcher, "flare_extent", "165 lbs", {"weight_kg": 74.84}, attempts={"flare_extent": 2})
    assert slots["weight_kg"] == 74.84
    assert "requested_slot" not in slots and "form_attempts" not in slots  # the form goes on asking
    assert messages(dispatcher) == "Thanks, noted your weight: 74.84 kg."


def test_an_answer_that_fills_nothing_still_counts_and_the_third_gives_up(dispatcher):
    slots = _answer_to_another_question(dispatcher, "flare_extent", "no idea", {}, attempts={"flare_extent": 2})
    assert slots["requested_slot"] is None and slots["form_attempts"] == {"flare_extent": 3}
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/request_human"


def test_an_answer_to_the_question_and_another_fills_both_and_notes_the_other(dispatcher):
    slots = _answer_to_another_question(
        dispatcher, "treatment_week", "6 weeks in on 40mg", {"treatment_week": 6.0, "daily_dose_mg": 40.0})
    assert slots["treatment_week"] == 6.0 and slots["daily_dose_mg"] == 40.0
    assert messages(dispatcher) == "Thanks, noted your daily dose: 40 mg."


def test_an_impossible_value_for_another_question_is_not_an_answer(dispatcher):
    slots = _answer_to_another_question(
        dispatcher, "flare_extent", "900 kg", {"weight_kg": 900.0}, attempts={"flare_extent": 1})
    assert slots["weight_kg"] is None and slots["form_attempts"]["flare_extent"] == 2
    assert "Thanks, noted" not in messages(dispatcher)
