"""Validation of the flare form's answers, pure, from the form's definition (bot/flare_form.py).

``check_slot`` takes what the patient typed (or a number already extracted from
an entity) and returns the value to store or a short, specific re-ask. The form
then repeats its question, which names the expected unit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Collection, Optional, Union

from bot.flare_form import FIELD, FormField
from bot.units import LIMITS, Parsed

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


# How a unit the patient used reads in a re-ask ("That looks like a time, not a dose.").
UNIT_PHRASE = {
    "mg": "a dose in mg", "g": "an amount in grams", "mcg": "an amount in micrograms", "mg/kg": "a dose per kg",
    "kg": "a weight", "lb": "a weight", "st": "a weight", "cm": "a height", "ft": "a height",
    "minute": "a time", "hour": "a time", "time": "a time of day", "day": "a number of days",
    "week": "a number of weeks", "month": "a number of months", "year": "a number of years",
    "fortnight": "a number of weeks", "capsule": "a number of capsules", "°C": "a temperature",
    "°F": "a temperature", "°": "a temperature", "ml": "a volume", "%": "a percentage",
}


def _reask(field: FormField, parsed: Parsed) -> str:
    template = field.reasks.get(parsed.problem or "", field.reasks["default"])
    return template.format(detail=UNIT_PHRASE.get(parsed.detail, "something else"))


def _number_in_range(field: FormField, number: Union[int, float]) -> Parsed:
    try:
        value = float(number)
    except OverflowError:  # an int beyond float's range (a typed "/inform" payload can carry one)
        return Parsed(None, "out_of_range")
    low, high = LIMITS[field.limits]
    if low <= value <= high and not (field.positive and value <= 0):
        return Parsed(value, None)
    return Parsed(None, "out_of_range")


def check_slot(
    slot: str, answer: Answer, today: date, attempt: int = 1, red_flags: Collection[str] = ()
) -> SlotCheck:
    """Validate the ``attempt``-th answer for ``slot`` (a flare-form slot name).

    ``red_flags``: the codes the message's reading found (bot/reading.py); a typed
    answer to a question a red flag answers (``FormField.flag``) is a yes when its
    code is among them. A second unusable answer gets examples with its re-ask;
    the third gives up.
    """
    if slot not in FIELD:
        raise KeyError(f"not a flare-form slot: {slot}")
    field = FIELD[slot]
    if isinstance(answer, bool):
        parsed = Parsed(answer, None) if field.slot_type == "bool" else Parsed(None, "unclear")
    elif isinstance(answer, (int, float)) and field.limits:
        parsed = _number_in_range(field, answer)
    elif isinstance(answer, str) and field.flag is not None and field.flag in red_flags:
        parsed = Parsed(True, None)
    elif isinstance(answer, str):
        parsed = field.parse(answer, today)
    else:
        parsed = Parsed(None, "empty")
    if parsed.ok:
        return SlotCheck(parsed.value)
    if attempt >= MAX_ATTEMPTS:
        return SlotCheck(None, GIVE_UP, give_up=True)
    reask = _reask(field, parsed)
    if attempt >= 2:
        reask = f"{reask} {field.examples}"
    return SlotCheck(None, reask)
