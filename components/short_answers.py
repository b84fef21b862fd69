"""Rasa NLU component: a message that is only a quantity or a severity word is an answer.

"60kg", "twenty milligrams", "2x20mg", "a fortnight", "since mid-October",
"moderate I guess": such a message answers one of the flare form's questions
(``inform``), whatever DIET makes of it. DIET learns words, and a bare
"60kg" shares its only word with "is 60kg too heavy for 40mg?" (``ask_dose``),
and "a fortnight" with "flaring for a fortnight" (``report_flare``); the
cross-validation showed exactly these confusions. A deterministic reading
costs nothing and cannot drift with the training data.

A message is a bare answer when, after the quantities that ``bot.units``
finds (dose, weight, duration, temperature) and the severity words are taken
out, only filler words are left ("about", "roughly", "a day", "I think", and
the words of a correction: "sorry, I meant 8 weeks", "actually it's 30mg not 40").
Anything else — a question word, a verb, a body part — leaves DIET's reading
alone. It runs before ``FlareCareExtractor``, which stays authoritative for
red flags (a bare "40 degrees" is still read by the detector first), and
never touches a typed "/intent" payload.
"""
from __future__ import annotations

import re
from datetime import date
from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.training_data.message import Message

from bot.units import extract_quantities
from components.rule_component import RuleComponent, set_sole_intent
from components.typed_payloads import is_payload

INFORM = "inform"
SEVERITY = frozenset({"mild", "moderate", "severe", "mildish", "moderately", "severely"})
FILLER = frozenset(
    """
    about around roughly approx approximately nearly almost just under over maybe probably
    exactly precisely only ish or so currently now total since a an the day daily per each
    every i im think guess reckon say would tbh honestly quite pretty really very fairly
    somewhat kind of sort between and to ago on take weigh its it been for my
    actually sorry meant oops wait no not correction typo make that should be mistake said but
    more like temp temperature was in currently of course somewhere started
    """.split()
)
# A question is never a bare answer ("should it be 20mg", "was it 6 weeks?").
QUESTION_START = frozenset("should was is does do can could would will what how why when which am are".split())
WORD = re.compile(r"[a-z]+")


def bare_answer(text: str) -> bool:
    """True when the message holds a quantity or a severity word and nothing but filler."""
    if not text or is_payload(text) or len(text) > 60 or "?" in text:
        return False
    lowered = text.lower()
    quantities = extract_quantities(text, date.today())
    for quantity in sorted(quantities, key=lambda q: q.start, reverse=True):
        lowered = lowered[: quantity.start] + " " + lowered[quantity.end :]
    words = WORD.findall(lowered.replace("'", "").replace("’", ""))
    if words and words[0] in QUESTION_START:
        return False
    severity = [w for w in words if w in SEVERITY]
    if not quantities and not severity:
        return False
    return all(w in FILLER or w in SEVERITY for w in words)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ShortAnswerClassifier(RuleComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if bare_answer(message.get("text") or ""):
                set_sole_intent(message, INFORM)
        return messages
