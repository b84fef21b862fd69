"""GetStartedClassifier: the chat's opening postback is get_started, alone in the ranking; nothing else is."""
from __future__ import annotations

import pytest
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from components.get_started import GetStartedClassifier, is_get_started
from tests.test_nlu_data import EXAMPLES


@pytest.mark.parametrize("text", ["GET_STARTED", "get_started", "Get Started", " get-started ", "GetStarted"])
def test_the_opening_postbacks(text):
    assert is_get_started(text)


@pytest.mark.parametrize("text", [
    "", "/get_started", "how do I get started on accutane", "get started with the flare check", "started", "get",
    "GET_STARTED I want to kill myself",
])
def test_not_the_opening(text):
    assert not is_get_started(text)


def test_fires_on_no_training_example_of_another_intent():
    assert not [(intent, text) for intent, texts in EXAMPLES.items() if intent != "get_started"
                for text in texts if is_get_started(text)]


def test_sets_get_started_alone_so_the_fallback_leaves_it():
    message = Message(data={"text": "GET_STARTED", "intent": {"name": "greet", "confidence": 0.4},
                            "intent_ranking": [{"name": "greet", "confidence": 0.4},
                                               {"name": "stop", "confidence": 0.35}]})
    GetStartedClassifier().process([message])
    FallbackClassifier(FallbackClassifier.get_default_config()).process([message])
    assert message.get("intent") == {"name": "get_started", "confidence": 1.0}
    assert message.get("intent_ranking") == [{"name": "get_started", "confidence": 1.0}]
