"""action_ask_<slot>: the flare form's questions, as bot/flare_form.py defines them."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.flare_form import FIELD


class AskFormQuestion(Action, ABC):
    """Asks the question for one flare-form slot. rasa-sdk registers every concrete
    Action subclass it finds, so each question is one subclass naming its slot."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The flare-form slot this action asks for (a key of bot.flare_form.FIELD)."""

    def name(self) -> Text:
        return FIELD[self.slot].ask_action

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
        field = FIELD[self.slot]
        dispatcher.utter_message(text=field.question, buttons=[dict(b) for b in field.buttons] or None)
        return []


class AskFlareExtent(AskFormQuestion):
    slot = "flare_extent"


class AskSkinBreakdown(AskFormQuestion):
    slot = "skin_breakdown"


class AskSystemicSymptoms(AskFormQuestion):
    slot = "systemic_symptoms"


class AskTreatmentWeek(AskFormQuestion):
    slot = "treatment_week"


class AskFlareDurationWeeks(AskFormQuestion):
    slot = "flare_duration_weeks"


class AskDailyDoseMg(AskFormQuestion):
    slot = "daily_dose_mg"


class AskWeightKg(AskFormQuestion):
    slot = "weight_kg"
