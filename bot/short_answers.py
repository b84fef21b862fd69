"""Whether a message is only a quantity or a severity word: an answer to the flare form.

"60kg", "twenty milligrams", "2x20mg", "a fortnight", "since mid-October",
"moderate I guess": such a message answers one of the flare form's questions,
whatever the intent classifier makes of it (components/short_answers.py).

A message is a bare answer when, after the quantities ``bot.units`` found
(dose, weight, duration, temperature) and the severity words are taken out,
only filler words are left ("about", "roughly", "a day", "I think", and the
words of a correction: "sorry, I meant 8 weeks", "actually it's 30mg not 40").
Anything else — a question word, a verb, a body part — is not. A typed
"/intent" payload never is.
"""
from __future__ import annotations

import re
from typing import Sequence

from bot.units import Quantity

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
MAX_LENGTH = 60


def bare_answer(text: str, quantities: Sequence[Quantity], payload: bool) -> bool:
    """True when ``text`` holds a quantity or a severity word and nothing but filler.

    ``quantities`` are bot.units.extract_quantities(text)'s (the message's reading
    has them); ``payload``: the text is a "/intent{...}" payload.
    """
    if not text or payload or len(text) > MAX_LENGTH or "?" in text:
        return False
    lowered = text.lower()
    for quantity in sorted(quantities, key=lambda q: q.start, reverse=True):
        lowered = lowered[: quantity.start] + " " + lowered[quantity.end :]
    words = WORD.findall(lowered.replace("'", "").replace("’", ""))
    if words and words[0] in QUESTION_START:
        return False
    severity = [w for w in words if w in SEVERITY]
    if not quantities and not severity:
        return False
    return all(w in FILLER or w in SEVERITY for w in words)
