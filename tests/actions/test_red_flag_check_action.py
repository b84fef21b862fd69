"""The hand-off after "yes, it's happening now": the flag the question asked about is recorded."""
from __future__ import annotations

from rasa_sdk import Tracker
from sqlalchemy import select

from actions.escalation import ActionRecordEscalation
from actions.tracker_facts import confirmed_check
from storage.database import session_scope
from storage.records import Handoff
from tests.actions.conftest import tracker_from


def _tracker(first: str, asked: str, answer_intent: str = "affirm") -> Tracker:
    events = [
        {"event": "action", "timestamp": 1.0, "name": "action_listen"},
        {"event": "user", "timestamp": 2.0, "text": first, "parse_data": {"intent": {"name": "red_flag_check"}}},
        {"event": "action", "timestamp": 3.0, "name": asked},
        {"event": "action", "timestamp": 4.0, "name": "action_listen"},
        {"event": "user", "timestamp": 5.0, "text": "/affirm", "parse_data": {"intent": {"name": answer_intent}}},
    ]
    latest = {"text": "/affirm", "intent": {"name": answer_intent, "confidence": 1.0}, "entities": []}
    return Tracker("patient-check", {"red_flag": "chest_pain", "red_flag_pending_level": "emergency"}, latest,
                   events, False, None, {}, "action_listen")


def test_a_yes_to_the_check_records_the_flag_of_the_earlier_messages_reading(database, dispatcher, monkeypatch):
    monkeypatch.setattr("bot.reading.scan", _no_scan)  # both messages carry the NLU's reading
    events = ActionRecordEscalation().run(dispatcher, tracker_from("red_flag_check_read"), {})
    with session_scope() as session:
        handoff = session.execute(select(Handoff)).scalar_one()
    assert handoff.triage_level == "emergency" and handoff.summary["red_flag_evidence"] == {"chest_pain": "chest pain"}
    assert {"event": "slot", "name": "triage_level", "value": "emergency", "timestamp": None} in events


def _no_scan(text):
    raise AssertionError("the action server scanned a text the NLU had read")


def test_a_yes_to_the_check_records_the_recent_flag(database, dispatcher):
    """Without readings (messages parsed before they existed) the texts are read on the action server."""
    events = ActionRecordEscalation().run(dispatcher, _tracker("last night I had chest pain", "utter_red_flag_check"),
                                          {})
    with session_scope() as session:
        handoff = session.execute(select(Handoff)).scalar_one()
    assert handoff.triage_level == "emergency" and "chest_pain" in handoff.triage_reasons
    assert handoff.summary["red_flag_evidence"] == {"chest_pain": "chest pain"}
    assert {"event": "slot", "name": "triage_level", "value": "emergency", "timestamp": None} in events


def test_a_yes_to_another_question_is_no_confirmation():
    assert confirmed_check(_tracker("last night I had chest pain", "action_answer_faq")) is None
    assert confirmed_check(_tracker("last night I had chest pain", "utter_red_flag_check", "deny")) is None
    asked_about = confirmed_check(_tracker("last night I had chest pain", "utter_red_flag_check"))
    assert asked_about["text"] == "last night I had chest pain"
