"""The flare form's questions, one place: text and quick replies per slot.

Each question names the answer it expects, so a re-ask is just the question again.
"""
from __future__ import annotations

from typing import Dict, List, NamedTuple


class Question(NamedTuple):
    text: str
    buttons: List[Dict[str, str]]
    examples: str  # added to a second re-ask, when the first one did not help


# Payloads are intents (with the entity for the extent), so a tap fills the slot
# without going through the classifier, on every channel.
YES_NO = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


def extent_payload(level: str) -> str:
    return f'/inform{{"flare_extent": "{level}"}}'


QUESTIONS: Dict[str, Question] = {
    "flare_extent": Question(
        "How bad is the flare right now?",
        [
            {"title": "Mild — a few new spots", "payload": extent_payload("mild")},
            {"title": "Moderate — many inflamed spots", "payload": extent_payload("moderate")},
            {"title": "Severe — large painful lumps or cysts all over", "payload": extent_payload("severe")},
        ],
        "Tap one of the options, or write mild, moderate or severe.",
    ),
    "skin_breakdown": Question(
        "Are any of the spots open, bleeding, oozing or crusted over?", YES_NO, "Tap Yes or No, or just type yes or no."
    ),
    "systemic_symptoms": Question(
        "Do you have a fever, aching joints, bones or muscles, or feel generally unwell?",
        YES_NO,
        "Tap Yes or No, or just type yes or no.",
    ),
    "treatment_week": Question(
        "How long ago did you take your first isotretinoin dose? (for example \"6 weeks\" or \"since mid-October\")",
        [],
        "You can write it like \"3 weeks\", \"2 months\" or \"since 1 October\".",
    ),
    "flare_duration_weeks": Question(
        "How long has this flare been going on? (for example \"10 days\" or \"about a month\")",
        [],
        "You can write it like \"5 days\", \"2 weeks\" or \"since last Monday\".",
    ),
    "daily_dose_mg": Question(
        "How many milligrams of isotretinoin do you take in total each day? "
        "(for example \"20 mg\" or \"2 x 20 mg\")",
        [],
        "You'll find the strength on the packet, e.g. \"20 mg\"; if you take two capsules, write \"2 x 20 mg\".",
    ),
    "weight_kg": Question(
        "And your weight? Kilograms, pounds or stone are all fine (for example \"62 kg\" or \"9 stone 4\").",
        [],
        "You can write it like \"62 kg\", \"140 lb\" or \"9 stone 4\".",
    ),
}
