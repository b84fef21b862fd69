"""domain.yml and the action server hold the flare form as bot/flare_form.py defines it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rasa_sdk import utils
from rasa_sdk.executor import CollectingDispatcher

from actions.form_questions import AskFormQuestion
from bot.flare_form import FIELD, FIELDS, FORM_SLOTS, NOT_AN_ANSWER
from tests.actions.conftest import tracker_from

DOMAIN = yaml.safe_load((Path(__file__).parents[2] / "domain.yml").read_text(encoding="utf-8"))


def test_the_form_asks_the_definitions_slots_in_order():
    assert DOMAIN["forms"]["flare_form"]["required_slots"] == list(FORM_SLOTS)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.slot)
def test_each_slot_has_the_definitions_type_and_mappings(field):
    slot = DOMAIN["slots"][field.slot]
    assert slot["type"] == field.slot_type
    assert slot.get("values", []) == list(field.values)
    assert slot["influence_conversation"] is False
    assert slot["mappings"] == [
        {"type": "from_entity", "entity": field.slot},
        {
            "type": "from_text",
            "not_intent": list(NOT_AN_ANSWER),
            "conditions": [{"active_loop": "flare_form", "requested_slot": field.slot}],
        },
    ]
    assert field.slot in DOMAIN["entities"]


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.slot)
def test_each_question_is_the_action_servers_and_only_there(field):
    assert field.ask_action in DOMAIN["actions"]
    assert f"utter_ask_{field.slot}" not in DOMAIN["responses"]  # Rasa would prefer neither: one text only


def test_the_action_server_asks_every_question_of_the_definition():
    asks = [cls() for cls in utils.all_subclasses(AskFormQuestion) if not getattr(cls, "__abstractmethods__", None)]
    assert sorted(a.name() for a in asks) == sorted(f.ask_action for f in FIELDS)
    for ask in asks:
        dispatcher = CollectingDispatcher()
        assert ask.run(dispatcher, tracker_from("mild_flare_complete"), {}) == []
        field = FIELD[ask.slot]
        [message] = dispatcher.messages
        assert message["text"] == field.question
        assert message["buttons"] == [dict(b) for b in field.buttons]
