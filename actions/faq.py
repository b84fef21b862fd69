"""FAQ answers from the knowledge store, each with its source."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from knowledge.search import answer_for_topic, format_answer
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


class ActionAnswerFaq(Action):
    def name(self) -> Text:
        return "action_answer_faq"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        topic: Optional[str] = topic_for_intent((tracker.latest_message.get("intent") or {}).get("name"))
        if topic is None:
            dispatcher.utter_message(text=MISSING)
            return []
        dispatcher.utter_message(
            text=answer_text(topic),
            buttons=[{"title": "Tell me more", "payload": "/tell_more"}, {"title": "No, thanks", "payload": "/deny"}],
        )
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
