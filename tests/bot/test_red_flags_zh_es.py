"""Red flags in Simplified Chinese and Spanish (bot/red_flag_lexicon.py, combined in bot/red_flag_scan.py).

The cases live in tests/data/red_flags_zh.yml and red_flags_es.yml: every code of
triage protocol v1 with several wordings, and messages that must raise nothing
(negated, past, someone else's, questions, and everyday messages that share words
with a flag: "笑死我了", "me muero de risa", "fiebre del sábado noche").
"""
from pathlib import Path

import pytest
import yaml

from bot import red_flag_lexicon
from bot.red_flag_scan import detect, merge, scan
from bot.red_flags import EMERGENCY_CODES, FLAG_LEVEL, URGENT_CODES, RedFlag, RedFlagScan

DATA = Path(__file__).resolve().parent.parent / "data"
LANGUAGES = ("zh", "es")


def cases(language):
    return yaml.safe_load((DATA / f"red_flags_{language}.yml").read_text(encoding="utf-8"))


def flag_cases():
    return [(lang, code, text) for lang in LANGUAGES for code, texts in cases(lang)["flags"].items() for text in texts] \
        + [(lang, code, text) for lang in LANGUAGES for code, text in cases(lang)["held_out"]["flags"]]


def quiet_cases():
    return [(lang, kind, text) for lang in LANGUAGES for kind, texts in cases(lang)["not_flags"].items()
            for text in texts] + [(lang, "held_out", text) for lang in LANGUAGES for text in cases(lang)["held_out"]["quiet"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_emergency_and_urgent_code_has_cases(language):
    assert set(cases(language)["flags"]) == set(EMERGENCY_CODES + URGENT_CODES)
    assert all(len(texts) >= 3 for texts in cases(language)["flags"].values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_enough_benign_messages_and_every_kind_of_quiet_case(language):
    quiet = cases(language)["not_flags"]
    assert len(quiet["benign"]) >= 60
    assert {"negated", "past", "third_party", "questions"} <= set(quiet)


@pytest.mark.parametrize("language, code, text", flag_cases())
def test_red_flag_is_found(language, code, text):
    found = detect(text)
    assert code in found.codes, found
    assert found.level == max((FLAG_LEVEL[c] for c in found.codes), key=["urgent", "emergency"].index)


@pytest.mark.parametrize("language, kind, text", quiet_cases())
def test_no_red_flag(language, kind, text):
    assert detect(text).flags == ()


@pytest.mark.parametrize("text, code", [("我朋友想自杀", "suicidal_thoughts"), ("mi amigo quiere suicidarse", "suicidal_thoughts"),
                                        ("我妈妈发烧了", "systemic_symptoms"), ("mi madre tiene convulsiones", "seizure")])
def test_someone_elses_flag_is_kept_as_theirs(text, code):
    found = detect(text)
    assert found.flags == () and code in found.others


@pytest.mark.parametrize("text, codes", [
    ("我朋友想自杀，我也想死", {"suicidal_thoughts"}),
    ("我妈妈发烧了，我的痘痘破溃了", {"skin_breakdown"}),
    ("mi madre tiene fiebre y yo estoy embarazada", {"pregnancy"}),
    ("没有发烧，但是关节很痛", {"systemic_symptoms"}),
    ("no tengo fiebre, pero me duelen las articulaciones", {"systemic_symptoms"}),
    ("以前想过自杀", {"suicidal_thoughts"}),  # a history of suicidal thoughts is never dismissed as past
    ("去年发烧过，现在又发烧了", {"systemic_symptoms"}),
])
def test_a_present_flag_is_never_lost_beside_a_dismissed_one(text, codes):
    assert set(detect(text).codes) == codes


def test_the_reported_messages_escalate():
    assert scan("我想自杀").red_flags.codes == ("suicidal_thoughts",)
    assert scan("quiero suicidarme").red_flags.codes == ("suicidal_thoughts",)
    isotretinoin = scan("吃了异维A酸以后发烧，关节疼，痘痘破溃了").red_flags
    assert set(isotretinoin.codes) == {"skin_breakdown", "systemic_symptoms"} and isotretinoin.level == "urgent"


def test_fever_with_blisters_is_an_emergency_that_replaces_the_blistering_rash():
    for text in ("发烧，皮肤起水泡", "tengo fiebre y me salieron ampollas"):
        found = detect(text)
        assert found.primary.code == "blistering_skin_with_fever" and "blistering_rash" not in found.codes


@pytest.mark.parametrize("text, code", [
    ("diarrea con sangre", "bloody_diarrhoea"),  # the English detector reads only "diarrea": diarrhoea
    ("拉肚子带血", "bloody_diarrhoea"),
    ("头痛，视力模糊", "severe_headache_vision"),
    ("me duele la cabeza y veo borroso", "severe_headache_vision"),
    ("视力模糊", "vision_problems"),
    ("veo borroso", "vision_problems"),
])
def test_a_stronger_code_replaces_the_weaker_one_it_includes_whichever_detector_found_it(text, code):
    assert detect(text).codes == (code,)


@pytest.mark.parametrize("english, chinese, spanish", [
    ("a bit of heartburn after spicy food", "吃了辣的，有点烧心", "un poco de acidez después de comer picante"),
    ("my stomach burns a bit after spicy food", "吃了辣的，胃里有点烧", "me arde un poco el estómago después de comer picante"),
])
def test_heartburn_is_judged_alike_in_all_three_languages(english, chinese, spanish):
    """The name of the problem flags even when mild (the label: "new or worsening heartburn");
    a burning stomach without it does not, in English as in the lexicons."""
    assert detect(english).codes == detect(chinese).codes == detect(spanish).codes


@pytest.mark.parametrize("text, language", [
    ("我想自杀", "zh"), ("quiero suicidarme", "es"), ("tengo fiebre", "es"), ("I want to kill myself", "en"),
    ("je veux mourir, suicide", "en"), ("我發燒了", "zh"), ("I feel suicidal", "en"),
    ("我朋友 suicidal, 我也 suicidal", "zh"),
])
def test_reply_language(text, language):
    assert scan(text).language == language


def test_english_benign_messages_stay_quiet_in_every_language():
    """The English benign corpus through the multilingual detector: the Spanish lexicon runs on every
    Latin-script message, so it must not flag English ("can it make you suicidal?" is a question)."""
    from tests.bot.test_red_flags_benign import BENIGN, MORE_BENIGN

    assert [text for text in BENIGN + MORE_BENIGN if detect(text).flags] == []


def test_a_flag_only_the_spanish_lexicon_finds_is_answered_in_spanish_even_if_the_text_looks_english():
    result = scan("sangre en las heces")
    assert result.red_flags.codes == ("bloody_diarrhoea",) and result.language == "es"


def test_an_english_red_flag_word_in_another_language_still_escalates():
    assert "suicidal_thoughts" in detect("je pense au suicide").codes
    assert "suicidal_thoughts" in detect("我朋友 suicidal, 我也 suicidal").codes


def test_english_typo_rule_does_not_turn_spanish_pregunta_into_pregnancy():
    assert detect("tengo una pregunta sobre la dosis").flags == ()
    assert detect("I think I'm pregnant, tengo una pregunta").codes == ("pregnancy",)


def test_english_with_a_chinese_drug_name_is_still_scanned_in_english():
    assert detect("I'm on 20mg 异维A酸 and I want to kill myself").codes == ("suicidal_thoughts",)
    assert detect("I'm on 20mg 异维A酸").flags == ()


def test_evidence_quotes_the_patients_own_characters():
    assert detect("我發燒了").primary.evidence == "發燒"
    assert detect("Quiero SUICIDARME").primary.evidence == "SUICIDARME"


def test_merge_keeps_one_flag_per_code_emergency_first():
    urgent = RedFlagScan((RedFlag("pregnancy", "urgent", "embarazada"),))
    emergency = RedFlagScan((RedFlag("suicidal_thoughts", "emergency", "自杀"), RedFlag("pregnancy", "urgent", "怀孕")),
                            ("mood_change",))
    merged = merge(urgent, emergency)
    assert merged.codes == ("suicidal_thoughts", "pregnancy") and merged.level == "emergency"
    assert merged.flags[1].evidence == "embarazada" and merged.others == ("mood_change",)


@pytest.mark.parametrize("odd", [None, 123, "", "\x00\ud800发烧", "发烧" * 20_000, "<b>我想自杀</b>", "自\u200b杀",
                                 "ＱＵＩＥＲＯ ＳＵＩＣＩＤＡＲＭＥ", "😭" * 300, "\n\n\n", "fiebre" * 5000])
def test_odd_and_hostile_input_never_raises(odd):
    detect(odd)
    for language in LANGUAGES:
        red_flag_lexicon.detect(odd, language)


def test_invisible_characters_and_full_width_forms_do_not_hide_a_flag():
    assert detect("自\u200b杀").codes == ("suicidal_thoughts",)
    assert detect("ＱＵＩＥＲＯ ＳＵＩＣＩＤＡＲＭＥ").codes == ("suicidal_thoughts",)
    assert detect("<b>我想自杀</b>").codes == ("suicidal_thoughts",)


def test_a_flag_deep_inside_a_long_message_is_found():
    assert "suicidal_thoughts" in detect("今天天气很好。" * 1000 + "我想自杀").codes
