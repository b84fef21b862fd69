"""Rasa NLU component: the chat's opening signal is ``get_started``, however the channel sends it.

rasa-webchat opens a conversation with its ``initPayload`` ("/get_started"),
which Rasa's RegexMessageHandler reads as the intent. Messenger's get-started
button sends a postback whose payload the page owner chose: "/get_started"
(the same) or, as often, "GET_STARTED" — plain text that DIET would guess at.
That text, alone in the message, is read here as ``get_started`` with
confidence 1.0 and alone in the ranking (as ShortAnswerClassifier does), so the
conversation opens with the greeting, never a fallback.
"""
from __future__ import annotations

import re
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from components.rule_component import RuleComponent, set_sole_intent

GET_STARTED = "get_started"
# "GET_STARTED", "get_started", "Get Started", "get-started": a postback payload or its button title.
_SIGNAL = re.compile(r"\s*get[ _-]?started\s*", re.IGNORECASE)


def is_get_started(text: str) -> bool:
    return bool(text) and bool(_SIGNAL.fullmatch(text))


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class GetStartedClassifier(RuleComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if is_get_started(message.get("text") or ""):
                set_sole_intent(message, GET_STARTED)
        return messages
