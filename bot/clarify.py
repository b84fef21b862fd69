"""The clarifying fallback: what to offer when neither the classifier nor the knowledge search is sure.

When a message falls below the classifier's threshold (``nlu_fallback``) and
the knowledge search has no confident answer either, the patient is asked
"Did you mean …?" with the one or two topics the classifier found most likely,
plus "Something else" (answered with ``CAN_HELP``) and the clinic. Topics are
offered only when the classifier gave them some real weight; otherwise the
question is declined honestly rather than guessed at.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, NamedTuple, Optional, Sequence

# Intents a patient can be offered, with the button title that names them.
OFFERS: Mapping[str, str] = {
    "report_flare": "Check my flare",
    "ask_flare_rate": "Is a flare normal?",
    "ask_flare_meaning": "Is a flare a good or bad sign?",
    "ask_flare_duration": "How long a flare lasts",
    "ask_mechanism": "Why isotretinoin causes flares",
    "ask_prevention": "Preventing a flare",
    "ask_skin_care": "Skin care during treatment",
    "ask_diet": "Food and diet",
    "ask_lifestyle": "Everyday life on isotretinoin",
    "ask_dose": "My dose",
    "ask_see_doctor": "When to see a doctor",
}
# Only the classifier's top guesses are candidates, and only with at least this
# confidence: below it the guess is noise and offering it would mislead.
CANDIDATES_CONSIDERED = 2
MIN_CONFIDENCE = 0.2

CLARIFY = "I'm not sure I understood, and I don't have a checked answer for that. Did you mean one of these?"
CAN_HELP = (
    "I can help with questions about acne flares on isotretinoin — whether a flare is normal, how long it lasts, "
    "skin care, diet and your dose — and I can check your flare with a few questions. For anything else, "
    "your clinic's team is the right place: tap \"Talk to the clinic\" or say \"talk to a person\"."
)
# Off-topic ("what's the weather", "book me a flight"): declined with what FlareCare does. Never the
# clinic: its team is there for care, and this assistant exists to save their time.
OFF_TOPIC = (
    "Sorry, that's outside what I can help with. I'm FlareCare: I answer questions about isotretinoin and "
    "acne flares, and I can check a flare with you in a few questions."
)
OFF_TOPIC_BUTTONS = [
    {"title": "Check my flare", "payload": "/report_flare"},
    {"title": "Is a flare normal?", "payload": "/ask_flare_rate"},
]
SOMETHING_ELSE = {"title": "Something else", "payload": "/something_else"}
TALK_TO_CLINIC = {"title": "Talk to the clinic", "payload": "/request_human"}


class Offer(NamedTuple):
    intent: str
    title: str

    @property
    def button(self) -> Dict[str, str]:
        return {"title": self.title, "payload": f"/{self.intent}"}


def clarifying_offers(ranking: Optional[Sequence[Mapping[str, Any]]]) -> List[Offer]:
    """The topics to offer from an NLU intent ranking (best first); empty when nothing is likely enough.

    ``nlu_fallback`` itself is skipped; of the next ``CANDIDATES_CONSIDERED``
    intents, those a patient can be offered with ``MIN_CONFIDENCE`` or more are kept.
    """
    guesses = [item for item in ranking or [] if isinstance(item, Mapping) and item.get("name") != "nlu_fallback"]
    offers = []
    for item in guesses[:CANDIDATES_CONSIDERED]:
        name, confidence = item.get("name"), item.get("confidence")
        if name in OFFERS and isinstance(confidence, (int, float)) and confidence >= MIN_CONFIDENCE:
            offers.append(Offer(name, OFFERS[name]))
    return offers


def clarifying_buttons(offers: Sequence[Offer]) -> List[Dict[str, str]]:
    """The offered topics, then "Something else" and the clinic."""
    return [offer.button for offer in offers] + [SOMETHING_ELSE, TALK_TO_CLINIC]
