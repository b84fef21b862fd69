"""Corrections mid-form and the clarifying fallback, through the real actions (real SQLite store)."""
from __future__ import annotations

import asyncio
import copy
import json

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.flare_form import ValidateFlareForm
from actions.knowledge_search import ActionSearchKnowledge, ActionSomethingElse
from bot.clarify import CAN_HELP, CLARIFY
from bot.contract import READING_KEY
from bot.reading import Reading
from bot.red_flags import RedFlag, RedFlagScan
from bot.units import Quantity
from storage.analytics import UnansweredQuestion
from storage.database import session_scope
from tests.actions.conftest import TRACKERS, tracker_from

FORM_DOMAIN = {"slots": {}, "forms": {"flare_form": {"required_slots": [
    "flare_extent", "skin_breakdown", "systemic_symptoms", "treatment_week",
    "flare_duration_weeks", "daily_dose_mg", "weight_kg"]}}}
VAGUE = "umm so what about the thing"


def validate(dispatcher, text=None, extracted=None):
    """The correction fixture, optionally with another latest message and the slots its mappings set."""
    changes = {}
    if text is not None:
        base = json.loads((TRACKERS / "correction_mid_form.json").read_text())
        events = [e for e in base["events"] if e["timestamp"] < 1764000004.1]
        events[-1] = dict(events[-1], text=text)
        events.append({"event": "action", "timestamp": 1764000004.1, "name": "action_extract_slots"})
        events += [{"event": "slot", "timestamp": 1764000004.2, "name": k, "value": v} for k, v in extracted.items()]
        changes = dict(events=events, latest_message={"text": text, "intent": {"name": "inform", "confidence": 0.9}},
                       slots={"daily_dose_mg": 40.0, "weight_kg": None, **extracted})
    tracker = tracker_from("correction_mid_form", **changes)
    events = asyncio.run(ValidateFlareForm().run(dispatcher, tracker, copy.deepcopy(FORM_DOMAIN)))
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_corrected_dose_replaces_the_earlier_answer_and_says_so(dispatcher):
    slots = validate(dispatcher)
    assert slots["daily_dose_mg"] == 30.0
    assert slots["weight_kg"] is None  # the correction is not read as a weight; the weight is asked again
    assert "form_attempts" not in slots  # and it does not count as a failed answer
    assert dispatcher.messages[-1]["text"] == "Thanks — I've changed your daily dose from 40 mg to 30 mg."


def test_an_answer_and_a_correction_in_one_message(dispatcher):
    slots = validate(dispatcher, "75kg, and sorry the dose is 30mg not 40", {"weight_kg": 75.0, "daily_dose_mg": 40.0})
    assert (slots["weight_kg"], slots["daily_dose_mg"]) == (75.0, 30.0)


def test_an_unclear_mention_does_not_silently_change_an_earlier_answer(dispatcher):
    slots = validate(dispatcher, "70 kg. they put me up from 20mg to 50mg", {"weight_kg": 70.0, "daily_dose_mg": 50.0})
    assert (slots["weight_kg"], slots["daily_dose_mg"]) == (70.0, 40.0)
    assert not dispatcher.messages


def test_an_impossible_correction_keeps_the_earlier_answer_and_tells_the_patient(dispatcher):
    slots = validate(dispatcher, "actually it's 4000mg", {"daily_dose_mg": 4000.0, "weight_kg": "actually it's 4000mg"})
    assert slots["daily_dose_mg"] == 40.0 and slots["weight_kg"] is None
    assert "out of range" in dispatcher.messages[-1]["text"] and "kept 40 mg" in dispatcher.messages[-1]["text"]


def test_sorry_i_meant_corrects_the_duration_just_given(dispatcher):
    tracker = tracker_from("correction_mid_form")
    base = tracker.events
    # The flare duration was the last question answered; the dose is being asked now.
    events = [e for e in base if e["timestamp"] < 1764000001.0 and e.get("name") != "flare_duration_weeks"]
    events[-1] = dict(events[-1], value="flare_duration_weeks")
    events += [
        {"event": "action", "timestamp": 1764000001.0, "name": "action_listen"},
        {"event": "user", "timestamp": 1764000002.0, "text": "2 weeks"},
        {"event": "slot", "timestamp": 1764000002.2, "name": "flare_duration_weeks", "value": 2.0},
        {"event": "slot", "timestamp": 1764000002.5, "name": "requested_slot", "value": "daily_dose_mg"},
        {"event": "action", "timestamp": 1764000003.0, "name": "action_listen"},
        {"event": "user", "timestamp": 1764000004.0, "text": "sorry I meant 8 weeks"},
        {"event": "slot", "timestamp": 1764000004.3, "name": "daily_dose_mg", "value": "sorry I meant 8 weeks"},
    ]
    tracker = tracker_from(
        "correction_mid_form", events=events,
        latest_message={"text": "sorry I meant 8 weeks", "intent": {"name": "inform", "confidence": 0.9}},
        slots={"requested_slot": "daily_dose_mg", "daily_dose_mg": "sorry I meant 8 weeks", "weight_kg": None},
    )
    events = asyncio.run(ValidateFlareForm().run(dispatcher, tracker, copy.deepcopy(FORM_DOMAIN)))
    slots = {e["name"]: e["value"] for e in events}
    assert slots["flare_duration_weeks"] == 8.0 and slots["daily_dose_mg"] is None
    assert "how long the flare has lasted from 2 weeks to 8 weeks" in dispatcher.messages[-1]["text"]


def unsure(text, ranking):
    return tracker_from("mild_flare_complete", latest_message={
        "text": text, "intent": {"name": "nlu_fallback", "confidence": 0.65},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.65}] + ranking, "entities": []})


def unanswered():
    with session_scope() as session:
        return session.execute(select(UnansweredQuestion.question)).scalars().all()


def test_unsure_and_no_confident_answer_asks_did_you_mean(database, dispatcher):
    ranking = [{"name": "ask_flare_duration", "confidence": 0.45}, {"name": "ask_flare_rate", "confidence": 0.3}]
    ActionSearchKnowledge().run(dispatcher, unsure(VAGUE, ranking), {})
    [message] = dispatcher.messages
    assert message["text"] == CLARIFY
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_flare_duration", "/ask_flare_rate", "/something_else", "/request_human"]
    assert unanswered() == [VAGUE]  # the search declined: counted now, whatever the patient picks next


def test_unsure_without_a_likely_topic_declines_and_records_the_question(database, dispatcher):
    ActionSearchKnowledge().run(dispatcher, unsure(VAGUE, [{"name": "out_of_scope", "confidence": 0.5}]), {})
    assert "don't have a checked answer" in dispatcher.messages[0]["text"]
    assert unanswered() == [VAGUE]


def test_a_confident_knowledge_answer_wins_over_clarifying(database, dispatcher):
    ranking = [{"name": "ask_diet", "confidence": 0.4}]
    events = ActionSearchKnowledge().run(dispatcher, unsure("can i get my legs waxed while im on roaccutane", ranking), {})
    assert events[0]["value"] == "waxing" and "Source: " in dispatcher.messages[0]["text"]


def after_clarifying(reply="/something_else"):
    events = [
        {"event": "action", "timestamp": 1.0, "name": "action_listen"},
        {"event": "user", "timestamp": 2.0, "text": VAGUE},
        {"event": "action", "timestamp": 3.0, "name": "action_search_knowledge"},
        {"event": "bot", "timestamp": 3.1, "text": CLARIFY},
        {"event": "action", "timestamp": 4.0, "name": "action_listen"},
        {"event": "user", "timestamp": 5.0, "text": reply},
    ]
    return tracker_from("mild_flare_complete", events=events, latest_message={
        "text": reply, "intent": {"name": "something_else", "confidence": 1.0}})


def test_something_else_says_what_flarecare_covers_and_offers_the_clinic_without_counting_twice(database, dispatcher):
    ranking = [{"name": "ask_flare_duration", "confidence": 0.45}]
    ActionSearchKnowledge().run(CollectingDispatcher(), unsure(VAGUE, ranking), {})  # "Did you mean …?"
    ActionSomethingElse().run(dispatcher, after_clarifying(), {})
    [message] = dispatcher.messages
    assert message["text"] == CAN_HELP and message["text"].startswith("I can help with")
    assert "/request_human" in [b["payload"] for b in message["buttons"]]
    assert unanswered() == [VAGUE]


def test_something_else_out_of_the_blue_records_nothing(database, dispatcher):
    tracker = tracker_from("mild_flare_complete", latest_message={
        "text": "something else", "intent": {"name": "something_else", "confidence": 0.9}})
    ActionSomethingElse().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == CAN_HELP and unanswered() == []


def _no_scan(text):
    raise AssertionError("the action server scanned a text the NLU had read")


def test_a_correction_is_found_in_the_readings_quantities(dispatcher, monkeypatch):
    """The NLU's reading of "actually it's 30mg not 40" holds the 30 mg; the text is not read again."""
    monkeypatch.setattr("bot.reading.scan", _no_scan)
    monkeypatch.setattr("bot.reading.extract_quantities", _no_scan)
    text = "actually it's 30mg not 40"
    reading = Reading(quantities=(Quantity("dose", 30.0, 14, 18, None),))
    latest = {"text": text, "intent": {"name": "inform", "confidence": 0.93}, "entities": [],
              READING_KEY: reading.to_dict()}
    tracker = tracker_from("correction_mid_form", latest_message=latest)
    events = asyncio.run(ValidateFlareForm().run(dispatcher, tracker, copy.deepcopy(FORM_DOMAIN)))
    assert {e["name"]: e["value"] for e in events}["daily_dose_mg"] == 30.0
    assert dispatcher.messages[-1]["text"] == "Thanks — I've changed your daily dose from 40 mg to 30 mg."


def test_a_description_answers_yes_by_the_codes_of_its_reading(dispatcher, monkeypatch):
    monkeypatch.setattr("bot.reading.scan", _no_scan)
    text = "a couple have crusted over"
    flag = RedFlag("skin_breakdown", "urgent", "crusted over")
    latest = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": [],
              READING_KEY: Reading(red_flags=RedFlagScan(flags=(flag,))).to_dict()}
    events = [{"event": "slot", "timestamp": 1.0, "name": "requested_slot", "value": "skin_breakdown"},
              {"event": "user", "timestamp": 2.0, "text": text},
              {"event": "slot", "timestamp": 3.0, "name": "skin_breakdown", "value": text}]
    tracker = tracker_from("correction_mid_form", latest_message=latest, events=events,
                           slots={"requested_slot": "skin_breakdown", "skin_breakdown": text})
    events = asyncio.run(ValidateFlareForm().run(dispatcher, tracker, copy.deepcopy(FORM_DOMAIN)))
    assert {e["name"]: e["value"] for e in events}["skin_breakdown"] is True
