"""Two per-message costs of Rasa 3.6.21 that do the same work on every call, done once.

Profiling the Rasa server over a long conversation (py-spy, README
"Performance") showed two pure overheads that grow with traffic, not with
anything the assistant does:

* ``Event.resolve_by_type`` walks every subclass of ``Event`` and asks
  ``inspect.isabstract`` of each, for every stored event it deserialises — a
  fifth of the server's time at message 200. The class found for a type name
  never changes, so it is remembered (unknown names still go the slow way and
  raise as before).
* ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``, which
  validates the *schema itself* against its meta-schema before checking the
  action server's reply — an eighth of the time. The validator is built once;
  the reply is checked against the same schema, with the same error.

``install()`` is idempotent and is called where the model's components are
loaded (``components/red_flag_policy.py``), so every Rasa server running this
model has it. Behaviour is unchanged; tests/unit/test_hot_paths.py checks that.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text, Type

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

_event_classes: Dict[Text, Type[Event]] = {}
_action_result_validator: Optional[Any] = None


def install() -> None:
    if getattr(Event.resolve_by_type, "cached", False):
        return
    rasa_resolve_by_type = Event.resolve_by_type

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        known = _event_classes.get(type_name)
        if known is not None:
            return known
        found = rasa_resolve_by_type(type_name, default)
        if found is not None and found.type_name == type_name:  # not the caller's default
            _event_classes[type_name] = found
        return found

    resolve_by_type.cached = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    global _action_result_validator
    if _action_result_validator is None:
        schema = RemoteAction.action_response_format_spec()
        _action_result_validator = validator_for(schema)(schema)
    error = best_match(_action_result_validator.iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error
