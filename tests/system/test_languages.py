"""Red flags and the language note in Chinese and Spanish, through the real Rasa and action servers."""
from __future__ import annotations

from tests.conftest import new_sender, texts

EXTENT_QUESTION = "How bad is the flare right now?"


def test_chinese_suicidal_thoughts_get_the_chinese_crisis_reply(assistant):
    sender = new_sender()
    reply = texts(assistant.say(sender, "我想自杀"))
    assert reply.startswith("⚠️") and "请现在就寻求帮助" in reply
    assert "988" in reply and "911" in reply and "自杀与危机生命线" in reply
    slots = assistant.tracker(sender)["slots"]
    assert slots["language"] == "zh" and slots["triage_level"] == "emergency"


def test_spanish_suicidal_thoughts_get_the_spanish_crisis_reply(assistant):
    reply = texts(assistant.say(new_sender(), "quiero suicidarme"))
    assert reply.startswith("⚠️") and "Busca ayuda ahora mismo" in reply
    assert "988" in reply and "marca 2 para español" in reply and "911" in reply


def test_fever_joint_pain_and_open_spots_in_chinese_get_the_chinese_urgent_reply(assistant):
    reply = texts(assistant.say(new_sender(), "吃了异维A酸以后发烧，关节疼，痘痘破溃了"))
    assert reply.startswith("⚠️ 紧急") and "暴发性痤疮" in reply and "Sorry" not in reply


def test_a_spanish_greeting_gets_the_spanish_note_not_the_english_fallback(assistant):
    replies = assistant.say(new_sender(), "hola, ¿qué tal?")
    reply = texts(replies)
    assert "Soy FlareCare" in reply and "solo converso en inglés" in reply and "911" in reply
    assert "Sorry" not in reply and replies[0]["buttons"][0]["payload"] == "/request_human"


def test_a_chinese_message_mid_form_gets_the_note_and_the_check_goes_on(assistant):
    sender = new_sender()
    assert EXTENT_QUESTION in texts(assistant.say(sender, "can you check my flare"))
    note = texts(assistant.say(sender, "你好，我想问一下"))
    assert "只能用英文交流" in note and EXTENT_QUESTION not in note
    slots = assistant.tracker(sender)["slots"]
    assert slots["requested_slot"] == "flare_extent" and not slots["form_attempts"]  # not a failed answer
    assert "open, bleeding" in texts(assistant.say(sender, "mild"))
    assert assistant.tracker(sender)["slots"]["flare_extent"] == "mild"


def test_english_with_a_chinese_drug_name_stays_an_english_conversation(assistant):
    sender = new_sender()
    assert EXTENT_QUESTION in texts(assistant.say(sender, "can you check my flare"))
    reply = texts(assistant.say(sender, "severe, I'm on 20mg 异维A酸"))
    assert "open, bleeding" in reply
    assert assistant.tracker(sender)["slots"]["language"] == "en"
