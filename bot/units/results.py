"""What every parser returns: ``Parsed`` (a value, or a problem code and its detail), the
``Quantity`` that ``extract_quantities`` finds, the valid ranges and the never-raise guard.

Details by problem: wrong_unit -> the unit seen ("kg", "lb", "st", "mg", "g", "mcg", "mg/kg",
"capsule", "cm", "ft", "day", "week", "month", "year", "hour", "minute", "time", "fortnight",
"°C", "°F", "°", "ml", "%"); out_of_range -> "mg", "kg", "weeks", "date" (a future date) or the
scale typed ("°C"/"°F"); ambiguous -> "mg", "kg", "weeks", "date", or "but" for yes/no.
An unexpected internal error gives "unclear" with detail "internal_error" (tests assert it
never happens). Range checks apply to the rounded value.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable


# Valid ranges, inclusive, except a dose of 0 mg/day which is out of range: (0, 200].
# Bare temperatures 34–43 are read as Celsius and 93–110 as Fahrenheit.
LIMITS = {
    "dose_mg": (0.0, 200.0),
    "weight_kg": (25.0, 300.0),
    "weeks": (0.0, 104.0),
    "temp_c": (34.0, 43.0),
    "temp_f": (93.0, 110.0),
}

EMPTY, NO_NUMBER, WRONG_UNIT = "empty", "no_number", "wrong_unit"
OUT_OF_RANGE, AMBIGUOUS, UNCLEAR = "out_of_range", "ambiguous", "unclear"


@dataclass(frozen=True)
class Parsed:
    value: float | bool | str | None
    problem: str | None  # None when ok; else one of the six problem codes above
    detail: str = ""  # e.g. the unit it saw ("mg") for a wrong_unit re-ask

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class Quantity:
    kind: str  # "dose" | "weight" | "duration" | "temperature"
    value: float  # mg/day, kg, weeks, °C
    start: int  # char offsets in the original text
    end: int
    role: str | None  # durations: "treatment" | "flare" | None


def _fail(problem: str, detail: str = "") -> Parsed:
    return Parsed(None, problem, detail)


def _never_raises(fallback: Callable[[], object]):
    """A form must never crash on odd input. The tests assert the fallback never fires."""

    def wrap(fn):
        @functools.wraps(fn)
        def safe(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception:  # noqa: BLE001 — deliberately broad; nothing is logged (health data)
                return fallback()

        return safe

    return wrap


INTERNAL_ERROR = "internal_error"  # Parsed.detail of the last-resort fallback


def _internal() -> Parsed:
    return _fail(UNCLEAR, INTERNAL_ERROR)
