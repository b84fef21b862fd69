"""ShortAnswerClassifier: a bare quantity or severity word is an answer (inform), nothing else is."""
from __future__ import annotations

from datetime import date

import pytest
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.training_data.message import Message

from bot import short_answers
from bot.contract import READING_KEY
from bot.reading import Reading, is_payload
from bot.units import extract_quantities
from components.short_answers import ShortAnswerClassifier
from tests.test_nlu_data import EXAMPLES


def bare_answer(text):
    """bot/short_answers.py's check, with the quantities a message's reading holds."""
    return short_answers.bare_answer(text, extract_quantities(text, date.today()), is_payload(text))


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


def test_reads_the_messages_reading_and_does_not_scan_the_text_again():
    message = Message(data={"text": "what's this", READING_KEY: Reading(bare_answer=True).to_dict()})
    ShortAnswerClassifier().process([message])
    assert message.get("intent") == {"name": "inform", "confidence": 1.0}


def test_computes_the_reading_when_first_and_leaves_it_for_the_next_component():
    message = Message(data={"text": "60kg"})
    ShortAnswerClassifier().process([message])
    reading = Reading.from_dict(message.get(READING_KEY))
    assert reading.bare_answer and [(slot, q.value) for slot, q in reading.slot_quantities] == [("weight_kg", 60.0)]
    assert READING_KEY in message.as_dict(only_output_properties=True)  # it reaches the parse data
