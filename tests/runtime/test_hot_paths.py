"""runtime/hot_paths.py: the cached versions answer exactly as Rasa's own."""
from __future__ import annotations

import inspect

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core import events
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

from runtime import hot_paths

hot_paths.install()
EVENT_CLASSES = all_subclasses(Event)


def test_installed_once():
    resolver = Event.resolve_by_type
    hot_paths.install()
    assert Event.resolve_by_type is resolver and resolver.cached


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.type_name)
def test_every_event_type_resolves_to_the_class_rasa_finds(cls):
    expected = next(c for c in EVENT_CLASSES if c.type_name == cls.type_name)  # Rasa takes the first
    assert Event.resolve_by_type(cls.type_name) is expected
    assert Event.resolve_by_type(cls.type_name) is expected  # and again, from the cache


def test_unknown_type_names_behave_as_before():
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet  # a default is never cached


def test_stored_events_still_deserialise():
    restored = events.deserialise_events([UserUttered("hi", {"name": "greet"}).as_dict(), SlotSet("x", 1).as_dict()])
    assert [type(e) for e in restored] == [UserUttered, SlotSet]


def test_a_valid_action_server_reply_passes():
    remote = RemoteAction("action_x", None)
    assert remote._validate_action_result({"events": [{"event": "slot", "name": "a", "value": 1}], "responses": []})


@pytest.mark.parametrize("reply", [
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"responses": {"text": "not a list"}},
])
def test_an_invalid_reply_is_rejected_with_rasas_message(reply):
    remote = RemoteAction("action_x", None)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        remote._validate_action_result(reply)


def test_the_schema_is_checked_once_not_per_reply(monkeypatch):
    hot_paths._validate_action_result(RemoteAction("a", None), {"events": []})  # built by now
    calls = []
    monkeypatch.setattr(RemoteAction, "action_response_format_spec", staticmethod(lambda: calls.append(1) or {}))
    RemoteAction("a", None)._validate_action_result({"events": []})
    assert calls == [] and inspect.isfunction(RemoteAction._validate_action_result)
