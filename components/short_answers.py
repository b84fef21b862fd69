"""Rasa NLU component: a message that is only a quantity or a severity word is an answer.

"60kg", "twenty milligrams", "2x20mg", "a fortnight", "since mid-October",
"moderate I guess": such a message answers one of the flare form's questions
(``inform``), whatever DIET makes of it. DIET learns words, and a bare
"60kg" shares its only word with "is 60kg too heavy for 40mg?" (``ask_dose``),
and "a fortnight" with "flaring for a fortnight" (``report_flare``); the
cross-validation showed exactly these confusions. A deterministic reading
costs nothing and cannot drift with the training data.

The check itself is bot/short_answers.py's, part of the message's one reading
(bot/reading.py, components/message_reading.py); this component only applies
it. It runs before ``FlareCareExtractor``, which stays authoritative for red
flags (a bare "40 degrees" is still read by the detector first), and never
touches a typed "/intent" payload.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from components.message_reading import reading_of
from components.rule_component import RuleComponent, set_sole_intent

INFORM = "inform"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ShortAnswerClassifier(RuleComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if reading_of(message).bare_answer:
                set_sole_intent(message, INFORM)
        return messages
