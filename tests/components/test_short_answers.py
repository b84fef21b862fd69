"""ShortAnswerClassifier: a bare quantity or severity word is an answer (inform), nothing else is."""
from __future__ import annotations

import pytest
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from components.short_answers import ShortAnswerClassifier, bare_answer
from tests.test_nlu_data import EXAMPLES


@pytest.mark.parametrize("text", [
    "60kg", "twenty milligrams", "2x20mg", "a fortnight", "since mid-October", "roughly ten days",
    "9st 10", "mild", "moderate I guess", "really severe", "about 3 weeks", "sorry I meant 8 weeks",
    "actually it's 30mg not 40", "40mg daily",
])
def test_bare_answers(text):
    assert bare_answer(text)


@pytest.mark.parametrize("text", [
    "is 80mg daily a lot", "should it be 20mg", "was it 6 weeks", "40mg?", "i'm 60kg is that ok",
    "how about 20mg", "more than 60mg", "i took 10 pills", "hi", "yes", "no", "", "/inform{\"weight_kg\": 60}",
    "my face is severe", "moderate acne on my back since 6 weeks",
])
def test_not_bare_answers(text):
    assert not bare_answer(text)


def test_fires_on_no_training_example_of_another_intent():
    wrong = [(intent, text) for intent, texts in EXAMPLES.items() if intent != "inform"
             for text in texts if bare_answer(text)]
    assert not wrong


def test_sets_inform_alone_so_a_confident_runner_up_cannot_make_it_a_fallback():
    message = Message(data={"text": "60kg", "intent": {"name": "ask_dose", "confidence": 0.95},
                            "intent_ranking": [{"name": "ask_dose", "confidence": 0.95},
                                               {"name": "inform", "confidence": 0.05}]})
    ShortAnswerClassifier().process([message])
    assert message.get("intent") == {"name": "inform", "confidence": 1.0}
    assert message.get("intent_ranking") == [{"name": "inform", "confidence": 1.0}]
    FallbackClassifier({**FallbackClassifier.get_default_config(), "threshold": 0.65,
                        "ambiguity_threshold": 0.1}).process([message])
    assert message.get("intent")["name"] == "inform"
