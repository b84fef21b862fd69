"""Escalations and the other-language note in the patient's language: the extractor's entities
and the domain's response variations they select (no model needed)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.shared.nlu.training_data.message import Message

from bot.emergency_contacts import CONTACTS, TRANSLATED, contacts_for
from bot.escalation_language import ESCALATION_LANGUAGES, WORDED_CODES, escalation_wording
from bot.language import KNOWN
from bot.red_flags import EMERGENCY_CODES, FLAG_LEVEL, URGENT_CODES
from components.flarecare_extractor import FlareCareExtractor

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]


def processed(text):
    (message,) = FlareCareExtractor().process([Message(data={"text": text})])
    return (message.get("intent") or {}).get("name"), {e["entity"]: e["value"] for e in message.get("entities")}


def chosen(response, slots):
    """The variations Rasa may choose from for these slots (it picks one at random)."""
    return ResponseVariationFilter(RESPONSES).responses_for_utter_action(response, "rest", slots)


def filled(template, entities):
    return template.format(**{name: entities.get(name, "") for name in
                              ("crisis_line", "poison_line", "emergency_number")})


def test_chinese_suicidal_thoughts_get_the_chinese_crisis_reply():
    intent, entities = processed("我想自杀")
    assert intent == "red_flag_emergency" and entities["language"] == "zh"
    (reply,) = chosen("utter_red_flag_emergency", {"escalation_wording": entities["escalation_wording"]})
    text = filled(reply["text"], entities)
    assert "988" in text and "自杀与危机生命线" in text and "911" in text and "请现在就寻求帮助" in text


def test_spanish_suicidal_thoughts_get_the_spanish_crisis_reply():
    intent, entities = processed("quiero suicidarme")
    assert intent == "red_flag_emergency" and entities["language"] == "es"
    (reply,) = chosen("utter_red_flag_emergency", {"escalation_wording": entities["escalation_wording"]})
    text = filled(reply["text"], entities)
    assert "Busca ayuda ahora mismo" in text and "988" in text and "marca 2 para español" in text


def test_the_isotretinoin_report_gets_the_chinese_urgent_reply():
    intent, entities = processed("吃了异维A酸以后发烧，关节疼，痘痘破溃了")
    assert intent == "red_flag_urgent" and entities["escalation_wording"] == "zh.skin_breakdown"
    (reply,) = chosen("utter_red_flag_urgent", {"escalation_wording": entities["escalation_wording"]})
    assert "暴发性痤疮" in reply["text"]


@pytest.mark.parametrize("language", ESCALATION_LANGUAGES)
@pytest.mark.parametrize("code", EMERGENCY_CODES + URGENT_CODES)
def test_every_code_in_every_escalation_language_selects_exactly_one_wording(code, language):
    response = f"utter_red_flag_{FLAG_LEVEL[code]}"
    variations = chosen(response, {"escalation_wording": escalation_wording(code, language), "language": language})
    assert len(variations) == 1  # Rasa would pick at random among several
    specific = code in WORDED_CODES[language]
    if language == "en" and not specific:
        assert "condition" not in variations[0]  # the English general wording is the default
    else:
        assert variations[0]["condition"][0]["value"] == escalation_wording(code, language)


def test_every_conditional_escalation_is_reachable():
    values = {escalation_wording(code, language) for code in FLAG_LEVEL for language in ESCALATION_LANGUAGES}
    for response in ("utter_red_flag_emergency", "utter_red_flag_urgent"):
        for variation in RESPONSES[response]:
            for condition in variation.get("condition", []):
                assert condition["name"] == "escalation_wording" and condition["value"] in values


def test_a_flag_in_another_language_is_escalated_in_english():
    assert escalation_wording("suicidal_thoughts", "fr") == "en.suicidal_thoughts"


@pytest.mark.parametrize("language", sorted(KNOWN - {"en"}))
def test_every_other_known_language_has_its_own_note(language):
    (note,) = chosen("utter_other_language", {"language": language})
    assert note["condition"][0]["value"] == language and "{emergency_number}" in note["text"]
    assert note["buttons"][0]["payload"] == "/request_human"


def test_an_unknown_language_gets_the_multilingual_note():
    (note,) = chosen("utter_other_language", {"language": "xx"})
    assert "condition" not in note and "español" in note["text"] and "中文" in note["text"]


@pytest.mark.parametrize("text, language", [("hola, ¿qué tal?", "es"), ("你好", "zh"), ("bonjour", "fr"),
                                            ("привет", "ru")])
def test_a_message_in_another_language_without_a_flag_is_other_language(text, language):
    intent, entities = processed(text)
    assert intent == "other_language" and entities["language"] == language
    assert entities["emergency_number"] == "911"


@pytest.mark.parametrize("text", ["I'm on 20mg 异维A酸", "my abuela says it's normal", "hi", "ok", "20mg", "no"])
def test_english_with_a_foreign_word_is_not_other_language(text):
    intent, entities = processed(text)
    assert intent != "other_language" and entities["language"] == "en"


def test_a_payload_says_nothing_about_the_language():
    _, entities = processed("/report_flare")
    assert "language" not in entities


def test_numbers_follow_the_region_in_the_patients_language(monkeypatch):
    monkeypatch.setenv("FLARECARE_REGION", "UK")
    _, entities = processed("quiero suicidarme")
    assert entities["emergency_number"] == "999" and entities["crisis_line"] == "llama a Samaritans al 116 123"
    _, entities = processed("我吃了太多药")
    assert "NHS 111" in entities["poison_line"] and entities["poison_line"].startswith("拨打")


def test_every_region_has_its_numbers_in_every_language():
    for language, table in TRANSLATED.items():
        assert set(table) == set(CONTACTS)
        for region, contacts in table.items():
            english = CONTACTS[region]
            assert english.emergency.split()[0] in contacts.emergency
            for text, translated in ((english.crisis, contacts.crisis), (english.poison, contacts.poison)):
                numbers = [w for w in text.replace("(", " ").replace(")", " ").split() if w[0].isdigit()]
                assert all(number in translated for number in numbers), (language, region)
    assert contacts_for("US", "es") == TRANSLATED["es"]["US"] and contacts_for("US") == CONTACTS["US"]


def test_the_clinic_told_follow_up_is_in_the_escalations_language():
    from bot.escalation_language import clinic_told

    assert clinic_told("en", None, "weekdays 8–6") == \
        "I've also let your clinic's team know (weekdays 8–6). Please don't wait for them to contact you."
    assert clinic_told("zh", "The clinic is open now.", "x").startswith("我也已经通知了你的诊所团队。The clinic")
    assert clinic_told("es", None, "9–5").endswith("No esperes a que te contacten.")
    assert clinic_told("fr", None, "9–5").startswith("I've also")
