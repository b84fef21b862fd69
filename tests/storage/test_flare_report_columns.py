"""storage/records.py stores every flare-form answer in its own column."""
from __future__ import annotations

from bot.flare_form import FIELDS
from storage.records import FlareReport

COLUMN_TYPE = {"float": "FLOAT", "bool": "BOOLEAN", "categorical": "VARCHAR"}


def test_every_form_slot_has_a_column_of_its_type():
    columns = FlareReport.__table__.columns
    for field in FIELDS:
        assert str(columns[field.slot].type).startswith(COLUMN_TYPE[field.slot_type]), field.slot
