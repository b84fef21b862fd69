"""Slots filled without the form's validation never reach triage or the stored records.

A typed payload outside the form ("/greet{"daily_dose_mg": "DROP TABLE"}"), an
entity, or an answer the action server was too slow to validate can leave any
JSON value in a flare slot; actions/tracker_facts.py checks each again.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from actions.escalation import ActionRecordEscalation
from actions.flare_form import ActionSubmitFlare
from actions.tracker_facts import flare_facts
from bot.flare_form import FIELD, FORM_SLOTS
from bot.units import LIMITS
from storage.database import session_scope
from storage.records import FlareReport
from tests.actions.conftest import tracker_from
from tests.support.hostile import hostile_text, json_values
from tests.support.fuzz_profile import fuzz

junk_slots = st.dictionaries(st.sampled_from(FORM_SLOTS), st.one_of(json_values, hostile_text, st.integers()), min_size=1)


@fuzz(150)
@given(junk_slots)
def test_flare_facts_hold_only_values_the_form_would_accept(slots):
    facts = flare_facts(tracker_from("mild_flare_complete", slots=slots))
    for slot in FORM_SLOTS:
        value = getattr(facts, slot)
        if value is None:
            continue
        if FIELD[slot].limits:
            low, high = LIMITS[FIELD[slot].limits]
            assert isinstance(value, float) and low <= value <= high
        elif slot == "flare_extent":
            assert value in ("mild", "moderate", "severe")
        else:
            assert isinstance(value, bool)


def test_junk_slots_are_stored_as_unknown_not_as_junk(database, dispatcher):
    """Regression: a string dose crashed the submit action (and a 4000 mg dose was stored)."""
    tracker = tracker_from("mild_flare_complete", slots={"daily_dose_mg": "DROP TABLE", "weight_kg": 9999})
    ActionSubmitFlare().run(dispatcher, tracker, {})
    with session_scope() as session:
        report = session.execute(select(FlareReport)).scalar_one()
        assert report.daily_dose_mg is None and report.weight_kg is None
        assert report.triage_level == "doctor_soon"  # missing information never lowers a level


def test_an_escalation_with_junk_slots_is_still_recorded(database, dispatcher):
    tracker = tracker_from("red_flag_mid_form", slots={"daily_dose_mg": {"a": [1]}, "weight_kg": "heavy"})
    ActionRecordEscalation().run(dispatcher, tracker, {})
    assert "clinic" in " ".join(m.get("text") or "" for m in dispatcher.messages)
