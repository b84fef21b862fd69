"""Corrections in the middle of the flare form: "actually it's 30mg not 40", "sorry I meant 8 weeks".

Pure: the caller passes what the patient typed, the quantities its reading
found (bot/reading.py), the answers given before this message and which
question is being asked; this module says which earlier answers change, to
what, and how to confirm it in one short sentence.

How an earlier answer gets corrected (the README's "Decisions" repeats this):

* A quantity with a unit for a question already answered replaces the answer
  when its value differs ("actually it's 30mg" while the weight is asked). The
  latest thing the patient said wins, and the reply says what changed, so a
  misreading is visible and can be corrected again.
* A value after "not" / "instead of" / "rather than" is the wrong one and is
  dropped ("30mg not 40mg"). Bare numbers count only in that shape: "30 not 40"
  corrects the answer that was 40.
* A duration that does not say what it measures ("sorry I meant 8 weeks") is
  a correction only with a correction word (actually, sorry, I meant, wait,
  oops, correction, typo…), and then it is for the duration answered last (the
  question before the one being asked); without one it is simply the answer to
  the current question.
* The flare's extent changes only with a correction word and the level's own
  word ("sorry, I meant severe"): descriptive words ("bad", "sore") are too
  common in other answers to be read as a change of mind.
* A yes to open spots or feeling unwell is never taken back here: a possible
  red flag stays for the clinic to review.
* Two different new values for one answer ("from 20mg to 40mg" while the
  weight is asked) are not guessed between; the earlier answer stays.
* An impossible new value is not stored; the patient is told and the earlier
  answer stays.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot import negation
from bot.contract import QUANTITY_SLOT
from bot.flare_form import DURATION_SLOTS, FIELD
from bot.form_slots import check_slot
from bot.units import Quantity

# How each answer reads in a confirmation: what it is, and its value with the unit
# (bot/flare_form.py); corrections are confirmed quantities first, then the extent.
LABELS = {slot: FIELD[slot].label for slot in (*QUANTITY_SLOT.values(), "flare_extent")}

_CUE = re.compile(
    r"\b(?:actually|sorry|i\s+meant|i\s+mean|meant\s+to\s+say|wait|oops|whoops|correction|typo|my\s+(?:bad|mistake)"
    r"|mistake|wrong|should\s+(?:be|have\s+said)|make\s+that|change\s+(?:it|that))\b",
    re.IGNORECASE,
)
# "not 40", "not the 40mg", "instead of 40", "rather than 40 mg", "isn't 40": the wrong value.
_WRONG_VALUE = negation.Cues(
    negations=frozenset({"not"}), phrases=(("instead", "of"), ("rather", "than")), reach=1,
    hedges=negation.PLAIN_HEDGES, scope_ends=negation.PLAIN_SCOPE_ENDS,
)
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?(?![\d])")
_LEVEL = re.compile(r"\b(mild|moderate|severe)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    slot: str
    old: Any
    new: Any  # None: the new value was impossible, the old one is kept
    problem: Optional[str] = None  # the re-ask text when new is None

    @property
    def kept(self) -> Any:
        """The value the slot holds after this correction."""
        return self.old if self.new is None else self.new


def find_corrections(
    text: str,
    quantities: Sequence[Quantity],
    answered: Mapping[str, Any],
    asking: Optional[str],
    last_answered: Optional[str],
    today: date,
) -> List[Correction]:
    """Changes to earlier answers in ``text`` (in the order of ``LABELS``).

    ``quantities`` are the ones the message's reading found in ``text``
    (bot/reading.py: bot.units.extract_quantities, spans into ``text``). ``answered`` holds the flare-form answers given before this message (slot ->
    value, unanswered ones left out); ``asking`` is the question being asked now,
    which is answered, not corrected; ``last_answered`` the question asked before it.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    has_cue = bool(_CUE.search(text))
    candidates: Dict[str, List[Any]] = {}
    for quantity in quantities:
        if _is_negated(text, quantity.start):
            continue
        slot = _slot_for(quantity, answered, asking, last_answered, has_cue)
        if slot:
            candidates.setdefault(slot, []).append(quantity.value)
    if not candidates:
        candidates.update(_bare_number_swap(text, answered, asking))
    if has_cue and "flare_extent" in answered and asking != "flare_extent":
        levels = {m.group(1).lower() for m in _LEVEL.finditer(text) if not _is_negated(text, m.start())}
        if levels:
            candidates["flare_extent"] = sorted(levels)
    corrections = []
    for slot in LABELS:
        values = candidates.get(slot, [])
        if slot not in answered or slot == asking or len(set(values)) != 1:
            continue
        correction = _correction(slot, answered[slot], values[0], today)
        if correction:
            corrections.append(correction)
    return corrections


def confirmation(corrections: List[Correction]) -> str:
    """One short message: what changed, and what could not be changed."""
    changed = [c for c in corrections if c.new is not None]
    parts = []
    if changed:
        items = [f"{LABELS[c.slot][0]} from {_show(c.slot, c.old)} to {_show(c.slot, c.new)}" for c in changed]
        parts.append(f"Thanks — I've changed {_join(items)}.")
    for c in corrections:
        if c.new is None:
            parts.append(f"{c.problem} I've kept {_show(c.slot, c.old)} for now.")
    return " ".join(parts)


def noted(values: Mapping[str, Any]) -> str:
    """The word of thanks for answers to questions not yet asked: "Thanks, noted your weight: 75 kg."."""
    items = [f"{LABELS[slot][0]}: {_show(slot, value)}" for slot, value in values.items() if slot in LABELS]
    return f"Thanks, noted {_join(items)}." if items else "Thanks, noted."


def _slot_for(
    quantity: Quantity, answered: Mapping[str, Any], asking: Optional[str], last_answered: Optional[str], has_cue: bool
) -> Optional[str]:
    slot = QUANTITY_SLOT.get((quantity.kind, quantity.role))
    if slot or quantity.kind != "duration" or not has_cue:
        return slot
    # "sorry I meant 8 weeks": the duration answered last, else the only one answered.
    if last_answered in DURATION_SLOTS and last_answered != asking:
        return last_answered
    others = [s for s in DURATION_SLOTS if s in answered and s != asking]
    return others[0] if len(others) == 1 else None


def _bare_number_swap(text: str, answered: Mapping[str, Any], asking: Optional[str]) -> Dict[str, List[Any]]:
    """'30 not 40': the answer that was 40 becomes 30 (one such answer, one other number)."""
    numbers = [(_number(m.group()), _is_negated(text, m.start())) for m in _NUMBER.finditer(text)]
    wrong = {n for n, negated in numbers if negated}
    right = {n for n, _ in numbers if n not in wrong}
    if len(wrong) != 1 or len(right) != 1:
        return {}
    old = wrong.pop()
    slots = [s for s in QUANTITY_SLOT.values() if s != asking and _same(answered.get(s), old)]
    return {slots[0]: [right.pop()]} if len(slots) == 1 else {}


def _correction(slot: str, old: Any, new: Any, today: date) -> Optional[Correction]:
    if _same(old, new):
        return None
    check = check_slot(slot, new, today)
    if not check.ok:
        return Correction(slot, old, None, check.reask)
    return None if _same(old, check.value) else Correction(slot, old, check.value)


def _is_negated(text: str, start: int) -> bool:
    return negation.negated_in_text(text, start, _WRONG_VALUE)


def _number(raw: str) -> float:
    return float(raw.replace(",", "."))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 1e-6
    return a == b


def _show(slot: str, value: Any) -> str:
    return LABELS[slot][1].format(value)


def _join(items: List[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

