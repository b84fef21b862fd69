"""Validation of the flare form's answers: one function per slot, pure.

Each takes what the patient typed (or a number already extracted from an
entity) and returns the value to store or a short, specific re-ask. The form
then repeats its question, which names the expected unit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable, Dict, Optional, Union

from bot.form_questions import QUESTIONS
from bot.red_flag_scan import detect
from bot.units import (
    LIMITS,
    Parsed,
    parse_dose_mg,
    parse_flare_extent,
    parse_weeks,
    parse_weight_kg,
    parse_yes_no,
)

Answer = Union[str, float, int, bool, None]


# After this many unusable answers to one question the form stops asking it
# and offers the clinic, rather than going round in circles.
MAX_ATTEMPTS = 3
GIVE_UP = (
    "I'm having trouble with that one, so let's not go round in circles. "
    "I'll work with what you've told me so far, and your clinic's team can help with the rest."
)


@dataclass(frozen=True)
class SlotCheck:
    value: Any  # None when the answer was not usable
    reask: Optional[str] = None
    give_up: bool = False

    @property
    def ok(self) -> bool:
        return self.value is not None


PROBLEM_TEXT: Dict[str, Dict[str, str]] = {
    "daily_dose_mg": {
        "wrong_unit": "That looks like {detail}, not a dose.",
        "out_of_range": "That dose looks out of range for isotretinoin — please check the packet.",
        "default": "Sorry, I couldn't read a dose there.",
    },
    "weight_kg": {
        "wrong_unit": "That looks like {detail}, not a weight.",
        "out_of_range": "That weight looks out of range — could you check it?",
        "default": "Sorry, I couldn't read a weight there.",
    },
    "treatment_week": {
        "out_of_range": "That doesn't look right for how long you've been taking it.",
        "default": "Sorry, I couldn't tell how long you've been taking it.",
    },
    "flare_duration_weeks": {
        "out_of_range": "That doesn't look right for how long the flare has lasted.",
        "default": "Sorry, I couldn't tell how long the flare has lasted.",
    },
    "flare_extent": {"default": "Sorry, I didn't catch how bad it is — you can tap one of the options."},
    "skin_breakdown": {"default": "Sorry, I didn't catch that — a yes or no is enough."},
    "systemic_symptoms": {"default": "Sorry, I didn't catch that — a yes or no is enough."},
}

LIMIT_KEY = {
    "daily_dose_mg": "dose_mg",
    "weight_kg": "weight_kg",
    "treatment_week": "weeks",
    "flare_duration_weeks": "weeks",
}


# How a unit the patient used reads in a re-ask ("That looks like a time, not a dose.").
UNIT_PHRASE = {
    "mg": "a dose in mg", "g": "an amount in grams", "mcg": "an amount in micrograms", "mg/kg": "a dose per kg",
    "kg": "a weight", "lb": "a weight", "st": "a weight", "cm": "a height", "ft": "a height",
    "minute": "a time", "hour": "a time", "time": "a time of day", "day": "a number of days",
    "week": "a number of weeks", "month": "a number of months", "year": "a number of years",
    "fortnight": "a number of weeks", "capsule": "a number of capsules", "°C": "a temperature",
    "°F": "a temperature", "°": "a temperature", "ml": "a volume", "%": "a percentage",
}


def _reask(slot: str, parsed: Parsed) -> str:
    texts = PROBLEM_TEXT[slot]
    template = texts.get(parsed.problem or "", texts["default"])
    return template.format(detail=UNIT_PHRASE.get(parsed.detail, "something else"))


def _number_in_range(slot: str, number: Union[int, float]) -> Parsed:
    try:
        value = float(number)
    except OverflowError:  # an int beyond float's range (a typed "/inform" payload can carry one)
        return Parsed(None, "out_of_range")
    low, high = LIMITS[LIMIT_KEY[slot]]
    if low <= value <= high and not (slot in ("daily_dose_mg", "weight_kg") and value <= 0):
        return Parsed(value, None)
    return Parsed(None, "out_of_range")


def _yes_no_or_flag(code: str) -> Callable[[str, date], Parsed]:
    """A yes/no answer, or a description that the red-flag detector recognises."""

    def parse(text: str, _today: date) -> Parsed:
        if code in detect(text).codes:
            return Parsed(True, None)
        return parse_yes_no(text)

    return parse


PARSERS: Dict[str, Callable[[str, date], Parsed]] = {
    "daily_dose_mg": lambda text, _today: parse_dose_mg(text),
    "weight_kg": lambda text, _today: parse_weight_kg(text),
    "treatment_week": parse_weeks,
    "flare_duration_weeks": parse_weeks,
    "flare_extent": lambda text, _today: parse_flare_extent(text),
    "skin_breakdown": _yes_no_or_flag("skin_breakdown"),
    "systemic_symptoms": _yes_no_or_flag("systemic_symptoms"),
}

FORM_SLOTS = tuple(PARSERS)


def check_slot(slot: str, answer: Answer, today: date, attempt: int = 1) -> SlotCheck:
    """Validate the ``attempt``-th answer for ``slot`` (a flare-form slot name).

    A second unusable answer gets examples with its re-ask; the third gives up.
    """
    if slot not in PARSERS:
        raise KeyError(f"not a flare-form slot: {slot}")
    if isinstance(answer, bool):
        parsed = Parsed(answer, None) if slot in ("skin_breakdown", "systemic_symptoms") else Parsed(None, "unclear")
    elif isinstance(answer, (int, float)) and slot in LIMIT_KEY:
        parsed = _number_in_range(slot, answer)
    elif isinstance(answer, str):
        parsed = PARSERS[slot](answer, today)
    else:
        parsed = Parsed(None, "empty")
    if parsed.ok:
        return SlotCheck(parsed.value)
    if attempt >= MAX_ATTEMPTS:
        return SlotCheck(None, GIVE_UP, give_up=True)
    reask = _reask(slot, parsed)
    if attempt >= 2:
        reask = f"{reask} {QUESTIONS[slot].examples}"
    return SlotCheck(None, reask)
