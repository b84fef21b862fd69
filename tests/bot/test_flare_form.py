"""bot/flare_form.py: the one definition of the flare form, and what is derived from it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot import form_slots
from bot.contract import FLAG_FILLS_SLOT, QUANTITY_SLOT
from bot.corrections import LABELS, Correction, confirmation
from bot.flare_form import FIELD, FIELDS, FORM_SLOTS, answers
from bot.triage import FLARE_FIELDS, FlareFacts
from bot.units import LIMITS

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.slot)
def test_every_row_is_complete(field):
    assert field.question and field.examples and "default" in field.reasks
    assert (field.slot_type == "categorical") == bool(field.values)
    assert field.limits is None or (field.slot_type == "float" and field.limits in LIMITS)
    assert field.slot_type != "float" or field.limits  # a number from an entity is always range-checked


def test_slots_are_the_flare_details_triage_reads():
    assert len(FORM_SLOTS) == len(set(FORM_SLOTS))
    assert set(FORM_SLOTS) == set(FLARE_FIELDS)


def test_quantity_kinds_are_the_contracts_quantity_map():
    assert {f.quantity: f.slot for f in FIELDS if f.quantity} == QUANTITY_SLOT


def test_red_flags_fill_only_yes_no_questions():
    assert all(FIELD[slot].slot_type == "bool" for slot in FLAG_FILLS_SLOT.values())


def test_corrections_confirm_every_labelled_answer_with_the_rows_label():
    assert LABELS == {f.slot: f.label for f in FIELDS if f.label}
    fixed = Correction("daily_dose_mg", 40.0, 30.0)
    assert confirmation([fixed]) == "Thanks — I've changed your daily dose from 40 mg to 30 mg."


def test_answers_are_one_value_per_slot():
    facts = FlareFacts(treatment_week=6.0, flare_extent="mild", red_flags=frozenset({"fever"}))
    values = answers(facts)
    assert list(values) == list(FORM_SLOTS)
    assert values["treatment_week"] == 6.0 and values["flare_extent"] == "mild" and values["weight_kg"] is None


def test_validation_reads_the_row(monkeypatch):
    """Changing a row changes the validation: no other table to edit."""
    dose = replace(FIELD["daily_dose_mg"], limits="weight_kg", reasks={"default": "Which dose?"}, examples="Like 20 mg.")
    monkeypatch.setitem(FIELD, "daily_dose_mg", dose)
    assert form_slots.check_slot("daily_dose_mg", 250, TODAY).ok  # weight's limits now: 25-300
    assert form_slots.check_slot("daily_dose_mg", "??", TODAY, attempt=2).reask == "Which dose? Like 20 mg."


def test_the_questions_a_red_flag_answers_are_the_contracts():
    assert {field.flag: field.slot for field in FIELDS if field.flag} == FLAG_FILLS_SLOT
