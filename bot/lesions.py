"""Lesion descriptions in free text -> normalised lesion types.

Patients name their spots in many ways ("cystic ones", "pus-filled spots",
"blind pimples", "white heads"); the clinic wants one word per kind. The
types are the ones a dermatologist uses for acne lesions:

=========== ==================================================================
value       what patients write
=========== ==================================================================
nodule      nodule(s), nodular, lump(s), blind pimple(s)/spot(s), under-the-skin spots
cyst        cyst(s), cystic (acne/spots/ones…), common misspellings ("cists")
pustule     pustule(s), pustular, pus-filled spots, yellow heads
papule      papule(s), red bumps
whitehead   whitehead(s), white heads, closed comedone(s)
blackhead   blackhead(s), black heads, open comedone(s)
comedone    comedone(s), clogged/blocked pores
=========== ==================================================================

Decisions:

* Generic words ("spots", "pimples", "zits", "breakout") name no type and are
  not reported; a type word with a generic noun after it ("cystic spots",
  "pus-filled pimples") is reported as one span.
* A negated mention is skipped ("no cysts", "not cystic", "without any
  nodules", "haven't got whiteheads"): the negation must come at most three
  words before the mention, in the same clause (a comma, "but" or "and" ends it);
  "not sure" denies nothing (bot/negation.py).
* Pure and total: any input (non-str, 10 000 characters, emoji, HTML) returns
  a list, never raises; regexes have no nested quantifiers, so time is linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

from bot import negation

__all__ = ["LESION_TYPES", "Lesion", "find_lesions"]

LESION_TYPES = ("nodule", "cyst", "pustule", "papule", "whitehead", "blackhead", "comedone")

# Generic nouns a type word may qualify: "cystic spots", "pus-filled ones".
_NOUN = r"(?:\s+(?:acne|spots?|pimples?|zits?|bumps?|lumps?|ones?|breakouts?|lesions?))"
_PATTERNS = (
    # Open/closed comedones first, so "closed comedones" is not read as plain "comedone".
    ("whitehead", r"white[\s-]?heads?|whiteheds?|closed\s+comedo(?:nes?|s)?"),
    ("blackhead", r"black[\s-]?heads?|blackheds?|open\s+comedo(?:nes?|s)?"),
    ("comedone", r"comedo(?:nes?|s)?|(?:clogged|blocked)\s+pores?"),
    ("cyst", rf"cysts?|cists?|cystic{_NOUN}?"),
    ("nodule", rf"nodules?|noduals?|nodular{_NOUN}?|lumps?|blind\s+(?:spots?|pimples?|zits?)"
               r"|under[\s-]the[\s-]skin\s+(?:spots?|pimples?|bumps?|ones?)"
               r"|(?:spots?|pimples?|bumps?)\s+under\s+the\s+skin"),
    ("pustule", rf"pustules?|pustular{_NOUN}?|pus[\s-]?filled{_NOUN}?|puss?\s+(?:spots?|pimples?|bumps?)"
                r"|yellow[\s-]?heads?"),
    ("papule", r"papules?|red\s+bumps?"),
)
_LESION = re.compile(
    "|".join(rf"(?P<{kind}>\b(?:{rx})\b)" for kind, rx in _PATTERNS), re.IGNORECASE
)
_NEGATION = negation.Cues(
    negations=frozenset({"no", "not", "never", "without", "none", "zero", "nor", "neither"}),
    phrases=(("free", "of"),),
    reach=2,  # at most three words before the mention, the negation one of them
    hedges=negation.PLAIN_HEDGES,
    scope_ends=negation.PLAIN_SCOPE_ENDS | {"and"},
)


@dataclass(frozen=True)
class Lesion:
    value: str  # one of LESION_TYPES
    start: int  # character offsets in the text given
    end: int


def find_lesions(text: object) -> List[Lesion]:
    """Every non-negated lesion description in ``text``, in order, with its span."""
    if not isinstance(text, str):
        return []
    found = []
    for match in _LESION.finditer(text):
        if not negation.negated_in_text(text, match.start(), _NEGATION):
            found.append(Lesion(match.lastgroup, match.start(), match.end()))
    return found
