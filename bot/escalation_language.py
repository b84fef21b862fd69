"""Which worded escalation a red flag gets, in which language: the key the domain's responses match.

Rasa chooses at random among ALL conditional variations of a response whose
conditions hold, and a condition cannot say "not", so "language zh" and
"language zh + suicidal thoughts" cannot be told apart by two slots. Every
variation of ``utter_red_flag_emergency`` / ``utter_red_flag_urgent`` therefore
matches one slot, ``escalation_wording``, whose value names exactly one variation:
"zh.suicidal_thoughts", "es.general", ... English general wording is the
unconditioned default (also what an unknown value gets).

The bot escalates in English, Chinese and Spanish; a flag in another language
(an English red-flag word in a French message) is escalated in English.
"""
from __future__ import annotations

from typing import Optional

ESCALATION_LANGUAGES = ("en", "zh", "es")
# Codes with wording of their own (domain.yml), per language; every other code gets its level's
# general wording in that language.
_EVERY_LANGUAGE = frozenset({
    "suicidal_thoughts", "overdose",  # emergency
    "pregnancy", "mood_change", "skin_breakdown", "systemic_symptoms",  # urgent
})
WORDED_CODES = {"en": _EVERY_LANGUAGE | {"psychosis"}, "zh": _EVERY_LANGUAGE, "es": _EVERY_LANGUAGE}


def escalation_language(language: str) -> str:
    """The language an escalation is worded in for a message in ``language``."""
    return language if language in ESCALATION_LANGUAGES else "en"


def escalation_wording(code: str, language: str) -> str:
    """The ``escalation_wording`` slot value for a primary flag ``code`` in a message in ``language``."""
    wording = escalation_language(language)
    return f"{wording}.{code if code in WORDED_CODES[wording] else 'general'}"


# After an escalation, action_record_escalation says the clinic was told. The clinic's own
# hours text (FLARECARE_CLINIC_HOURS or the structured hours) stays as the clinic wrote it.
_CLINIC_TOLD = {
    "en": ("I've also let your clinic's team know. {availability}", "I've also let your clinic's team know ({hours}).",
           "Please don't wait for them to contact you."),
    "zh": ("我也已经通知了你的诊所团队。{availability}", "我也已经通知了你的诊所团队（{hours}）。", "请不要等他们联系你。"),
    "es": ("También he avisado al equipo de tu clínica. {availability}", "También he avisado al equipo de tu clínica ({hours}).",
           "No esperes a que te contacten."),
}


def clinic_told(language: str, availability: Optional[str], hours: str) -> str:
    """ "I've also let your clinic's team know …", in the escalation's language."""
    with_availability, with_hours, do_not_wait = _CLINIC_TOLD[escalation_language(language)]
    told = with_availability.format(availability=availability) if availability else with_hours.format(hours=hours)
    return f"{told} {do_not_wait}"
