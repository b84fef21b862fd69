"""action_search_knowledge: answers from the store only when confident, otherwise says so and offers the clinic."""
from __future__ import annotations

import logging

import pytest
from rasa_sdk.executor import CollectingDispatcher

import encoder

from actions.faq import ActionTellMore
from actions.knowledge_search import NO_CHECKED_ANSWER, STORE_UNAVAILABLE, ActionSearchKnowledge
from bot.clarify import OFF_TOPIC
from bot.contract import QUERY_VECTOR_KEY
from knowledge import vectors
from knowledge.content import SHORT_ANSWER_MAX_WORDS, count_words
from knowledge.query_vector import pack, query_text
from knowledge.search import answer_for_topic
from storage.database import session_scope
from tests.actions.conftest import tracker_from

SECRET = "zq-marker-7731"


def ask(text, intent="nlu_fallback", confidence=0.4, **slots):
    return tracker_from(
        "mild_flare_complete",
        latest_message={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
        slots=slots,
    )


def run(dispatcher, tracker):
    return ActionSearchKnowledge().run(dispatcher, tracker, {})


def last_topic(events):
    values = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == "last_topic"]
    assert len(values) == 1
    return values[0]


def payloads(dispatcher):
    return [b["payload"] for m in dispatcher.messages for b in (m.get("buttons") or [])]


@pytest.mark.parametrize(
    "question, topic",
    [
        ("i forgot to take my capsule last night, what now?", "missed_dose"),
        ("can i get my legs waxed while im on roaccutane", "waxing"),
        ("is it safe to have a couple of beers on accutane", "alcohol"),
        ("do I have to fast before my bloods?", "blood_tests"),
    ],
)
def test_a_confident_hit_is_answered_with_its_source(database, dispatcher, question, topic):
    events = run(dispatcher, ask(question, intent="out_of_scope", confidence=0.7))
    assert last_topic(events) == topic
    [message] = dispatcher.messages
    with session_scope() as session:
        answer = answer_for_topic(session, topic)
    assert message["text"].startswith(answer.short_answer)
    assert count_words(answer.short_answer) <= SHORT_ANSWER_MAX_WORDS
    assert "Source: " in message["text"] and all(citation in message["text"] for citation in answer.sources)
    assert payloads(dispatcher)[:2] == ["/tell_more", "/deny"]
    assert all(p.startswith('/ask_topic{"topic":') for p in payloads(dispatcher)[2:])  # its related questions


def test_tell_me_more_after_a_search_answer_gives_the_long_text(database, dispatcher):
    events = run(dispatcher, ask("what spf should i wear on holiday"))
    topic = last_topic(events)
    more = CollectingDispatcher()
    ActionTellMore().run(more, ask("tell me more", intent="tell_more", confidence=0.99, last_topic=topic), {})
    with session_scope() as session:
        answer = answer_for_topic(session, topic)
    assert more.messages[0]["text"].startswith(answer.long_answer) and "Source: " in more.messages[0]["text"]


@pytest.mark.parametrize(
    "question",
    ["what's the weather like tomorrow", "book me a flight to malaga", "can you book me a taxi", "asdfghjkl", "🙂🙂🙂"],
)
def test_off_topic_is_declined_with_what_the_bot_does_and_no_clinic(database, dispatcher, question):
    events = run(dispatcher, ask(question, intent="out_of_scope", confidence=0.9, last_topic="sun"))
    assert last_topic(events) is None  # "tell me more" must not continue the earlier answer
    [message] = dispatcher.messages
    assert message["text"] == OFF_TOPIC and "outside what I can help with" in message["text"]
    assert "clinic" not in message["text"].lower()
    assert "/request_human" not in payloads(dispatcher) and "/report_flare" in payloads(dispatcher)


@pytest.mark.parametrize(
    "question, intent",
    [
        ("how does metformin work", "ask_question"),
        ("does the covid vaccine have side effects", "ask_question"),
        ("is my insurance going to cover the blood tests", "nlu_fallback"),
    ],
)
def test_a_care_question_without_a_checked_answer_is_declined_with_the_way_to_the_clinic(
    database, dispatcher, question, intent
):
    events = run(dispatcher, ask(question, intent=intent, confidence=0.9, last_topic="sun"))
    assert last_topic(events) is None
    [message] = dispatcher.messages
    assert message["text"] == NO_CHECKED_ANSWER
    assert "/request_human" in payloads(dispatcher)


@pytest.mark.parametrize("text", ["", None, "   ", "/out_of_scope", "/nlu_fallback{\"x\": 1}"])
def test_no_text_or_a_button_payload_is_declined(database, dispatcher, text):
    events = run(dispatcher, ask(text))
    assert last_topic(events) is None and dispatcher.messages[0]["text"] == NO_CHECKED_ANSWER


def test_a_very_long_message_does_not_break_anything(database, dispatcher):
    events = run(dispatcher, ask("accutane " * 5000 + "can i drink wine"))
    assert len(dispatcher.messages) == 1 and len(events) == 1


def test_an_unreachable_store_gets_an_apology_not_a_stack_trace(tmp_path, monkeypatch, dispatcher, caplog):
    monkeypatch.setenv("FLARECARE_DATABASE_URL", f"sqlite:///{tmp_path / 'missing' / 'dir' / 'x.db'}")
    events = run(dispatcher, ask(f"can i drink alcohol {SECRET}"))
    assert dispatcher.messages[0]["text"] == STORE_UNAVAILABLE
    assert "/request_human" in payloads(dispatcher) and last_topic(events) is None
    assert SECRET not in caplog.text


def test_missing_encoder_files_get_the_same_apology(database, tmp_path, monkeypatch, dispatcher, caplog):
    # A server started without `make setup`: the encoder's folder is empty and no model is loaded yet.
    monkeypatch.setenv("FLARECARE_ENCODER_DIR", str(tmp_path / "no-weights"))
    monkeypatch.setattr(encoder, "_model", None)
    events = run(dispatcher, ask(f"can i drink alcohol {SECRET}"))
    assert dispatcher.messages[0]["text"] == STORE_UNAVAILABLE and last_topic(events) is None
    assert "EncoderFilesMissing" in caplog.text and SECRET not in caplog.text


def with_vector(question, vector_of=None, **ask_args):
    """A tracker whose latest message carries the NLU's vector (of ``vector_of``, by default the question)."""
    tracker = ask(question, **ask_args)
    of = question if vector_of is None else vector_of
    tracker.latest_message[QUERY_VECTOR_KEY] = pack(of, encoder.encode([query_text(of)])[0])
    return tracker


def test_the_nlu_vector_answers_without_loading_the_encoder(database, tmp_path, monkeypatch, dispatcher):
    """Issue 17: a typed question's vector comes from the parse data; the action server needs no encoder for it."""
    question = "can i get my legs waxed while im on roaccutane"
    tracker = with_vector(question, intent="out_of_scope", confidence=0.7)
    with session_scope() as session:
        vectors.warm(session)  # the articles' vectors, as the servers' start-up leaves them on disk
    monkeypatch.setenv("FLARECARE_ENCODER_DIR", str(tmp_path / "no-weights"))  # any load would fail
    monkeypatch.setattr(encoder, "_model", None)
    events = run(dispatcher, tracker)
    assert last_topic(events) == "waxing" and encoder._model is None


def test_a_vector_of_another_text_is_not_used(database, dispatcher, monkeypatch):
    encoded = []
    encode = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: encoded.append(list(texts)) or encode(texts))
    events = run(dispatcher, with_vector("do I have to fast before my bloods?", vector_of="can i wax on tane"))
    assert last_topic(events) == "blood_tests"
    assert ["do I have to fast before my bloods?"] in encoded  # the search encoded the question itself


@pytest.mark.parametrize("question", [f"can i drink wine on accutane {SECRET}", f"book me a flight {SECRET}"])
def test_the_patients_words_are_never_logged(database, dispatcher, caplog, question):
    with caplog.at_level(logging.DEBUG):
        run(dispatcher, ask(question))
    assert SECRET not in caplog.text and "flight" not in caplog.text and "wine" not in caplog.text
    assert not [r for r in caplog.records if r.name.startswith("actions") and r.levelno >= logging.INFO]


def test_a_declined_question_is_recorded_for_the_clinic_report(database, dispatcher):
    from sqlalchemy import select

    from storage.analytics import UnansweredQuestion
    from storage.database import session_scope

    run(dispatcher, ask("does the covid vaccine have side effects", intent="out_of_scope", confidence=0.9))
    run(dispatcher, ask("/out_of_scope"))  # a button payload is not a question: nothing stored
    with session_scope() as session:
        rows = session.execute(select(UnansweredQuestion.question)).scalars().all()
    assert rows == ["does the covid vaccine have side effects"]


@pytest.mark.parametrize("question", ["book me a flight", "what's the weather like tomorrow"])
def test_an_off_topic_message_without_a_word_about_the_treatment_is_declined_unsearched(question):
    """The classifier said out_of_scope and nothing ties it to the treatment: a shared word
    ("flight" / the travel article) must not answer it."""
    from actions.knowledge_search import ActionSearchKnowledge
    from bot.clarify import OFF_TOPIC
    from rasa_sdk.executor import CollectingDispatcher
    from tests.actions.conftest import tracker_from

    tracker = tracker_from("mild_flare_complete", latest_message={
        "text": question, "intent": {"name": "out_of_scope", "confidence": 0.9}, "intent_ranking": [], "entities": []})
    dispatcher = CollectingDispatcher()
    ActionSearchKnowledge().run(dispatcher, tracker, {})
    assert dispatcher.messages[0]["text"] == OFF_TOPIC


def test_care_words_tie_a_message_to_the_treatment():
    from knowledge.text import mentions_care

    assert mentions_care("can i fly on accutane") and mentions_care("my lips are cracking")
    assert not mentions_care("book me a flight") and not mentions_care("who won the football")
