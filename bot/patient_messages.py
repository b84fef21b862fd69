"""What the patient reads after a flare check: short, plain, warm, with sources.

Dosing figures are information for the patient and their doctor, never an
instruction; acne fulminans management figures are for the clinician only and
never appear here (see bot/clinician_summary.py).
"""
from __future__ import annotations

from typing import List, Optional

from bot.dosing import BAND_LABELS, DosingSummary
from bot.emergency_contacts import Contacts
from bot.triage import TriageResult

SOURCES = "Sources: Chinese expert consensus on oral isotretinoin in acne; Bagatin & Costa, Expert Rev Clin Pharmacol 2020."

REASON_TEXT = {
    "skin_breakdown": "open, bleeding or crusted spots",
    "systemic_symptoms": "fever, aching joints, bones or muscles, or feeling unwell with the flare",
    "flare_over_8_weeks": "the flare has lasted more than 8 weeks",
    "flare_after_week_12": "the flare started after the first 12 weeks of treatment",
    "severe_extent": "the flare is severe",
    "dose_above_range": "your dose is above the usual range for your weight",
    "incomplete_information": "I couldn't get all the details I need to be sure",
}

HEADLINE = {
    "emergency": "⚠️ EMERGENCY: please call {emergency} now or go to the nearest emergency department.",
    "urgent": "⚠️ URGENT: please contact your prescriber today — don't wait for your next visit.",
    "doctor_soon": "Please book or message your prescriber within the next few days. "
    "Keep taking isotretinoin as prescribed unless they tell you otherwise.",
    "self_care": "This sounds like the early flare that about 15% of people get in the first 1–2 months. "
    "It usually settles by itself, and your treatment doesn't need to change.",
}

SELF_CARE_TIPS = (
    "Meanwhile: wash gently twice a day, use a plain moisturiser and lip balm, and try not to squeeze or pick. "
    "Come back or contact your clinic if it lasts more than 8 weeks, gets much worse, or you get open sores, "
    "fever or aching joints."
)


def triage_reply(result: TriageResult, dosing: Optional[DosingSummary], contacts: Contacts) -> str:
    parts: List[str] = [HEADLINE[result.level].format(emergency=contacts.emergency)]
    reasons = [REASON_TEXT[r] for r in result.reasons if r in REASON_TEXT]
    if result.level != "self_care" and reasons:
        parts.append("Why: " + "; ".join(reasons) + ".")
    if result.needs_clinic:
        parts.append("I've passed your answers to your clinic's team.")
    if result.level == "self_care":
        parts.append(SELF_CARE_TIPS)
    if dosing is not None:
        parts.append(dosing_text(dosing))
    parts.append(SOURCES)
    return "\n\n".join(parts)


RAISED_BY_EARLIER_MESSAGES = {
    "emergency": "⚠️ EMERGENCY: together with what you told me earlier, this needs help now. Call {emergency} "
    "or go to the nearest emergency department straight away. Stop taking isotretinoin until a doctor has seen you.",
    "urgent": "⚠️ URGENT: together with what you told me earlier, please contact your prescriber today — "
    "don't wait for your next visit.",
}


def raised_level_reply(level: str, contacts: Contacts) -> str:
    """When symptoms from several messages together reach a higher level than the last one alone."""
    return RAISED_BY_EARLIER_MESSAGES[level].format(emergency=contacts.emergency)


def dosing_text(dosing: DosingSummary) -> str:
    text = f"For your information: your dose works out at {dosing.mg_per_kg_day:.2f} mg/kg/day, {BAND_LABELS[dosing.band]}."
    if dosing.cumulative_mg_per_kg is not None:
        text += (
            f" So far that's roughly {dosing.cumulative_mg_per_kg:.0f} mg/kg of the usual 120–150 mg/kg course."
        )
    if dosing.early_flare_high_start:
        text += (
            " Guidelines often start at a lower dose to prevent early flares — something to raise at your next visit."
        )
    return text + " This is not an instruction: don't change your dose without your prescriber."


def action_server_unavailable(contacts: Contacts) -> str:
    """Said by the Rasa server itself when the action server is slow or down (runtime/action_timeout.py)."""
    return (
        "Sorry, this is taking longer than usual, so I couldn't finish that. "
        "Please send your last message again in a minute. "
        f"If you need help now, contact your clinic; in an emergency, call {contacts.emergency}."
    )
