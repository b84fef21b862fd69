"""FlareCareExtractor's entities carry spans `rasa test nlu` can score (no model needed)."""
from __future__ import annotations

from datetime import date

from rasa.shared.nlu.training_data.message import Message

from bot.contract import READING_KEY
from bot.reading import Reading, read_message
from bot.red_flags import RedFlag, RedFlagScan
from components.flarecare_extractor import FlareCareExtractor


def entities(text):
    (message,) = FlareCareExtractor().process([Message(data={"text": text})])
    return message.get("entities")


def spans(text):
    return [(e["entity"], text[e["start"]:e["end"]], e["value"]) for e in entities(text) if e["end"] > e["start"]]


def test_quantities_and_lesions_carry_their_words_spans():
    text = "I'm 6 weeks in on 40mg, 9 stone 4, and my chin is full of cystic ones and whiteheads"
    assert spans(text) == [
        ("treatment_week", "6 weeks", 6.0),
        ("daily_dose_mg", "40mg", 40.0),
        ("weight_kg", "9 stone 4", 58.97),
        ("lesion_type", "cystic ones", "cyst"),
        ("lesion_type", "whiteheads", "whitehead"),
    ]


def test_red_flag_entities_describe_the_message_with_an_empty_span():
    text = "my spots are open and bleeding and I have a fever of 39"
    found = entities(text)
    flag_entities = [e for e in found if e["entity"] in ("red_flag", "red_flag_primary", "triage_level")]
    assert flag_entities and all(e["start"] == e["end"] == 0 for e in flag_entities)
    assert ("temperature_c", "39", 39.0) in spans(text)


def test_a_negated_lesion_is_not_an_entity():
    assert spans("no cysts, just a few whiteheads") == [("lesion_type", "whiteheads", "whitehead")]


def test_leaves_the_one_reading_in_the_parse_data():
    (message,) = FlareCareExtractor().process([Message(data={"text": "I'm on 40mg and my chest hurts"})])
    reading = message.as_dict(only_output_properties=True)[READING_KEY]
    assert reading == read_message("I'm on 40mg and my chest hurts", date.today()).to_dict()
    assert reading["red_flags"]["codes"] == ["chest_pain"] and reading["quantities"][0]["slot"] == "daily_dose_mg"


def test_applies_the_reading_an_earlier_component_left_without_scanning_the_text_again():
    flag = RedFlag("chest_pain", "emergency", "chest hurts")
    reading = Reading(red_flags=RedFlagScan(flags=(flag,)))
    (message,) = FlareCareExtractor().process([Message(data={"text": "hello", READING_KEY: reading.to_dict()})])
    assert message.get("intent") == {"name": "red_flag_emergency", "confidence": 1.0}
    assert ("red_flag", "chest_pain") in [(e["entity"], e["value"]) for e in message.get("entities")]
