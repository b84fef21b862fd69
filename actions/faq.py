"""FAQ answers from the knowledge store, each with its source and related questions.

``action_answer_faq`` answers a button exactly: an FAQ payload ("/ask_diet") gets its intent's
topic (``knowledge.topics``), ``/ask_topic{"topic": ...}`` — a related-question button
(``actions.answer_buttons``) — the topic it names. A typed question is searched instead, exactly
as ``action_search_knowledge`` would, with the classifier's FAQ intent only as evidence for its
topic (``knowledge.routing``, issue 13): the search answers better than a fixed article, and
declines what no article answers. An ``ask_topic`` without a topic is searched too, never guessed.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answer_buttons import ASK_TOPIC, TOPIC_ENTITY, answer_buttons
from actions.knowledge_search import ActionSearchKnowledge, question_text
from knowledge.answers import answer_for_topic, format_answer
from knowledge.related import related_topics
from knowledge.topics import topic_for_intent
from storage.database import session_scope

MISSING = (
    "I'm sorry, I don't have a checked answer for that yet. Your clinic's team can help — "
    "just say \"talk to a person\"."
)


def answer_text(topic: str, more: bool = False) -> str:
    with session_scope() as session:
        answer = answer_for_topic(session, topic)
        return format_answer(answer, more=more) if answer else MISSING


def asked_topic(tracker: Tracker) -> Optional[str]:
    """The topic key a related-question payload names, if any."""
    value = next(tracker.get_latest_entity_values(TOPIC_ENTITY), None)
    return None if value is None else str(value)


def named_topic(tracker: Tracker, intent: Optional[str]) -> Optional[str]:
    """The topic a button payload names; None for a typed question, which the search answers."""
    if intent == ASK_TOPIC:
        return asked_topic(tracker)
    return None if question_text(tracker) else topic_for_intent(intent)


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        topic = named_topic(tracker, intent)
        if topic is None and (intent == ASK_TOPIC or topic_for_intent(intent) is not None):
            return ActionSearchKnowledge().run(dispatcher, tracker, domain)
        with session_scope() as session:
            answer = answer_for_topic(session, topic) if topic else None
            if answer is None:  # no such topic, or a button to an article removed since
                dispatcher.utter_message(text=MISSING)
                return [SlotSet("last_topic", None)]
            dispatcher.utter_message(text=format_answer(answer), buttons=answer_buttons(related_topics(session, topic)))
        return [SlotSet("last_topic", topic)]


class ActionTellMore(Action):
    def name(self) -> Text:
        return "action_tell_more"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        topic = tracker.get_slot("last_topic")
        if not topic:
            dispatcher.utter_message(text="What would you like to know more about? You can ask me in your own words.")
            return []
        dispatcher.utter_message(text=answer_text(topic, more=True))
        return []
