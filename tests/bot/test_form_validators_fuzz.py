"""Fuzz the flare form's validation (bot/form_slots.py) with what a payload or entity can carry.

tests/bot/test_form_slots.py and test_units_properties.py already throw
arbitrary text at the parsers; here the answers are any JSON value (a typed
"/inform{...}" payload fills slots with whatever it holds), at any attempt.
"""
from __future__ import annotations

import math
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.flare_form import FIELD, FORM_SLOTS
from bot.form_slots import check_slot
from bot.units import LIMITS
from tests.support.hostile import hostile_text, json_values
from tests.support.fuzz_profile import fuzz

TODAY = date(2026, 11, 25)
answers = st.one_of(json_values, hostile_text, st.integers(), st.floats(), st.binary(max_size=20))


def assert_value_or_reask(slot: str, check) -> None:
    assert check.ok != bool(check.reask), "exactly one of a value and a re-ask"
    if not check.ok:
        return
    value = check.value
    if FIELD[slot].limits:
        low, high = LIMITS[FIELD[slot].limits]
        assert isinstance(value, float) and not math.isnan(value) and low <= value <= high
    elif slot == "flare_extent":
        assert value in ("mild", "moderate", "severe")
    else:
        assert isinstance(value, bool)


@fuzz(150)
@given(st.sampled_from(FORM_SLOTS), answers, st.integers(min_value=1, max_value=5))
def test_any_json_answer_gives_a_value_within_limits_or_a_reask(slot, answer, attempt):
    assert_value_or_reask(slot, check_slot(slot, answer, TODAY, attempt))


@fuzz(50)
@given(st.sampled_from([s for s in FORM_SLOTS if FIELD[s].limits]),
       st.integers(min_value=10**308, max_value=10**1000) | st.integers(max_value=-(10**308), min_value=-(10**1000)))
def test_integers_beyond_float_range_are_out_of_range_not_a_crash(slot, number):
    check = check_slot(slot, number, TODAY)
    assert check.value is None
    assert "out of range" in check.reask or "doesn't look right" in check.reask


def test_a_huge_integer_dose_regression():
    """Found by fuzzing: /inform{"daily_dose_mg": 999…9} crashed validation with OverflowError."""
    check = check_slot("daily_dose_mg", int("9" * 400), TODAY)
    assert check.value is None and "out of range" in check.reask
