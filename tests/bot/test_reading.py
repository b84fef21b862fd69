"""bot/reading.py: one reading per message, plain data that survives JSON, and its fallbacks."""
from __future__ import annotations

import json
from datetime import date

import pytest

from bot import reading as reading_module
from bot.contract import READING_KEY
from bot.reading import Reading, is_payload, read_message, read_payload, reading_in
from bot.red_flag_scan import scan
from bot.units import extract_quantities
from tests.support.hostile import HOSTILE_TEXTS

TODAY = date(2026, 11, 25)


def _no_scan(text):
    raise AssertionError("the red-flag detectors ran")


def test_one_reading_holds_what_every_reader_finds():
    text = "I'm 6 weeks in on 40mg, my temp is 39C, cystic ones on my chin and my chest hurts"
    reading = read_message(text, TODAY)
    assert [(slot, q.value) for slot, q in reading.slot_quantities] == [
        ("treatment_week", 6.0), ("daily_dose_mg", 40.0), ("temperature_c", 39.0)]
    assert [text[q.start:q.end] for q in reading.quantities] == ["6 weeks", "40mg", "39C"]
    assert [lesion.value for lesion in reading.lesions] == ["cyst"]
    assert reading.red_flags == scan(text).red_flags and "chest_pain" in reading.red_flags.codes
    assert reading.language == "en" and not reading.payload
    assert not reading.bare_answer and not reading.asks_for_deletion


def test_a_recent_flag_to_ask_about_keeps_its_evidence():
    flags = read_message("last night I had chest pain", TODAY).red_flags
    assert flags.flags == () and flags.to_ask.code == "chest_pain" and flags.to_ask.evidence == "chest pain"


@pytest.mark.parametrize("text,bare", [("60kg", True), ("moderate I guess", True), ("is 60kg ok?", False)])
def test_the_bare_answer_check_is_part_of_the_reading(text, bare):
    assert read_message(text, TODAY).bare_answer is bare


def test_deletion_wording_is_part_of_the_reading():
    assert read_message("please delete my data", TODAY).asks_for_deletion
    assert not read_message("I forgot my capsule", TODAY).asks_for_deletion


def test_a_payload_is_read_like_any_text_so_a_flag_in_it_escalates():
    reading = read_message("/greet{} I want to kill myself", TODAY)
    assert reading.payload and "suicidal_thoughts" in reading.red_flags.codes
    assert not read_message('/inform{"weight_kg": 60}', TODAY).bare_answer


@pytest.mark.parametrize("text", ["60kg", "last night I had chest pain", "我胸口痛", "tengo fiebre de 39",
                                  "/greet{} I want to kill myself", ""])
def test_to_dict_is_json_and_from_dict_gives_the_same_reading(text):
    reading = read_message(text, TODAY)
    data = json.loads(json.dumps(reading.to_dict(), allow_nan=False))
    assert Reading.from_dict(data) == reading
    assert data["red_flags"]["codes"] == list(reading.red_flags.codes)
    assert [q["slot"] for q in data["quantities"]] == [slot for slot, _ in reading.slot_quantities]


@pytest.mark.parametrize("data", [{}, {"version": 99}, {"version": 1, "payload": False}, [], "x",
                                  {**Reading().to_dict(), "quantities": [{"kind": "dose"}]}])
def test_anything_but_a_reading_is_refused(data):
    with pytest.raises(ValueError):
        Reading.from_dict(data)


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_hostile_input_gives_a_reading_that_survives_json(text):
    reading = read_message(text, TODAY)
    assert reading.payload is is_payload(text)
    assert Reading.from_dict(json.loads(json.dumps(reading.to_dict(), allow_nan=False))) == reading


def test_a_huge_message_is_read():
    text = "hello " * 20_000 + "I want to kill myself"
    assert "suicidal_thoughts" in read_message(text, TODAY).red_flags.codes


def test_not_a_string_is_an_empty_message():
    assert read_message(None, TODAY) == read_message("", TODAY)  # type: ignore[arg-type]


# --- reading_in: the actions' way to a message's reading --------------------------------------

def test_the_nlus_reading_is_used_and_the_text_not_read_again(monkeypatch):
    stored = read_message("my chest hurts and I'm on 40mg", TODAY)
    monkeypatch.setattr(reading_module, "scan", _no_scan)
    monkeypatch.setattr(reading_module, "extract_quantities", _no_scan)
    assert reading_in({"text": "my chest hurts and I'm on 40mg", READING_KEY: stored.to_dict()}, TODAY) == stored


def test_without_a_reading_a_typed_message_is_read_here():
    """A message parsed before readings existed, or a test fixture: the same reading, computed late."""
    text = "my chest hurts"
    assert reading_in({"text": text}, TODAY) == read_message(text, TODAY)
    assert reading_in({"text": text, READING_KEY: {"version": 0}}, TODAY) == read_message(text, TODAY)


def test_a_payload_without_a_reading_is_read_without_the_detectors(monkeypatch):
    """Rasa's RegexMessageHandler drops the reading of a payload it unpacks; such a payload has no flag."""
    monkeypatch.setattr(reading_module, "scan", _no_scan)
    text = '/inform{"flare_extent": "mild"}'
    reading = reading_in({"text": text}, TODAY)
    assert reading == read_payload(text, TODAY) and reading.payload and reading.red_flags.flags == ()
    assert reading.quantities == tuple(extract_quantities(text, TODAY))


def test_read_payload_matches_read_message_for_a_payload_without_flags():
    for text in ['/inform{"flare_extent": "mild"}', "/affirm", '/inform{"weight_kg": 60}', "/deny 40mg"]:
        full, light = read_message(text, TODAY), read_payload(text, TODAY)
        assert not full.red_flags.flags and not full.red_flags.unclear
        assert (light.quantities, light.lesions, light.asks_for_deletion) == (
            full.quantities, full.lesions, full.asks_for_deletion)


def test_no_parse_data_is_an_empty_message():
    assert reading_in(None, TODAY) == read_message("", TODAY)
