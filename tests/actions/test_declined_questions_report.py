"""Every question the knowledge search declines reaches the clinic report's list, grouped and masked.

Through the real actions (each way a decline can happen) into the real report
(``clinic.report.build_report`` + ``clinic.render.to_markdown``), on SQLite.
"""
from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import text

from actions.faq import ActionAnswerFaq
from actions.knowledge_search import ActionSearchKnowledge
from bot.clarify import CLARIFY, OFF_TOPIC
from clinic.render import UNANSWERED_NOTE, to_markdown
from clinic.report import build_report
from storage.database import get_engine, session_scope
from tests.actions.conftest import tracker_from

COVID = "does the covid vaccine have side effects"


def asked(sender, text, intent="out_of_scope", ranking=None, at=1.0):
    tracker = tracker_from("mild_flare_complete", sender_id=sender, latest_message={
        "text": text, "intent": {"name": intent, "confidence": 0.6}, "intent_ranking": ranking or [], "entities": []})
    tracker.events.append({"event": "user", "timestamp": at, "text": text})  # one event per question: its own key
    return tracker


def report():
    with session_scope() as session:
        built = build_report(session, tracker_url=None, days=1)
        return built, to_markdown(built, images={})


def test_every_decline_is_counted_grouped_and_masked_without_patient_ids(database):
    ActionSearchKnowledge().run(CollectingDispatcher(), asked("pat-one-1111", f"{COVID}?"), {})
    ActionSearchKnowledge().run(CollectingDispatcher(), asked("pat-two-2222", f"Does the COVID vaccine have side effects"), {})
    # Unsure classifier with a likely topic: "Did you mean …?" — the search declined, so it counts.
    unsure = CollectingDispatcher()
    ActionSearchKnowledge().run(unsure, asked("pat-three-3333", "can i take metformin too, ring me on 07700 900123",
                                              intent="nlu_fallback",
                                              ranking=[{"name": "ask_dose", "confidence": 0.5}]), {})
    assert unsure.messages[0]["text"] == CLARIFY
    # A typed question the classifier filed as ask_topic, searched and declined.
    ActionAnswerFaq().run(CollectingDispatcher(), asked("pat-four-4444", "what's the best phone to buy right now",
                                                        intent="ask_topic"), {})
    # Answered questions and button taps are not declines.
    ActionSearchKnowledge().run(CollectingDispatcher(), asked("pat-five-5555", "can i get my legs waxed on roaccutane"), {})
    ActionAnswerFaq().run(CollectingDispatcher(), tracker_from("related_question_tap"), {})

    built, markdown = report()
    assert built.unanswered == 4
    assert built.top_unanswered == [
        (f"Does the COVID vaccine have side effects", 2),
        ("can i take metformin too, ring me on [number]", 1),
        ("what's the best phone to buy right now", 1),
    ]
    assert "can i take metformin too, ring me on [number]" in markdown and "07700" not in markdown
    assert UNANSWERED_NOTE in markdown  # and the clinic is told what the list is for
    assert not any(sender in markdown for sender in ("pat-one", "pat-two", "pat-three", "pat-four", "pat-five"))


def test_a_retried_action_counts_its_question_once(database):
    tracker = asked("pat-six-6666", COVID)
    ActionSearchKnowledge().run(CollectingDispatcher(), tracker, {})
    ActionSearchKnowledge().run(CollectingDispatcher(), tracker, {})  # Rasa retried the same turn
    assert report()[0].top_unanswered == [(COVID, 1)]


def test_a_failure_to_record_does_not_cost_the_patient_their_reply(database, caplog):
    with get_engine(database).begin() as connection:  # the table refuses every write, as a full disk would
        connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON unanswered_questions "
                                "BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    dispatcher = CollectingDispatcher()
    ActionSearchKnowledge().run(dispatcher, asked("pat-seven-7777", COVID), {})
    assert dispatcher.messages[0]["text"] == OFF_TOPIC  # the decline an out_of_scope question gets
    assert "could not record an unanswered question" in caplog.text and "covid" not in caplog.text.lower()
