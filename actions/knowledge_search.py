"""Typed questions: search the knowledge store, answer only when confident.

The rules run ``action_search_knowledge`` for ``ask_question`` (a question on a
topic without its own intent), ``out_of_scope`` and ``nlu_fallback`` (data/rules.yml);
an off-topic message is searched too, in case the classifier was wrong. ``action_answer_faq``
hands it every typed question the classifier filed under an FAQ intent (issue 13): the search
still decides, the intent's topic only gets a bonus (``knowledge.routing``). A confident hit is
answered like an FAQ — the short answer, the doctor line and the source (``format_answer``), with
"Tell me more" and its related questions (``actions.answer_buttons``) — and remembered in
``last_topic`` so "tell me more" gives the long answer.

A declined message is off-topic (weather, flights) when the classifier said ``out_of_scope``, or
filed under an FAQ intent a message that names nothing of the treatment or the body: "that's
outside what I can help with" and what FlareCare does, without the clinic. When the classifier
was unsure (``nlu_fallback``), or filed a care question under an FAQ intent, and had a likely
topic, the patient is asked "Did you mean …?" (``bot.clarify``); "Something else" then gets what
FlareCare can help with and the clinic. Anything else gets an honest "no checked answer" and the
way to the clinic; it never guesses.

Every decline — with or without "Did you mean …?" — is recorded for the clinic
report's list of questions without a checked answer (``record_question``):
that list is what the clinic writes next, and a question the search missed
even though the classifier guessed its topic says that article lacks the
patient's wording. Recorded once, when the search declines: the choice that
follows ("Something else" or an offered topic) adds nothing.

The question's sentence vector comes from the parse data (``knowledge.query_vector``: the NLU
computed it for DIET), so the search does not encode it again and this server does not load the
encoder for a typed question (issue 17); without one (older events, tests) the search encodes it.

Nothing of the patient's text is logged (only, at DEBUG, the topic and score).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, NamedTuple, Optional, Text

import numpy as np
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.answer_buttons import answer_buttons
from actions.tracker_facts import event_key
from bot.clarify import CAN_HELP, CLARIFY, OFF_TOPIC, OFF_TOPIC_BUTTONS, clarifying_buttons, clarifying_offers
from bot.contract import QUERY_VECTOR_KEY
from encoder import EncoderFilesMissing
from knowledge.answers import answer_for_topic, format_answer
from knowledge.query_vector import unpack
from knowledge.related import Related, related_topics
from knowledge.routing import routed_topic
from knowledge.search import search
from knowledge.topics import topic_for_intent
from knowledge.text import mentions_care
from storage.analytics import record_unanswered
from storage.database import session_scope

logger = logging.getLogger(__name__)

NO_CHECKED_ANSWER = (
    "I'm sorry — I don't have a checked answer for that, and I'd rather not guess. "
    "Your clinic's team can help: tap \"Talk to the clinic\" or say \"talk to a person\". "
    "I can also answer questions about isotretinoin and acne flares, or check a flare with you."
)
STORE_UNAVAILABLE = (
    "I'm sorry — I can't look that up right now. Your clinic's team can help: tap \"Talk to the clinic\" "
    "or say \"talk to a person\"."
)
EVERY_HIT = 10_000  # the intent's topic may rank anywhere: routed_topic sees every article's score
CLINIC_BUTTONS = [
    {"title": "Talk to the clinic", "payload": "/request_human"},
    {"title": "Check my flare", "payload": "/report_flare"},
]


def question_text(tracker: Tracker) -> str:
    """The patient's latest words; a button payload ("/out_of_scope") is not a question."""
    text = tracker.latest_message.get("text") or ""
    if not isinstance(text, str) or text.lstrip().startswith("/"):
        return ""
    return text


class Found(NamedTuple):
    topic: str
    text: str  # what the patient reads
    related: List[Related]


def find_answer(question: str, intent_topic: Optional[str] = None, intent_confidence: object = 0.0,
                query_vector: Optional[np.ndarray] = None) -> Optional[Found]:
    """The answer ``routed_topic`` picks from the search's hits, else None.

    ``intent_topic`` is the topic of the classifier's FAQ intent, if any: evidence, not the answer.
    ``query_vector``: the question's vector from the NLU, if any (``search`` encodes it otherwise).
    Raises SQLAlchemyError, or EncoderFilesMissing when setup has not fetched the encoder."""
    if not question.strip():
        return None
    with session_scope() as session:
        hits = search(session, question, limit=EVERY_HIT, query_vector=query_vector)
        topic = routed_topic(hits, intent_topic, intent_confidence)
        if topic is None:
            if hits:
                logger.debug("knowledge search declined (closest %s, score %.2f)", hits[0].topic, hits[0].score)
            return None
        answer = answer_for_topic(session, topic)
        if answer is None:  # removed between the search and the fetch
            return None
        logger.debug("knowledge search answered %s (intent topic %s)", answer.topic, intent_topic)
        return Found(answer.topic, format_answer(answer), related_topics(session, answer.topic))


class ActionSearchKnowledge(Action):
    def name(self) -> Text:
        return "action_search_knowledge"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        try:
            # Off-topic by the classifier and nothing about the treatment or the body: not searched,
            # so a shared word ("book me a flight" / the travel article) cannot answer it.
            off_topic = _intent(tracker) == "out_of_scope" and not mentions_care(question_text(tracker))
            found = None if off_topic else find_answer(
                question_text(tracker), _intent_topic(tracker), _confidence(tracker), _query_vector(tracker)
            )
        except (SQLAlchemyError, EncoderFilesMissing) as exc:  # a deployment fault: the patient gets the clinic
            logger.warning("knowledge store unavailable (%s)", exc.__class__.__name__)
            dispatcher.utter_message(text=STORE_UNAVAILABLE, buttons=CLINIC_BUTTONS)
            return [SlotSet("last_topic", None)]
        if found is None:
            record_question(tracker, question_text(tracker))
            offers = clarifying_offers(tracker.latest_message.get("intent_ranking")) if _unsure(tracker) else []
            if _off_topic(tracker):
                dispatcher.utter_message(text=OFF_TOPIC, buttons=OFF_TOPIC_BUTTONS)
            elif offers:
                dispatcher.utter_message(text=CLARIFY, buttons=clarifying_buttons(offers))
            else:
                dispatcher.utter_message(text=NO_CHECKED_ANSWER, buttons=CLINIC_BUTTONS)
            return [SlotSet("last_topic", None)]  # "tell me more" must not continue an older answer
        dispatcher.utter_message(text=found.text, buttons=answer_buttons(found.related))
        return [SlotSet("last_topic", found.topic)]


class ActionSomethingElse(Action):
    """"Something else" after "Did you mean …?": say honestly what FlareCare covers, and offer the clinic."""

    def name(self) -> Text:
        return "action_something_else"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(text=CAN_HELP, buttons=CLINIC_BUTTONS)  # the question was recorded at the decline
        return []


def _intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def _intent_topic(tracker: Tracker) -> Optional[str]:
    return topic_for_intent(_intent(tracker))


def _query_vector(tracker: Tracker) -> Optional[np.ndarray]:
    """The NLU's vector of the question: the latest message's, and only if it is of that very text."""
    return unpack(tracker.latest_message.get(QUERY_VECTOR_KEY), question_text(tracker))


def _confidence(tracker: Tracker) -> object:
    return (tracker.latest_message.get("intent") or {}).get("confidence")


def _off_topic(tracker: Tracker) -> bool:
    """Declined as outside FlareCare: the classifier said off-topic, or filed under an FAQ intent a
    question the search declined that names nothing of the treatment or the body."""
    if _intent(tracker) == "out_of_scope":
        return True
    return _intent_topic(tracker) is not None and not mentions_care(question_text(tracker))


def _unsure(tracker: Tracker) -> bool:
    """The classifier was unsure, or filed under an FAQ intent a care question the search declined:
    "Did you mean …?" offers its likely topics rather than guessing one."""
    return _intent(tracker) == "nlu_fallback" or _intent_topic(tracker) is not None


def record_question(tracker: Tracker, question: str) -> None:
    """Keep a question without a checked answer for the clinic report's "top unanswered questions".

    A failure to record is logged (without the question) and does not cost the
    patient their reply.
    """
    if not question.strip():
        return
    try:
        with session_scope() as session:
            record_unanswered(session, tracker.sender_id, question, event_key(tracker, "unanswered"))
    except SQLAlchemyError as exc:
        logger.warning("could not record an unanswered question (%s)", exc.__class__.__name__)
