"""action_ask_<slot>: the flare form's questions, from bot/form_questions.py."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.form_questions import QUESTIONS


class AskFormQuestion(Action, ABC):
    """Asks the question for one flare-form slot; subclasses name the slot."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The flare-form slot this action asks for."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        question = QUESTIONS[self.slot]
        dispatcher.utter_message(text=question.text, buttons=question.buttons or None)
        return []


# One action class per slot: rasa-sdk registers every Action subclass it finds.
for _slot in QUESTIONS:
    globals()[f"Ask{_slot.title().replace('_', '')}"] = type(
        f"Ask{_slot.title().replace('_', '')}", (AskFormQuestion,), {"slot": _slot}
    )
